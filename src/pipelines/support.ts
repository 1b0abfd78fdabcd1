/** Which servers run Spark Declarative Pipelines: the `pipelines` entry of the feature table. */
import type { SparkSession } from '../session/spark-session.js';

/** Throws UnsupportedServerVersionError on servers without pipelines (older than Spark 4.1). @internal */
export function requirePipelines(spark: SparkSession, what: string): void {
  spark.requireFeature('pipelines', what);
}
