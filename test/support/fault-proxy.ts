/**
 * A misbehaving TCP proxy on 127.0.0.1 for fault tests: it forwards bytes between a client and a
 * real server, and on demand cuts connections (TCP reset) mid-stream, stalls them (stops
 * forwarding), silences them (a dead NAT entry: bytes are dropped both ways, no FIN, no RST), or
 * refuses new ones. It counts what it did so tests can assert on it.
 */
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';

/** Options of a FaultProxy. */
export interface FaultProxyOptions {
  /** The server to forward to. */
  target: { host: string; port: number };
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
}

/** When the proxy cuts connections on its own, as data flows. */
export interface CutPolicy {
  /** Cut a connection once it has forwarded this many bytes from the server to the client. */
  afterBytes: number;
  /** Stop cutting after this many cuts (default: no limit). */
  maxCuts?: number;
}

/** When the proxy silences new connections on its own. */
export interface SilencePolicy {
  /**
   * `'connect'`: at once (the TCP connection opens, nothing ever comes back, not even the server's
   * HTTP/2 preface); `'serverPreface'`: right after the server's preface (its first HTTP/2 frame,
   * SETTINGS) was forwarded, so the client's first request gets no answer.
   */
  after: 'connect' | 'serverPreface';
  /** Stop silencing after this many connections (default: no limit). */
  maxConnections?: number;
}

interface Link {
  client: Socket;
  upstream: Socket;
  bytesDown: number;
  closed: boolean;
  /** Silenced: every byte is dropped, both ways, and the sockets stay open. */
  silent: boolean;
}

/**
 * A TCP proxy that can break the connections it carries.
 *
 * @example
 * const proxy = new FaultProxy({ target: { host: '127.0.0.1', port: 15002 } });
 * await proxy.start();
 * proxy.setCutPolicy({ afterBytes: 1_000_000, maxCuts: 10 });
 * // ... connect to proxy.url
 * await proxy.close();
 */
export class FaultProxy {
  /** Connections accepted so far. */
  connections = 0;
  /** Connections cut so far (by a cut policy or cutAll). */
  cuts = 0;
  /** Bytes forwarded from the server to clients so far. */
  bytesDown = 0;
  /** Connections accepted and reset at once while resetting new connections (see resetNew). */
  rejected = 0;
  /** When true, every new connection is accepted and reset at once (a server that drops clients). */
  resetNew = false;
  private server: Server | undefined;
  private listenPort = 0;
  private readonly links = new Set<Link>();
  private policy: CutPolicy | undefined;
  private policyCuts = 0;
  private stalled = false;
  private refusing = false;
  private silencePolicy: SilencePolicy | undefined;
  private policySilenced = 0;
  /** Connections silenced so far (by silence() or a silence policy). */
  silenced = 0;
  /** Bytes dropped by silenced connections (both ways). */
  bytesDropped = 0;

  private target: { host: string; port: number };

  constructor(private readonly options: FaultProxyOptions) {
    this.target = options.target;
  }

  /**
   * Sends new connections to another server from now on (open connections keep theirs): what a
   * load balancer in front of several servers does when it picks another backend.
   */
  retarget(target: { host: string; port: number }): void {
    this.target = target;
  }

