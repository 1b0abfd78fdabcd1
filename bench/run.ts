/**
 * `npm run bench` / `npm run bench -- --quick`: runs every workload through this client, PySpark's
 * Spark Connect client, Apache's Go client and a raw baseline against one local Spark 4.3 server,
 * and writes bench/results/{latest.json, latest.md, chart.png} (quick runs: quick.*).
 *
 * Options: --quick, --runs N (runs of the light workloads), --clients a,b, --workloads w1,w2
 * (task names: latency, session_start, collect_1m, collect_5m, to_arrow_1m, stream_20m,
 * upload_1m, collect_flat_1m, collect_wide_200k, collect_columns_wide_200k), --remote sc://... (use that server instead of starting one),
 * --no-build, --keep-server, --out DIR. See bench/README.md.
 */
import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CLIENTS,
  type ClientName,
  mixedQuery,
  WORKLOADS,
  type WorkloadName,
  wideQuery,
} from './workloads.js';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const CACHE = join(BENCH, '.cache');
const SPARK_LINE = '4.3';
/** The benchmark's own server: 20M-row results need spark.driver.maxResultSize above its 1g default. */
const BENCH_PORT = Number(process.env.SPARK_CONNECT_TS_PORT_BASE ?? 15000) + 439;
const SERVER_CONFS = ['spark.driver.maxResultSize=0'];
const DRIVER_MEMORY = process.env.BENCH_DRIVER_MEMORY ?? '3g';
const WORKER_TIMEOUT_MS = 20 * 60_000;

// ---------------------------------------------------------------------------- options

interface Options {
  quick: boolean;
  runs?: number;
  clients: ClientName[];
  tasks?: string[];
  remote?: string;
  build: boolean;
  keepServer: boolean;
  out: string;
  /** Only rewrite the report (Markdown, JSON, chart) from this *-runs.json file. */
  fromRuns?: string;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    quick: false,
    clients: [...CLIENTS],
    build: true,
    keepServer: false,
    out: join(BENCH, 'results'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--runs') o.runs = Number(val());
    else if (a === '--clients') o.clients = val().split(',') as ClientName[];
    else if (a === '--workloads') o.tasks = val().split(',');
    else if (a === '--remote') o.remote = val();
    else if (a === '--no-build') o.build = false;
    else if (a === '--keep-server') o.keepServer = true;
    else if (a === '--from-runs') o.fromRuns = resolve(val());
    else if (a === '--out') o.out = resolve(val());
    else throw new Error(`unknown option '${a}' (see bench/README.md)`);
  }
  for (const c of o.clients) if (!CLIENTS.includes(c)) throw new Error(`unknown client '${c}'`);
  if (o.runs !== undefined && !(Number.isInteger(o.runs) && o.runs > 0))
    throw new Error('--runs must be a positive integer');
  return o;
}

// ---------------------------------------------------------------------------- tasks

/** One thing a worker does once; a run of it yields figures for one or more workloads. */
interface Task {
  name: string;
  worker: 'latency' | 'session_start' | 'collect' | 'collect_columns' | 'to_arrow' | 'stream' | 'upload';
  /** The clients that run it (default: every client); an API of ours alone has no counterpart. */
  clients?: readonly ClientName[];
  rows: number;
  sql?: string;
  /** The warm-up query (same shape, 50k rows); default: the mixed query. */
  warmupSql?: string;
  runs: number;
  /** workload name -> the worker answer's field holding its figure (and a scale). */
  figures: Partial<Record<WorkloadName | ExtraWorkload, { field: string; perRow?: boolean }>>;
}

/** Mixed rows without the nested column (the Go client's collect is quadratic in struct columns). */
function flatQuery(rows: number): string {
  return mixedQuery(rows).replace(/, NAMED_STRUCT\(.*\) AS nested/, '');
}

