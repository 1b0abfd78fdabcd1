/**
 * Apache Iceberg through Spark Connect, on a server that scripts/spark-server starts with
 * `--with iceberg` (iceberg-spark-runtime from Maven Central, a Hadoop catalog named `iceberg`):
 * DataFrameWriterV2 `using('iceberg')`, `saveAsTable`, `mergeInto` with conditional update / insert
 * / delete clauses, time travel with the `versionAsOf` (snapshot id) / `timestampAsOf` read options, and the
 * snapshots metadata table, all with exact rows.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { col, type DataFrame, lit, SparkSession } from '../../src/index.js';
import { formatServerVersions, startFormatServer, stopFormatServer } from './support.js';

// Table-format commands replay logs and rewrite files: slow on a busy 2-core machine.
vi.setConfig({ testTimeout: 600_000 });

async function rows(df: DataFrame): Promise<unknown[][]> {
  return (await df.collect()).map((r) => r.toArray());
}

const NS = 'iceberg.sct';
const TABLES = ['v2', 'saved', 'merged', 'travel'].map((t) => `${NS}.${t}`);

describe.each(formatServerVersions('iceberg'))('Apache Iceberg on Spark %s', (version) => {
  let spark: SparkSession;

  beforeAll(async () => {
    const url = await startFormatServer(version, 'iceberg');
    spark = await SparkSession.builder()
      .remote(url)
      .config('spark.sql.ansi.enabled', 'true')
      .config('spark.sql.session.timeZone', 'UTC')
      .create();
    await spark.sql(`CREATE NAMESPACE IF NOT EXISTS ${NS}`);
    for (const t of TABLES) await spark.sql(`DROP TABLE IF EXISTS ${t}`);
  });

  afterAll(async () => {
    if (spark !== undefined) {
      for (const t of TABLES) await spark.sql(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
      await spark.stop();
    }
    await stopFormatServer(version, 'iceberg');
  });

  it("writeTo(...).using('iceberg') creates an Iceberg table; append adds rows", async () => {
    const df = await spark.createDataFrame(
      [
        [1, 'a'],
        [2, 'b'],
      ],
      'id INT, name STRING',
    );
    await df.writeTo(`${NS}.v2`).using('iceberg').create();
    await (await spark.createDataFrame([[3, 'c']], 'id INT, name STRING')).writeTo(`${NS}.v2`).append();
    expect(await rows(spark.table(`${NS}.v2`).orderBy('id'))).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    const snapshots = await (
      await spark.sql(`SELECT operation FROM ${NS}.v2.snapshots ORDER BY committed_at`)
    ).collect();
    expect(snapshots.map((s) => s.get('operation'))).toEqual(['append', 'append']);
  });

  it('saveAsTable in the iceberg catalog, overwrite then append', async () => {
    const mk = (a: number, b: number) =>
      spark.range(a, b).select(col('id'), col('id').multiply(10).alias('v'));
    await mk(0, 5).write.format('iceberg').mode('overwrite').saveAsTable(`${NS}.saved`);
    await mk(5, 7).write.format('iceberg').mode('append').saveAsTable(`${NS}.saved`);
    expect(await rows(spark.table(`${NS}.saved`).orderBy('id'))).toEqual(
      [0n, 1n, 2n, 3n, 4n, 5n, 6n].map((i) => [i, i * 10n]),
    );
  });

  it('mergeInto with conditional update, insert and delete clauses gives the exact rows', async () => {
    const target = `${NS}.merged`;
    await (
      await spark.createDataFrame(
        [
          [1, 'a', 10],
          [2, 'b', 20],
          [3, 'c', 30],
          [4, 'd', 40],
        ],
        'id INT, name STRING, qty INT',
      )
    )
      .writeTo(target)
      .using('iceberg')
      .create();
    const source = await spark.createDataFrame(
      [
        [1, 'a2', 11],
        [2, 'b2', 0],
        [5, 'e', 50],
        [6, 'f', 0],
      ],
      'id INT, name STRING, qty INT',
    );
    await source
      .alias('s')
      .mergeInto(target, col(`${target}.id`).eq(col('s.id')))
      .whenMatched(col('s.qty').eq(0))
      .delete()
      .whenMatched()
      .update({ name: col('s.name'), qty: col(`${target}.qty`).plus(col('s.qty')) })
      .whenNotMatched(col('s.qty').gt(0))
      .insertAll()
      .whenNotMatchedBySource(col(`${target}.qty`).geq(40))
      .delete()
      .whenNotMatchedBySource()
      .update({ qty: col(`${target}.qty`).minus(lit(1)) })
      .merge();
    expect(await rows(spark.table(target).orderBy('id'))).toEqual([
      [1, 'a2', 21],
      [3, 'c', 29],
      [5, 'e', 50],
    ]);
  });

  it('time travel: versionAsOf (snapshot id) and timestampAsOf read options over the snapshots table', async () => {
    const t = `${NS}.travel`;
    await spark.range(0, 3).writeTo(t).using('iceberg').create(); // 0, 1, 2
    await spark.range(3, 5).writeTo(t).append(); // 0..4
    await spark.range(100, 101).writeTo(t).replace(); // 100
    const snaps = await (
      await spark.sql(`SELECT snapshot_id, committed_at FROM ${t}.snapshots ORDER BY committed_at`)
    ).collect();
    expect(snaps).toHaveLength(3);
    const ids = async (options: Record<string, string>) =>
      (await rows(spark.read.options(options).table(t).orderBy('id'))).map((r) => r[0]);
    const want = [[0n, 1n, 2n], [0n, 1n, 2n, 3n, 4n], [100n]];
    for (let i = 0; i < 3; i++) {
      // Iceberg 1.11 on Spark 4.x rejects its own `snapshot-id` / `as-of-timestamp` options and
      // takes Spark's: versionAsOf (a snapshot id) and timestampAsOf.
      expect(await ids({ versionAsOf: String(snaps[i].get('snapshot_id')) })).toEqual(want[i]);
      const at = snaps[i].get('committed_at') as Date;
      expect(await ids({ timestampAsOf: at.toISOString() })).toEqual(want[i]);
    }
    expect(await ids({})).toEqual([100n]);
  });
});
