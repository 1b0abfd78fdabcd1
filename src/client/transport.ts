/**
 * The gRPC channel to a Spark Connect server: gRPC over HTTP/2 (connect-node), TLS, the bearer
 * token, custom headers, message size limits and HTTP/2 flow control.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type * as http2 from 'node:http2';
import { BlockList, isIP } from 'node:net';
import { Code, ConnectError, createClient, type Interceptor, type Transport } from '@connectrpc/connect';
import { createGrpcTransport, Http2SessionManager, type Http2SessionOptions } from '@connectrpc/connect-node';
import { InvalidConnectionStringError } from '../errors/base.js';
import { SparkConnectService } from '../gen/spark/connect/base_pb.js';
import { arrowDataOffset } from './arrow-offset.js';
import { type ConnectionConfig, describeEndpoint } from './connection-string.js';
import { GrpcStreamCaller } from './grpc-stream.js';
import {
  formatMs,
  type KeepaliveOptions,
  resolveKeepalive,
  SilentCallWatchdog,
  sessionPingOptions,
} from './liveness.js';
import { observerInterceptor } from './observer-interceptor.js';
import type { SparkConnectRpcClient } from './rpc-client.js';
import type { RpcObserver } from './rpc-observer.js';
import type { TlsOptions } from './tls-options.js';

export type { KeepaliveOptions } from './liveness.js';

/** HTTP/2 flow-control windows of the client, in bytes. */
export interface FlowControlOptions {
  /**
   * Window of each stream (SETTINGS_INITIAL_WINDOW_SIZE). Default 4 MiB. Keep it well below the
   * server's `spark.connect.execute.reattachable.observerRetryBufferSize` (10 MiB): a larger window
   * lets a dying connection lose responses the server no longer has for reattach.
   */
  streamWindowBytes?: number;
  /** Window of the whole connection. Default 64 MiB. */
  sessionWindowBytes?: number;
}

/** Options of createSparkTransport. */
export interface TransportOptions {
  /** TLS options; giving them turns TLS on (even when the connection string says use_ssl=false). */
  tls?: TlsOptions;
  /** Extra headers sent on every request, merged over the connection string's custom headers. */
  headers?: Record<string, string>;
  /** Explicit opt-in to send a token over plaintext to a non-loopback host. */
  allowInsecureToken?: boolean;
  /**
   * Extra connect-es interceptors, called on every request connect-es carries (outermost first):
   * calls made with `createClient(SparkConnectService, t.transport)`, and AddArtifacts of
   * `t.client` (its other RPCs go through the client's own gRPC calls); headers a request already
   * has are never overwritten by the defaults.
   */
  interceptors?: Interceptor[];
  /** Watches every RPC (telemetry), whichever code carries it. */
  observer?: RpcObserver;
  /** HTTP/2 flow-control windows; the defaults are far above Node's 64 KiB for large results. */
  flowControl?: FlowControlOptions;
  /**
   * HTTP/2 PING keep-alive and silent-call detection, over the connection string's
   * `grpc_keepalive_*` keys; on by default with PySpark's numbers (see KeepaliveOptions).
   */
  keepalive?: KeepaliveOptions;
}