function planTasks(o: Options): { tasks: Task[]; sizes: Record<string, number>; queries: number } {
  const q = o.quick;
  const light = o.runs ?? (q ? 2 : 5);
  const heavy = o.runs !== undefined ? Math.min(o.runs, q ? 1 : 3) : q ? 1 : 3;
  const sizes = {
    collect_1m: q ? 500_000 : 1_000_000,
    collect_5m: q ? 1_000_000 : 5_000_000,
    to_arrow_1m: q ? 500_000 : 1_000_000,
    stream_20m: q ? 2_000_000 : 20_000_000,
    upload_1m: q ? 200_000 : 1_000_000,
    collect_flat_1m: q ? 500_000 : 1_000_000,
    collect_wide_200k: q ? 100_000 : 200_000,
  };
  const queries = q ? 50 : 200;
  const tasks: Task[] = [
    {
      name: 'latency',
      worker: 'latency',
      rows: 1,
      runs: light,
      figures: { latency_select1_p50: { field: 'p50_ms' }, latency_select1_p99: { field: 'p99_ms' } },
    },
    {
      name: 'session_start',
      worker: 'session_start',
      rows: 1,
      runs: q ? 3 : 7,
      figures: { session_start: { field: 'ms' } },
    },
    {
      name: 'collect_1m',
      worker: 'collect',
      rows: sizes.collect_1m,
      runs: light,
      figures: {
        collect_rows_1m: { field: 'seconds', perRow: true },
        client_cpu_collect_1m: { field: 'cpu_s' },
      },
    },
    {
      name: 'to_arrow_1m',
      worker: 'to_arrow',
      rows: sizes.to_arrow_1m,
      runs: light,
      figures: {
        to_arrow_1m: { field: 'seconds', perRow: true },
        client_cpu_to_arrow_1m: { field: 'cpu_s' },
      },
    },
    {
      name: 'collect_flat_1m',
      worker: 'collect',
      rows: sizes.collect_flat_1m,
      sql: flatQuery(sizes.collect_flat_1m),
      warmupSql: flatQuery(50_000),
      runs: heavy,
      figures: { collect_rows_1m_flat: { field: 'seconds', perRow: true } },
    },
    {
      name: 'collect_wide_200k',
      worker: 'collect',
      rows: sizes.collect_wide_200k,
      sql: wideQuery(sizes.collect_wide_200k),
      warmupSql: wideQuery(20_000),
      runs: light,
      figures: {
        collect_wide_200k: { field: 'seconds', perRow: true },
        client_cpu_collect_wide_200k: { field: 'cpu_s' },
      },
    },
    {
      name: 'collect_columns_wide_200k',
      worker: 'collect_columns',
      clients: ['spark-connect-ts'],
      rows: sizes.collect_wide_200k,
      sql: wideQuery(sizes.collect_wide_200k),
      warmupSql: wideQuery(20_000),
      runs: light,
      figures: {
        collect_columns_wide_200k: { field: 'seconds', perRow: true },
        client_cpu_collect_columns_wide_200k: { field: 'cpu_s' },
      },
    },
    {
      name: 'upload_1m',
      worker: 'upload',
      rows: sizes.upload_1m,
      runs: heavy,
      figures: { upload_1m: { field: 'seconds', perRow: true } },
    },
    {
      name: 'collect_5m',
      worker: 'collect',
      rows: sizes.collect_5m,
      runs: heavy,
      figures: { collect_rows_5m: { field: 'seconds', perRow: true } },
    },
    {
      name: 'stream_20m',
      worker: 'stream',
      rows: sizes.stream_20m,
      runs: heavy,
      figures: {
        stream_20m_rss_growth: { field: 'rss_growth_mb' },
        stream_rows_20m: { field: 'seconds', perRow: true },
        client_cpu_stream_20m: { field: 'cpu_s' },
      },
    },
  ];
  const picked = o.tasks === undefined ? tasks : tasks.filter((t) => o.tasks?.includes(t.name));
  if (o.tasks !== undefined) {
    for (const n of o.tasks) if (!tasks.some((t) => t.name === n)) throw new Error(`unknown workload '${n}'`);
  }
  return { tasks: picked, sizes, queries };
}

