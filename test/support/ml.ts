/** What the Spark ML test files share: the fixture data and the numeric comparison with PySpark. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { REPO_ROOT } from './servers.js';

/** test/fixtures/ml: the data sets and the PySpark reference scripts. */
export const ML_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'ml');
/** The data sets' file (the PySpark scripts read it too). */
export const ML_DATA_PATH = join(ML_FIXTURES, 'data.json');
/** The data sets by name: a DDL schema and the rows. */
export const ML_DATA = JSON.parse(readFileSync(ML_DATA_PATH, 'utf8')) as Record<
  string,
  { schema: string; rows: unknown[][] }
>;

/**
 * Deep equality with a relative tolerance of 1e-9 on numbers (both clients ask the same server,
 * so only the last digits may differ in what each decodes).
 */
export function expectClose(actual: unknown, expected: unknown, path = 'value'): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    const a = actual as number;
    expect(Math.abs(a - expected), `${path}: ${a} vs ${expected}`).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(expected)),
    );
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => {
      expectClose((actual as unknown[])[i], e, `${path}[${i}]`);
    });
  } else {
    expect(actual, path).toEqual(expected);
  }
}
