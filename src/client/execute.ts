/**
 * The execute stream: ExecutePlan with reattachable execution. The stream is resumed with
 * ReattachExecute when it ends without `result_complete` or breaks on a retryable error; consumed
 * responses are released with ReleaseExecute in the background; the operation is released (and
 * interrupted if still running) when the consumer stops early or aborts.
 */
import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { ConnectError } from '@connectrpc/connect';
import { ProtocolError, SparkConnectError, SparkServerLostError } from '../errors/base.js';
import {
  type ExecutePlanRequest_RequestOption,
  ExecutePlanRequestSchema,
  type ExecutePlanResponse,
  type ExecutePlanResponse_ExecutionProgress,
  InterruptRequest_InterruptType,
  type Plan,
} from '../gen/spark/connect/base_pb.js';
import { OperationTelemetry } from '../telemetry/telemetry.js';
import { errorClassOf, grpcCodeOf, redactor } from './errors.js';
import { abortReason, isRefusedConnection, noteRetries, retryWaitMs, sleep, withRetry } from './retry.js';
import { type CallOptions, callSignal, type SessionRpc } from './session-rpc.js';

/** Progress of one stage of a running operation (Spark 4.0+). */
export interface StageProgress {
  stageId: number;
  /** Tasks of the stage. */
  numTasks: number;
  /** Tasks of the stage that finished. */
  numCompletedTasks: number;
  /** Input bytes read by the stage so far. */
  inputBytesRead: number;
  /** True once the stage finished. */
  done: boolean;
}

/**
 * Execution progress of an operation, as the server reports it (Spark 4.0+, about every 2 s while
 * a query runs), and once more with `done: true` when the operation ends.
 */
export interface ExecutionProgress {
  /** The operation this progress is about. */
  operationId: string;
  /** Every stage of the operation so far. */
  stages: StageProgress[];
  /** Tasks running right now. */
  numInflightTasks: number;
  /** True for the last call, when the operation ended (completed, failed or cancelled). */
  done: boolean;
}

/** Receives execution progress. Exceptions it throws fail the action. */
export type ProgressHandler = (progress: ExecutionProgress) => void;

/** Options of one execution (every DataFrame action takes them as its last argument). */
export interface ExecuteOptions extends CallOptions {
  /** Operation tags (non-empty, no commas), besides the session's tags. */
  tags?: readonly string[];
  /** Operation id to use (a UUID); random by default. */
  operationId?: string;
  /** Called with the execution progress the server reports (Spark 4.0+). */
  onProgress?: ProgressHandler;
}

const EXECUTE_OPTION_KEYS = ['signal', 'timeoutMs', 'tags', 'operationId', 'onProgress'];

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Error classes of a reattach to an operation the server does not know (any more). */
const OPERATION_GONE = ['INVALID_HANDLE.OPERATION_NOT_FOUND', 'INVALID_HANDLE.SESSION_NOT_FOUND'];

/** Background clean-up (Interrupt, ReleaseExecute all) gives up after this long. */
const CLEANUP_TIMEOUT_MS = 60_000;

/** The server's default chunk size is 90% of its 128 MiB message limit; we do the same. */
const DEFAULT_MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

/**
 * Consumed responses are released (ReleaseExecute until a response id) once the Arrow bytes read
 * since the last release pass this. The server drops sent responses beyond its retry buffer by
 * itself, so a release per response (as in the protocol's simplest reading) only costs RPCs: a
 * `SELECT 1` sends none besides the final release-all, a large result one per 16 MiB.
 */
export const RELEASE_THRESHOLD_BYTES = 16 * 1024 * 1024;

/** How many retried errors an ExecuteStream remembers for diagnostics. */
const MAX_RETRIED_ERRORS = 20;

/**
 * The error of an operation whose connection broke and whose server then refused every
 * reconnection: the server process is gone, and the operation with it.
 */
