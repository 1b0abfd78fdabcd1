/**
 * Silent connections: a proxy between the client and a real server stops forwarding both ways
 * and keeps the sockets open (a dropped NAT or load-balancer entry: no FIN, no RST). The client
 * must notice (keep-alive PINGs, the silent-call probe), reattach or retry on a new connection,
 * and complete with exact results; or fail within the retry bound with a clear error. Never hang.
 *
 * Timings are made small with options (PING after 2 s, 2 s to answer, probe after 2 s) so the tier
 * stays fast; the defaults (60 s / 20 s / 30 s) work the same way, only slower.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type KeepaliveOptions,
  SparkConnectClient,
  SparkConnectionError,
  SparkSession,
} from '../../src/index.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { faultLineServers } from '../support/matrix.js';
import { countCalls } from './support.js';

/** Small timings for tests: silence is noticed within about 4 s. */
const FAST: KeepaliveOptions = { timeMs: 2000, timeoutMs: 2000, callIdleMs: 2000 };

/** Nothing in this file may take longer: a hang fails the test instead of the tier. */
const BOUND_MS = 60_000;

const figures: Record<string, Record<string, unknown>> = {};

describe.each(faultLineServers())('silent connections on Spark %s', (version, url) => {
  let proxy: FaultProxy;

  beforeAll(async () => {
    const port = Number(new URL(url.replace('sc://', 'http://')).port);
    proxy = new FaultProxy({ target: { host: '127.0.0.1', port } });
    await proxy.start();
  });

  afterAll(async () => {
    console.log(`[silent figures] Spark ${version}: ${JSON.stringify(figures[version] ?? {})}`);
    await proxy?.close();
  });

  function record(key: string, value: unknown): void {
    figures[version] = { ...figures[version], [key]: value };
  }

  function session(): Promise<SparkSession> {
    return SparkSession.builder().remote(proxy.url()).keepalive(FAST).create();
  }

  it(
    'in the middle of a 3M-row result: reattaches on a new connection, every row once and in order',
    async () => {
      const N = 3_000_000;
      const spark = await session();
      try {
        const calls = countCalls(spark, ['reattachExecute']);
        const silencedBefore = proxy.silenced;
        const connectionsBefore = proxy.connections;
        let next = 0n;
        let outOfOrder = 0;
        let sum = 0n;
        let silencedAt = 0;
        let maxGapMs = 0;
        let last = Date.now();
        for await (const batch of spark.range(0, N, 1, 4).toArrowBatches()) {
          const now = Date.now();
          maxGapMs = Math.max(maxGapMs, now - last);
          last = now;
          const ids = batch.getChild('id');
          for (let i = 0; i < batch.numRows; i++) {
            const id = ids?.get(i) as bigint;
            if (id !== next) outOfOrder++;
            sum += id;
            next++;
          }
          if (silencedAt === 0 && next >= 500_000n) {
            expect(proxy.silence()).toBe(1);
            silencedAt = now;
          }
        }
        expect({ rows: next, outOfOrder, sum }).toEqual({
          rows: BigInt(N),
          outOfOrder: 0,
          sum: (BigInt(N) * BigInt(N - 1)) / 2n,
        });
        expect(proxy.silenced - silencedBefore).toBe(1);
        expect(proxy.connections - connectionsBefore).toBeGreaterThanOrEqual(1); // a new connection
        expect(calls.reattachExecute).toBeGreaterThanOrEqual(1);
        record('midResult3M', { rows: N, sum: sum.toString(), maxGapMs, reattaches: calls.reattachExecute });
      } finally {
        await spark.stop();
      }
    },
    BOUND_MS * 2,
  );

  it.each([
    ['before the server preface', 'connect'],
    ['right after the server preface', 'serverPreface'],
  ] as const)(
    'a connection silent %s: session creation retries on a new connection',
    async (_what, after) => {
      const connectionsBefore = proxy.connections;
      const silencedBefore = proxy.silenced;
      proxy.setSilencePolicy({ after, maxConnections: 1 });
      const t0 = Date.now();
      const spark = await session();
      try {
        const ms = Date.now() - t0;
        expect(proxy.silenced - silencedBefore).toBe(1);
        expect(proxy.connections - connectionsBefore).toBe(2);
        expect(spark.version).toMatch(/^\d+\.\d+\.\d+/);
        expect((await spark.range(5).collect()).map((r) => r.get('id'))).toEqual([0n, 1n, 2n, 3n, 4n]);
        record(`createSilent${after === 'connect' ? 'BeforePreface' : 'AfterPreface'}Ms`, ms);
      } finally {
        proxy.setSilencePolicy(undefined);
        await spark.stop();
      }
    },
    BOUND_MS,
  );

  it(
    'silent during session creation (its config call): creation completes with the config applied',
    async () => {
      const client = new SparkConnectClient(proxy.url(), { keepalive: FAST });
      try {
        const rpc = client.rpcClient as unknown as Record<string, (...args: unknown[]) => unknown>;
        const original = rpc.config.bind(rpc);
        let silenced = 0;
        rpc.config = (...args: unknown[]) => {
          if (silenced === 0) silenced = proxy.silence();
          return original(...args);
        };
        const spark = await client.createSession({ config: { 'spark.sql.shuffle.partitions': 7 } });
        expect(silenced).toBe(1);
        rpc.config = original;
        expect(await spark.conf.get('spark.sql.shuffle.partitions')).toBe('7');
      } finally {
        await client.close();
      }
    },
    BOUND_MS,
  );

  it(
    'silent during unary calls (config, analyze): each is retried on a new connection',
    async () => {
      const spark = await session();
      try {
        await spark.rpc.drain();
        const calls = countCalls(spark, ['config', 'analyzePlan']);
        expect(proxy.silence()).toBe(1);
        const t0 = Date.now();
        expect(await spark.conf.get('spark.sql.shuffle.partitions')).toBe('2');
        record('unaryConfigRecoveryMs', Date.now() - t0);
        expect(calls.config).toBe(2); // the silent attempt, then the retry

        expect(proxy.silence()).toBe(1);
        const schema = await spark.range(3).selectExpr('id * 2 AS twice').schema();
        expect(schema.fields.map((f) => f.name)).toEqual(['twice']);
        expect(calls.analyzePlan).toBe(2);
      } finally {
        await spark.stop();
      }
    },
    BOUND_MS,
  );

  it(
    'a query that sends nothing for 12 s on a live connection is not broken by the probe',
    async () => {
      const spark = await session();
      try {
        const df = await spark.sql(
          "SELECT reflect('java.lang.Thread', 'sleep', bigint(12000)) AS slept, 42 AS answer",
        );
        const [row] = await df.collect();
        expect(row.get('answer')).toBe(42);
        expect(proxy.silentConnections).toBe(0);
      } finally {
        await spark.stop();
      }
    },
    BOUND_MS,
  );

  it(
    'when every connection stays silent, creation fails within the retry bound naming the cause',
    async () => {
      proxy.setSilencePolicy({ after: 'connect' });
      const t0 = Date.now();
      try {
        const err = await SparkSession.builder()
          .remote(proxy.url())
          .keepalive(FAST)
          .retryPolicy({ maxElapsedMs: 8000 })
          .create()
          .then(
            () => new Error('expected a failure'),
            (e: unknown) => e,
          );
        const ms = Date.now() - t0;
        expect(err).toBeInstanceOf(SparkConnectionError);
        expect((err as Error).message).toMatch(
          /went silent: .*no answer to an HTTP\/2 (keep-alive )?PING within 2 s .*\(gave up after \d+ retr(y|ies) in [\d.]+ s\)/,
        );
        // 8 s of retries, plus the last attempt's probe (2 s idle + 2 s PING timeout).
        expect(ms).toBeLessThan(8000 + 4000 + 3000);
        record('allSilentCreateFailsMs', ms);
      } finally {
        proxy.setSilencePolicy(undefined);
      }
    },
    BOUND_MS,
  );

  it(
    'create({ timeoutMs }) bounds session creation on a silent server',
    async () => {
      proxy.setSilencePolicy({ after: 'connect' });
      const t0 = Date.now();
      try {
        await expect(
          SparkSession.builder()
            .remote(proxy.url())
            .keepalive({ enabled: false })
            .create({ timeoutMs: 1500 }),
        ).rejects.toThrow(/timed out/);
        expect(Date.now() - t0).toBeLessThan(1500 + 2000);
      } finally {
        proxy.setSilencePolicy(undefined);
      }
    },
    BOUND_MS,
  );
});
