/** Helpers for integration tests that run the same suite against every server of the matrix. */
import { inject } from 'vitest';
import { SparkSession } from '../../src/index.js';

export interface ServerInfo {
  version: string;
  url: string;
}

/** The servers of this run (from global setup). */
export function servers(): ServerInfo[] {
  return inject('sparkServers');
}

/** `[version, url]` pairs for describe.each; fails loudly when the matrix is empty. */
export function serverMatrix(): [string, string][] {
  const list = servers();
  if (list.length === 0) {
    throw new Error(
      'No Spark servers in this run (SPARK_TEST_VERSIONS=none): integration tests need real servers',
    );
  }
  return list.map((s) => [s.version, s.url]);
}

/** [major, minor] of a version line like '3.5' or '4.1.1'. */
export function versionOf(v: string): [number, number] {
  const [a, b] = v.split('.').map((x) => Number.parseInt(x, 10));
  return [a, b];
}

export function atLeast(v: string, major: number, minor: number): boolean {
  const [a, b] = versionOf(v);
  return a > major || (a === major && b >= minor);
}

/** A fresh session for a test file. */
export async function newSession(url: string): Promise<SparkSession> {
  return SparkSession.builder().remote(url).config('spark.sql.ansi.enabled', 'true').create();
}