function serverLost(refused: Error, operationId: string, brokenBy: string | undefined): SparkServerLostError {
  const how =
    brokenBy === undefined
      ? 'reconnecting to resume its results failed'
      : `its connection broke (${brokenBy}), and reconnecting failed`;
  return new SparkServerLostError(
    `Lost operation ${operationId}: ${how}: ${refused.message}. ` +
      'The server has most likely exited (for example of an OutOfMemoryError; see its log) and the operation with it.',
    operationId,
    { grpcCode: refused instanceof SparkConnectError ? refused.grpcCode : undefined, cause: refused },
  );
}

/**
 * Adds to the message of an error that ended an operation's retries how its stream had broken
 * before: the error a reconnection got (the server no longer knows the operation, say) alone
 * hides the cause.
 */
function afterBreak<E extends Error>(err: E, brokenBy: string | undefined): E {
  if (brokenBy !== undefined)
    err.message = `${err.message} (after the operation's stream broke: ${brokenBy})`;
  return err;
}

/** Validates operation tags like the reference clients. */
export function validateTag(tag: string): void {
  if (typeof tag !== 'string' || tag.length === 0)
    throw new TypeError('Spark operation tags must be non-empty strings');
  if (tag.includes(',')) throw new TypeError(`Spark operation tag '${tag}' must not contain ','`);
}

/** Validates the options object of an action; unknown keys and wrong types are a TypeError. */
export function validateExecuteOptions(opts: ExecuteOptions | undefined): void {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== 'object') {
    throw new TypeError(`Action options must be an object, got ${opts === null ? 'null' : typeof opts}`);
  }
  for (const key of Object.keys(opts)) {
    if (!EXECUTE_OPTION_KEYS.includes(key)) {
      throw new TypeError(`Unknown action option '${key}'; known options: ${EXECUTE_OPTION_KEYS.join(', ')}`);
    }
  }
  if (opts.signal !== undefined && !(opts.signal instanceof AbortSignal)) {
    throw new TypeError('Action option signal must be an AbortSignal');
  }
  if (opts.tags !== undefined) {
    if (!Array.isArray(opts.tags)) throw new TypeError('Action option tags must be an array of strings');
    for (const t of opts.tags) validateTag(t);
  }
  if (
    opts.operationId !== undefined &&
    (typeof opts.operationId !== 'string' || !UUID_RE.test(opts.operationId))
  ) {
    throw new TypeError(`Action option operationId must be a UUID, got '${String(opts.operationId)}'`);
  }
  if (opts.onProgress !== undefined && typeof opts.onProgress !== 'function') {
    throw new TypeError('Action option onProgress must be a function');
  }
}

function toProgress(
  operationId: string,
  p: Pick<ExecutePlanResponse_ExecutionProgress, 'stages' | 'numInflightTasks'>,
  done: boolean,
): ExecutionProgress {
  return {
    operationId,
    stages: p.stages.map((s) => ({
      stageId: Number(s.stageId),
      numTasks: Number(s.numTasks),
      numCompletedTasks: Number(s.numCompletedTasks),
      inputBytesRead: Number(s.inputBytesRead),
      done: s.done,
    })),
    numInflightTasks: Number(p.numInflightTasks),
    done,
  };
}

/**
 * One running operation. Iterate it once (for await); breaking out of the loop releases the
 * operation on the server and interrupts it if it is still running.
 */
export class ExecuteStream implements AsyncIterable<ExecutePlanResponse> {
  readonly operationId: string;
  /** Number of ReattachExecute calls made (for tests and diagnostics). */
  reattachCount = 0;
  /** Number of retries after errors (for tests and diagnostics). */
  retryCount = 0;
  /** Messages of the errors that were retried, oldest first (at most 20; for diagnostics). */
  readonly retriedErrors: string[] = [];
  /**
   * The operation ids the server said it interrupted when this stream was stopped early or
   * aborted (set once the background Interrupt answered; empty otherwise).
   */
  interruptedIds: string[] = [];
  private readonly rpc: SessionRpc;
  private readonly plan: Plan;
  private readonly opts: ExecuteOptions;
  private readonly sessionTags: readonly string[];
  private readonly progressHandlers: readonly ProgressHandler[];
  private started = false;
  private cleanupDone: Promise<void> = Promise.resolve();