/** Workloads a client cannot run, with the reason (not executed: shown as n/a). */
const KNOWN_UNSUPPORTED: Partial<Record<ClientName, Record<string, string>>> = {
  go: {
    collect_1m:
      'DataFrame.Collect re-reads the whole child arrays of a struct column for every row (O(n^2)): 100k rows of this schema took 82 s',
    collect_5m: 'as collect_1m: O(n^2) in the nested column',
  },
};

// ---------------------------------------------------------------------------- preparation

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

function sh(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
}

function mustSh(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const r = sh(cmd, args, opts);
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}${r.stdout}`.trim(),
    );
  }
  return r.stdout;
}

function newerThan(target: string, sources: string[]): boolean {
  if (!existsSync(target)) return false;
  const t = statSync(target).mtimeMs;
  return sources.every((s) => !existsSync(s) || statSync(s).mtimeMs <= t);
}

/** Builds bench/go once (go build caches; skipped when the binary is newer than its sources). */
function prepareGo(): { bin?: string; reason?: string } {
  const bin = join(CACHE, 'bench-go');
  const goDir = join(BENCH, 'go');
  if (
    newerThan(
      bin,
      ['main.go', 'go.mod', 'go.sum'].map((f) => join(goDir, f)),
    )
  )
    return { bin };
  if (sh('go', ['version']).status !== 0) return { reason: 'the go toolchain is not installed' };
  log('building the Go client benchmark (bench/go) ...');
  const r = sh('go', ['build', '-o', bin, '.'], { cwd: goDir });
  if (r.status !== 0)
    return { reason: `go build failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}` };
  return { bin };
}

/** The server's venv python, with pandas/pyarrow/grpcio (and matplotlib for the chart) installed. */
function preparePython(): { python?: string; reason?: string } {
  const out = sh(join(ROOT, 'scripts', 'spark-server'), ['python', SPARK_LINE]);
  if (out.status !== 0)
    return { reason: `scripts/spark-server python ${SPARK_LINE} failed: ${out.stderr.trim()}` };
  const python = out.stdout.trim().split('\n').pop() ?? '';
  const missing = (mods: string[]) => sh(python, ['-c', `import ${mods.join(', ')}`]).status !== 0;
  if (missing(['pyspark', 'pandas', 'pyarrow', 'grpc', 'grpc_status', 'google.protobuf', 'zstandard'])) {
    const ver = sh(python, ['-c', 'import pyspark; print(pyspark.__version__)']).stdout.trim();
    log(`installing pyspark[connect]==${ver} extras into ${python} ...`);
    const r = sh(python, ['-m', 'pip', 'install', '-q', `pyspark[connect]==${ver}`]);
    if (r.status !== 0)
      return { reason: `pip install pyspark[connect] failed: ${r.stderr.trim().split('\n').pop()}` };
  }
  if (missing(['matplotlib'])) {
    log('installing matplotlib (for bench/results/chart.png) ...');
    const r = sh(python, ['-m', 'pip', 'install', '-q', 'matplotlib']);
    if (r.status !== 0)
      log(`matplotlib could not be installed; no chart: ${r.stderr.trim().split('\n').pop()}`);
  }
  return { python };
}

function startServer(): { url: string; version: string; reused: boolean } {
  log(`starting (or reusing) the benchmark's Spark ${SPARK_LINE} server on port ${BENCH_PORT} ...`);
  const args = ['start', SPARK_LINE, '--port', String(BENCH_PORT)];
  for (const c of SERVER_CONFS) args.push('--conf', c);
  const r = sh(join(ROOT, 'scripts', 'spark-server'), args, {
    env: { ...process.env, SPARK_CONNECT_TS_DRIVER_MEMORY: DRIVER_MEMORY },
  });
  if (r.status !== 0) throw new Error(`scripts/spark-server start failed:\n${r.stderr}`);
  const url = r.stdout.trim().split('\n').pop() ?? '';
  const version = r.stderr.match(/Spark (\d+\.\d+\.\d+)/)?.[1] ?? SPARK_LINE;
  return { url, version, reused: r.stderr.includes('reusing') };
}

