/**
 * `df.writeStream`: DataStreamWriter, like PySpark's. `start()` / `toTable()` send a
 * WriteStreamOperationStart command and return a StreamingQuery handle.
 */
import type { ActionOptions } from '../dataframe/core.js';
import type { DataFrame } from '../dataframe/dataframe.js';
import { addOptions, columnNames, DataSourceOptions, type OptionValue } from '../dataframe/options.js';
import { runCommand } from '../dataframe/writer.js';
import { ProtocolError } from '../errors/base.js';
import type { WriteStreamOperationStart } from '../gen/spark/connect/commands_pb.js';
import { pickResult } from '../session/command.js';
import { StreamingQuery } from './query.js';

/** How a streaming query writes each micro-batch's result (case-insensitive). */
export type OutputMode = 'append' | 'complete' | 'update';

const OUTPUT_MODES: readonly OutputMode[] = ['append', 'complete', 'update'];

/** The output mode name Spark expects. @throws TypeError naming the valid modes */
export function parseOutputMode(mode: unknown): OutputMode {
  const key = typeof mode === 'string' ? mode.toLowerCase() : undefined;
  if (key === undefined || !(OUTPUT_MODES as readonly string[]).includes(key)) {
    throw new TypeError(`Unknown output mode ${JSON.stringify(mode)}; use one of append, complete, update`);
  }
  return key as OutputMode;
}

/**
 * When a streaming query runs its batches; exactly one key:
 * - `processingTime`: a micro-batch every interval (`'10 seconds'`);
 * - `once: true`: one micro-batch of everything available, then stop (deprecated in Spark);
 * - `availableNow: true`: everything available, in as many batches as the limits allow, then stop;
 * - `continuous`: continuous processing with this checkpoint interval (`'1 second'`);
 * - `realTime`: real-time mode with batches of this duration (`'5 seconds'`; Spark 4.2+).
 */
export type Trigger =
  | { processingTime: string }
  | { once: true }
  | { availableNow: true }
  | { continuous: string }
  | { realTime: string };

type ProtoTrigger = WriteStreamOperationStart['trigger'];

const TRIGGER_KEYS = ['processingTime', 'once', 'availableNow', 'continuous', 'realTime'];

/** The proto trigger of a Trigger object. @throws TypeError unless exactly one valid key is set */
export function parseTrigger(trigger: unknown): ProtoTrigger {
  if (trigger === null || typeof trigger !== 'object' || Array.isArray(trigger)) {
    throw new TypeError(`trigger() takes an object with exactly one of ${TRIGGER_KEYS.join(', ')}`);
  }
  const entries = Object.entries(trigger).filter(([, v]) => v !== undefined);
  for (const [k] of entries) {
    if (!TRIGGER_KEYS.includes(k)) {
      throw new TypeError(`Unknown trigger '${k}'; use one of ${TRIGGER_KEYS.join(', ')}`);
    }
  }
  if (entries.length !== 1) {
    throw new TypeError(
      `trigger() takes exactly one of ${TRIGGER_KEYS.join(', ')}, got ${entries.length === 0 ? 'none' : entries.map(([k]) => k).join(', ')}`,
    );
  }
  const [key, value] = entries[0] as [string, unknown];
  const interval = (): string => {
    if (typeof value !== 'string' || value.trim().length === 0) {
      throw new TypeError(`trigger ${key} must be a non-empty interval string such as '10 seconds'`);
    }
    return value.trim();
  };
  const flag = (): true => {
    if (value !== true) throw new TypeError(`trigger ${key} must be true, got ${JSON.stringify(value)}`);
    return true;
  };
  switch (key) {
    case 'processingTime':
      return { case: 'processingTimeInterval', value: interval() };
    case 'continuous':
      return { case: 'continuousCheckpointInterval', value: interval() };
    case 'realTime':
      return { case: 'realTimeBatchDuration', value: interval() };
    case 'once':
      return { case: 'once', value: flag() };
    default:
      return { case: 'availableNow', value: flag() };
  }
}

/** Options of `start()` / `toTable()` (PySpark's keyword arguments) plus sink options. */
export type StreamStartOptions = {
  format?: string;
  outputMode?: OutputMode;
  partitionBy?: string | readonly string[];
  queryName?: string;
} & Record<string, OptionValue | readonly string[] | null | undefined>;

/**
 * Starts a streaming query writing a streaming DataFrame to a sink: `df.writeStream`. Configure
 * with the builder methods, then `start()` (a path or a format's own destination, e.g. `memory`,
 * `console`, `kafka`) or `toTable()`.
 *
 * `foreach` and `foreachBatch` are not supported: the server runs their function itself, so it
 * must be a serialized Python or Scala function; a JavaScript function cannot run there.
 *
 * @example
 * const query = await df.writeStream
 *   .format('memory').queryName('counts').outputMode('complete')
 *   .trigger({ processingTime: '5 seconds' })
 *   .start();
 * await query.processAllAvailable();
 * await (await spark.sql('SELECT * FROM counts')).show();
 * await query.stop();
 */
export class DataStreamWriter extends DataSourceOptions {
  private source: string | undefined;
  private mode: OutputMode | undefined;
  private name: string | undefined;
  private trig: ProtoTrigger = { case: undefined };
  private partitioning: string[] = [];
  private clustering: string[] = [];

  /** @internal Use `df.writeStream`. */
  constructor(private readonly df: DataFrame) {
    super();
  }

