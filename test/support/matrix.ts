/** Helpers for integration tests that run the same suite against every server of the matrix. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { SparkConnectError, SparkSession, UnsupportedServerVersionError } from '../../src/index.js';
import { faultTestVersions, isSailTarget, REPO_ROOT } from './servers.js';

export interface ServerInfo {
  version: string;
  url: string;
}

/** The servers of this run (from global setup). */
export function servers(): ServerInfo[] {
  return inject('sparkServers');
}

/**
 * `[version, url]` pairs for describe.each; fails loudly when the matrix is empty.
 *
 * Sail is in the default run only for the files that pass `{ sail: true }`: those assert Sail's
 * real answers, or the clear error naming what it lacks, test by test. With an explicit
 * `SPARK_TEST_VERSIONS=...,sail`, every file runs against Sail (to work through the rest).
 */
export function serverMatrix(opts: { sail?: boolean } = {}): [string, string][] {
  const explicit = (process.env.SPARK_TEST_VERSIONS ?? '').trim() !== '';
  const list = servers().filter((s) => explicit || opts.sail === true || !isSail(s.version));
  if (list.length === 0) {
    throw new Error(
      'No Spark servers in this run (SPARK_TEST_VERSIONS=none): integration tests need real servers',
    );
  }
  return list.map((s) => [s.version, s.url]);
}

/**
 * The oldest and the newest entries of a server matrix (one when they are the same), for files
 * whose cost per line is high and whose client code does not differ by line.
 */
export function firstAndNewest(matrix: [string, string][]): [string, string][] {
  const sorted = [...matrix].sort(([a], [b]) => {
    const [am, an] = versionOf(a);
    const [bm, bn] = versionOf(b);
    return am - bm || an - bn;
  });
  return sorted.length <= 1 ? sorted : [sorted[0], sorted[sorted.length - 1]];
}

/** The servers of the fault tier's lines (3.5 and the newest by default): see faultTestVersions. */
export function faultLineServers(): [string, string][] {
  const lines = faultTestVersions();
  return serverMatrix().filter(([v]) => lines.some((l) => v === l || v.startsWith(`${l}.`)));
}

/** True for a Sail target (`sail`, `sail-X.Y.Z`). */
export function isSail(target: string): boolean {
  return isSailTarget(target);
}

/**
 * The Spark line Sail reports (AnalyzePlan.spark_version answers 4.2.0 in pysail 0.7); the
 * client gates on it, so version-dependent expectations use it too.
 */
const SAIL_REPORTED_LINE: [number, number] = [4, 2];

/** [major, minor] of a version line like '3.5' or '4.1.1' (a Sail target: the line it reports). */
export function versionOf(v: string): [number, number] {
  if (isSail(v)) return SAIL_REPORTED_LINE;
  const [a, b] = v.split('.').map((x) => Number.parseInt(x, 10));
  return [a, b];
}

/** A Sail limitation checked by a test: the feature, by name, and what the user gets. */
export interface SailLimitation {
  /** The API the user calls, as the feature table names it (e.g. `DataFrame.transpose`). */
  api: string;
  /** How the user is told: the client's feature error, or the server's own error. */
  error: string;
}

const sailLimitations: SailLimitation[] = [];

/** What the Sail tests of this process checked that Sail lacks (for the compatibility table). */
export function checkedSailLimitations(): readonly SailLimitation[] {
  return sailLimitations;
}

/**
 * On a Sail target, asserts that `run` fails with a clear error naming `api` (the client's
 * UnsupportedServerVersionError, or the server's UnsupportedOperationException naming the
 * missing piece by `serverWords`), records the limitation and returns true; on Spark returns
 * false so the test goes on to check the real behaviour.
 *
 * @example if (await expectUnsupportedOn(version, 'DataFrame.transpose', () => df.transpose().collect(), 'transpose')) return;
 */
export async function expectUnsupportedOn(
  target: string,
  api: string,
  run: () => unknown,
  serverWords?: string,
): Promise<boolean> {
  if (!isSail(target)) return false;
  let err: unknown;
  try {
    await run();
  } catch (e) {
    err = e;
  }
  expect(err, `${api} was expected to fail on Sail`).toBeInstanceOf(Error);
  const message = (err as Error).message;
  if (err instanceof UnsupportedServerVersionError) {
    expect(message).toContain(api);
  } else {
    expect(err, message).toBeInstanceOf(SparkConnectError);
    expect(message.toLowerCase()).toContain((serverWords ?? api).toLowerCase());
  }
  const error = `${(err as Error).constructor.name}: ${message.split('\n')[0]}`;
  sailLimitations.push({ api, error });
  recordSailResult(api, 'lacks', error);
  return true;
}