function stopServer(): void {
  const r = sh(join(ROOT, 'scripts', 'spark-server'), ['stop', SPARK_LINE, '--port', String(BENCH_PORT)]);
  if (r.status !== 0) log(`stopping the server failed: ${r.stderr.trim()}`);
}

// ---------------------------------------------------------------------------- running

interface Answer {
  ok: boolean;
  unsupported?: boolean;
  error?: string;
  [k: string]: unknown;
}

interface Measurement {
  task: string;
  client: ClientName;
  run: number;
  load1: number;
  answer: Answer;
}

function runWorker(cmd: string[], env: NodeJS.ProcessEnv): Promise<Answer> {
  return new Promise((resolveAnswer) => {
    const child = spawn(cmd[0], cmd.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err = (err + d).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), WORKER_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolveAnswer(JSON.parse(line) as Answer);
      } catch {
        const why =
          signal === 'SIGKILL'
            ? `timed out after ${WORKER_TIMEOUT_MS / 60000} min`
            : `exit ${code ?? signal}`;
        resolveAnswer({ ok: false, error: `${why}: ${err.trim().split('\n').slice(-3).join(' | ')}` });
      }
    });
  });
}

interface Stats {
  median: number;
  min: number;
  max: number;
  runs: number;
}

function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], runs: s.length };
}

