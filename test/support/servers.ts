/**
 * The real Spark Connect servers of a test run, started by scripts/spark-server.
 * SPARK_TEST_VERSIONS (comma separated, e.g. `3.5,4.1,4.3`) picks the matrix; `none` runs no server.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVER_SCRIPT = join(REPO_ROOT, 'scripts', 'spark-server');

/**
 * The base of every default server port (`SPARK_CONNECT_TS_PORT_BASE`, default 15000), as
 * scripts/spark-server uses it: moving it moves a whole test run off the shared ports.
 */
export function portBase(): number {
  const env = process.env.SPARK_CONNECT_TS_PORT_BASE;
  if (env === undefined || env.trim() === '') return 15000;
  const base = Number(env);
  if (!Number.isInteger(base) || base < 1024 || base > 64000) {
    throw new Error(`SPARK_CONNECT_TS_PORT_BASE must be an integer in 1024..64000, got '${env}'`);
  }
  return base;
}

/**
 * The default matrix: every supported Spark line, and Sail (for the files that are ready for it:
 * see serverMatrix in matrix.ts).
 */
export const DEFAULT_TEST_VERSIONS = ['3.5', '4.0', '4.1', '4.2', '4.3', 'sail'];

/**
 * The default fault-tier matrix: the oldest and the newest Spark line (the fault servers need
 * Spark's reattach confs, which Sail does not take), to keep CI in time.
 */
export const DEFAULT_FAULT_VERSIONS = ['3.5', '4.3'];

/** True for a Sail target (`sail` or `sail-X.Y.Z`) rather than a Spark version. */
export function isSailTarget(target: string): boolean {
  return target === 'sail' || /^sail-\d+\.\d+\.\d+$/.test(target);
}

/** The fault tier's versions: SPARK_TEST_VERSIONS without Sail targets, or the fault default. */
export function faultTestVersions(): string[] {
  const env = process.env.SPARK_TEST_VERSIONS;
  if (env === undefined || env.trim() === '') return DEFAULT_FAULT_VERSIONS;
  return testVersions().filter((v) => !isSailTarget(v));
}

export function testVersions(): string[] {
  const env = process.env.SPARK_TEST_VERSIONS;
  if (env === undefined || env.trim() === '') return DEFAULT_TEST_VERSIONS;
  if (env.trim() === 'none') return [];
  return env
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** Starts (or reuses) a server and returns its `sc://` URL. */
export async function startServer(
  version: string,
  extra: { port?: number; conf?: Record<string, string>; env?: Record<string, string> } = {},
): Promise<string> {
  const args = ['start', version];
  if (extra.port !== undefined) args.push('--port', String(extra.port));
  for (const [k, v] of Object.entries(extra.conf ?? {})) args.push('--conf', `${k}=${v}`);
  for (const [k, v] of Object.entries(extra.env ?? {})) args.push('--env', `${k}=${v}`);
  const { stdout } = await run(SERVER_SCRIPT, args, { maxBuffer: 16 * 1024 * 1024, timeout: 1_500_000 });
  const lines = stdout.trim().split('\n');
  const url = lines[lines.length - 1].trim();
  if (!url.startsWith('sc://')) throw new Error(`spark-server start ${version} printed no URL:\n${stdout}`);
  return url;
}

/** Stops a server started with startServer. */
export async function stopServer(version: string, port?: number): Promise<void> {
  const args = ['stop', version];
  if (port !== undefined) args.push('--port', String(port));
  await run(SERVER_SCRIPT, args, { timeout: 120_000 });
}