/** A transport to one Spark Connect server, and what the layers above need to know about it. */
export interface SparkTransport {
  /** The connect-es transport: `createClient(SparkConnectService, t.transport)`. */
  transport: Transport;
  /**
   * The RPC client of the SparkConnectService on this transport: every RPC but AddArtifacts goes
   * through the client's own gRPC calls (grpc-stream.ts), AddArtifacts through connect-es.
   */
  client: SparkConnectRpcClient;
  /** `host:port` of the server (no credentials). */
  endpoint: string;
  /** Secret values (the token) that error conversion must redact from messages. */
  secrets: string[];
  /** Whether the connection uses TLS. */
  useTls: boolean;
  /** Closes the HTTP/2 connection(s), cancelling open streams. Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const MiB = 1024 * 1024;

/**
 * Default flow-control windows: 4 MiB per stream, 64 MiB per connection. The stream window bounds
 * what the server may have sent that never arrives when a connection dies; reattach needs all of
 * it to still be in the server's retry buffer (`observerRetryBufferSize`, 10 MiB by default),
 * besides one Arrow batch (4 MiB by default) being written: 4 + 4 < 10.
 */
export const DEFAULT_FLOW_CONTROL: Readonly<Required<FlowControlOptions>> = Object.freeze({
  streamWindowBytes: 4 * MiB,
  sessionWindowBytes: 64 * MiB,
});

/** Longest close() waits for the sockets to close. */
const CLOSE_WAIT_MS = 2000;

/** The largest HTTP/2 window (2^31 - 1). */
const MAX_WINDOW = 2 ** 31 - 1;

const HEADER_NAME_RE = /^[a-z0-9_.-]+$/;
const HEADER_VALUE_RE = /^[\x20-\x7e]*$/;

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/**
 * True for `localhost`, 127.0.0.0/8 and ::1 (also IPv4-mapped): hosts whose traffic never leaves
 * the machine.
 *
 * @example
 * isLoopbackHost('127.0.0.1'); // true
 */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  return isLoopbackAddress(host);
}

function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return LOOPBACK.check(address, 'ipv4');
  if (family === 6) return LOOPBACK.check(address, 'ipv6');
  return false;
}

/**
 * Creates the gRPC-over-HTTP/2 transport for a parsed connection string.
 *
 * TLS is used when the connection string says so (`use_ssl=true`, or a token) or `opts.tls` is
 * given; it verifies the server against Node's default CAs unless `tls.ca` says otherwise. A token
 * is sent without TLS only to a loopback host (PySpark's rule for local servers that require
 * `spark.connect.authenticate.token`) or with `allowInsecureToken: true`.
 *
 * @throws InvalidConnectionStringError when a token would go in plaintext to a non-loopback host.
 * @throws TypeError for malformed options (headers, flow-control windows).
 * @example
 * const t = createSparkTransport(parseConnectionString('sc://localhost:15002'));
 * const rpc = createClient(SparkConnectService, t.transport);
 * await t.close();
 */
