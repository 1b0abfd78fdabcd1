/**
 * Delta Lake through Spark Connect, on a server that scripts/spark-server starts with
 * `--with delta` (delta-spark from Maven Central): DataFrameWriterV2 `using('delta')`,
 * `saveAsTable`, `mergeInto` with conditional update / insert / delete clauses, time travel with
 * the `versionAsOf` / `timestampAsOf` read options, and `DESCRIBE HISTORY`, all with exact rows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { col, type DataFrame, lit, SparkSession } from '../../src/index.js';
import { formatServerVersions, startFormatServer, stopFormatServer } from './support.js';

// Table-format commands replay logs and rewrite files: slow on a busy 2-core machine.
vi.setConfig({ testTimeout: 600_000 });

async function rows(df: DataFrame): Promise<unknown[][]> {
  return (await df.collect()).map((r) => r.toArray());
}

describe.each(formatServerVersions('delta'))('Delta Lake on Spark %s', (version) => {
  let spark: SparkSession;
  let dir: string;

  beforeAll(async () => {
    const url = await startFormatServer(version, 'delta');
    spark = await SparkSession.builder()
      .remote(url)
      .config('spark.sql.ansi.enabled', 'true')
      .config('spark.sql.session.timeZone', 'UTC')
      // Delta computes table snapshots with 50 partitions by default: far too many for tiny tables.
      .config('spark.databricks.delta.snapshotPartitions', '2')
      .create();
    dir = await mkdtemp(join(tmpdir(), 'sct-delta-'));
    for (const t of ['delta_v2', 'delta_saved', 'delta_merge']) await spark.sql(`DROP TABLE IF EXISTS ${t}`);
  });

  afterAll(async () => {
    if (spark !== undefined) {
      for (const t of ['delta_v2', 'delta_saved', 'delta_merge'])
        await spark.sql(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
      await spark.stop();
    }
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    await stopFormatServer(version, 'delta');
  });

  it("writeTo(...).using('delta') creates a Delta table; append adds rows", async () => {
    const df = await spark.createDataFrame(
      [
        [1, 'a'],
        [2, 'b'],
      ],
      'id INT, name STRING',
    );
    await df.writeTo('delta_v2').using('delta').create();
    const [detail] = await (await spark.sql('DESCRIBE DETAIL delta_v2')).collect();
    expect(detail.get('format')).toBe('delta');
    await (await spark.createDataFrame([[3, 'c']], 'id INT, name STRING')).writeTo('delta_v2').append();
    expect(await rows(spark.table('delta_v2').orderBy('id'))).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
  });

  it("saveAsTable with format('delta'), overwrite then append", async () => {
    const first = spark.range(0, 5).select(col('id'), col('id').multiply(10).alias('v'));
    await first.write.format('delta').mode('overwrite').saveAsTable('delta_saved');
    await spark
      .range(5, 7)
      .select(col('id'), col('id').multiply(10).alias('v'))
      .write.format('delta')
      .mode('append')
      .saveAsTable('delta_saved');
    const [detail] = await (await spark.sql('DESCRIBE DETAIL delta_saved')).collect();
    expect(detail.get('format')).toBe('delta');
    expect(await rows(spark.table('delta_saved').orderBy('id'))).toEqual(
      [0n, 1n, 2n, 3n, 4n, 5n, 6n].map((i) => [i, i * 10n]),
    );
  });

  it('mergeInto with conditional update, insert and delete clauses gives the exact rows', async () => {
    const target = await spark.createDataFrame(
      [
        [1, 'a', 10],
        [2, 'b', 20],
        [3, 'c', 30],
        [4, 'd', 40],
      ],
      'id INT, name STRING, qty INT',
    );
    await target.writeTo('delta_merge').using('delta').create();
    const source = await spark.createDataFrame(
      [
        [1, 'a2', 11], // matched: updated (name, qty added)
        [2, 'b2', 0], // matched with qty 0: deleted
        [5, 'e', 50], // not matched, qty > 0: inserted
        [6, 'f', 0], // not matched, qty 0: left out
      ],
      'id INT, name STRING, qty INT',
    );
    await source
      .alias('s')
      .mergeInto('delta_merge', col('delta_merge.id').eq(col('s.id')))
      .whenMatched(col('s.qty').eq(0))
      .delete()
      .whenMatched()
      .update({ name: col('s.name'), qty: col('delta_merge.qty').plus(col('s.qty')) })
      .whenNotMatched(col('s.qty').gt(0))
      .insertAll()
      .whenNotMatchedBySource(col('delta_merge.qty').geq(40))
      .delete()
      .whenNotMatchedBySource()
      .update({ qty: col('delta_merge.qty').minus(lit(1)) })
      .merge();
    expect(await rows(spark.table('delta_merge').orderBy('id'))).toEqual([
      [1, 'a2', 21],
      [3, 'c', 29],
      [5, 'e', 50],
    ]);
    const [last] = await (await spark.sql('DESCRIBE HISTORY delta_merge'))
      .orderBy(col('version').desc())
      .limit(1)
      .collect();
    expect(last.get('operation')).toBe('MERGE');
    const metrics = last.get('operationMetrics') as Map<string, string>;
    expect({
      inserted: metrics.get('numTargetRowsInserted'),
      updated: metrics.get('numTargetRowsUpdated'),
      deleted: metrics.get('numTargetRowsDeleted'),
    }).toEqual({ inserted: '1', updated: '2', deleted: '2' });
  });

  it('time travel: versionAsOf and timestampAsOf read options, and DESCRIBE HISTORY', async () => {
    const path = join(dir, 'travel');
    await spark.range(0, 3).write.format('delta').save(path); // version 0: 0, 1, 2
    await spark.range(3, 5).write.format('delta').mode('append').save(path); // version 1: 0..4
    await spark.range(100, 101).write.format('delta').mode('overwrite').save(path); // version 2: 100

    const ids = async (options: Record<string, string>) =>
      (await rows(spark.read.format('delta').options(options).load(path).orderBy('id'))).map((r) => r[0]);
    expect(await ids({ versionAsOf: '0' })).toEqual([0n, 1n, 2n]);
    expect(await ids({ versionAsOf: '1' })).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(await ids({ versionAsOf: '2' })).toEqual([100n]);
    expect(await ids({})).toEqual([100n]);

    const history = await (await spark.sql(`DESCRIBE HISTORY delta.\`${path}\``))
      .orderBy('version')
      .collect();
    expect(
      history.map((h) => [
        h.get('version'),
        h.get('operation'),
        (h.get('operationParameters') as Map<string, string>).get('mode'),
      ]),
    ).toEqual([
      [0n, 'WRITE', 'ErrorIfExists'],
      [1n, 'WRITE', 'Append'],
      [2n, 'WRITE', 'Overwrite'],
    ]);
    // timestampAsOf: each commit's own timestamp reads that version.
    for (const [version, want] of [
      [0, [0n, 1n, 2n]],
      [1, [0n, 1n, 2n, 3n, 4n]],
    ] as const) {
      const ts = history[version].get('timestamp') as Date;
      expect(await ids({ timestampAsOf: ts.toISOString() })).toEqual(want);
    }
  });
});
