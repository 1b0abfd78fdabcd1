/**
 * The one gRPC interceptor of a client: logs every RPC (method, session id, operation id,
 * outcome, duration, rows and bytes of results) and makes its span. Kept apart from the
 * Telemetry class so that the public declarations never load @connectrpc/connect's types (they
 * name DOM types such as HeadersInit, which a Node-only consumer lacks).
 */
import type { Interceptor } from '@connectrpc/connect';
import { errorClassOf, grpcCodeOf } from '../client/errors.js';
import { kv } from './logger.js';
import { countResponse, type Telemetry } from './telemetry.js';
import type { TraceSpan } from './tracing.js';

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