  /**
   * How each batch's result is written: `append` (new rows only; the default), `complete` (the
   * whole result, for aggregations) or `update` (changed rows). Other values throw a TypeError.
   * @example df.writeStream.outputMode('complete')
   */
  outputMode(outputMode: OutputMode): this {
    this.mode = parseOutputMode(outputMode);
    return this;
  }

  /** The sink format (`parquet`, `json`, `csv`, `memory`, `console`, `kafka`, ...). @example df.writeStream.format('memory') */
  format(source: string): this {
    if (typeof source !== 'string' || source.length === 0)
      throw new TypeError('format() takes a format name');
    this.source = source;
    return this;
  }

  /** Partitions file sink output by columns. @example df.writeStream.partitionBy('day') */
  partitionBy(...cols: (string | readonly string[])[]): this {
    this.partitioning = columnNames(cols, 'partitionBy()');
    return this;
  }

  /** Clusters the table's data by columns (Spark 4.0+). @example df.writeStream.clusterBy('id').toTable('t') */
  clusterBy(...cols: (string | readonly string[])[]): this {
    this.clustering = columnNames(cols, 'clusterBy()');
    if (this.clustering.length === 0) throw new TypeError('clusterBy() needs at least one column');
    return this;
  }

  /**
   * The query's name, unique among the session's active queries; the `memory` sink names its
   * table after it.
   * @example df.writeStream.format('memory').queryName('events')
   */
  queryName(queryName: string): this {
    if (typeof queryName !== 'string' || queryName.trim().length === 0)
      throw new TypeError('queryName() takes a non-empty name');
    this.name = queryName;
    return this;
  }

  /**
   * When batches run: exactly one of `{ processingTime: '10 seconds' }`, `{ once: true }`,
   * `{ availableNow: true }`, `{ continuous: '1 second' }`, `{ realTime: '5 seconds' }` (Spark
   * 4.2+: older servers would ignore it, so `start()` refuses it with
   * UnsupportedServerVersionError); anything else throws a TypeError. Without a trigger, a batch
   * starts as soon as the previous one ends.
   * @example df.writeStream.trigger({ availableNow: true })
   */
  trigger(trigger: Trigger): this {
    this.trig = parseTrigger(trigger);
    return this;
  }

  private applyStartOptions(options: StreamStartOptions | undefined, what: string): void {
    if (options === undefined) return;
    if (options === null || typeof options !== 'object')
      throw new TypeError(`${what} options must be an object`);
    const { format, outputMode, partitionBy, queryName, ...rest } = options;
    if (format !== undefined && format !== null) this.format(format);
    if (outputMode !== undefined && outputMode !== null) this.outputMode(outputMode);
    if (partitionBy !== undefined && partitionBy !== null) this.partitionBy(partitionBy);
    if (queryName !== undefined && queryName !== null) this.queryName(queryName);
    addOptions(this.opts, rest as Record<string, unknown>, what);
  }

  private async run(
    sink: WriteStreamOperationStart['sinkDestination'],
    opts: ActionOptions | undefined,
  ): Promise<StreamingQuery> {
    const session = this.df.sparkSession;
    if (this.clustering.length > 0) session.requireFeature('streamWriterClusterBy');
    if (this.trig.case === 'realTimeBatchDuration') session.requireFeature('realTimeTrigger');
    const state = await runCommand(
      this.df,
      (input) => ({
        case: 'writeStreamOperationStart',
        value: {
          input,
          format: this.source ?? '',
          options: { ...this.opts },
          partitioningColumnNames: [...this.partitioning],
          clusteringColumnNames: [...this.clustering],
          trigger: this.trig,
          outputMode: this.mode ?? '',
          queryName: this.name ?? '',
          sinkDestination: sink,
        },
      }),
      opts,
    );
    const result = pickResult(state, 'writeStreamOperationStartResult', 'writeStream.start()');
    if (result.queryId === undefined)
      throw new ProtocolError('The server did not return the id of the started streaming query');
    const query = new StreamingQuery(
      session,
      result.queryId.id,
      result.queryId.runId,
      result.name || undefined,
    );
    // Spark 4.0+ answers with the query started event, for the client-side listeners.
    if (result.queryStartedEventJson !== undefined)
      session.streams.postQueryStarted(result.queryStartedEventJson);
    return query;
  }

  /**
   * Starts the query, writing to `path` (file sinks) or to the format's own destination.
   * Resolves once the query runs; it keeps running on the server until stopped.
   * @example const q = await df.writeStream.format('json').option('checkpointLocation', chk).start('/out')
   */
  async start(path?: string, options?: StreamStartOptions, opts?: ActionOptions): Promise<StreamingQuery> {
    if (path !== undefined && (typeof path !== 'string' || path.trim().length === 0)) {
      throw new TypeError('start() path must be a non-empty string');
    }
    this.applyStartOptions(options, 'start()');
    return this.run(path === undefined ? { case: undefined } : { case: 'path', value: path }, opts);
  }

  /**
   * Starts the query, appending its output to a table (created when missing).
   * @example const q = await df.writeStream.option('checkpointLocation', chk).toTable('events')
   */
  async toTable(
    tableName: string,
    options?: StreamStartOptions,
    opts?: ActionOptions,
  ): Promise<StreamingQuery> {
    if (typeof tableName !== 'string' || tableName.length === 0)
      throw new TypeError('toTable() takes a table name');
    this.applyStartOptions(options, 'toTable()');
    return this.run({ case: 'tableName', value: tableName }, opts);
  }
}
