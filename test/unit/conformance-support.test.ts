import { describe, expect, it } from 'vitest';
import {
  classNames,
  doctestMatches,
  exceptionMatches,
  reprFloat,
  reprTuples,
} from '../conformance/support.js';

describe('conformance: doctest output check (ELLIPSIS | NORMALIZE_WHITESPACE)', () => {
  it('matches equal text and text differing only in whitespace', () => {
    expect(doctestMatches('+---+\n|  a|\n+---+\n', '+---+\n|  a|\n+---+\n')).toBe(true);
    expect(doctestMatches('[Row(a=1),\n Row(a=2)]\n', '[Row(a=1), Row(a=2)]\n')).toBe(true);
    expect(doctestMatches('a\n<BLANKLINE>\nb\n', 'a\n\nb\n')).toBe(true);
  });

  it('lets ... stand for any text, and nothing else', () => {
    expect(doctestMatches('|0.6309297535714...|\n', '|0.6309297535714575|\n')).toBe(true);
    expect(doctestMatches('== Physical Plan ==\n...\n', '== Physical Plan ==\n*(1) Scan\n')).toBe(true);
    expect(doctestMatches('a...b...c\n', 'a b\n')).toBe(false);
    expect(doctestMatches('|1.0|\n', '|1|\n')).toBe(false);
    expect(doctestMatches('[1.0]\n', '[1.0]\n[2.0]\n')).toBe(false);
  });

  it('prints float results and tuples as Python does', () => {
    expect(reprFloat([1, 2.5, 3])).toBe('[1.0, 2.5, 3.0]\n');
    expect(reprFloat([[1], [2]])).toBe('[[1.0], [2.0]]\n');
    expect(reprTuples([['age', 'bigint']])).toBe("[('age', 'bigint')]\n");
  });

  it('matches an expected exception by its class, and by its message unless IGNORE_EXCEPTION_DETAIL', () => {
    const captured =
      'pyspark.errors.exceptions.captured.AnalysisException: [AMBIGUOUS_REFERENCE] Reference...\n';
    expect(
      exceptionMatches(
        captured,
        {},
        'AnalysisException: [AMBIGUOUS_REFERENCE] Reference `name` is ambiguous',
      ),
    ).toBe(true);
    expect(exceptionMatches(captured, {}, 'AnalysisException: [UNRESOLVED_COLUMN] x')).toBe(false);
    expect(exceptionMatches(captured, {}, 'ParseException: [AMBIGUOUS_REFERENCE] Reference x')).toBe(false);
    const detail = 'AnalysisException: "Temporary table \'people\' already exists;"\n';
    expect(
      exceptionMatches(
        detail,
        { IGNORE_EXCEPTION_DETAIL: true },
        'AnalysisException: [TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] x',
      ),
    ).toBe(true);
    expect(exceptionMatches(detail, {}, 'AnalysisException: [TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] x')).toBe(
      false,
    );
    expect(exceptionMatches(null, {}, 'AnalysisException: x')).toBe(false);
    // A subclass of the expected class matches, as Python's `except` would catch it.
    const sub = 'TempTableAlreadyExistsException: [TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] x';
    const chain = ['TempTableAlreadyExistsException', 'AnalysisException', 'SparkConnectError', 'Error'];
    expect(exceptionMatches(detail, { IGNORE_EXCEPTION_DETAIL: true }, sub, chain)).toBe(true);
    expect(
      exceptionMatches(detail, { IGNORE_EXCEPTION_DETAIL: true }, sub, ['ParseException', 'Error']),
    ).toBe(false);
    class Narrow extends TypeError {}
    expect(classNames(new Narrow('x'))).toEqual(['Narrow', 'TypeError', 'Error']);
  });
});
