import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  OperationAbortedError,
  OperationTimeoutError,
  SparkConnectClient,
  SparkConnectionError,
  SparkServerLostError,
  SparkSession,
  SparkSessionError,
} from '../../src/index.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { atLeast } from '../support/matrix.js';
import { sleepAggregateSql, spyInterrupts } from '../support/ops.js';
import {
  countCalls,
  FNV_BASIS,
  faultMatrix,
  fnv1a,
  killServer,
  runChild,
  startFaultServer,
  stopFaultServer,
} from './support.js';

/** Figures reported by the tests (printed once per version for the record). */
const figures: Record<string, unknown> = {};

describe.each(faultMatrix())('fault tests on Spark %s (reattach every 1 s / 123 bytes)', (version, port) => {
  let url: string;
  let proxy: FaultProxy;

  beforeAll(async () => {
    url = await startFaultServer(version);
    proxy = new FaultProxy({ target: { host: '127.0.0.1', port } });
    await proxy.start();
  });

  afterEach(() => {
    proxy.setCutPolicy(undefined);
    proxy.resume();
  });

  afterAll(async () => {
    console.log(`[fault figures] Spark ${version}: ${JSON.stringify(figures[version] ?? {})}`);
    await proxy?.close();
    await stopFaultServer(version);
  });

  function record(key: string, value: unknown): void {
    figures[version] = { ...(figures[version] as object), [key]: value };
  }

  it('1M rows arrive complete through >= 20 reattaches and >= 10 cut connections', async () => {
    const N = 1_000_000;
    const spark = await SparkSession.builder().remote(proxy.url()).create();
    try {
      const calls = countCalls(spark, ['executePlan', 'reattachExecute']);
      const cutsBefore = proxy.cuts;
      const df = spark.range(0, N, 1, 4).selectExpr('id', "concat('r', CAST(id AS STRING)) AS s");
      // Cut every connection once it carried 1 MB, 12 times in all (~17 MB of results).
      proxy.setCutPolicy({ afterBytes: 1_000_000, maxCuts: 12 });
      const seen = new Uint8Array(N);
      let rows = 0;
      let repeated = 0;
      let wrong = 0;
      let sumSquares = 0n;
      let checksum = FNV_BASIS;
      for await (const row of df.toLocalIterator()) {
        const id = row.get('id') as bigint;
        const i = Number(id);
        if (seen[i] === 1) repeated++;
        seen[i] = 1;
        if (row.get('s') !== `r${id}`) wrong++;
        sumSquares += id * id;
        checksum = fnv1a(checksum, `${id}:${row.get('s')};`);
        rows++;
      }
      proxy.setCutPolicy(undefined);
      let expectedChecksum = FNV_BASIS;
      for (let i = 0; i < N; i++) expectedChecksum = fnv1a(expectedChecksum, `${i}:r${i};`);
      const [server] = await df.selectExpr('count(*) AS c', 'sum(id * id) AS sq').collect();
      const cuts = proxy.cuts - cutsBefore;

      expect({ rows, repeated, wrong, missing: N - seen.reduce((a, b) => a + b, 0) }).toEqual({
        rows: N,
        repeated: 0,
        wrong: 0,
        missing: 0,
      });
      expect(checksum).toBe(expectedChecksum); // also proves the order
      expect(sumSquares).toBe(server.get('sq'));
      expect(server.get('c')).toBe(BigInt(N));
      expect(calls.reattachExecute).toBeGreaterThanOrEqual(20);
      expect(cuts).toBeGreaterThanOrEqual(10);
      record('oneMillionRows', {
        rows,
        checksum: checksum.toString(16),
        sumSquares: sumSquares.toString(),
        reattaches: calls.reattachExecute,
        executePlans: calls.executePlan,
        cuts,
      });
    } finally {
      await spark.stop();
    }
  });

  it('toArrowBatches() through cut connections: every row once, in order', async () => {
    const N = 300_000;
    const spark = await SparkSession.builder().remote(proxy.url()).create();
    try {
      const calls = countCalls(spark, ['reattachExecute']);
      const cutsBefore = proxy.cuts;
      proxy.setCutPolicy({ afterBytes: 300_000, maxCuts: 5 });
      let next = 0n;
      let out = 0;
      for await (const batch of spark.range(0, N, 1, 3).toArrowBatches()) {
        const ids = batch.getChild('id');
        for (let i = 0; i < batch.numRows; i++) {
          if (ids?.get(i) !== next) out++;
          next++;
        }
      }
      expect({ rows: next, outOfOrder: out }).toEqual({ rows: BigInt(N), outOfOrder: 0 });
      expect(proxy.cuts - cutsBefore).toBe(5);
      expect(calls.reattachExecute).toBeGreaterThanOrEqual(5);
    } finally {
      await spark.stop();
    }
  });

  it('unary calls are retried through cut connections', async () => {
    const spark = await SparkSession.builder().remote(proxy.url()).create();
    try {
      const calls = countCalls(spark, ['config']);
      await spark.rpc.drain(); // no background call in flight: the cuts hit the user's call
      const connectionsBefore = proxy.connections;
      const cutsBefore = proxy.cuts;
      // The next three connections are cut as soon as the server sends anything.
      proxy.setCutPolicy({ afterBytes: 1, maxCuts: 3 });
      expect(await spark.conf.get('spark.sql.shuffle.partitions')).toBe('2');
      expect(proxy.cuts - cutsBefore).toBe(3);
      expect(proxy.connections - connectionsBefore).toBeGreaterThanOrEqual(3);
      expect(calls.config).toBe(4); // one call for the user: the first attempt and 3 retries
    } finally {
      await spark.stop();
    }
  });

  it('with retryPolicy({ maxRetries: 0 }) a cut connection fails at once', async () => {
    const spark = await SparkSession.builder().remote(proxy.url()).retryPolicy({ maxRetries: 0 }).create();
    try {
      // Streams that end without result_complete are not failures: reattach still works.
      expect((await spark.range(0, 30_000, 1, 3).collect()).length).toBe(30_000);
      await spark.rpc.drain(); // no background call in flight: the cut hits the user's call
      const connectionsBefore = proxy.connections;
      proxy.setCutPolicy({ afterBytes: 1, maxCuts: 1 });
      const t0 = Date.now();
      const err = await spark.conf.get('spark.sql.shuffle.partitions').then(
        () => new Error('expected the cut to fail the call'),
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SparkConnectionError);
      expect((err as Error).message).toMatch(/127\.0\.0\.1:\d+/);
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(proxy.connections - connectionsBefore).toBe(0); // no new connection: no retry
      // The client reconnects on the next call.
      expect(await spark.conf.get('spark.sql.shuffle.partitions')).toBe('2');
    } finally {
      await spark.stop();
    }
  });

  it('a stalled connection: timeoutMs rejects promptly, and the session works once it flows again', async () => {
    const spark = await SparkSession.builder().remote(proxy.url()).create();
    try {
      let rows = 0;
      const t0 = Date.now();
      const err = await (async () => {
        for await (const _ of spark.range(0, 200_000, 1, 2).toLocalIterator({ timeoutMs: 4000 })) {
          if (++rows === 1000) proxy.stall();
        }
      })().then(
        () => new Error('expected a timeout'),
        (e: unknown) => e,
      );
      const elapsed = Date.now() - t0;
      expect(err).toBeInstanceOf(OperationTimeoutError);
      expect(rows).toBeGreaterThanOrEqual(1000);
      expect(elapsed).toBeLessThan(4000 + 2000);
      proxy.resume();
      expect(await spark.range(0, 1000, 1, 2).count()).toBe(1000);
      record('stallTimeout', { timeoutMs: 4000, rejectedAfterMs: elapsed });
    } finally {
      await spark.stop();
    }
  });

  it('cancelling a long query (abort, timeout) rejects within 2 s and the server interrupts it', async () => {
    const spark = await SparkSession.builder().remote(proxy.url()).create();
    try {
      const interrupts = spyInterrupts(spark);
      // ~15 s of work on 2 cores unless interrupted; its stream is reattached every second.
      const df = await spark.sql(sleepAggregateSql(3000, 10));
      const latencies: Record<string, number> = {};
      for (const kind of ['abort', 'timeout'] as const) {
        const operationId = randomUUID();
        const ctrl = new AbortController();
        const opts =
          kind === 'abort' ? { signal: ctrl.signal, operationId } : { timeoutMs: 2500, operationId };
        const result = df.collect(opts).then(
          () => new Error('expected a cancel'),
          (e: unknown) => e,
        );
        await new Promise((r) => setTimeout(r, 2500));
        const t0 = Date.now();
        if (kind === 'abort') ctrl.abort();
        const err = await result;
        latencies[kind] = Date.now() - t0;
        expect(err).toBeInstanceOf(kind === 'abort' ? OperationAbortedError : OperationTimeoutError);
        expect(latencies[kind]).toBeLessThan(2000);
        await spark.rpc.drain();
        // The server answered the client's Interrupt with this very operation.
        expect(
          interrupts.filter((i) => i.operationId === operationId).flatMap((i) => i.interruptedIds),
        ).toEqual([operationId]);
      }
      expect(await spark.interruptAll()).toEqual([]);
      record('cancelLatencyMs', latencies);
    } finally {
      await spark.stop();
    }
  });

  it('64 concurrent queries over 8 sessions on one client all return correct results', async () => {
    const client = new SparkConnectClient(proxy.url());
    try {
      const sessions = await Promise.all(Array.from({ length: 8 }, () => client.createSession()));
      const cutsBefore = proxy.cuts;
      // Two cuts break all 64 streams at once (they share the client's connection).
      proxy.setCutPolicy({ afterBytes: 2_000_000, maxCuts: 2 });
      const jobs = sessions.flatMap((spark, s) =>
        Array.from({ length: 8 }, async (_, q) => {
          const k = s * 8 + q;
          const start = k * 100_000;
          const n = 5_000 + k;
          let count = 0;
          let sum = 0n;
          let ok = true;
          for await (const row of spark.range(start, start + n, 1, 2).selectExpr('id', `id * ${k} AS x`)) {
            const id = row.get('id') as bigint;
            if (id !== BigInt(start + count) || row.get('x') !== id * BigInt(k)) ok = false;
            sum += id;
            count++;
          }
          const expectedSum = (BigInt(n) * BigInt(2 * start + n - 1)) / 2n;
          return { k, ok: ok && count === n && sum === expectedSum };
        }),
      );
      const results = await Promise.all(jobs);
      expect(results.filter((r) => !r.ok)).toEqual([]);
      expect(results).toHaveLength(64);
      expect(new Set(sessions.map((s) => s.sessionId)).size).toBe(8);
      record('concurrent', { queries: 64, sessions: 8, cuts: proxy.cuts - cutsBefore });
    } finally {
      await client.close();
    }
  });

  it('iterating 20M rows keeps the memory growth of the process under 200 MB', async () => {
    const N = 20_000_000;
    const result = await runChild<{
      rows: number;
      sum: string;
      inOrder: boolean;
      growthBytes: number;
      ms: number;
    }>('memory-child.ts', [url, String(N)]);
    expect(result.rows).toBe(N);
    expect(result.inOrder).toBe(true);
    expect(BigInt(result.sum)).toBe((BigInt(N) * BigInt(N - 1)) / 2n);
    expect(result.growthBytes).toBeLessThan(200 * 1024 * 1024);
    record('twentyMillionRows', {
      rows: result.rows,
      growthMB: Math.round(result.growthBytes / 1024 / 1024),
      seconds: Math.round(result.ms / 1000),
    });
  }, 300_000);

  it('a server killed and restarted mid-session: clear errors, and a new session works', async () => {
    const spark = await SparkSession.builder()
      .remote(url)
      .retryPolicy({ maxConnectRefusedMs: 2000 })
      .create();
    try {
      await spark.sql('CREATE TEMPORARY VIEW fault_v AS SELECT 42 AS answer');
      expect((await spark.table('fault_v').collect())[0].get('answer')).toBe(42);

      // Kill the server while a result is being read.
      let rows = 0;
      const reading = (async () => {
        for await (const _ of spark.range(0, 5_000_000, 1, 10).toLocalIterator()) {
          if (++rows === 10_000) await killServer(port);
        }
      })().then(
        () => new Error('expected the read to fail'),
        (e: unknown) => e,
      );
      const readErr = await reading;
      // The stream broke, then every reconnection was refused: the server (and the operation) is
      // gone, and the error says so instead of only "cannot connect".
      expect(readErr).toBeInstanceOf(SparkServerLostError);
      expect(readErr).toBeInstanceOf(SparkConnectionError);
      const lost = readErr as SparkServerLostError;
      expect(lost.operationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(lost.message).toContain(`Lost operation ${lost.operationId}: `);
      expect(lost.message).toContain(`127.0.0.1:${port}: connection refused (ECONNREFUSED)`);
      expect(lost.message).toMatch(/The server has most likely exited/);

      // Nothing listens now: a call fails within the refused-connection budget.
      const t0 = Date.now();
      await expect(spark.conf.get('spark.sql.shuffle.partitions')).rejects.toBeInstanceOf(
        SparkConnectionError,
      );
      expect(Date.now() - t0).toBeLessThan(2000 + 3000);

      await stopFaultServer(version); // forgets the killed process
      await startFaultServer(version);

      if (atLeast(version, 4, 0)) {
        // The new server does not know the session: the client says so, and keeps saying so.
        const err = await spark
          .table('fault_v')
          .collect()
          .then(
            () => new Error('expected a lost session'),
            (e: unknown) => e,
          );
        expect(err).toBeInstanceOf(SparkSessionError);
        expect((err as Error).message).toMatch(/lost session|SESSION_CHANGED|SESSION_NOT_FOUND/);
        await expect(spark.range(1).count()).rejects.toBeInstanceOf(SparkSessionError);
      } else {
        // Spark 3.5 has no server-side session ids: the loss shows as the state being gone.
        await expect(spark.table('fault_v').collect()).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
      }

      // A new session on the same client works.
      const fresh = await spark.client.createSession();
      expect(await fresh.range(0, 100_000, 1, 2).count()).toBe(100_000);
      await fresh.stop();
      // And so does a new client.
      const other = await SparkSession.builder().remote(url).create();
      expect((await other.range(5).collect()).map((r) => r.get('id'))).toEqual([0n, 1n, 2n, 3n, 4n]);
      await other.stop();
      record('restart', { rowsBeforeKill: rows });
    } finally {
      await spark.stop();
    }
  });
});
