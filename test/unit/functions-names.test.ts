import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as F from '../../src/functions/index.js';
import { FUNCTION_NAMES, UNSUPPORTED_FUNCTIONS } from '../../src/functions/index.js';
import { REPO_ROOT } from '../support/servers.js';

/** The dump of PySpark's public names (scripts/pyspark-api.py), shared with scripts/compat.ts. */
const PYSPARK_API = JSON.parse(readFileSync(join(REPO_ROOT, 'docs', 'pyspark-api.json'), 'utf8')) as {
  pyspark: string;
  functions: string[];
};

/**
 * The functions of `pyspark.sql.functions.__all__` in PySpark 4.3.0 (552): the callable, non-class
 * names, as scripts/pyspark-api.py records them.
 */
const PYSPARK_4_3_ALL_FUNCTIONS = PYSPARK_API.functions;

/** The non-function names of `__all__` (UDF / UDTF classes), which the dump leaves out. */
const PYSPARK_4_3_ALL_CLASSES = [
  'AnalyzeArgument',
  'AnalyzeResult',
  'ArrowUDFType',
  'OrderingColumn',
  'PandasUDFType',
  'PartitioningColumn',
  'SelectedColumn',
  'SkipRestOfInputTableException',
  'UserDefinedFunction',
  'UserDefinedTableFunction',
];

/**
 * Public functions of `pyspark.sql.functions` left out of `__all__` (deprecated camelCase aliases, and
 * names clashing with Python builtins / modules).
 */
const PYSPARK_4_3_OTHER_FUNCTIONS = [
  'approxCountDistinct',
  'bitwiseNOT',
  'chr',
  'countDistinct',
  'random',
  'shiftLeft',
  'shiftRight',
  'shiftRightUnsigned',
  'sumDistinct',
  'toDegrees',
  'toRadians',
  'uuid',
];

/** Exports of the module that are not PySpark functions. */
const HELPERS = ['colNode', 'invoke', 'FUNCTION_NAMES', 'UNSUPPORTED_FUNCTIONS', 'partitioning'];

describe('functions module: the whole of pyspark.sql.functions', () => {
  it('FUNCTION_NAMES lists exactly the exported functions', () => {
    const exported = Object.entries(F)
      .filter(([name, v]) => typeof v === 'function' && !HELPERS.includes(name))
      .map(([name]) => name)
      .sort();
    expect([...FUNCTION_NAMES].sort()).toEqual(exported);
    expect(new Set(FUNCTION_NAMES).size).toBe(FUNCTION_NAMES.length);
    expect(FUNCTION_NAMES).toHaveLength(559);
  });

  it('every PySpark 4.3.0 function is exported under its name, or listed as unsupported with a reason', () => {
    const all = [...PYSPARK_4_3_ALL_FUNCTIONS, ...PYSPARK_4_3_OTHER_FUNCTIONS];
    expect(PYSPARK_API.pyspark).toBe('4.3.0');
    expect(PYSPARK_4_3_ALL_FUNCTIONS).toHaveLength(552);
    expect(all).toHaveLength(564);
    const names = new Set<string>(FUNCTION_NAMES);
    const missing = all.filter((n) => !names.has(n) && !(n in UNSUPPORTED_FUNCTIONS));
    expect(missing).toEqual([]);
    const unsupported = all.filter((n) => !names.has(n));
    expect(unsupported.sort()).toEqual(['arrow_udf', 'arrow_udtf', 'pandas_udf', 'udf', 'udtf']);
    for (const n of [...unsupported, ...PYSPARK_4_3_ALL_CLASSES]) {
      expect(UNSUPPORTED_FUNCTIONS[n]).toMatch(/\w/);
    }
    // Nothing is exported that PySpark does not have.
    expect(FUNCTION_NAMES.filter((n) => !all.includes(n))).toEqual([]);
  });

  it('every listed name is a callable function; typeof and partitioning are reachable', () => {
    for (const n of FUNCTION_NAMES) {
      const f = (F as unknown as Record<string, unknown>)[n];
      expect(typeof f, n).toBe('function');
    }
    expect(F.typeof.name).toBe('typeof_');
    expect(Object.keys(F.partitioning).sort()).toEqual(['bucket', 'days', 'hours', 'months', 'years']);
  });
});
