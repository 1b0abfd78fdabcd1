/**
 * The one table of server features the client gates on, and the one check.
 *
 * Each feature names the Spark line that introduced it (`since`), the public method it guards
 * (`api`, used in the error message and the compatibility table) and, for whole RPCs, the RPC.
 * A session checks a feature with `session.requireFeature(name)`: it fails when the server's
 * Spark version is older than `since`, or when the server already answered that it lacks the
 * feature (an `UNIMPLEMENTED` RPC, a plan it does not support). When the server did not report
 * a usable version (another Spark Connect implementation, e.g. Sail), only what the server
 * answers gates a feature: the request is sent and its answer recorded.
 *
 * To add a feature: add an entry below and call `session.requireFeature('<name>')` where the
 * method builds its request; docs/compatibility.md is generated from this table
 * (`npm run compat`).
 */
import { Code } from '@connectrpc/connect';
import { SparkConnectError, UnsupportedServerVersionError } from '../errors/base.js';

/** A Spark line, `[major, minor]`. */
export type SparkLine = readonly [number, number];

/** What one feature needs from the server. */
export interface FeatureSpec {
  /** The first Spark line that has it. */
  since: SparkLine;
  /** The public method (or option) it guards, as a user writes it, e.g. `'DataFrame.transpose'`. */
  api: string;
  /** The RPC it calls, when the feature is a whole RPC (servers without it answer UNIMPLEMENTED). */
  rpc?: 'CloneSession' | 'ReleaseSession' | 'FetchErrorDetails' | 'GetStatus';
  /**
   * Set when the feature picks the form of a request field rather than guarding a method: the
   * client sends the newer form when the server may have it, the older one otherwise.
   */
  form?: true;
}

function f(since: SparkLine, api: string, rpc?: FeatureSpec['rpc']): FeatureSpec {
  return rpc === undefined ? { since, api } : { since, api, rpc };
}

