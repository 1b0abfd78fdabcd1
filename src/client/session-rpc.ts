/**
 * The RPC layer of one Spark Connect session: every request carries the session id, the user
 * context and the client type; every response's server-side session id is checked. Unary RPCs go
 * through the retry policy and errors are converted to the library's hierarchy.
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { Code } from '@connectrpc/connect';
import { type SparkConnectError, SparkSessionError } from '../errors/base.js';
import {
  AnalyzePlanRequestSchema,
  type AnalyzePlanResponse,
  type CloneSessionResponse,
  ConfigRequestSchema,
  type ConfigResponse,
  type FetchErrorDetailsResponse,
  type GetStatusResponse,
  InterruptRequest_InterruptType,
  InterruptRequestSchema,
  type Plan,
  type UserContext,
  UserContextSchema,
} from '../gen/spark/connect/base_pb.js';
import { Telemetry } from '../telemetry/telemetry.js';
import { convertError, grpcCodeOf } from './errors.js';
import type { PlanCompression } from './plan-compression.js';
import { noteRetries, type RetryPolicy, type RetryStats, withRetry } from './retry.js';
import type { SparkConnectRpcClient } from './rpc-client.js';

export type { SparkConnectRpcClient } from './rpc-client.js';

/** Per-call options every network call accepts. */
export interface CallOptions {
  /** Cancels the call; a running Spark operation is interrupted. */
  signal?: AbortSignal;
  /** Deadline for the whole call, in ms. */
  timeoutMs?: number;
}

/** Combines a user signal and a timeout into one signal (undefined when neither is given). */
export function callSignal(opts: CallOptions | undefined): AbortSignal | undefined {
  const signals: AbortSignal[] = [];
  if (opts?.signal) signals.push(opts.signal);
  if (opts?.timeoutMs !== undefined) {
    if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs <= 0) {
      throw new TypeError(`timeoutMs must be a positive number, got ${String(opts.timeoutMs)}`);
    }
    signals.push(AbortSignal.timeout(opts.timeoutMs));
  }
  if (signals.length === 0) return undefined;
  return signals.length === 1 ? signals[0] : AbortSignal.any(signals);
}

export interface SessionRpcInit {
  client: SparkConnectRpcClient;
  sessionId: string;
  userId: string;
  clientType: string;
  endpoint: string;
  secrets: readonly string[];
  retryPolicy: RetryPolicy;
  /** Headers sent on every call of this session (besides the transport's). */
  headers?: Record<string, string>;
  /** The largest message the client accepts (the connection string's grpc_max_message_size). */
  maxMessageBytes?: number;
  /** Logs and traces (default: none). */
  telemetry?: Telemetry;
}

const SESSION_LOST_CLASSES = ['INVALID_HANDLE.SESSION_CHANGED', 'INVALID_HANDLE.SESSION_CLOSED'];

/** The RPC surface of one session. Internal: users see SparkSession. */
export class SessionRpc {
  readonly client: SparkConnectRpcClient;
  readonly sessionId: string;
  readonly userId: string;
  readonly clientType: string;
  readonly endpoint: string;
  readonly secrets: readonly string[];
  readonly retryPolicy: RetryPolicy;
  readonly userContext: UserContext;
  readonly headers: Record<string, string>;
  /** The largest message the client accepts, in bytes. */
  readonly maxMessageBytes: number;
  readonly telemetry: Telemetry;
  /** Compresses large plans (set by the session, which knows the server's features). */
  planCompression: PlanCompression | undefined;
  private serverSideSessionId: string | undefined;
  private lostReason: SparkConnectError | undefined;
  private stoppedFlag = false;
  /** Background work (ReleaseExecute, Interrupt) awaited on stop; never rejects. */
  private readonly background = new Set<Promise<void>>();

  constructor(init: SessionRpcInit) {
    this.client = init.client;
    this.sessionId = init.sessionId;
    this.userId = init.userId;
    this.clientType = init.clientType;
    this.endpoint = init.endpoint;
    this.secrets = init.secrets;
    // Readable, but never shown by console.log / util.inspect.
    Object.defineProperty(this, 'secrets', { enumerable: false });
    this.retryPolicy = init.retryPolicy;
    this.headers = init.headers ?? {};
    this.maxMessageBytes = init.maxMessageBytes ?? 128 * 1024 * 1024;
    this.userContext = create(UserContextSchema, { userId: init.userId });
    this.telemetry = init.telemetry ?? Telemetry.none();
  }

  /** Logs a retry (withRetry's onRetry). */
  readonly onRetry = (err: unknown, retry: number, waitMs: number): void => {
    this.telemetry.log.debug(
      () =>
        `retry ${retry + 1} session=${this.sessionId} backoff_ms=${Math.round(waitMs)} ` +
        `after: ${err instanceof Error ? err.message : String(err)}`,
    );
  };

