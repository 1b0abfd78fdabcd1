/** The retry policy: PySpark's defaults and backoff, RetryInfo, the refused-connection budget, aborts. */
import { create } from '@bufbuild/protobuf';
import { DurationSchema } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  DEFAULT_RETRY_POLICY,
  noteRetries,
  resolveRetryPolicy,
  retryWaitMs,
  withRetry,
} from '../../src/client/retry.js';
import { OperationAbortedError, OperationTimeoutError } from '../../src/errors/base.js';
import { RetryInfoSchema } from '../../src/gen/google/rpc/error_details_pb.js';

function refused(): ConnectError {
  const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  return new ConnectError('connect ECONNREFUSED', Code.Unavailable, undefined, undefined, cause);
}

describe('retry policy', () => {
  it("defaults to PySpark's numbers", () => {
    expect(DEFAULT_RETRY_POLICY).toMatchObject({
      maxRetries: 15,
      initialBackoffMs: 50,
      backoffMultiplier: 4,
      maxBackoffMs: 60_000,
      jitterMs: 500,
      minJitterThresholdMs: 2_000,
      maxServerRetryDelayMs: 600_000,
    });
    expect(resolveRetryPolicy(undefined)).toEqual(DEFAULT_RETRY_POLICY);
    expect(resolveRetryPolicy({ maxRetries: 0 }).maxRetries).toBe(0);
  });

  it('rejects unknown options and bad values', () => {
    expect(() => resolveRetryPolicy({ retries: 1 } as never)).toThrow(
      /Unknown retry policy option 'retries'/,
    );
    expect(() => resolveRetryPolicy({ maxRetries: -1 })).toThrow(/non-negative finite number/);
    expect(() => resolveRetryPolicy({ maxRetries: 1.5 })).toThrow(/must be an integer/);
    expect(() => resolveRetryPolicy({ jitterMs: Number.NaN })).toThrow(/non-negative finite number/);
  });

  it('backs off exponentially with jitter from 2 s on, capped', () => {
    const p = DEFAULT_RETRY_POLICY;
    const noJitter = () => 0;
    expect([0, 1, 2, 3].map((r) => backoffMs(p, r, noJitter))).toEqual([50, 200, 800, 3200]);
    expect(backoffMs(p, 3, () => 0.5)).toBe(3200 + 250);
    expect(backoffMs(p, 1, () => 0.5)).toBe(200); // below the jitter threshold
    expect(backoffMs(p, 20, noJitter)).toBe(60_000);
  });

  it('retries UNAVAILABLE, INVALID_CURSOR.DISCONNECTED and RetryInfo; not other errors', () => {
    const p = resolveRetryPolicy({ jitterMs: 0 });
    const now = Date.now();
    expect(retryWaitMs(new ConnectError('down', Code.Unavailable), 0, now, p)).toBe(50);
    expect(
      retryWaitMs(new ConnectError('[INVALID_CURSOR.DISCONNECTED] gone', Code.Internal), 1, now, p),
    ).toBe(200);
    expect(retryWaitMs(new ConnectError('bad', Code.InvalidArgument), 0, now, p)).toBeUndefined();
    expect(retryWaitMs(new ConnectError('boom', Code.Internal), 0, now, p)).toBeUndefined();
    const withInfo = new ConnectError('slow down', Code.ResourceExhausted, undefined, [
      {
        desc: RetryInfoSchema,
        value: { retryDelay: create(DurationSchema, { seconds: 3n, nanos: 500_000_000 }) },
      },
    ]);
    expect(retryWaitMs(withInfo, 0, now, p)).toBe(3500);
    const long = new ConnectError('later', Code.Unavailable, undefined, [
      { desc: RetryInfoSchema, value: { retryDelay: create(DurationSchema, { seconds: 3600n }) } },
    ]);
    expect(retryWaitMs(long, 0, now, p)).toBe(600_000);
  });

  it('maxRetries bounds the retries; { maxRetries: 0 } never retries', () => {
    const err = new ConnectError('down', Code.Unavailable);
    const p = resolveRetryPolicy({ maxRetries: 2 });
    expect(retryWaitMs(err, 1, Date.now(), p)).toBeDefined();
    expect(retryWaitMs(err, 2, Date.now(), p)).toBeUndefined();
    expect(retryWaitMs(err, 0, Date.now(), resolveRetryPolicy({ maxRetries: 0 }))).toBeUndefined();
  });

  it('retries a refused connection until maxConnectRefusedMs, the last wait ending at that deadline', () => {
    const p = resolveRetryPolicy({ maxConnectRefusedMs: 10_000, jitterMs: 0 });
    const now = Date.now();
    expect(retryWaitMs(refused(), 0, now, p)).toBe(50);
    // 9.9 s into the budget, a 12.8 s backoff is cut to what is left.
    const wait = retryWaitMs(refused(), 5, now - 9_900, p) ?? -1;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(100);
    expect(retryWaitMs(refused(), 6, now - 10_000, p)).toBeUndefined();
  });

  it('withRetry runs the attempts the policy allows and stops at once on abort', async () => {
    let attempts = 0;
    await expect(
      withRetry(
        async () => {
          attempts++;
          throw new ConnectError('down', Code.Unavailable);
        },
        { policy: resolveRetryPolicy({ maxRetries: 3, initialBackoffMs: 1 }) },
      ),
    ).rejects.toThrow('down');
    expect(attempts).toBe(4);

    const ctrl = new AbortController();
    attempts = 0;
    const t0 = Date.now();
    const p = withRetry(
      async () => {
        attempts++;
        throw new ConnectError('down', Code.Unavailable);
      },
      { policy: resolveRetryPolicy({ initialBackoffMs: 10_000 }), signal: ctrl.signal },
    );
    setTimeout(() => ctrl.abort(), 50);
    await expect(p).rejects.toBeInstanceOf(OperationAbortedError);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(attempts).toBe(1);

    const timed = withRetry(
      async () => {
        throw new ConnectError('down', Code.Unavailable);
      },
      { policy: resolveRetryPolicy({ initialBackoffMs: 10_000 }), signal: AbortSignal.timeout(50) },
    );
    await expect(timed).rejects.toBeInstanceOf(OperationTimeoutError);
  });
});

describe('the elapsed-time bound (maxElapsedMs)', () => {
  it('stops retrying once the next backoff would end past the bound, and the error says so', async () => {
    const policy = resolveRetryPolicy({ maxElapsedMs: 1000, initialBackoffMs: 300, backoffMultiplier: 1 });
    const unavailable = new ConnectError('went silent', Code.Unavailable);
    expect(retryWaitMs(unavailable, 0, Date.now(), policy)).toBe(300);
    expect(retryWaitMs(unavailable, 3, Date.now() - 800, policy)).toBeUndefined();
    expect(DEFAULT_RETRY_POLICY.maxElapsedMs).toBe(600_000);
    const err = noteRetries(
      new Error('Spark Connect server at h:1 is unavailable: went silent'),
      3,
      Date.now() - 2500,
    );
    expect(err.message).toBe(
      'Spark Connect server at h:1 is unavailable: went silent (gave up after 3 retries in 2.5 s)',
    );
    expect(noteRetries(new Error('x'), 0, 0).message).toBe('x');
  });
});
