/**
 * Helpers of the cluster tier: a small Spark standalone cluster per version (a master, 2 workers of
 * 1 core, the Connect server as the driver, so executors are separate JVMs), started by
 * scripts/spark-server with confs that force reattach, one cluster at a time; and a gate that holds
 * the tasks of a query until the test has seen (and possibly killed) the executors running them.
 *
 * Ports: SPARK_TEST_CLUSTER_PORT_BASE (default SPARK_CONNECT_TS_PORT_BASE + 800 = 15800) + 10 per version line; each cluster uses its
 * port (Connect), +1 (master RPC) and +2 (master web UI / JSON).
 * Versions: SPARK_TEST_CLUSTER_VERSIONS, else 3.5 and the newest 4.x line of SPARK_TEST_VERSIONS.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { portBase, SERVER_SCRIPT, testVersions } from '../support/servers.js';

const run = promisify(execFile);

/** Server confs that make every ExecutePlan stream end after 1 s or 64 KiB (many reattaches). */
export const CLUSTER_REATTACH_CONF: Record<string, string> = {
  'spark.connect.execute.reattachable.senderMaxStreamDuration': '1s',
  'spark.connect.execute.reattachable.senderMaxStreamSize': '65536',
};

export const WORKERS = 2;
export const WORKER_CORES = 1;

const LINE_OFFSETS: Record<string, number> = { '3.5': 0, '4.0': 10, '4.1': 20, '4.2': 30, '4.3': 40 };

function line(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/** The first port of the cluster and table-format tiers. */
export function tierPortBase(): number {
  const env = process.env.SPARK_TEST_CLUSTER_PORT_BASE;
  if (env === undefined || env.trim() === '') return portBase() + 800;
  const n = Number(env);
  if (!Number.isInteger(n) || n < 1024 || n > 64000) {
    throw new Error(`SPARK_TEST_CLUSTER_PORT_BASE must be an integer in 1024..64000, got '${env}'`);
  }
  return n;
}

/** The Connect port of a version's cluster (3.5 -> base, 4.3 -> base + 40, newer -> base + 50..70). */
export function clusterPort(version: string): number {
  const l = line(version);
  const known = LINE_OFFSETS[l];
  if (known !== undefined) return tierPortBase() + known;
  const minor = Number(l.split('.')[1] ?? 0);
  return tierPortBase() + 50 + (minor % 3) * 10;
}

function newer(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  }
  return false;
}

/** The versions of the cluster tier; fails loudly when there is none. */
export function clusterVersions(): string[] {
  const env = process.env.SPARK_TEST_CLUSTER_VERSIONS;
  let versions: string[];
  if (env !== undefined && env.trim() !== '') {
    versions = env
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
  } else {
    const all = testVersions().filter((v) => v !== 'sail' && !v.startsWith('sail-'));
    const newest4 = all
      .filter((v) => v.startsWith('4.'))
      .reduce<string | undefined>((best, v) => (best === undefined || newer(v, best) ? v : best), undefined);
    versions = [...all.filter((v) => line(v) === '3.5').slice(0, 1), ...(newest4 ? [newest4] : [])];
  }
  if (versions.length === 0) {
    throw new Error(
      'No Spark versions for the cluster tier (SPARK_TEST_VERSIONS has neither 3.5 nor a 4.x line): cluster tests need real clusters',
    );
  }
  return versions;
}

/** Starts (or reuses) the cluster of a version; returns its Connect URL. */
export async function startCluster(version: string, conf: Record<string, string> = {}): Promise<string> {
  const args = [
    'start',
    version,
    '--port',
    String(clusterPort(version)),
    '--workers',
    String(WORKERS),
    '--worker-cores',
    String(WORKER_CORES),
    '--worker-memory',
    '1g',
  ];
  for (const [k, v] of Object.entries({ ...CLUSTER_REATTACH_CONF, ...conf }))
    args.push('--conf', `${k}=${v}`);
  const { stdout } = await run(SERVER_SCRIPT, args, { maxBuffer: 16 * 1024 * 1024, timeout: 1_500_000 });
  const url = stdout.trim().split('\n').pop()?.trim() ?? '';
  if (!url.startsWith('sc://'))
    throw new Error(`spark-server start ${version} --workers printed no URL:\n${stdout}`);
  return url;
}

/** Stops the cluster of a version (driver, workers, executors, master). */
export async function stopCluster(version: string): Promise<void> {
  await run(SERVER_SCRIPT, ['stop', version, '--port', String(clusterPort(version))], { timeout: 180_000 });
}

