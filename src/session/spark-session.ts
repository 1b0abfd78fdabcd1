/** SparkSession: the entry point, like PySpark's `pyspark.sql.connect.SparkSession`. */
import { randomUUID } from 'node:crypto';
import { Code } from '@connectrpc/connect';
import { grpcCodeOf } from '../client/errors.js';
import { type ExecuteOptions, ExecuteStream, type ProgressHandler, validateTag } from '../client/execute.js';
import { PlanCompression } from '../client/plan-compression.js';
import { type CallOptions, callSignal, type SessionRpc } from '../client/session-rpc.js';
import type { CreateSessionOptions, SparkConnectClient } from '../client/spark-client.js';
import { DataFrame } from '../dataframe/dataframe.js';
import { DataFrameReader } from '../dataframe/reader.js';
import { SparkSessionError } from '../errors/base.js';
import type { Plan } from '../gen/spark/connect/base_pb.js';
import { node } from '../plan/nodes.js';
import { StreamingQueryManager } from '../streaming/manager.js';
import { DataStreamReader } from '../streaming/reader.js';
import { type DataType, StructType } from '../types/index.js';
import { latestSession, registerSession } from './active-sessions.js';
import { SparkSessionBuilder } from './builder.js';
import { Catalog } from './catalog.js';
import { SparkExtensions } from './extensions.js';
import { type FeatureName, type FeatureSupport, ServerFeatures } from './features.js';
import { type CreateDataFrameSchema, createDataFrame, type LocalData } from './local-data.js';
import { fetchOperationStatuses, type OperationStatus } from './operation-status.js';
import { RuntimeConfig } from './runtime-config.js';
import { executeExternalCommand, fetchResources, type ResourceInformation } from './server-commands.js';
import { parseDdlOnServer, schemaToDdlOnServer } from './server-schema.js';
import { type AddArtifactsOptions, addArtifactFiles, copyLocalFileToFs } from './session-artifacts.js';
import { runSql, type SqlArgs } from './sql.js';
import { TableValuedFunction } from './tvf.js';
import { UDFRegistration } from './udf-registration.js';

export type { SqlArgs } from './sql.js';

function toBigint(v: number | bigint, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isSafeInteger(v)) throw new TypeError(`range(): ${what} must be an integer, got ${v}`);
  return BigInt(v);
}

/**
 * Asks the server its Spark version (AnalyzePlan.spark_version, once per session; the call also
 * checks connectivity). A server that answers with something else, or that answers the request
 * UNIMPLEMENTED, has no known version: undefined.
 */
async function askSparkVersion(
  rpc: SessionRpc,
  opts: { signal: AbortSignal } | undefined,
): Promise<string | undefined> {
  try {
    const resp = await rpc.analyze({ case: 'sparkVersion', value: {} }, opts);
    return resp.result.case === 'sparkVersion' ? resp.result.value.version : undefined;
  } catch (err) {
    if (grpcCodeOf(err) === Code.Unimplemented) return undefined;
    throw err;
  }
}

/**
 * A session on a Spark Connect server.
 *
 * @example
 * await using spark = await SparkSession.builder().remote('sc://localhost:15002').getOrCreate();
 * const df = await spark.sql('SELECT id, id * 2 AS twice FROM range(3)');
 * await df.show();
 */
export class SparkSession {
  /** The client (channel) this session runs on. */
  readonly client: SparkConnectClient;
  /** @internal */
  readonly rpc: SessionRpc;
  /** Runtime configuration. */
  readonly conf: RuntimeConfig;
  /** The application name given to the builder (client side only). */
  readonly appName: string | undefined;
  private features = new ServerFeatures(undefined);
  private readonly tags = new Set<string>();
  private readonly progressHandlers: ProgressHandler[] = [];
  private stopping: Promise<void> | undefined;
  private catalogInstance: Catalog | undefined;
  private readonly stopHooks: (() => Promise<void>)[] = [];
  private streamsInstance: StreamingQueryManager | undefined;
  private udfInstance: UDFRegistration | undefined;

