"""Draws bench/results/chart.png from a *-runs.json file written by bench/run.ts.

    python bench/chart.py bench/results/latest-runs.json bench/results/chart.png

One panel per workload: each client's median as a bar, min-max as an error bar, "n/a" where
the client does not run the workload. Needs matplotlib (bench/run.ts installs it into the
PySpark venv).
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ORDER = [
    ("collect_rows_1m", "collect() 1M rows", "rows/s", True),
    ("collect_rows_5m", "collect() 5M rows", "rows/s", True),
    ("collect_wide_200k", "collect() 200k wide rows (40 cols)", "rows/s", True),
    ("to_arrow_1m", "toArrow() 1M rows", "rows/s", True),
    ("client_cpu_collect_1m", "client CPU, collect() 1M", "CPU s", False),
    ("latency_select1_p50", "SELECT 1 latency p50", "ms", False),
    ("latency_select1_p99", "SELECT 1 latency p99", "ms", False),
    ("session_start", "session start", "ms", False),
    ("stream_20m_rss_growth", "stream 20M rows: peak RSS growth", "MB", False),
    ("upload_1m", "createDataFrame 1M rows + count", "rows/s", True),
]
CLIENTS = ["spark-connect-ts", "pyspark", "go", "raw"]
COLORS = {"spark-connect-ts": "#3178c6", "pyspark": "#e8a33d", "go": "#00add8", "raw": "#9a9a9a"}


def main(src, dst):
    with open(src) as f:
        data = json.load(f)
    rows = {(r["workload"], r["client"]): r for r in data["rows"]}
    env = data["environment"]
    fig, axes = plt.subplots(4, 3, figsize=(15, 14.5))
    for ax in list(axes.flat)[len(ORDER):]:
        ax.axis("off")
    for ax, (workload, title, unit, higher) in zip(axes.flat, ORDER):
        names, medians, lo, hi = [], [], [], []
        for c in CLIENTS:
            r = rows.get((workload, c))
            if r is None:
                continue
            names.append(c)
            s = r.get("stats")
            if s is None:
                medians.append(0)
                lo.append(0)
                hi.append(0)
            else:
                medians.append(s["median"])
                lo.append(s["median"] - s["min"])
                hi.append(s["max"] - s["median"])
        if not any(rows[(workload, n)].get("stats") for n in names):
            ax.set_title(title, fontsize=10)
            ax.text(0.5, 0.5, "not run", ha="center", va="center", transform=ax.transAxes, color="#777")
            ax.set_xticks([])
            ax.set_yticks([])
            continue
        scale, suffix = (1e6, "M rows/s") if unit == "rows/s" else (1, unit)
        vals = [m / scale for m in medians]
        bars = ax.bar(
            names,
            vals,
            yerr=[[v / scale for v in lo], [v / scale for v in hi]],
            color=[COLORS[n] for n in names],
            capsize=4,
        )
        top = max([v + h / scale for v, h in zip(vals, hi)] + [1e-9])
        for b, v, n in zip(bars, vals, names):
            label = "n/a" if rows[(workload, n)].get("stats") is None else f"{v:.3g}"
            ax.text(b.get_x() + b.get_width() / 2, v + top * 0.02, label, ha="center", va="bottom", fontsize=9)
        ax.set_title(f"{title}\n({'higher' if higher else 'lower'} is better)", fontsize=10)
        ax.set_ylabel(suffix)
        ax.set_ylim(0, top * 1.15)
        ax.tick_params(axis="x", labelsize=8)
    quick = " (quick run, reduced sizes)" if env.get("quick") else ""
    load = env["loadAverage1m"]
    fig.suptitle(
        f"Spark Connect clients against Spark {data['server']}{quick}: median, min-max over runs\n"
        f"{env['machine']['cpus']} cores, load average {load['median']:.1f} (1 min, median during the run)",
        fontsize=12,
    )
    fig.tight_layout()
    fig.savefig(dst, dpi=80)
    print(f"wrote {dst}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
