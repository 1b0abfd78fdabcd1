/**
 * Liveness of the HTTP/2 connection, so that a connection that goes silent (a dropped NAT or
 * load-balancer entry: no FIN, no RST, nothing) is noticed instead of hanging forever:
 *
 * - keep-alive PINGs with PySpark's defaults: a PING after 60 s without traffic, 20 s to answer,
 *   also on connections without calls (connect-node's session manager sends them);
 * - the silent-call probe: a call that has received nothing for `callIdleMs` (30 s) makes its
 *   connection answer a PING within `timeoutMs`. A connection that does not answer is closed, so
 *   its calls fail as UNAVAILABLE and are retried (unary calls) or reattached (result streams) on
 *   a new connection. A connection that answers is alive: a query that legitimately sends nothing
 *   for minutes is never broken by the probe.
 */
import * as http2 from 'node:http2';
import { Code, ConnectError } from '@connectrpc/connect';

/** Keep-alive and silent-connection detection. Every field is optional; defaults as PySpark's. */
export interface KeepaliveOptions {
  /** Send HTTP/2 PINGs to detect dead connections (`grpc_keepalive_enabled`). Default true. */
  enabled?: boolean;
  /** PING after this long without traffic, in ms (`grpc_keepalive_time_ms`). Default 60 000. */
  timeMs?: number;
  /**
   * A PING not answered within this many ms closes the connection; its calls are retried or
   * reattached on a new one (`grpc_keepalive_timeout_ms`). Default 20 000.
   */
  timeoutMs?: number;
  /** Also PING connections without calls in progress (`grpc_keepalive_without_calls`). Default true. */
  withoutCalls?: boolean;
  /**
   * A call that has received nothing for this many ms probes its connection with a PING at once
   * (answered: the call keeps waiting; not answered within `timeoutMs`: the connection is closed).
   * Default 30 000, so that a silent connection is noticed within 50 s.
   */
  callIdleMs?: number;
}

/** The defaults: PySpark's keep-alive (60 s / 20 s, also without calls) and a 30 s call probe. */
export const DEFAULT_KEEPALIVE: Readonly<Required<KeepaliveOptions>> = Object.freeze({
  enabled: true,
  timeMs: 60_000,
  timeoutMs: 20_000,
  withoutCalls: true,
  callIdleMs: 30_000,
});

const KEEPALIVE_KEYS = Object.keys(DEFAULT_KEEPALIVE) as (keyof KeepaliveOptions)[];

/** The largest timer delay Node accepts (2^31 - 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Validates keep-alive options and merges them over the defaults; later layers win (e.g. the
 * connection string's keys, then the client's options).
 *
 * @throws TypeError for unknown keys or bad values.
 * @example
 * resolveKeepalive({ timeMs: 10_000 }).timeoutMs; // 20000
 */
export function resolveKeepalive(...layers: (KeepaliveOptions | undefined)[]): Required<KeepaliveOptions> {
  const out: Required<KeepaliveOptions> = { ...DEFAULT_KEEPALIVE };
  for (const layer of layers) {
    if (layer === undefined) continue;
    if (layer === null || typeof layer !== 'object') {
      throw new TypeError(
        `keepalive options must be an object, got ${layer === null ? 'null' : typeof layer}`,
      );
    }
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      if (!KEEPALIVE_KEYS.includes(key as keyof KeepaliveOptions)) {
        throw new TypeError(`Unknown keepalive option '${key}'; known options: ${KEEPALIVE_KEYS.join(', ')}`);
      }
      if (key === 'enabled' || key === 'withoutCalls') {
        if (typeof value !== 'boolean') {
          throw new TypeError(`keepalive option '${key}' must be a boolean, got ${String(value)}`);
        }
        out[key] = value;
      } else {
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TIMER_MS) {
          throw new TypeError(
            `keepalive option '${key}' must be an integer number of ms between 1 and ${MAX_TIMER_MS}, got ${String(value)}`,
          );
        }
        out[key as 'timeMs' | 'timeoutMs' | 'callIdleMs'] = value;
      }
    }
  }
  return out;
}

/** `850 ms`, `20 s`: a duration for messages. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`;
}

/** connect-node's PING options (a subset of its Http2SessionOptions, declared here so that the
 * public declarations do not load connect-node's types). */
export interface SessionPingOptions {
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  pingIdleConnection?: boolean;
}

/** connect-node's PING options for resolved keep-alive options. */
export function sessionPingOptions(k: Required<KeepaliveOptions>): SessionPingOptions {
  if (!k.enabled) return {};
  return { pingIntervalMs: k.timeMs, pingTimeoutMs: k.timeoutMs, pingIdleConnection: k.withoutCalls };
}

