/**
 * SparkConnectClient: one channel (HTTP/2 connection pool) to a Spark Connect server, on which any
 * number of sessions can be opened.
 */
import { randomUUID } from 'node:crypto';
import { InvalidConnectionStringError, SparkConnectError } from '../errors/base.js';
import { SparkSession } from '../session/spark-session.js';
import { telemetryObserver } from '../telemetry/interceptor.js';
import { Log, type LoggingOptions } from '../telemetry/logger.js';
import { Telemetry } from '../telemetry/telemetry.js';
import { loadOpenTelemetry, Tracing } from '../telemetry/tracing.js';
import { CLIENT_VERSION } from '../version.js';
import {
  type ConnectionConfig,
  connectionStringFromEnv,
  parseConnectionString,
} from './connection-string.js';
import type { KeepaliveOptions } from './liveness.js';
import { type RetryPolicy, resolveRetryPolicy } from './retry.js';
import type { CallOptions } from './session-rpc.js';
import { SessionRpc, type SparkConnectRpcClient } from './session-rpc.js';
import type { TlsOptions } from './tls-options.js';
import { createSparkTransport, hideSecrets, type SparkTransport } from './transport.js';
import { clientType } from './user-agent.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Options of a SparkConnectClient. */
export interface SparkConnectClientOptions extends LoggingOptions {
  /** TLS options with Node's names; giving them turns TLS on. */
  tls?: TlsOptions;
  /** Extra gRPC headers sent on every call. */
  headers?: Record<string, string>;
  /** Retry policy overrides (defaults match PySpark). */
  retryPolicy?: Partial<RetryPolicy>;
  /** Explicit opt-in to send a token over plaintext to a non-loopback host. */
  allowInsecureToken?: boolean;
  /**
   * Keep-alive and silent-connection detection, over the connection string's `grpc_keepalive_*`
   * keys. On by default (PING after 60 s, 20 s to answer, also without calls; a call that has
   * received nothing for 30 s probes its connection).
   */
  keepalive?: KeepaliveOptions;
}

/** Options of one session (`signal` / `timeoutMs` bound its creation). */
export interface CreateSessionOptions extends CallOptions {
  /** A UUID; default: the connection string's `session_id` for the first session, else random. */
  sessionId?: string;
  /** Server-side configuration applied when the session is created. */
  config?: Record<string, string | number | boolean>;
  /** The application name (kept client side; Spark Connect has no per-session app name). */
  appName?: string;
}

const CLIENT_OPTION_KEYS = [
  'tls',
  'headers',
  'retryPolicy',
  'allowInsecureToken',
  'keepalive',
  'logger',
  'logLevel',
];

/**
 * A connection to a Spark Connect server.
 *
 * @example
 * const client = new SparkConnectClient('sc://localhost:15002');
 * const spark = await client.createSession();
 * await (await spark.sql('SELECT 1')).show();
 * await client.close();
 */
export class SparkConnectClient {
  /** The parsed connection string. */
  readonly config: ConnectionConfig;
  readonly retryPolicy: RetryPolicy;
  /** @internal Logs and traces of this client. */
  readonly telemetry: Telemetry;
  /** @internal */
  readonly rpcClient: SparkConnectRpcClient;
  private readonly transport: SparkTransport;
  private readonly sessions = new Set<SparkSession>();
  private usedDefaultSessionId = false;
  private closed = false;
  /** @internal When true, the client closes itself once its last session stops (builder-made). */
  ownedBySessions = false;

