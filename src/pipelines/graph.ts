/**
 * Spark Declarative Pipelines (Spark 4.1+): a dataflow graph held by the server. The client
 * defines datasets (materialized views, streaming tables, temporary views, sinks) and the flows
 * that fill them from DataFrames (plans built client-side) or SQL text, then runs the graph and
 * reads the pipeline events. The message flow is PySpark's (`pyspark.pipelines`).
 */
import type { ExecuteOptions } from '../client/execute.js';
import type { CallOptions } from '../client/session-rpc.js';
import type { DataFrame } from '../dataframe/dataframe.js';
import { ProtocolError } from '../errors/base.js';
import type { Relation } from '../gen/spark/connect/relations_pb.js';
import { lowerPlan } from '../plan/lower.js';
import { pickResult, resultOf, runSessionCommand } from '../session/command.js';
import type { SparkSession } from '../session/spark-session.js';
import { checkSchema, type PipelineCommandSpec, pipelinePlan, type TableOptions } from './commands.js';
import { type PipelineEvent, PipelineRun, type PipelineRunOptions, startRunSpec } from './run.js';
import { requirePipelines } from './support.js';

/** Options of `createDataflowGraph`, as PySpark's pipeline spec names them. */
export interface DataflowGraphOptions {
  /** The catalog datasets without a catalog go to (the session's current one otherwise). */
  defaultCatalog?: string;
  /** The database datasets without a database go to (the session's current one otherwise). */
  defaultDatabase?: string;
  /** SQL configuration applied to every flow of the graph. */
  sqlConf?: Record<string, string>;
}

/** Options of a flow: its name (the dataset's name by default) and SQL confs set while it runs. */
export interface FlowOptions {
  /** The flow's name. */
  name?: string;
  /** SQL configuration set while the flow runs (overrides the graph's). */
  sparkConf?: Record<string, string>;
}

/** Where a dataset's query comes from: a DataFrame (its plan is sent as the flow's relation). */
export type FlowSource = DataFrame;

function checkName(name: unknown, what: string): asserts name is string {
  if (typeof name !== 'string' || name.length === 0)
    throw new TypeError(`${what}: name must be a non-empty string`);
}

function checkStringMap(m: unknown, what: string): Record<string, string> {
  if (m === undefined) return {};
  if (m === null || typeof m !== 'object' || Array.isArray(m))
    throw new TypeError(`${what} must be an object of strings`);
  for (const [k, v] of Object.entries(m)) {
    if (typeof v !== 'string') throw new TypeError(`${what}: the value of '${k}' must be a string`);
  }
  return { ...(m as Record<string, string>) };
}

function checkStrings(xs: unknown, what: string): void {
  if (xs === undefined) return;
  if (!Array.isArray(xs) || xs.some((x) => typeof x !== 'string')) {
    throw new TypeError(`${what} must be an array of strings`);
  }
}

function checkTableOptions(opts: TableOptions | undefined, what: string): TableOptions {
  const o = opts ?? {};
  if (typeof o !== 'object') throw new TypeError(`${what}: options must be an object`);
  checkStringMap(o.tableProperties, `${what}: tableProperties`);
  checkStrings(o.partitionCols, `${what}: partitionCols`);
  checkStrings(o.clusterBy, `${what}: clusterBy`);
  checkSchema(o.schema, what);
  if (o.comment !== undefined && typeof o.comment !== 'string')
    throw new TypeError(`${what}: comment must be a string`);
  if (o.format !== undefined && typeof o.format !== 'string')
    throw new TypeError(`${what}: format must be a string`);
  return o;
}

/**
 * Creates a dataflow graph on the server (Spark 4.1+) and returns it. Datasets defined without a
 * catalog or database go to `defaultCatalog` / `defaultDatabase`.
 *
 * @example
 * await using graph = await createDataflowGraph(spark, { defaultDatabase: 'sales' });
 * await graph.materializedView('totals', spark.table('orders').groupBy('day').count());
 * for await (const e of graph.startRun({ storage: 'file:///tmp/pipeline-storage' })) console.log(e.message);
 */
export async function createDataflowGraph(
  spark: SparkSession,
  options: DataflowGraphOptions = {},
  opts?: CallOptions,
): Promise<DataflowGraph> {
  requirePipelines(spark, 'createDataflowGraph()');
  if (options.defaultCatalog !== undefined)
    checkName(options.defaultCatalog, 'createDataflowGraph() defaultCatalog');
  if (options.defaultDatabase !== undefined)
    checkName(options.defaultDatabase, 'createDataflowGraph() defaultDatabase');
  const spec: PipelineCommandSpec = {
    kind: 'createGraph',
    defaultCatalog: options.defaultCatalog,
    defaultDatabase: options.defaultDatabase,
    sqlConf: checkStringMap(options.sqlConf, 'createDataflowGraph() sqlConf'),
  };
  // Through the feature path: a server without pipelines (Sail answers a bare
  // UnsupportedOperationException "pipeline command") gets the feature error naming them.
  const state = await spark.withFeature('pipelines', () => runSessionCommand(spark, commandType(spec), opts));
  const result = pickResult(state, 'pipelineCommandResult', 'createDataflowGraph()');
  const created = resultOf(result.resultType, 'createDataflowGraphResult', 'createDataflowGraph()');
  if (!created.dataflowGraphId) throw new ProtocolError('The server created a dataflow graph without an id');
  return new DataflowGraph(spark, created.dataflowGraphId);
}

