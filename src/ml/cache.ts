/**
 * The session's ML cache on the server (Spark 4.1+): what it holds, and cleaning it at once
 * (every model of the session is released; later use of one throws a clear error).
 */
import type { ExecuteOptions } from '../client/execute.js';
import { ProtocolError } from '../errors/base.js';
import type { SparkSession } from '../session/spark-session.js';
import { markSessionModelsReleased } from './base.js';
import { runMlCommand, runMlCommandForResult } from './command.js';
import { paramFromLiteral } from './params.js';

/**
 * A description of each object in the session's server-side ML cache (models, summaries), as the
 * server reports them (Spark 4.1+).
 * @example const entries = await ml.mlCacheInfo(spark); // one string per cached object
 */
export async function mlCacheInfo(spark: SparkSession, opts?: ExecuteOptions): Promise<string[]> {
  spark.requireFeature('mlCacheInfo');
  const result = await runMlCommandForResult(spark, { case: 'getCacheInfo', value: {} }, [], opts);
  const v = result.resultType.case === 'param' ? paramFromLiteral(result.resultType.value) : undefined;
  if (!Array.isArray(v) || v.some((e) => typeof e !== 'string')) {
    throw new ProtocolError('The server answered getCacheInfo without a list of strings');
  }
  return v as string[];
}

/**
 * Removes every object of the session from the server's ML cache (Spark 4.1+); the session's
 * models are marked released, so using one afterwards throws instead of reaching the server.
 * @example await ml.cleanMlCache(spark);
 */
export async function cleanMlCache(spark: SparkSession, opts?: ExecuteOptions): Promise<void> {
  spark.requireFeature('mlCacheInfo');
  markSessionModelsReleased(spark, 'the session ML cache was cleaned with cleanMlCache()');
  await runMlCommand(spark, { case: 'cleanCache', value: {} }, [], opts);
}
