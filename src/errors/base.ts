/**
 * The root of every error this library throws, and the connection-level errors that do not come
 * from a server-side exception. Server exceptions are subclasses in `./spark-exceptions.ts`.
 */

/** One query context of a server error: where in the SQL text or DataFrame code it happened. */
export interface QueryContext {
  /** `'SQL'` for SQL text positions, `'DATAFRAME'` for DataFrame call sites. */
  contextType: 'SQL' | 'DATAFRAME';
  objectType?: string;
  objectName?: string;
  /** 0-based start index of the fragment in the SQL text. */
  startIndex?: number;
  /** 0-based inclusive stop index of the fragment in the SQL text. */
  stopIndex?: number;
  fragment?: string;
  callSite?: string;
  summary?: string;
}

/** One frame of the server-side (JVM) stack trace. */
export interface ServerStackFrame {
  declaringClass: string;
  methodName: string;
  fileName?: string;
  lineNumber: number;
}

/** A config flag that restores the pre-change behaviour of a breaking change (Spark 4.1+). */
export interface MitigationConfig {
  key: string;
  value: string;
}

/**
 * Why an error may be caused by a breaking change between Spark versions and how to migrate
 * (sent by Spark 4.1+ servers through FetchErrorDetails).
 */
export interface BreakingChangeInfo {
  /** How to migrate the job to work with the breaking change. */
  migrationMessages: string[];
  /** A config flag that restores the previous behaviour, when there is one. */
  mitigationConfig?: MitigationConfig;
  /** `true`: inspect the change by hand; `false`: retrying with `mitigationConfig` set is enough. */
  needsAudit?: boolean;
}

/** Everything a SparkConnectError may carry, all optional. */
export interface SparkConnectErrorInit {
  errorClass?: string;
  sqlState?: string;
  messageParameters?: Record<string, string>;
  queryContext?: QueryContext[];
  serverStackTrace?: ServerStackFrame[] | string;
  grpcCode?: number;
  /** Fully qualified server exception class name, e.g. `org.apache.spark.sql.AnalysisException`. */
  serverClassName?: string;
  /** The server exception class hierarchy, most specific first. */
  classHierarchy?: string[];
  /** The server's error id (used with FetchErrorDetails). */
  errorId?: string;
  /** Set when the server reports that the error may come from a breaking change (Spark 4.1+). */
  breakingChangeInfo?: BreakingChangeInfo;
  cause?: unknown;
}

/**
 * Root of the error hierarchy. Carries Spark's error class, SQL state, message parameters, query
 * contexts and the server stack trace when the server sent them.
 *
 * @example
 * try { await spark.sql('SELEC 1'); } catch (e) {
 *   if (e instanceof SparkConnectError) console.log(e.errorClass, e.sqlState);
 * }
 */
export class SparkConnectError extends Error {
  readonly errorClass: string | undefined;
  readonly sqlState: string | undefined;
  readonly messageParameters: Readonly<Record<string, string>>;
  readonly queryContext: readonly QueryContext[];
  readonly serverStackTrace: readonly ServerStackFrame[] | string | undefined;
  readonly grpcCode: number | undefined;
  readonly serverClassName: string | undefined;
  readonly classHierarchy: readonly string[];
  readonly errorId: string | undefined;
  readonly breakingChangeInfo: BreakingChangeInfo | undefined;

  constructor(message: string, init: SparkConnectErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.errorClass = init.errorClass;
    this.sqlState = init.sqlState;
    this.messageParameters = init.messageParameters ?? {};
    this.queryContext = init.queryContext ?? [];
    this.serverStackTrace = init.serverStackTrace;
    this.grpcCode = init.grpcCode;
    this.serverClassName = init.serverClassName;
    this.classHierarchy = init.classHierarchy ?? [];
    this.errorId = init.errorId;
    this.breakingChangeInfo = init.breakingChangeInfo;
  }
}

/** The server could not be reached, the TLS handshake failed, or the server refused the credentials. */
export class SparkConnectionError extends SparkConnectError {}

/** The server refused the credentials (missing or wrong token). */
export class SparkAuthenticationError extends SparkConnectionError {}

/**
 * The connection broke while an operation ran and the server refuses new connections: the server
 * process is gone (it crashed, for example of an OutOfMemoryError, or was stopped), and the
 * operation with it. Thrown once the retry policy's `maxConnectRefusedMs` has passed.
 */
export class SparkServerLostError extends SparkConnectionError {
  constructor(
    message: string,
    /** The operation that was running. */
    readonly operationId: string,
    init: SparkConnectErrorInit = {},
  ) {
    super(message, init);
  }
}

/** A malformed `sc://` connection string. The message names the offending part. */
export class InvalidConnectionStringError extends SparkConnectError {}

/** The server lost this session (e.g. it restarted), or the session was stopped by the client. */
export class SparkSessionError extends SparkConnectError {}

/** The operation was cancelled by the caller's AbortSignal. */
export class OperationAbortedError extends SparkConnectError {}

/** The operation exceeded the caller's `timeoutMs`. */
export class OperationTimeoutError extends OperationAbortedError {}

/** A feature the connected server version does not support. */
export class UnsupportedServerVersionError extends SparkConnectError {}

/** The server sent something that breaks the protocol (e.g. a row count mismatch). */
export class ProtocolError extends SparkConnectError {}
