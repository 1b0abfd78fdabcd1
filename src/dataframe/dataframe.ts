/** DataFrame: an immutable value holding a logical plan, with Promise-returning actions. */
import { Column } from '../column/column.js';
import type { ExprNode } from '../column/nodes.js';
import { type ColumnOrName, colNode, invoke } from '../functions/index.js';
import type { SetOpType } from '../plan/nodes.js';
import { DataStreamWriter } from '../streaming/writer.js';
import { type Metadata, parseDDL, StructType } from '../types/index.js';
import {
  checkColumn,
  checkCount,
  checkName,
  checkNames,
  describeValue,
  flatten,
  parseJoinType,
} from './args.js';
import type { ActionOptions } from './core.js';
import { type AggDict, aggExprs, GroupedData } from './grouped-data.js';
import type { ColumnsArg } from './ops.js';
import {
  applyAscending,
  type ColumnOrNameOrOrdinal,
  groupColumnNode,
  type OrdinalColumnsArg,
  type SortArgs,
  sortColumnNode,
  splitSortOptions,
} from './ordinals.js';
import { DataFrameSubquery } from './subquery.js';
import { createView, DataFrameWriter } from './writer.js';
import { DataFrameWriterV2 } from './writer-v2.js';

export type { ActionOptions, ExplainMode } from './core.js';
export type { ColumnsArg, HintParameter, SampleOptions } from './ops.js';
export type { JoinAsOfOptions, NearestByJoinOptions } from './ops-extra.js';
export type { ColumnOrNameOrOrdinal, OrdinalColumnsArg, SortArgs, SortOptions } from './ordinals.js';
export type { LateralJoinHow } from './subquery.js';

function groupColumns(cols: OrdinalColumnsArg[], what: string): ExprNode[] {
  return flatten(cols).map((c) => groupColumnNode(c, what));
}

/** The join types PySpark accepts (case-insensitive; underscores optional). */
export type JoinHow =
  | 'inner'
  | 'cross'
  | 'outer'
  | 'full'
  | 'fullouter'
  | 'full_outer'
  | 'left'
  | 'leftouter'
  | 'left_outer'
  | 'right'
  | 'rightouter'
  | 'right_outer'
  | 'semi'
  | 'leftsemi'
  | 'left_semi'
  | 'anti'
  | 'leftanti'
  | 'left_anti';

/**
 * A distributed collection of rows with named columns. Transformations return new DataFrames
 * synchronously; actions return Promises. A DataFrame is not thenable.
 *
 * @example
 * const adults = spark.table('people').filter(col('age').geq(18)).select('name');
 * const rows = await adults.collect();
 */
export class DataFrame extends DataFrameSubquery {
  // ---- projection and filtering -------------------------------------------------------------

  /** Selects columns or expressions. @example df.select('a', col('b').plus(1).alias('b1')) */
  select(...cols: ColumnsArg[]): DataFrame {
    return this.withPlan({ kind: 'project', input: this.plan, exprs: flatten(cols).map(colNode) });
  }

  /** Selects SQL expressions. @example df.selectExpr('a * 2 AS b', 'abs(c)') */
  selectExpr(...exprs: (string | readonly string[])[]): DataFrame {
    const list = flatten(exprs);
    for (const e of list)
      if (typeof e !== 'string') throw new TypeError('selectExpr() takes SQL expression strings');
    return this.withPlan({
      kind: 'project',
      input: this.plan,
      exprs: list.map((e): ExprNode => ({ kind: 'expressionString', expr: e })),
    });
  }

  /** Keeps rows matching a condition (a Column or a SQL string). @example df.filter('age > 21') */
  filter(condition: Column | string): DataFrame {
    let cond: ExprNode;
    if (typeof condition === 'string') cond = { kind: 'expressionString', expr: condition };
    else if (condition instanceof Column) cond = condition.node;
    else throw new TypeError('filter() takes a Column or a SQL condition string');
    return this.withPlan({ kind: 'filter', input: this.plan, condition: cond });
  }

  /** Alias of `filter`. @example df.where(col('a').gt(1)) */
  where(condition: Column | string): DataFrame {
    return this.filter(condition);
  }

  /** The first `n` rows. @example df.limit(10) */
  limit(n: number): DataFrame {
    return this.withPlan({ kind: 'limit', input: this.plan, limit: checkCount(n, 'limit()') });
  }