export function createSparkTransport(cfg: ConnectionConfig, opts: TransportOptions = {}): SparkTransport {
  const endpoint = describeEndpoint(cfg);
  const useTls = cfg.useSsl || opts.tls !== undefined;
  const token = cfg.token;
  const loopback = isLoopbackHost(cfg.host);
  if (token !== undefined && !useTls && !loopback && opts.allowInsecureToken !== true) {
    throw new InvalidConnectionStringError(
      `Refusing to send the token without TLS to ${endpoint}: the connection string turns TLS off ` +
        '(use_ssl=false) and the host is not a loopback address. Remove use_ssl=false to use TLS, ' +
        'or pass allowInsecureToken: true if the network path is trusted.',
    );
  }

  const headers = mergeHeaders(cfg.headers, opts.headers);
  if (token !== undefined && 'authorization' in headers) {
    throw new TypeError("headers.authorization conflicts with the connection string's token");
  }
  const defaults: [string, string][] = Object.entries(headers);
  if (token !== undefined) defaults.push(['authorization', `Bearer ${token}`]);
  const secrets: string[] = [];
  if (token !== undefined) secrets.push(token);
  if (headers.authorization !== undefined) secrets.push(headers.authorization);

  const flow = resolveFlowControl(opts.flowControl);
  const nodeOptions: NodeSessionOptions = {
    // Frames of up to 1 MiB (HTTP/2's default is 16 KiB): a large result arrives in fewer, larger
    // chunks (measured on Spark 4.3: 2,210 instead of 6,202 chunks for 69 MB, about 10% less CPU).
    settings: { initialWindowSize: flow.streamWindowBytes, maxFrameSize: MiB },
    // Node refuses new streams once a session buffers more than this (default 10 MB).
    maxSessionMemory: Math.max(10, Math.ceil((2 * flow.sessionWindowBytes) / MiB)),
  };
  if (useTls) {
    const tls = opts.tls ?? {};
    if (tls.ca !== undefined) nodeOptions.ca = tls.ca;
    if (tls.cert !== undefined) nodeOptions.cert = tls.cert;
    if (tls.key !== undefined) nodeOptions.key = tls.key;
    if (tls.servername !== undefined) nodeOptions.servername = tls.servername;
    if (tls.rejectUnauthorized !== undefined) nodeOptions.rejectUnauthorized = tls.rejectUnauthorized;
  } else if (token !== undefined && loopback && isIP(cfg.host) === 0) {
    // A token in plaintext is allowed because the host is loopback: make sure the name really
    // resolves to a loopback address (as gRPC's local credentials check the peer).
    nodeOptions.lookup = loopbackOnlyLookup;
  }

  const host = cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host;
  const baseUrl = `${useTls ? 'https' : 'http'}://${host}:${cfg.port}`;
  const keepalive = resolveKeepalive(cfg.keepalive, opts.keepalive);
  const sessionManager = new SparkSessionManager(
    baseUrl,
    sessionPingOptions(keepalive),
    nodeOptions,
    flow.sessionWindowBytes,
    keepalive.enabled
      ? new SilentCallWatchdog(keepalive.callIdleMs, keepalive.timeoutMs, endpoint)
      : undefined,
  );

  const headerInterceptor: Interceptor = (next) => (req) => {
    for (const [k, v] of defaults) {
      if (!req.header.has(k)) req.header.set(k, v);
    }
    return next(req);
  };
  // A stream the caller did not cancel, closed with CANCEL because the connection broke (reset,
  // closed by a proxy, server killed): report it as UNAVAILABLE, like gRPC's own clients do, so
  // the retry policy and reattach treat it as the transient network failure it is.
  // The same for a connection the server closed with an error (a GOAWAY with ENHANCE_YOUR_CALM,
  // e.g. too_many_pings from a server that tolerates fewer PINGs than the keep-alive sends); and
  // connect-node's terse 'PING timed out' gets a message saying what happened.
  const lostConnection = (err: unknown, callerAborted: boolean): unknown => {
    if (!(err instanceof ConnectError)) return err;
    const pingTimeout = err.code === Code.Unavailable && err.rawMessage === 'PING timed out';
    if (
      err.code !== Code.Canceled &&
      !pingTimeout &&
      !(err.code === Code.Internal && isConnectionFailure(err))
    )
      return err;
    if (callerAborted || sessionManager.isClosed) return err;
    if (err.code === Code.Unavailable) {
      return new ConnectError(
        `the connection to ${endpoint} went silent: no answer to an HTTP/2 keep-alive PING within ` +
          `${formatMs(keepalive.timeoutMs)} (a dead network path, e.g. a dropped NAT or load-balancer entry)`,
        Code.Unavailable,
        err.metadata,
        undefined,
        err,
      );
    }
    return new ConnectError(
      `connection lost (${err.rawMessage})`,
      Code.Unavailable,
      err.metadata,
      undefined,
      err,
    );
  };
  const lostConnectionInterceptor: Interceptor = (next) => async (req) => {
    let res: Awaited<ReturnType<typeof next>>;
    try {
      res = await next(req);
    } catch (err) {
      throw lostConnection(err, req.signal.aborted);
    }
    if (!res.stream) return res;
    const messages = res.message;
    return {
      ...res,
      message: (async function* () {
        try {
          yield* messages;
        } catch (err) {
          throw lostConnection(err, req.signal.aborted);
        }
      })(),
    };
  };
  const transport = createGrpcTransport({
    baseUrl,
    sessionManager,
    useBinaryFormat: true,
    readMaxBytes: cfg.grpcMaxMessageSize,
    writeMaxBytes: cfg.grpcMaxMessageSize,
    interceptors: [
      lostConnectionInterceptor,
      ...(opts.observer === undefined ? [] : [observerInterceptor(opts.observer)]),
      ...(opts.interceptors ?? []),
      headerInterceptor,
    ],
  });
  // Every RPC but AddArtifacts (client streaming) goes through the client's own gRPC calls,
  // AddArtifacts through connect-es; both apply the same headers, observer and lost-connection rule.
  const streams = new GrpcStreamCaller({
    sessions: sessionManager,
    defaults,
    readMaxBytes: cfg.grpcMaxMessageSize,
    writeMaxBytes: cfg.grpcMaxMessageSize,
    mapError: lostConnection,
    observer: opts.observer,
  });
  const connectClient: SparkConnectRpcClient = createClient(SparkConnectService, transport);
  const m = SparkConnectService.method;
  const client: SparkConnectRpcClient = {
    addArtifacts: connectClient.addArtifacts,
    analyzePlan: (request, options) => streams.unary(m.analyzePlan, request, options),
    config: (request, options) => streams.unary(m.config, request, options),
    artifactStatus: (request, options) => streams.unary(m.artifactStatus, request, options),
    interrupt: (request, options) => streams.unary(m.interrupt, request, options),
    releaseExecute: (request, options) => streams.unary(m.releaseExecute, request, options),
    releaseSession: (request, options) => streams.unary(m.releaseSession, request, options),
    fetchErrorDetails: (request, options) => streams.unary(m.fetchErrorDetails, request, options),
    cloneSession: (request, options) => streams.unary(m.cloneSession, request, options),
    getStatus: (request, options) => streams.unary(m.getStatus, request, options),
    executePlan: (request, options) =>
      streams.serverStream(SparkConnectService.method.executePlan, request, options, arrowDataOffset),
    reattachExecute: (request, options) =>
      streams.serverStream(SparkConnectService.method.reattachExecute, request, options, arrowDataOffset),
  };

  const close = () => sessionManager.close();
  const result: SparkTransport = {
    transport,
    client,
    endpoint,
    secrets,
    useTls,
    close,
    [Symbol.asyncDispose]: close,
  };
  // Readable, but never shown by console.log / util.inspect / JSON.stringify.
  Object.defineProperty(result, 'secrets', { enumerable: false });
  return result;
}