// ---------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (o.fromRuns !== undefined) {
    rewriteReport(o.fromRuns, o.out);
    return;
  }
  const started = new Date();
  const { tasks, sizes, queries } = planTasks(o);

  if (o.build) {
    log('building the library (npm run build) ...');
    mustSh('npm', ['run', '-s', 'build']);
  }
  const unavailable: Partial<Record<ClientName, string>> = {};
  const go = o.clients.includes('go') ? prepareGo() : {};
  if (o.clients.includes('go') && go.bin === undefined) unavailable.go = go.reason;
  const py = preparePython();
  if (o.clients.includes('pyspark') && py.python === undefined) unavailable.pyspark = py.reason;
  for (const [c, why] of Object.entries(unavailable)) log(`client ${c} unavailable: ${why}`);

  const server = o.remote !== undefined ? { url: o.remote, version: '', reused: true } : startServer();
  const node = [process.execPath, '--expose-gc', '--import', 'tsx'];
  const env = { ...process.env, PYTHONWARNINGS: 'ignore', SPARK_REMOTE: '' };
  const version = await runWorker(
    [...node, join(BENCH, 'ts', 'ours.ts'), 'version', '--remote', server.url],
    env,
  );
  if (!version.ok) throw new Error(`cannot reach the server ${server.url}: ${version.error}`);
  server.version = String(version.version);
  log(`server ${server.url} (Spark ${server.version})`);

  const command = (client: ClientName): string[] | undefined => {
    switch (client) {
      case 'spark-connect-ts':
        return [...node, join(BENCH, 'ts', 'ours.ts')];
      case 'raw':
        return [...node, join(BENCH, 'ts', 'raw.ts')];
      case 'pyspark':
        return py.python === undefined ? undefined : [py.python, join(BENCH, 'pyspark', 'worker.py')];
      case 'go':
        return go.bin === undefined ? undefined : [go.bin];
    }
  };

  const measurements: Measurement[] = [];
  const maxRuns = Math.max(...tasks.map((t) => t.runs));
  const warmupSql = mixedQuery(50_000);
  for (let run = 0; run < maxRuns; run++) {
    for (const task of tasks) {
      if (run >= task.runs) continue;
      // Interleaved, rotating order: drift on this shared machine hits every client alike.
      const order = o.clients.map((_, i) => o.clients[(i + run) % o.clients.length]);
      for (const client of order) {
        if (unavailable[client] !== undefined) continue;
        if (task.clients !== undefined && !task.clients.includes(client)) continue;
        const known = KNOWN_UNSUPPORTED[client]?.[task.name];
        if (known !== undefined) {
          if (run === 0)
            measurements.push({
              task: task.name,
              client,
              run,
              load1: loadavg()[0],
              answer: { ok: false, unsupported: true, error: known },
            });
          continue;
        }
        const cmd = command(client);
        if (cmd === undefined) continue;
        const args = [task.worker, '--remote', server.url, '--rows', String(task.rows)];
        if (task.worker === 'latency')
          args.push(
            '--sql',
            'SELECT 1',
            '--queries',
            String(queries),
            '--warmup',
            String(Math.ceil(queries / 10)),
          );
        if (['collect', 'collect_columns', 'to_arrow', 'stream'].includes(task.worker)) {
          args.push('--sql', task.sql ?? mixedQuery(task.rows), '--warmup-sql', task.warmupSql ?? warmupSql);
        }
        const load1 = loadavg()[0];
        const t0 = Date.now();
        const answer = await runWorker([...cmd, ...args], env);
        const took = ((Date.now() - t0) / 1000).toFixed(1);
        const brief = answer.ok
          ? JSON.stringify(answer)
          : `${answer.unsupported ? 'unsupported' : 'FAILED'}: ${answer.error}`;
        log(
          `run ${run + 1}/${task.runs} ${task.name} ${client} (${took} s, load ${load1.toFixed(2)}): ${brief}`,
        );
        measurements.push({ task: task.name, client, run, load1, answer });
      }
    }
  }

  // ---- aggregate
  const rows: ReportRow[] = [];
  for (const task of tasks) {
    for (const [workload, fig] of Object.entries(task.figures)) {
      const unit =
        workload in WORKLOADS
          ? WORKLOADS[workload as WorkloadName].unit
          : EXTRA_UNITS[workload as ExtraWorkload];
      for (const client of o.clients) {
        if (task.clients !== undefined && !task.clients.includes(client)) continue;
        const ms = measurements.filter((m) => m.task === task.name && m.client === client);
        const good = ms.filter((m) => m.answer.ok && typeof m.answer[fig.field] === 'number');
        const figure = (m: Measurement) => {
          const v = m.answer[fig.field] as number;
          return fig.perRow ? (m.answer.rows as number) / v : v;
        };
        const values = good.map(figure);
        // Ratios to ours from the same run (clients of one run ran back to back), then their median.
        const ratios: number[] = [];
        for (const m of good) {
          const mine = measurements.find(
            (x) => x.task === task.name && x.client === 'spark-connect-ts' && x.run === m.run && x.answer.ok,
          );
          if (mine !== undefined && typeof mine.answer[fig.field] === 'number')
            ratios.push(figure(m) / figure(mine));
        }
        const bad = ms.find((m) => !m.answer.ok);
        const note =
          unavailable[client] ??
          (bad ? `${bad.answer.unsupported ? 'not supported' : 'failed'}: ${bad.answer.error}` : undefined);
        rows.push({
          workload,
          client,
          unit,
          stats: values.length > 0 ? stats(values) : undefined,
          ratio: ratios.length > 0 ? stats(ratios) : undefined,
          note: values.length > 0 ? undefined : (note ?? 'not run'),
        });
      }
    }
  }

  const loads = measurements.map((m) => m.load1);
  const env1 = {
    started: started.toISOString(),
    finished: new Date().toISOString(),
    quick: o.quick,
    sizes,
    latencyQueries: queries,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '',
      memGb: Math.round(totalmem() / 1e9),
      node: process.version,
    },
    loadAverage1m: { min: Math.min(...loads), median: stats(loads).median, max: Math.max(...loads) },
  };
  const json = issueJson(server.version, rows);
  mkdirSync(o.out, { recursive: true });
  const base = o.quick ? 'quick' : 'latest';
  writeFileSync(join(o.out, `${base}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(
    join(o.out, `${base}-runs.json`),
    `${JSON.stringify({ server: server.version, environment: env1, rows, measurements }, null, 2)}\n`,
  );
  writeFileSync(join(o.out, `${base}.md`), markdown(server.version, rows, env1));
  log(`wrote ${join(o.out, `${base}.json`)}, ${base}.md, ${base}-runs.json`);
  if (py.python !== undefined) {
    const r = sh(py.python, [
      join(BENCH, 'chart.py'),
      join(o.out, `${base}-runs.json`),
      join(o.out, o.quick ? 'quick-chart.png' : 'chart.png'),
    ]);
    if (r.status === 0) log(r.stdout.trim());
    else log(`chart failed: ${r.stderr.trim().split('\n').pop()}`);
  }
  if (!server.reused && !o.keepServer) {
    log(`stopping the benchmark server (port ${BENCH_PORT}); --keep-server keeps it for the next run`);
    stopServer();
  }
  process.stdout.write(readFileSync(join(o.out, `${base}.md`), 'utf8'));
}

/** `--from-runs`: the Markdown, JSON and chart again from a *-runs.json file (no measuring). */
function rewriteReport(file: string, out: string): void {
  const runs = JSON.parse(readFileSync(file, 'utf8')) as {
    server: string;
    environment: { quick: boolean; [k: string]: unknown };
    rows: ReportRow[];
  };
  const base = runs.environment.quick ? 'quick' : 'latest';
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${base}.json`), `${JSON.stringify(issueJson(runs.server, runs.rows), null, 2)}\n`);
  writeFileSync(join(out, `${base}.md`), markdown(runs.server, runs.rows, runs.environment));
  const py = preparePython();
  if (py.python !== undefined) {
    const chart = join(out, runs.environment.quick ? 'quick-chart.png' : 'chart.png');
    const r = sh(py.python, [join(BENCH, 'chart.py'), file, chart]);
    log(r.status === 0 ? r.stdout.trim() : `chart failed: ${r.stderr.trim().split('\n').pop()}`);
  }
  log(`rewrote ${join(out, `${base}.md`)} and ${base}.json from ${file}`);
}

