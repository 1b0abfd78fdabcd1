/**
 * DataFrame operations of newer Spark versions and client-side iteration: zip, zipWithIndex,
 * repartitionById, nearestByJoin, mergeInto, executionInfo, foreach / foreachPartition and the
 * deprecated registerTempTable. `DataFrame` (dataframe.ts) extends this class; use `DataFrame`.
 */
import type { ResultState } from '../client/results.js';
import { Column } from '../column/column.js';
import { AnalysisException } from '../errors/spark-exceptions.js';
import { type ColumnOrName, colNode, invoke } from '../functions/index.js';
import type { PlanNode } from '../plan/nodes.js';
import type { Row } from '../types/index.js';
import { checkName, describeValue } from './args.js';
import type { ActionOptions } from './core.js';
import type { DataFrame } from './dataframe.js';
import { ExecutionInfo } from './execution-info.js';
import { foreachPartitionRows, foreachRow } from './foreach.js';
import { MergeIntoWriter } from './merge.js';
import { DataFrameOps } from './ops.js';
import { createView } from './writer.js';

/** `nearestByJoin` limits and choices, as Spark validates them. */
const NEAREST_MAX_RESULTS = 100_000;
const NEAREST_JOIN_TYPES = new Set(['inner', 'leftouter', 'left']);
const NEAREST_MODES = ['approx', 'exact'];
const NEAREST_DIRECTIONS = ['distance', 'similarity'];

/** `nearestByJoin` options (PySpark's keyword-only arguments). */
export interface NearestByJoinOptions {
  /** `inner` (default) or `leftouter` / `left_outer` / `left`. */
  joinType?: string;
}

let registerTempTableWarned = false;

function nearestError(errorClass: string, message: string, messageParameters: Record<string, string>) {
  return new AnalysisException(`[NEAREST_BY_JOIN.${errorClass}] ${message}`, {
    errorClass: `NEAREST_BY_JOIN.${errorClass}`,
    messageParameters,
  });
}

/** Newer relations, merge, execution info and client-side iteration. Use `DataFrame`. */
export abstract class DataFrameExtra extends DataFrameOps {
  private lastExecution: ExecutionInfo | null = null;

  /**
   * Combines two DataFrames with the same number of rows (and partitioning) side by side: row i of
   * the result is row i of this one followed by row i of `other`. Spark 4.3+.
   * @example spark.range(3).zip(spark.range(3).selectExpr('id * 10 AS x')) // (0, 0), (1, 10), (2, 20)
   */
  zip(other: DataFrame): DataFrame {
    const right = this.sameSession(other, 'zip()');
    this.sparkSession.requireFeature('zip');
    return this.withPlan({ kind: 'zip', left: this.plan, right: right.plan });
  }

  /**
   * Adds a column (default `index`, bigint) with each row's position, 0-based, in the
   * DataFrame's current order (Spark's `distributed_sequence_id`).
   * @example df.zipWithIndex(); df.zipWithIndex('row_no')
   */
  zipWithIndex(indexColName = 'index'): DataFrame {
    checkName(indexColName, 'zipWithIndex() indexColName');
    return this.withPlan({
      kind: 'project',
      input: this.plan,
      exprs: [{ kind: 'star' }, invoke('distributed_sequence_id').alias(indexColName).node],
    });
  }