/** Every gated feature. Keys are internal names; `api` is what users see. */
export const FEATURES = {
  // DataFrame
  groupingSets: f([4, 0], 'DataFrame.groupingSets'),
  transpose: f([4, 0], 'DataFrame.transpose'),
  checkpoint: f([4, 0], 'DataFrame.checkpoint'),
  localCheckpoint: f([4, 0], 'DataFrame.localCheckpoint'),
  subqueries: f([4, 0], 'DataFrame.scalar / exists / lateralJoin / asTable'),
  // Spark 4.0's SubqueryType has no IN (4.0 answers "Unknown SubqueryType UNRECOGNIZED").
  inSubquery: f([4, 1], 'Column.isin(DataFrame)'),
  mergeInto: f([4, 0], 'DataFrame.mergeInto'),
  repartitionById: f([4, 1], 'DataFrame.repartitionById'),
  nearestByJoin: f([4, 2], 'DataFrame.nearestByJoin'),
  joinAsOf: f([4, 0], 'DataFrame.joinAsOf'),
  zip: f([4, 3], 'DataFrame.zip'),
  // Request forms (one form of each field, chosen by what the server supports)
  orderedRenames: { since: [4, 0], api: 'DataFrame.withColumnsRenamed (ordered renames list)', form: true },
  planCompression: {
    since: [4, 1],
    api: 'plans above spark.connect.session.planCompression.threshold (sent zstd-compressed)',
    form: true,
  },
  // Readers and writers
  writerClusterBy: f([4, 0], 'DataFrameWriter.clusterBy'),
  writerV2ClusterBy: f([4, 0], 'DataFrameWriterV2.clusterBy'),
  readChanges: f([4, 2], 'DataFrameReader.changes'),
  // Session
  localRelationCache: f(
    [3, 5],
    'createDataFrame above spark.sql.session.localRelationCacheThreshold (artifact cache)',
  ),
  chunkedLocalRelation: {
    since: [4, 1],
    api: 'createDataFrame above spark.sql.session.localRelationCacheThreshold (uploaded in chunks of spark.sql.session.localRelationChunkSizeRows / ChunkSizeBytes)',
    form: true,
  },
  // Spark 3.5 reads a null element of an array literal parameter as 0 / '' (silent data loss).
  sqlArrayParamNulls: f([4, 0], 'spark.sql() with a null element in an array parameter'),
  tvf: f([4, 0], 'SparkSession.tvf'),
  jsonToDdl: f([4, 0], 'SparkSession.toDDL'),
  executeExternalCommand: f([4, 0], 'SparkSession.executeCommand'),
  resourceProfiles: f([4, 0], 'ResourceProfile.id'),
  namedArguments: f([4, 0], 'F.call_function with named arguments'),
  // The TIME type (and its literal) is new in Spark 4.1; older servers drop the unknown field.
  timeLiterals: f([4, 1], 'F.lit of a LocalTime (TIME values)'),
  cloneSession: f([4, 1], 'SparkSession.cloneSession', 'CloneSession'),
  getStatus: f([4, 2], 'SparkSession.operationStatuses', 'GetStatus'),
  // Spark Declarative Pipelines
  pipelines: f([4, 1], 'createDataflowGraph'),
  // Catalog (4.2 commands)
  catalogDropTable: f([4, 2], 'Catalog.dropTable'),
  catalogDropView: f([4, 2], 'Catalog.dropView'),
  catalogCreateDatabase: f([4, 2], 'Catalog.createDatabase'),
  catalogDropDatabase: f([4, 2], 'Catalog.dropDatabase'),
  catalogListPartitions: f([4, 2], 'Catalog.listPartitions'),
  catalogListViews: f([4, 2], 'Catalog.listViews'),
  catalogGetTableProperties: f([4, 2], 'Catalog.getTableProperties'),
  catalogGetCreateTableString: f([4, 2], 'Catalog.getCreateTableString'),
  catalogTruncateTable: f([4, 2], 'Catalog.truncateTable'),
  catalogAnalyzeTable: f([4, 2], 'Catalog.analyzeTable'),
  // Structured Streaming
  streamingListener: f([4, 0], 'StreamingQueryManager.addListener'),
  streamWriterClusterBy: f([4, 0], 'DataStreamWriter.clusterBy'),
  realTimeTrigger: f([4, 2], 'DataStreamWriter.trigger({ realTime })'),
  readStreamName: f([4, 2], 'DataStreamReader.name'),
  readStreamChanges: f([4, 2], 'DataStreamReader.changes'),
  // Spark ML over Connect (MlCommand, MlRelation)
  ml: f([4, 0], 'Spark ML (ml.Estimator.fit / Transformer.transform / Evaluator.evaluate / save / load)'),
  mlCacheInfo: f([4, 1], 'ml.mlCacheInfo / ml.cleanMlCache'),
  mlModelSize: f([4, 1], 'JavaModel.modelSize'),
  mlCreateSummary: f([4, 1], 'MlSummary (restoring a summary the server offloaded)'),
} as const satisfies Record<string, FeatureSpec>;

/** The name of a gated feature (a key of {@link FEATURES}). */
export type FeatureName = keyof typeof FEATURES;

/**
 * True when a server error says that the server lacks what was asked (rather than that the
 * request failed): gRPC UNIMPLEMENTED, or a bare java.lang.UnsupportedOperationException with no
 * Spark error class, as other Spark Connect servers (Sail) answer plans they do not implement.
 */
export function answersLacking(err: unknown): err is SparkConnectError {
  if (!(err instanceof SparkConnectError) || err.errorClass !== undefined) return false;
  return (
    err.grpcCode === Code.Unimplemented || err.serverClassName === 'java.lang.UnsupportedOperationException'
  );
}

/** How a server said that it lacks a feature, for messages. */
function lackingAnswer(err: SparkConnectError): string {
  if (err.grpcCode === Code.Unimplemented) return 'UNIMPLEMENTED';
  return `${err.serverClassName ?? 'error'}: ${err.message}`;
}

/** Parses `'4.1.1'` (or `'4.1'`) to `[4, 1]`; anything else is not a Spark version. */
export function parseSparkLine(version: string): SparkLine | undefined {
  const m = /^(\d+)\.(\d+)(?:[.\-+].*)?$/.exec(version.trim());
  if (m === null) return undefined;
  return [Number(m[1]), Number(m[2])];
}

/** One version-gated feature of the client and whether a server may have it. */
export interface FeatureSupport {
  /** The feature's key in the table, e.g. `'transpose'`. */
  name: string;
  /** The method it guards, e.g. `'DataFrame.transpose'`. */
  api: string;
  /** The first Spark line that has it, e.g. `'4.0'`. */
  since: string;
  /** False when the server is older than `since` or answered that it lacks it. */
  supported: boolean;
  /** How the server answered that it lacks it, when it did. */
  serverAnswer?: string;
}

