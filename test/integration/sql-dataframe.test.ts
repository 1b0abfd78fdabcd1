import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  col,
  expr,
  functions as F,
  lit,
  type SparkSession,
  typed,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { atLeast, errorOf, isSail, newSession, serverMatrix } from '../support/matrix.js';

describe.each(serverMatrix({ sail: true }))('SQL and DataFrames on Spark %s', (version, url) => {
  let spark: SparkSession;
  beforeAll(async () => {
    spark = await newSession(url);
  });
  afterAll(async () => {
    await spark?.stop();
  });

  it('spark.sql runs DDL and DML eagerly', async () => {
    await spark.sql(
      'CREATE TEMPORARY VIEW eager_v AS SELECT * FROM VALUES (1, "a"), (2, "b") AS t(id, name)',
    );
    // The view exists right away, without any action on the first DataFrame.
    const rows = await (await spark.sql('SELECT name FROM eager_v ORDER BY id')).collect();
    expect(rows.map((r) => r.get('name'))).toEqual(['a', 'b']);
  });

  it('binds named and positional parameters of every literal kind', async () => {
    const named = await spark.sql(
      'SELECT :i AS i, :l AS l, :d AS d, :s AS s, :b AS b, :dec AS dec, :dt AS dt, :arr AS arr, :n AS n',
      {
        i: 42,
        l: 9007199254740993n,
        d: 1.5,
        s: "it's",
        b: true,
        dec: typed.decimal('12345678901234567890.123456789'),
        dt: typed.date('2024-02-29'),
        arr: [1, 2, 3],
        n: null,
      },
    );
    const [row] = await named.collect();
    expect(row.get('i')).toBe(42);
    expect(row.get('l')).toBe(9007199254740993n);
    expect(row.get('d')).toBe(1.5);
    expect(row.get('s')).toBe("it's");
    expect(row.get('b')).toBe(true);
    expect(row.get('dec')).toBe('12345678901234567890.123456789');
    expect((row.get('dt') as Date).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(row.get('arr')).toEqual([1, 2, 3]);
    expect(row.get('n')).toBeNull();
    const positional = await spark.sql('SELECT ? + ? AS total, ? AS label', [40, 2, 'x']);
    const [p] = await positional.collect();
    expect(p.get('total')).toBe(42);
    expect(p.get('label')).toBe('x');
  });

  it('range, select, selectExpr, filter/where, withColumn, orderBy, limit, alias', async () => {
    const df = spark
      .range(0, 20)
      .filter(col('id').mod(2).eq(0))
      .where('id < 15')
      .withColumn('sq', col('id').multiply(col('id')))
      .select(col('id'), col('sq'), lit('x').alias('tag'))
      .selectExpr('id', 'sq', 'tag', 'id + 1 AS next')
      .orderBy(col('id').desc())
      .limit(3)
      .alias('t');
    const rows = await df.collect();
    expect(rows.map((r) => r.toObject())).toEqual([
      { id: 14n, sq: 196n, tag: 'x', next: 15n },
      { id: 12n, sq: 144n, tag: 'x', next: 13n },
      { id: 10n, sq: 100n, tag: 'x', next: 11n },
    ]);
    expect(await df.select('t.id').count()).toBe(3);
    expect(await spark.range(5).select(expr('id * 10 AS tens')).orderBy('tens').take(2)).toHaveLength(2);
    expect(
      await spark
        .range(1, 10, 3)
        .collect()
        .then((r) => r.map((x) => x.getLong('id'))),
    ).toEqual([1n, 4n, 7n]);
  });

  it('spark.table reads a table or view', async () => {
    await spark.sql(
      'CREATE OR REPLACE TEMPORARY VIEW people AS SELECT * FROM VALUES ("ann", 31), ("bob", 17) AS t(name, age)',
    );
    const adults = spark
      .table('people')
      .filter(col('age').geq(18))
      .select(F.upper(col('name')).alias('n'));
    expect((await adults.collect()).map((r) => r.getString('n'))).toEqual(['ANN']);
  });

  it('count, isEmpty, first, head, take', async () => {
    const df = spark.range(1000);
    expect(await df.count()).toBe(1000);
    expect(await df.isEmpty()).toBe(false);
    expect(await df.filter('id < 0').isEmpty()).toBe(true);
    expect(await df.filter('id < 0').count()).toBe(0);
    expect((await df.first())?.get('id')).toBe(0n);
    expect(await df.filter('id < 0').first()).toBeNull();
    expect((await df.head())?.get(0)).toBe(0n);
    expect((await df.head(3)).map((r) => r.get(0))).toEqual([0n, 1n, 2n]);
    expect(await df.take(0)).toEqual([]);
  });

  it('collect reads every Arrow batch of a large multi-batch result', async () => {
    const df = spark.range(0, 300_000, 1, 4).select(col('id'), col('id').cast('string').alias('s'));
    const rows = await df.collect();
    expect(rows.length).toBe(300_000);
    let sum = 0n;
    for (const r of rows) sum += r.get('id') as bigint;
    expect(sum).toBe((299_999n * 300_000n) / 2n);
    // Sail returns the partitions in no fixed order (no ORDER BY): each row is still whole.
    if (isSail(version)) {
      for (const r of rows) expect(r.get('s')).toBe(String(r.get('id')));
      return;
    }
    expect(rows[123_456].get('s')).toBe('123456');
  });

  it('show() prints exactly Spark’s own format', async () => {
    const df = spark.sql(
      'SELECT * FROM VALUES (1, "a very long string value that is truncated"), (2, NULL) AS t(id, s)',
    );
    const text = await (await df).showString();
    expect(text).toBe(
      [
        '+---+--------------------+',
        '| id|                   s|',
        '+---+--------------------+',
        '|  1|a very long strin...|',
        '|  2|                NULL|',
        '+---+--------------------+',
        '',
      ].join('\n'),
    );
    const vertical = await (await df).showString(1, false, true);
    expect(vertical).toContain('-RECORD 0-');
    expect(vertical).toContain('a very long string value that is truncated');
    expect(vertical).toContain('only showing top 1 row');
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      await spark.range(2).show();
    } finally {
      write.mockRestore();
    }
    expect(printed.join('')).toBe('+---+\n| id|\n+---+\n|  0|\n|  1|\n+---+\n\n');
  });

  it('toArrow returns an apache-arrow Table with every row', async () => {
    const table = await spark.range(0, 50_000).selectExpr('id', 'id / 2 AS half').toArrow();
    expect(table.numRows).toBe(50_000);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['id', 'half']);
    expect(table.getChild('half')?.get(3)).toBe(1.5);
    const empty = await spark.range(0).toArrow();
    expect(empty.numRows).toBe(0);
  });

  it('schema, columns, dtypes, printSchema, explain', async () => {
    const df = await spark.sql("SELECT 1 AS a, 'x' AS b, CAST(1.5 AS DECIMAL(10,2)) AS c, array(1,2) AS d");
    const schema = await df.schema();
    expect(schema.fieldNames()).toEqual(['a', 'b', 'c', 'd']);
    expect(await df.columns()).toEqual(['a', 'b', 'c', 'd']);
    expect(await df.dtypes()).toEqual([
      ['a', 'int'],
      ['b', 'string'],
      ['c', 'decimal(10,2)'],
      ['d', 'array<int>'],
    ]);
    const tree = await df.schemaTreeString();
    expect(tree).toContain('root\n |-- a: integer (nullable = false)\n');
    expect(tree).toContain(
      ' |-- d: array (nullable = false)\n |    |-- element: integer (containsNull = false)\n',
    );
    const plan = await spark.range(10).filter('id > 5').explainString('extended');
    expect(plan).toContain('== Parsed Logical Plan ==');
    expect(plan).toContain('== Physical Plan ==');
    await expect(spark.range(1).explainString('bogus' as 'simple')).rejects.toThrow(
      /Unknown explain mode 'bogus'/,
    );
  });

  it('for await iterates rows', async () => {
    let n = 0;
    for await (const row of spark.range(0, 1234)) {
      expect(row.get('id')).toBe(BigInt(n));
      n++;
    }
    expect(n).toBe(1234);
  });

  it('bad input is rejected with a clear error', () => {
    expect(() => spark.range(1).limit(-1)).toThrow(/non-negative integer/);
    expect(() => spark.range(1).withColumn('x', 'nope' as never)).toThrow(/Column/);
    expect(() => lit(undefined as never)).toThrow(TypeError);
  });
});

describe.each(serverMatrix())('null elements of array parameters on Spark %s', (version, url) => {
  it('come back as null on 4.0+; Spark 3.5, which would read them as 0 or empty, refuses them', async () => {
    const spark = await newSession(url);
    try {
      const run = async () => {
        const [a] = await (await spark.sql('SELECT :a AS a', { a: [1, null, 3] })).collect();
        const [b] = await (await spark.sql('SELECT ? AS b', [['x', null]])).collect();
        return [a.get('a'), b.get('b')];
      };
      if (atLeast(version, 4, 0)) {
        expect(await run()).toEqual([
          [1, null, 3],
          ['x', null],
        ]);
      } else {
        const err = await errorOf(run());
        expect(err).toBeInstanceOf(UnsupportedServerVersionError);
        expect(err.message).toBe(
          `spark.sql() with a null element in an array parameter needs Spark 4.0 or newer; this server runs Spark ${spark.version}`,
        );
      }
      // Arrays without nulls bind on every line.
      const [c] = await (await spark.sql('SELECT :c AS c', { c: [[1], [2, 3]] })).collect();
      expect(c.get('c')).toEqual([[1], [2, 3]]);
    } finally {
      await spark.stop();
    }
  });
});
