/** DataFrame: an immutable value holding a logical plan, with Promise-returning actions. */
import { type RecordBatch, Table } from 'apache-arrow';
import { RowDecoder } from '../arrow/index.js';
import type { ExecuteOptions } from '../client/execute.js';
import { newResultState, type ResultState, readArrowBatches } from '../client/results.js';
import type { CallOptions } from '../client/session-rpc.js';
import { Column } from '../column/column.js';
import type { ExprNode } from '../column/nodes.js';
import { ProtocolError } from '../errors/base.js';
import { type ColumnOrName, colNode } from '../functions/index.js';
import { AnalyzePlanRequest_Explain_ExplainMode } from '../gen/spark/connect/base_pb.js';
import { rootPlan } from '../plan/lower.js';
import { node, type PlanNode } from '../plan/nodes.js';
import type { SparkSession } from '../session/spark-session.js';
import { fromProtoDataType, type Row, StructType } from '../types/index.js';

/** Options of an action: cancellation, deadline, operation tags. */
export type ActionOptions = ExecuteOptions;

export type ExplainMode = 'simple' | 'extended' | 'codegen' | 'cost' | 'formatted';

const EXPLAIN_MODES: Record<ExplainMode, AnalyzePlanRequest_Explain_ExplainMode> = {
  simple: AnalyzePlanRequest_Explain_ExplainMode.SIMPLE,
  extended: AnalyzePlanRequest_Explain_ExplainMode.EXTENDED,
  codegen: AnalyzePlanRequest_Explain_ExplainMode.CODEGEN,
  cost: AnalyzePlanRequest_Explain_ExplainMode.COST,
  formatted: AnalyzePlanRequest_Explain_ExplainMode.FORMATTED,
};

function flatten<T>(items: (T | readonly T[])[]): T[] {
  const out: T[] = [];
  for (const i of items) {
    if (Array.isArray(i)) out.push(...(i as T[]));
    else out.push(i as T);
  }
  return out;
}

function checkCount(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`${what} must be a non-negative integer, got ${n}`);
  if (n > 2147483647) throw new TypeError(`${what} must fit in a 32-bit integer, got ${n}`);
  return n;
}

/**
 * A distributed collection of rows with named columns. Transformations return new DataFrames
 * synchronously; actions return Promises. A DataFrame is not thenable.
 *
 * @example
 * const adults = spark.table('people').filter(col('age').geq(18)).select('name');
 * const rows = await adults.collect();
 */
export class DataFrame implements AsyncIterable<Row> {
  /** The session this DataFrame belongs to. */
  readonly sparkSession: SparkSession;
  /** @internal The logical plan. */
  readonly plan: PlanNode;

  /** @internal */
  constructor(session: SparkSession, plan: PlanNode) {
    this.sparkSession = session;
    this.plan = plan;
  }

  private with(body: Parameters<typeof node>[0]): DataFrame {
    return new DataFrame(this.sparkSession, node(body));
  }

  // ---- transformations -------------------------------------------------------------------

  /** Selects columns or expressions. @example df.select('a', col('b').plus(1).alias('b1')) */
  select(...cols: (ColumnOrName | readonly ColumnOrName[])[]): DataFrame {
    const list = flatten(cols);
    return this.with({ kind: 'project', input: this.plan, exprs: list.map(colNode) });
  }

