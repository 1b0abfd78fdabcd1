/**
 * An HTTP/2 (h2c) proxy in front of a real Spark Connect server that records the headers of every
 * request it forwards: it shows what the client really puts on the wire (trace context, tokens,
 * custom headers), which an in-process hook cannot prove. Bodies, response headers and trailers
 * are forwarded unchanged; a cancelled call is cancelled upstream.
 */
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  /** `/spark.connect.SparkConnectService/ExecutePlan` and so on. */
  path: string;
  headers: http2.IncomingHttpHeaders;
}

export class HeaderRecordingProxy {
  readonly requests: RecordedRequest[] = [];
  private upstream?: http2.ClientHttp2Session;
  /** The loopback port the proxy listens on. */
  port = 0;

  private constructor(
    private readonly server: http2.Http2Server,
    private readonly target: string,
  ) {}

  /** Starts a proxy on a free loopback port forwarding to `host:port`. */
  static async start(host: string, port: number): Promise<HeaderRecordingProxy> {
    const server = http2.createServer();
    const proxy = new HeaderRecordingProxy(server, `http://${host}:${port}`);
    server.on('stream', (stream, headers) => proxy.forward(stream, headers));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy.port = (server.address() as AddressInfo).port;
    return proxy;
  }

  /** The recorded requests whose path ends with `/method`. */
  requestsOf(method: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith(`/${method}`));
  }

  async close(): Promise<void> {
    this.upstream?.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private session(): http2.ClientHttp2Session {
    if (this.upstream === undefined || this.upstream.closed || this.upstream.destroyed) {
      this.upstream = http2.connect(this.target);
      this.upstream.on('error', () => {});
    }
    return this.upstream;
  }

  private forward(down: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    this.requests.push({ path: String(headers[':path']), headers: { ...headers } });
    const up = this.session().request({ ...headers });
    down.pipe(up);
    down.on('close', () => {
      if (!up.closed) up.close(down.rstCode || http2.constants.NGHTTP2_CANCEL);
    });
    up.on('error', () => down.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
    up.on('response', (responseHeaders) => {
      const plain = withoutPseudoHeaders(responseHeaders);
      if (responseHeaders['grpc-status'] !== undefined) {
        // A trailers-only response (an error before any message): headers end the stream.
        down.respond({ ':status': responseHeaders[':status'], ...plain }, { endStream: true });
        return;
      }
      let trailers: http2.OutgoingHttpHeaders = {};
      up.on('trailers', (t) => {
        trailers = withoutPseudoHeaders(t);
      });
      down.respond({ ':status': responseHeaders[':status'], ...plain }, { waitForTrailers: true });
      down.on('wantTrailers', () => down.sendTrailers(trailers));
      up.pipe(down);
    });
  }
}

function withoutPseudoHeaders(h: http2.IncomingHttpHeaders): http2.OutgoingHttpHeaders {
  const out: http2.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(h)) if (!k.startsWith(':')) out[k] = v;
  return out;
}