  private constructor(client: SparkConnectClient, rpc: SessionRpc, appName: string | undefined) {
    this.client = client;
    this.rpc = rpc;
    this.conf = new RuntimeConfig(rpc);
    this.appName = appName;
    rpc.planCompression = new PlanCompression({
      mayCompress: () => this.features.mayHave('planCompression'),
      disable: (answer) => {
        this.features.markLacking('planCompression', answer);
      },
      readConfs: async (keys, signal) => {
        const resp = await rpc.config({ case: 'getOption', value: { keys: [...keys] } }, { signal });
        return keys.map((k) => resp.pairs.find((p) => p.key === k)?.value ?? null);
      },
    });
  }

  /** A builder: `SparkSession.builder().remote(url).getOrCreate()`. */
  static builder(): SparkSessionBuilder {
    return new SparkSessionBuilder();
  }

  /** @internal Opens a session: asks the server version (which checks connectivity), applies config. */
  static async open(
    client: SparkConnectClient,
    rpc: SessionRpc,
    options: CreateSessionOptions,
  ): Promise<SparkSession> {
    const session = new SparkSession(client, rpc, options.appName);
    // One deadline for the whole creation (both calls, retries included).
    const signal = callSignal(options);
    const callOpts = signal === undefined ? undefined : { signal };
    session.features = new ServerFeatures(await askSparkVersion(rpc, callOpts));
    if (options.config && Object.keys(options.config).length > 0) {
      try {
        await session.conf.setAll(options.config, callOpts);
      } catch (err) {
        await session.stop().catch(() => undefined);
        throw err;
      }
    }
    registerSession(session);
    return session;
  }

  /**
   * The most recently created session of this process that is not stopped, or null. (PySpark
   * keeps one per thread; a JavaScript process has one list.)
   * @example const spark = SparkSession.getActiveSession() ?? (await SparkSession.builder().getOrCreate());
   */
  static getActiveSession(): SparkSession | null {
    return latestSession() ?? null;
  }

  /**
   * The most recently created session of this process that is not stopped; throws a
   * SparkSessionError (error class NO_ACTIVE_OR_DEFAULT_SESSION) when there is none.
   * @example const spark = SparkSession.active();
   */
  static active(): SparkSession {
    const s = latestSession();
    if (s === undefined) {
      throw new SparkSessionError(
        '[NO_ACTIVE_OR_DEFAULT_SESSION] No active or default Spark session found: create one with SparkSession.builder()',
        { errorClass: 'NO_ACTIVE_OR_DEFAULT_SESSION' },
      );
    }
    return s;
  }

  /** The session id (a UUID). */
  get sessionId(): string {
    return this.rpc.sessionId;
  }

  /**
   * The server's Spark version as it reported it, e.g. `'4.1.1'`; `''` when the server did not
   * report one (then features are gated by what the server answers, not by version).
   * @example spark.version // '4.1.1'
   */
  get version(): string {
    return this.features.reported ?? '';
  }

  /** @internal True when the server reported a Spark version of at least `major.minor`. */
  atLeast(major: number, minor: number): boolean {
    return this.features.atLeast(major, minor);
  }

  /**
   * @internal The one feature gate: throws UnsupportedServerVersionError (`<api> needs Spark X.Y
   * or newer; this server runs Spark V`) when the server is older than the feature or already
   * answered that it lacks it. `api` overrides the table's method name in the message.
   */
  requireFeature(name: FeatureName, api?: string): void {
    this.features.require(name, api);
  }

  /**
   * @internal Runs the request of a gated feature: checks it first, and turns an answer that the
   * server lacks it (UNIMPLEMENTED, Sail's UnsupportedOperationException) into the feature error.
   */
  withFeature<T>(name: FeatureName, fn: () => Promise<T>): Promise<T> {
    return this.features.run(name, fn);
  }

