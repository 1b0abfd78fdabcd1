/**
 * StreamingQuery: a handle on a streaming query running on the server (StreamingQueryCommand).
 * Progress reports arrive as JSON strings and are parsed into plain objects.
 */

import type { MessageInitShape } from '@bufbuild/protobuf';
import type { ExecuteOptions } from '../client/execute.js';
import { StreamingQueryException } from '../errors/spark-exceptions.js';
import type {
  StreamingQueryCommandResult,
  StreamingQueryCommandSchema,
} from '../gen/spark/connect/commands_pb.js';
import { pickResult, resultOf, runSessionCommand } from '../session/command.js';
import type { SparkSession } from '../session/spark-session.js';

/** `StreamingQuery.status()`: what the query is doing right now. */
export interface StreamingQueryStatus {
  /** A human-readable description, e.g. `'Waiting for data to arrive'`. */
  message: string;
  /** True when a source has new data to process. */
  isDataAvailable: boolean;
  /** True while a trigger (batch) is running. */
  isTriggerActive: boolean;
}

/** One source of a progress report. */
export interface SourceProgress {
  description: string;
  startOffset: unknown;
  endOffset: unknown;
  latestOffset?: unknown;
  numInputRows: number;
  /** Absent when Spark could not compute it (no time elapsed). */
  inputRowsPerSecond?: number;
  processedRowsPerSecond?: number;
  metrics?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * A progress report of one micro-batch (Spark's `StreamingQueryProgress` JSON, parsed). Fields
 * the server version adds appear as well.
 */
export interface StreamingQueryProgress {
  id: string;
  runId: string;
  name: string | null;
  /** ISO-8601 time the batch started. */
  timestamp: string;
  batchId: number;
  /** Rows read in this batch, over every source. */
  numInputRows: number;
  /** Rows arriving per second, over every source. */
  inputRowsPerSecond: number;
  /** Rows processed per second, over every source. */
  processedRowsPerSecond: number;
  /** Time spent per phase (`triggerExecution`, `addBatch`, ...), in ms. */
  durationMs: Record<string, number>;
  eventTime?: Record<string, string>;
  stateOperators: Record<string, unknown>[];
  sources: SourceProgress[];
  sink: { description: string; numOutputRows?: number; [key: string]: unknown };
  observedMetrics?: Record<string, unknown>;
  [key: string]: unknown;
}

type QueryCommand = MessageInitShape<typeof StreamingQueryCommandSchema>['command'];

/** @internal The proto form of a positive timeout in ms. */
export function checkTimeout(timeoutMs: unknown, what: string): bigint | undefined {
  if (timeoutMs === undefined) return undefined;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError(
      `${what} timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`,
    );
  }
  return BigInt(Math.ceil(timeoutMs));
}

const AGGREGATES = ['numInputRows', 'inputRowsPerSecond', 'processedRowsPerSecond'] as const;

/**
 * Parses a progress report. Spark writes the row counts and rates per source; like PySpark, the
 * report's own `numInputRows` / `inputRowsPerSecond` / `processedRowsPerSecond` are their sums
 * over the sources when the JSON has none (a rate Spark could not compute counts as 0).
 * @internal
 */
export function parseProgress(json: string): StreamingQueryProgress {
  const p = JSON.parse(json) as Record<string, unknown>;
  const sources = (Array.isArray(p.sources) ? p.sources : []) as Record<string, unknown>[];
  for (const key of AGGREGATES) {
    if (typeof p[key] === 'number') continue;
    p[key] = sources.reduce((n, s) => n + (typeof s[key] === 'number' ? s[key] : 0), 0);
  }
  return p as StreamingQueryProgress;
}

/**
 * A streaming query running on the server, returned by `df.writeStream...start()` and
 * `spark.streams`. Stop it with `stop()` (or `await using`): queries outlive the call that started
 * them.
 *
 * @example
 * await using query = await df.writeStream.format('memory').queryName('t').start();
 * await query.processAllAvailable();
 * console.log((await query.lastProgress())?.numInputRows);
 */
export class StreamingQuery {
  /** The query's id: the same across restarts from the same checkpoint. */
  readonly id: string;
  /** The id of this run of the query. */
  readonly runId: string;
  /** The query's name, if it has one. */
  readonly name: string | undefined;

  /** @internal Use `df.writeStream...start()` or `spark.streams`. */
  constructor(
    private readonly session: SparkSession,
    id: string,
    runId: string,
    name: string | undefined,
  ) {
    this.id = id;
    this.runId = runId;
    this.name = name;
  }

  private async command(command: QueryCommand, opts?: ExecuteOptions): Promise<StreamingQueryCommandResult> {
    const state = await runSessionCommand(
      this.session,
      { case: 'streamingQueryCommand', value: { queryId: { id: this.id, runId: this.runId }, command } },
      opts,
    );
    return pickResult(state, 'streamingQueryCommandResult', `the streaming query command ${command?.case}`);
  }