  /**
   * @param url an `sc://` connection string; default: the `SPARK_REMOTE` environment variable.
   */
  constructor(url?: string, options: SparkConnectClientOptions = {}) {
    for (const key of Object.keys(options)) {
      if (!CLIENT_OPTION_KEYS.includes(key)) {
        throw new TypeError(
          `Unknown SparkConnectClient option '${key}'; known options: ${CLIENT_OPTION_KEYS.join(', ')}`,
        );
      }
    }
    const remote = url ?? connectionStringFromEnv();
    if (remote === undefined) {
      throw new InvalidConnectionStringError('No connection string given and SPARK_REMOTE is not set');
    }
    // The token stays readable (config.token) but never shows in logs of the client.
    this.config = hideSecrets(parseConnectionString(remote));
    this.retryPolicy = resolveRetryPolicy(options.retryPolicy);
    // Every header value (the token, an authorization header, API keys) is redacted from logs.
    const secrets = [
      this.config.token,
      ...Object.values(this.config.headers),
      ...Object.values(options.headers ?? {}),
    ].filter((s): s is string => typeof s === 'string' && s.length >= 4);
    this.telemetry = new Telemetry(
      Log.from({ logger: options.logger, logLevel: options.logLevel }).withSecrets(secrets),
      new Tracing({ host: this.config.host, port: this.config.port }, CLIENT_VERSION),
      secrets,
    );
    this.transport = createSparkTransport(this.config, {
      tls: options.tls,
      headers: options.headers,
      allowInsecureToken: options.allowInsecureToken,
      observer: telemetryObserver(this.telemetry),
      keepalive: options.keepalive,
    });
    this.rpcClient = this.transport.client;
  }

  /** `host:port` of the server. */
  get endpoint(): string {
    return this.transport.endpoint;
  }

  /** True once close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Opens a new session on this client's channel and applies `config` to it. `timeoutMs` bounds
   * the whole creation (retries included); `signal` cancels it.
   *
   * @example
   * const s = await client.createSession({ config: { 'spark.sql.ansi.enabled': true }, timeoutMs: 30_000 });
   */
  async createSession(options: CreateSessionOptions = {}): Promise<SparkSession> {
    if (this.closed) throw new SparkConnectError('This SparkConnectClient is closed');
    let sessionId = options.sessionId;
    if (sessionId === undefined && !this.usedDefaultSessionId && this.config.sessionId !== undefined) {
      sessionId = this.config.sessionId;
    }
    if (sessionId === undefined) sessionId = randomUUID();
    if (!UUID_RE.test(sessionId)) throw new TypeError(`Session id '${sessionId}' is not a UUID`);
    if (sessionId === this.config.sessionId) this.usedDefaultSessionId = true;
    await loadOpenTelemetry();
    const rpc = this.newRpc(sessionId);
    const started = performance.now();
    const session = await SparkSession.open(this, rpc, options);
    this.sessions.add(session);
    this.telemetry.log.info(
      () =>
        `session opened session=${sessionId} server=${this.endpoint} spark=${session.version} ` +
        `ms=${(performance.now() - started).toFixed(1)}`,
    );
    return session;
  }

  /** @internal */
  newRpc(sessionId: string): SessionRpc {
    return new SessionRpc({
      client: this.rpcClient,
      sessionId,
      userId: this.config.userId ?? process.env.USER ?? '',
      clientType: clientType(this.config.userAgent),
      endpoint: this.transport.endpoint,
      secrets: this.transport.secrets,
      retryPolicy: this.retryPolicy,
      maxMessageBytes: this.config.grpcMaxMessageSize,
      telemetry: this.telemetry,
    });
  }

  /** @internal Registers a session made outside createSession (clone). */
  adopt(session: SparkSession): void {
    this.sessions.add(session);
  }

  /** @internal Called by SparkSession.stop(). */
  async sessionStopped(session: SparkSession): Promise<void> {
    this.sessions.delete(session);
    this.telemetry.log.info(() => `session stopped session=${session.sessionId} server=${this.endpoint}`);
    if (this.ownedBySessions && this.sessions.size === 0) await this.close();
  }

  /** Stops every session of this client (ReleaseSession) and closes the channel. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    const sessions = [...this.sessions];
    this.ownedBySessions = false;
    await Promise.allSettled(sessions.map((s) => s.stop()));
    this.closed = true;
    await this.transport.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