/**
 * A copy of a parsed connection string whose secrets (the token, an `authorization` header) are
 * still readable but not enumerable: logging the object (console.log, util.inspect,
 * JSON.stringify, spreading) never shows them.
 *
 * @example
 * const cfg = hideSecrets(parseConnectionString('sc://localhost/;token=abc'));
 * cfg.token; // 'abc'
 * JSON.stringify(cfg); // no token
 */
export function hideSecrets(cfg: ConnectionConfig): ConnectionConfig {
  const copy: ConnectionConfig = { ...cfg, headers: { ...cfg.headers } };
  if (copy.token !== undefined) Object.defineProperty(copy, 'token', { enumerable: false });
  if (copy.headers.authorization !== undefined) {
    Object.defineProperty(copy.headers, 'authorization', { enumerable: false });
  }
  return copy;
}

type NodeSessionOptions = http2.SecureClientSessionOptions & {
  /** Passed through http2.connect to net.connect (plaintext connections). */
  lookup?: typeof loopbackOnlyLookup;
};

/**
 * connect-node's session manager, plus: the connection-level window is raised on every new
 * HTTP/2 session, and close() refuses further requests and waits until the sockets are closed.
 */
class SparkSessionManager extends Http2SessionManager {
  private closed = false;
  private readonly sessions = new Set<http2.Http2Session>();

