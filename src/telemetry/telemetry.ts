/**
 * Telemetry of one client: its Log and its Tracing (the RPC interceptor is in interceptor.ts).
 */
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

/** Counts a response (and the rows and bytes of an Arrow batch) into `totals`. */
export function countResponse(
  message: unknown,
  totals: { responses: number; rows: number; bytes: number },
): void {
  totals.responses++;
  const rt = (
    message as { responseType?: { case?: string; value?: { rowCount?: bigint; data?: Uint8Array } } }
  ).responseType;
  if (rt?.case === 'arrowBatch' && rt.value !== undefined) {
    totals.rows += Number(rt.value.rowCount ?? 0n);
    totals.bytes += rt.value.data?.byteLength ?? 0;
  }
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