  /** Skips the first `n` rows. @example df.offset(10) */
  offset(n: number): DataFrame {
    return this.withPlan({ kind: 'offset', input: this.plan, offset: checkCount(n, 'offset()') });
  }

  /**
   * Sorts by columns (ascending by default; use `col('x').desc()` or `desc('x')`). An integer is a
   * 1-based column position, as in PySpark; a negative one sorts that column descending. A
   * position past the last column fails when the DataFrame runs (a RangeError naming the columns).
   * A trailing `{ ascending }` is PySpark's keyword: `false` sorts every column descending, a list
   * gives each column's direction (columns given as `asc()` / `desc()` or negative positions keep
   * theirs).
   * @example df.orderBy(col('age').desc(), 'name'); df.orderBy(2, -1); df.orderBy('a', 'b', { ascending: [true, false] })
   */
  orderBy(...cols: SortArgs): DataFrame {
    return this.sortBy(cols, true, 'orderBy()');
  }

  /** Alias of `orderBy`. @example df.sort('a'); df.sort(-1); df.sort('a', { ascending: false }) */
  sort(...cols: SortArgs): DataFrame {
    return this.sortBy(cols, true, 'sort()');
  }

  /**
   * Sorts each partition, not the whole DataFrame.
   * @example df.sortWithinPartitions('a'); df.sortWithinPartitions('a', { ascending: false })
   */
  sortWithinPartitions(...cols: SortArgs): DataFrame {
    return this.sortBy(cols, false, 'sortWithinPartitions()');
  }

  private sortBy(args: SortArgs, isGlobal: boolean, what: string): DataFrame {
    const { cols, ascending } = splitSortOptions(args, what);
    const list = flatten(cols);
    if (list.length === 0) throw new TypeError(`${what} needs at least one column`);
    const order = applyAscending(
      list.map((c) => sortColumnNode(c, what)),
      ascending,
      what,
    );
    return this.withPlan({ kind: 'sort', input: this.plan, order, isGlobal });
  }

  // ---- columns --------------------------------------------------------------------------------

  /** Adds or replaces a column. @example df.withColumn('age2', col('age').multiply(2)) */
  withColumn(name: string, column: Column): DataFrame {
    if (typeof name !== 'string') throw new TypeError('withColumn() takes a column name');
    checkColumn(column, 'withColumn() second argument');
    return this.withPlan({ kind: 'withColumns', input: this.plan, columns: [{ name, expr: column.node }] });
  }

  /** Adds or replaces several columns. @example df.withColumns({ a: lit(1), b: col('x') }) */
  withColumns(columns: Record<string, Column> | Map<string, Column>): DataFrame {
    const entries = columns instanceof Map ? [...columns] : Object.entries(columns);
    for (const [k, v] of entries) checkColumn(v, `withColumns() '${k}'`);
    return this.withPlan({
      kind: 'withColumns',
      input: this.plan,
      columns: entries.map(([name, c]) => ({ name, expr: c.node })),
    });
  }

  /** Renames a column (a no-op when it does not exist). @example df.withColumnRenamed('a', 'b') */
  withColumnRenamed(existing: string, newName: string): DataFrame {
    return this.withColumnsRenamed({ [checkName(existing, 'withColumnRenamed() existing')]: newName });
  }

  /** Renames columns by a `{ old: new }` map (missing ones are ignored). @example df.withColumnsRenamed({ a: 'x' }) */
  withColumnsRenamed(colsMap: Record<string, string> | Map<string, string>): DataFrame {
    if (colsMap === null || typeof colsMap !== 'object' || Array.isArray(colsMap)) {
      throw new TypeError(
        `withColumnsRenamed() takes an object or Map of old → new names, got ${describeValue(colsMap)}`,
      );
    }
    const renames = colsMap instanceof Map ? [...colsMap] : Object.entries(colsMap);
    for (const [k, v] of renames) {
      if (typeof v !== 'string')
        throw new TypeError(`withColumnsRenamed(): the new name of '${k}' must be a string`);
    }
    const form = this.sparkSession.serverFeatures.mayHave('orderedRenames') ? 'list' : 'map';
    return this.withPlan({ kind: 'withColumnsRenamed', input: this.plan, renames, form });
  }