function cacheDir(): string {
  return process.env.SPARK_CONNECT_TS_CACHE ?? join(homedir(), '.cache', 'spark-connect-ts');
}

/** The pid of the Connect server (the driver) of a version's cluster, from spark-server's state. */
export async function driverPid(version: string): Promise<number> {
  const state = await readFile(join(cacheDir(), 'state', `${clusterPort(version)}.state`), 'utf8');
  const pid = Number(/^pid=(\d+)$/m.exec(state)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0)
    throw new Error(`no driver pid recorded for port ${clusterPort(version)}`);
  return pid;
}

/** The command line of a process ('' when it is gone). */
export async function cmdline(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** True when pid is a live executor JVM (CoarseGrainedExecutorBackend). */
export async function isExecutor(pid: number): Promise<boolean> {
  return (await cmdline(pid)).includes('org.apache.spark.executor.CoarseGrainedExecutorBackend');
}

/** One task attempt announced by the TaskGate UDF. */
export interface TaskAttempt {
  stage: number;
  stageAttempt: number;
  partition: number;
  attempt: number;
  pid: number;
}

const MARKER = /^task-(\d+)\.(\d+)-(\d+)\.(\d+)-(\d+)$/;

/** The task attempts announced in a gate directory so far. */
export async function attemptsIn(dir: string): Promise<TaskAttempt[]> {
  const out: TaskAttempt[] = [];
  for (const name of await readdir(dir)) {
    const m = MARKER.exec(name);
    if (m === null) continue;
    const [stage, stageAttempt, partition, attempt, pid] = m.slice(1).map(Number);
    out.push({ stage, stageAttempt, partition, attempt, pid });
  }
  return out;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  failed: () => unknown,
  timeoutMs = 300_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const err = failed();
    if (err !== undefined) throw err;
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A gate directory that is open from the start: tasks only announce themselves. */
export async function openGate(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sct-gate-'));
  await writeFile(join(dir, 'open'), '');
  return dir;
}

/**
 * Runs a query whose tasks pass through the TaskGate UDF (`gate(value, dir)`): waits until task
 * attempts run in `minJvms` distinct executor JVMs at once (each worker has one core, so this
 * proves the query is spread over that many executors), calls `whileHeld` with them (e.g. to kill
 * one), then opens the gate and returns the query's result and every task attempt it made.
 */
export async function gated<T>(
  query: (dir: string) => Promise<T>,
  opts: { minJvms: number; whileHeld?: (running: TaskAttempt[], dir: string) => Promise<void> },
): Promise<{ result: T; attempts: TaskAttempt[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'sct-gate-'));
  let failure: unknown;
  const pending = query(dir).catch((e: unknown) => {
    failure = e ?? new Error('query failed');
    throw e;
  });
  pending.catch(() => undefined); // observed here; awaited below
  try {
    const running = await until(
      `task attempts in ${opts.minJvms} executor JVMs (gate ${dir})`,
      async () => {
        const attempts = await attemptsIn(dir);
        return new Set(attempts.map((a) => a.pid)).size >= opts.minJvms ? attempts : undefined;
      },
      () => failure,
    );
    if (opts.whileHeld) await opts.whileHeld(running, dir);
    await writeFile(join(dir, 'open'), '');
    const result = await pending;
    return { result, attempts: await attemptsIn(dir) };
  } finally {
    if (!existsSync(join(dir, 'open'))) await writeFile(join(dir, 'open'), '').catch(() => undefined);
    await pending.catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

/** Lets the held task(s) of one partition go on (the others stay held). */
export async function openPartition(dir: string, partition: number): Promise<void> {
  await writeFile(join(dir, `open-${partition}`), '');
}

/** Waits until the gate's task attempts satisfy `pred`; resolves with them. */
export function waitForAttempts(
  dir: string,
  what: string,
  pred: (attempts: TaskAttempt[]) => boolean,
): Promise<TaskAttempt[]> {
  return until(
    what,
    async () => {
      const attempts = await attemptsIn(dir);
      return pred(attempts) ? attempts : undefined;
    },
    () => undefined,
  );
}

/** SIGKILLs an executor JVM (refuses any other process) and waits until it is gone. */
export async function killExecutor(pid: number): Promise<void> {
  if (!(await isExecutor(pid))) throw new Error(`pid ${pid} is not an executor JVM: refusing to kill it`);
  process.kill(pid, 'SIGKILL');
  await until(
    `executor ${pid} to exit`,
    async () => ((await isExecutor(pid)) ? undefined : true),
    () => undefined,
    60_000,
  );
}