  constructor(
    rpc: SessionRpc,
    plan: Plan,
    sessionTags: readonly string[],
    opts: ExecuteOptions = {},
    progressHandlers: readonly ProgressHandler[] = [],
  ) {
    validateExecuteOptions(opts);
    this.rpc = rpc;
    this.plan = plan;
    this.opts = opts ?? {};
    this.sessionTags = sessionTags;
    this.operationId = opts.operationId ?? randomUUID();
    const handlers = [...progressHandlers];
    if (opts.onProgress !== undefined) handlers.push(opts.onProgress);
    this.progressHandlers = handlers;
  }

  /** Resolves when the background clean-up (Interrupt, ReleaseExecute) has finished; never rejects. */
  get cleanup(): Promise<void> {
    return this.cleanupDone;
  }

  [Symbol.asyncIterator](): AsyncIterator<ExecutePlanResponse> {
    if (this.started) throw new Error('An ExecuteStream can be iterated only once');
    this.started = true;
    return this.run();
  }

  private requestOptions(): ExecutePlanRequest_RequestOption[] {
    const limit = this.rpc.maxMessageBytes;
    // Spark 4.1+: let the server split Arrow batches larger than a message (rows larger than a
    // message); older servers ignore the option. Ask for chunks that fit our message limit.
    const chunking: ExecutePlanRequest_RequestOption['requestOption'] = {
      case: 'resultChunkingOptions',
      value: {
        allowArrowBatchChunking: true,
        ...(limit < DEFAULT_MAX_MESSAGE_BYTES
          ? { preferredArrowChunkSize: BigInt(Math.max(1024, Math.floor(limit * 0.9))) }
          : {}),
      },
    } as ExecutePlanRequest_RequestOption['requestOption'];
    return [
      { requestOption: { case: 'reattachOptions', value: { reattachable: true } } },
      { requestOption: chunking },
    ] as ExecutePlanRequest_RequestOption[];
  }

  private notifyProgress(progress: ExecutionProgress): void {
    for (const handler of this.progressHandlers) handler(progress);
  }

