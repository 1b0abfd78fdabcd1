/**
 * The benchmark's report: the Markdown table of bench/results/*.md (medians, ranges, per-run
 * ratios to spark-connect-ts) and the targets of issue 11, each met or MISSED with its figures.
 */
import { type ClientName, WORKLOADS, type WorkloadName } from './workloads.js';

export interface Stats {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function fmt(v: number, unit: string): string {
  if (unit === 'rows/s') return v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : `${Math.round(v / 1e3)}k`;
  if (unit === 'ms') return v >= 100 ? v.toFixed(0) : v.toFixed(1);
  if (unit === 'MB') return v.toFixed(0);
  return v.toFixed(2);
}

export interface ReportRow {
  workload: string;
  client: ClientName;
  unit: string;
  stats?: Stats;
  /** The client's figure divided by ours, per run (same run), summarised. */
  ratio?: Stats;
  note?: string;
}

/** Figures of the Markdown table that latest.json (the issue's fixed list) does not carry. */
export type ExtraWorkload =
  | 'collect_rows_1m_flat'
  | 'stream_rows_20m'
  | 'client_cpu_to_arrow_1m'
  | 'client_cpu_stream_20m'
  | 'client_cpu_collect_wide_200k'
  | 'collect_columns_wide_200k'
  | 'client_cpu_collect_columns_wide_200k';

export const EXTRA_LABELS: Record<ExtraWorkload, { label: string; higherIsBetter: boolean }> = {
  collect_rows_1m_flat: { label: 'collect() 1M rows without the nested column', higherIsBetter: true },
  stream_rows_20m: { label: 'Streaming 20M rows: throughput', higherIsBetter: true },
  client_cpu_to_arrow_1m: { label: 'Client CPU time of toArrow() 1M', higherIsBetter: false },
  client_cpu_stream_20m: { label: 'Client CPU time of streaming 20M rows', higherIsBetter: false },
  client_cpu_collect_wide_200k: {
    label: 'Client CPU time of collect() 200k wide rows',
    higherIsBetter: false,
  },
  collect_columns_wide_200k: {
    label: 'collectColumns() 200k wide rows (typed arrays per column; ours only)',
    higherIsBetter: true,
  },
  client_cpu_collect_columns_wide_200k: {
    label: 'Client CPU time of collectColumns() 200k wide rows',
    higherIsBetter: false,
  },
};

/** Units of the extra figures (the issue's workloads have theirs in WORKLOADS). */
export const EXTRA_UNITS: Record<ExtraWorkload, string> = {
  collect_rows_1m_flat: 'rows/s',
  stream_rows_20m: 'rows/s',
  client_cpu_to_arrow_1m: 'CPU s',
  client_cpu_stream_20m: 'CPU s',
  client_cpu_collect_wide_200k: 'CPU s',
  collect_columns_wide_200k: 'rows/s',
  client_cpu_collect_columns_wide_200k: 'CPU s',
};

export function markdown(server: string, rows: ReportRow[], env: { [k: string]: unknown }): string {
  const get = (w: string, c: ClientName) => rows.find((r) => r.workload === w && r.client === c);
  const workloads = [...new Set(rows.map((r) => r.workload))];
  const clients = [...new Set(rows.map((r) => r.client))];
  const lines: string[] = [];
  const e = env as {
    started: string;
    quick: boolean;
    sizes: Record<string, number>;
    latencyQueries: number;
    machine: { cpus: number; cpuModel: string; memGb: number; node: string };
    loadAverage1m: { min: number; median: number; max: number };
  };
  lines.push(`# Spark Connect client benchmark${e.quick ? ' (quick run: reduced sizes)' : ''}`);
  lines.push('');
  lines.push(
    `Spark ${server} (local[2]), ${e.started.slice(0, 16).replace('T', ' ')} UTC, ${e.machine.cpus} cores (${e.machine.cpuModel}), ${e.machine.memGb} GB, Node ${e.machine.node}. ` +
      `Load average (1 min) during the run: median ${e.loadAverage1m.median.toFixed(2)}, ${e.loadAverage1m.min.toFixed(2)}–${e.loadAverage1m.max.toFixed(2)}.`,
  );
  if (e.quick)
    lines.push(
      `Sizes: ${Object.entries(e.sizes)
        .map(([k, v]) => `${k} = ${v.toLocaleString('en')} rows`)
        .join(', ')}.`,
    );
  lines.push('');
  lines.push(
    'Each cell: median (min–max over runs) and, in brackets, the median over runs of the ratio of the figure to spark-connect-ts from the same run (clients of one run are measured back to back).',
  );
  lines.push('');
  lines.push(`| Workload | unit | ${clients.join(' | ')} |`);
  lines.push(`| --- | --- | ${clients.map(() => '---').join(' | ')} |`);
  for (const w of workloads) {
    const meta = w in WORKLOADS ? WORKLOADS[w as WorkloadName] : EXTRA_LABELS[w as ExtraWorkload];
    const unit = rows.find((r) => r.workload === w)?.unit ?? '';
    const cells = clients.map((c) => {
      const r = get(w, c);
      if (r?.stats === undefined) return 'n/a';
      const s = r.stats;
      const ratio =
        r.ratio !== undefined && c !== 'spark-connect-ts' ? ` [×${r.ratio.median.toFixed(2)}]` : '';
      return `**${fmt(s.median, unit)}** (${fmt(s.min, unit)}–${fmt(s.max, unit)})${ratio}`;
    });
    lines.push(
      `| ${meta.label} (\`${w}\`, ${meta.higherIsBetter ? 'higher' : 'lower'} is better) | ${unit} | ${cells.join(' | ')} |`,
    );
  }
  lines.push('');
  const notes = rows.filter((r) => r.stats === undefined && r.note !== undefined);
  if (notes.length > 0) {
    lines.push('n/a:');
    const seen = new Set<string>();
    for (const r of notes) {
      const key = `${r.client}: ${r.note}`;
      if (seen.has(key)) continue;
      seen.add(key);
      lines.push(
        `- ${r.client}, ${[...new Set(notes.filter((n) => n.client === r.client && n.note === r.note).map((n) => `\`${n.workload}\``))].join(', ')}: ${r.note}`,
      );
    }
    lines.push('');
  }
  lines.push('## Targets');
  lines.push('');
  for (const t of targets(rows)) lines.push(`- ${t}`);
  lines.push('');
  return `${lines.join('\n')}\n`;
}

/** Higher is better for this workload (a figure of the table or an extra row). */
export function higherIsBetter(w: string): boolean | undefined {
  return w in WORKLOADS
    ? WORKLOADS[w as WorkloadName].higherIsBetter
    : EXTRA_LABELS[w as ExtraWorkload]?.higherIsBetter;
}

/** The targets of issue 11 (bench/README.md), each met or MISSED with the figures behind it. */
export function targets(rows: ReportRow[]): string[] {
  const m = (w: string, c: ClientName) => rows.find((r) => r.workload === w && r.client === c)?.stats?.median;
  const out: string[] = [];
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  /** How many times better ours is than `c` (same-run ratios when there are some): at least `want`. */
  const factorLine = (label: string, w: string, c: ClientName, want: number) => {
    const ours = m(w, 'spark-connect-ts');
    const other = m(w, c);
    if (ours === undefined || other === undefined) return `${label}: not measured`;
    const unit = rows.find((r) => r.workload === w)?.unit ?? '';
    // The per-run ratio is the other's figure / ours; else the ratio of the medians.
    const perRun = rows.find((r) => r.workload === w && r.client === c)?.ratio?.median ?? other / ours;
    const factor = higherIsBetter(w) === false ? perRun : 1 / perRun;
    return (
      `${label}: ${verdict(factor >= want)} (ours ${fmt(ours, unit)} ${unit} vs ${fmt(other, unit)}; ` +
      `ours is ${factor.toFixed(2)}× as good as ${c} in the same runs, wanted ${want}×)`
    );
  };
  const atMost = (label: string, w: string, max: number, unit: string) => {
    const ours = m(w, 'spark-connect-ts');
    return ours === undefined
      ? `${label}: not measured`
      : `${label}: ${verdict(ours <= max)} (${ours.toFixed(2)} ${unit})`;
  };
  out.push(factorLine('toArrow() 1M ≥ 1.3× PySpark', 'to_arrow_1m', 'pyspark', 1.3));
  out.push(factorLine('toArrow() 1M ahead of Go', 'to_arrow_1m', 'go', 1));
  out.push(factorLine('collect() 1M ≥ 6× PySpark', 'collect_rows_1m', 'pyspark', 6));
  out.push(atMost('client CPU of collect() 1M ≤ 1.2 s', 'client_cpu_collect_1m', 1.2, 's'));
  out.push(factorLine('collect() 200k wide rows ≥ 3× PySpark', 'collect_wide_200k', 'pyspark', 3));
  for (const p of ['p50', 'p99']) {
    const w = `latency_select1_${p}`;
    out.push(factorLine(`SELECT 1 ${p} ≤ Go's`, w, 'go', 1));
    out.push(factorLine(`SELECT 1 ${p} ≤ 0.8× PySpark's`, w, 'pyspark', 1.25));
  }
  out.push(factorLine("session start ≤ Go's", 'session_start', 'go', 1));
  out.push(factorLine('streaming 20M ≥ 60% of the raw stream', 'stream_rows_20m', 'raw', 0.6));
  const rss = m('stream_20m_rss_growth', 'spark-connect-ts');
  out.push(
    rss === undefined
      ? 'streaming 20M peak RSS growth < 100 MB: not measured'
      : `streaming 20M peak RSS growth < 100 MB: ${verdict(rss < 100)} (${rss.toFixed(0)} MB)`,
  );
  out.push(factorLine("upload 1M ≥ PySpark's", 'upload_1m', 'pyspark', 1));
  const behind: string[] = [];
  let compared = 0;
  for (const w of new Set(rows.map((r) => r.workload))) {
    const ours = m(w, 'spark-connect-ts');
    const go = m(w, 'go');
    if (ours === undefined || go === undefined) continue;
    compared++;
    const higher = higherIsBetter(w);
    // Go's figure / ours, per run (same run) when available, else the ratio of the medians.
    const ratio = rows.find((r) => r.workload === w && r.client === 'go')?.ratio?.median ?? go / ours;
    if (higher ? ratio > 1 : ratio < 1) {
      behind.push(
        `${w} (ours ${ours.toPrecision(3)}, Go ${go.toPrecision(3)}; Go/ours in the same runs ${ratio.toFixed(2)})`,
      );
    }
  }
  out.push(
    `ahead of Go wherever it runs (${compared} workloads): ${behind.length === 0 ? 'met' : `MISSED on ${behind.join(', ')}`}`,
  );
  return out;
}
