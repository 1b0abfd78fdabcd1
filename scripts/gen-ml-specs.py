"""Writes src/ml/specs/*.ts: facts about Spark ML classes read from an installed PySpark.

For every class the TypeScript client wraps: the Scala class name, the kind (estimator,
transformer, evaluator), the params (name, value type, PySpark default), the model class of an
estimator with its params and attributes, and the attributes of its training summary. Only names,
types and defaults are taken (facts); no code or text.

Usage: scripts/gen-ml-specs  (runs this file with the Spark 4.3 venv python)
"""
import importlib
import inspect
import json
import re
import os
import sys

os.environ["SPARK_CONNECT_MODE_ENABLED"] = "1"  # PySpark then needs no JVM to build instances

import pyspark  # noqa: E402
from pyspark.ml import Estimator, Model  # noqa: E402
from pyspark.ml.evaluation import JavaEvaluator  # noqa: E402
from pyspark.ml.param import Param  # noqa: E402
from pyspark.ml.util import RemoteModelRef  # noqa: E402

GROUPS = {
    "feature": ("feature", [
        "VectorAssembler", "StringIndexer", "OneHotEncoder", "StandardScaler", "MinMaxScaler",
        "Bucketizer", "Imputer", "Tokenizer", "HashingTF", "IDF", "PCA",
    ]),
    "classification": ("classification", [
        "LogisticRegression", "DecisionTreeClassifier", "RandomForestClassifier", "GBTClassifier",
        "NaiveBayes", "LinearSVC",
    ]),
    "regression": ("regression", [
        "LinearRegression", "DecisionTreeRegressor", "RandomForestRegressor", "GBTRegressor",
    ]),
    "clustering": ("clustering", ["KMeans", "BisectingKMeans", "GaussianMixture"]),
    "recommendation-fpm": (None, [
        ("recommendation", "ALS"), ("fpm", "FPGrowth"),
    ]),
    "evaluation": ("evaluation", [
        "BinaryClassificationEvaluator", "MulticlassClassificationEvaluator", "RegressionEvaluator",
        "ClusteringEvaluator", "RankingEvaluator", "MultilabelClassificationEvaluator",
    ]),
}

TYPES = {
    "toInt": "int", "toFloat": "double", "toString": "string", "toBoolean": "boolean",
    "toListFloat": "double[]", "toListInt": "int[]", "toListString": "string[]",
    "toListListFloat": "double[][]", "toVector": "vector", "toMatrix": "matrix",
}


def params_of(obj):
    out = {}
    cls = type(obj)
    names = sorted(x for x in dir(cls) if isinstance(getattr(cls, x, None), Param))
    for p in (getattr(obj, x) for x in names):
        t = TYPES.get(p.typeConverter.__name__)
        if t is None:
            raise SystemExit(f"{type(obj).__name__}.{p.name}: unknown converter {p.typeConverter.__name__}")
        d = obj._defaultParamMap.get(p)
        if p.name == "seed":  # a LongParam on the server: 64-bit
            t = "long"
            d = None if d is None else f"__bigint__{d}"

        if d is not None and t in ("double[]", "int[]", "string[]", "double[][]"):
            d = list(d)
        out[p.name] = [t, d] if d is not None else [t]
    return out


def kind_of_return(fn):
    ann = inspect.signature(inspect.unwrap(fn)).return_annotation
    s = ann if isinstance(ann, str) else getattr(ann, "__name__", str(ann))
    if "DataFrame" in s:
        return "frame"
    if "Matrix" in s:
        return "matrix"
    if "Vector" in s:
        return "vector"
    return "value"


def attributes(cls, skip):
    out = {}
    for name, member in inspect.getmembers(cls):
        if name.startswith("_") or name in skip:
            continue
        if isinstance(member, property) and member.fget is not None:
            out[name] = kind_of_return(member.fget)
    return out


def model_spec(est):
    model = est._create_model(RemoteModelRef("x"))
    mcls = type(model)
    params = params_of(model)
    skip = set(params) | {"params", "uid", "hasSummary", "summary", "read", "write"}
    spec = {
        "name": mcls.__name__,
        "className": mcls.__module__.replace("pyspark", "org.apache.spark") + "." + mcls.__name__,
        "params": params,
        "attributes": attributes(mcls, skip),
    }
    if hasattr(mcls, "_summaryCls"):
        try:
            summary_classes = [mcls._summaryCls.fget(model)]
        except Exception:  # LogisticRegression asks the server for numClasses: both kinds
            mod = importlib.import_module(mcls.__module__)
            summary_classes = [mod.BinaryLogisticRegressionTrainingSummary]
        attrs = {}
        for sc in summary_classes:
            attrs.update(attributes(sc, {"uid"}))
        src = inspect.getsource(mcls._summary_dataset) if "_summary_dataset" in mcls.__dict__ else ""
        spec["summary"] = {
            "dataset": "training" if "return train_dataset" in src else "transformed",
            "attributes": attrs,
        }
    return spec


def spec_of(module, name):
    mod = importlib.import_module(f"pyspark.ml.{module}")
    cls = getattr(mod, name)
    obj = cls()
    if isinstance(obj, JavaEvaluator):
        kind = "evaluator"
    elif isinstance(obj, Estimator):
        kind = "estimator"
    else:
        kind = "transformer"
    spec = {"name": name, "kind": kind, "className": obj._java_obj, "params": params_of(obj)}
    if kind == "estimator":
        spec["model"] = model_spec(obj)
    return spec


def ts_value(v):
    return json.dumps(v)


def emit(group, specs):
    lines = [
        f"// Generated by scripts/gen-ml-specs from PySpark {pyspark.__version__}: do not edit.",
        "// Names, value types and PySpark defaults of the params of each class (facts only).",
        "import type { MlClassSpec } from '../spec.js';",
        "",
    ]
    for s in specs:
        lines.append(f"export const {s['name']}Spec = {json.dumps(s, indent=2)} as const satisfies MlClassSpec;")
        lines.append("")
    text = "\n".join(lines)
    text = re.sub(r'"__bigint__(-?\d+)"', r"\1n", text)
    return text


def main():
    root = sys.argv[1]
    outdir = os.path.join(root, "src", "ml", "specs")
    os.makedirs(outdir, exist_ok=True)
    for group, (module, names) in GROUPS.items():
        specs = []
        for entry in names:
            m, n = (module, entry) if isinstance(entry, str) else entry
            specs.append(spec_of(m, n))
        with open(os.path.join(outdir, f"{group}.ts"), "w") as f:
            f.write(emit(group, specs))
        print(f"{group}: {len(specs)} classes")


main()
