"""Dumps the public API names of PySpark's Spark Connect classes, functions module and Spark ML
classes (by module) as JSON.

Run with the python of a venv that has pyspark[connect] (scripts/spark-server provisions one):
  ~/.cache/spark-connect-ts/versions/4.3.0/venv/bin/python scripts/pyspark-api.py > docs/pyspark-api.json
Only names are recorded; docs/compatibility.md is generated from them and from our code.
"""
import importlib
import inspect
import json
import warnings

warnings.filterwarnings("ignore")

import pyspark  # noqa: E402
import pyspark.sql.functions as F  # noqa: E402
from pyspark.sql.connect.catalog import Catalog  # noqa: E402
from pyspark.sql.connect.column import Column  # noqa: E402
from pyspark.sql.connect.dataframe import DataFrame  # noqa: E402
from pyspark.sql.connect.group import GroupedData  # noqa: E402
from pyspark.sql.connect.readwriter import DataFrameReader, DataFrameWriter, DataFrameWriterV2  # noqa: E402
from pyspark.sql.connect.session import SparkSession  # noqa: E402
from pyspark.sql.connect.streaming.query import StreamingQuery, StreamingQueryManager  # noqa: E402
from pyspark.sql.connect.streaming.readwriter import DataStreamReader, DataStreamWriter  # noqa: E402


def public(cls):
    return sorted(n for n in dir(cls) if not n.startswith("_"))


classes = {
    "DataFrame": DataFrame,
    "Column": Column,
    "GroupedData": GroupedData,
    "SparkSession": SparkSession,
    "Catalog": Catalog,
    "DataFrameReader": DataFrameReader,
    "DataFrameWriter": DataFrameWriter,
    "DataFrameWriterV2": DataFrameWriterV2,
    "DataStreamReader": DataStreamReader,
    "DataStreamWriter": DataStreamWriter,
    "StreamingQuery": StreamingQuery,
    "StreamingQueryManager": StreamingQueryManager,
}
# Spark ML's public classes, by module (what `__all__` exports).
ML_MODULES = ["pyspark.ml", "pyspark.ml.feature", "pyspark.ml.classification", "pyspark.ml.regression",
              "pyspark.ml.clustering", "pyspark.ml.recommendation", "pyspark.ml.fpm", "pyspark.ml.evaluation",
              "pyspark.ml.tuning", "pyspark.ml.stat", "pyspark.ml.linalg"]
ml = {}
for name in ML_MODULES:
    mod = importlib.import_module(name)
    names = getattr(mod, "__all__", None) or [  # no __all__: the public classes defined there
        n for n, c in vars(mod).items() if inspect.isclass(c) and c.__module__ == name and not n.startswith("_")
    ]
    ml[name] = sorted(n for n in names if inspect.isclass(getattr(mod, n, None)))
# Declarative pipelines: the functions of pyspark.pipelines (decorators and definitions).
import pyspark.pipelines as pipelines  # noqa: E402

functions = sorted(n for n in F.__all__ if callable(getattr(F, n, None)) and not isinstance(getattr(F, n), type))
print(
    json.dumps(
        {
            "pyspark": pyspark.__version__,
            "classes": {name: public(cls) for name, cls in classes.items()},
            "functions": functions,
            "ml": ml,
            "pipelines": sorted(pipelines.__all__),
        },
        indent=1,
    )
)
