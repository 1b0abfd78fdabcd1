/**
 * The client's own gRPC calls, straight on node:http2: the server-streaming ones (ExecutePlan,
 * ReattachExecute) and the unary ones (AnalyzePlan, Config, ReleaseExecute, ...), a unary call
 * being a stream that must carry exactly one response. Only AddArtifacts (client streaming) keeps
 * going through connect-es.
 *
 * connect-es costs about 2 ms of CPU per call in per-call machinery (linked AbortControllers, web
 * Headers, several async-generator layers, an envelope decoder that copies every message). Here a
 * call is one object: the request goes out as one DATA frame, each response message is decoded
 * from a view of the DATA chunk that holds it (a message spanning chunks is assembled once), and
 * web Headers are built only on the error path. What the caller sees is what connect-es gives:
 * the same headers on the wire, the same ConnectErrors (connect's own functions build the status,
 * HTTP and trailer errors), the same abort and deadline behaviour; the HTTP/2 streams come from
 * the transport's session manager (TLS, keep-alive, flow control, close()).
 *
 * The stream is paused while the consumer does not pull: memory stays flat on large results.
 */
import type * as http2 from 'node:http2';
import { constants as h2 } from 'node:http2';
import {
  create,
  type DescMessage,
  type DescMethodServerStreaming,
  type DescMethodUnary,
  fromBinary,
  isMessage,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from '@bufbuild/protobuf';
import { Code, ConnectError } from '@connectrpc/connect';
import { type Compression, envelopeDecompress, getAbortSignalReason } from '@connectrpc/connect/protocol';
import {
  requestHeaderWithCompression,
  validateResponseWithCompression,
  validateTrailer,
} from '@connectrpc/connect/protocol-grpc';
import { compressionBrotli, compressionGzip } from '@connectrpc/connect-node';
import {
  fromNodeReason,
  hasNodeCode,
  prematureClose,
  resetCodeError,
  resetCodeFor,
  webHeaders,
} from './grpc-stream-errors.js';
import type { RpcCallOptions } from './rpc-client.js';
import type { RpcCallObservation, RpcObserver } from './rpc-observer.js';

/** Where the streams come from (the transport's session manager). */
export interface StreamSessions {
  request(
    method: string,
    path: string,
    headers: http2.OutgoingHttpHeaders,
    options: Omit<http2.ClientSessionRequestOptions, 'signal'>,
  ): Promise<http2.ClientHttp2Stream>;
  /** Told of every chunk read (keep-alive and the silent-call watchdog). */
  notifyResponseByteRead(stream: http2.ClientHttp2Stream): void;
}

/** Options of a GrpcStreamCaller. */
export interface GrpcStreamInit {
  sessions: StreamSessions;
  /** Headers of every call, set unless the call already has them (custom headers, the token). */
  defaults: readonly (readonly [string, string])[];
  /** The largest response message accepted (ResourceExhausted beyond). */
  readMaxBytes: number;
  /** The largest request message sent (ResourceExhausted beyond). */
  writeMaxBytes: number;
  /** What a failure becomes for the caller (the transport's lost-connection rule). */
  mapError(err: unknown, callerAborted: boolean): unknown;
  /** Watches every call (telemetry). */
  observer?: RpcObserver;
}

/** Compressions accepted in responses: the ones connect-node's gRPC transport accepts. */
const ACCEPT_COMPRESSION: Compression[] = [compressionGzip, compressionBrotli];

/** The headers connect-es puts on every gRPC call (user agent, accepted encodings...), once. */
const CONNECT_HEADERS: readonly (readonly [string, string])[] = (() => {
  const out: [string, string][] = [];
  requestHeaderWithCompression(true, undefined, undefined, ACCEPT_COMPRESSION, null).forEach((v, k) => {
    out.push([k, v]);
  });
  return out;
})();

/** Above this many queued bytes (or messages) the HTTP/2 stream is paused until the consumer pulls. */
const HIGH_WATER_BYTES = 1024 * 1024;
const HIGH_WATER_MESSAGES = 16;

/** Calls server-streaming RPCs over the transport's HTTP/2 sessions. */
export class GrpcStreamCaller {
  constructor(private readonly init: GrpcStreamInit) {}

  /**
   * Starts a server-streaming call; its responses are read by iterating the result. `alignAt`,
   * given the first bytes of a response message, names the offset inside it that should start at
   * an 8-byte aligned address (a message assembled from several chunks is placed accordingly; see
   * arrow-offset.ts).
   *
   * @example
   * for await (const r of caller.serverStream(SparkConnectService.method.executePlan, req)) use(r);
   */
  serverStream<I extends DescMessage, O extends DescMessage>(
    method: DescMethodServerStreaming<I, O>,
    request: MessageInitShape<I>,
    options?: RpcCallOptions,
    alignAt?: (head: Uint8Array) => number | undefined,
  ): AsyncIterable<MessageShape<O>> {
    const call = new ServerStreamCall(this.init, method, request, options, alignAt);
    return { [Symbol.asyncIterator]: () => call };
  }

  /**
   * A unary call: its one response, or the error connect-es gives (a missing or an extra response
   * is a protocol error, UNIMPLEMENTED, as connect-es reports it).
   *
   * @example const resp = await caller.unary(SparkConnectService.method.config, req);
   */
  async unary<I extends DescMessage, O extends DescMessage>(
    method: DescMethodUnary<I, O>,
    request: MessageInitShape<I>,
    options?: RpcCallOptions,
  ): Promise<MessageShape<O>> {
    const call = new ServerStreamCall(this.init, method, request, options, undefined);
    let message: MessageShape<O> | undefined;
    for (let r = await call.next(); r.done !== true; r = await call.next()) {
      if (message !== undefined) {
        await call.return();
        throw new ConnectError(
          'protocol error: received extra output message for unary method',
          Code.Unimplemented,
        );
      }
      message = r.value;
    }
    if (message === undefined) {
      throw new ConnectError('protocol error: missing output message for unary method', Code.Unimplemented);
    }
    return message;
  }
}

interface Waiter<T> {
  resolve(r: IteratorResult<T>): void;
  reject(e: unknown): void;
}

/** A message whose compressed flag was set (rare: servers compress only when configured to). */
interface CompressedMessage {
  compressed: Uint8Array;
}

/** One call (server-streaming or unary): the HTTP/2 stream, the framing, and an iterator over the responses. */
class ServerStreamCall<I extends DescMessage, O extends DescMessage>
  implements AsyncIterator<MessageShape<O>>
{
  private readonly init: GrpcStreamInit;
  private readonly output: O;
  private readonly signal: AbortSignal | undefined;
  private readonly observation: RpcCallObservation | undefined;
  private stream: http2.ClientHttp2Stream | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Complete messages not yet pulled. */
  private readonly queue: (Uint8Array | CompressedMessage)[] = [];
  private queuedBytes = 0;
  private paused = false;
  private waiter: Waiter<MessageShape<O>> | undefined;
  /** The call is over on the wire: no more events matter. */
  private settled = false;
  /** What comes after the queued messages: done (undefined) or an error; set when settled. */
  private outcome: { error?: unknown } | undefined;
  /** The outcome was handed to the consumer. */
  private finished = false;
  private callerAborted = false;
  /** The 5-byte message prefix, while it spans chunks. */
  private readonly prefix = Buffer.alloc(5);
  private prefixFilled = 0;
  /** A message body spanning chunks, being assembled. */
  private partial: Uint8Array | undefined;
  private partialFilled = 0;
  private partialCompressed = false;
  /** Response headers; web Headers of them are built only to report an error. */
  private responseHeaders: http2.IncomingHttpHeaders | undefined;
  private trailers: http2.IncomingHttpHeaders | undefined;
  /** The response carried its status in the headers (trailers-only). */
  private statusInHeaders = false;
  private compression: Compression | undefined;
  /** The RST_STREAM code the call was cancelled with (for a stream that opens afterwards). */
  private resetCode: number = h2.NGHTTP2_CANCEL;
  private observationEnded = false;
  /** What the end of the response said (set on 'end', acted on at 'close'). */
  private ended: { error?: unknown } | undefined;

  constructor(
    init: GrpcStreamInit,
    method: DescMethodServerStreaming<I, O> | DescMethodUnary<I, O>,
    request: MessageInitShape<I>,
    options: RpcCallOptions | undefined,
    private readonly alignAt: ((head: Uint8Array) => number | undefined) | undefined,
  ) {
    this.init = init;
    this.output = method.output;
    this.signal = options?.signal;
    const timeoutMs =
      options?.timeoutMs === undefined || options.timeoutMs <= 0 ? undefined : options.timeoutMs;
    const headers = requestHeaders(options?.headers, timeoutMs);
    const observer = init.observer;
    this.observation = observer?.active
      ? observer.start(method.name, method.methodKind === 'server_streaming', request, headerCarrier(headers))
      : undefined;
    for (const [k, v] of init.defaults) {
      if (headers[k] === undefined) headers[k] = v;
    }
    if (this.signal !== undefined) {
      if (this.signal.aborted) {
        this.abort(getAbortSignalReason(this.signal));
        return;
      }
      this.signal.addEventListener('abort', this.onAbort);
    }
    if (timeoutMs !== undefined) {
      this.timer = setTimeout(this.onDeadline, timeoutMs);
    }
    let frame: Buffer;
    try {
      frame = encodeRequest(method.input, request, init.writeMaxBytes);
    } catch (err) {
      this.fail(err);
      return;
    }
    const path = `/${method.parent.typeName}/${method.name}`;
    init.sessions.request('POST', path, headers, {}).then(
      (stream) => this.attach(stream, frame),
      (err) => this.fail(fromNodeReason(err)),
    );
  }

  [Symbol.asyncIterator](): AsyncIterator<MessageShape<O>> {
    return this;
  }

  next(): Promise<IteratorResult<MessageShape<O>>> {
    if (this.queue.length > 0) return this.deliver();
    if (this.outcome !== undefined) return this.finish();
    if (this.waiter !== undefined)
      return Promise.reject(new Error('next() called while a previous next() is pending'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** The consumer stops early: the stream is cancelled. */
  return(): Promise<IteratorResult<MessageShape<O>>> {
    if (!this.settled) {
      const err = new ConnectError('the consumer stopped reading the stream', Code.Canceled);
      this.fail(err);
      this.observed(err);
    }
    this.queue.length = 0;
    this.finished = true;
    return Promise.resolve({ done: true, value: undefined });
  }

  // -------------------------------------------------------------------------------------------
  // The consumer's side

  private async deliver(): Promise<IteratorResult<MessageShape<O>>> {
    const item = this.queue.shift() as Uint8Array | CompressedMessage;
    const bytes = item instanceof Uint8Array ? item : item.compressed;
    this.queuedBytes -= bytes.byteLength;
    if (this.paused && this.queue.length === 0) {
      this.paused = false;
      this.stream?.resume();
    }
    let message: MessageShape<O>;
    try {
      message = item instanceof Uint8Array ? this.parse(item) : this.parse(await this.decompress(item));
    } catch (err) {
      this.fail(err);
      return this.finish();
    }
    this.observation?.response(message);
    return { done: false, value: message };
  }

  private parse(data: Uint8Array): MessageShape<O> {
    try {
      return fromBinary(this.output, data);
    } catch (e) {
      throw new ConnectError(`parse binary: ${e instanceof Error ? e.message : String(e)}`, Code.Internal);
    }
  }

  private async decompress(item: CompressedMessage): Promise<Uint8Array> {
    const env = await envelopeDecompress(
      { flags: 1, data: item.compressed },
      this.compression ?? null,
      this.init.readMaxBytes,
    );
    return env.data;
  }

  /** Hands the outcome to the consumer: done, or the error (mapped as the transport maps it). */
  private finish(): Promise<IteratorResult<MessageShape<O>>> {
    const error = this.outcome?.error;
    if (this.finished) {
      return error === undefined ? Promise.resolve({ done: true, value: undefined }) : Promise.reject(error);
    }
    this.finished = true;
    this.observed(error);
    if (error === undefined) return Promise.resolve({ done: true, value: undefined });
    const mapped = this.init.mapError(error, this.callerAborted);
    this.outcome = { error: mapped };
    return Promise.reject(mapped);
  }

  /** Wakes a pending next(). */
  private wake(): void {
    const waiter = this.waiter;
    if (waiter === undefined) return;
    if (this.queue.length === 0 && this.outcome === undefined) return;
    this.waiter = undefined;
    const result = this.queue.length > 0 ? this.deliver() : this.finish();
    result.then(waiter.resolve, waiter.reject);
  }

  // -------------------------------------------------------------------------------------------
  // The wire's side

  private attach(stream: http2.ClientHttp2Stream, frame: Buffer): void {
    if (this.settled) {
      // Aborted (or failed) while the stream was being opened. A stream closed with a code other
      // than CANCEL emits 'error': nobody waits for it any more.
      stream.on('error', () => undefined);
      if (!stream.closed) stream.close(this.resetCode);
      return;
    }
    this.stream = stream;
    stream.on('response', (headers) => this.onResponse(headers));
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    stream.on('trailers', (trailers) => {
      this.trailers = trailers;
    });
    stream.on('end', () => this.onEnd());
    stream.on('error', (err: Error) => {
      // The server answered and closed before the request was written: its answer decides.
      if (stream.writableEnded && hasNodeCode(err, 'ERR_STREAM_WRITE_AFTER_END')) return;
      this.fail(fromNodeReason(err));
    });
    // The outcome is decided on 'close', which follows 'end': a reset (e.g. CANCEL, which Node
    // ends the readable side for without an error) wins over the missing trailers it caused.
    stream.on('close', () => {
      const reset = resetCodeError(stream.rstCode);
      if (reset !== undefined) this.fail(reset);
      else if (this.ended !== undefined) this.settle(this.ended, false);
      else this.fail(prematureClose());
    });
    stream.end(frame);
  }

  private onResponse(headers: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader): void {
    if (this.settled) return;
    this.responseHeaders = headers;
    const contentType = headers['content-type'];
    const encoding = headers['grpc-encoding'];
    if (
      headers[':status'] === 200 &&
      (contentType === 'application/grpc+proto' || contentType === 'application/grpc') &&
      headers['grpc-status'] === undefined &&
      (encoding === undefined || encoding === 'identity')
    ) {
      return;
    }
    // Not the plain case: connect's own validation gives the same errors it gives.
    try {
      const v = validateResponseWithCompression(
        ACCEPT_COMPRESSION,
        headers[':status'] ?? 0,
        webHeaders(headers, true),
      );
      if (v.headerError !== undefined) throw v.headerError;
      this.statusInHeaders = v.foundStatus;
      this.compression = v.compression;
    } catch (err) {
      this.fail(err);
    }
  }

  private onData(chunk: Buffer): void {
    const stream = this.stream as http2.ClientHttp2Stream;
    this.init.sessions.notifyResponseByteRead(stream);
    if (this.settled) return;
    const n = chunk.length;
    let off = 0;
    while (off < n) {
      const partial = this.partial;
      if (partial !== undefined) {
        const take = Math.min(n - off, partial.length - this.partialFilled);
        partial.set(chunk.subarray(off, off + take), this.partialFilled);
        this.partialFilled += take;
        off += take;
        if (this.partialFilled === partial.length) {
          this.partial = undefined;
          this.push(partial, this.partialCompressed);
        }
        continue;
      }
      let flags: number;
      let length: number;
      if (this.prefixFilled === 0 && n - off >= 5) {
        flags = chunk[off];
        length = chunk.readUInt32BE(off + 1);
        off += 5;
      } else {
        const take = Math.min(5 - this.prefixFilled, n - off);
        chunk.copy(this.prefix, this.prefixFilled, off, off + take);
        this.prefixFilled += take;
        off += take;
        if (this.prefixFilled < 5) break;
        this.prefixFilled = 0;
        flags = this.prefix[0];
        length = this.prefix.readUInt32BE(1);
      }
      if (length > this.init.readMaxBytes) {
        this.fail(
          new ConnectError(
            `message size ${length} is larger than configured readMaxBytes ${this.init.readMaxBytes}`,
            Code.ResourceExhausted,
          ),
        );
        return;
      }
      const compressed = (flags & 1) === 1;
      if (compressed && this.compression === undefined) {
        this.fail(
          new ConnectError('received compressed envelope, but do not know how to decompress', Code.Internal),
        );
        return;
      }
      if (n - off >= length) {
        // A view of the chunk: no copy (a plain Uint8Array, as connect gives, not a Buffer).
        this.push(new Uint8Array(chunk.buffer, chunk.byteOffset + off, length), compressed);
        off += length;
      } else {
        const at = compressed ? undefined : this.alignAt?.(chunk.subarray(off, n));
        this.partial = at === undefined ? new Uint8Array(length) : alignedBuffer(length, at);
        this.partialFilled = 0;
        this.partialCompressed = compressed;
      }
    }
    // Messages of a chunk are handed over once the whole chunk is read (a bad prefix later in the
    // chunk fails them all, as connect-es does).
    if (this.queue.length > 0) this.afterChunk();
  }

  private push(message: Uint8Array, compressed: boolean): void {
    this.queue.push(compressed ? { compressed: message } : message);
    this.queuedBytes += message.byteLength;
  }

  /** After a chunk: hands a message to a waiting consumer, or pauses when enough is queued. */
  private afterChunk(): void {
    if (this.waiter !== undefined) {
      this.wake();
      return;
    }
    if (!this.paused && (this.queuedBytes >= HIGH_WATER_BYTES || this.queue.length >= HIGH_WATER_MESSAGES)) {
      this.paused = true;
      this.stream?.pause();
    }
  }

  private onEnd(): void {
    if (this.settled) return;
    let error: unknown;
    if (this.partial !== undefined || this.prefixFilled > 0) {
      error = new ConnectError('protocol error: incomplete envelope', Code.InvalidArgument);
    } else if (!this.statusInHeaders) {
      error = this.trailerError();
    }
    this.ended = error === undefined ? {} : { error };
  }

  /** The error of the trailers (undefined when they say OK). */
  private trailerError(): unknown {
    const t = this.trailers;
    if (t !== undefined && t['grpc-status'] === '0' && t['grpc-status-details-bin'] === undefined) {
      return undefined;
    }
    try {
      validateTrailer(webHeaders(t ?? {}, false), webHeaders(this.responseHeaders ?? {}, true));
    } catch (err) {
      return err;
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Ending

  private readonly onAbort = (): void => {
    this.abort(getAbortSignalReason(this.signal as AbortSignal));
  };

  private readonly onDeadline = (): void => {
    this.timer = undefined;
    this.abort(new ConnectError('the operation timed out', Code.DeadlineExceeded));
  };

  /** The caller aborted (or the deadline passed): reject at once, as connect does. */
  private abort(reason: unknown): void {
    if (this.settled) return;
    this.callerAborted = true;
    const err = ConnectError.from(reason, Code.Canceled);
    this.fail(err, resetCodeFor(reason));
    // Ended now: a caller that aborts usually stops pulling, and the span must still end.
    this.observed(err);
  }

  /** The call failed: queued messages are dropped, the stream is reset if still open. */
  private fail(err: unknown, rstCode?: number): void {
    if (this.settled) return;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.settle({ error: err }, true, rstCode ?? resetCodeFor(err));
  }

  private settle(outcome: { error?: unknown }, closeStream: boolean, rstCode = h2.NGHTTP2_CANCEL): void {
    this.settled = true;
    this.outcome = outcome;
    this.signal?.removeEventListener('abort', this.onAbort);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.resetCode = rstCode;
    const stream = this.stream;
    if (closeStream && stream !== undefined && !stream.closed) stream.close(rstCode);
    if (this.paused) {
      this.paused = false;
      stream?.resume();
    }
    this.wake();
  }

  /** Ends the observation of the call, once. */
  private observed(err: unknown): void {
    if (this.observationEnded) return;
    this.observationEnded = true;
    this.observation?.end(err);
  }
}

// ---------------------------------------------------------------------------------------------
// Requests

/** The request headers: the call's, then the gRPC ones connect-es sets (same values). */
function requestHeaders(
  callHeaders: Record<string, string> | undefined,
  timeoutMs: number | undefined,
): http2.OutgoingHttpHeaders {
  const headers: http2.OutgoingHttpHeaders = {};
  if (callHeaders !== undefined) {
    for (const k in callHeaders) headers[k.toLowerCase()] = callHeaders[k];
  }
  for (const [k, v] of CONNECT_HEADERS) {
    if (k !== 'user-agent' || headers[k] === undefined) headers[k] = v;
  }
  if (timeoutMs !== undefined) headers['grpc-timeout'] = `${timeoutMs}m`;
  return headers;
}

/** The request headers as an observer sees them (it may add trace context). */
function headerCarrier(headers: http2.OutgoingHttpHeaders) {
  return {
    has: (name: string) => headers[name.toLowerCase()] !== undefined,
    set: (name: string, value: string) => {
      headers[name.toLowerCase()] = value;
    },
  };
}

/** The request message with its 5-byte gRPC prefix, in one buffer (one DATA frame). */
function encodeRequest<I extends DescMessage>(
  schema: I,
  request: MessageInitShape<I>,
  writeMaxBytes: number,
): Buffer {
  let body: Uint8Array;
  try {
    const message = isMessage(request, schema) ? request : create(schema, request as MessageInitShape<I>);
    body = toBinary(schema, message as MessageShape<I>);
  } catch (e) {
    throw new ConnectError(`serialize binary: ${e instanceof Error ? e.message : String(e)}`, Code.Internal);
  }
  if (body.byteLength > writeMaxBytes) {
    throw new ConnectError(
      `message size ${body.byteLength} is larger than configured writeMaxBytes ${writeMaxBytes}`,
      Code.ResourceExhausted,
    );
  }
  const frame = Buffer.allocUnsafe(5 + body.byteLength);
  frame[0] = 0;
  frame.writeUInt32BE(body.byteLength, 1);
  frame.set(body, 5);
  return frame;
}

/**
 * A buffer of `length` bytes whose byte `at` starts at an 8-byte aligned address. Not zero-filled
 * (a message is parsed only once every byte of it arrived): its own ArrayBuffer, whose start is
 * aligned.
 */
function alignedBuffer(length: number, at: number): Uint8Array {
  const shift = (8 - (at % 8)) % 8;
  const own = Buffer.allocUnsafeSlow(length + shift);
  return new Uint8Array(own.buffer, own.byteOffset + shift, length);
}
