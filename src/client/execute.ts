/**
 * The execute stream: ExecutePlan with reattachable execution. The stream is resumed with
 * ReattachExecute when it ends without `result_complete` or breaks on a retryable error; consumed
 * responses are released with ReleaseExecute in the background; the operation is released (and
 * interrupted if still running) when the consumer stops early, fails or aborts.
 */
import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { ProtocolError } from '../errors/base.js';
import {
  type ExecutePlanRequest_RequestOption,
  ExecutePlanRequestSchema,
  type ExecutePlanResponse,
  type Plan,
} from '../gen/spark/connect/base_pb.js';
import { errorClassOf } from './errors.js';
import { abortReason, retryWaitMs, sleep } from './retry.js';
import { type CallOptions, callSignal, type SessionRpc } from './session-rpc.js';

/** Options of one execution. */
export interface ExecuteOptions extends CallOptions {
  /** Operation tags (non-empty, no commas), besides the session's tags. */
  tags?: readonly string[];
  /** Operation id to use (a UUID); random by default. */
  operationId?: string;
}

const OPERATION_GONE = ['INVALID_HANDLE.OPERATION_NOT_FOUND', 'INVALID_HANDLE.SESSION_NOT_FOUND'];

/** Validates operation tags like the reference clients. */
export function validateTag(tag: string): void {
  if (typeof tag !== 'string' || tag.length === 0)
    throw new TypeError('Spark operation tags must be non-empty strings');
  if (tag.includes(',')) throw new TypeError(`Spark operation tag '${tag}' must not contain ','`);
}

/**
 * One running operation. Iterate it once (for await); breaking out of the loop releases the
 * operation on the server.
 */
export class ExecuteStream implements AsyncIterable<ExecutePlanResponse> {
  readonly operationId: string;
  private readonly rpc: SessionRpc;
  private readonly plan: Plan;
  private readonly opts: ExecuteOptions;
  private readonly sessionTags: readonly string[];
  private started = false;
  /** Number of ReattachExecute calls made (for tests and diagnostics). */
  reattachCount = 0;
  /** Number of retries after errors (for tests and diagnostics). */
  retryCount = 0;

  constructor(rpc: SessionRpc, plan: Plan, sessionTags: readonly string[], opts: ExecuteOptions = {}) {
    this.rpc = rpc;
    this.plan = plan;
    this.opts = opts;
    this.sessionTags = sessionTags;
    this.operationId = opts.operationId ?? randomUUID();
    for (const t of opts.tags ?? []) validateTag(t);
  }

  [Symbol.asyncIterator](): AsyncIterator<ExecutePlanResponse> {
    if (this.started) throw new Error('An ExecuteStream can be iterated only once');
    this.started = true;
    return this.run();
  }

  private requestOptions(): ExecutePlanRequest_RequestOption[] {
    return [
      { requestOption: { case: 'reattachOptions', value: { reattachable: true } } },
      // Spark 4.1+: allow the server to split large Arrow batches; older servers ignore this option.
      { requestOption: { case: 'resultChunkingOptions', value: { allowArrowBatchChunking: true } } },
    ] as ExecutePlanRequest_RequestOption[];
  }

