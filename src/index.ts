/**
 * spark-connect-ts: a TypeScript client for Apache Spark Connect.
 *
 * @example
 * import { SparkSession, functions as F } from 'spark-connect-ts';
 * await using spark = await SparkSession.builder().remote('sc://localhost:15002').getOrCreate();
 * await spark.range(5).select(F.col('id').multiply(2).alias('twice')).show();
 */

export type { ConnectionConfig } from './client/connection-string.js';
export { parseConnectionString } from './client/connection-string.js';
export type { ExecuteOptions } from './client/execute.js';
export type { RetryPolicy } from './client/retry.js';
export { DEFAULT_RETRY_POLICY } from './client/retry.js';
export type { CallOptions } from './client/session-rpc.js';
export type { CreateSessionOptions, SparkConnectClientOptions } from './client/spark-client.js';
export { SparkConnectClient } from './client/spark-client.js';
export type { TlsOptions } from './client/transport.js';
export type { ColumnOrValue } from './column/column.js';
export { Column } from './column/column.js';
export { TypedValue, typed } from './column/literal.js';
export type { LiteralValue } from './column/nodes.js';
export type { ActionOptions, ExplainMode } from './dataframe/dataframe.js';
export { DataFrame } from './dataframe/dataframe.js';
export * from './errors/index.js';
export * as functions from './functions/index.js';
export { col, column, expr, lit } from './functions/index.js';
export { SparkSessionBuilder } from './session/builder.js';
export type { ConfValue } from './session/runtime-config.js';
export { RuntimeConfig } from './session/runtime-config.js';
export type { SqlArgs } from './session/spark-session.js';
export { SparkSession } from './session/spark-session.js';
export * from './types/index.js';
export { CLIENT_VERSION } from './version.js';