  /** The server-side session id first seen (Spark 4.0+), if any. */
  get observedServerSideSessionId(): string | undefined {
    return this.serverSideSessionId;
  }

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  /** True once the server lost this session (expired, closed, or a restarted server). */
  get lost(): boolean {
    return this.lostReason !== undefined;
  }

  markStopped(): void {
    this.stoppedFlag = true;
  }

  /** Throws if the session was stopped or lost. */
  ensureUsable(): void {
    if (this.stoppedFlag) {
      throw new SparkSessionError(`Session ${this.sessionId} was stopped; create a new session`);
    }
    if (this.lostReason) throw this.lostReason;
  }

  /** Fields every request carries. */
  common(): {
    sessionId: string;
    userContext: UserContext;
    clientType: string;
    clientObservedServerSideSessionId?: string;
  } {
    return {
      sessionId: this.sessionId,
      userContext: this.userContext,
      clientType: this.clientType,
      ...(this.serverSideSessionId === undefined
        ? {}
        : { clientObservedServerSideSessionId: this.serverSideSessionId }),
    };
  }

  /** Checks a response's server-side session id (4.0+); a change means the server lost the session. */
  observe(serverSideSessionId: string | undefined): void {
    if (!serverSideSessionId) return;
    if (this.serverSideSessionId === undefined) {
      this.serverSideSessionId = serverSideSessionId;
      return;
    }
    if (serverSideSessionId !== this.serverSideSessionId) {
      throw this.markLost(
        new SparkSessionError(
          `The server lost session ${this.sessionId} (server-side session changed from ` +
            `${this.serverSideSessionId} to ${serverSideSessionId}, e.g. after a server restart); ` +
            'its temporary views, configuration and cached data are gone. Create a new session.',
          { errorClass: 'INVALID_HANDLE.SESSION_CHANGED' },
        ),
      );
    }
  }

  private markLost(err: SparkConnectError): SparkConnectError {
    this.lostReason ??= err;
    return this.lostReason;
  }

  /** Converts any thrown error to the hierarchy; detects lost sessions. */
  async convert(err: unknown): Promise<Error> {
    const converted = await convertError(err, {
      endpoint: this.endpoint,
      secrets: this.secrets,
      fetchErrorDetails: (errorId) => this.fetchErrorDetails(errorId),
    });
    const cls = converted.errorClass;
    if (cls !== undefined && SESSION_LOST_CLASSES.some((c) => cls.startsWith(c))) {
      return this.markLost(
        new SparkSessionError(
          `The server lost session ${this.sessionId} [${cls}]: ${converted.message} Create a new session.`,
          { errorClass: cls, cause: converted },
        ),
      );
    }
    return converted;
  }

  /** Registers background work so stop() can wait for it; the promise must never reject. */
  track(work: Promise<void>): void {
    const p = work.catch(() => undefined);
    this.background.add(p);
    void p.finally(() => this.background.delete(p));
  }