  /**
   * Repartitions into `numPartitions` partitions, sending each row to the partition whose id the
   * `partitionIdCol` expression gives (an integer in [0, numPartitions); no hashing). Spark 4.1+.
   * @example df.repartitionById(4, col('bucket'))
   */
  repartitionById(numPartitions: number, partitionIdCol: ColumnOrName): DataFrame {
    if (typeof numPartitions !== 'number' || !Number.isInteger(numPartitions)) {
      throw new TypeError(
        `repartitionById() numPartitions must be an integer, got ${describeValue(numPartitions)}`,
      );
    }
    if (numPartitions <= 0 || numPartitions > 2147483647) {
      throw new TypeError(
        `repartitionById() numPartitions must be a positive 32-bit integer, got ${numPartitions}`,
      );
    }
    if (typeof partitionIdCol !== 'string' && !(partitionIdCol instanceof Column)) {
      throw new TypeError(
        `repartitionById() partitionIdCol must be a Column or a column name, got ${describeValue(partitionIdCol)}`,
      );
    }
    this.sparkSession.requireFeature('repartitionById');
    return this.withPlan({
      kind: 'repartitionById',
      input: this.plan,
      numPartitions,
      partitionId: colNode(partitionIdCol),
    });
  }

  /**
   * A top-K ranking join: for each row of this DataFrame, up to `numResults` rows of `other`
   * ranked by `rankingExpression` (`direction` 'distance': smallest first; 'similarity':
   * largest first). `mode` 'exact' (brute force; the expression must be deterministic) or
   * 'approx'. Checks the arguments as Spark does (AnalysisException with the
   * `NEAREST_BY_JOIN.*` error classes). Spark 4.2+.
   * @example
   * users.nearestByJoin(products, F.abs(users.col('score').minus(products.col('pscore'))).negate(), 1, 'exact', 'similarity')
   */
  nearestByJoin(
    other: DataFrame,
    rankingExpression: Column,
    numResults: number,
    mode: string,
    direction: string,
    options: NearestByJoinOptions = {},
  ): DataFrame {
    const right = this.sameSession(other, 'nearestByJoin()');
    if (!(rankingExpression instanceof Column)) {
      throw new TypeError(
        `nearestByJoin() rankingExpression must be a Column, got ${describeValue(rankingExpression)}`,
      );
    }
    if (typeof numResults !== 'number' || !Number.isInteger(numResults)) {
      throw new TypeError(`nearestByJoin() numResults must be an integer, got ${describeValue(numResults)}`);
    }
    if (typeof mode !== 'string')
      throw new TypeError(`nearestByJoin() mode must be a string, got ${describeValue(mode)}`);
    if (typeof direction !== 'string') {
      throw new TypeError(`nearestByJoin() direction must be a string, got ${describeValue(direction)}`);
    }
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`nearestByJoin() options must be an object, got ${describeValue(options)}`);
    }
    const joinType = options.joinType ?? 'inner';
    if (typeof joinType !== 'string') {
      throw new TypeError(`nearestByJoin() joinType must be a string, got ${describeValue(joinType)}`);
    }
    if (numResults < 1 || numResults > NEAREST_MAX_RESULTS) {
      throw nearestError(
        'NUM_RESULTS_OUT_OF_RANGE',
        `numResults must be between 1 and ${NEAREST_MAX_RESULTS}, got ${numResults}.`,
        { numResults: String(numResults), min: '1', max: String(NEAREST_MAX_RESULTS) },
      );
    }
    if (!NEAREST_JOIN_TYPES.has(joinType.toLowerCase().replaceAll('_', ''))) {
      throw nearestError(
        'UNSUPPORTED_JOIN_TYPE',
        `Unsupported join type '${joinType}'; use 'INNER' or 'LEFT OUTER'.`,
        {
          joinType,
          supported: "'INNER', 'LEFT OUTER'",
        },
      );
    }
    if (!NEAREST_MODES.includes(mode.toLowerCase())) {
      throw nearestError('UNSUPPORTED_MODE', `Unsupported mode '${mode}'; use 'approx' or 'exact'.`, {
        mode,
        supported: "'approx', 'exact'",
      });
    }
    if (!NEAREST_DIRECTIONS.includes(direction.toLowerCase())) {
      throw nearestError(
        'UNSUPPORTED_DIRECTION',
        `Unsupported direction '${direction}'; use 'distance' or 'similarity'.`,
        { direction, supported: "'distance', 'similarity'" },
      );
    }
    this.sparkSession.requireFeature('nearestByJoin');
    return this.withPlan({
      kind: 'nearestByJoin',
      left: this.plan,
      right: right.plan,
      rankingExpression: rankingExpression.node,
      numResults,
      joinType,
      mode,
      direction,
    });
  }

  /**
   * Starts a MERGE of this DataFrame (the source) into `table` on `condition`; add clauses and
   * call `merge()`. Spark 4.0+; the table's catalog must support MERGE (e.g. Delta, Iceberg).
   * @example
   * await src.mergeInto('target', col('target.id').eq(col('src.id'))).whenMatched().updateAll().whenNotMatched().insertAll().merge();
   */
  mergeInto(table: string, condition: Column): MergeIntoWriter {
    checkName(table, 'mergeInto() table');
    if (!(condition instanceof Column)) {
      throw new TypeError(`mergeInto() condition must be a Column, got ${describeValue(condition)}`);
    }
    this.sparkSession.requireFeature('mergeInto');
    return new MergeIntoWriter(this as unknown as DataFrame, table, condition.node);
  }

  /**
   * What the server reported about the last action that ran this DataFrame's own plan (collect,
   * toArrow, iteration, a write, a view or a merge): plan metrics and observed metrics; null
   * before any. Actions that wrap the plan (count, take, show, ...) run another plan and leave it
   * unchanged, as in PySpark.
   * @example await df.collect(); df.executionInfo?.metrics
   */
  get executionInfo(): ExecutionInfo | null {
    return this.lastExecution;
  }

  /** @internal Records the execution info of an action on this DataFrame's plan. */
  override onActionComplete(plan: PlanNode, state: ResultState): void {
    super.onActionComplete(plan, state);
    if (plan === this.plan) this.lastExecution = new ExecutionInfo(state, plan);
  }

  /**
   * Calls `f` on every row, one at a time, awaiting each call. Unlike PySpark, `f` runs here in
   * this client process (a JavaScript client cannot ship code to the executors): the rows stream
   * from the server in order, with bounded memory. An error thrown by `f` stops the query and
   * rejects.
   * @example await df.foreach(async (row) => { await sink.write(row.toJSON()); });
   */
  foreach(f: (row: Row) => void | Promise<void>, opts?: ActionOptions): Promise<void> {
    return foreachRow(this as unknown as DataFrame, f, opts);
  }

  /**
   * Calls `f` once per partition with an async iterable of that partition's rows, partition after
   * partition, awaiting each call. Unlike PySpark, `f` runs here in this client process, not on
   * the executors, and one partition at a time: the rows stream in partition order (tagged with
   * `spark_partition_id()`), so a partition is one contiguous run of rows. Empty partitions are
   * not visited; rows `f` does not read are skipped.
   * @example
   * await df.foreachPartition(async (rows) => {
   *   const batch = [];
   *   for await (const row of rows) batch.push(row.toJSON());
   *   await sink.writeMany(batch);
   * });
   */
  foreachPartition(
    f: (rows: AsyncIterable<Row>) => void | Promise<void>,
    opts?: ActionOptions,
  ): Promise<void> {
    return foreachPartitionRows(this as unknown as DataFrame, f, opts);
  }

  /**
   * Deprecated (since Spark 2.0) alias of `createOrReplaceTempView`; warns once per process with a
   * DeprecationWarning.
   * @example await df.registerTempTable('people') // prefer df.createOrReplaceTempView('people')
   */
  registerTempTable(name: string, opts?: ActionOptions): Promise<void> {
    if (!registerTempTableWarned) {
      registerTempTableWarned = true;
      process.emitWarning(
        'registerTempTable() is deprecated since Spark 2.0; use createOrReplaceTempView()',
        {
          type: 'DeprecationWarning',
          code: 'SPARK_CONNECT_REGISTER_TEMP_TABLE',
        },
      );
    }
    return createView(this as unknown as DataFrame, name, false, true, opts);
  }
}
