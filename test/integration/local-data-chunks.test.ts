/**
 * createDataFrame above the cache threshold: on Spark 4.1+ the data goes up in chunks (a
 * ChunkedCachedLocalRelation), on 3.5 / 4.0 as one CachedLocalRelation artifact. The session's
 * threshold and chunk sizes are set low so a few-MB frame spans many chunks and several
 * AddArtifacts calls; every round trip must be exact. Sail has no artifact cache: there the same
 * data goes inline and must come back just as exactly.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { artifactStatuses } from '../../src/client/artifacts.js';
import type { SparkSession } from '../../src/index.js';
import { atLeast, isSail, newSession, serverMatrix } from '../support/matrix.js';
import { sailIt } from '../support/sail.js';

const ROWS = 60_000;
const text = (i: number) => `row-${i}-${'y'.repeat(i % 97)}`;
const data = Array.from({ length: ROWS }, (_, i) => [i, text(i), i % 7 === 0 ? null : i / 8]);
const SCHEMA = 'id BIGINT, text STRING, x DOUBLE';

describe.each(serverMatrix({ sail: true }))('cached local data on Spark %s', (version, url) => {
  const test = sailIt(version, 'cached local data');
  const chunked = atLeast(version, 4, 1);
  let spark: SparkSession;
  beforeAll(async () => {
    spark = await newSession(url);
    await spark.conf.setAll({
      'spark.sql.session.localRelationCacheThreshold': '1048576',
      // Ignored before 4.1.
      'spark.sql.session.localRelationChunkSizeRows': '100000',
      'spark.sql.session.localRelationChunkSizeBytes': '262144',
      'spark.sql.session.localRelationBatchOfChunksSizeBytes': '1048576',
    });
  });
  afterAll(async () => {
    await spark?.stop();
  });

  const form = isSail(version)
    ? 'the rows inline (no artifact cache on Sail)'
    : chunked
      ? 'a ChunkedCachedLocalRelation of many 256 KiB chunks'
      : 'one CachedLocalRelation';
  test(`sends ${form} and reads every row back exactly`, async () => {
    const df = await spark.createDataFrame(data, SCHEMA);
    const plan = df.plan as { kind: string; hash?: string; dataHashes?: string[]; schemaHash?: string };
    let names: string[] = [];
    if (isSail(version)) {
      // Sail has no artifact cache (it answers ArtifactStatus that it lacks it): the client sends
      // the same data inline, and the rows must still come back exactly.
      expect(plan.kind).toBe('localRelation');
    } else if (chunked) {
      expect(plan.kind).toBe('chunkedCachedLocalRelation');
      // About 4 MB of Arrow data in chunks of at most 256 KiB.
      expect(plan.dataHashes?.length).toBeGreaterThanOrEqual(12);
      expect(new Set(plan.dataHashes).size).toBe(plan.dataHashes?.length);
      names = [plan.schemaHash as string, ...(plan.dataHashes as string[])].map((h) => `cache/${h}`);
    } else {
      expect(plan.kind).toBe('cachedLocalRelation');
      names = [`cache/${plan.hash}`];
    }
    if (names.length > 0) {
      expect([...(await artifactStatuses(spark.rpc, names)).values()]).toEqual(names.map(() => true));
    }
    const rows = await df.orderBy('id').collect();
    expect(rows.length).toBe(ROWS);
    rows.forEach((r, i) => {
      const [id, t, x] = data[i];
      expect([r.get('id'), r.get('text'), r.get('x')]).toEqual([BigInt(id as number), t, x]);
    });
    const [agg] = await df.selectExpr('count(*) AS n', 'sum(id) AS s', 'count(x) AS nx').collect();
    expect(agg.toObject()).toEqual({
      n: BigInt(ROWS),
      s: BigInt((ROWS * (ROWS - 1)) / 2),
      nx: BigInt(ROWS - Math.ceil(ROWS / 7)),
    });
  });

  // The chunked path only (3.5 cannot read a 30,000-row day-time interval local relation at all,
  // inline or cached: an IndexOutOfBoundsException in its Arrow reader, whatever the upload).
  if (!chunked) return;
  test('keeps a column type the chunks carry widened (an interval) exact', async () => {
    const big = Array.from({ length: 30_000 }, (_, i) => [i, BigInt(i) * 1_000_000n, 'z'.repeat(40)]);
    const df = await spark.createDataFrame(big, 'id INT, d INTERVAL HOUR TO SECOND, pad STRING');
    expect(df.plan.kind).toBe('project');
    const rows = await df.orderBy('id').select('id', 'd').collect();
    expect(rows.length).toBe(30_000);
    expect(rows[29_999].toObject()).toEqual({ id: 29_999, d: 29_999_000_000n });
    expect((await df.schema()).simpleString()).toBe('struct<id:int,d:interval hour to second,pad:string>');
  });
});
