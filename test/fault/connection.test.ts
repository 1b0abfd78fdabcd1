/**
 * Fault tests of the connection: an unreachable server fails within the retry budget, a server
 * that drops every connection is retried exactly as the policy says, and cancelling stops
 * retrying at once.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OperationAbortedError,
  OperationTimeoutError,
  SparkConnectionError,
  SparkSession,
} from '../../src/index.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { serverMatrix } from '../support/matrix.js';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((r) => server.close(() => r()));
  return address.port;
}

/** Resolves with what a promise rejected with, and how long it took. */
async function failure(p: Promise<unknown>): Promise<{ err: unknown; ms: number }> {
  const t0 = Date.now();
  const err = await p.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  return { err, ms: Date.now() - t0 };
}

describe('an unreachable server', () => {
  it('fails within the refused-connection budget with SparkConnectionError naming the endpoint', async () => {
    const port = await closedPort();
    // Default policy: a refused connection is retried for 10 s (maxConnectRefusedMs), then fails.
    const { err, ms } = await failure(SparkSession.builder().remote(`sc://127.0.0.1:${port}`).create());
    expect(err).toBeInstanceOf(SparkConnectionError);
    // The message names the endpoint, the cause, and how long the client kept retrying.
    expect((err as Error).message).toMatch(
      new RegExp(
        `^Cannot connect to Spark Connect server at 127\\.0\\.0\\.1:${port}: connection refused \\(ECONNREFUSED\\) \\(gave up after \\d+ retries in (9|10|11|12|13|14)(\\.\\d)? s\\)$`,
      ),
    );
    expect(ms).toBeGreaterThanOrEqual(9_000); // it kept retrying for the budget
    expect(ms).toBeLessThan(10_000 + 5_000);
  }, 60_000);

  it('honours a smaller budget, and { maxRetries: 0 } fails at once', async () => {
    const port = await closedPort();
    const quick = await failure(
      SparkSession.builder()
        .remote(`sc://127.0.0.1:${port}`)
        .retryPolicy({ maxConnectRefusedMs: 1000 })
        .create(),
    );
    expect(quick.err).toBeInstanceOf(SparkConnectionError);
    expect(quick.ms).toBeGreaterThanOrEqual(900);
    expect(quick.ms).toBeLessThan(1000 + 3000);

    const once = await failure(
      SparkSession.builder().remote(`sc://127.0.0.1:${port}`).retryPolicy({ maxRetries: 0 }).create(),
    );
    expect(once.err).toBeInstanceOf(SparkConnectionError);
    expect(once.ms).toBeLessThan(1000);
  });

  it('rejects unknown retry policy options and bad values', async () => {
    await expect(
      SparkSession.builder()
        .remote('sc://127.0.0.1:1')
        .retryPolicy({ maxRetry: 3 } as never)
        .create(),
    ).rejects.toThrow(/Unknown retry policy option 'maxRetry'/);
    await expect(
      SparkSession.builder().remote('sc://127.0.0.1:1').retryPolicy({ maxRetries: -1 }).create(),
    ).rejects.toThrow(/'maxRetries' must be a non-negative/);
  });
});

describe('a server that drops every connection', () => {
  let proxy: FaultProxy;
  let port: number;

  beforeAll(async () => {
    port = await closedPort();
    proxy = new FaultProxy({ target: { host: '127.0.0.1', port } });
    await proxy.start();
    proxy.resetNew = true;
  });

  afterAll(async () => {
    await proxy?.close();
  });

  it('is retried exactly maxRetries times with the policy backoff, then fails clearly', async () => {
    const before = proxy.rejected;
    const { err, ms } = await failure(
      SparkSession.builder()
        .remote(proxy.url())
        .retryPolicy({ maxRetries: 3, initialBackoffMs: 100, backoffMultiplier: 2 })
        .create(),
    );
    expect(err).toBeInstanceOf(SparkConnectionError);
    expect((err as Error).message).toContain(`127.0.0.1:${proxy.port}`);
    expect(proxy.rejected - before).toBe(4); // the first attempt and 3 retries
    expect(ms).toBeGreaterThanOrEqual(100 + 200 + 400);
  });

  it('aborting, or a deadline, stops retrying at once', async () => {
    // A session made through a relay to a real server; then the relay starts dropping connections.
    const relay = new FaultProxy({ target: await targetServer() });
    await relay.start();
    const spark = await SparkSession.builder()
      .remote(relay.url())
      .retryPolicy({ maxRetries: 50, initialBackoffMs: 200, backoffMultiplier: 1 })
      .create();
    try {
      relay.resetNew = true;
      relay.cutAll();
      const ctrl = new AbortController();
      const call = failure(spark.conf.get('spark.sql.shuffle.partitions', null, { signal: ctrl.signal }));
      await new Promise((r) => setTimeout(r, 1000));
      const attempts = relay.rejected;
      expect(attempts).toBeGreaterThanOrEqual(2); // it was retrying
      const t0 = Date.now();
      ctrl.abort();
      const { err } = await call;
      expect(err).toBeInstanceOf(OperationAbortedError);
      expect(Date.now() - t0).toBeLessThan(500);
      await new Promise((r) => setTimeout(r, 1000));
      expect(relay.rejected).toBe(attempts); // no attempt after the abort

      const timed = await failure(spark.conf.get('spark.sql.shuffle.partitions', null, { timeoutMs: 800 }));
      expect(timed.err).toBeInstanceOf(OperationTimeoutError);
      expect(timed.ms).toBeLessThan(800 + 500);

      // Once the server is reachable again, the same session works.
      relay.resetNew = false;
      expect(await spark.conf.get('spark.sql.shuffle.partitions')).toMatch(/^\d+$/);
    } finally {
      relay.resetNew = false;
      await spark.stop();
      await relay.close();
    }
  });
});

/** The first matrix server (any version will do for connection-level faults). */
async function targetServer(): Promise<{ host: string; port: number }> {
  const [, url] = serverMatrix()[0];
  const m = /^sc:\/\/([^:/]+):(\d+)/.exec(url);
  if (m === null) throw new Error(`bad server url ${url}`);
  return { host: m[1], port: Number(m[2]) };
}
