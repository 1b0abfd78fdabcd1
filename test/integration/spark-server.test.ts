/**
 * scripts/spark-server's health handling against a real server: a server that died of
 * OutOfMemoryError is reported dead and replaced by `start`; a server whose port is open but
 * that does not answer (a frozen JVM) is reported unhealthy and replaced, not reused.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SparkServerLostError, SparkSession } from '../../src/index.js';
import { portBase, SERVER_SCRIPT, testVersions } from '../support/servers.js';

const run = promisify(execFile);
const CACHE = process.env.SPARK_CONNECT_TS_CACHE ?? join(homedir(), '.cache', 'spark-connect-ts');
/** The newest Spark line of the run (Sail has no JVM to run out of memory). */
const VERSION = testVersions()
  .filter((v) => v !== 'sail' && !v.startsWith('sail-'))
  .at(-1);
/** 15595 by default: between the version ports (multiples of 10) and below the fault tier (15650+). */
const PORT = portBase() + 595;
/** A small heap that a large aggregation exhausts quickly; health queries may take 30 s. */
const SCRIPT_ENV = {
  ...process.env,
  SPARK_CONNECT_TS_DRIVER_MEMORY: '512m',
  SPARK_CONNECT_TS_HEALTH_TIMEOUT: '30',
};

async function script(...args: string[]): Promise<string> {
  const { stdout } = await run(SERVER_SCRIPT, args, {
    env: SCRIPT_ENV,
    timeout: 900_000,
    maxBuffer: 1 << 24,
  });
  return stdout;
}

async function recorded(key: string): Promise<string> {
  const state = await readFile(join(CACHE, 'state', `${PORT}.state`), 'utf8');
  const value = new RegExp(`^${key}=(.*)$`, 'm').exec(state)?.[1];
  if (value === undefined) throw new Error(`no ${key} recorded for port ${PORT}`);
  return value;
}

async function recordedPid(): Promise<number> {
  return Number(await recorded('pid'));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (bounded) until a process is gone. */
async function waitGone(pid: number, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
}

/** The state word of this test's server in `spark-server status`. */
async function statusOfPort(): Promise<string> {
  const line = (await script('status')).split('\n').find((l) => l.includes(`port=${PORT} `));
  if (line === undefined) throw new Error(`no status line for port ${PORT}`);
  return line;
}

async function sumOfRange(url: string): Promise<number> {
  const spark = await SparkSession.builder().remote(url).retryPolicy({ maxRetries: 0 }).create();
  try {
    const rows = await (await spark.sql('SELECT sum(id) AS s FROM range(0, 1000, 1, 4)')).collect();
    return Number(rows[0].toJSON().s);
  } finally {
    await spark.stop().catch(() => undefined);
  }
}

describe.skipIf(VERSION === undefined)(`scripts/spark-server health on Spark ${VERSION}`, () => {
  afterAll(async () => {
    await script('stop', VERSION as string, '--port', String(PORT));
  });

  // Each test starts servers: minutes on a busy 2-core machine.
  const LONG = 900_000;

  it('reports a server that died of OutOfMemoryError as dead, and start replaces it', {
    timeout: LONG,
  }, async () => {
    const url =
      (await script('start', VERSION as string, '--port', String(PORT))).trim().split('\n').at(-1) ?? '';
    expect(url).toBe(`sc://127.0.0.1:${PORT}`);
    const pid = await recordedPid();
    const logPath = await recorded('log');
    expect(await sumOfRange(url)).toBe(499500);

    // Gigabytes of strings in one aggregation buffer: the 512 MB JVM runs out of memory and,
    // started with -XX:+ExitOnOutOfMemoryError, exits instead of lingering.
    // The client (default retry policy) says promptly that the server went away mid-query: the
    // connection broke and reconnecting was refused for maxConnectRefusedMs (10 s).
    const spark = await SparkSession.builder().remote(url).create();
    const huge = await spark.sql(
      "SELECT size(collect_list(repeat('x', 1000))) FROM range(0, 20000000, 1, 1)",
    );
    const err = await huge.collect().then(
      () => new Error('expected the query to fail'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SparkServerLostError);
    const message = (err as Error).message;
    expect(message).toMatch(/^Lost operation [0-9a-f-]{36}: its connection broke \(/);
    expect(message).toContain(`127.0.0.1:${PORT}: connection refused (ECONNREFUSED)`);
    expect(message).toMatch(/\(gave up after \d+ retries in (9|10|11|12)(\.\d)? s\)/);
    expect(message).toContain('for example of an OutOfMemoryError');
    await spark.stop().catch(() => undefined);
    await waitGone(pid, 120_000);
    expect(alive(pid)).toBe(false);
    const log = await readFile(logPath, 'utf8');
    expect(log).toMatch(/Terminating due to java\.lang\.OutOfMemoryError/);

    expect(await statusOfPort()).toMatch(/ dead\b/);

    const again = (await script('start', VERSION as string, '--port', String(PORT)))
      .trim()
      .split('\n')
      .at(-1);
    expect(again).toBe(url);
    const newPid = await recordedPid();
    expect(newPid).not.toBe(pid);
    expect(await sumOfRange(url)).toBe(499500);
    expect(await statusOfPort()).toMatch(/ up\b/);
  });

  it('reports a server whose port is open but that answers no query as unhealthy, and start replaces it', {
    timeout: LONG,
  }, async () => {
    const url = `sc://127.0.0.1:${PORT}`;
    await script('start', VERSION as string, '--port', String(PORT));
    const pid = await recordedPid();
    // A frozen JVM: the kernel still accepts connections on its port, nothing answers.
    process.kill(pid, 'SIGSTOP');
    try {
      expect(await statusOfPort()).toMatch(/ unhealthy \(no answer to a query within 30 s\)/);
      await script('start', VERSION as string, '--port', String(PORT));
      const newPid = await recordedPid();
      expect(newPid).not.toBe(pid);
      await waitGone(pid, 60_000);
      expect(alive(pid)).toBe(false);
      expect(await sumOfRange(url)).toBe(499500);
    } finally {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});
