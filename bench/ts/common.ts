/**
 * Helpers shared by the TypeScript benchmark workers (bench/ts/ours.ts, bench/ts/raw.ts): argument
 * parsing, the one-line JSON answer, CPU time and peak-RSS measurement.
 *
 * Every worker runs ONE task once and prints one JSON line on stdout:
 * `{"ok":true, ...figures}` or `{"ok":false,"error":"..."}` (`"unsupported":true` when the client
 * cannot run the task at all).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The parsed command line of a worker: `<task> --key value ...`. */
export interface WorkerArgs {
  task: string;
  remote: string;
  sql: string;
  warmupSql: string;
  rows: number;
  queries: number;
  warmup: number;
}

export function parseArgs(argv: string[]): WorkerArgs {
  const [task, ...rest] = argv;
  const kv = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const k = rest[i];
    if (!k.startsWith('--') || i + 1 >= rest.length) throw new Error(`bad argument '${k}'`);
    kv.set(k.slice(2), rest[i + 1]);
  }
  const num = (k: string, d: number) => (kv.has(k) ? Number(kv.get(k)) : d);
  return {
    task: task ?? '',
    remote: kv.get('remote') ?? 'sc://127.0.0.1:15430',
    sql: kv.get('sql') ?? 'SELECT 1',
    warmupSql: kv.get('warmup-sql') ?? '',
    rows: num('rows', 0),
    queries: num('queries', 100),
    warmup: num('warmup', 10),
  };
}

/** Prints the answer line and exits. */
export function answer(result: Record<string, unknown>): never {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(result.ok === false && result.unsupported !== true ? 1 : 0);
}

/** Runs a worker's main function, answering `{ok:false}` on any error. */
export function runWorker(main: (args: WorkerArgs) => Promise<Record<string, unknown>>): void {
  let args: WorkerArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    answer({ ok: false, error: String(e) });
  }
  main(args).then(
    (r) => answer({ ok: true, ...r }),
    (e: unknown) => answer({ ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
  );
}

/** CPU seconds (user + system, all threads) of this process so far. */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function statusKb(field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Peak-RSS tracking: on Linux the kernel's own high-water mark (VmHWM, reset through
 * /proc/self/clear_refs), elsewhere sampling (`sample()` is called by the task's loop).
 */
export class PeakRss {
  private readonly kernel: boolean;
  private peak = 0;
  readonly baseline: number;

  constructor() {
    (globalThis as { gc?: () => void }).gc?.();
    let kernel = false;
    try {
      writeFileSync('/proc/self/clear_refs', '5');
      kernel = statusKb('VmHWM') !== undefined;
    } catch {
      kernel = false;
    }
    this.kernel = kernel;
    this.baseline = kernel ? (statusKb('VmRSS') ?? 0) * 1024 : process.memoryUsage.rss();
    this.peak = this.baseline;
  }

  sample(): void {
    if (this.kernel) return;
    const r = process.memoryUsage.rss();
    if (r > this.peak) this.peak = r;
  }

  /** Peak RSS growth over the baseline, in MB (10^6 bytes). */
  growthMb(): number {
    const peak = this.kernel
      ? (statusKb('VmHWM') ?? 0) * 1024
      : Math.max(this.peak, process.memoryUsage.rss());
    return (peak - this.baseline) / 1e6;
  }
}

/** Forces a full GC when node runs with --expose-gc (the orchestrator passes it). */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Milliseconds, high resolution. */
export function nowMs(): number {
  return performance.now();
}

/** The p-th percentile (0..100) of values, nearest-rank. */
export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** The compiled library: `$SCTS_DIST` (a directory like dist/) or the repository's dist/. */
export function distDir(): string {
  return resolve(process.env.SCTS_DIST ?? join(HERE, '..', '..', 'dist'));
}

/** Imports a module of the compiled library (what users get), e.g. `distImport('index.js')`. */
export async function distImport<T>(rel: string): Promise<T> {
  return (await import(pathToFileURL(join(distDir(), rel)).href)) as T;
}

/**
 * The local rows of the upload workload, row `i` of `n`, in the same mixed schema as the query
 * workloads (see bench/workloads.ts): long, double, string (null every 10th), decimal(12,2),
 * timestamp, struct<x:int,y:double>.
 */
export const UPLOAD_DDL =
  'id BIGINT, dbl DOUBLE, str STRING, dec DECIMAL(12,2), ts TIMESTAMP, nested STRUCT<x: INT, y: DOUBLE>';

/** The upload workload's local rows (the values described at UPLOAD_DDL), built before timing. */
export function uploadRows(n: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const cents = i % 100000;
    out[i] = {
      id: BigInt(i),
      dbl: i * 1.5,
      str: i % 10 === 0 ? null : `user_${i % 100000}`,
      dec: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      ts: new Date(1_700_000_000_000 + i * 1000),
      nested: { x: i % 1000, y: i / 7 },
    };
  }
  return out;
}
