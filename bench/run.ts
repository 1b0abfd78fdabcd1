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
import { EXTRA_UNITS, type ExtraWorkload, markdown, type ReportRow, type Stats } from './report.js';
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

main().catch((e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