  /**
   * The client's version-gated features (Spark 4.x APIs, catalog commands, ML, pipelines, ...)
   * and whether this server may have them: its version is new enough and it did not answer
   * that it lacks them. A server that reports no version is assumed to have them until it answers
   * otherwise.
   * @example spark.supportedFeatures().filter((f) => !f.supported).map((f) => f.api)
   */
  supportedFeatures(): FeatureSupport[] {
    return this.features.report();
  }

  /** @internal What this session knows of the server's features. */
  get serverFeatures(): ServerFeatures {
    return this.features;
  }

  /** True once stop() was called or the server lost the session. */
  get isStopped(): boolean {
    return this.rpc.stopped || this.rpc.lost;
  }

  /** @internal Starts an operation for a plan. */
  execute(plan: Plan, opts?: ExecuteOptions): ExecuteStream {
    this.rpc.ensureUsable();
    return new ExecuteStream(this.rpc, plan, [...this.tags], opts, this.progressHandlers);
  }

  /**
   * Runs a SQL statement eagerly (DDL and DML execute at once, like PySpark) and returns its
   * result as a DataFrame. `args` binds named (`:name`, an object) or positional (`?`, an array)
   * parameters; JS values become Spark literals (see the README's table).
   *
   * @example
   * const df = await spark.sql('SELECT * FROM range(10) WHERE id > :min', { min: 5 });
   */
  sql(query: string, args?: SqlArgs, opts?: ExecuteOptions): Promise<DataFrame> {
    return runSql(this, query, args, opts);
  }

  /**
   * A DataFrame with a single `id` column (bigint) from `start` (inclusive) to `end` (exclusive).
   * With one argument, the range is 0..start.
   *
   * @example
   * spark.range(5); spark.range(1, 10, 2);
   */
  range(
    start: number | bigint,
    end?: number | bigint,
    step: number | bigint = 1,
    numPartitions?: number,
  ): DataFrame {
    const [s, e] =
      end === undefined ? [0n, toBigint(start, 'end')] : [toBigint(start, 'start'), toBigint(end, 'end')];
    const st = toBigint(step, 'step');
    if (st === 0n) throw new TypeError('range(): step must not be 0');
    if (numPartitions !== undefined && (!Number.isInteger(numPartitions) || numPartitions <= 0)) {
      throw new TypeError(`range(): numPartitions must be a positive integer, got ${numPartitions}`);
    }
    return new DataFrame(this, node({ kind: 'range', start: s, end: e, step: st, numPartitions }));
  }

  /**
   * A DataFrame of local data: an array of rows (plain objects, arrays, Rows or single values)
   * or an apache-arrow Table. The schema is a StructType, a DDL string (`'id BIGINT, name
   * STRING'`), a single type for a one-column `value` DataFrame, or column names; without one it
   * is inferred over all rows: integer numbers and bigints → bigint, other numbers → double,
   * string, boolean, Date → timestamp, SparkTimestampNTZ → timestamp_ntz, Uint8Array → binary,
   * Array → array, Map → map, plain object → struct, Row → its schema, `typed.*` → that type;
   * a column of only nulls, or of mixed types, is a TypeError. Data at or above the session's
   * `spark.sql.session.localRelationCacheThreshold` (64 MiB) is uploaded as a cached artifact.
   *
   * @example
   * const df = await spark.createDataFrame([{ id: 1, name: 'alice' }, { id: 2, name: 'bob' }]);
   * const typedDf = await spark.createDataFrame([[1, 'a']], 'id INT, label STRING');
   */
  createDataFrame(data: LocalData, schema?: CreateDataFrameSchema, opts?: CallOptions): Promise<DataFrame> {
    return createDataFrame(this, data, schema, opts);
  }

  /**
   * An empty DataFrame with a schema (a StructType or a DDL string).
   * @example await spark.emptyDataFrame('name STRING, age INT').count() // 0
   */
  emptyDataFrame(schema: StructType | string, opts?: CallOptions): Promise<DataFrame> {
    if (typeof schema !== 'string' && !(schema instanceof StructType)) {
      throw new TypeError('emptyDataFrame() schema must be a StructType or a DDL string');
    }
    return createDataFrame(this, [], schema, opts);
  }