  private async *run(): AsyncGenerator<ExecutePlanResponse> {
    const rpc = this.rpc;
    rpc.ensureUsable();
    const userSignal = callSignal(this.opts);
    // A large plan may go compressed (4.1+); deciding may read the server's threshold once.
    const plan = await rpc.preparePlan(this.plan, userSignal);
    // Our own controller cancels the HTTP/2 stream when the consumer stops or the user aborts.
    const ctrl = new AbortController();
    const onAbort = () => ctrl.abort(userSignal?.reason);
    userSignal?.addEventListener('abort', onAbort, { once: true });
    if (userSignal?.aborted) ctrl.abort(userSignal.reason);

    const request = create(ExecutePlanRequestSchema, {
      ...rpc.common(),
      operationId: this.operationId,
      plan,
      tags: [...this.sessionTags, ...(this.opts.tags ?? [])],
      requestOptions: this.requestOptions(),
    });

    let lastResponseId: string | undefined;
    let lastProgress: ExecutePlanResponse_ExecutionProgress | undefined;
    let complete = false;
    let anyResponse = false;
    /** The server answered this operation with an error: nothing is left to interrupt. */
    let serverFailed = false;
    let retries = 0;
    let retryStartedAt = Date.now();
    /** Why the operation's connection last broke (undefined while it never did). */
    let brokenBy: string | undefined;
    const releaser = new Releaser(rpc, this.operationId);
    let iterator: AsyncIterator<ExecutePlanResponse> | undefined;
    let mode: 'execute' | 'reattach' = 'execute';
    let doneNotified = false;
    const planKind =
      this.plan.opType.case === 'command' ? `command.${this.plan.opType.value.commandType.case}` : 'query';
    const telemetry = new OperationTelemetry(rpc.telemetry, this.operationId, rpc.sessionId, planKind);
    let failure: unknown;
    const notifyDone = () => {
      if (doneNotified || this.progressHandlers.length === 0) return;
      doneNotified = true;
      const stages = lastProgress?.stages ?? [];
      this.notifyProgress(toProgress(this.operationId, { stages, numInflightTasks: 0n }, true));
    };

    const open = (): AsyncIterator<ExecutePlanResponse> => {
      const callOpts = { signal: ctrl.signal, headers: rpc.headers };
      if (mode === 'execute') return rpc.client.executePlan(request, callOpts)[Symbol.asyncIterator]();
      this.reattachCount++;
      telemetry.reattach(this.reattachCount, lastResponseId);
      return rpc.client
        .reattachExecute(
          {
            ...rpc.common(),
            operationId: this.operationId,
            ...(lastResponseId === undefined ? {} : { lastResponseId }),
          },
          callOpts,
        )
        [Symbol.asyncIterator]();
    };

    try {
      for (;;) {
        let next: IteratorResult<ExecutePlanResponse>;
        try {
          iterator ??= open();
          next = await iterator.next();
        } catch (err) {
          iterator = undefined;
          if (ctrl.signal.aborted) throw abortReason(ctrl.signal);
          const cls = errorClassOf(err);
          rpc.planCompression?.noteFailure(cls, plan, grpcCodeOf(err));
          if (cls !== undefined && OPERATION_GONE.some((c) => cls.startsWith(c))) {
            if (!anyResponse && mode === 'reattach') {
              // The ExecutePlan never reached the server: send it again.
              mode = 'execute';
              continue;
            }
            serverFailed = true;
            throw afterBreak(await rpc.convert(err), brokenBy);
          }
          if (retries === 0) retryStartedAt = Date.now();
          const wait = retryWaitMs(err, retries, retryStartedAt, rpc.retryPolicy);
          if (wait === undefined) {
            serverFailed = errorClassOf(err) !== undefined;
            const converted = noteRetries(await rpc.convert(err), retries, retryStartedAt);
            if ((anyResponse || brokenBy !== undefined) && isRefusedConnection(err)) {
              throw serverLost(converted, this.operationId, brokenBy);
            }
            throw afterBreak(converted, brokenBy);
          }
          retries++;
          // A connection that was there and broke (a refusal means nothing was reached).
          if (!isRefusedConnection(err) && errorClassOf(err) === undefined) {
            brokenBy = redactor(rpc.secrets)(err instanceof ConnectError ? err.rawMessage : String(err));
          }
          this.retryCount++;
          if (this.retriedErrors.length < MAX_RETRIED_ERRORS) {
            this.retriedErrors.push(err instanceof Error ? err.message : String(err));
          }
          telemetry.retry(err, retries, wait);
          await sleep(wait, ctrl.signal);
          mode = 'reattach';
          continue;
        }
        if (next.done) {
          iterator = undefined;
          if (complete) break;
          // The server ended the stream without result_complete: resume where we were.
          mode = 'reattach';
          continue;
        }
        const resp = next.value;
        rpc.observe(resp.serverSideSessionId);
        if (resp.operationId !== '' && resp.operationId !== this.operationId) {
          throw new ProtocolError(
            `The server answered operation ${this.operationId} with a response of operation ${resp.operationId}`,
          );
        }
        anyResponse = true;
        retries = 0;
        telemetry.response(resp);
        lastResponseId = resp.responseId;
        const rt = resp.responseType;
        if (rt.case === 'resultComplete') complete = true;
        // Like PySpark, updates without any task yet (query planning) are not reported.
        if (rt.case === 'executionProgress' && rt.value.stages.some((st) => st.numTasks > 0n)) {
          lastProgress = rt.value;
          this.notifyProgress(toProgress(this.operationId, rt.value, false));
        }
        yield resp;
        if (!complete && rt.case === 'arrowBatch')
          releaser.consumed(resp.responseId, rt.value.data.byteLength);
      }
      if (!complete) throw new ProtocolError(`Operation ${this.operationId} ended without result_complete`);
      notifyDone();
    } catch (err) {
      failure = ctrl.signal.aborted && !(err instanceof ProtocolError) ? abortReason(ctrl.signal) : err;
      throw failure;
    } finally {
      userSignal?.removeEventListener('abort', onAbort);
      // Cancels the HTTP/2 stream if it is still open (consumer stopped early, error, abort). A
      // stream that ended or failed needs nothing (aborting costs an exception object per query).
      if (iterator !== undefined && !ctrl.signal.aborted) ctrl.abort();
      iterator = undefined;
      // Stop the work on the cluster unless it finished or failed there, then free its buffers.
      this.cleanupDone = releaser.releaseAll(!complete && !serverFailed, (ids) => {
        this.interruptedIds = ids;
      });
      telemetry.end(failure, this.reattachCount, this.retryCount, this.cleanupDone);
      if (!doneNotified) {
        // A handler failing here cannot hide the operation's own outcome.
        try {
          notifyDone();
        } catch {
          // ignored: the operation already failed or was abandoned
        }
      }
    }
  }
}

