/**
 * Helpers of the fault tier: its own Spark Connect servers (one per version of the matrix, on
 * ports 15650-15699, shifted with SPARK_CONNECT_TS_PORT_BASE) started with confs that force reattach constantly, killing a server, and
 * spying on the RPCs a session makes.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SparkSession } from '../../src/index.js';
import {
  faultTestVersions,
  isSailTarget,
  portBase,
  REPO_ROOT,
  startServer,
  stopServer,
} from '../support/servers.js';

/** Server confs that make every ExecutePlan stream end after 1 s or 123 bytes. */
export const REATTACH_CONF: Record<string, string> = {
  'spark.connect.execute.reattachable.senderMaxStreamDuration': '1s',
  'spark.connect.execute.reattachable.senderMaxStreamSize': '123',
};

/** Offsets from the port base (15000 by default). */
const KNOWN_PORTS: Record<string, number> = {
  '3.5': 650,
  '4.0': 655,
  '4.1': 660,
  '4.2': 665,
  '4.3': 670,
};

/** The fault-tier port of a version line (3.5 -> 15650, 4.1 -> 15660, 4.3 -> 15670, Sail -> 15695, ...). */
export function faultPort(version: string): number {
  // Sail has no Spark line of its own: one fixed port, outside the token servers' base+680..689.
  if (isSailTarget(version)) return portBase() + 695;
  const line = version.split('.').slice(0, 2).join('.');
  const known = KNOWN_PORTS[line];
  if (known !== undefined) return portBase() + known;
  const [major, minor] = line.split('.').map(Number);
  if (!Number.isInteger(major) || !Number.isInteger(minor)) {
    throw new Error(`faultPort: '${version}' is neither a Spark version nor a Sail target`);
  }
  // Lines without a fixed port share base+690..694 (base+680..689 are the token servers').
  return portBase() + 690 + ((major * 10 + minor) % 5);
}

/** `[version, port]` of every server version of this run; fails loudly when there is none. */
export function faultMatrix(): [string, number][] {
  const versions = faultTestVersions();
  if (versions.length === 0) {
    throw new Error('No Spark servers in this run (SPARK_TEST_VERSIONS=none): fault tests need real servers');
  }
  return versions.map((v) => [v, faultPort(v)]);
}

/** Starts (or reuses) the reattach-forcing server of a version; returns its URL. */
export function startFaultServer(version: string): Promise<string> {
  return startServer(version, { port: faultPort(version), conf: REATTACH_CONF });
}

/** Stops the fault server of a version. */
export function stopFaultServer(version: string): Promise<void> {
  return stopServer(version, faultPort(version));
}

/** Kills (SIGKILL) the server recorded on a port by scripts/spark-server; returns its pid. */
export async function killServer(port: number): Promise<number> {
  const cache = process.env.SPARK_CONNECT_TS_CACHE ?? join(homedir(), '.cache', 'spark-connect-ts');
  const state = await readFile(join(cache, 'state', `${port}.state`), 'utf8');
  const pid = Number(/^pid=(\d+)$/m.exec(state)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no server pid recorded for port ${port}`);
  process.kill(pid, 'SIGKILL');
  // Wait until the process is gone (the port closes with it).
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return pid;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server pid ${pid} did not die`);
}

type RpcName = 'executePlan' | 'reattachExecute' | 'releaseExecute' | 'interrupt' | 'config' | 'analyzePlan';

/**
 * Counts the calls a session's channel makes to the given RPCs (every session of the same
 * SparkConnectClient shares the channel, and so the counts).
 */
export function countCalls(spark: SparkSession, names: readonly RpcName[]): Record<RpcName, number> {
  const counts = Object.fromEntries(names.map((n) => [n, 0])) as Record<RpcName, number>;
  const client = spark.rpc.client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of names) {
    const original = client[name].bind(client);
    client[name] = (...args: unknown[]) => {
      counts[name]++;
      return original(...args);
    };
  }
  return counts;
}

/** FNV-1a over a string, folded into a running 32-bit checksum (order-sensitive). */
export function fnv1a(hash: number, text: string): number {
  let h = hash >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The FNV-1a basis. */
export const FNV_BASIS = 0x811c9dc5;

/**
 * Runs a child script of the fault tier (`test/fault/<script>`, under tsx, with extra Node flags)
 * in its own process, so its memory and handles are its own; expects exit code 0 (the message
 * is its stderr) and returns the JSON object it printed last.
 *
 * @example const result = await runChild<{ rows: number }>('memory-child.ts', [url, '1000']);
 */
export async function runChild<T>(script: string, args: string[], nodeFlags: string[] = []): Promise<T> {
  const child = spawn(
    process.execPath,
    [...nodeFlags, '--import', 'tsx', join(REPO_ROOT, 'test', 'fault', script), ...args],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as T;
}
