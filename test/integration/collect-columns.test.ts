import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataFrame, SparkSession } from '../../src/index.js';
import { newSession, serverMatrix } from '../support/matrix.js';
import { inPartitionOrder } from '../support/sail.js';

/** collect()'s values, column by column. */
async function rowColumns(df: DataFrame): Promise<unknown[][]> {
  const rows = await df.collect();
  const width = (await df.schema()).fields.length;
  return Array.from({ length: width }, (_, k) => rows.map((r) => r.get(k)));
}

describe.each(serverMatrix({ sail: true }))('df.collectColumns() on Spark %s', (version, url) => {
  let spark: SparkSession;
  beforeAll(async () => {
    spark = await newSession(url);
  });
  afterAll(async () => {
    await spark?.stop();
  });

  it('gives the values collect() gives for every type, nulls included', async () => {
    const df = await spark.sql(`SELECT
      CASE WHEN id % 5 = 0 THEN NULL ELSE id % 3 = 0 END AS b,
      CASE WHEN id % 5 = 1 THEN NULL ELSE CAST(id % 256 - 128 AS TINYINT) END AS i8,
      CASE WHEN id % 5 = 2 THEN NULL ELSE CAST(id * 7 - 300 AS SMALLINT) END AS i16,
      CASE WHEN id % 5 = 3 THEN NULL ELSE CAST(id * 1000003 - 2147483647 AS INT) END AS i32,
      CASE WHEN id % 5 = 4 THEN NULL ELSE id * 100000000007 - 9223372036854775807 END AS i64,
      CASE WHEN id % 6 = 0 THEN NULL ELSE CAST(id / 4 AS FLOAT) END AS f32,
      CASE WHEN id % 6 = 1 THEN NULL ELSE id / 3 END AS f64,
      CASE WHEN id % 6 = 2 THEN NULL ELSE CONCAT('s', id, 'é') END AS s,
      CASE WHEN id % 6 = 3 THEN NULL ELSE CAST(id * 1.25 AS DECIMAL(10, 2)) END AS dec,
      CASE WHEN id % 6 = 4 THEN NULL ELSE DATE_ADD(DATE'1969-12-25', CAST(id AS INT)) END AS d,
      CASE WHEN id % 6 = 5 THEN NULL ELSE TIMESTAMP_MICROS(1700000000000000 + id * 1000003) END AS ts,
      CASE WHEN id % 7 = 0 THEN NULL ELSE ARRAY(id, NULL) END AS arr,
      CASE WHEN id % 7 = 1 THEN NULL ELSE NAMED_STRUCT('x', id, 'y', CAST(id AS STRING)) END AS st
      FROM range(0, 50, 1, 2) ORDER BY id`);
    // Ordered: collect() and collectColumns() run the query twice, and a server may return the
    // two partitions in either order each time (Sail does).
    const result = await df.collectColumns();
    const expected = await rowColumns(df);
    expect(result.numRows).toBe(50);
    expect(result.schema.fieldNames()).toEqual((await df.schema()).fieldNames());
    for (const col of result.columns) {
      expect(col.toArray(), col.name).toEqual(expected[col.index]);
      expect(col.nullCount, col.name).toBe(expected[col.index].filter((v) => v === null).length);
      expect(col.nullCount, col.name).toBeGreaterThan(0);
    }
    expect(result.column('b').values).toBeInstanceOf(Uint8Array);
    expect(result.column('i8').values).toBeInstanceOf(Int8Array);
    expect(result.column('i16').values).toBeInstanceOf(Int16Array);
    expect(result.column('i32').values).toBeInstanceOf(Int32Array);
    expect(result.column('f32').values).toBeInstanceOf(Float32Array);
    expect(result.column('f64').values).toBeInstanceOf(Float64Array);
    // id 0: b is null (id % 5 = 0); id 3: b is true (id % 3 = 0).
    expect(result.column('b').nulls?.[0]).toBe(1);
    expect(result.column('b').isNull(0)).toBe(true);
    expect(result.column('b').get(0)).toBeNull();
    expect(result.column('b').get(3)).toBe(true);
    expect(result.column('s').get(3)).toBe('s3é');
    const i64 = result.column('i64').valuesAs('long');
    expect(i64[1]).toBe(100000000007n - 9223372036854775807n);
    expect(result.column('i64').isNull(4)).toBe(true);
    expect(i64[4]).toBe(0n);
  });

  it('copies a multi-partition result of several batches into whole-result typed arrays', async () => {
    const df = spark
      .range(0, 300000, 1, 3)
      .selectExpr('id', 'CAST(id AS DOUBLE) * 0.5 AS half', 'CAST(id % 7 AS INT) AS r');
    let batches = 0;
    for await (const _ of df.toArrowBatches()) batches++;
    expect(batches).toBeGreaterThan(1);
    const result = await df.collectColumns();
    expect(result.numRows).toBe(300000);
    const ids = result.column('id').valuesAs('long');
    const halves = result.column(1).valuesAs('double');
    const rs = result.column('r').valuesAs('integer');
    // Row positions in partition order (range's partitions hold 100000 ids each): Spark's order
    // as it arrived, Sail's (whose partitions arrive in whichever order they finish) sorted.
    const partition = (id: bigint) => id / 100000n;
    const order = inPartitionOrder(version, Array.from(ids.keys()), (k) => partition(ids[k]));
    let ok = 0;
    for (const [i, k] of order.entries()) {
      if (ids[k] === BigInt(i) && halves[k] === i * 0.5 && rs[k] === i % 7) ok++;
    }
    expect(ok).toBe(300000);
    expect(result.columns.every((c) => c.nulls === undefined)).toBe(true);
    // The same values as collect() (a sample: every row's Row object is what the API avoids).
    const rows = inPartitionOrder(version, await df.collect(), (row) => partition(row.get(0) as bigint));
    expect(rows.length).toBe(300000);
    for (const i of [0, 99999, 100000, 150001, 299999]) {
      const k = order[i];
      expect([ids[k], halves[k], rs[k]]).toEqual([rows[i].get(0), rows[i].get(1), rows[i].get(2)]);
    }
  });

  it('gives empty columns with the schema for an empty result', async () => {
    const df = await spark.sql('SELECT id, CAST(id AS STRING) AS s FROM range(10) WHERE id < 0');
    const result = await df.collectColumns({ timeoutMs: 120_000, tags: ['collect-columns'] });
    expect(result.numRows).toBe(0);
    expect(result.schema.simpleString()).toBe('struct<id:bigint,s:string>');
    expect(result.column('id').values).toEqual(new BigInt64Array(0));
    expect(result.column('s').values).toEqual([]);
  });

  it('refuses bad options with a TypeError naming the problem', async () => {
    const df = spark.range(3);
    await expect(df.collectColumns({ timeout: 5 } as never)).rejects.toThrow(
      /Unknown action option 'timeout'; known options: signal, timeoutMs/,
    );
    await expect(df.collectColumns('fast' as never)).rejects.toThrow(TypeError);
    await expect(df.collectColumns({ signal: 'x' } as never)).rejects.toThrow(
      /signal must be an AbortSignal/,
    );
    await expect(df.collectColumns({ timeoutMs: -1 })).rejects.toThrow(/timeoutMs must be a positive number/);
  });

  it('takes an aborted signal like collect() does', async () => {
    const ac = new AbortController();
    ac.abort();
    const df = spark.range(10);
    const columnsError = await df.collectColumns({ signal: ac.signal }).catch((e: unknown) => e);
    const rowsError = await df.collect({ signal: ac.signal }).catch((e: unknown) => e);
    expect(columnsError).toBeInstanceOf(Error);
    expect((columnsError as Error).name).toBe((rowsError as Error).name);
  });
});
