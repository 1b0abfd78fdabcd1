import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnalysisException,
  type Column,
  type DataFrame,
  functions as F,
  type SparkSession,
  DataTypes as T,
} from '../../src/index.js';
import { atLeast, newSession, serverMatrix } from '../support/matrix.js';
import { expectFamily, sailIt } from '../support/sail.js';

async function one(df: DataFrame): Promise<Record<string, unknown>> {
  const rows = await df.collect();
  expect(rows).toHaveLength(1);
  return rows[0].toObject();
}

async function all(df: DataFrame): Promise<Record<string, unknown>[]> {
  return (await df.collect()).map((r) => r.toObject());
}

function exprs(df: DataFrame, cols: Record<string, Column>): DataFrame {
  return df.select(...Object.entries(cols).map(([name, c]) => c.alias(name)));
}

describe.each(serverMatrix({ sail: true }))(
  'functions: collections, lambdas and formats on Spark %s',
  (version, url) => {
    const test = sailIt(version, 'functions');
    let spark: SparkSession;
    let row: DataFrame;
    beforeAll(async () => {
      spark = await newSession(url);
      row = await spark.sql(
        `SELECT array(3, 1, 2, 3, NULL) AS xs, array(2, 5) AS ys, array(array(1, 2), array(3)) AS nested,
              map('a', 1, 'b', 2) AS m, map('b', 20, 'c', 30) AS m2, 'k1:v1,k2:v2' AS kv,
              named_struct('name', 'Ann', 'age', 30) AS person, 2 AS two`,
      );
    });
    afterAll(async () => {
      await spark?.stop();
    });

    it('array functions', async () => {
      await expectFamily(
        version,
        row,
        'functions: array functions',
        {
          array: F.array('two', F.lit(4)),
          arrayOfList: F.array(['two', 'two']),
          contains: F.array_contains('xs', 2),
          containsCol: F.array_contains('xs', F.col('two')),
          distinct: F.array_distinct('xs'),
          except: F.array_except('xs', 'ys'),
          intersect: F.array_intersect('xs', 'ys'),
          union: F.array_union('ys', F.array(F.lit(7))),
          join: F.array_join('xs', '-'),
          joinNull: F.array_join('xs', '-', 'null'),
          max: F.array_max('xs'),
          min: F.array_min('xs'),
          position: F.array_position('xs', 3),
          remove: F.array_remove('xs', 3),
          repeat: F.array_repeat(F.lit('x'), 3),
          overlap: F.arrays_overlap('xs', 'ys'),
          zip: F.arrays_zip('ys', F.array(F.lit('a'), F.lit('b'))),
          element_at: F.element_at('xs', -1),
          get: F.get('xs', 10),
          flatten: F.flatten('nested'),
          reverse: F.reverse('ys'),
          sequence: F.sequence(F.lit(1), F.lit(9), F.lit(4)),
          slice: F.slice('xs', 2, 2),
          sort_desc: F.sort_array('xs', false),
          sort_asc: F.sort_array('xs'),
          size: F.size('xs'),
          cardinality: F.cardinality('m'),
          concat: F.concat('ys', 'ys'),
          append: F.array_append('ys', 9),
          prepend: F.array_prepend('ys', 0),
          insert: F.array_insert('ys', 2, 4),
          compact: F.array_compact('xs'),
          array_size: F.array_size('ys'),
          try_element_at: F.try_element_at('ys', F.lit(5)),
        },
        {
          array: [2, 4],
          arrayOfList: [2, 2],
          contains: true,
          containsCol: true,
          distinct: [3, 1, 2, null],
          except: [3, 1, null],
          intersect: [2],
          union: [2, 5, 7],
          join: '3-1-2-3',
          joinNull: '3-1-2-3-null',
          max: 3,
          min: 1,
          position: 1n,
          remove: [1, 2, null],
          repeat: ['x', 'x', 'x'],
          overlap: true,
          zip: [
            { ys: 2, '1': 'a' },
            { ys: 5, '1': 'b' },
          ],
          element_at: null,
          get: null,
          flatten: [1, 2, 3],
          reverse: [5, 2],
          sequence: [1, 5, 9],
          slice: [1, 2],
          sort_desc: [3, 3, 2, 1, null],
          sort_asc: [null, 1, 2, 3, 3],
          size: 5,
          cardinality: 2,
          concat: [2, 5, 2, 5],
          append: [2, 5, 9],
          prepend: [0, 2, 5],
          insert: [2, 4, 5],
          compact: [3, 1, 2, 3],
          array_size: 2,
          try_element_at: null,
        },
      );
    });

    it('map and struct functions', async () => {
      await expectFamily(
        version,
        row,
        'functions: map and struct functions',
        {
          create_map: F.create_map(F.lit('x'), 'two'),
          keys: F.map_keys('m'),
          values: F.map_values('m'),
          entries: F.map_entries('m'),
          from_arrays: F.map_from_arrays(F.array(F.lit('p'), F.lit('q')), 'ys'),
          from_entries: F.map_from_entries(F.array(F.struct(F.lit('z').alias('k'), F.lit(26).alias('v')))),
          concat: F.map_concat('m', F.create_map(F.lit('c'), F.lit(3))),
          has_b: F.map_contains_key('m', 'b'),
          at_b: F.element_at('m', 'b'),
          str_to_map: F.str_to_map('kv'),
          str_to_map_delims: F.str_to_map(F.lit('a=1;b=2'), F.lit(';'), F.lit('=')),
          struct: F.struct('two', F.lit('x').alias('label')),
          named: F.named_struct(F.lit('n'), 'two'),
          field: F.col('person').getField('name'),
          to_json: F.to_json('person'),
        },
        {
          create_map: new Map([['x', 2]]),
          keys: ['a', 'b'],
          values: [1, 2],
          entries: [
            { key: 'a', value: 1 },
            { key: 'b', value: 2 },
          ],
          from_arrays: new Map([
            ['p', 2],
            ['q', 5],
          ]),
          from_entries: new Map([['z', 26]]),
          concat: new Map([
            ['a', 1],
            ['b', 2],
            ['c', 3],
          ]),
          has_b: true,
          at_b: 2,
          str_to_map: new Map([
            ['k1', 'v1'],
            ['k2', 'v2'],
          ]),
          str_to_map_delims: new Map([
            ['a', '1'],
            ['b', '2'],
          ]),
          struct: { two: 2, label: 'x' },
          named: { n: 2 },
          field: 'Ann',
          to_json: '{"name":"Ann","age":30}',
        },
      );
    });

    test('generator functions', async () => {
      expect(await all(row.select(F.explode('ys').alias('y')))).toEqual([{ y: 2 }, { y: 5 }]);
      expect(await all(row.select(F.posexplode('ys')))).toEqual([
        { pos: 0, col: 2 },
        { pos: 1, col: 5 },
      ]);
      expect(await all(row.select(F.explode('m')))).toEqual([
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
      ]);
      expect(await all(row.select(F.explode_outer(F.array().cast('array<int>')).alias('e')))).toEqual([
        { e: null },
      ]);
      expect(await all(row.select(F.inline(F.array(F.col('person')))))).toEqual([{ name: 'Ann', age: 30 }]);
      expect(await all(row.select(F.stack(F.lit(2), F.lit('a'), F.lit(1), F.lit('b'), F.lit(2))))).toEqual([
        { col0: 'a', col1: 1 },
        { col0: 'b', col1: 2 },
      ]);
    });

    it('higher-order functions with JavaScript lambdas', async () => {
      await expectFamily(
        version,
        row,
        'functions: higher-order functions with JavaScript lambdas',
        {
          transform: F.transform('ys', (x) => x.multiply(10)),
          transformIndex: F.transform('ys', (x, i) => x.plus(i)),
          filter: F.filter('xs', (x) => x.gt(1)),
          filterIndex: F.filter('xs', (_x, i) => i.lt(2)),
          exists: F.exists('xs', (x) => x.eq(2)),
          forall: F.forall('ys', (x) => x.gt(1)),
          aggregate: F.aggregate('ys', F.lit(0), (acc, x) => acc.plus(x)),
          aggregateFinish: F.aggregate(
            'ys',
            F.lit(1),
            (acc, x) => acc.multiply(x),
            (acc) => acc.multiply(100),
          ),
          reduce: F.reduce('ys', F.lit(100), (acc, x) => acc.minus(x)),
          zip_with: F.zip_with('ys', F.array(F.lit(1), F.lit(2)), (a, b) => a.multiply(b)),
          transform_keys: F.transform_keys('m', (k) => F.upper(k)),
          transform_values: F.transform_values('m', (k, v) => F.concat(k, v.cast('string'))),
          map_filter: F.map_filter('m', (_k, v) => v.gt(1)),
          map_zip_with: F.map_zip_with('m', 'm2', (_k, a, b) =>
            F.coalesce(a, F.lit(0)).plus(F.coalesce(b, F.lit(0))),
          ),
          array_sort: F.array_sort('xs'),
          array_sort_desc: F.array_sort(F.array_compact('xs'), (a, b) => b.minus(a)),
          nested: F.transform('nested', (inner) => F.transform(inner, (x) => x.plus(F.size(inner)))),
        },
        {
          transform: [20, 50],
          transformIndex: [2, 6],
          filter: [3, 2, 3],
          filterIndex: [3, 1],
          exists: true,
          forall: true,
          aggregate: 7,
          aggregateFinish: 1000,
          reduce: 93,
          zip_with: [2, 10],
          transform_keys: new Map([
            ['A', 1],
            ['B', 2],
          ]),
          transform_values: new Map([
            ['a', 'a1'],
            ['b', 'b2'],
          ]),
          map_filter: new Map([['b', 2]]),
          map_zip_with: new Map([
            ['a', 1],
            ['b', 22],
            ['c', 30],
          ]),
          array_sort: [1, 2, 3, 3, null],
          array_sort_desc: [3, 3, 2, 1],
          nested: [[3, 4], [4]],
        },
      );
    });

    it('JSON and CSV functions', async () => {
      const src = await spark.sql(
        `SELECT '{"a": 1, "b": [1, 2], "c": {"d": "x"}}' AS j, '1;abc' AS c, '[1,2,3]' AS arr`,
      );
      const schema = T.struct([T.field('a', T.int), T.field('b', T.array(T.long))]);
      await expectFamily(
        version,
        src,
        'functions: JSON and CSV functions',
        {
          ddl: F.from_json('j', 'a INT, c STRUCT<d: STRING>'),
          typed: F.from_json('j', schema),
          failfast: F.from_json('j', 'a INT', { mode: 'FAILFAST' }),
          get: F.get_json_object('j', '$.c.d'),
          schema: F.schema_of_json(F.lit('{"a": 1}')),
          to_json: F.to_json(F.struct(F.lit(1).alias('x'))),
          arrlen: F.json_array_length('arr'),
          keys: F.json_object_keys('j'),
          from_csv: F.from_csv('c', 'x INT, y STRING', { sep: ';' }),
          to_csv: F.to_csv(F.struct(F.lit(1).alias('x'), F.lit('a,b').alias('y'))),
          csv_schema: F.schema_of_csv('1,abc'),
        },
        {
          ddl: { a: 1, c: { d: 'x' } },
          typed: { a: 1, b: [1n, 2n] },
          failfast: { a: 1 },
          get: 'x',
          schema: 'STRUCT<a: BIGINT>',
          to_json: '{"x":1}',
          arrlen: 3,
          keys: ['a', 'b', 'c'],
          from_csv: { x: 1, y: 'abc' },
          to_csv: '1,"a,b"',
          csv_schema: 'STRUCT<_c0: INT, _c1: STRING>',
        },
      );
    });

    test('json_tuple, and from_json in FAILFAST mode on a malformed record', async () => {
      const src = await spark.sql(`SELECT '{"a": 1, "b": [1, 2], "c": {"d": "x"}}' AS j`);
      expect(await all(src.select(F.json_tuple('j', 'a', 'c')))).toEqual([{ c0: '1', c1: '{"d":"x"}' }]);
      const bad = await src
        .select(F.from_json(F.lit('{oops'), 'a INT', { mode: 'FAILFAST' }))
        .collect()
        .catch((e: unknown) => e);
      expect(String(bad)).toMatch(/MALFORMED_RECORD_IN_PARSING|Malformed/i);
    });

    test('XML functions exist from Spark 4.0 (xpath everywhere)', async () => {
      const src = await spark.sql(`SELECT '<p><a>1</a><a>2</a><b>x</b></p>' AS x`);
      expect(
        await one(
          exprs(src, {
            xpath: F.xpath('x', F.lit('p/a/text()')),
            xpath_int: F.xpath_int('x', F.lit('sum(p/a)')),
            xpath_string: F.xpath_string('x', F.lit('p/b')),
            xpath_boolean: F.xpath_boolean('x', F.lit('p/b')),
          }),
        ),
      ).toEqual({ xpath: ['1', '2'], xpath_int: 3, xpath_string: 'x', xpath_boolean: true });
      const xml = exprs(src, {
        parsed: F.from_xml(F.lit('<r><a>1</a><b>x</b></r>'), 'a INT, b STRING'),
        written: F.to_xml(F.struct(F.lit(1).alias('a'))),
        schema: F.schema_of_xml('<r><a>1</a></r>'),
      });
      if (atLeast(version, 4, 0)) {
        expect(await one(xml)).toEqual({
          parsed: { a: 1, b: 'x' },
          written: '<ROW>\n    <a>1</a>\n</ROW>',
          schema: 'STRUCT<a: BIGINT>',
        });
      } else {
        const err = await xml.collect().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AnalysisException);
        expect((err as AnalysisException).errorClass).toBe('UNRESOLVED_ROUTINE');
      }
    });

    test('VARIANT functions exist from Spark 4.0', async () => {
      const src = await spark.sql(`SELECT '{"a": 1, "b": {"c": [1, 2]}}' AS j`);
      const df = exprs(src, {
        a: F.variant_get(F.parse_json('j'), '$.a', 'int'),
        c: F.variant_get(F.parse_json('j'), '$.b.c', 'array<int>'),
        bad: F.try_variant_get(F.parse_json('j'), '$.b', 'int'),
        invalid: F.try_parse_json(F.lit('{oops')),
        json: F.to_json(F.parse_json('j')),
        schema: F.schema_of_variant(F.parse_json('j')),
      });
      if (atLeast(version, 4, 0)) {
        expect(await one(df)).toEqual({
          a: 1,
          c: [1, 2],
          bad: null,
          invalid: null,
          json: '{"a":1,"b":{"c":[1,2]}}',
          schema: 'OBJECT<a: BIGINT, b: OBJECT<c: ARRAY<BIGINT>>>',
        });
      } else {
        const err = await df.collect().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AnalysisException);
        expect((err as AnalysisException).errorClass).toBe('UNRESOLVED_ROUTINE');
      }
    });
  },
);
