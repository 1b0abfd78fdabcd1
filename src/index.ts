/**
 * spark-connect-ts: a TypeScript client for Apache Spark Connect.
 *
 * @example
 * import { SparkSession, functions as F } from 'spark-connect-ts';
 * await using spark = await SparkSession.builder().remote('sc://localhost:15002').getOrCreate();
 * await spark.range(5).select(F.col('id').multiply(2).alias('twice')).show();
 */

export type {
  ColumnarResult,
  ResultColumn,
  TypedColumnArray,
  TypedColumnArrays,
  TypedColumnKind,
} from './arrow/columns.js';
export type { ConnectionConfig } from './client/connection-string.js';
export { parseConnectionString } from './client/connection-string.js';
export type {
  ExecuteOptions,
  ExecutionProgress,
  ProgressHandler,
  StageProgress,
} from './client/execute.js';
export type { KeepaliveOptions } from './client/liveness.js';
export { DEFAULT_KEEPALIVE } from './client/liveness.js';
export type { RetryPolicy } from './client/retry.js';
export { DEFAULT_RETRY_POLICY } from './client/retry.js';
export type { CallOptions } from './client/session-rpc.js';
export type { CreateSessionOptions, SparkConnectClientOptions } from './client/spark-client.js';
export { SparkConnectClient } from './client/spark-client.js';
export type { TlsOptions } from './client/tls-options.js';
export type {
  AliasArgs,
  AliasOptions,
  ColumnOrValue,
  /** What `Column.over()` accepts: a `WindowSpec` (built with `Window`). */
  WindowSpecLike,
} from './column/column.js';
export { Column } from './column/column.js';
export { TypedValue, typed } from './column/literal.js';
export type { LiteralValue } from './column/nodes.js';
export { TableArg } from './column/table-arg.js';
export type {
  ActionOptions,
  ColumnOrNameOrOrdinal,
  ColumnsArg,
  ExplainMode,
  HintParameter,
  JoinAsOfOptions,
  JoinHow,
  LateralJoinHow,
  NearestByJoinOptions,
  OrdinalColumnsArg,
  SampleOptions,
  SortArgs,
  SortOptions,
} from './dataframe/dataframe.js';
export { DataFrame } from './dataframe/dataframe.js';
export type { Flow, MetricValue, PlanMetrics } from './dataframe/execution-info.js';
export { ExecutionInfo } from './dataframe/execution-info.js';
export type { AggDict } from './dataframe/grouped-data.js';
export { GroupedData } from './dataframe/grouped-data.js';
export type { JdbcBound, JdbcReadOptions, JdbcWriteOptions } from './dataframe/jdbc.js';
export type { MergeAssignments } from './dataframe/merge.js';
export { MergeIntoWriter, WhenMatched, WhenNotMatched, WhenNotMatchedBySource } from './dataframe/merge.js';
export type { FillValue, NaDropOptions, ReplaceValue } from './dataframe/na.js';
export { DataFrameNaFunctions } from './dataframe/na.js';
export { Observation } from './dataframe/observation.js';
export type {
  CsvReadOptions,
  FileReadOptions,
  JsonReadOptions,
  LoadOptions,
  OptionsObject,
  OptionValue,
  OrcReadOptions,
  ParquetReadOptions,
  Paths,
  TextReadOptions,
  XmlReadOptions,
} from './dataframe/reader.js';
export { DataFrameReader } from './dataframe/reader.js';
export { DataFrameStatFunctions } from './dataframe/stat.js';
export type { StorageLevelName } from './dataframe/storage-level.js';
export { StorageLevel } from './dataframe/storage-level.js';
export { UNSUPPORTED_DATAFRAME_METHODS } from './dataframe/unsupported.js';
export type {
  CsvWriteOptions,
  JsonWriteOptions,
  ParquetWriteOptions,
  SaveMode,
  SaveOptions,
  TextWriteOptions,
  XmlWriteOptions,
} from './dataframe/writer.js';
export { DataFrameWriter } from './dataframe/writer.js';
export { DataFrameWriterV2 } from './dataframe/writer-v2.js';
export * from './errors/index.js';
export * as functions from './functions/index.js';
export { col, column, expr, lit } from './functions/index.js';
export type { FrameBound } from './functions/window.js';
export { Window, WindowSpec } from './functions/window.js';
export * as ml from './ml/index.js';
export * from './pipelines/index.js';
export { SparkSessionBuilder } from './session/builder.js';
export type {
  CatalogColumn,
  CatalogFunction,
  CatalogMetadata,
  CatalogTable,
  CreateTableOptions,
  Database,
  TablePartition,
} from './session/catalog.js';
export { Catalog } from './session/catalog.js';
export type { ExtensionMessage } from './session/extensions.js';
export { SparkExtensions } from './session/extensions.js';
export type { FeatureSupport } from './session/features.js';
export type { CreateDataFrameSchema, LocalData } from './session/local-data.js';
export type { OperationState, OperationStatus } from './session/operation-status.js';
export type { ExecutorResourceRequest, TaskResourceRequest } from './session/resource-profile.js';
export {
  ExecutorResourceRequests,
  ResourceProfile,
  ResourceProfileBuilder,
  TaskResourceRequests,
} from './session/resource-profile.js';
export type { ConfValue } from './session/runtime-config.js';
export { RuntimeConfig } from './session/runtime-config.js';
export type { ResourceInformation } from './session/server-commands.js';
export type { AddArtifactsOptions } from './session/session-artifacts.js';
export type { SqlArgs } from './session/spark-session.js';
export { SparkSession } from './session/spark-session.js';
export { TableValuedFunction } from './session/tvf.js';
export { UDFRegistration } from './session/udf-registration.js';
export type {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  StreamingQueryListener,
} from './streaming/listener.js';
export { StreamingQueryManager } from './streaming/manager.js';
export type { SourceProgress, StreamingQueryProgress, StreamingQueryStatus } from './streaming/query.js';
export { StreamingQuery } from './streaming/query.js';
export type { StreamFileOptions, StreamLoadOptions } from './streaming/reader.js';
export { DataStreamReader } from './streaming/reader.js';
export type { OutputMode, StreamStartOptions, Trigger } from './streaming/writer.js';
export { DataStreamWriter } from './streaming/writer.js';
export type { Logger, LoggingOptions, LogLevel } from './telemetry/logger.js';
export * from './types/index.js';
/** A `Row` field for `row.get()` and friends: its 0-based position or its name. */
export type { Key as RowKey } from './types/row.js';
export { CLIENT_VERSION } from './version.js';
