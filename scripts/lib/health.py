"""Health check of a Spark Connect server, used by scripts/spark-server.

A server is healthy only when it runs a real job: a session opens, a query over
several partitions is planned, executed and its exact result streamed back.
An open port alone proves nothing (a JVM with a stopped SparkContext, or a
frozen process, still accepts TCP connections).

Usage: python health.py PORT [VERSION]   (token from the env var SPARK_CONNECT_TS_HEALTH_TOKEN)
With a Spark VERSION (e.g. 4.0.5), the server must also report that version: a
port answered by another server (another version, or Sail) is not healthy.
Exit 0 when healthy; otherwise 1 with the reason on stderr. The caller bounds
the time with `timeout`.
"""
import os
import sys

port = int(sys.argv[1])
expected = sys.argv[2] if len(sys.argv) > 2 and not sys.argv[2].startswith("sail") else ""
token = os.environ.get("SPARK_CONNECT_TS_HEALTH_TOKEN")
# PySpark sends a token over plaintext only to the host `localhost`.
url = f"sc://localhost:{port}/;token={token}" if token else f"sc://127.0.0.1:{port}"
for name in ("SPARK_REMOTE", "SPARK_CONNECT_AUTHENTICATE_TOKEN", "SPARK_CONNECT_MODE_ENABLED"):
    os.environ.pop(name, None)

try:
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.remote(url).getOrCreate()
    try:
        if expected and spark.version != expected:
            print(f"the server on port {port} runs Spark {spark.version}, not {expected}", file=sys.stderr)
            sys.exit(1)
        # A real job with 4 tasks (a bare SELECT 1 is answered from the
        # driver's local relation without running any job).
        rows = spark.range(0, 8, 1, 4).collect()
        value = sum(r[0] for r in rows)
        if value != 28:
            print(f"unexpected result {value!r} (expected 28)", file=sys.stderr)
            sys.exit(1)
    finally:
        try:
            spark.stop()
        except Exception:
            pass
except SystemExit:
    raise
except BaseException as e:  # noqa: BLE001 - any failure means unhealthy
    msg = str(e).strip().splitlines()
    print(f"{type(e).__name__}: {msg[0] if msg else ''}"[:400], file=sys.stderr)
    sys.exit(1)