/**
 * Watches the calls of HTTP/2 sessions and probes a session whose calls received nothing for
 * `callIdleMs` (see the module comment). One timer per session with calls in progress, none
 * otherwise.
 */
export class SilentCallWatchdog {
  private readonly watches = new WeakMap<http2.Http2Session, SessionWatch>();
  /** The probe interval now: doubled each time the server says too_many_pings (as gRPC does). */
  private idleMs: number;

  constructor(
    callIdleMs: number,
    private readonly pingTimeoutMs: number,
    private readonly endpoint: string,
  ) {
    this.idleMs = callIdleMs;
  }

  /** The current probe interval in ms (doubled after each too_many_pings GOAWAY). */
  get callIdleMs(): number {
    return this.idleMs;
  }

  /** A call started on `stream`. */
  track(stream: http2.ClientHttp2Stream): void {
    const session = stream.session;
    if (session === undefined || session.destroyed) return;
    let watch = this.watches.get(session);
    if (watch === undefined) {
      watch = new SessionWatch(session, this, this.pingTimeoutMs, this.endpoint);
      this.watches.set(session, watch);
    }
    watch.add(stream);
  }

  /** The server closed a connection because of too many PINGs: probe half as often from now on. */
  calmDown(): void {
    this.idleMs = Math.min(this.idleMs * 2, MAX_TIMER_MS);
  }

  /** Bytes were read from `stream`: its connection is alive. */
  alive(stream: http2.ClientHttp2Stream): void {
    const session = stream.session;
    if (session !== undefined) this.watches.get(session)?.alive();
  }
}

class SessionWatch {
  private open = 0;
  private lastAlive = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private probing = false;

  constructor(
    private readonly session: http2.Http2Session,
    private readonly owner: SilentCallWatchdog,
    private readonly pingTimeoutMs: number,
    private readonly endpoint: string,
  ) {
    session.once('close', () => this.stop());
    session.once('goaway', (code: number, _lastStreamId: number, data?: Buffer) => {
      if (
        code === http2.constants.NGHTTP2_ENHANCE_YOUR_CALM &&
        data?.toString('latin1') === 'too_many_pings'
      ) {
        owner.calmDown();
      }
    });
  }

  private get idleMs(): number {
    return this.owner.callIdleMs;
  }

  add(stream: http2.ClientHttp2Stream): void {
    // A connection without calls may have been quiet for long: measure from this call's start.
    if (this.open === 0) this.lastAlive = Date.now();
    this.open++;
    stream.once('response', () => this.alive());
    stream.once('close', () => {
      this.open--;
      if (this.open === 0) this.stop();
    });
    this.arm();
  }

  alive(): void {
    this.lastAlive = Date.now();
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer !== undefined || this.probing || this.open === 0 || this.session.destroyed) return;
    const wait = Math.max(0, this.lastAlive + this.idleMs - Date.now());
    this.timer = setTimeout(() => this.check(), wait);
    this.timer.unref();
  }

  private check(): void {
    this.timer = undefined;
    if (this.open === 0 || this.session.destroyed) return;
    if (Date.now() - this.lastAlive < this.idleMs) {
      this.arm();
      return;
    }
    this.probe();
  }

  private probe(): void {
    const session = this.session;
    const silentFor = Date.now() - this.lastAlive;
    this.probing = true;
    const deadline = setTimeout(() => {
      this.probing = false;
      if (session.destroyed) return;
      session.destroy(
        new ConnectError(
          `the connection to ${this.endpoint} went silent: nothing received for ${formatMs(silentFor)} ` +
            `and no answer to an HTTP/2 PING within ${formatMs(this.pingTimeoutMs)} ` +
            '(a dead network path, e.g. a dropped NAT or load-balancer entry)',
          Code.Unavailable,
        ),
        http2.constants.NGHTTP2_CANCEL,
      );
    }, this.pingTimeoutMs);
    deadline.unref();
    const answered = (err: Error | null) => {
      clearTimeout(deadline);
      this.probing = false;
      if (err !== null) return; // the session is going away; its streams fail on their own
      this.alive();
      this.arm();
    };
    let sent = false;
    try {
      sent = session.ping(answered);
    } catch {
      // destroyed meanwhile
    }
    // Too many PINGs in flight (connect-node's keep-alive sends its own): let the deadline decide.
    if (!sent && session.destroyed) {
      clearTimeout(deadline);
      this.probing = false;
    }
  }
}