/** latest.json in the issue's shape: the issue's workloads only. */
function issueJson(server: string, rows: ReportRow[]) {
  return {
    server,
    results: rows
      .filter((r) => r.workload in WORKLOADS && r.stats !== undefined)
      .map((r) => ({ workload: r.workload, client: r.client, unit: r.unit, ...r.stats })),
  };
}

// ---------------------------------------------------------------------------- report

function fmt(v: number, unit: string): string {
  if (unit === 'rows/s') return v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : `${Math.round(v / 1e3)}k`;
  if (unit === 'ms') return v >= 100 ? v.toFixed(0) : v.toFixed(1);
  if (unit === 'MB') return v.toFixed(0);
  return v.toFixed(2);
}

interface ReportRow {
  workload: string;
  client: ClientName;
  unit: string;
  stats?: Stats;
  /** The client's figure divided by ours, per run (same run), summarised. */
  ratio?: Stats;
  note?: string;
}

/** Figures of the Markdown table that latest.json (the issue's fixed list) does not carry. */
type ExtraWorkload =
  | 'collect_rows_1m_flat'
  | 'stream_rows_20m'
  | 'client_cpu_to_arrow_1m'
  | 'client_cpu_stream_20m'
  | 'client_cpu_collect_wide_200k'
  | 'collect_columns_wide_200k'
  | 'client_cpu_collect_columns_wide_200k';

const EXTRA_LABELS: Record<ExtraWorkload, { label: string; higherIsBetter: boolean }> = {
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
const EXTRA_UNITS: Record<ExtraWorkload, string> = {
  collect_rows_1m_flat: 'rows/s',
  stream_rows_20m: 'rows/s',
  client_cpu_to_arrow_1m: 'CPU s',
  client_cpu_stream_20m: 'CPU s',
  client_cpu_collect_wide_200k: 'CPU s',
  collect_columns_wide_200k: 'rows/s',
  client_cpu_collect_columns_wide_200k: 'CPU s',
};

function markdown(server: string, rows: ReportRow[], env: { [k: string]: unknown }): string {
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
function higherIsBetter(w: string): boolean | undefined {
  return w in WORKLOADS
    ? WORKLOADS[w as WorkloadName].higherIsBetter
    : EXTRA_LABELS[w as ExtraWorkload]?.higherIsBetter;
}

/** The targets of issue 11 (bench/README.md), each met or MISSED with the figures behind it. */
function targets(rows: ReportRow[]): string[] {
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

main().catch((e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
