/**
 * The one RPC observer of a client: logs every RPC (method, session id, operation id, outcome,
 * duration, rows and bytes of results) and makes its span, whichever code carries the call
 * (connect-es through observerInterceptor, or the client's own gRPC stream). Kept apart from the
 * Telemetry class so that the public declarations never load @connectrpc/connect's types (they
 * name DOM types such as HeadersInit, which a Node-only consumer lacks).
 */
import { errorClassOf, grpcCodeOf } from '../client/errors.js';
import type { RpcCallObservation, RpcHeaderCarrier, RpcObserver } from '../client/rpc-observer.js';
import { kv } from './logger.js';
import { countResponse, type Telemetry } from './telemetry.js';

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

/** The observer that logs and traces every RPC of a client. */
export function telemetryObserver(telemetry: Telemetry): RpcObserver {
  const { log, tracing } = telemetry;
  return {
    get active() {
      return log.debugOn || tracing.active;
    },
    start(method: string, stream: boolean, request: unknown, headers: RpcHeaderCarrier): RpcCallObservation {
      const ids = idsOf(request);
      const span = tracing.startRpc(method, ids.sessionId, ids.operationId, headers);
      const started = performance.now();
      const totals = { responses: 0, rows: 0, bytes: 0 };
      return {
        response: (message) => countResponse(message, totals),
        end: (err) => {
          const ms = (performance.now() - started).toFixed(1);
          const streamed = stream && totals.responses > 0;
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
                responses: stream ? totals.responses : undefined,
                rows: streamed ? totals.rows : undefined,
                bytes: streamed ? totals.bytes : undefined,
              })}`,
          );
        },
      };
    },
  };
}