  /**
   * Sets a column's metadata (a JSON object).
   * @example df.withMetadata('age', { comment: 'years' })
   */
  withMetadata(columnName: string, metadata: Metadata): DataFrame {
    checkName(columnName, 'withMetadata() columnName');
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
      throw new TypeError('withMetadata() metadata must be an object');
    }
    return this.withPlan({
      kind: 'withColumns',
      input: this.plan,
      columns: [{ name: columnName, expr: this.col(columnName).node, metadata: JSON.stringify(metadata) }],
    });
  }

  /**
   * Drops columns, given by name (unknown names are ignored) or as Columns.
   * @example df.drop('a', 'b'); df.drop(df.col('c'))
   */
  drop(...cols: ColumnOrName[]): DataFrame {
    const columns: ExprNode[] = [];
    const columnNames: string[] = [];
    for (const c of cols) {
      if (typeof c === 'string') columnNames.push(c);
      else if (c instanceof Column) columns.push(c.node);
      else throw new TypeError(`drop() takes column names or Columns, got ${describeValue(c)}`);
    }
    return this.withPlan({ kind: 'drop', input: this.plan, columns, columnNames });
  }

  /** Renames every column, in order. @example df.toDF('x', 'y') */
  toDF(...names: string[]): DataFrame {
    for (const n of names) if (typeof n !== 'string') throw new TypeError('toDF() takes column names');
    return this.withPlan({ kind: 'toDF', input: this.plan, columnNames: names });
  }

  /**
   * Reconciles the DataFrame to a schema (a StructType or a DDL string): columns by name, cast.
   * @example df.to('id bigint, name string')
   */
  to(schema: StructType | string): DataFrame {
    const s = typeof schema === 'string' ? parseDDL(schema) : schema;
    if (!(s instanceof StructType)) throw new TypeError('to() takes a StructType or a DDL schema string');
    return this.withPlan({ kind: 'toSchema', input: this.plan, schema: s });
  }

  /** Gives the DataFrame an alias, for qualified column names. @example df.alias('t').select('t.a') */
  alias(name: string): DataFrame {
    if (typeof name !== 'string' || name.length === 0) throw new TypeError('alias() takes a name');
    return this.withPlan({ kind: 'subqueryAlias', input: this.plan, alias: name });
  }

  /**
   * Each row as a JSON string, in a single column named `value`.
   * @example await df.toJSON().collect() // [Row(value='{"id":1}')]
   */
  toJSON(): DataFrame {
    const json = invoke('to_json', invoke('struct', { kind: 'star' }).node).alias('value');
    return this.select(json);
  }

  /**
   * Applies a function `fn(df, ...args)` that returns a DataFrame (for chaining custom steps).
   * @example df.transform((d, n) => d.limit(n), 5)
   */
  transform<A extends unknown[]>(fn: (df: DataFrame, ...args: A) => DataFrame, ...args: A): DataFrame {
    if (typeof fn !== 'function') throw new TypeError('transform() takes a function');
    const out = fn(this, ...args);
    if (!(out instanceof DataFrame)) {
      throw new TypeError(`transform(): the function returned ${describeValue(out)}, not a DataFrame`);
    }
    return out;
  }

  // ---- de-duplication -------------------------------------------------------------------------

  /** Distinct rows. @example df.distinct() */
  distinct(): DataFrame {
    return this.withPlan({ kind: 'deduplicate', input: this.plan, withinWatermark: false });
  }

  /**
   * Removes duplicate rows, considering only `subset` columns when given.
   * @example df.dropDuplicates(); df.dropDuplicates(['name'])
   */
  dropDuplicates(subset?: readonly string[]): DataFrame {
    return this.dedupe(subset, false, 'dropDuplicates()');
  }

  /** Alias of `dropDuplicates`. @example df.drop_duplicates(['name']) */
  drop_duplicates(subset?: readonly string[]): DataFrame {
    return this.dedupe(subset, false, 'drop_duplicates()');
  }

  /**
   * Streaming de-duplication within the watermark (set one with `withWatermark`).
   * @example df.withWatermark('ts', '10 minutes').dropDuplicatesWithinWatermark(['id'])
   */
  dropDuplicatesWithinWatermark(subset?: readonly string[]): DataFrame {
    return this.dedupe(subset, true, 'dropDuplicatesWithinWatermark()');
  }

  private dedupe(subset: readonly string[] | undefined, withinWatermark: boolean, what: string): DataFrame {
    const columnNames =
      subset === undefined || subset === null ? undefined : checkNames(subset, `${what} subset`);
    return this.withPlan({
      kind: 'deduplicate',
      input: this.plan,
      ...(columnNames === undefined ? {} : { columnNames }),
      withinWatermark,
    });
  }

  // ---- aggregation ----------------------------------------------------------------------------

  /**
   * Groups by columns, for aggregation. An integer is a 1-based column position, as in PySpark.
   * @example df.groupBy('dept').agg(F.max('salary')); df.groupBy(1).count()
   */
  groupBy(...cols: OrdinalColumnsArg[]): GroupedData {
    return new GroupedData(this, 'groupBy', groupColumns(cols, 'groupBy()'));
  }

  /** Alias of `groupBy`. @example df.groupby('dept').count() */
  groupby(...cols: OrdinalColumnsArg[]): GroupedData {
    return this.groupBy(...cols);
  }

  /** A multi-dimensional rollup over columns (or 1-based positions). @example df.rollup('a', 'b').count() */
  rollup(...cols: OrdinalColumnsArg[]): GroupedData {
    return new GroupedData(this, 'rollup', groupColumns(cols, 'rollup()'));
  }

  /** A multi-dimensional cube over columns (or 1-based positions). @example df.cube('a', 'b').count() */
  cube(...cols: OrdinalColumnsArg[]): GroupedData {
    return new GroupedData(this, 'cube', groupColumns(cols, 'cube()'));
  }

  /**
   * Groups by several grouping sets at once (SQL's GROUPING SETS); `cols` are the grouping
   * columns. Spark 4.0+.
   * @example df.groupingSets([['a', 'b'], ['a'], []], 'a', 'b').count()
   */
  groupingSets(
    groupingSets: readonly (readonly ColumnOrNameOrOrdinal[])[],
    ...cols: OrdinalColumnsArg[]
  ): GroupedData {
    this.sparkSession.requireFeature('groupingSets');
    if (!Array.isArray(groupingSets)) throw new TypeError('groupingSets() takes an array of column arrays');
    const sets = groupingSets.map((s) => {
      if (!Array.isArray(s))
        throw new TypeError('groupingSets(): each grouping set must be an array of columns');
      return s.map((c) => groupColumnNode(c, 'groupingSets()'));
    });
    return new GroupedData(this, 'groupingSets', groupColumns(cols, 'groupingSets()'), {
      groupingSets: sets,
    });
  }

  /**
   * Aggregates the whole DataFrame (no groups), like `groupBy().agg(...)`.
   * @example df.agg(F.max('age')); df.agg({ age: 'max' })
   */
  agg(...exprs: (Column | AggDict)[]): DataFrame {
    return this.withPlan({
      kind: 'aggregate',
      input: this.plan,
      groupType: 'groupBy',
      grouping: [],
      aggregates: aggExprs('agg()', exprs),
    });
  }

  // ---- joins and set operations ---------------------------------------------------------------

  /**
   * Joins with another DataFrame. `on`: a column name or names (an equi-join keeping one copy of
   * each, `USING`), a Column condition or Columns (ANDed). `how`: PySpark's join types (default
   * 'inner'); an unknown type throws a TypeError listing the valid ones.
   * @example df1.join(df2, 'id', 'left'); df1.join(df2, df1.col('id').eq(df2.col('key')), 'left_anti')
   */
  join(
    other: DataFrame,
    on?: string | readonly string[] | Column | readonly Column[] | null,
    how?: JoinHow | (string & {}),
  ): DataFrame {
    const right = this.sameSession(other, 'join()');
    const joinType = parseJoinType(how);
    let condition: ExprNode | undefined;
    let usingColumns: string[] = [];
    if (on === undefined || on === null) {
      // No condition: a cartesian product (or the join type's degenerate form).
    } else if (typeof on === 'string') {
      usingColumns = [on];
    } else if (on instanceof Column) {
      condition = on.node;
    } else if (Array.isArray(on)) {
      if (on.every((c) => typeof c === 'string')) usingColumns = [...(on as string[])];
      else if (on.every((c) => c instanceof Column)) {
        condition = (on as Column[]).reduce((a, b) => a.and(b)).node;
      } else throw new TypeError('join() on must be all column names or all Columns');
    } else {
      throw new TypeError(
        `join() on must be a column name, names, a Column or Columns, got ${describeValue(on)}`,
      );
    }
    return this.withPlan({
      kind: 'join',
      left: this.plan,
      right: right.plan,
      joinType,
      ...(condition === undefined ? {} : { condition }),
      usingColumns,
    });
  }

  /** The cartesian product with another DataFrame. @example df1.crossJoin(df2) */
  crossJoin(other: DataFrame): DataFrame {
    const right = this.sameSession(other, 'crossJoin()');
    return this.withPlan({
      kind: 'join',
      left: this.plan,
      right: right.plan,
      joinType: 'cross',
      usingColumns: [],
    });
  }

  private setOp(
    other: DataFrame,
    op: SetOpType,
    isAll: boolean,
    what: string,
    byName = false,
    allowMissing = false,
  ) {
    const right = this.sameSession(other, what);
    return this.withPlan({
      kind: 'setOp',
      left: this.plan,
      right: right.plan,
      op,
      isAll,
      byName,
      allowMissingColumns: allowMissing,
    });
  }

  /** Rows of both, duplicates kept, columns matched by position (SQL's UNION ALL). @example df1.union(df2) */
  union(other: DataFrame): DataFrame {
    return this.setOp(other, 'union', true, 'union()');
  }

  /** Alias of `union`. @example df1.unionAll(df2) */
  unionAll(other: DataFrame): DataFrame {
    return this.setOp(other, 'union', true, 'unionAll()');
  }

  /**
   * Rows of both, duplicates kept, columns matched by name; with `allowMissingColumns` a column
   * missing on one side is filled with nulls.
   * @example df1.unionByName(df2, true)
   */
  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    if (typeof allowMissingColumns !== 'boolean')
      throw new TypeError('unionByName() allowMissingColumns must be a boolean');
    return this.setOp(other, 'union', true, 'unionByName()', true, allowMissingColumns);
  }

  /** Distinct rows present in both (SQL's INTERSECT). @example df1.intersect(df2) */
  intersect(other: DataFrame): DataFrame {
    return this.setOp(other, 'intersect', false, 'intersect()');
  }

  /** Rows present in both, duplicates kept (INTERSECT ALL). @example df1.intersectAll(df2) */
  intersectAll(other: DataFrame): DataFrame {
    return this.setOp(other, 'intersect', true, 'intersectAll()');
  }

  /** Distinct rows of this one not in `other` (SQL's EXCEPT DISTINCT). @example df1.subtract(df2) */
  subtract(other: DataFrame): DataFrame {
    return this.setOp(other, 'except', false, 'subtract()');
  }

  /** Rows of this one not in `other`, duplicates kept (EXCEPT ALL). @example df1.exceptAll(df2) */
  exceptAll(other: DataFrame): DataFrame {
    return this.setOp(other, 'except', true, 'exceptAll()');
  }

  // ---- writing and views (implemented in writer.ts / writer-v2.ts) ----------------------------

  /** A DataFrameWriter (a new one on each access). @example await df.write.mode('overwrite').parquet('/out') */
  get write(): DataFrameWriter {
    return new DataFrameWriter(this);
  }

  /**
   * A DataStreamWriter that starts a streaming query on this streaming DataFrame (a new one on
   * each access).
   * @example const q = await df.writeStream.format('memory').queryName('t').start()
   */
  get writeStream(): DataStreamWriter {
    return new DataStreamWriter(this);
  }

  /** A v2 writer to a table. @example await df.writeTo('db.events').using('parquet').createOrReplace() */
  writeTo(table: string): DataFrameWriterV2 {
    return new DataFrameWriterV2(this, table);
  }

  /** Creates a temporary view; rejects if it exists. @example await df.createTempView('people') */
  createTempView(name: string, opts?: ActionOptions): Promise<void> {
    return createView(this, name, false, false, opts);
  }

  /** Creates or replaces a temporary view. @example await df.createOrReplaceTempView('people') */
  createOrReplaceTempView(name: string, opts?: ActionOptions): Promise<void> {
    return createView(this, name, false, true, opts);
  }

  /** Creates a global temporary view (in `global_temp`); rejects if it exists. @example await df.createGlobalTempView('people') */
  createGlobalTempView(name: string, opts?: ActionOptions): Promise<void> {
    return createView(this, name, true, false, opts);
  }

  /** Creates or replaces a global temporary view. @example await df.createOrReplaceGlobalTempView('people') */
  createOrReplaceGlobalTempView(name: string, opts?: ActionOptions): Promise<void> {
    return createView(this, name, true, true, opts);
  }
}
