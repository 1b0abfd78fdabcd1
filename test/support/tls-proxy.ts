/**
 * A TLS-terminating TCP proxy on 127.0.0.1 for tests: it accepts TLS (ALPN `h2`, optionally
 * requiring a client certificate) and pipes the decrypted bytes to a plaintext target, e.g. a real
 * Spark Connect server, so TLS can be tested against servers that only speak plaintext.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { createServer, type Server, type TLSSocket } from 'node:tls';

/** Options of a TlsProxy. */
export interface TlsProxyOptions {
  /** The plaintext target. */
  target: { host: string; port: number };
  /** Server certificate (PEM). */
  cert: string;
  /** Server private key (PEM). */
  key: string;
  /** Require and verify a client certificate (mutual TLS) against `ca`. */
  requestCert?: boolean;
  /** CA certificates (PEM) that client certificates must chain to. */
  ca?: string;
}

/**
 * A TLS-terminating proxy.
 *
 * @example
 * const proxy = new TlsProxy({ target: { host: '127.0.0.1', port: 15002 }, cert, key });
 * const port = await proxy.start();
 * // ... connect to sc://localhost:<port>/;use_ssl=true
 * await proxy.close();
 */
export class TlsProxy {
  /** Errors of failed TLS handshakes (e.g. a client without a certificate), newest last. */
  readonly handshakeErrors: Error[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly options: TlsProxyOptions) {}

  /** Starts listening on an ephemeral port of 127.0.0.1 and returns it. */
  async start(): Promise<number> {
    const { cert, key, ca, requestCert, target } = this.options;
    const server = createServer(
      {
        cert,
        key,
        ca,
        requestCert: requestCert === true,
        rejectUnauthorized: requestCert === true,
        ALPNProtocols: ['h2'],
      },
      (client: TLSSocket) => {
        const upstream = netConnect(target.port, target.host);
        this.track(client);
        this.track(upstream);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
      },
    );
    server.on('tlsClientError', (err, socket) => {
      this.handshakeErrors.push(err);
      socket.destroy();
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return this.port;
  }

  /** The listening port (after start()). */
  get port(): number {
    const address = this.server?.address();
    if (address === null || address === undefined || typeof address === 'string') {
      throw new Error('TlsProxy is not listening');
    }
    return address.port;
  }

  /** Stops listening and cuts every proxied connection. */
  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
