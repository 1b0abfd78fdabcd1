/**
 * Results larger than memory: rows and Arrow batches as they arrive, early stops that release
 * (and interrupt) the operation on the server, and Spark 4.1+ chunked Arrow batches for rows
 * larger than a gRPC message.
 */
import { randomUUID } from 'node:crypto';
import { RecordBatch } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { newResultState } from '../../src/client/results.js';
import { type DataFrame, SparkConnectError, type SparkSession } from '../../src/index.js';
import { atLeast, isSail, itIf, newSession, serverMatrix } from '../support/matrix.js';
import { reattachProbe, slowQuerySql, spyInterrupts } from '../support/ops.js';
import { inPartitionOrder, sailIt } from '../support/sail.js';

describe.each(serverMatrix({ sail: true }))('streaming results on Spark %s', (version, url) => {
  const test = sailIt(version, 'streaming results');
  let spark: SparkSession;

  beforeAll(async () => {
    spark = await newSession(url);
    // Small Arrow batches so a modest result has many of them.
    await spark.conf.set('spark.sql.execution.arrow.maxRecordsPerBatch', '1000');
  });

  afterAll(async () => {
    await spark?.interruptAll().catch(() => undefined);
    await spark?.stop();
  });

  const N = 50_000;
  const numbers = () => spark.range(0, N, 1, 4).selectExpr('id', "concat('r', CAST(id AS STRING)) AS s");

  test('toLocalIterator() and for await yield every row once, in order', async () => {
    const seen: bigint[] = [];
    for await (const row of numbers().toLocalIterator()) {
      expect(row.get('s')).toBe(`r${row.get('id')}`);
      seen.push(row.get('id') as bigint);
    }
    // Sail streams the 4 partitions in whichever order they finish.
    const ordered = inPartitionOrder(version, seen, (id) => id / BigInt(N / 4));
    expect(ordered).toEqual(Array.from({ length: N }, (_, i) => BigInt(i)));

    let count = 0;
    let sum = 0n;
    for await (const row of numbers()) {
      count++;
      sum += row.get('id') as bigint;
    }
    expect(count).toBe(N);
    expect(sum).toBe(BigInt((N * (N - 1)) / 2));
  });

  test('toArrowBatches() yields apache-arrow RecordBatches as they arrive', async () => {
    let batches = 0;
    const seen: bigint[] = [];
    for await (const batch of numbers().toArrowBatches()) {
      expect(batch).toBeInstanceOf(RecordBatch);
      expect(batch.schema.fields.map((f) => f.name)).toEqual(['id', 's']);
      const ids = batch.getChild('id');
      for (let i = 0; i < batch.numRows; i++) seen.push(ids?.get(i) as bigint);
      batches++;
    }
    const ordered = inPartitionOrder(version, seen, (id) => id / BigInt(N / 4));
    expect(ordered).toEqual(Array.from({ length: N }, (_, i) => BigInt(i)));
    // maxRecordsPerBatch = 1000: one batch per 1000 rows at least.
    expect(batches).toBeGreaterThanOrEqual(N / 1000);
  });

  // The early-stop tests need a slow query (slowQuerySql sleeps through `reflect`, which Sail
  // lacks): they run on Spark only.
  /** Stops reading early; returns what the server says about the operation afterwards. */
  async function breakEarly(
    read: (df: DataFrame, opts: { operationId: string; tags: string[] }) => Promise<number>,
  ): Promise<{ read: number; interruptedByClient: string[]; tagStillRunning: string[]; reattach: string }> {
    const interrupts = spyInterrupts(spark);
    const operationId = randomUUID();
    const tag = `early-${randomUUID().slice(0, 8)}`;
    // The first 2 000 rows come at once; the other partitions would keep 2 cores busy for ~15 s.
    const df = await spark.sql(
      slowQuerySql({ fastRows: 2000, slowPartitions: 3, slowRows: 1000, sleepMs: 10 }),
    );
    const n = await read(df, { operationId, tags: [tag] });
    await spark.rpc.drain();
    const mine = interrupts.filter((i) => i.operationId === operationId);
    return {
      read: n,
      interruptedByClient: mine.flatMap((i) => i.interruptedIds),
      tagStillRunning: await spark.interruptTag(tag),
      reattach: await reattachProbe(spark, operationId),
    };
  }

  itIf(!isSail(version))(
    'breaking out of toLocalIterator() interrupts and releases the running operation',
    async () => {
      let operationId = '';
      const result = await breakEarly(async (df, opts) => {
        operationId = opts.operationId;
        let n = 0;
        for await (const _ of df.toLocalIterator(opts)) {
          if (++n === 10) break;
        }
        return n;
      });
      expect(result).toEqual({
        read: 10,
        interruptedByClient: [operationId],
        tagStillRunning: [],
        reattach: 'INVALID_HANDLE.OPERATION_NOT_FOUND',
      });
    },
  );

  itIf(!isSail(version))(
    'breaking out of toArrowBatches() interrupts and releases the running operation',
    async () => {
      let operationId = '';
      const result = await breakEarly(async (df, opts) => {
        operationId = opts.operationId;
        let n = 0;
        for await (const b of df.toArrowBatches(opts)) {
          n += b.numRows;
          break;
        }
        return n;
      });
      expect(result.read).toBeGreaterThan(0);
      expect(result).toMatchObject({
        interruptedByClient: [operationId],
        tagStillRunning: [],
        reattach: 'INVALID_HANDLE.OPERATION_NOT_FOUND',
      });
    },
  );

  itIf(!isSail(version))('an exception thrown in a for await loop releases the operation too', async () => {
    let operationId = '';
    const result = await breakEarly(async (df, opts) => {
      operationId = opts.operationId;
      let n = 0;
      await expect(
        (async () => {
          for await (const _ of df.toLocalIterator(opts)) {
            if (++n === 5) throw new Error('consumer failed');
          }
        })(),
      ).rejects.toThrow('consumer failed');
      return n;
    });
    expect(result).toEqual({
      read: 5,
      interruptedByClient: [operationId],
      tagStillRunning: [],
      reattach: 'INVALID_HANDLE.OPERATION_NOT_FOUND',
    });
  });

  test('a fully read result is released on the server', async () => {
    const operationId = randomUUID();
    const rows = await spark.range(5).collect({ operationId });
    expect(rows.map((r) => r.get('id'))).toEqual([0n, 1n, 2n, 3n, 4n]);
    await spark.rpc.drain();
    expect(await reattachProbe(spark, operationId)).toBe('INVALID_HANDLE.OPERATION_NOT_FOUND');
  });

  const big = 'SELECT id, repeat(CAST(id AS STRING), 10 * 1024 * 1024) AS s FROM range(3)';

  // Sail reports 4.2 but does not chunk results: there the oversized message fails, as before 4.1.
  if (atLeast(version, 4, 1) && !isSail(version)) {
    test('rows larger than a gRPC message arrive in chunks and are reassembled (4.1+)', async () => {
      const small = await newSmallMessageSession(url);
      try {
        const df = await small.sql(big);
        const seen: [bigint, number, string][] = [];
        for await (const row of df.toLocalIterator()) {
          const s = row.get('s') as string;
          const digit = String(row.get('id'));
          expect(s === digit.repeat(s.length)).toBe(true);
          seen.push([row.get('id') as bigint, s.length, s[0]]);
        }
        expect(seen).toEqual([
          [0n, 10 * 1024 * 1024, '0'],
          [1n, 10 * 1024 * 1024, '1'],
          [2n, 10 * 1024 * 1024, '2'],
        ]);
        // Each Arrow batch (one or more 10 MiB rows) is larger than the 4 MiB message limit: every
        // batch came in chunks.
        const state = newResultState();
        let rows = 0;
        for await (const b of df.batches(undefined, state)) rows += b.numRows;
        expect(rows).toBe(3);
        expect(state.chunkedBatches).toBeGreaterThanOrEqual(1);
      } finally {
        await small.stop();
      }
    });
  } else {
    test('rows larger than a gRPC message fail clearly (no result chunking before Spark 4.1, nor on Sail)', async () => {
      const small = await newSmallMessageSession(url);
      try {
        const df = await small.sql(big);
        const err = await df.collect().then(
          () => new Error('expected the oversized message to be refused'),
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(SparkConnectError);
        // Sail sometimes fails the operation itself first, as the client refuses the message.
        const refused = isSail(version)
          ? /RESOURCE_EXHAUSTED.*larger than.* 4194304|INTERNAL: internal error: task context not found/
          : /RESOURCE_EXHAUSTED.*larger than.* 4194304/;
        expect((err as Error).message).toMatch(refused);
      } finally {
        await small.stop();
      }
    });
  }
});

async function newSmallMessageSession(url: string): Promise<SparkSession> {
  return newSession(`${url}/;grpc_max_message_size=${4 * 1024 * 1024}`);
}
