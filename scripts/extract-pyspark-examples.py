#!/usr/bin/env python3
"""Extracts the doctest examples of PySpark's docstrings, with their expected output, to JSON.

Run it with the venv python of a Spark line (the pyspark under test):

    $(scripts/spark-server python 4.1) scripts/extract-pyspark-examples.py [module ...]

Modules default to the five the conformance suite runs (functions, column, dataframe, group,
window). For each module it writes test/conformance/examples-<module>.json (the `pyspark.sql.`
prefix dropped): the pyspark version, the doctest option flags PySpark's own doctest runner
enables for the module, and per docstring (by its qualified name, in the order doctest runs them)
the ordered examples: source, expected output (empty for a setup line such as an import or an
assignment), the expected exception if any, the example's own doctest directives, and its line.

Only facts are stored (Spark's examples and the output Spark documents for them). The module is
imported and its docstrings parsed with the standard library's doctest parser; no example is run.
"""

import doctest
import importlib
import json
import os
import sys

import pyspark

DEFAULT_MODULES = [
    "pyspark.sql.functions.builtin",
    "pyspark.sql.column",
    "pyspark.sql.dataframe",
    "pyspark.sql.group",
    "pyspark.sql.window",
]

# What each module's own `_test()` passes to doctest.testmod (read from the pyspark sources:
# functions/builtin.py, dataframe.py, column.py, group.py and window.py all enable these two).
RUNNER_FLAGS = ["ELLIPSIS", "NORMALIZE_WHITESPACE"]

FLAG_NAMES = {v: k for k, v in doctest.OPTIONFLAGS_BY_NAME.items()}


def directives(example: doctest.Example) -> dict:
    """The example's own `# doctest: +FLAG` / `-FLAG` directives, by flag name."""
    return {FLAG_NAMES[flag]: on for flag, on in sorted(example.options.items())}


def extract(module_name: str) -> dict:
    module = importlib.import_module(module_name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    tests = finder.find(module, module_name)
    # doctest.testmod runs the docstrings in name order, on one session: keep that order, as the
    # state one docstring leaves (a cached plan, a temporary view) can matter to the next.
    tests.sort()
    docstrings = []
    for test in tests:
        if not test.examples:
            continue
        name = test.name[len(module_name) + 1 :] if test.name != module_name else "<module>"
        docstrings.append(
            {
                "name": name,
                "examples": [
                    {
                        "source": ex.source.rstrip("\n"),
                        "want": ex.want,
                        "exception": ex.exc_msg,
                        "options": directives(ex),
                        "line": ex.lineno,
                    }
                    for ex in test.examples
                ],
            }
        )
    return {
        "module": module_name,
        "pyspark": pyspark.__version__,
        "optionflags": RUNNER_FLAGS,
        "docstrings": docstrings,
    }


def main() -> None:
    modules = sys.argv[1:] or DEFAULT_MODULES
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = os.path.join(root, "test", "conformance")
    os.makedirs(out_dir, exist_ok=True)
    for module_name in modules:
        data = extract(module_name)
        short = module_name.removeprefix("pyspark.sql.").removeprefix("pyspark.")
        path = os.path.join(out_dir, f"examples-{short}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)
            f.write("\n")
        n = sum(len(d["examples"]) for d in data["docstrings"])
        want = sum(1 for d in data["docstrings"] for e in d["examples"] if e["want"] or e["exception"])
        print(f"{path}: {len(data['docstrings'])} docstrings, {n} examples, {want} with expected output")


if __name__ == "__main__":
    main()