  private async statusResult(opts?: ExecuteOptions) {
    const r = await this.command({ case: 'status', value: true }, opts);
    return resultOf(r.resultType, 'status', 'status()');
  }

  /** True while the query runs (false once stopped or failed). @example await query.isActive() */
  async isActive(opts?: ExecuteOptions): Promise<boolean> {
    return (await this.statusResult(opts)).isActive;
  }

  /** What the query is doing now. @example (await query.status()).message */
  async status(opts?: ExecuteOptions): Promise<StreamingQueryStatus> {
    const s = await this.statusResult(opts);
    return {
      message: s.statusMessage,
      isDataAvailable: s.isDataAvailable,
      isTriggerActive: s.isTriggerActive,
    };
  }

  private async progress(last: boolean, opts?: ExecuteOptions): Promise<StreamingQueryProgress[]> {
    const r = await this.command(
      last ? { case: 'lastProgress', value: true } : { case: 'recentProgress', value: true },
      opts,
    );
    return resultOf(r.resultType, 'recentProgress', 'a progress request').recentProgressJson.map(
      parseProgress,
    );
  }

  /** The most recent progress reports (the server keeps a bounded number). @example await query.recentProgress() */
  recentProgress(opts?: ExecuteOptions): Promise<StreamingQueryProgress[]> {
    return this.progress(false, opts);
  }

  /** The last progress report, or null before the first batch. @example (await query.lastProgress())?.numInputRows */
  async lastProgress(opts?: ExecuteOptions): Promise<StreamingQueryProgress | null> {
    const list = await this.progress(true, opts);
    return list[list.length - 1] ?? null;
  }

  /**
   * Waits until the query ends (stop, failure, or an `availableNow` / `once` trigger's end).
   * Without `timeoutMs` it resolves with `true` once the query ended; with it, `false` when the
   * query still runs after that many milliseconds. A failed query rejects with its
   * StreamingQueryException.
   * @example await query.awaitTermination(); const ended = await query.awaitTermination(5000);
   */
  async awaitTermination(timeoutMs?: number, opts?: ExecuteOptions): Promise<boolean> {
    const timeout = checkTimeout(timeoutMs, 'awaitTermination()');
    const r = await this.command(
      { case: 'awaitTermination', value: timeout === undefined ? {} : { timeoutMs: timeout } },
      opts,
    );
    if (timeout === undefined) return true;
    return resultOf(r.resultType, 'awaitTermination', 'awaitTermination()').terminated;
  }

  /**
   * Waits until every row available in the sources now has been processed (for tests and
   * notebooks; it never returns for sources that always have data).
   * @example await query.processAllAvailable()
   */
  async processAllAvailable(opts?: ExecuteOptions): Promise<void> {
    await this.command({ case: 'processAllAvailable', value: true }, opts);
  }

  /** Stops the query and waits until it stopped. @example await query.stop() */
  async stop(opts?: ExecuteOptions): Promise<void> {
    await this.command({ case: 'stop', value: true }, opts);
  }

  /** The query's logical and (with `extended`) physical plans as text. @example await query.explainString(true) */
  async explainString(extended = false, opts?: ExecuteOptions): Promise<string> {
    if (typeof extended !== 'boolean') throw new TypeError('explain() extended must be a boolean');
    const r = await this.command({ case: 'explain', value: { extended } }, opts);
    return resultOf(r.resultType, 'explain', 'explain()').result;
  }

  /** Prints the query's plans. @example await query.explain() */
  async explain(extended = false, opts?: ExecuteOptions): Promise<void> {
    process.stdout.write(`${await this.explainString(extended, opts)}\n`);
  }

  /**
   * The exception that ended the query, or null when it runs or stopped without error.
   * @example const err = await query.exception(); if (err) console.log(err.errorClass, err.message)
   */
  async exception(opts?: ExecuteOptions): Promise<StreamingQueryException | null> {
    const r = await this.command({ case: 'exception', value: true }, opts);
    // A query without an exception gets an empty result.
    if (r.resultType.case === undefined) return null;
    const e = resultOf(r.resultType, 'exception', 'exception()');
    if (e.exceptionMessage === undefined) return null;
    // The message is the server exception's toString(): "<class name>: <message>".
    const sep = e.exceptionMessage.indexOf(': ');
    const message = sep >= 0 ? e.exceptionMessage.slice(sep + 2) : e.exceptionMessage;
    return new StreamingQueryException(message, {
      ...(e.errorClass === undefined ? {} : { errorClass: e.errorClass }),
      ...(e.stackTrace === undefined ? {} : { serverStackTrace: e.stackTrace }),
      serverClassName: 'org.apache.spark.sql.streaming.StreamingQueryException',
    });
  }

  /** Stops the query (for `await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.session.isStopped) await this.stop();
  }

  toString(): string {
    return `StreamingQuery(id=${this.id}, runId=${this.runId}${this.name === undefined ? '' : `, name=${this.name}`})`;
  }
}