function commandType(spec: PipelineCommandSpec) {
  const plan = pipelinePlan(spec);
  if (plan.opType.case !== 'command') throw new ProtocolError('pipeline command plan without a command');
  return plan.opType.value.commandType;
}

/**
 * A dataflow graph on the server. Define its datasets and flows, run it with `startRun()` (or
 * `run()`), and drop it with `drop()` or `await using`.
 *
 * @example
 * await using graph = await createDataflowGraph(spark);
 * await graph.materializedView('evens', spark.range(10).filter(col('id').mod(2).eq(0)));
 * await graph.run({ storage: 'file:///tmp/pl' });
 * await spark.table('evens').count(); // 5n
 */
export class DataflowGraph {
  /** The session the graph lives in. */
  readonly sparkSession: SparkSession;
  /** The server's id of the graph. */
  readonly id: string;
  private dropped = false;

  /** @internal */
  constructor(spark: SparkSession, id: string) {
    this.sparkSession = spark;
    this.id = id;
  }

  private async send(spec: PipelineCommandSpec, opts?: CallOptions): Promise<void> {
    if (this.dropped) throw new TypeError(`The dataflow graph ${this.id} was dropped`);
    await runSessionCommand(this.sparkSession, commandType(spec), opts);
  }

  private async flowRelation(source: FlowSource, what: string, opts?: CallOptions) {
    if (source === null || typeof source !== 'object' || typeof source.preparedPlan !== 'function') {
      throw new TypeError(`${what}: the query must be a DataFrame`);
    }
    if (source.sparkSession !== this.sparkSession) {
      throw new TypeError(`${what}: the DataFrame belongs to another session`);
    }
    return lowerPlan(await source.preparedPlan(source.plan, opts));
  }

  private async defineFlow(
    target: string,
    relation: Relation,
    flow: FlowOptions | undefined,
    what: string,
    opts?: CallOptions,
  ): Promise<void> {
    const name = flow?.name ?? target;
    checkName(name, what);
    await this.send(
      {
        kind: 'defineFlow',
        graphId: this.id,
        name,
        target,
        relation,
        sqlConf: checkStringMap(flow?.sparkConf, `${what}: sparkConf`),
      },
      opts,
    );
  }

  /** A dataset with its flow of the same name; the query is checked before anything is sent. */
  private async defineDataset(
    name: string,
    output: 'materializedView' | 'streamingTable' | 'temporaryView',
    query: FlowSource,
    options: (TableOptions & FlowOptions) | undefined,
    what: string,
    opts?: CallOptions,
  ): Promise<void> {
    checkName(name, what);
    const sqlConf = checkStringMap(options?.sparkConf, `${what}: sparkConf`);
    const table = output === 'temporaryView' ? undefined : checkTableOptions(options, what);
    if (output === 'temporaryView' && options?.comment !== undefined && typeof options.comment !== 'string') {
      throw new TypeError(`${what}: comment must be a string`);
    }
    const relation = await this.flowRelation(query, what, opts);
    await this.send(
      { kind: 'defineOutput', graphId: this.id, name, output, table, comment: options?.comment },
      opts,
    );
    await this.defineFlow(name, relation, { sparkConf: sqlConf }, what, opts);
  }

  /**
   * Defines a materialized view computed by a batch query (PySpark's `@materialized_view`): the
   * dataset and its flow of the same name.
   *
   * @example await graph.materializedView('daily', spark.table('orders').groupBy('day').count());
   */
  async materializedView(
    name: string,
    query: FlowSource,
    options?: TableOptions & FlowOptions,
    opts?: CallOptions,
  ): Promise<void> {
    await this.defineDataset(name, 'materializedView', query, options, 'materializedView()', opts);
  }

  /**
   * Defines a streaming table filled by a streaming query (PySpark's `@table`): the dataset and
   * its flow of the same name.
   *
   * @example await graph.table('events', spark.readStream.format('json').schema('id INT').load('/in'));
   */
  async table(
    name: string,
    query: FlowSource,
    options?: TableOptions & FlowOptions,
    opts?: CallOptions,
  ): Promise<void> {
    await this.defineDataset(name, 'streamingTable', query, options, 'table()', opts);
  }

  /**
   * Defines a streaming table with no flow of its own, for append flows to target
   * (PySpark's `create_streaming_table`).
   *
   * @example await graph.createStreamingTable('all_events', { schema: 'id INT, source STRING' });
   */
  async createStreamingTable(name: string, options?: TableOptions, opts?: CallOptions): Promise<void> {
    checkName(name, 'createStreamingTable()');
    const table = checkTableOptions(options, 'createStreamingTable()');
    await this.send({ kind: 'defineOutput', graphId: this.id, name, output: 'streamingTable', table }, opts);
  }

