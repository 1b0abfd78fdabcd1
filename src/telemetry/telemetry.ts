/**
 * Telemetry of one client: its Log and its Tracing, and the one gRPC interceptor that logs every
 * RPC (method, session id, operation id, outcome, duration, rows and bytes of results) and makes
 * its span.
 */
import type { Interceptor } from '@connectrpc/connect';
import { errorClassOf, grpcCodeOf } from '../client/errors.js';
import { kv, Log } from './logger.js';
import { type TraceSpan, Tracing } from './tracing.js';

/** What the client's layers use to log and trace. */
export class Telemetry {
  constructor(
    readonly log: Log,
    readonly tracing: Tracing,
    /** Values redacted from span status messages (the token, header values). */
    readonly secrets: readonly string[] = [],
  ) {
    Object.defineProperty(this, 'secrets', { enumerable: false });
  }

  /** Telemetry that does nothing (tests, internal clients). */
  static none(): Telemetry {
    return new Telemetry(Log.silent, new Tracing({ host: '', port: 0 }, ''));
  }
}

interface RequestIds {
  sessionId?: string;
  operationId?: string;
  /** ReleaseExecute: what is released. */
  release?: string;
}

function idsOf(message: unknown): RequestIds {
  const m = message as {
    sessionId?: unknown;
    operationId?: unknown;
    release?: { case?: string; value?: { responseId?: string } };
  };
  const ids: RequestIds = {};
  if (typeof m.sessionId === 'string' && m.sessionId !== '') ids.sessionId = m.sessionId;
  if (typeof m.operationId === 'string' && m.operationId !== '') ids.operationId = m.operationId;
  if (m.release?.case === 'releaseAll') ids.release = 'all';
  else if (m.release?.case === 'releaseUntil') ids.release = `until:${m.release.value?.responseId ?? ''}`;
  return ids;
}

/** Counts result rows and Arrow bytes of ExecutePlan / ReattachExecute responses. */
function countResponse(message: unknown, totals: { responses: number; rows: number; bytes: number }): void {
  totals.responses++;
  const rt = (
    message as { responseType?: { case?: string; value?: { rowCount?: bigint; data?: Uint8Array } } }
  ).responseType;
  if (rt?.case === 'arrowBatch' && rt.value !== undefined) {
    totals.rows += Number(rt.value.rowCount ?? 0n);
    totals.bytes += rt.value.data?.byteLength ?? 0;
  }
}

/** The interceptor that logs and traces every RPC of a client. */
export function telemetryInterceptor(telemetry: Telemetry): Interceptor {
  const { log, tracing } = telemetry;
  return (next) => async (req) => {
    if (!log.debugOn && !tracing.active) return next(req);
    const method = req.method.name;
    let ids: RequestIds;
    if (req.stream) {
      // Peek the first request message (ExecutePlan, ReattachExecute, AddArtifacts) for its ids.
      const it = req.message[Symbol.asyncIterator]();
      const first = await it.next();
      ids = first.done ? {} : idsOf(first.value);
      const rest = (async function* () {
        if (first.done) return;
        yield first.value;
        for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
      })();
      req = { ...req, message: rest as typeof req.message };
    } else {
      ids = idsOf(req.message);
    }
    const span: TraceSpan = tracing.startRpc(method, ids.sessionId, ids.operationId, req.header);
    const started = performance.now();
    const totals = { responses: 0, rows: 0, bytes: 0 };
    const finish = (err?: unknown) => {
      const ms = (performance.now() - started).toFixed(1);
      const streamed = req.stream && totals.responses > 0;
      span.set({
        'spark.rows': streamed ? totals.rows : undefined,
        'spark.bytes': streamed ? totals.bytes : undefined,
      });
      if (err !== undefined) {
        span.set({ 'rpc.grpc.status_code': grpcCodeOf(err), 'spark.error_class': errorClassOf(err) });
      }
      span.end(err, telemetry.secrets);
      log.debug(
        () =>
          `rpc ${method} ${kv({
            session: ids.sessionId,
            operation: ids.operationId,
            release: ids.release,
            status: err === undefined ? 'ok' : `failed(${grpcCodeOf(err) ?? (err as Error).name})`,
            error_class: err === undefined ? undefined : errorClassOf(err),
            ms,
            responses: req.stream ? totals.responses : undefined,
            rows: streamed ? totals.rows : undefined,
            bytes: streamed ? totals.bytes : undefined,
          })}`,
      );
    };
    let res: Awaited<ReturnType<typeof next>>;
    try {
      res = await next(req);
    } catch (err) {
      finish(err);
      throw err;
    }
    if (!res.stream) {
      finish();
      return res;
    }
    const messages = res.message;
    return {
      ...res,
      message: (async function* () {
        let error: unknown;
        try {
          for await (const m of messages) {
            countResponse(m, totals);
            yield m;
          }
        } catch (err) {
          error = err;
          throw err;
        } finally {
          finish(error);
        }
      })(),
    };
  };
}

/** Logs and the span of one operation (ExecutePlan with its reattaches, retries and release). */
export class OperationTelemetry {
  private readonly span: TraceSpan;
  private readonly started = performance.now();
  private rows = 0;
  private bytes = 0;

  constructor(
    private readonly telemetry: Telemetry,
    private readonly operationId: string,
    private readonly sessionId: string,
    kind: string,
  ) {
    this.span = telemetry.tracing.startOperation(`spark.${kind}`, operationId, sessionId);
    telemetry.log.debug(() => `execute ${kv({ kind, session: sessionId, operation: operationId })}`);
  }

  /** A response arrived. */
  response(message: unknown): void {
    if (!this.span.recording && !this.telemetry.log.debugOn) return;
    const totals = { responses: 0, rows: 0, bytes: 0 };
    countResponse(message, totals);
    this.rows += totals.rows;
    this.bytes += totals.bytes;
  }

  retry(err: unknown, retry: number, waitMs: number): void {
    this.telemetry.log.debug(
      () =>
        `retry ${retry} ${kv({ operation: this.operationId, backoff_ms: Math.round(waitMs) })} ` +
        `after: ${err instanceof Error ? err.message : String(err)}`,
    );
  }

  reattach(count: number, lastResponseId: string | undefined): void {
    this.telemetry.log.debug(
      () => `reattach ${kv({ operation: this.operationId, count, last_response: lastResponseId })}`,
    );
  }

  /** The operation's stream ended (err: how it failed); `cleanup` is its background release. */
  end(err: unknown, reattachCount: number, retryCount: number, cleanup: Promise<void>): void {
    this.span.set({
      'spark.rows': this.rows,
      'spark.bytes': this.bytes,
      'spark.reattach_count': reattachCount,
      'spark.retry_count': retryCount,
    });
    this.span.end(err, this.telemetry.secrets);
    const log = this.telemetry.log;
    log.debug(
      () =>
        `execute done ${kv({
          operation: this.operationId,
          status: err === undefined ? 'ok' : 'failed',
          error_class:
            err === undefined
              ? undefined
              : ((err as { errorClass?: string }).errorClass ?? (err as Error).name),
          ms: (performance.now() - this.started).toFixed(1),
          rows: this.rows,
          bytes: this.bytes,
          reattaches: reattachCount,
          retries: retryCount,
        })}`,
    );
    void cleanup.then(() => {
      this.telemetry.tracing.forgetOperation(this.operationId);
      log.debug(() => `released ${kv({ session: this.sessionId, operation: this.operationId })}`);
    });
  }
}