  /**
   * Table-valued functions (`explode`, `stack`, `sql_keywords`, ...) as DataFrames. Spark 4.0+.
   * @example await spark.tvf.explode(F.array(F.lit(1), F.lit(2))).collect()
   */
  get tvf(): TableValuedFunction {
    return new TableValuedFunction(this);
  }

  /**
   * Spark Connect plugins: relations, expressions and commands the server's plugins decode.
   * @example const df = spark.extensions.relation({ typeUrl: 'type.googleapis.com/my.Rel', value: bytes });
   */
  get extensions(): SparkExtensions {
    return new SparkExtensions(this);
  }

  /**
   * Runs `command` now with a runner on the server (Spark 4.0+, the Scala client's
   * `executeCommand`): `runner` is a class implementing `org.apache.spark.sql.connector.ExternalCommandRunner`
   * (or a data source short name registered for one), on the server's or a session artifact's class path.
   * @example const out = await spark.executeCommand('com.example.JdbcRunner', 'CREATE TABLE t (i INT)', { url });
   */
  executeCommand(
    runner: string,
    command: string,
    options: Readonly<Record<string, string>> = {},
    opts?: ExecuteOptions,
  ): Promise<DataFrame> {
    return executeExternalCommand(this, runner, command, options, opts);
  }

  /**
   * The driver's resources (GPUs and other custom resources) by name, as PySpark's `sc.resources`.
   * @example const gpus = (await spark.resources()).gpu?.addresses ?? [];
   */
  resources(opts?: ExecuteOptions): Promise<Record<string, ResourceInformation>> {
    return fetchResources(this, opts);
  }

  /**
   * Parses a DDL schema or type string with the server's own parser (as PySpark's Connect
   * session does for schema strings); a bad string fails with the server's ParseException.
   * @example await spark.parseDataType('a INT, b ARRAY<STRING>') // StructType
   */
  parseDataType(ddl: string, opts?: CallOptions): Promise<DataType> {
    return parseDdlOnServer(this.rpc, ddl, opts);
  }

  /**
   * A schema as DDL, rendered by the server (Spark 4.0+; StructType.toDDL() renders it locally).
   * @example await spark.toDDL(schema) // 'a INT NOT NULL,b STRING'
   */
  async toDDL(schema: StructType, opts?: CallOptions): Promise<string> {
    this.requireFeature('jsonToDdl');
    return schemaToDdlOnServer(this.rpc, schema, opts);
  }

  /**
   * Uploads local files to the session: `.jar` files (added to the session's class path), or with
   * `file: true` any file (for SparkFiles), `archive: true` archives the server unpacks, `pyfile:
   * true` Python files for Python workers. Paths are local paths or `file:` URIs.
   * @example await spark.addArtifacts(['/libs/udfs.jar']); await spark.addArtifacts('data.txt', { file: true });
   */
  addArtifacts(paths: string | readonly string[], options?: AddArtifactsOptions): Promise<void> {
    return addArtifactFiles(this.rpc, paths, options);
  }

  /** Alias of `addArtifacts`. @example await spark.addArtifact('/libs/udfs.jar') */
  addArtifact(paths: string | readonly string[], options?: AddArtifactsOptions): Promise<void> {
    return addArtifactFiles(this.rpc, paths, options);
  }

  /**
   * Copies a local file to `destPath` (absolute, no scheme) on the server's default file system
   * (e.g. HDFS). Meant for tests and small files; a server writing to its local file system needs
   * `spark.connect.copyFromLocalToFs.allowDestLocal=true`.
   * @example await spark.copyFromLocalToFs('./lookup.csv', '/tmp/lookup.csv')
   */
  copyFromLocalToFs(localPath: string, destPath: string, opts?: CallOptions): Promise<void> {
    return copyLocalFileToFs(this.rpc, localPath, destPath, opts);
  }

  /** A DataFrameReader (a new one on each access). @example spark.read.option('header', true).csv('/data/x.csv') */
  get read(): DataFrameReader {
    return new DataFrameReader(this);
  }