/**
 * ReleaseExecute for one operation: consumed responses are released once `thresholdBytes` of
 * Arrow data were read since the last release; `releaseUntil` calls are coalesced (at most one in
 * flight, then the newest position); `releaseAll` interrupts first if asked and runs last. All of
 * it in the background, tracked by the session so stop() waits for it; nothing ever rejects
 * unobserved.
 */
class Releaser {
  private wanted: string | undefined;
  private loop: Promise<void> | undefined;
  private done = false;
  private unreleasedBytes = 0;

  constructor(
    private readonly rpc: SessionRpc,
    private readonly operationId: string,
    private readonly thresholdBytes = RELEASE_THRESHOLD_BYTES,
  ) {}

  /** The consumer is done with the response `responseId`, which carried `bytes` of Arrow data. */
  consumed(responseId: string, bytes: number): void {
    this.unreleasedBytes += bytes;
    if (this.unreleasedBytes < this.thresholdBytes) return;
    this.unreleasedBytes = 0;
    this.releaseUntil(responseId);
  }

  releaseUntil(responseId: string): void {
    if (this.done) return;
    this.wanted = responseId;
    if (this.loop !== undefined) return;
    const rpc = this.rpc;
    this.loop = (async () => {
      try {
        while (this.wanted !== undefined && !this.done) {
          const id = this.wanted;
          this.wanted = undefined;
          // Not retried: a later release (or the final release-all) covers a lost one.
          await rpc.client.releaseExecute(
            {
              ...rpc.common(),
              operationId: this.operationId,
              release: { case: 'releaseUntil', value: { responseId: id } },
            },
            { headers: rpc.headers, timeoutMs: CLEANUP_TIMEOUT_MS },
          );
        }
      } finally {
        this.loop = undefined;
      }
    })();
    rpc.track(this.loop);
  }

  releaseAll(interrupt: boolean, onInterrupted: (ids: string[]) => void): Promise<void> {
    this.done = true;
    this.wanted = undefined;
    const rpc = this.rpc;
    // The whole clean-up gives up after CLEANUP_TIMEOUT_MS: each attempt gets the time left as its
    // deadline and no retry starts past it (no AbortSignal.timeout timer per operation).
    const deadline = Date.now() + CLEANUP_TIMEOUT_MS;
    const timeLeft = () => Math.max(1, deadline - Date.now());
    const ctx = { policy: rpc.retryPolicy, canRetry: () => Date.now() + 1 < deadline };
    const work = (async () => {
      if (interrupt) {
        try {
          const resp = await withRetry(
            () =>
              rpc.client.interrupt(
                {
                  ...rpc.common(),
                  interruptType: InterruptRequest_InterruptType.OPERATION_ID,
                  interrupt: { case: 'operationId', value: this.operationId },
                },
                { headers: rpc.headers, timeoutMs: timeLeft() },
              ),
            ctx,
          );
          onInterrupted(resp.interruptedIds);
        } catch {
          // best effort: the release below still frees the operation
        }
      }
      await withRetry(
        () =>
          rpc.client.releaseExecute(
            {
              ...rpc.common(),
              operationId: this.operationId,
              release: { case: 'releaseAll', value: {} },
            },
            { headers: rpc.headers, timeoutMs: timeLeft() },
          ),
        ctx,
      );
    })().then(
      () => undefined,
      () => undefined,
    );
    rpc.track(work);
    return work;
  }
}
