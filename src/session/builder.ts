/** SparkSession.builder(): PySpark's builder, in TypeScript. */

import type { KeepaliveOptions } from '../client/liveness.js';
import type { RetryPolicy } from '../client/retry.js';
import type { CallOptions } from '../client/session-rpc.js';
import { SparkConnectClient } from '../client/spark-client.js';
import type { TlsOptions } from '../client/tls-options.js';
import type { Logger, LogLevel } from '../telemetry/logger.js';
import type { ConfValue } from './runtime-config.js';
import type { SparkSession } from './spark-session.js';

/** Live builder-made sessions, by remote + session id, for getOrCreate(). */
const ACTIVE = new Map<string, SparkSession>();

/**
 * Builds a SparkSession.
 *
 * @example
 * const spark = await SparkSession.builder()
 *   .remote('sc://localhost:15002')
 *   .appName('etl')
 *   .config('spark.sql.shuffle.partitions', 8)
 *   .getOrCreate();
 */
export class SparkSessionBuilder {
  private remoteUrl: string | undefined;
  private name: string | undefined;
  private readonly confs: Record<string, ConfValue> = {};
  private tlsOptions: TlsOptions | undefined;
  private headerMap: Record<string, string> = {};
  private retry: Partial<RetryPolicy> | undefined;
  private insecureToken = false;
  private log: { logger?: Logger; logLevel?: LogLevel } = {};
  private keepaliveOptions: KeepaliveOptions | undefined;

  /** The `sc://` connection string; default: the `SPARK_REMOTE` environment variable. */
  remote(url: string): this {
    if (typeof url !== 'string') throw new TypeError('remote() takes an sc:// connection string');
    this.remoteUrl = url;
    return this;
  }

  /** The application name (kept client side: Spark Connect has no per-session app name). */
  appName(name: string): this {
    this.name = name;
    return this;
  }

  /** Server-side configuration applied when the session is created (one key, or an object of them). */
  config(key: string, value: ConfValue): this;
  config(values: Record<string, ConfValue>): this;
  config(keyOrValues: string | Record<string, ConfValue>, value?: ConfValue): this {
    if (typeof keyOrValues === 'string') {
      if (value === undefined) throw new TypeError(`config('${keyOrValues}') needs a value`);
      this.confs[keyOrValues] = value;
    } else {
      Object.assign(this.confs, keyOrValues);
    }
    return this;
  }

  /** TLS options with Node's names (`ca`, `cert`, `key`, `servername`, `rejectUnauthorized`); turns TLS on. */
  tls(options: TlsOptions): this {
    this.tlsOptions = options;
    return this;
  }

  /** Extra gRPC headers sent on every call. */
  headers(headers: Record<string, string>): this {
    this.headerMap = { ...this.headerMap, ...headers };
    return this;
  }

  /** Retry policy overrides (defaults match PySpark). */
  retryPolicy(policy: Partial<RetryPolicy>): this {
    this.retry = policy;
    return this;
  }

  /** Explicit opt-in to send a token over plaintext to a non-loopback host. */
  allowInsecureToken(allow = true): this {
    this.insecureToken = allow;
    return this;
  }

  /**
   * Logs the client's work (RPCs, operation and session ids, reattaches, retries, releases) to
   * `logger` (console, pino, winston...). Default level: `SPARK_CONNECT_LOG_LEVEL`, else the
   * logger's own `level`, else debug. Secrets (token, header values) are never logged.
   *
   * @example
   * const spark = await SparkSession.builder().remote(url).logger(console, 'debug').create();
   */
  logger(logger: Logger, level?: LogLevel): this {
    this.log = { logger, ...(level === undefined ? {} : { logLevel: level }) };
    return this;
  }

  /**
   * Keep-alive and silent-connection detection, over the connection string's `grpc_keepalive_*`
   * keys (defaults as PySpark: PING after 60 s, 20 s to answer, also without calls).
   *
   * @example
   * SparkSession.builder().remote(url).keepalive({ timeMs: 30_000, timeoutMs: 10_000 });
   */
  keepalive(options: KeepaliveOptions): this {
    this.keepaliveOptions = { ...this.keepaliveOptions, ...options };
    return this;
  }

  /**
   * Always creates a new session (on a new channel that closes when the session stops).
   * `timeoutMs` bounds the whole creation, retries included; `signal` cancels it.
   *
   * @example
   * const spark = await SparkSession.builder().remote(url).create({ timeoutMs: 30_000 });
   */
  async create(opts: CallOptions = {}): Promise<SparkSession> {
    const client = new SparkConnectClient(this.remoteUrl, {
      tls: this.tlsOptions,
      headers: this.headerMap,
      retryPolicy: this.retry,
      allowInsecureToken: this.insecureToken,
      ...this.log,
      ...(this.keepaliveOptions === undefined ? {} : { keepalive: this.keepaliveOptions }),
    });
    client.ownedBySessions = true;
    try {
      return await client.createSession({
        config: this.confs,
        appName: this.name,
        ...(opts.signal === undefined ? {} : { signal: opts.signal }),
        ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
      });
    } catch (err) {
      await client.close().catch(() => undefined);
      throw err;
    }
  }

  /**
   * Returns the live session made earlier by `getOrCreate()` for the same remote (connection
   * string, including its session id), or creates one. Builder configs apply only on creation.
   * A session that was stopped, or that the server lost (expired, server restarted), is replaced
   * by a new one.
   *
   * @example
   * const spark = await SparkSession.builder().remote(url).getOrCreate({ timeoutMs: 30_000 });
   */
  async getOrCreate(opts: CallOptions = {}): Promise<SparkSession> {
    const key = registryKey(this.remoteUrl);
    const existing = ACTIVE.get(key);
    if (existing && !existing.isStopped) return existing;
    if (existing) await existing.stop().catch(() => undefined);
    const session = await this.create(opts);
    ACTIVE.set(key, session);
    return session;
  }
}

/** The key is the raw connection string: kept in memory only, never logged. */
function registryKey(remote: string | undefined): string {
  return remote ?? process.env.SPARK_REMOTE ?? '';
}