  /**
   * A DataStreamReader for streaming sources (a new one on each access).
   * @example spark.readStream.format('rate').option('rowsPerSecond', 10).load()
   */
  get readStream(): DataStreamReader {
    return new DataStreamReader(this);
  }

  /** The session's streaming queries. @example await spark.streams.active() */
  get streams(): StreamingQueryManager {
    this.streamsInstance ??= new StreamingQueryManager(this);
    return this.streamsInstance;
  }

  /** The session's catalog. @example await spark.catalog.listTables() */
  get catalog(): Catalog {
    this.catalogInstance ??= new Catalog(this);
    return this.catalogInstance;
  }

  /**
   * Registers Java UDFs and UDAFs (classes on the server's class path, e.g. from a jar added with
   * addArtifacts) for SQL and `F.call_udf`.
   * @example await spark.udf.registerJavaFunction('str_len', 'com.example.StrLen', 'int')
   */
  get udf(): UDFRegistration {
    this.udfInstance ??= new UDFRegistration(this);
    return this.udfInstance;
  }

  /** A DataFrame reading a table or view. @example spark.table('people') */
  table(name: string): DataFrame {
    if (typeof name !== 'string' || name.length === 0) throw new TypeError('table() takes a table name');
    return new DataFrame(this, node({ kind: 'table', name, options: {} }));
  }

  /** A new session on the same channel, with a fresh id and default configuration. */
  async newSession(): Promise<SparkSession> {
    this.rpc.ensureUsable();
    return this.client.createSession({ sessionId: randomUUID(), appName: this.appName });
  }

  /**
   * A copy of this session on the server (configuration, temporary views, state) with a new id.
   * Needs Spark 4.1 or newer; older servers reject it with UnsupportedServerVersionError.
   */
  async cloneSession(opts?: CallOptions): Promise<SparkSession> {
    this.requireFeature('cloneSession');
    const newId = randomUUID();
    await this.withFeature('cloneSession', () => this.rpc.cloneSession(newId, opts));
    const rpc = this.client.newRpc(newId);
    const session = new SparkSession(this.client, rpc, this.appName);
    session.features = this.features;
    this.client.adopt(session);
    registerSession(session);
    return session;
  }

  /**
   * Adds a tag to every operation started by this session from now on (non-empty, no commas), so
   * they can be interrupted together with interruptTag().
   *
   * @example
   * spark.addTag('nightly-etl');
   */
  addTag(tag: string): void {
    validateTag(tag);
    this.tags.add(tag);
  }

  /**
   * Removes a session tag added with addTag().
   *
   * @example
   * spark.removeTag('nightly-etl');
   */
  removeTag(tag: string): void {
    validateTag(tag);
    this.tags.delete(tag);
  }

  /**
   * The session's operation tags (a copy).
   *
   * @example
   * spark.getTags().has('nightly-etl');
   */
  getTags(): Set<string> {
    return new Set(this.tags);
  }

  /**
   * Removes every session tag.
   *
   * @example
   * spark.clearTags();
   */
  clearTags(): void {
    this.tags.clear();
  }

  /**
   * Registers a handler called with the execution progress of every operation of this session
   * (Spark 4.0+ servers report it about every 2 s while a query runs), and once with
   * `done: true` when each operation ends. Adding the same function twice has no effect.
   *
   * @example
   * spark.addProgressHandler((p) => {
   *   const done = p.stages.reduce((n, s) => n + s.numCompletedTasks, 0);
   *   const total = p.stages.reduce((n, s) => n + s.numTasks, 0);
   *   console.log(`${p.operationId}: ${done}/${total} tasks${p.done ? ' (done)' : ''}`);
   * });
   */
  addProgressHandler(handler: ProgressHandler): void {
    if (typeof handler !== 'function') throw new TypeError('addProgressHandler() takes a function');
    if (!this.progressHandlers.includes(handler)) this.progressHandlers.push(handler);
  }

