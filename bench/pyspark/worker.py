"""Benchmark worker for PySpark's Spark Connect client (pyspark[connect]).

Runs one task once and prints one JSON line on stdout, like the TypeScript workers
(bench/ts/common.ts):

    python bench/pyspark/worker.py collect --remote sc://127.0.0.1:15430 --sql "..." --rows 1000000

Tasks: session_start, latency, collect, to_arrow, stream, upload.
"""

import datetime
import gc
import json
import math
import os
import resource
import sys
import time
from decimal import Decimal


def parse_args(argv):
    task, rest = argv[0], argv[1:]
    kv = {}
    for i in range(0, len(rest), 2):
        if not rest[i].startswith("--") or i + 1 >= len(rest):
            raise ValueError(f"bad argument {rest[i]!r}")
        kv[rest[i][2:]] = rest[i + 1]
    return {
        "task": task,
        "remote": kv.get("remote", "sc://127.0.0.1:15430"),
        "sql": kv.get("sql", "SELECT 1"),
        "warmup_sql": kv.get("warmup-sql", ""),
        "rows": int(kv.get("rows", "0")),
        "queries": int(kv.get("queries", "100")),
        "warmup": int(kv.get("warmup", "10")),
    }


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def status_kb(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class PeakRss:
    """Peak RSS growth: the kernel's high-water mark (reset via clear_refs), else ru_maxrss."""

    def __init__(self):
        gc.collect()
        try:
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
            self.kernel = status_kb("VmHWM") is not None
        except OSError:
            self.kernel = False
        if self.kernel:
            self.baseline = status_kb("VmRSS") * 1024
        else:
            self.baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    def growth_mb(self):
        if self.kernel:
            peak = status_kb("VmHWM") * 1024
        else:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        return (peak - self.baseline) / 1e6


def percentile(values, p):
    s = sorted(values)
    rank = math.ceil(p / 100 * len(s))
    return s[min(len(s) - 1, max(0, rank - 1))]


UPLOAD_DDL = (
    "id BIGINT, dbl DOUBLE, str STRING, dec DECIMAL(12,2), ts TIMESTAMP, nested STRUCT<x: INT, y: DOUBLE>"
)


def upload_rows(n):
    """The upload workload's local rows: the same values as bench/ts/ours.ts uploadRows."""
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    out = []
    for i in range(n):
        cents = i % 100000
        out.append(
            (
                i,
                i * 1.5,
                None if i % 10 == 0 else f"user_{i % 100000}",
                Decimal(cents).scaleb(-2),
                epoch + datetime.timedelta(milliseconds=1_700_000_000_000 + i * 1000),
                (i % 1000, i / 7),
            )
        )
    return out


def check(n, expected):
    if expected > 0 and n != expected:
        raise RuntimeError(f"expected {expected} rows, got {n}")


def run(a):
    from pyspark.sql import SparkSession

    def connect():
        return SparkSession.builder.remote(a["remote"]).create()

    if a["task"] == "session_start":
        gc.collect()
        t0 = time.perf_counter()
        spark = connect()
        rows = spark.sql("SELECT 1").collect()
        ms = (time.perf_counter() - t0) * 1000
        assert len(rows) == 1
        spark.stop()
        return {"ms": ms}

    spark = connect()
    try:
        task = a["task"]
        if task == "latency":
            for _ in range(a["warmup"]):
                spark.sql(a["sql"]).collect()
            times = []
            for _ in range(a["queries"]):
                t0 = time.perf_counter()
                spark.sql(a["sql"]).collect()
                times.append((time.perf_counter() - t0) * 1000)
            return {"p50_ms": percentile(times, 50), "p99_ms": percentile(times, 99), "n": len(times)}
        if task in ("collect", "to_arrow"):
            if a["warmup_sql"]:
                w = spark.sql(a["warmup_sql"])
                w.collect() if task == "collect" else w.toArrow()
            df = spark.sql(a["sql"])
            gc.collect()
            c0 = cpu_seconds()
            t0 = time.perf_counter()
            if task == "collect":
                n = len(df.collect())
            else:
                n = df.toArrow().num_rows
            seconds = time.perf_counter() - t0
            cpu = cpu_seconds() - c0
            check(n, a["rows"])
            return {"seconds": seconds, "cpu_s": cpu, "rows": n}
        if task == "stream":
            if a["warmup_sql"]:
                for _ in spark.sql(a["warmup_sql"]).toLocalIterator():
                    pass
            df = spark.sql(a["sql"])
            peak = PeakRss()
            c0 = cpu_seconds()
            t0 = time.perf_counter()
            n = 0
            for row in df.toLocalIterator():
                if len(row) != 6:
                    raise RuntimeError("bad row")
                n += 1
            seconds = time.perf_counter() - t0
            check(n, a["rows"])
            return {"seconds": seconds, "cpu_s": cpu_seconds() - c0, "rss_growth_mb": peak.growth_mb(), "rows": n}
        if task == "upload":
            data = upload_rows(a["rows"])
            gc.collect()
            t0 = time.perf_counter()
            n = spark.createDataFrame(data, schema=UPLOAD_DDL).count()
            seconds = time.perf_counter() - t0
            check(n, a["rows"])
            return {"seconds": seconds, "rows": n}
        raise ValueError(f"unknown task {task!r}")
    finally:
        spark.stop()


def main():
    try:
        a = parse_args(sys.argv[1:])
        result = {"ok": True, **run(a)}
        code = 0
    except Exception as e:  # noqa: BLE001 - every failure becomes the answer line
        result = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        code = 1
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
