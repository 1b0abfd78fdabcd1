/**
 * The retry policy of the reference clients (PySpark / Scala): exponential backoff with jitter,
 * honouring a server-provided `google.rpc.RetryInfo.retry_delay`.
 */
import { OperationAbortedError, OperationTimeoutError } from '../errors/base.js';
import { isRetryableError, retryDelayMsOf } from './errors.js';

/** How failed RPCs are retried. All fields optional when given by a user; defaults match PySpark. */
export interface RetryPolicy {
  /** Retries after the first attempt; `0` fails at once. Default 15. */
  maxRetries: number;
  /** First backoff in ms. Default 50. */
  initialBackoffMs: number;
  /** Each backoff is the previous one times this. Default 4. */
  backoffMultiplier: number;
  /** Backoff cap in ms. Default 60 000. */
  maxBackoffMs: number;
  /** Random jitter added (0..jitterMs) once the backoff reaches `minJitterThresholdMs`. Default 500. */
  jitterMs: number;
  /** Backoff from which jitter is added. Default 2 000. */
  minJitterThresholdMs: number;
  /** Cap on a server-requested RetryInfo delay. Default 600 000 (10 minutes). */
  maxServerRetryDelayMs: number;
  /**
   * How long a server that refuses connections (nothing listening) is retried before giving up,
   * in ms. Default 10 000. A refused connection fails fast instead of waiting out the full budget.
   */
  maxConnectRefusedMs: number;
  /**
   * Total time the retries of one call (or of one result stream's reattach loop, from its first
   * failure) may take, in ms: no backoff of ours ends past it, and the call fails with its last
   * error, its message saying how long it was retried.
   * Default 600 000 (10 minutes, about what 15 retries of the default backoff take).
   */
  maxElapsedMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 15,
  initialBackoffMs: 50,
  backoffMultiplier: 4,
  maxBackoffMs: 60_000,
  jitterMs: 500,
  minJitterThresholdMs: 2_000,
  maxServerRetryDelayMs: 600_000,
  maxConnectRefusedMs: 10_000,
  maxElapsedMs: 600_000,
});

const POLICY_KEYS = Object.keys(DEFAULT_RETRY_POLICY) as (keyof RetryPolicy)[];

/** Validates a user-given partial policy and fills in defaults. Unknown keys are an error. */
export function resolveRetryPolicy(partial: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY };
  if (partial === undefined) return policy;
  for (const [key, value] of Object.entries(partial)) {
    if (!POLICY_KEYS.includes(key as keyof RetryPolicy)) {
      throw new TypeError(`Unknown retry policy option '${key}'; known options: ${POLICY_KEYS.join(', ')}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(
        `Retry policy option '${key}' must be a non-negative finite number, got ${String(value)}`,
      );
    }
    policy[key as keyof RetryPolicy] = value;
  }
  if (!Number.isInteger(policy.maxRetries)) {
    throw new TypeError(`Retry policy option 'maxRetries' must be an integer, got ${policy.maxRetries}`);
  }
  return policy;
}

/** The backoff before retry number `retry` (0-based), without server hints. */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  let wait = Math.min(policy.initialBackoffMs * policy.backoffMultiplier ** retry, policy.maxBackoffMs);
  if (wait >= policy.minJitterThresholdMs) wait += random() * policy.jitterMs;
  return wait;
}

const REFUSED_CODES = new Set(['ECONNREFUSED']);
const NEVER_RETRY_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** Whether an error is a refused connection: nothing listens on the server's port. */
export function isRefusedConnection(err: unknown): boolean {
  const code = nodeErrorCode(err);
  return code !== undefined && REFUSED_CODES.has(code);
}

/** The Node error code (ECONNREFUSED, ...) somewhere in an error's cause chain. */
export function nodeErrorCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 8 && cur instanceof Error; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Abort-aware sleep: rejects with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error to throw when `signal` aborted: our typed abort / timeout errors. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof OperationAbortedError) return reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new OperationTimeoutError('The operation timed out', { cause: reason });
  }
  return new OperationAbortedError('The operation was aborted', { cause: reason });
}

export interface RetryContext {
  policy: RetryPolicy;
  signal?: AbortSignal;
  /** Extra predicate: return false to stop retrying this error. */
  canRetry?: (err: unknown) => boolean;
  /** Called before each wait (for logs / tests). */
  onRetry?: (err: unknown, retry: number, waitMs: number) => void;
}

/** What withRetry did, for the caller's error message. */
export interface RetryStats {
  retries: number;
  startedAt: number;
}

/**
 * Runs `attempt` until it succeeds, the error is not retryable, the budget is spent or `signal`
 * aborts. Throws the last error as is (conversion is the caller's job).
 */
export async function withRetry<T>(
  attempt: (retry: number) => Promise<T>,
  ctx: RetryContext,
  stats?: RetryStats,
): Promise<T> {
  const started = Date.now();
  if (stats !== undefined) stats.startedAt = started;
  for (let retry = 0; ; retry++) {
    if (stats !== undefined) stats.retries = retry;
    if (ctx.signal?.aborted) throw abortReason(ctx.signal);
    try {
      return await attempt(retry);
    } catch (err) {
      if (ctx.signal?.aborted) throw abortReason(ctx.signal);
      if (ctx.canRetry && !ctx.canRetry(err)) throw err;
      const wait = retryWaitMs(err, retry, started, ctx.policy);
      if (wait === undefined) throw err;
      ctx.onRetry?.(err, retry, wait);
      await sleep(wait, ctx.signal);
    }
  }
}

/**
 * The decision of the policy for a failed attempt: the wait in ms before retry number `retry`
 * (0-based), or undefined when the error must not be retried. `startedAt` is when the first
 * attempt started (Date.now()).
 */
export function retryWaitMs(
  err: unknown,
  retry: number,
  startedAt: number,
  policy: RetryPolicy,
): number | undefined {
  if (retry >= policy.maxRetries) return undefined;
  if (!isRetryableError(err)) return undefined;
  const code = nodeErrorCode(err);
  if (code !== undefined && NEVER_RETRY_CODES.has(code)) return undefined;
  const server = retryDelayMsOf(err);
  const wait =
    server !== undefined ? Math.min(server, policy.maxServerRetryDelayMs) : backoffMs(policy, retry);
  if (isRefusedConnection(err)) {
    // Nothing listens: retry until maxConnectRefusedMs after the first attempt, the last attempt
    // right at that deadline, then give up.
    const left = policy.maxConnectRefusedMs - (Date.now() - startedAt);
    if (left <= 0) return undefined;
    return Math.min(wait, left);
  }
  // No retry of our own backoff starts past the total budget (a delay the server asked for with
  // RetryInfo is honoured up to maxServerRetryDelayMs, as in the reference clients).
  if (server === undefined && Date.now() + wait - startedAt > policy.maxElapsedMs) return undefined;
  return wait;
}

/**
 * Appends how long an error was retried to its message ("... (gave up after 3 retries in 12 s)"),
 * so the final error names both the underlying cause and the retrying. No-op without retries.
 *
 * @example
 * throw noteRetries(await rpc.convert(err), retries, startedAt);
 */
export function noteRetries<E extends Error>(err: E, retries: number, startedAt: number): E {
  if (retries <= 0) return err;
  const secs = Math.round((Date.now() - startedAt) / 100) / 10;
  err.message = `${err.message} (gave up after ${retries} ${retries === 1 ? 'retry' : 'retries'} in ${secs} s)`;
  return err;
}
