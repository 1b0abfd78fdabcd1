"""Dumps the public API names of PySpark's Spark Connect classes and functions module as JSON.

Run with the python of a venv that has pyspark[connect] (scripts/spark-server provisions one):
  ~/.cache/spark-connect-ts/versions/4.3.0/venv/bin/python scripts/pyspark-api.py > docs/pyspark-api.json
Only names are recorded; docs/compatibility.md is generated from them and from our code.
"""
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
functions = sorted(n for n in F.__all__ if callable(getattr(F, n, None)) and not isinstance(getattr(F, n), type))
print(
    json.dumps(
        {
            "pyspark": pyspark.__version__,
            "classes": {name: public(cls) for name, cls in classes.items()},
            "functions": functions,
        },
        indent=1,
    )
)
