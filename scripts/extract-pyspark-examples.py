#!/usr/bin/env python3
"""Extracts the doctest examples of PySpark's docstrings, with their expected output, to JSON.

Run it with the venv python of a Spark line (the pyspark under test):

    $(scripts/spark-server python 4.1) scripts/extract-pyspark-examples.py [module ...]

Modules default to pyspark.sql.functions.builtin. For each module it writes
test/conformance/examples-<module>.json: the pyspark version, the doctest option flags that
PySpark's own doctest runner enables for the module, and per docstring (by its qualified name, in
source order) the ordered examples: source, expected output (empty for a setup line such as an
import or an assignment), the example's own doctest directives, and its line in the docstring.

Only facts are stored (Spark's examples and the output Spark documents for them); the module is
parsed with the standard library's doctest parser, nothing is executed.
"""

import doctest
import importlib
import json
import os
import sys

import pyspark

DEFAULT_MODULES = ["pyspark.sql.functions.builtin"]

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
    # The finder sorts by name; keep the source order (line numbers) as a reader expects.
    tests.sort(key=lambda t: (t.lineno if t.lineno is not None else 0, t.name))
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