  private async *run(): AsyncGenerator<ExecutePlanResponse> {
    const rpc = this.rpc;
    rpc.ensureUsable();
    const userSignal = callSignal(this.opts);
    // Our own controller cancels the HTTP/2 stream when the consumer stops or the user aborts.
    const ctrl = new AbortController();
    const onAbort = () => ctrl.abort(userSignal?.reason);
    userSignal?.addEventListener('abort', onAbort, { once: true });
    if (userSignal?.aborted) ctrl.abort(userSignal.reason);

    let lastResponseId: string | undefined;
    let complete = false;
    let anyResponse = false;
    let retries = 0;
    let retryStartedAt = Date.now();
    let releasing = false;
    let releaseWanted: string | undefined;
    const releaseUntil = (responseId: string) => {
      releaseWanted = responseId;
      if (releasing) return;
      releasing = true;
      const loop = async () => {
        try {
          while (releaseWanted !== undefined) {
            const id = releaseWanted;
            releaseWanted = undefined;
            await rpc.client.releaseExecute(
              {
                ...rpc.common(),
                operationId: this.operationId,
                release: { case: 'releaseUntil', value: { responseId: id } },
              },
              { headers: rpc.headers, timeoutMs: 60_000 },
            );
          }
        } finally {
          releasing = false;
        }
      };
      rpc.track(loop());
    };

    const request = create(ExecutePlanRequestSchema, {
      ...rpc.common(),
      operationId: this.operationId,
      plan: this.plan,
      tags: [...this.sessionTags, ...(this.opts.tags ?? [])],
      requestOptions: this.requestOptions(),
    });

    let stream: AsyncIterable<ExecutePlanResponse> = rpc.client.executePlan(request, {
      signal: ctrl.signal,
      headers: rpc.headers,
    });
    let reattach = false;
    let finishedNormally = false;
    try {
      for (;;) {
        try {
          if (reattach) {
            this.reattachCount++;
            stream = rpc.client.reattachExecute(
              {
                ...rpc.common(),
                operationId: this.operationId,
                ...(lastResponseId === undefined ? {} : { lastResponseId }),
              },
              { signal: ctrl.signal, headers: rpc.headers },
            );
          }
          for await (const resp of stream) {
            rpc.observe(resp.serverSideSessionId);
            anyResponse = true;
            retries = 0;
            lastResponseId = resp.responseId;
            if (resp.responseType.case === 'resultComplete') complete = true;
            yield resp;
            if (!complete) releaseUntil(resp.responseId);
          }
          if (complete) break;
          // The server ended the stream without result_complete: resume where we were.
          reattach = true;
        } catch (err) {
          if (ctrl.signal.aborted) throw abortReason(ctrl.signal);
          const cls = errorClassOf(err);
          if (cls !== undefined && OPERATION_GONE.some((c) => cls.startsWith(c))) {
            if (!anyResponse && reattach) {
              // The ExecutePlan never reached the server: send it again.
              reattach = false;
              stream = rpc.client.executePlan(request, { signal: ctrl.signal, headers: rpc.headers });
              continue;
            }
            throw await rpc.convert(err);
          }
          if (retries === 0) retryStartedAt = Date.now();
          const wait = retryWaitMs(err, retries, retryStartedAt, rpc.retryPolicy);
          if (wait === undefined) throw await rpc.convert(err);
          retries++;
          this.retryCount++;
          await sleep(wait, ctrl.signal);
          reattach = true;
        }
      }
      if (!complete) throw new ProtocolError(`Operation ${this.operationId} ended without result_complete`);
      finishedNormally = true;
    } catch (err) {
      if (ctrl.signal.aborted && !(err instanceof ProtocolError)) throw abortReason(ctrl.signal);
      throw err;
    } finally {
      userSignal?.removeEventListener('abort', onAbort);
      const wasAborted = ctrl.signal.aborted;
      if (!ctrl.signal.aborted) ctrl.abort();
      if (!finishedNormally && !complete) {
        // The consumer stopped early, failed or aborted: stop the work on the cluster.
        rpc.track(
          rpc.client
            .interrupt(
              {
                ...rpc.common(),
                interruptType: 3, // OPERATION_ID
                interrupt: { case: 'operationId', value: this.operationId },
              },
              { headers: rpc.headers, timeoutMs: 30_000 },
            )
            .then(() => undefined),
        );
      }
      void wasAborted;
      rpc.track(
        rpc.client
          .releaseExecute(
            {
              ...rpc.common(),
              operationId: this.operationId,
              release: { case: 'releaseAll', value: {} },
            },
            { headers: rpc.headers, timeoutMs: 60_000 },
          )
          .then(() => undefined),
      );
    }
  }
}
