/**
 * Running a Spark test file against Sail as well: Sail (another Spark Connect server) lacks some
 * functions and methods or answers some differently. Tests stay written against Spark's answers;
 * on Sail these helpers find out, piece by piece, what works and what the user gets instead, and
 * check that against the record of the last Sail run (docs/sail-limitations.json, through
 * `recordSailResult`): a change on either side fails the test until the record is updated.
 */
import { expect, it } from 'vitest';
import type { Column, DataFrame } from '../../src/index.js';
import { isSail, recordSailResult } from './matrix.js';

/** The first line of what went wrong, short and stable from run to run (no ANSI, no long ids). */
export function sailNote(err: unknown): string {
  const e = err as { constructor?: { name?: string }; message?: unknown };
  const text = typeof e?.message === 'string' ? e.message : String(err);
  const first = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes of assertion messages
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')[0]
    .replace(/[0-9a-f]{8}-[0-9a-f-]{1,27}/gi, '<uuid>')
    .replace(/[0-9a-f]{32}/gi, '<uuid>')
    .replace(/\d{7,}/g, '<n>');
  const name = e?.constructor?.name ?? 'Error';
  // Assertion messages print values whose order a server may vary (rows of an unordered result):
  // keep their shape only.
  let shown = first;
  if (name === 'AssertionError') {
    for (let prev = ''; prev !== shown; ) {
      prev = shown;
      shown = shown.replace(/\{[^{}]*\}/g, '{…}').replace(/\[[^[\]]*\]/g, '[…]');
    }
  }
  const line = `${name}: ${shown}`;
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/** What `value` prints as in a note. */
function show(value: unknown): string {
  const text = JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  return text === undefined ? String(value) : text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

async function oneRow(df: DataFrame): Promise<Record<string, unknown>> {
  const rows = await df.collect();
  expect(rows).toHaveLength(1);
  return rows[0].toObject();
}

function selectNamed(base: DataFrame, cols: Record<string, Column>): DataFrame {
  return base.select(...Object.entries(cols).map(([name, c]) => c.alias(name)));
}

/**
 * Evaluates named expressions over a one-row DataFrame and checks them against Spark's values.
 * On Spark: one query, every value equal. On Sail the same, and when that fails each expression
 * alone: the ones that fail or differ (with what the user gets) are checked against the record
 * under `family`.
 *
 * @example await expectFamily(version, row, 'functions: math', { abs: F.abs('neg') }, { abs: 7 });
 */
export async function expectFamily(
  version: string,
  base: DataFrame,
  family: string,
  cols: Record<string, Column>,
  expected: Record<string, unknown>,
): Promise<void> {
  expect(Object.keys(cols).sort()).toEqual(Object.keys(expected).sort());
  if (!isSail(version)) {
    expect(await oneRow(selectNamed(base, cols))).toEqual(expected);
    return;
  }
  // All together first, as on Spark; then each alone, to name what fails or differs.
  let together = '';
  try {
    expect(await oneRow(selectNamed(base, cols))).toEqual(expected);
    recordSailResult(family, 'works');
    return;
  } catch (err) {
    together = sailNote(err);
  }
  const lacking: string[] = [];
  for (const [name, col] of Object.entries(cols)) {
    try {
      const got = (await oneRow(selectNamed(base, { [name]: col })))[name];
      try {
        expect(got).toEqual(expected[name]);
      } catch {
        lacking.push(`${name} gives ${show(got)} (Spark: ${show(expected[name])})`);
      }
    } catch (err) {
      lacking.push(`${name}: ${sailNote(err)}`);
    }
  }
  if (lacking.length === 0) lacking.push(`each expression works alone, together: ${together}`);
  // Most of a family must work, or this is not a check of Sail's functions but of something else.
  expect(lacking.length, lacking.join('; ')).toBeLessThan(Object.keys(cols).length);
  recordSailResult(family, lacking.length === 0 ? 'works' : 'lacks', lacking.join('; '));
}

/**
 * `it`, except that on Sail the test's outcome is checked against the record instead (under
 * `<group>: <name>`): the test passing is recorded as "works", a failure as "lacks" with its first
 * line. For tests whose parts
 * cannot be separated (one plan, one method); families of expressions use {@link expectFamily}.
 *
 * @example const test = sailIt(version, 'DataFrame'); test('unionByName', async () => { ... });
 */
export function sailIt(version: string, group: string) {
  return (name: string, fn: () => Promise<void> | void, timeout?: number): void => {
    if (!isSail(version)) {
      it(name, fn, timeout);
      return;
    }
    it(
      name,
      async () => {
        let outcome: { result: 'works' | 'lacks'; note: string } = { result: 'works', note: '' };
        try {
          await fn();
        } catch (err) {
          outcome = { result: 'lacks', note: sailNote(err) };
        }
        recordSailResult(`${group}: ${name}`, outcome.result, outcome.note);
      },
      timeout,
    );
  };
}

/**
 * `items` (rows or values of a result, in the order they arrived) in partition order. Spark
 * streams a result's partitions in order; Sail streams them in whichever order they finish, which
 * varies from run to run. On Spark the items are returned as they are, so the test still checks
 * Spark's order; on Sail they are sorted (stably) by the partition `partitionOf` names, so the
 * test checks everything but that order.
 *
 * @example expect(inPartitionOrder(version, seen, (id) => id)).toEqual([0n, 1n, 2n]);
 */
export function inPartitionOrder<T>(
  version: string,
  items: T[],
  partitionOf: (item: T) => number | bigint,
): T[] {
  if (!isSail(version)) return items;
  return items
    .map((item, i) => ({ item, i, p: partitionOf(item) }))
    .sort((a, b) => (a.p < b.p ? -1 : a.p > b.p ? 1 : a.i - b.i))
    .map((x) => x.item);
}
