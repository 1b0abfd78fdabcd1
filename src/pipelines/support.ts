/** Which servers run Spark Declarative Pipelines. */
import { UnsupportedServerVersionError } from '../errors/base.js';
import type { SparkSession } from '../session/spark-session.js';

/** Throws UnsupportedServerVersionError on servers older than Spark 4.1. @internal */
export function requirePipelines(spark: SparkSession, what: string): void {
  if (!spark.atLeast(4, 1)) {
    throw new UnsupportedServerVersionError(
      `${what} needs Spark 4.1 or newer (Spark Declarative Pipelines); this server is Spark ${spark.version}`,
    );
  }
}