  /** Waits for pending background calls (ReleaseExecute etc.). */
  async drain(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  /** A unary call with retries and conversion. */
  async unary<T>(call: (signal: AbortSignal | undefined) => Promise<T>, opts?: CallOptions): Promise<T> {
    this.ensureUsable();
    const signal = callSignal(opts);
    const stats: RetryStats = { retries: 0, startedAt: Date.now() };
    try {
      return await withRetry(
        () => call(signal),
        { policy: this.retryPolicy, signal, onRetry: this.onRetry },
        stats,
      );
    } catch (err) {
      const converted = await this.convert(err);
      // An abort or timeout of the caller is no give-up of the retry policy.
      throw signal?.aborted ? converted : noteRetries(converted, stats.retries, stats.startedAt);
    }
  }

  async analyze(
    analyze: MessageInitShape<typeof AnalyzePlanRequestSchema>['analyze'],
    opts?: CallOptions,
  ): Promise<AnalyzePlanResponse> {
    const req = create(AnalyzePlanRequestSchema, { ...this.common(), analyze });
    // The plans an analysis carries (schema, explain, sameSemantics, ...) are sent like executed ones.
    const value = (req.analyze.value ?? {}) as Record<string, unknown>;
    const sent: Plan[] = [];
    for (const key of ['plan', 'targetPlan', 'otherPlan']) {
      const plan = value[key] as Plan | undefined;
      if (plan?.$typeName !== 'spark.connect.Plan') continue;
      value[key] = await this.preparePlan(plan, callSignal(opts));
      sent.push(value[key] as Plan);
    }
    let resp: AnalyzePlanResponse;
    try {
      resp = await this.unary(
        (signal) => this.client.analyzePlan(req, { signal, headers: this.headers }),
        opts,
      );
    } catch (err) {
      const { errorClass, grpcCode } = err as SparkConnectError;
      for (const plan of sent) this.planCompression?.noteFailure(errorClass, plan, grpcCode);
      throw err;
    }
    this.observe(resp.serverSideSessionId);
    return resp;
  }

  /** The plan to send for `plan`: compressed when it is large and the server takes it (4.1+). */
  async preparePlan(plan: Plan, signal?: AbortSignal): Promise<Plan> {
    return this.planCompression === undefined ? plan : this.planCompression.prepare(plan, signal);
  }

  async config(
    operation: NonNullable<MessageInitShape<typeof ConfigRequestSchema>['operation']>['opType'],
    opts?: CallOptions,
  ): Promise<ConfigResponse> {
    const req = create(ConfigRequestSchema, { ...this.common(), operation: { opType: operation } });
    const resp = await this.unary(
      (signal) => this.client.config(req, { signal, headers: this.headers }),
      opts,
    );
    this.observe(resp.serverSideSessionId);
    return resp;
  }

  /** Interrupts operations; returns the interrupted operation ids. */
  async interrupt(
    target: { kind: 'all' } | { kind: 'tag'; tag: string } | { kind: 'operation'; operationId: string },
    opts?: CallOptions,
  ): Promise<string[]> {
    const req = create(InterruptRequestSchema, {
      ...this.common(),
      interruptType:
        target.kind === 'all'
          ? InterruptRequest_InterruptType.ALL
          : target.kind === 'tag'
            ? InterruptRequest_InterruptType.TAG
            : InterruptRequest_InterruptType.OPERATION_ID,
      interrupt:
        target.kind === 'tag'
          ? { case: 'operationTag', value: target.tag }
          : target.kind === 'operation'
            ? { case: 'operationId', value: target.operationId }
            : { case: undefined },
    });
    const resp = await this.unary(
      (signal) => this.client.interrupt(req, { signal, headers: this.headers }),
      opts,
    );
    this.observe(resp.serverSideSessionId);
    return resp.interruptedIds;
  }

  /** ReleaseSession (4.0+), retried like every unary call. Resolves false when the server does not have the RPC (3.5). */
  async releaseSession(opts?: CallOptions): Promise<boolean> {
    const signal = callSignal(opts);
    try {
      await withRetry(
        () =>
          this.client.releaseSession(
            { sessionId: this.sessionId, userContext: this.userContext, clientType: this.clientType },
            { signal, headers: this.headers },
          ),
        { policy: this.retryPolicy, signal, onRetry: this.onRetry },
      );
      return true;
    } catch (err) {
      if (grpcCodeOf(err) === Code.Unimplemented) return false;
      throw await this.convert(err);
    }
  }

  /** CloneSession (4.1+). */
  async cloneSession(newSessionId: string, opts?: CallOptions): Promise<CloneSessionResponse> {
    this.ensureUsable();
    const signal = callSignal(opts);
    try {
      const resp = await withRetry(
        () => this.client.cloneSession({ ...this.common(), newSessionId }, { signal, headers: this.headers }),
        { policy: this.retryPolicy, signal, onRetry: this.onRetry },
      );
      this.observe(resp.serverSideSessionId);
      return resp;
    } catch (err) {
      // UNIMPLEMENTED (no CloneSession RPC) is turned into the feature error by the session.
      throw await this.convert(err);
    }
  }

  /** GetStatus (4.2+): the states of the given operations of this session (all when empty). */
  async getStatus(operationIds: readonly string[], opts?: CallOptions): Promise<GetStatusResponse> {
    this.ensureUsable();
    const signal = callSignal(opts);
    try {
      const resp = await withRetry(
        () =>
          this.client.getStatus(
            { ...this.common(), operationStatus: { operationIds: [...operationIds] } },
            { signal, headers: this.headers },
          ),
        { policy: this.retryPolicy, signal },
      );
      this.observe(resp.serverSideSessionId);
      return resp;
    } catch (err) {
      // UNIMPLEMENTED (no GetStatus RPC) is turned into the feature error by the session.
      throw await this.convert(err);
    }
  }

  /** FetchErrorDetails (4.0+), best effort: resolves undefined on any failure, never retries. */
  async fetchErrorDetails(errorId: string): Promise<FetchErrorDetailsResponse | undefined> {
    try {
      return await this.client.fetchErrorDetails(
        { ...this.common(), errorId },
        { headers: this.headers, timeoutMs: 30_000 },
      );
    } catch {
      return undefined;
    }
  }
}
