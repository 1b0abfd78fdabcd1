/**
 * What watches every RPC of a client (telemetry: logs and spans), independent of the code that
 * carries the call: connect-es for most RPCs (through observerInterceptor), the client's own
 * gRPC stream for ExecutePlan and ReattachExecute (grpc-stream.ts). One observer, two carriers.
 */
import type { Interceptor } from '@connectrpc/connect';

/** The request headers of a call, as an observer may extend them (e.g. trace context). */
export interface RpcHeaderCarrier {
  has(name: string): boolean;
  set(name: string, value: string): void;
}

/** One observed call: told of every response and of the end. */
export interface RpcCallObservation {
  /** A response message arrived (streaming calls). */
  response(message: unknown): void;
  /** The call ended: `err` is how it failed, undefined when it succeeded. */
  end(err?: unknown): void;
}

/** Watches the RPCs of a client. */
export interface RpcObserver {
  /**
   * A call starts; `request` is its (first) request message, `stream` whether responses stream.
   * Returns undefined when the call is not observed (nothing to log or trace).
   */
  start(
    method: string,
    stream: boolean,
    request: unknown,
    headers: RpcHeaderCarrier,
  ): RpcCallObservation | undefined;
  /** Cheap check before anything is prepared: false when start() would return undefined. */
  readonly active: boolean;
}

/** The connect-es interceptor that reports a client's calls to `observer`. */
export function observerInterceptor(observer: RpcObserver): Interceptor {
  return (next) => async (req) => {
    if (!observer.active) return next(req);
    let first: unknown;
    if (req.stream) {
      // Peek the first request message (ExecutePlan, ReattachExecute, AddArtifacts) for its ids.
      const it = req.message[Symbol.asyncIterator]();
      const head = await it.next();
      first = head.done ? undefined : head.value;
      const rest = (async function* () {
        if (head.done) return;
        yield head.value;
        for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
      })();
      req = { ...req, message: rest as typeof req.message };
    } else {
      first = req.message;
    }
    const call = observer.start(req.method.name, req.stream, first ?? {}, req.header);
    if (call === undefined) return next(req);
    let res: Awaited<ReturnType<typeof next>>;
    try {
      res = await next(req);
    } catch (err) {
      call.end(err);
      throw err;
    }
    if (!res.stream) {
      call.end();
      return res;
    }
    const messages = res.message;
    return {
      ...res,
      message: (async function* () {
        let error: unknown;
        try {
          for await (const m of messages) {
            call.response(m);
            yield m;
          }
        } catch (err) {
          error = err;
          throw err;
        } finally {
          call.end(error);
        }
      })(),
    };
  };
}
