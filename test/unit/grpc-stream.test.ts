/**
 * The client's own gRPC stream (ExecutePlan, ReattachExecute) against a local node:http2 server
 * that writes the gRPC framing by hand: every answer (messages split across DATA frames, trailer
 * errors, trailers-only, HTTP errors, resets, aborts, deadlines) must give what connect-es gives
 * for the same answer (both paths run against the same server), and the stream must be paused
 * while the consumer does not pull.
 */
import { randomUUID } from 'node:crypto';
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { create, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { parseConnectionString } from '../../src/client/connection-string.js';
import { convertError } from '../../src/client/errors.js';
import { GrpcStreamCaller } from '../../src/client/grpc-stream.js';
import type { RpcCallOptions, SparkConnectRpcClient } from '../../src/client/rpc-client.js';
import type { RpcObserver } from '../../src/client/rpc-observer.js';
import { createSparkTransport, type SparkTransport } from '../../src/client/transport.js';
import { StatusSchema } from '../../src/gen/google/rpc/status_pb.js';
import {
  AnalyzePlanResponseSchema,
  type ExecutePlanRequestSchema,
  type ExecutePlanResponse,
  ExecutePlanResponseSchema,
  SparkConnectService,
} from '../../src/gen/spark/connect/base_pb.js';

type Handler = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => void | Promise<void>;

/** A plaintext HTTP/2 server whose answers the tests write frame by frame. */
let server: http2.Http2Server;
let port = 0;
let handler: Handler = () => undefined;
const received: http2.IncomingHttpHeaders[] = [];
/** `<x-test header> <RST code>` of the reset streams that carried an x-test header. */
const taggedResets: string[] = [];
const transports: SparkTransport[] = [];

beforeAll(async () => {
  server = http2.createServer();
  server.on('stream', (stream, headers) => {
    received.push({ ...headers });
    stream.on('close', () => {
      if (stream.rstCode === http2.constants.NGHTTP2_NO_ERROR) return;
      const tag = headers['x-test'];
      if (typeof tag === 'string') taggedResets.push(`${tag} ${stream.rstCode}`);
    });
    stream.on('error', () => undefined);
    // Read the request before answering, as a gRPC server does.
    stream.resume();
    stream.once('end', () => void handler(stream, headers));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const t of transports) await t.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
});

function transport(query = ''): SparkTransport {
  const t = createSparkTransport(parseConnectionString(`sc://127.0.0.1:${port}/;use_ssl=false${query}`));
  transports.push(t);
  return t;
}

/** The same call through connect-es and through the client's own stream. */
function bothPaths(query = ''): [string, SparkConnectRpcClient][] {
  const t = transport(query);
  return [
    ['connect-es', createClient(SparkConnectService, t.transport) as unknown as SparkConnectRpcClient],
    ['own stream', t.client],
  ];
}

function request(): MessageInitShape<typeof ExecutePlanRequestSchema> {
  return { sessionId: randomUUID(), operationId: randomUUID(), userContext: { userId: 'u' } };
}

function batch(i: number, bytes = 16): ExecutePlanResponse {
  return create(ExecutePlanResponseSchema, {
    sessionId: 's',
    responseId: `r${i}`,
    responseType: {
      case: 'arrowBatch',
      value: { rowCount: BigInt(i), data: new Uint8Array(bytes).fill(i % 251) },
    },
  });
}

/** One gRPC message: the 5-byte prefix and the body. */
function framedAny(body: Uint8Array): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(body.length, 1);
  return Buffer.concat([prefix, body]);
}

function framed(...messages: ExecutePlanResponse[]): Buffer {
  return Buffer.concat(
    messages.map((m) => {
      const body = toBinary(ExecutePlanResponseSchema, m);
      const prefix = Buffer.alloc(5);
      prefix.writeUInt32BE(body.length, 1);
      return Buffer.concat([prefix, body]);
    }),
  );
}

const OK_HEADERS = { ':status': 200, 'content-type': 'application/grpc+proto' };

/** Writes chunks one by one (each its own DATA frame), then the trailers. */
async function answer(
  stream: http2.ServerHttp2Stream,
  chunks: Buffer[],
  trailers: http2.OutgoingHttpHeaders = { 'grpc-status': '0' },
): Promise<void> {
  stream.respond(OK_HEADERS, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers(trailers));
  for (const c of chunks) {
    await new Promise<void>((resolve) => stream.write(c, () => resolve()));
  }
  stream.end();
}

interface Outcome {
  responses: ExecutePlanResponse[];
  error?: ReturnType<typeof errorShape>;
}

function errorShape(e: unknown) {
  if (!(e instanceof ConnectError)) return { notConnectError: String(e) };
  return {
    code: e.code,
    rawMessage: e.rawMessage,
    metadata: [...e.metadata.entries()].filter(([k]) => k !== 'date'),
    details: e.details,
    causeCode: (e.cause as { code?: unknown } | undefined)?.code,
  };
}

async function run(client: SparkConnectRpcClient, opts?: RpcCallOptions): Promise<Outcome> {
  const responses: ExecutePlanResponse[] = [];
  try {
    for await (const r of client.executePlan(request(), opts)) responses.push(r);
    return { responses };
  } catch (e) {
    return { responses, error: errorShape(e) };
  }
}

/** Runs the call on both paths; both outcomes must be equal; returns the own path's. */
async function same(query = '', opts?: RpcCallOptions): Promise<Outcome> {
  const [[, viaConnect], [, viaOwn]] = bothPaths(query);
  const expected = await run(viaConnect, opts);
  const actual = await run(viaOwn, opts);
  expect(actual).toEqual(expected);
  return actual;
}

describe('results', () => {
  it('decodes messages whatever the DATA frames: one per frame, several per frame, split anywhere', async () => {
    const msgs = [batch(1), batch(2, 300), batch(3, 70_000), batch(4), batch(5, 0)];
    const bytes = framed(...msgs);
    handler = (stream) =>
      answer(stream, [
        bytes.subarray(0, 3), // inside the first prefix
        bytes.subarray(3, 40), // rest of message 1 and part of message 2
        bytes.subarray(40, 50_000), // message 2, and message 3 starts
        bytes.subarray(50_000, bytes.length - 4), // message 3 ends, 4 and most of 5
        bytes.subarray(bytes.length - 4),
      ]);
    const out = await same();
    expect(out.responses.map((r) => r.responseId)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(out.error).toBeUndefined();
    const data = out.responses[2].responseType.value as { data: Uint8Array };
    expect(data.data).toEqual(new Uint8Array(70_000).fill(3));
    // A plain Uint8Array (as connect-es gives), not a Node Buffer.
    expect(Object.getPrototypeOf(data.data)).toBe(Uint8Array.prototype);
  });

  it('places an Arrow batch assembled from several frames so that its data is 8-byte aligned (apache-arrow then reads it in place)', async () => {
    // Session ids of every length move the data's offset inside the message through all residues.
    const msgs = Array.from({ length: 8 }, (_, i) =>
      create(ExecutePlanResponseSchema, {
        sessionId: 's'.repeat(i + 1),
        operationId: 'op',
        responseId: `r${i}`,
        responseType: {
          case: 'arrowBatch',
          value: { rowCount: 5n, data: new Uint8Array(40_000).fill(i), startOffset: 0n },
        },
      }),
    );
    const bytes = framed(...msgs);
    const chunks: Buffer[] = [];
    for (let off = 0; off < bytes.length; off += 16_384) chunks.push(bytes.subarray(off, off + 16_384));
    handler = (stream) => answer(stream, chunks);
    const out = await run(bothPaths()[1][1]);
    expect(out.error).toBeUndefined();
    expect(out.responses.map((r) => r.sessionId.length)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const [i, r] of out.responses.entries()) {
      const data = (r.responseType.value as { data: Uint8Array }).data;
      expect(data).toEqual(new Uint8Array(40_000).fill(i));
      expect(data.byteOffset % 8, `message ${i}`).toBe(0);
    }
  });

  it('ends without responses on a trailers-only OK answer', async () => {
    handler = (stream) => stream.respond({ ...OK_HEADERS, 'grpc-status': '0' }, { endStream: true });
    expect(await same()).toEqual({ responses: [] });
  });

  it('reads many messages in one DATA frame', async () => {
    const msgs = Array.from({ length: 50 }, (_, i) => batch(i, 8));
    handler = (stream) => answer(stream, [framed(...msgs)]);
    const out = await same();
    expect(out.responses).toHaveLength(50);
  });
});

describe('errors are the ConnectErrors connect-es gives', () => {
  it('a status in the trailers, with a percent-encoded message and status details', async () => {
    const details = create(StatusSchema, {
      code: Code.InvalidArgument,
      message: 'bad plan: 100% wrong',
      details: [{ typeUrl: 'type.googleapis.com/google.rpc.ErrorInfo', value: new Uint8Array([10, 1, 65]) }],
    });
    handler = (stream) =>
      answer(stream, [framed(batch(1))], {
        'grpc-status': '3',
        'grpc-message': encodeURIComponent('bad plan: 100% wrong'),
        'grpc-status-details-bin': Buffer.from(toBinary(StatusSchema, details)).toString('base64'),
      });
    const out = await same();
    expect(out.responses).toHaveLength(1);
    expect(out.error).toMatchObject({ code: Code.InvalidArgument, rawMessage: 'bad plan: 100% wrong' });
  });

  it('a status without details, and an unknown status code', async () => {
    handler = (stream) => answer(stream, [], { 'grpc-status': '13', 'grpc-message': 'a%20b' });
    expect((await same()).error).toMatchObject({ code: Code.Internal, rawMessage: 'a b' });
    handler = (stream) => answer(stream, [], { 'grpc-status': '99' });
    expect((await same()).error).toMatchObject({ rawMessage: 'invalid grpc-status: 99' });
  });

  it('a trailers-only error answer', async () => {
    handler = (stream) =>
      stream.respond({ ...OK_HEADERS, 'grpc-status': '7', 'grpc-message': 'no%20way' }, { endStream: true });
    expect((await same()).error).toMatchObject({ code: Code.PermissionDenied, rawMessage: 'no way' });
  });

  it('an answer without any status', async () => {
    handler = (stream) => {
      stream.respond(OK_HEADERS);
      stream.end(framed(batch(1)));
    };
    const out = await same();
    expect(out.responses).toHaveLength(1);
    expect(out.error).toMatchObject({ code: Code.Internal, rawMessage: 'protocol error: missing status' });
  });

  it('a message cut short by the end of the stream', async () => {
    handler = (stream) => answer(stream, [framed(batch(1)).subarray(0, 9)]);
    expect((await same()).error).toMatchObject({
      code: Code.InvalidArgument,
      rawMessage: 'protocol error: incomplete envelope',
    });
  });

  it('non-gRPC HTTP answers (a proxy), with the messages transport-errors.ts reports', async () => {
    handler = (stream) => {
      stream.respond({ ':status': 404, 'content-type': 'text/html', server: 'nginx' });
      stream.end('<html>not found</html>');
    };
    const [[, viaConnect], [, viaOwn]] = bothPaths();
    const out = await same();
    expect(out.error).toMatchObject({ code: Code.Unimplemented, rawMessage: 'HTTP 404' });
    const converted = async (client: SparkConnectRpcClient) => {
      try {
        for await (const _ of client.executePlan(request())) {
          // nothing
        }
      } catch (e) {
        const c = await convertError(e, { endpoint: 'h:1', secrets: [] });
        return `${c.name}: ${c.message}`;
      }
      return 'no error';
    };
    const text = await converted(viaOwn);
    expect(text).toBe(await converted(viaConnect));
    expect(text).toContain('answered with HTTP 404 (text/html from nginx), not gRPC');

    handler = (stream) => {
      stream.respond({ ':status': 200, 'content-type': 'application/json' });
      stream.end('{}');
    };
    expect((await same()).error).toMatchObject({
      code: Code.Unknown,
      rawMessage: 'unsupported content type application/json',
    });
  });

  it('a message larger than grpc_max_message_size: RESOURCE_EXHAUSTED', async () => {
    handler = (stream) => answer(stream, [framed(batch(1, 10), batch(2, 5000))]);
    const out = await same(';grpc_max_message_size=1000');
    expect(out.error).toMatchObject({ code: Code.ResourceExhausted });
    expect(out.error?.rawMessage).toMatch(/^message size \d+ is larger than configured readMaxBytes 1000$/);
  });

  it.each([
    ['CANCEL', http2.constants.NGHTTP2_CANCEL],
    ['INTERNAL_ERROR', http2.constants.NGHTTP2_INTERNAL_ERROR],
    ['REFUSED_STREAM', http2.constants.NGHTTP2_REFUSED_STREAM],
    ['ENHANCE_YOUR_CALM', http2.constants.NGHTTP2_ENHANCE_YOUR_CALM],
  ])('a stream reset by the server with %s', async (_name, code) => {
    handler = async (stream) => {
      stream.respond(OK_HEADERS);
      await new Promise<void>((resolve) => stream.write(framed(batch(1)), () => resolve()));
      stream.close(code);
    };
    const out = await same();
    expect(out.error).toBeDefined();
    if (code === http2.constants.NGHTTP2_CANCEL) {
      // The transport's lost-connection rule: a CANCEL the caller did not ask for.
      expect(out.error).toMatchObject({
        code: Code.Unavailable,
        rawMessage: 'connection lost (http/2 stream closed with error code CANCEL (0x8))',
      });
    }
  });

  it('a connection that breaks mid-stream', async () => {
    handler = async (stream) => {
      stream.respond(OK_HEADERS);
      await new Promise<void>((resolve) => stream.write(framed(batch(1)), () => resolve()));
      stream.session?.destroy();
    };
    const out = await same();
    expect(out.error).toBeDefined();
  });

  it('a refused connection', async () => {
    const closed = http2.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const t = createSparkTransport(parseConnectionString(`sc://127.0.0.1:${deadPort}`));
    transports.push(t);
    const expected = await run(
      createClient(SparkConnectService, t.transport) as unknown as SparkConnectRpcClient,
    );
    const actual = await run(t.client);
    expect(actual).toEqual(expected);
    expect(actual.error).toMatchObject({ code: Code.Unavailable, causeCode: 'ECONNREFUSED' });
  });
});

describe('abort and deadline', () => {
  /** Sends one message, then nothing until the client gives up. */
  const stall: Handler = (stream) => {
    stream.respond(OK_HEADERS);
    stream.write(framed(batch(1)));
  };

  it("the caller's signal rejects as connect-es does and resets the stream with CANCEL", async () => {
    handler = stall;
    for (const [name, client] of bothPaths()) {
      const tag = `abort ${name}`;
      const ctrl = new AbortController();
      const it = client
        .executePlan(request(), { signal: ctrl.signal, headers: { 'x-test': tag } })
        [Symbol.asyncIterator]();
      expect((await it.next()).value?.responseId).toBe('r1');
      const pending = it.next();
      ctrl.abort();
      const err = await pending.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(errorShape(err)).toMatchObject({
        code: Code.Canceled,
        rawMessage: 'This operation was aborted',
      });
      await until(() => taggedResets.some((r) => r.startsWith(tag)));
      expect(taggedResets.filter((r) => r.startsWith(tag))).toEqual([
        `${tag} ${http2.constants.NGHTTP2_CANCEL}`,
      ]);
    }
  });

  it('an already aborted signal', async () => {
    handler = stall;
    const ctrl = new AbortController();
    ctrl.abort(new Error('stop now'));
    const out = await same('', { signal: ctrl.signal });
    expect(out.error).toMatchObject({ rawMessage: 'stop now' });
  });

  it('timeoutMs: DEADLINE_EXCEEDED and the grpc-timeout header', async () => {
    handler = stall;
    const out = await same('', { timeoutMs: 50, headers: { 'x-test': 'deadline' } });
    expect(out.responses).toHaveLength(1);
    expect(out.error).toMatchObject({ code: Code.DeadlineExceeded, rawMessage: 'the operation timed out' });
    const mine = received.filter((h) => h['x-test'] === 'deadline');
    expect(mine.map((h) => h['grpc-timeout'])).toEqual(['50m', '50m']);
  });
});

describe('a stream that opens after the call ended', () => {
  it('is reset at once (CANCEL for an abort, INTERNAL_ERROR past the deadline) and nothing is thrown', async () => {
    handler = (stream) => answer(stream, [framed(batch(1))]);
    const session = http2.connect(`http://127.0.0.1:${port}`);
    // Connected first: a stream of a session still connecting may never reach the server.
    await new Promise((resolve) => session.once('connect', resolve));
    onTestFinished(() => void session.close());
    for (const [how, code] of [
      ['abort', http2.constants.NGHTTP2_CANCEL],
      ['deadline', http2.constants.NGHTTP2_INTERNAL_ERROR],
    ] as const) {
      let open: (() => void) | undefined;
      const caller = new GrpcStreamCaller({
        sessions: {
          // The stream opens only when the test says so.
          request: (method, path, headers) =>
            new Promise((resolve) => {
              open = () => resolve(session.request({ ...headers, ':method': method, ':path': path }));
            }),
          notifyResponseByteRead: () => undefined,
        },
        defaults: [],
        readMaxBytes: 1024 * 1024,
        writeMaxBytes: 1024 * 1024,
        mapError: (e) => e,
      });
      const ctrl = new AbortController();
      const headers = { 'x-test': `late-${how}` };
      const opts: RpcCallOptions =
        how === 'abort' ? { signal: ctrl.signal, headers } : { timeoutMs: 1, headers };
      const it = caller
        .serverStream(SparkConnectService.method.executePlan, request(), opts)
        [Symbol.asyncIterator]();
      if (how === 'abort') ctrl.abort();
      const err = await it.next().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(errorShape(err)).toMatchObject({
        code: how === 'abort' ? Code.Canceled : Code.DeadlineExceeded,
      });
      open?.();
      await until(() => taggedResets.some((r) => r.startsWith(`late-${how} `)));
      expect(taggedResets.filter((r) => r.startsWith(`late-${how} `))).toEqual([`late-${how} ${code}`]);
    }
  });
});

describe('unary calls', () => {
  const version = (v: string) =>
    Buffer.from(
      framedAny(
        toBinary(
          AnalyzePlanResponseSchema,
          create(AnalyzePlanResponseSchema, {
            sessionId: 's',
            result: { case: 'sparkVersion', value: { version: v } },
          }),
        ),
      ),
    );

  async function unaryOutcome(client: SparkConnectRpcClient) {
    try {
      const r = await client.analyzePlan({ sessionId: 's', analyze: { case: 'sparkVersion', value: {} } });
      return { version: r.result.case === 'sparkVersion' ? r.result.value.version : undefined };
    } catch (e) {
      return { error: errorShape(e) };
    }
  }

  /** The unary call through both paths: the outcomes must be equal. */
  async function sameUnary() {
    const [[, viaConnect], [, viaOwn]] = bothPaths();
    const expected = await unaryOutcome(viaConnect);
    const actual = await unaryOutcome(viaOwn);
    expect(actual).toEqual(expected);
    return actual;
  }

  it('AnalyzePlan, Config, ReleaseExecute... answer as through connect-es, on their own paths', async () => {
    handler = (stream) => answer(stream, [version('4.3.0')]);
    expect(await sameUnary()).toEqual({ version: '4.3.0' });
    expect(received.map((h) => h[':path'])).toEqual([
      '/spark.connect.SparkConnectService/AnalyzePlan',
      '/spark.connect.SparkConnectService/AnalyzePlan',
    ]);
    // Split anywhere across frames.
    const bytes = version('4.1.1');
    handler = (stream) => answer(stream, [bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9)]);
    expect(await sameUnary()).toEqual({ version: '4.1.1' });
  });

  it('a missing or an extra response is the protocol error connect-es gives; a status error is the status', async () => {
    handler = (stream) => answer(stream, []);
    const missing = await sameUnary();
    expect(missing.error).toMatchObject({
      code: Code.Unimplemented,
      rawMessage: expect.stringMatching(/missing output message/),
    });
    handler = (stream) => answer(stream, [version('1'), version('2')]);
    const extra = await sameUnary();
    expect(extra.error).toMatchObject({
      code: Code.Unimplemented,
      rawMessage: expect.stringMatching(/extra output message/),
    });
    handler = (stream) => answer(stream, [], { 'grpc-status': '5', 'grpc-message': 'no such session' });
    const status = await sameUnary();
    expect(status.error).toMatchObject({ code: Code.NotFound, rawMessage: 'no such session' });
  });
});

describe('headers', () => {
  it('sends the headers connect-es sends: gRPC ones, defaults, token, per-call headers', async () => {
    handler = (stream) => answer(stream, []);
    const query = ';token=tok-9;x-custom=c;x-over=from-url';
    const callHeaders = { 'x-over': 'from-call', 'x-session': 's1' };
    const [[, viaConnect], [, viaOwn]] = bothPaths(query);
    await run(viaConnect, { headers: callHeaders });
    await run(viaOwn, { headers: callHeaders });
    expect(received).toHaveLength(2);
    const [expected, actual] = received;
    expect(actual).toEqual(expected);
    expect(actual).toMatchObject({
      ':path': '/spark.connect.SparkConnectService/ExecutePlan',
      'content-type': 'application/grpc+proto',
      te: 'trailers',
      authorization: 'Bearer tok-9',
      'x-custom': 'c',
      'x-over': 'from-call',
      'x-session': 's1',
    });
    expect(actual['user-agent']).toMatch(/^connect-es\//);
  });

  it('reattachExecute goes to its own path', async () => {
    handler = (stream) => answer(stream, [framed(batch(7))]);
    const t = transport();
    const out: string[] = [];
    for await (const r of t.client.reattachExecute({ sessionId: randomUUID(), operationId: randomUUID() })) {
      out.push(r.responseId);
    }
    expect(out).toEqual(['r7']);
    expect(received[0][':path']).toBe('/spark.connect.SparkConnectService/ReattachExecute');
  });
});

describe('observer (telemetry) and backpressure', () => {
  it('reports the call, each response and the end to the observer, and lets it add headers', async () => {
    handler = (stream) => answer(stream, [framed(batch(1), batch(2))]);
    const events: string[] = [];
    const observer: RpcObserver = {
      active: true,
      start(method, stream, req, headers) {
        headers.set('traceparent', '00-abc-def-01');
        events.push(`start ${method} ${stream} ${(req as { operationId: string }).operationId !== ''}`);
        return {
          response: (m) => events.push(`response ${(m as ExecutePlanResponse).responseId}`),
          end: (err) => events.push(`end ${err === undefined ? 'ok' : 'failed'}`),
        };
      },
    };
    const t = createSparkTransport(parseConnectionString(`sc://127.0.0.1:${port}`), { observer });
    transports.push(t);
    await run(t.client);
    expect(events).toEqual(['start ExecutePlan true true', 'response r1', 'response r2', 'end ok']);
    expect(received[0].traceparent).toBe('00-abc-def-01');
  });

  it('pauses the HTTP/2 stream while the consumer does not pull', async () => {
    const total = 64;
    const msgs = Array.from({ length: total }, (_, i) => batch(i, 256 * 1024));
    let written = 0;
    handler = async (stream) => {
      stream.respond(OK_HEADERS, { waitForTrailers: true });
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      for (const m of msgs) {
        if (!stream.write(framed(m))) await new Promise((r) => stream.once('drain', r));
        written++;
      }
      stream.end();
    };
    let h2stream: http2.ClientHttp2Stream | undefined;
    // The caller over a session of its own, keeping the stream to look at.
    const session = http2.connect(`http://127.0.0.1:${port}`);
    const caller = new GrpcStreamCaller({
      sessions: {
        request: async (method, path, headers) => {
          h2stream = session.request({ ...headers, ':method': method, ':path': path });
          return h2stream;
        },
        notifyResponseByteRead: () => undefined,
      },
      defaults: [],
      readMaxBytes: 4 * 1024 * 1024,
      writeMaxBytes: 4 * 1024 * 1024,
      mapError: (e) => e,
    });
    const it = caller.serverStream(SparkConnectService.method.executePlan, request())[Symbol.asyncIterator]();
    expect((await it.next()).value?.responseId).toBe('r0');
    // Not pulling: the queue fills to its limit and the stream is paused.
    await until(() => h2stream?.isPaused() === true);
    expect(written).toBeLessThan(total);
    let n = 1;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      expect(r.value.responseId).toBe(`r${n}`);
      n++;
    }
    expect(n).toBe(total);
    session.close();
  });
});

/** Waits (event-loop turns, no timing) until `cond` holds. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; !cond(); i++) {
    if (i > 200_000) throw new Error('condition never met');
    await new Promise((r) => setImmediate(r));
  }
}