  /**
   * PySpark's name for {@link addProgressHandler}: the same list, the same handler semantics.
   *
   * @example
   * spark.registerProgressHandler((p) => console.log(p.operationId, p.done));
   */
  registerProgressHandler(handler: ProgressHandler): void {
    this.addProgressHandler(handler);
  }

  /**
   * Removes a progress handler added with addProgressHandler().
   *
   * @example
   * spark.removeProgressHandler(handler);
   */
  removeProgressHandler(handler: ProgressHandler): void {
    const i = this.progressHandlers.indexOf(handler);
    if (i >= 0) this.progressHandlers.splice(i, 1);
  }

  /**
   * Removes every progress handler.
   *
   * @example
   * spark.clearProgressHandlers();
   */
  clearProgressHandlers(): void {
    this.progressHandlers.length = 0;
  }

  /**
   * Interrupts every running operation of this session; resolves with the ids of the operations
   * the server interrupted.
   *
   * @example
   * const ids = await spark.interruptAll();
   */
  interruptAll(opts?: CallOptions): Promise<string[]> {
    return this.rpc.interrupt({ kind: 'all' }, opts);
  }

  /**
   * Interrupts the running operations carrying `tag` (a session tag or an action's `tags`
   * option); resolves with their ids.
   *
   * @example
   * const rows = df.collect({ tags: ['report'] });
   * await spark.interruptTag('report'); // rows rejects with an OPERATION_CANCELED error
   */
  interruptTag(tag: string, opts?: CallOptions): Promise<string[]> {
    validateTag(tag);
    return this.rpc.interrupt({ kind: 'tag', tag }, opts);
  }

  /**
   * Interrupts one operation by id (an action's `operationId` option); resolves with the ids the
   * server interrupted (empty when it was not running).
   *
   * @example
   * const id = crypto.randomUUID();
   * const rows = df.collect({ operationId: id });
   * await spark.interruptOperation(id);
   */
  interruptOperation(operationId: string, opts?: CallOptions): Promise<string[]> {
    return this.rpc.interrupt({ kind: 'operation', operationId }, opts);
  }

  /** @internal Runs `hook` once when stop() begins, while the session can still send requests. */
  addStopHook(hook: () => Promise<void>): void {
    this.stopHooks.push(hook);
  }

  /**
   * The states of this session's operations (the GetStatus RPC, Spark 4.2+): of the given
   * operation ids, or of every operation the server still knows when none are given. An id the
   * server does not know reports `unknown`.
   *
   * @example
   * const id = crypto.randomUUID();
   * await df.collect({ operationId: id });
   * const [status] = await spark.operationStatuses([id]); // { operationId: id, state: 'succeeded' }
   */
  async operationStatuses(
    operationIds: readonly string[] = [],
    opts?: CallOptions,
  ): Promise<OperationStatus[]> {
    this.requireFeature('getStatus');
    try {
      return await fetchOperationStatuses(this.rpc, operationIds, opts);
    } catch (err) {
      if (grpcCodeOf(err) === Code.Unimplemented)
        throw this.features.markLacking('getStatus', 'UNIMPLEMENTED', err);
      throw err;
    }
  }

  /**
   * Releases the session on the server (Spark 4.0+; 3.5 has no such call) and, if this session
   * was made by the builder, closes its channel. Idempotent; later calls on the session reject.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const wasUsable = !this.rpc.stopped;
      // Clean-ups that still talk to the server (ML models are deleted from its cache).
      if (wasUsable) for (const hook of this.stopHooks.splice(0)) await hook().catch(() => undefined);
      this.rpc.markStopped();
      // Ends the streaming listener event stream; drain() waits for its clean-up.
      this.streamsInstance?.stopListenerBus();
      await this.rpc.drain();
      try {
        if (wasUsable) await this.rpc.releaseSession({ timeoutMs: 30_000 }).catch(() => false);
      } finally {
        await this.client.sessionStopped(this);
      }
    })();
    return this.stopping;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  toString(): string {
    return `SparkSession(${this.sessionId}, ${this.client.endpoint}, Spark ${this.version || 'version unknown'})`;
  }
}