  /** Selects SQL expressions. @example df.selectExpr('a * 2 AS b', 'abs(c)') */
  selectExpr(...exprs: (string | readonly string[])[]): DataFrame {
    const list = flatten(exprs);
    for (const e of list)
      if (typeof e !== 'string') throw new TypeError('selectExpr() takes SQL expression strings');
    return this.with({
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
    return this.with({ kind: 'filter', input: this.plan, condition: cond });
  }

  /** Alias of `filter`. */
  where(condition: Column | string): DataFrame {
    return this.filter(condition);
  }

  /** The first `n` rows. */
  limit(n: number): DataFrame {
    return this.with({ kind: 'limit', input: this.plan, limit: checkCount(n, 'limit()') });
  }

  /** Skips the first `n` rows. */
  offset(n: number): DataFrame {
    return this.with({ kind: 'offset', input: this.plan, offset: checkCount(n, 'offset()') });
  }

  /**
   * Sorts by columns (ascending by default; use `col('x').desc()` or `desc('x')`).
   * @example df.orderBy(col('age').desc(), 'name')
   */
  orderBy(...cols: (ColumnOrName | readonly ColumnOrName[])[]): DataFrame {
    const list = flatten(cols);
    if (list.length === 0) throw new TypeError('orderBy() needs at least one column');
    return this.with({ kind: 'sort', input: this.plan, order: list.map(colNode), isGlobal: true });
  }

  /** Alias of `orderBy`. */
  sort(...cols: (ColumnOrName | readonly ColumnOrName[])[]): DataFrame {
    return this.orderBy(...cols);
  }

  /** Adds or replaces a column. @example df.withColumn('age2', col('age').multiply(2)) */
  withColumn(name: string, column: Column): DataFrame {
    if (typeof name !== 'string') throw new TypeError('withColumn() takes a column name');
    if (!(column instanceof Column))
      throw new TypeError('withColumn() takes a Column as its second argument');
    return this.with({ kind: 'withColumns', input: this.plan, columns: [{ name, expr: column.node }] });
  }

  /** Adds or replaces several columns. @example df.withColumns({ a: lit(1), b: col('x') }) */
  withColumns(columns: Record<string, Column> | Map<string, Column>): DataFrame {
    const entries = columns instanceof Map ? [...columns] : Object.entries(columns);
    for (const [k, v] of entries) {
      if (!(v instanceof Column)) throw new TypeError(`withColumns(): '${k}' is not a Column`);
    }
    return this.with({
      kind: 'withColumns',
      input: this.plan,
      columns: entries.map(([name, c]) => ({ name, expr: c.node })),
    });
  }

  /** Gives the DataFrame an alias, for qualified column names. @example df.alias('t').select('t.a') */
  alias(name: string): DataFrame {
    if (typeof name !== 'string' || name.length === 0) throw new TypeError('alias() takes a name');
    return this.with({ kind: 'subqueryAlias', input: this.plan, alias: name });
  }

  /** A column of this DataFrame, bound to it (so self-joins resolve). @example df.col('a') */
  col(name: string): Column {
    if (typeof name !== 'string') throw new TypeError('col() takes a column name');
    if (name === '*') return new Column({ kind: 'star', planId: this.plan.planId });
    return new Column({ kind: 'attribute', name, planId: this.plan.planId });
  }

  // ---- actions -----------------------------------------------------------------------------

  /** @internal Runs this plan and yields its Arrow record batches. */
  async *batches(opts?: ActionOptions, state: ResultState = newResultState()): AsyncGenerator<RecordBatch> {
    const stream = this.sparkSession.execute(rootPlan(this.plan), opts);
    yield* readArrowBatches(stream, state);
  }

  /** @internal Runs a plan and yields rows, decoding batch by batch. */
  private async *rowsOf(plan: PlanNode, opts?: ActionOptions): AsyncGenerator<Row> {
    const state = newResultState();
    const stream = this.sparkSession.execute(rootPlan(plan), opts);
    let decoder: RowDecoder | undefined;
    for await (const batch of readArrowBatches(stream, state)) {
      decoder ??= new RowDecoder(await this.schemaOf(state, plan, opts), { timeZone: 'UTC' });
      yield* decoder.decode(batch);
    }
  }

  private async schemaOf(state: ResultState, plan: PlanNode, opts?: CallOptions): Promise<StructType> {
    if (state.schema !== undefined) {
      const t = fromProtoDataType(state.schema);
      if (t instanceof StructType) return t;
    }
    return new DataFrame(this.sparkSession, plan).schema(opts);
  }

  /** All rows. @example const rows = await df.collect(); */
  async collect(opts?: ActionOptions): Promise<Row[]> {
    const rows: Row[] = [];
    for await (const r of this.rowsOf(this.plan, opts)) rows.push(r);
    return rows;
  }

  /** Rows as they arrive, pulled by the consumer (bounded memory). Breaking out releases the query. */
  toLocalIterator(opts?: ActionOptions): AsyncIterable<Row> {
    return { [Symbol.asyncIterator]: () => this.rowsOf(this.plan, opts) };
  }

  /** `for await (const row of df)`: same as toLocalIterator(). */
  [Symbol.asyncIterator](): AsyncIterator<Row> {
    return this.rowsOf(this.plan);
  }

  /** The first `n` rows. */
  async take(n: number, opts?: ActionOptions): Promise<Row[]> {
    return this.limit(n).collect(opts);
  }

  /** The first row (or null), or with `n` the first `n` rows. */
  async head(): Promise<Row | null>;
  async head(n: number, opts?: ActionOptions): Promise<Row[]>;
  async head(n?: number, opts?: ActionOptions): Promise<Row | null | Row[]> {
    if (n === undefined) return (await this.take(1))[0] ?? null;
    return this.take(n, opts);
  }

  /** The first row, or null when empty. */
  async first(opts?: ActionOptions): Promise<Row | null> {
    return (await this.take(1, opts))[0] ?? null;
  }

  /** Number of rows. */
  async count(opts?: ActionOptions): Promise<number> {
    const agg = node({
      kind: 'aggregate',
      input: this.plan,
      groupType: 'groupBy',
      grouping: [],
      aggregates: [{ kind: 'function', name: 'count', args: [{ kind: 'literal', value: 1 }] }],
    });
    const rows: Row[] = [];
    for await (const r of this.rowsOf(agg, opts)) rows.push(r);
    if (rows.length !== 1) throw new ProtocolError(`count() expected one row, got ${rows.length}`);
    const v = rows[0].get(0);
    return typeof v === 'bigint' ? Number(v) : Number(v);
  }

  /** True when the DataFrame has no rows. */
  async isEmpty(opts?: ActionOptions): Promise<boolean> {
    return (await this.take(1, opts)).length === 0;
  }

  /** All results as an apache-arrow Table. */
  async toArrow(opts?: ActionOptions): Promise<Table> {
    const batches: RecordBatch[] = [];
    for await (const b of this.batches(opts)) batches.push(b);
    return new Table(batches);
  }

  /** Spark's own text rendering of the first `n` rows (what `show()` prints). */
  async showString(
    n = 20,
    truncate: boolean | number = true,
    vertical = false,
    opts?: ActionOptions,
  ): Promise<string> {
    checkCount(n, 'show() n');
    const t = truncate === true ? 20 : truncate === false ? 0 : checkCount(truncate, 'show() truncate');
    if (typeof vertical !== 'boolean') throw new TypeError('show() vertical must be a boolean');
    const plan = node({ kind: 'showString', input: this.plan, numRows: n, truncate: t, vertical });
    const rows: Row[] = [];
    for await (const r of this.rowsOf(plan, opts)) rows.push(r);
    if (rows.length !== 1) throw new ProtocolError(`show() expected one row, got ${rows.length}`);
    return String(rows[0].get(0));
  }

  /**
   * Prints the first `n` rows in Spark's own format.
   * @example await df.show(); await df.show(5, false); await df.show(3, true, true);
   */
  async show(
    n = 20,
    truncate: boolean | number = true,
    vertical = false,
    opts?: ActionOptions,
  ): Promise<void> {
    // Like PySpark's print(): Spark's text plus a newline.
    process.stdout.write(`${await this.showString(n, truncate, vertical, opts)}\n`);
  }

  /** The schema. */
  async schema(opts?: CallOptions): Promise<StructType> {
    const resp = await this.sparkSession.rpc.analyze(
      { case: 'schema', value: { plan: rootPlan(this.plan) } },
      opts,
    );
    if (resp.result.case !== 'schema' || resp.result.value.schema === undefined) {
      throw new ProtocolError('The server did not answer with a schema');
    }
    const t = fromProtoDataType(resp.result.value.schema);
    if (!(t instanceof StructType))
      throw new ProtocolError(`Expected a struct schema, got ${t.simpleString()}`);
    return t;
  }

  /** The column names. */
  async columns(opts?: CallOptions): Promise<string[]> {
    return (await this.schema(opts)).fieldNames();
  }

  /** `[name, type]` pairs, types as Spark's simple strings. */
  async dtypes(opts?: CallOptions): Promise<[string, string][]> {
    return (await this.schema(opts)).fields.map((f) => [f.name, f.dataType.simpleString()]);
  }

  /** Spark's tree rendering of the schema (what printSchema() prints). */
  async schemaTreeString(level?: number, opts?: CallOptions): Promise<string> {
    const resp = await this.sparkSession.rpc.analyze(
      { case: 'treeString', value: { plan: rootPlan(this.plan), ...(level === undefined ? {} : { level }) } },
      opts,
    );
    if (resp.result.case !== 'treeString')
      throw new ProtocolError('The server did not answer with a tree string');
    return resp.result.value.treeString;
  }

  /** Prints the schema as a tree. */
  async printSchema(level?: number, opts?: CallOptions): Promise<void> {
    process.stdout.write(`${await this.schemaTreeString(level, opts)}\n`);
  }

  /** The query plan as text (modes: simple, extended, codegen, cost, formatted; `true` = extended). */
  async explainString(mode: ExplainMode | boolean = 'simple', opts?: CallOptions): Promise<string> {
    const m: ExplainMode = mode === true ? 'extended' : mode === false ? 'simple' : mode;
    const explainMode = EXPLAIN_MODES[m];
    if (explainMode === undefined) {
      throw new TypeError(
        `Unknown explain mode '${String(mode)}'; use one of ${Object.keys(EXPLAIN_MODES).join(', ')}`,
      );
    }
    const resp = await this.sparkSession.rpc.analyze(
      { case: 'explain', value: { plan: rootPlan(this.plan), explainMode } },
      opts,
    );
    if (resp.result.case !== 'explain')
      throw new ProtocolError('The server did not answer with an explain string');
    return resp.result.value.explainString;
  }

  /** Prints the query plan. */
  async explain(mode: ExplainMode | boolean = 'simple', opts?: CallOptions): Promise<void> {
    process.stdout.write(`${await this.explainString(mode, opts)}\n`);
  }

  toString(): string {
    return `DataFrame[plan ${this.plan.planId}]`;
  }
}