  /** True once close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  constructor(
    url: string,
    keepalive: Http2SessionOptions,
    nodeOptions: NodeSessionOptions,
    private readonly sessionWindowBytes: number,
    private readonly watchdog: SilentCallWatchdog | undefined,
  ) {
    super(url, keepalive, nodeOptions);
  }

  override notifyResponseByteRead(stream: http2.ClientHttp2Stream): void {
    super.notifyResponseByteRead(stream);
    this.watchdog?.alive(stream);
  }

  override async request(
    method: string,
    path: string,
    headers: http2.OutgoingHttpHeaders,
    options: Omit<http2.ClientSessionRequestOptions, 'signal'>,
  ): Promise<http2.ClientHttp2Stream> {
    if (this.closed) throw new ConnectError('The Spark Connect transport is closed', Code.Canceled);
    const stream = await super.request(method, path, headers, options);
    this.watchdog?.track(stream);
    const session = stream.session;
    if (session !== undefined && !this.sessions.has(session) && !session.destroyed) {
      this.sessions.add(session);
      hardenSession(session);
      session.once('close', () => this.sessions.delete(session));
      try {
        session.setLocalWindowSize(this.sessionWindowBytes);
      } catch {
        // the session is going away; the next one gets the window
      }
    }
    return stream;
  }

  async close(): Promise<void> {
    this.closed = true;
    // A session destroyed earlier (e.g. by a TLS alert) may never emit 'close': wait only for the
    // ones destroyed here, and never longer than CLOSE_WAIT_MS.
    const open = [...this.sessions].filter((s) => !s.destroyed);
    this.sessions.clear();
    const allClosed = Promise.all(open.map((s) => new Promise<void>((r) => s.once('close', () => r()))));
    this.abort(new ConnectError('The Spark Connect transport was closed', Code.Canceled));
    for (const s of open) {
      if (!s.destroyed) s.destroy();
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((r) => {
      timer = setTimeout(r, CLOSE_WAIT_MS);
      timer.unref();
    });
    await Promise.race([allClosed, timeout]);
    clearTimeout(timer);
  }
}

/**
 * connect-node's keep-alive timers may outlive a session destroyed by someone else (the silent-call
 * probe, a GOAWAY): its PING then throws from a timer, and the 'error' of its destroy() has no
 * listener left. Both would crash the process; the streams of the session fail on their own.
 */
function hardenSession(session: http2.Http2Session): void {
  session.on('error', () => undefined);
  const ping = session.ping.bind(session);
  session.ping = ((...args: Parameters<typeof ping>) => {
    if (session.destroyed || session.closed) return false;
    return ping(...args);
  }) as typeof session.ping;
}

/** Node's codes of an HTTP/2 connection that failed as a whole (not an answer of the server). */
const CONNECTION_FAILURE_CODES = new Set([
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_INVALID_SESSION',
]);

function isConnectionFailure(err: Error): boolean {
  let cur: unknown = err;
  for (let depth = 0; depth < 8 && cur instanceof Error; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_FAILURE_CODES.has(code)) return true;
    cur = cur.cause;
  }
  return false;
}

/** A dns.lookup for net.connect that only yields loopback addresses. */
function loopbackOnlyLookup(
  hostname: string,
  options: { all?: boolean; family?: number | string; hints?: number },
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0);
  dnsLookup(hostname, { family: family as 0 | 4 | 6, hints: options.hints, all: true }, (err, addresses) => {
    if (err) {
      callback(err, []);
      return;
    }
    const ok = addresses.filter((a) => isLoopbackAddress(a.address));
    if (ok.length === 0) {
      const e: NodeJS.ErrnoException = new Error(
        `'${hostname}' does not resolve to a loopback address; refusing to send the token without TLS`,
      );
      e.code = 'ERR_SPARK_NOT_LOOPBACK';
      callback(e, []);
      return;
    }
    if (options.all === true) callback(null, ok);
    else callback(null, ok[0].address, ok[0].family);
  });
}

function mergeHeaders(fromUrl: Record<string, string>, extra: Record<string, string> | undefined) {
  const out: Record<string, string> = { ...fromUrl };
  for (const [key, value] of Object.entries(extra ?? {})) {
    const name = key.toLowerCase();
    if (!HEADER_NAME_RE.test(name)) {
      throw new TypeError(`Invalid header name '${key}': only letters, digits, '-', '_' and '.' are allowed`);
    }
    if (name.startsWith('grpc-') || name === 'content-type' || name === 'te') {
      throw new TypeError(`Header '${key}' is reserved and cannot be set`);
    }
    if (typeof value !== 'string' || !HEADER_VALUE_RE.test(value)) {
      throw new TypeError(`Invalid value for header '${key}': expected printable ASCII`);
    }
    out[name] = value;
  }
  return out;
}

function resolveFlowControl(opts: FlowControlOptions | undefined): Required<FlowControlOptions> {
  const flow = { ...DEFAULT_FLOW_CONTROL, ...opts };
  for (const [k, v] of Object.entries(flow)) {
    if (!Number.isInteger(v) || v < 65535 || v > MAX_WINDOW) {
      throw new TypeError(`flowControl.${k} must be an integer between 65535 and ${MAX_WINDOW}, got ${v}`);
    }
  }
  return flow;
}