  /**
   * Defines a temporary view: a dataset other flows read within the run and that is not
   * published to the catalog (PySpark's `@temporary_view`).
   *
   * @example await graph.temporaryView('clean', spark.table('raw').na.drop());
   */
  async temporaryView(
    name: string,
    query: FlowSource,
    options?: { comment?: string } & FlowOptions,
    opts?: CallOptions,
  ): Promise<void> {
    await this.defineDataset(name, 'temporaryView', query, options, 'temporaryView()', opts);
  }

  /**
   * Defines a sink: an external destination (a data source format with options) that streaming
   * append flows write to (PySpark's `create_sink`).
   *
   * @example await graph.createSink('out', 'parquet', { path: '/data/out' });
   */
  async createSink(
    name: string,
    format: string,
    options?: Record<string, string>,
    opts?: CallOptions,
  ): Promise<void> {
    checkName(name, 'createSink()');
    if (typeof format !== 'string' || format.length === 0)
      throw new TypeError('createSink(): format must be a non-empty string');
    const sinkOptions = checkStringMap(options, 'createSink() options');
    await this.send(
      {
        kind: 'defineOutput',
        graphId: this.id,
        name,
        output: 'sink',
        sink: { format, options: sinkOptions },
      },
      opts,
    );
  }

  /**
   * Defines an append flow: a streaming query whose rows are appended to `target` (a streaming
   * table or a sink), besides the target's other flows (PySpark's `@append_flow`). The flow's
   * name is required here (PySpark takes the function's name).
   *
   * @example await graph.appendFlow({ target: 'all_events', name: 'from_web' }, webEvents);
   */
  async appendFlow(
    flow: { target: string; name: string; sparkConf?: Record<string, string> },
    query: FlowSource,
    opts?: CallOptions,
  ): Promise<void> {
    if (flow === null || typeof flow !== 'object') throw new TypeError('appendFlow() takes { target, name }');
    checkName(flow.target, 'appendFlow() target');
    checkName(flow.name, 'appendFlow()');
    const relation = await this.flowRelation(query, 'appendFlow()', opts);
    await this.defineFlow(flow.target, relation, flow, 'appendFlow()', opts);
  }

  /**
   * Defines datasets and flows from SQL text the server parses (`CREATE MATERIALIZED VIEW`,
   * `CREATE STREAMING TABLE`, `CREATE FLOW ... AS INSERT INTO`, `CREATE TEMPORARY VIEW`).
   * `filePath` names the source in the server's errors.
   *
   * @example await graph.defineSql('CREATE MATERIALIZED VIEW top AS SELECT * FROM totals ORDER BY n DESC LIMIT 3');
   */
  async defineSql(sqlText: string, options?: { filePath?: string }, opts?: CallOptions): Promise<void> {
    if (typeof sqlText !== 'string' || sqlText.trim().length === 0)
      throw new TypeError('defineSql() takes SQL text');
    const filePath = options?.filePath ?? 'pipeline.sql';
    if (typeof filePath !== 'string') throw new TypeError('defineSql(): filePath must be a string');
    await this.send({ kind: 'defineSql', graphId: this.id, sqlText, filePath }, opts);
  }

  /**
   * Starts a run of the graph and returns its pipeline events as an async iterator. The run
   * starts when the iteration does; a failed run rejects the iteration with the server's error.
   * `storage` (an absolute URI) holds the run's metadata such as streaming checkpoints. A graph
   * runs once (the server refuses a second run of the same graph id); for the next run define a
   * new graph with the same `storage`, as PySpark's `spark-pipelines run` does.
   *
   * @example
   * for await (const e of graph.startRun({ storage: 'file:///tmp/pl', fullRefreshAll: true })) {
   *   console.log(e.timestamp.toISOString(), e.message);
   * }
   */
  startRun(options: PipelineRunOptions, opts?: ExecuteOptions): PipelineRun {
    if (this.dropped) throw new TypeError(`The dataflow graph ${this.id} was dropped`);
    const spec = startRunSpec(this.id, options);
    return new PipelineRun(this.sparkSession, pipelinePlan(spec), opts);
  }

  /**
   * Runs the graph to the end and resolves with its pipeline events.
   * @example const events = await graph.run({ storage: 'file:///tmp/pl' });
   */
  async run(options: PipelineRunOptions, opts?: ExecuteOptions): Promise<PipelineEvent[]> {
    const events: PipelineEvent[] = [];
    for await (const e of this.startRun(options, opts)) events.push(e);
    return events;
  }

  /**
   * Drops the graph on the server (its datasets stay in the catalog). Idempotent.
   * @example await graph.drop();
   */
  async drop(opts?: CallOptions): Promise<void> {
    if (this.dropped) return;
    await this.send({ kind: 'dropGraph', graphId: this.id }, opts);
    this.dropped = true;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.dropped && !this.sparkSession.isStopped) await this.drop();
  }
}
