/**
 * A misbehaving TCP proxy on 127.0.0.1 for fault tests: it forwards bytes between a client and a
 * real server, and on demand cuts connections (TCP reset) mid-stream, stalls them (stops
 * forwarding), or refuses new ones. It counts what it did so tests can assert on it.
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

interface Link {
  client: Socket;
  upstream: Socket;
  bytesDown: number;
  closed: boolean;
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

  constructor(private readonly options: FaultProxyOptions) {}

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
    const upstream = netConnect(this.options.target.port, this.options.target.host);
    const link: Link = { client, upstream, bytesDown: 0, closed: false };
    this.links.add(link);
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
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => {
          if (!this.stalled) client.resume();
        });
      }
    });
    upstream.on('data', (chunk: Buffer) => {
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