/**
 * Checks a Sail result against the committed record (docs/sail-limitations.json, the source of
 * the compatibility table's Sail column), so the table cannot drift from what Sail does. With
 * `SAIL_RECORD=1` the result is written into the record instead (after a Sail upgrade or a new
 * check; then run `npx tsx scripts/compat.ts`).
 *
 * @example recordSailResult('DataFrame.transpose', 'lacks', 'UnsupportedOperationException: transpose');
 */
export function recordSailResult(api: string, result: 'works' | 'lacks', rawNote = ''): void {
  // The server's address varies with SPARK_CONNECT_TS_PORT_BASE: not part of Sail's answer.
  const note = rawNote.replace(/\b(?:127\.0\.0\.1|localhost):\d+\b/g, '<server>');
  const file = process.env.SAIL_RESULTS_FILE ?? join(REPO_ROOT, 'docs', 'sail-limitations.json');
  let data: Record<string, { result: string; note: string }> = {};
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as typeof data;
  } catch {
    // no record yet
  }
  if (process.env.SAIL_RECORD !== '1') {
    expect(
      data[api],
      `Sail's answer for ${api} differs from ${file}: rerun the Sail tests with SAIL_RECORD=1`,
    ).toEqual({ result, note });
    return;
  }
  data[api] = { result, note };
  mkdirSync(dirname(file), { recursive: true });
  // Written whole and renamed: files running at the same time never read half a record.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, Object.keys(data).sort().concat(['result', 'note']), 2)}\n`);
  renameSync(tmp, file);
}

/**
 * The error that `work` fails with: a promise, or a function that may throw at once or return a
 * promise. Fails the test when `work` succeeds or throws something that is not an Error.
 *
 * @example const err = await errorOf(df.collect()); expect(err.errorClass).toBe('DIVIDE_BY_ZERO');
 */
export async function errorOf(work: Promise<unknown> | (() => unknown)): Promise<SparkConnectError> {
  let outcome: { error: unknown } | undefined;
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (e) {
    outcome = { error: e };
  }
  if (outcome === undefined) throw new Error('expected a failure, but it succeeded');
  expect(outcome.error, String(outcome.error)).toBeInstanceOf(Error);
  return outcome.error as SparkConnectError;
}

export function atLeast(v: string, major: number, minor: number): boolean {
  const [a, b] = versionOf(v);
  return a > major || (a === major && b >= minor);
}

/** A fresh session for a test file. */
export async function newSession(url: string): Promise<SparkSession> {
  return SparkSession.builder().remote(url).config('spark.sql.ansi.enabled', 'true').create();
}

/**
 * `it` when `condition` holds, else nothing: a test that does not apply to a server (a feature
 * of other lines) is not defined for it, rather than reported as skipped.
 *
 * @example itIf(atLeast(version, 4, 1))('runs a pipeline', async () => { ... });
 */
export function itIf(condition: boolean): typeof it {
  return condition ? it : ((() => undefined) as unknown as typeof it);
}

/** The Spark (not Sail) servers of the run, oldest first. */
function sparkByVersion(): ServerInfo[] {
  const spark = servers().filter((s) => !isSail(s.version));
  if (spark.length === 0) throw new Error('No Spark servers in this run: these tests need a real server');
  return [...spark].sort((a, b) => {
    const [am, an] = versionOf(a.version);
    const [bm, bn] = versionOf(b.version);
    return am - bm || an - bn;
  });
}

/** The oldest and the newest Spark (not Sail) servers of the run (one when they are the same). */
export function oldestAndNewestSpark(): ServerInfo[] {
  const byVersion = sparkByVersion();
  const oldest = byVersion[0];
  const newest = byVersion[byVersion.length - 1];
  return oldest === newest ? [newest] : [oldest, newest];
}

/** The newest Spark (not Sail) server of the run. */
export function newestSpark(): ServerInfo {
  const byVersion = sparkByVersion();
  return byVersion[byVersion.length - 1];
}
