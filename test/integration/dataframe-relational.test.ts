import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  AnalysisException,
  col,
  type DataFrame,
  functions as F,
  lit,
  type SparkSession,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { atLeast, newSession, serverMatrix } from '../support/matrix.js';
import { inPartitionOrder, sailIt } from '../support/sail.js';

/** Rows as plain objects. */
async function objs(df: DataFrame): Promise<Record<string, unknown>[]> {
  return (await df.collect()).map((r) => r.toObject());
}

describe.each(serverMatrix({ sail: true }))('DataFrame relational API on Spark %s', (version, url) => {
  const test = sailIt(version, 'DataFrame');
  let spark: SparkSession;
  let people: DataFrame;
  let depts: DataFrame;

  beforeAll(async () => {
    spark = await newSession(url);
    people = await spark.sql(
      "SELECT * FROM VALUES (1, 'alice', 'eng', 100), (2, 'bob', 'eng', 80), (3, 'carol', 'ops', 90), (4, 'dan', NULL, NULL) AS t(id, name, dept, salary)",
    );
    depts = await spark.sql(
      "SELECT * FROM VALUES ('eng', 'Engineering'), ('hr', 'Human Resources') AS d(dept, title)",
    );
  });
  afterAll(async () => {
    await spark?.stop();
  });

  test('renames, drops and re-types columns', async () => {
    const small = people.filter('id <= 2');
    expect(await small.withColumnRenamed('name', 'who').columns()).toEqual(['id', 'who', 'dept', 'salary']);
    expect(await small.withColumnRenamed('nope', 'x').columns()).toEqual(['id', 'name', 'dept', 'salary']);
    expect(await objs(small.withColumnsRenamed({ id: 'key', salary: 'pay' }).select('key', 'pay'))).toEqual([
      { key: 1, pay: 100 },
      { key: 2, pay: 80 },
    ]);
    expect(await small.drop('dept', 'salary', 'nope').columns()).toEqual(['id', 'name']);
    expect(await small.drop(small.col('name')).columns()).toEqual(['id', 'dept', 'salary']);
    expect(await objs(small.select('id', 'name').toDF('a', 'b'))).toEqual([
      { a: 1, b: 'alice' },
      { a: 2, b: 'bob' },
    ]);
    const typed = small.select('name', 'id').to('id bigint, name string');
    expect(await typed.dtypes()).toEqual([
      ['id', 'bigint'],
      ['name', 'string'],
    ]);
    expect((await typed.collect())[0].toObject()).toEqual({ id: 1n, name: 'alice' });
    const withMeta = await small.withMetadata('salary', { unit: 'kEUR' }).schema();
    expect(withMeta.fields[3].metadata).toEqual({ unit: 'kEUR' });
    expect(await small.select(small.colRegex('`(id|dept)`')).columns()).toEqual(['id', 'dept']);
    expect(await small.select('*').columns()).toEqual(['id', 'name', 'dept', 'salary']);
  });

  test('toJSON, transform and tail', async () => {
    expect((await people.filter('id IN (1, 4)').toJSON().collect()).map((r) => r.get('value'))).toEqual([
      '{"id":1,"name":"alice","dept":"eng","salary":100}',
      '{"id":4,"name":"dan"}',
    ]);
    const top = (df: DataFrame, n: number) => df.orderBy(col('salary').desc()).limit(n);
    expect((await people.transform(top, 2).collect()).map((r) => r.get('name'))).toEqual(['alice', 'carol']);
    expect((await spark.range(10).tail(3)).map((r) => r.get('id'))).toEqual([7n, 8n, 9n]);
    expect(await spark.range(2).tail(5)).toHaveLength(2);
  });

  test('distinct, dropDuplicates (subset), drop_duplicates', async () => {
    const depts3 = people.select('dept');
    expect((await depts3.distinct().orderBy('dept').collect()).map((r) => r.get('dept'))).toEqual([
      null,
      'eng',
      'ops',
    ]);
    const dup = people.union(people);
    expect(await dup.count()).toBe(8);
    expect(await dup.dropDuplicates().count()).toBe(4);
    expect(await dup.drop_duplicates().count()).toBe(4);
    const one = await dup.dropDuplicates(['dept']).orderBy('dept').select('dept').collect();
    expect(one.map((r) => r.get('dept'))).toEqual([null, 'eng', 'ops']);
  });

  test('dropDuplicatesWithinWatermark and withWatermark reach the server', async () => {
    const events = await spark.sql(
      "SELECT * FROM VALUES (1, TIMESTAMP'2024-01-01 00:00:00'), (1, TIMESTAMP'2024-01-01 00:00:01') AS e(id, ts)",
    );
    // On a batch DataFrame a watermark is a no-op...
    expect(await events.withWatermark('ts', '10 minutes').count()).toBe(2);
    // ...and de-duplication within it is a streaming-only operation.
    await expect(
      events.withWatermark('ts', '10 minutes').dropDuplicatesWithinWatermark(['id']).count(),
    ).rejects.toThrow(AnalysisException);
    await expect(events.dropDuplicatesWithinWatermark().collect()).rejects.toThrow(/batch DataFrames/);
  });

  test('groupBy / groupby with agg (Columns or an object), count and the numeric shortcuts', async () => {
    const byDept = people.filter(col('dept').isNotNull()).groupBy('dept');
    expect(
      await objs(
        byDept
          .agg(F.sum('salary').alias('total'), F.avg('salary').alias('avg'), F.count('*').alias('n'))
          .orderBy('dept'),
      ),
    ).toEqual([
      { dept: 'eng', total: 180n, avg: 90, n: 2n },
      { dept: 'ops', total: 90n, avg: 90, n: 1n },
    ]);
    expect(await objs(byDept.agg({ salary: 'max', id: 'min' }).orderBy('dept'))).toEqual([
      { dept: 'eng', 'max(salary)': 100, 'min(id)': 1 },
      { dept: 'ops', 'max(salary)': 90, 'min(id)': 3 },
    ]);
    expect(await objs(people.groupby('dept').count().orderBy('dept'))).toEqual([
      { dept: null, count: 1n },
      { dept: 'eng', count: 2n },
      { dept: 'ops', count: 1n },
    ]);
    const eng = people.filter("dept = 'eng'").groupBy('dept');
    expect(await objs(eng.sum('salary'))).toEqual([{ dept: 'eng', 'sum(salary)': 180n }]);
    expect(await objs(eng.avg('salary', 'id'))).toEqual([{ dept: 'eng', 'avg(salary)': 90, 'avg(id)': 1.5 }]);
    expect(await objs(eng.mean('salary'))).toEqual([{ dept: 'eng', 'avg(salary)': 90 }]);
    expect(await objs(eng.min('salary'))).toEqual([{ dept: 'eng', 'min(salary)': 80 }]);
    expect(await objs(eng.max('salary'))).toEqual([{ dept: 'eng', 'max(salary)': 100 }]);
    // Without column names: every numeric column, like PySpark (the schema is fetched first).
    expect(await objs(eng.sum())).toEqual([{ dept: 'eng', 'sum(id)': 3n, 'sum(salary)': 180n }]);
    expect(await eng.max().columns()).toEqual(['dept', 'max(id)', 'max(salary)']);
    expect(await objs(people.groupBy().min())).toEqual([{ 'min(id)': 1, 'min(salary)': 80 }]);
    // DataFrame.agg: no groups.
    expect(await objs(people.agg(F.max('salary').alias('top'), F.count('*').alias('n')))).toEqual([
      { top: 100, n: 4n },
    ]);
    expect(await objs(people.agg({ salary: 'sum' }))).toEqual([{ 'sum(salary)': 270n }]);
    await expect(people.groupBy('dept').agg({ salary: 'no_such_fn' }).collect()).rejects.toThrow(
      AnalysisException,
    );
  });

  test('pivot with and without values', async () => {
    const sales = await spark.sql(
      "SELECT * FROM VALUES (2023, 'java', 10), (2023, 'net', 5), (2024, 'java', 20), (2024, 'java', 1) AS s(year, course, earnings)",
    );
    expect(
      await objs(sales.groupBy('year').pivot('course', ['java', 'net']).sum('earnings').orderBy('year')),
    ).toEqual([
      { year: 2023, java: 10n, net: 5n },
      { year: 2024, java: 21n, net: null },
    ]);
    expect(await objs(sales.groupBy('year').pivot('course').count().orderBy('year'))).toEqual([
      { year: 2023, java: 1n, net: 1n },
      { year: 2024, java: 2n, net: null },
    ]);
    expect(
      await objs(sales.groupBy('year').pivot(col('course'), ['net']).agg(F.max('earnings')).orderBy('year')),
    ).toEqual([
      { year: 2023, net: 5 },
      { year: 2024, net: null },
    ]);
  });

  test('rollup and cube', async () => {
    const eng = people.filter("dept = 'eng'");
    expect(
      await objs(eng.rollup('dept', 'name').agg(F.sum('salary').alias('s')).orderBy('dept', 'name')),
    ).toEqual([
      { dept: null, name: null, s: 180n },
      { dept: 'eng', name: null, s: 180n },
      { dept: 'eng', name: 'alice', s: 100n },
      { dept: 'eng', name: 'bob', s: 80n },
    ]);
    expect(await objs(eng.cube('dept', 'name').count().orderBy('dept', 'name'))).toEqual([
      { dept: null, name: null, count: 2n },
      { dept: null, name: 'alice', count: 1n },
      { dept: null, name: 'bob', count: 1n },
      { dept: 'eng', name: null, count: 2n },
      { dept: 'eng', name: 'alice', count: 1n },
      { dept: 'eng', name: 'bob', count: 1n },
    ]);
  });

  test('groupingSets: Spark 4.0+, a clear error on 3.5', async () => {
    const eng = people.filter("dept = 'eng'");
    if (!atLeast(version, 4, 0)) {
      expect(() => eng.groupingSets([['dept'], []], 'dept')).toThrow(UnsupportedServerVersionError);
      return;
    }
    expect(
      await objs(
        eng
          .groupingSets([['dept', 'name'], []], 'dept', 'name')
          .agg(F.sum('salary').alias('s'))
          .orderBy('dept', 'name'),
      ),
    ).toEqual([
      { dept: null, name: null, s: 180n },
      { dept: 'eng', name: 'alice', s: 100n },
      { dept: 'eng', name: 'bob', s: 80n },
    ]);
  });

  test('every join type, with names (using) or Column conditions', async () => {
    const p = people.select('name', 'dept');
    const names = async (df: DataFrame, ...cols: string[]) =>
      (await df.orderBy(...cols).collect()).map((r) => cols.map((c) => r.get(c)));
    expect(await names(p.join(depts, 'dept'), 'name', 'title')).toEqual([
      ['alice', 'Engineering'],
      ['bob', 'Engineering'],
    ]);
    expect(await p.join(depts, 'dept').columns()).toEqual(['dept', 'name', 'title']);
    for (const how of ['left', 'leftouter', 'left_outer', 'LEFT']) {
      expect(await names(p.join(depts, ['dept'], how), 'name', 'title')).toEqual([
        ['alice', 'Engineering'],
        ['bob', 'Engineering'],
        ['carol', null],
        ['dan', null],
      ]);
    }
    for (const how of ['right', 'rightouter', 'right_outer']) {
      expect(await names(p.join(depts, 'dept', how), 'title', 'name')).toEqual([
        ['Engineering', 'alice'],
        ['Engineering', 'bob'],
        ['Human Resources', null],
      ]);
    }
    for (const how of ['outer', 'full', 'fullouter', 'full_outer']) {
      expect(await p.join(depts, 'dept', how).count()).toBe(5);
    }
    for (const how of ['semi', 'leftsemi', 'left_semi']) {
      expect(await names(p.join(depts, 'dept', how), 'name')).toEqual([['alice'], ['bob']]);
    }
    for (const how of ['anti', 'leftanti', 'left_anti']) {
      expect(await names(p.join(depts, 'dept', how), 'name')).toEqual([['carol'], ['dan']]);
    }
    expect(await p.join(depts, undefined, 'cross').count()).toBe(8);
    expect(await p.crossJoin(depts).count()).toBe(8);
    expect(await p.join(depts).count()).toBe(8);
    const cond = p.join(depts, p.col('dept').eq(depts.col('dept')), 'inner');
    expect(await cond.columns()).toEqual(['name', 'dept', 'dept', 'title']);
    expect(await names(cond.select(p.col('name'), depts.col('title')), 'name', 'title')).toEqual([
      ['alice', 'Engineering'],
      ['bob', 'Engineering'],
    ]);
    const two = p.join(depts, [p.col('dept').eq(depts.col('dept')), p.col('name').neq('bob')], 'left');
    expect(await names(two.select(p.col('name'), depts.col('title')), 'name', 'title')).toEqual([
      ['alice', 'Engineering'],
      ['bob', null],
      ['carol', null],
      ['dan', null],
    ]);
    expect(() => p.join(depts, 'dept', 'sideways')).toThrow(/Unsupported join type "sideways".*'left_anti'/);
  });

  test('self-joins resolve through aliases and through df.col()', async () => {
    const a = people.alias('a');
    const b = people.alias('b');
    const pairs = a
      .join(
        b,
        col('a.dept')
          .eq(col('b.dept'))
          .and(col('a.id').lt(col('b.id'))),
      )
      .select(col('a.name').alias('x'), col('b.name').alias('y'));
    expect(await objs(pairs)).toEqual([{ x: 'alice', y: 'bob' }]);
    const same = a
      .join(b, col('a.id').eq(col('b.id')))
      .select('a.id', 'b.name')
      .orderBy('a.id');
    expect((await same.collect()).map((r) => [r.get(0), r.get(1)])).toEqual([
      [1, 'alice'],
      [2, 'bob'],
      [3, 'carol'],
      [4, 'dan'],
    ]);
    const df1 = await spark.sql("SELECT * FROM VALUES (1, 'x'), (2, 'y') AS l(id, l)");
    const df2 = await spark.sql("SELECT * FROM VALUES (2, 'z'), (3, 'w') AS r(id, r)");
    const j = df1
      .join(df2, df1.col('id').eq(df2.col('id')), 'full_outer')
      .select(df1.col('id').alias('lid'), df2.col('id').alias('rid'));
    expect(await objs(j.orderBy('lid'))).toEqual([
      { lid: null, rid: 3 },
      { lid: 1, rid: null },
      { lid: 2, rid: 2 },
    ]);
    expect(await objs(spark.range(3).join(spark.range(2), 'id'))).toEqual([{ id: 0n }, { id: 1n }]);
  });

  test('union, unionAll, unionByName, intersect(All), subtract, exceptAll', async () => {
    const a = await spark.sql('SELECT * FROM VALUES (1, 10), (1, 10), (2, 20), (3, 30) AS a(k, v)');
    const b = await spark.sql('SELECT * FROM VALUES (10, 1), (20, 2), (40, 4) AS b(v, k)');
    const pairs = async (df: DataFrame) =>
      (await df.orderBy('k', 'v').collect()).map((r) => [r.get('k'), r.get('v')]);
    expect(await a.union(a.limit(1)).count()).toBe(5);
    expect(await a.unionAll(a).count()).toBe(8);
    // By position, b's columns land in a's order: (v, k) read as (k, v).
    expect((await a.union(b).filter('k = 40').collect()).map((r) => r.get('v'))).toEqual([4]);
    expect(await pairs(a.unionByName(b))).toEqual([
      [1, 10],
      [1, 10],
      [1, 10],
      [2, 20],
      [2, 20],
      [3, 30],
      [4, 40],
    ]);
    const c = await spark.sql('SELECT * FROM VALUES (5) AS c(k)');
    await expect(a.unionByName(c).collect()).rejects.toThrow(AnalysisException);
    expect(await objs(a.unionByName(c, true).filter('k = 5'))).toEqual([{ k: 5, v: null }]);
    const bk = b.select('k', 'v');
    expect(await pairs(a.intersect(bk))).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(await pairs(a.intersectAll(a.union(bk)))).toEqual([
      [1, 10],
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
    expect(await pairs(a.subtract(bk))).toEqual([[3, 30]]);
    expect(await pairs(a.exceptAll(bk))).toEqual([
      [1, 10],
      [3, 30],
    ]);
  });

  test('sortWithinPartitions sorts inside each partition only', async () => {
    const df = spark.range(0, 6, 1, 2).sortWithinPartitions(col('id').desc());
    const rows = await df.selectExpr('spark_partition_id() AS p', 'id').collect();
    const pairs = rows.map((r) => [r.get('p') as number, r.get('id')]);
    expect(inPartitionOrder(version, pairs, ([p]) => p as number)).toEqual([
      [0, 2n],
      [0, 1n],
      [0, 0n],
      [1, 5n],
      [1, 4n],
      [1, 3n],
    ]);
    expect(() => people.sortWithinPartitions()).toThrow(/at least one column/);
  });

  test('sort / orderBy ascending= (a flag or one per column) and alias metadata=', async () => {
    const df = await spark.createDataFrame(
      [
        { k: 1, v: 'a' },
        { k: 2, v: 'b' },
        { k: 1, v: 'c' },
        { k: 2, v: 'd' },
      ],
      'k INT, v STRING',
    );
    const pairs = async (d: DataFrame) => (await d.collect()).map((r) => `${r.get('k')}${r.get('v')}`);
    expect(await pairs(df.orderBy('k', 'v', { ascending: false }))).toEqual(['2d', '2b', '1c', '1a']);
    expect(await pairs(df.sort(['k', 'v'], { ascending: [true, false] }))).toEqual(['1c', '1a', '2d', '2b']);
    expect(await pairs(df.orderBy(col('k').desc(), 'v', { ascending: [true, false] }))).toEqual([
      '2d',
      '2b',
      '1c',
      '1a',
    ]);
    const labelled = df.select(col('k').alias('key', { metadata: { comment: 'the key', max: 2 } }));
    expect((await labelled.schema()).fields[0].metadata).toEqual({ comment: 'the key', max: 2 });
  });

  test('agg and join reject bad input before reaching the server', () => {
    expect(() => people.groupBy('dept').agg()).toThrow(/at least one/);
    expect(() => people.agg('salary' as never)).toThrow(TypeError);
    expect(() => people.groupBy('dept').pivot('name').pivot('id')).toThrow(/repeated/);
    expect(() => people.join(depts, [lit(1), 'x'] as never)).toThrow(/all column names or all Columns/);
  });
});
