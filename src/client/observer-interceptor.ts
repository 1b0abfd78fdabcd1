/**
 * The connect-es side of an RpcObserver. Apart from rpc-observer.ts, which the public
 * declarations reach (through Telemetry): connect-es's types name DOM types (HeadersInit) that a
 * consumer without the DOM lib lacks, so only internal files may import them.
 */
import type { Interceptor } from '@connectrpc/connect';
import type { RpcObserver } from './rpc-observer.js';

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