/**
 * What one server supports: its reported version (if it reported a usable one) and the features
 * it answered that it lacks. One per session (a cloned session shares its parent's).
 * @internal
 */
export class ServerFeatures {
  /** The server's Spark line, or undefined when it did not report a usable version. */
  readonly line: SparkLine | undefined;
  private readonly lacking = new Map<FeatureName, string>();
  /** Features whose requests the server already answered: it has them. */
  private readonly answered = new Set<FeatureName>();

  /** `reported` is the server's answer to AnalyzePlan.spark_version, or undefined if it gave none. */
  constructor(readonly reported: string | undefined) {
    this.line = reported === undefined ? undefined : parseSparkLine(reported);
  }

  /** How the server's version reads in messages. */
  get describe(): string {
    if (this.line !== undefined) return `Spark ${this.reported}`;
    if (this.reported === undefined || this.reported === '')
      return 'a server that does not report its Spark version';
    return `a server reporting version ${JSON.stringify(this.reported)}`;
  }

  /** True when the server's version is known and at least `major.minor`; unknown versions are not. */
  atLeast(major: number, minor: number): boolean {
    const l = this.line;
    if (l === undefined) return false;
    return l[0] > major || (l[0] === major && l[1] >= minor);
  }

  /**
   * Whether the server may have the feature: false if it answered that it lacks it or its
   * version is older than `since`; true otherwise (also when the version is unknown).
   */
  mayHave(name: FeatureName): boolean {
    if (this.lacking.has(name)) return false;
    if (this.line === undefined) return true;
    const [maj, min] = FEATURES[name].since;
    return this.atLeast(maj, min);
  }

  /** Throws UnsupportedServerVersionError unless the server may have the feature. */
  require(name: FeatureName, api?: string): void {
    if (!this.mayHave(name)) throw this.error(name, api);
  }

  /**
   * Records that the server answered that it lacks the feature (`answer` says how, e.g.
   * `'UNIMPLEMENTED'`), and returns the error to throw; later checks then fail without a request.
   */
  markLacking(name: FeatureName, answer: string, cause?: unknown): UnsupportedServerVersionError {
    this.lacking.set(name, answer);
    return this.error(name, undefined, cause);
  }

  /**
   * Runs `fn` (the request of a gated feature) after the check; an answer that the server lacks
   * the feature ({@link answersLacking}) is recorded and becomes the feature error. Once a request
   * of the feature succeeded, the server has it: a later bare UnsupportedOperationException is
   * that request's own failure (Spark ML throws some, e.g. for a p-value a solver does not give)
   * and is thrown as the server sent it.
   */
  async run<T>(name: FeatureName, fn: () => Promise<T>): Promise<T> {
    this.require(name);
    try {
      const result = await fn();
      this.answered.add(name);
      return result;
    } catch (err) {
      if (!this.answered.has(name) && answersLacking(err))
        throw this.markLacking(name, lackingAnswer(err), err);
      throw err;
    }
  }

  /** Every feature of the table with whether this server may have it. */
  report(): FeatureSupport[] {
    return (Object.keys(FEATURES) as FeatureName[]).map((name) => {
      const spec: FeatureSpec = FEATURES[name];
      const lacking = this.lacking.get(name);
      return {
        name,
        api: spec.api,
        since: `${spec.since[0]}.${spec.since[1]}`,
        supported: this.mayHave(name),
        ...(lacking === undefined ? {} : { serverAnswer: lacking }),
      };
    });
  }

  /** The features this server answered that it lacks, with the answer. */
  lacks(): ReadonlyMap<FeatureName, string> {
    return this.lacking;
  }

  private error(name: FeatureName, api: string | undefined, cause?: unknown): UnsupportedServerVersionError {
    const spec: FeatureSpec = FEATURES[name];
    const answered = this.lacking.get(name);
    const what = api ?? spec.api;
    const since = `${spec.since[0]}.${spec.since[1]}`;
    // A server that answered that it lacks the feature may report a new enough version (Sail
    // reports 4.2): say what it answered rather than that it is too old.
    const message =
      answered === undefined
        ? `${what} needs Spark ${since} or newer; this server runs ${this.describe}`
        : `${what} is not supported by this server (${this.describe}): it answered that it lacks it (${answered}); Spark has it since ${since}`;
    return new UnsupportedServerVersionError(message, cause === undefined ? {} : { cause });
  }
}