  /** Starts listening (on an ephemeral port the first time, the same port after refuse()). */
  async start(): Promise<number> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('FaultProxy is not listening');
    this.listenPort = address.port;
    this.refusing = false;
    return this.listenPort;
  }

  /** The listening port. */
  get port(): number {
    return this.listenPort;
  }

  /** `sc://<host>:<port>` plus an optional parameter suffix (e.g. `/;user_id=x`). */
  url(suffix = ''): string {
    return `sc://${this.options.host ?? '127.0.0.1'}:${this.listenPort}${suffix}`;
  }

  /** Open connections right now. */
  get openConnections(): number {
    return this.links.size;
  }

  /** Cuts connections automatically once they carried `afterBytes` (undefined: stop cutting). */
  setCutPolicy(policy: CutPolicy | undefined): void {
    this.policy = policy;
    this.policyCuts = 0;
  }

  /** Resets (TCP RST) every open connection; returns how many were cut. */
  cutAll(): number {
    let n = 0;
    for (const link of [...this.links]) {
      if (this.cut(link)) n++;
    }
    return n;
  }

  /** Stops forwarding in both directions: open and new connections hang until resume(). */
  stall(): void {
    this.stalled = true;
    for (const link of this.links) {
      link.client.pause();
      link.upstream.pause();
    }
  }

  /**
   * Silences every open connection, as a dead NAT or load-balancer entry does: from now on their
   * bytes are dropped in both directions and nothing is closed (no FIN, no RST). New connections
   * are forwarded normally. Returns how many connections were silenced.
   */
  silence(): number {
    let n = 0;
    for (const link of this.links) {
      if (!link.silent) {
        link.silent = true;
        this.silenced++;
        n++;
      }
    }
    return n;
  }

  /** Silences new connections automatically (undefined: stop). */
  setSilencePolicy(policy: SilencePolicy | undefined): void {
    this.silencePolicy = policy;
    this.policySilenced = 0;
  }

  /** Open connections that are silenced. */
  get silentConnections(): number {
    let n = 0;
    for (const link of this.links) if (link.silent) n++;
    return n;
  }

  /** Forwards again after stall(). */
  resume(): void {
    this.stalled = false;
    for (const link of this.links) {
      link.client.resume();
      link.upstream.resume();
    }
  }

  /** Stops listening and cuts every connection: new connections are refused until start(). */
  async refuse(): Promise<void> {
    this.refusing = true;
    const server = this.server;
    this.server = undefined;
    this.cutAll();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    await this.refuse();
  }

  private accept(client: Socket): void {
    if (this.refusing || this.resetNew) {
      this.rejected++;
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    this.connections++;
    const upstream = netConnect(this.target.port, this.target.host);
    const link: Link = { client, upstream, bytesDown: 0, closed: false, silent: false };
    this.links.add(link);
    const silencing = this.silencePolicy;
    const silenceAfter =
      silencing !== undefined &&
      (silencing.maxConnections === undefined || this.policySilenced < silencing.maxConnections)
        ? silencing.after
        : undefined;
    if (silenceAfter !== undefined) this.policySilenced++;
    const goSilent = () => {
      if (link.silent) return;
      link.silent = true;
      this.silenced++;
    };
    if (silenceAfter === 'connect') goSilent();
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const end = () => {
      if (link.closed) return;
      link.closed = true;
      this.links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    client.on('data', (chunk: Buffer) => {
      if (link.silent) {
        this.bytesDropped += chunk.byteLength;
        return;
      }
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => {
          if (!this.stalled) client.resume();
        });
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (link.silent) {
        this.bytesDropped += chunk.byteLength;
        return;
      }
      link.bytesDown += chunk.byteLength;
      this.bytesDown += chunk.byteLength;
      const policy = this.policy;
      if (
        policy !== undefined &&
        link.bytesDown >= policy.afterBytes &&
        (policy.maxCuts === undefined || this.policyCuts < policy.maxCuts)
      ) {
        // Forward part of this chunk, then cut: the client sees a stream broken mid-message.
        client.write(chunk.subarray(0, chunk.byteLength >> 1));
        this.policyCuts++;
        this.cut(link);
        return;
      }
      if (silenceAfter === 'serverPreface' && chunk.byteLength >= 9) {
        // The first frame: a 9-byte header whose first 3 bytes are the payload length.
        const frameBytes = 9 + chunk.readUIntBE(0, 3);
        client.write(chunk.subarray(0, frameBytes));
        this.bytesDropped += Math.max(0, chunk.byteLength - frameBytes);
        goSilent();
        return;
      }
      if (!client.write(chunk)) {
        upstream.pause();
        client.once('drain', () => {
          if (!this.stalled) upstream.resume();
        });
      }
    });
    if (this.stalled) {
      client.pause();
      upstream.pause();
    }
  }

  private cut(link: Link): boolean {
    if (link.closed) return false;
    link.closed = true;
    this.links.delete(link);
    this.cuts++;
    link.client.resetAndDestroy();
    link.upstream.resetAndDestroy();
    return true;
  }
}
