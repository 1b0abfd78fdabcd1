import { randomUUID } from 'node:crypto';
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { create } from '@bufbuild/protobuf';
import { Code, ConnectError, type ConnectRouter, createClient, type Interceptor } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConnectionString } from '../../src/client/connection-string.js';
import {
  createSparkTransport,
  DEFAULT_FLOW_CONTROL,
  isLoopbackHost,
  type SparkTransport,
  type TransportOptions,
} from '../../src/client/transport.js';
import { clientType } from '../../src/client/user-agent.js';
import { InvalidConnectionStringError } from '../../src/errors/base.js';
import { AnalyzePlanRequestSchema, SparkConnectService } from '../../src/gen/spark/connect/base_pb.js';

const MiB = 1024 * 1024;

/** A plaintext HTTP/2 gRPC server implementing a little of SparkConnectService; records raw headers. */
class StubServer {
  readonly requests: http2.IncomingHttpHeaders[] = [];
  readonly sessions: http2.ServerHttp2Session[] = [];
  /** Bytes of each ExecutePlan arrow batch, and how many to send. */
  batchBytes = MiB;
  batches = 4;
  versionLength = 5;
  private server: http2.Http2Server | undefined;

  async start(): Promise<number> {
    const routes = (router: ConnectRouter) =>
      router.service(SparkConnectService, {
        analyzePlan: () => ({
          result: { case: 'sparkVersion', value: { version: '9'.repeat(this.versionLength) } },
        }),
        executePlan: async function* (this: void, req) {
          for (let i = 0; i < stub.batches; i++) {
            yield {
              sessionId: req.sessionId,
              responseType: {
                case: 'arrowBatch',
                value: { rowCount: 1n, data: new Uint8Array(stub.batchBytes).fill(i % 251) },
              },
            };
          }
        },
      });
    const stub = this;
    const handler = connectNodeAdapter({ routes, readMaxBytes: 0xffffffff });
    this.server = http2.createServer((req, res) => {
      this.requests.push({ ...req.headers });
      handler(req, res);
    });
    this.server.on('session', (s) => this.sessions.push(s));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const stub = new StubServer();
let port = 0;
const open: SparkTransport[] = [];

function transportFor(url: string, opts?: TransportOptions): SparkTransport {
  const t = createSparkTransport(parseConnectionString(url), opts);
  open.push(t);
  return t;
}

function sparkVersionRequest() {
  return {
    sessionId: randomUUID(),
    userContext: { userId: 'test' },
    clientType: clientType(),
    analyze: { case: 'sparkVersion' as const, value: {} },
  };
}

beforeAll(async () => {
  port = await stub.start();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  stub.requests.length = 0;
});

afterAll(async () => {
  await stub.close();
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['127.0.0.1', true],
    ['127.255.3.4', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['::2', false],
    ['::', false],
    ['localhost.example.com', false],
    ['example.com', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('TLS and the token rule', () => {
  it('uses plaintext by default and TLS with use_ssl, a token or tls options', () => {
    expect(transportFor('sc://h').useTls).toBe(false);
    expect(transportFor('sc://h/;use_ssl=true').useTls).toBe(true);
    expect(transportFor('sc://h/;token=abc').useTls).toBe(true);
    expect(transportFor('sc://127.0.0.1/;token=abc').useTls).toBe(true);
    expect(transportFor('sc://h', { tls: {} }).useTls).toBe(true);
    expect(transportFor('sc://localhost/;token=abc', { tls: { servername: 'x' } }).useTls).toBe(true);
  });

  it('reports the endpoint and the secrets to redact', () => {
    const t = transportFor('sc://[::1]:15003/;token=tok-123;x-a=1');
    expect(t.endpoint).toBe('[::1]:15003');
    expect(t.secrets).toEqual(['tok-123']);
    expect(transportFor('sc://h').secrets).toEqual([]);
    expect(transportFor('sc://h/;authorization=Basic%20eHl6').secrets).toEqual(['Basic eHl6']);
  });

  it('refuses a token over plaintext to a non-loopback host, without showing the token', () => {
    const token = 'sekrit-TOKEN-value';
    const make = () =>
      createSparkTransport(parseConnectionString(`sc://spark.example.com/;token=${token};use_ssl=false`));
    expect(make).toThrow(InvalidConnectionStringError);
    try {
      make();
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toContain('Refusing to send the token without TLS to spark.example.com:15002');
      expect(message).toContain('allowInsecureToken: true');
      expect(message).not.toContain(token);
    }
    expect(() =>
      createSparkTransport(parseConnectionString(`sc://10.1.2.3:443/;use_ssl=false;token=${token}`)),
    ).toThrow('Refusing to send the token without TLS to 10.1.2.3:443');
  });

  it('allows a token over plaintext to loopback hosts, or with allowInsecureToken', () => {
    for (const host of ['localhost', '127.0.0.1', '127.0.0.2', '[::1]']) {
      const t = transportFor(`sc://${host}/;token=abc;use_ssl=false`);
      expect(t.useTls).toBe(false);
      expect(t.secrets).toEqual(['abc']);
    }
    expect(transportFor('sc://localhost/;token=abc').useTls).toBe(false);
    const t = transportFor('sc://spark.example.com/;token=abc;use_ssl=false', { allowInsecureToken: true });
    expect(t.useTls).toBe(false);
  });

  it('validates option headers and flow-control windows', () => {
    expect(() => transportFor('sc://h', { headers: { 'bad header': 'x' } })).toThrow(TypeError);
    expect(() => transportFor('sc://h', { headers: { 'grpc-timeout': '1S' } })).toThrow(
      "Header 'grpc-timeout' is reserved",
    );
    expect(() => transportFor('sc://h', { headers: { 'x-a': 'line\nbreak' } })).toThrow(
      "Invalid value for header 'x-a'",
    );
    expect(() => transportFor('sc://h/;token=abc', { headers: { Authorization: 'Basic x' } })).toThrow(
      "headers.authorization conflicts with the connection string's token",
    );
    expect(() => transportFor('sc://h', { flowControl: { streamWindowBytes: 1000 } })).toThrow(
      'flowControl.streamWindowBytes must be an integer between 65535 and 2147483647, got 1000',
    );
    expect(() => transportFor('sc://h', { flowControl: { sessionWindowBytes: 2 ** 31 } })).toThrow(TypeError);
  });
});

describe('requests on the wire (local plaintext HTTP/2 server)', () => {
  it('sends gRPC with binary protobuf, the token and the custom headers', async () => {
    const t = transportFor(
      `sc://127.0.0.1:${port}/;token=tok-1;use_ssl=false;x-databricks-cluster-id=c-42;X-Mixed=M`,
      {
        headers: { 'x-from-options': 'o', 'x-mixed': 'overridden' },
      },
    );
    const client = createClient(SparkConnectService, t.transport);
    const res = await client.analyzePlan(sparkVersionRequest());
    expect(res.result).toEqual({
      case: 'sparkVersion',
      value: expect.objectContaining({ version: '99999' }),
    });
    expect(stub.requests).toHaveLength(1);
    const h = stub.requests[0];
    expect(h[':method']).toBe('POST');
    expect(h[':path']).toBe('/spark.connect.SparkConnectService/AnalyzePlan');
    expect(h[':scheme']).toBe('http');
    expect(h['content-type']).toBe('application/grpc+proto');
    expect(h.te).toBe('trailers');
    expect(h.authorization).toBe('Bearer tok-1');
    expect(h['x-databricks-cluster-id']).toBe('c-42');
    expect(h['x-mixed']).toBe('overridden');
    expect(h['x-from-options']).toBe('o');
  });

  it('sends the headers on every request, streams included', async () => {
    const t = transportFor(`sc://127.0.0.1:${port}/;x-a=1`);
    const client = createClient(SparkConnectService, t.transport);
    await client.analyzePlan(sparkVersionRequest());
    stub.batches = 1;
    stub.batchBytes = 10;
    for await (const _ of client.executePlan({ sessionId: randomUUID() })) {
      // drain
    }
    expect(stub.requests.map((h) => [h[':path'], h['x-a']])).toEqual([
      ['/spark.connect.SparkConnectService/AnalyzePlan', '1'],
      ['/spark.connect.SparkConnectService/ExecutePlan', '1'],
    ]);
  });

  it('sends a token over plaintext to localhost (PySpark local-server rule)', async () => {
    const t = transportFor(`sc://localhost:${port}/;token=local-tok`);
    expect(t.useTls).toBe(false);
    await createClient(SparkConnectService, t.transport).analyzePlan(sparkVersionRequest());
    expect(stub.requests[0].authorization).toBe('Bearer local-tok');
  });

  it('does not send authorization without a token', async () => {
    const t = transportFor(`sc://127.0.0.1:${port}`);
    await createClient(SparkConnectService, t.transport).analyzePlan(sparkVersionRequest());
    expect(stub.requests[0].authorization).toBeUndefined();
  });

  it('keeps per-request headers and runs extra interceptors', async () => {
    const seen: string[] = [];
    const interceptor: Interceptor = (next) => (req) => {
      seen.push(req.method.name);
      req.header.set('x-per-request', 'yes');
      return next(req);
    };
    const t = transportFor(`sc://127.0.0.1:${port}/;x-a=default`, { interceptors: [interceptor] });
    const client = createClient(SparkConnectService, t.transport);
    await client.analyzePlan(sparkVersionRequest(), { headers: { 'x-a': 'per-call' } });
    expect(seen).toEqual(['AnalyzePlan']);
    expect(stub.requests[0]['x-a']).toBe('per-call');
    expect(stub.requests[0]['x-per-request']).toBe('yes');
  });

  it('limits messages to grpc_max_message_size in both directions', async () => {
    const t = transportFor(`sc://127.0.0.1:${port}/;grpc_max_message_size=1000`);
    const client = createClient(SparkConnectService, t.transport);
    stub.versionLength = 5000;
    try {
      const err = await client.analyzePlan(sparkVersionRequest()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectError);
      expect((err as ConnectError).code).toBe(Code.ResourceExhausted);
      expect((err as ConnectError).rawMessage).toMatch(/larger than configured readMaxBytes 1000/);
    } finally {
      stub.versionLength = 5;
    }
    const big = create(AnalyzePlanRequestSchema, { ...sparkVersionRequest(), clientType: 'x'.repeat(2000) });
    const err = await client.analyzePlan(big).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.ResourceExhausted);
    expect((err as ConnectError).rawMessage).toMatch(/larger than configured writeMaxBytes 1000/);
    // The default (128 MiB) lets a 5 000-byte message through.
    stub.versionLength = 5000;
    try {
      const ok = transportFor(`sc://127.0.0.1:${port}`);
      const res = await createClient(SparkConnectService, ok.transport).analyzePlan(sparkVersionRequest());
      expect(res.result.case).toBe('sparkVersion');
    } finally {
      stub.versionLength = 5;
    }
  });
});

describe('HTTP/2 flow control', () => {
  it('raises the stream and connection windows well above 64 KiB', async () => {
    const t = transportFor(`sc://127.0.0.1:${port}`);
    const client = createClient(SparkConnectService, t.transport);
    stub.batches = 24;
    stub.batchBytes = MiB;
    let bytes = 0;
    for await (const r of client.executePlan({ sessionId: randomUUID() })) {
      if (r.responseType.case === 'arrowBatch') bytes += r.responseType.value.data.length;
    }
    expect(bytes).toBe(24 * MiB);
    // A second call on the same connection: by now the server has the client's settings and
    // connection WINDOW_UPDATE.
    await client.analyzePlan(sparkVersionRequest());
    const session = stub.sessions[stub.sessions.length - 1];
    expect(session.remoteSettings.initialWindowSize).toBe(DEFAULT_FLOW_CONTROL.streamWindowBytes);
    expect(DEFAULT_FLOW_CONTROL).toEqual({ streamWindowBytes: 4 * MiB, sessionWindowBytes: 64 * MiB });
    // The server's view of how much it may still send on the connection.
    expect(session.state.remoteWindowSize).toBeGreaterThan(32 * MiB);
  });

  it('takes custom windows', async () => {
    const t = transportFor(`sc://127.0.0.1:${port}`, {
      flowControl: { streamWindowBytes: 4 * MiB, sessionWindowBytes: 8 * MiB },
    });
    const client = createClient(SparkConnectService, t.transport);
    await client.analyzePlan(sparkVersionRequest());
    await client.analyzePlan(sparkVersionRequest());
    const session = stub.sessions[stub.sessions.length - 1];
    expect(session.remoteSettings.initialWindowSize).toBe(4 * MiB);
    expect(session.state.remoteWindowSize).toBeGreaterThan(4 * MiB);
    expect(session.state.remoteWindowSize).toBeLessThanOrEqual(8 * MiB);
  });
});

describe('close()', () => {
  it('closes the HTTP/2 connection and refuses further requests', async () => {
    const t = createSparkTransport(parseConnectionString(`sc://127.0.0.1:${port}`));
    const client = createClient(SparkConnectService, t.transport);
    await client.analyzePlan(sparkVersionRequest());
    const session = stub.sessions[stub.sessions.length - 1];
    expect(session.closed || session.destroyed).toBe(false);
    const serverSideClosed = new Promise<void>((resolve) => session.once('close', () => resolve()));
    await t.close();
    await serverSideClosed;
    const err = await client.analyzePlan(sparkVersionRequest()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.Canceled);
    expect((err as ConnectError).rawMessage).toBe('The Spark Connect transport is closed');
    await t.close(); // idempotent
    await t[Symbol.asyncDispose]();
  });

  it('cancels a stream that is still open', async () => {
    const t = createSparkTransport(parseConnectionString(`sc://127.0.0.1:${port}`));
    const client = createClient(SparkConnectService, t.transport);
    stub.batches = 200;
    stub.batchBytes = MiB;
    const it = client.executePlan({ sessionId: randomUUID() })[Symbol.asyncIterator]();
    await it.next();
    await t.close();
    const err = await (async () => {
      for (;;) {
        const r = await it.next();
        if (r.done) return undefined;
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.Canceled);
  });

  it('completes for a transport that never connected', async () => {
    const t = createSparkTransport(parseConnectionString('sc://127.0.0.1:1'));
    await t.close();
  });
});
