/**
 * The core of DataFrame: the plan it holds, how plans are prepared and executed, and the basic
 * actions (collect, count, show, schema, explain, ...). `DataFrame` (dataframe.ts) extends this
 * with the server-side operations of analysis.ts and the transformations.
 */

import { type RecordBatch, Table } from 'apache-arrow';
import { ColumnarDecoder, type ColumnarResult, RowDecoder } from '../arrow/index.js';
import { type ExecuteOptions, validateExecuteOptions } from '../client/execute.js';
import { newResultState, type ResultState, readArrowBatches } from '../client/results.js';
import type { CallOptions } from '../client/session-rpc.js';
import { Column } from '../column/column.js';
import { ProtocolError } from '../errors/base.js';
import { AnalyzePlanRequest_Explain_ExplainMode, type Plan } from '../gen/spark/connect/base_pb.js';
import { exprFeaturesOf } from '../plan/features-used.js';
import { rootPlan } from '../plan/lower.js';
import { node, type PlanBody, type PlanNode, walkPlan } from '../plan/nodes.js';
import type { SparkSession } from '../session/spark-session.js';
import { fromProtoDataType, type Row, StructType } from '../types/index.js';
import { checkCount } from './args.js';
import type { DataFrame } from './dataframe.js';
import { resolveOrdinals, unresolvedOrdinals } from './ordinals.js';
import { RowIterator } from './row-iterator.js';

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

const NUMERIC_KINDS: ReadonlySet<string> = new Set([
  'byte',
  'short',
  'integer',
  'long',
  'float',
  'double',
  'decimal',
]);

/** Whether a plan node needs its input's schema before it can be lowered. */
function needsInputSchema(n: PlanNode): n is Extract<PlanNode, { kind: 'sort' | 'aggregate' }> {
  if (n.kind !== 'sort' && n.kind !== 'aggregate') return false;
  if (n.kind === 'aggregate' && n.numeric !== undefined && n.numeric.columns === undefined) return true;
  return unresolvedOrdinals(n).length > 0;
}

type DataFrameCtor = new (session: SparkSession, plan: PlanNode) => DataFrame;

/**
 * The plan-holding core of a DataFrame. Use `DataFrame`; this class only splits its methods
 * across files.
 */
export abstract class DataFrameCore implements AsyncIterable<Row> {
  /** The session this DataFrame belongs to. */
  readonly sparkSession: SparkSession;
  /** @internal The logical plan. */
  readonly plan: PlanNode;

  /** @internal */
  constructor(session: SparkSession, plan: PlanNode) {
    this.sparkSession = session;
    this.plan = plan;
  }

  /** @internal A DataFrame of the same session over a new plan node. */
  withPlan(body: PlanBody): DataFrame {
    return this.fromNode(node(body));
  }

  /** @internal A DataFrame of the same session over an existing plan node. */
  fromNode(plan: PlanNode): DataFrame {
    return new (this.constructor as DataFrameCtor)(this.sparkSession, plan);
  }

  /**
   * @internal The plan ready to lower: fills in what needs the server first, innermost first: the
   * column lists of numeric aggregations without column names (`groupBy('k').sum()`) and the
   * names of integer column positions (`sort(1)`, `groupBy(2)`), one schema request per node.
   */
  async preparedPlan(plan: PlanNode = this.plan, opts?: CallOptions): Promise<PlanNode> {
    for (const feature of exprFeaturesOf(plan)) this.sparkSession.requireFeature(feature);
    const pending = [...walkPlan(plan)].filter((n) => needsInputSchema(n));
    for (const n of pending.reverse()) {
      if (!needsInputSchema(n)) continue;
      const schema = await this.schemaOfPlan(n.input, opts);
      resolveOrdinals(unresolvedOrdinals(n), schema);
      if (n.kind === 'aggregate' && n.numeric !== undefined && n.numeric.columns === undefined) {
        n.numeric.columns = schema.fields
          .filter((f) => NUMERIC_KINDS.has(f.dataType.kind))
          .map((f) => f.name);
      }
    }
    return plan;
  }

  /** @internal The root proto Plan of a (prepared) plan node. */
  async protoPlan(plan: PlanNode = this.plan, opts?: CallOptions): Promise<Plan> {
    return rootPlan(await this.preparedPlan(plan, opts));
  }

  /**
   * @internal The hook every action calls once its result stream completed (batches(), commands):
   * hands observed metrics to the plan's Observations; DataFrame also records executionInfo here.
   */
  onActionComplete(plan: PlanNode, state: ResultState): void {
    if (state.observedMetrics.length === 0) return;
    for (const n of walkPlan(plan)) {
      if (n.kind !== 'collectMetrics' || n.observer === undefined) continue;
      const m = state.observedMetrics.filter((o) => o.name === n.name).pop();
      if (m !== undefined) n.observer.deliver(m, n.metrics);
    }
  }

  /** @internal Runs a plan and yields its Arrow record batches. */
  async *batches(
    opts?: ActionOptions,
    state: ResultState = newResultState(),
    plan: PlanNode = this.plan,
  ): AsyncGenerator<RecordBatch> {
    const stream = this.sparkSession.execute(await this.protoPlan(plan, opts), opts);
    yield* readArrowBatches(stream, state);
    this.onActionComplete(plan, state);
  }

  /** @internal Runs a plan (when first pulled) and gives its rows, decoding batch by batch. */
  rowsOf(plan: PlanNode, opts?: ActionOptions): AsyncIterableIterator<Row> {
    const state = newResultState();
    return new RowIterator(this.batches(opts, state, plan), () => this.schemaOf(state, plan, opts));
  }

  /**
   * @internal All rows of a plan. Decodes batch by batch and appends the rows directly (no async
   * step per row, as `rowsOf` needs for a consumer that pulls).
   */
  async rowsOfPlan(plan: PlanNode, opts?: ActionOptions): Promise<Row[]> {
    const state = newResultState();
    let decoder: RowDecoder | undefined;
    let rows: Row[] | undefined;
    for await (const batch of this.batches(opts, state, plan)) {
      decoder ??= new RowDecoder(await this.schemaOf(state, plan, opts), { timeZone: 'UTC' });
      const decoded = decoder.decode(batch);
      if (rows === undefined) {
        rows = decoded;
        continue;
      }
      for (let i = 0; i < decoded.length; i++) rows.push(decoded[i]);
    }
    return rows ?? [];
  }

  private async schemaOf(state: ResultState, plan: PlanNode, opts?: CallOptions): Promise<StructType> {
    if (state.schema !== undefined) {
      const t = fromProtoDataType(state.schema);
      if (t instanceof StructType) return t;
    }
    return this.schemaOfPlan(plan, opts);
  }

  private async schemaOfPlan(plan: PlanNode, opts?: CallOptions): Promise<StructType> {
    const resp = await this.sparkSession.rpc.analyze(
      { case: 'schema', value: { plan: await this.protoPlan(plan, opts) } },
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

  // ---- actions -----------------------------------------------------------------------------

  /** All rows. @example const rows = await df.collect(); */
  async collect(opts?: ActionOptions): Promise<Row[]> {
    return this.rowsOfPlan(this.plan, opts);
  }

  /** Rows as they arrive, pulled by the consumer (bounded memory). Breaking out releases the query. */
  toLocalIterator(opts?: ActionOptions): AsyncIterable<Row> {
    return { [Symbol.asyncIterator]: () => this.rowsOf(this.plan, opts) };
  }

  /**
   * The result as apache-arrow RecordBatches, as they arrive, pulled by the consumer (bounded
   * memory). Breaking out of the loop releases the query on the server (and interrupts it if it
   * is still running).
   *
   * @example
   * let rows = 0;
   * for await (const batch of df.toArrowBatches()) rows += batch.numRows;
   */
  toArrowBatches(opts?: ActionOptions): AsyncIterable<RecordBatch> {
    return { [Symbol.asyncIterator]: () => this.batches(opts) };
  }

  /** `for await (const row of df)`: same as toLocalIterator(). */
  [Symbol.asyncIterator](): AsyncIterator<Row> {
    return this.rowsOf(this.plan);
  }

  /** The first `n` rows. @example await df.take(3) */
  async take(n: number, opts?: ActionOptions): Promise<Row[]> {
    return this.rowsOfPlan(node({ kind: 'limit', input: this.plan, limit: checkCount(n, 'limit()') }), opts);
  }

  /** The first row (or null), or with `n` the first `n` rows. @example await df.head(2) */
  async head(): Promise<Row | null>;
  async head(n: number, opts?: ActionOptions): Promise<Row[]>;
  async head(n?: number, opts?: ActionOptions): Promise<Row | null | Row[]> {
    if (n === undefined) return (await this.take(1))[0] ?? null;
    return this.take(n, opts);
  }

  /** The first row, or null when empty. @example (await df.first())?.get('id') */
  async first(opts?: ActionOptions): Promise<Row | null> {
    return (await this.take(1, opts))[0] ?? null;
  }

  /**
   * The last `n` rows (all of them travel through the driver: keep `n` small).
   * @example await spark.range(10).tail(2) // ids 8 and 9
   */
  async tail(n: number, opts?: ActionOptions): Promise<Row[]> {
    return this.rowsOfPlan(node({ kind: 'tail', input: this.plan, limit: checkCount(n, 'tail()') }), opts);
  }

  /** Number of rows. @example await df.count() */
  async count(opts?: ActionOptions): Promise<number> {
    const agg = node({
      kind: 'aggregate',
      input: this.plan,
      groupType: 'groupBy',
      grouping: [],
      aggregates: [{ kind: 'function', name: 'count', args: [{ kind: 'literal', value: 1 }] }],
    });
    const rows = await this.rowsOfPlan(agg, opts);
    if (rows.length !== 1) throw new ProtocolError(`count() expected one row, got ${rows.length}`);
    return Number(rows[0].get(0));
  }

  /** True when the DataFrame has no rows. @example await df.isEmpty() */
  async isEmpty(opts?: ActionOptions): Promise<boolean> {
    return (await this.take(1, opts)).length === 0;
  }

  /** All results as an apache-arrow Table. @example (await df.toArrow()).numRows */
  async toArrow(opts?: ActionOptions): Promise<Table> {
    const batches: RecordBatch[] = [];
    for await (const b of this.batches(opts)) batches.push(b);
    return new Table(batches);
  }

  /**
   * All results column by column, for wide results where a Row per record costs too much. Takes
   * the same options as `collect()` and runs the same way (reattach, retries, errors); the rows of
   * `collect()` are unchanged by it.
   *
   * Each column's `values` is a typed array for boolean (`Uint8Array` of 0/1), byte (`Int8Array`),
   * short (`Int16Array`), integer (`Int32Array`), long (`BigInt64Array`), float (`Float32Array`)
   * and double (`Float64Array`), with 0 at nulls; for every other type, an array of the values
   * `Row.get` gives (null at nulls). `nulls` (one byte per row, 1 = null; undefined without nulls)
   * and `isNull(i)` tell the nulls; `get(i)` gives a value as `Row.get` does.
   *
   * @example
   * const result = await spark.range(0, 1000).selectExpr('id', 'id / 2 AS half').collectColumns();
   * const half = result.column('half').valuesAs('double'); // Float64Array of 1000 values
   * result.column(0).get(999); // 999n
   * @throws TypeError for bad options
   */
  async collectColumns(opts?: ActionOptions): Promise<ColumnarResult> {
    validateExecuteOptions(opts);
    const state = newResultState();
    let decoder: ColumnarDecoder | undefined;
    for await (const b of this.batches(opts, state)) {
      decoder ??= new ColumnarDecoder(await this.schemaOf(state, this.plan, opts), { timeZone: 'UTC' });
      decoder.add(b);
    }
    // An empty result: the schema alone (asked of the server when no response carried it).
    decoder ??= new ColumnarDecoder(await this.schemaOf(state, this.plan, opts), { timeZone: 'UTC' });
    return decoder.finish();
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
    const rows = await this.rowsOfPlan(plan, opts);
    if (rows.length !== 1) throw new ProtocolError(`show() expected one row, got ${rows.length}`);
    return String(rows[0].get(0));
  }

  /**
   * Spark's own HTML table of the first `n` rows (what PySpark's `_repr_html_` shows in a
   * notebook): a `<table border='1'>` with a header row, cells HTML-escaped and cut to
   * `truncate` characters (`true`: 20, `false` or 0: not cut).
   * @example const html = await df.toHtml(5); // "<table border='1'>\n<tr><th>id</th></tr>\n..."
   */
  async toHtml(n = 20, truncate: boolean | number = true, opts?: ActionOptions): Promise<string> {
    checkCount(n, 'toHtml() n');
    const t = truncate === true ? 20 : truncate === false ? 0 : checkCount(truncate, 'toHtml() truncate');
    const rows = await this.rowsOfPlan(
      node({ kind: 'htmlString', input: this.plan, numRows: n, truncate: t }),
      opts,
    );
    if (rows.length !== 1) throw new ProtocolError(`toHtml() expected one row, got ${rows.length}`);
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

  /** The schema. @example (await df.schema()).fieldNames() */
  async schema(opts?: CallOptions): Promise<StructType> {
    return this.schemaOfPlan(this.plan, opts);
  }

  /** The column names. @example await df.columns() // ['id', 'name'] */
  async columns(opts?: CallOptions): Promise<string[]> {
    return (await this.schema(opts)).fieldNames();
  }

  /** `[name, type]` pairs, types as Spark's simple strings. @example await df.dtypes() // [['id', 'bigint']] */
  async dtypes(opts?: CallOptions): Promise<[string, string][]> {
    return (await this.schema(opts)).fields.map((f) => [f.name, f.dataType.simpleString()]);
  }

  /** Spark's tree rendering of the schema (what printSchema() prints). */
  async schemaTreeString(level?: number, opts?: CallOptions): Promise<string> {
    const plan = await this.protoPlan(this.plan, opts);
    const resp = await this.sparkSession.rpc.analyze(
      { case: 'treeString', value: { plan, ...(level === undefined ? {} : { level }) } },
      opts,
    );
    if (resp.result.case !== 'treeString')
      throw new ProtocolError('The server did not answer with a tree string');
    return resp.result.value.treeString;
  }

  /** Prints the schema as a tree. @example await df.printSchema() */
  async printSchema(level?: number, opts?: CallOptions): Promise<void> {
    process.stdout.write(`${await this.schemaTreeString(level, opts)}\n`);
  }

  /** The query plan as text (modes: simple, extended, codegen, cost, formatted; `true` = extended). */
  async explainString(mode: ExplainMode | boolean = 'simple', opts?: CallOptions): Promise<string> {
    const m: ExplainMode = mode === true ? 'extended' : mode === false ? 'simple' : mode;
    const explainMode = Object.hasOwn(EXPLAIN_MODES, m) ? EXPLAIN_MODES[m] : undefined;
    if (explainMode === undefined) {
      throw new TypeError(
        `Unknown explain mode '${String(mode)}'; use one of ${Object.keys(EXPLAIN_MODES).join(', ')}`,
      );
    }
    const plan = await this.protoPlan(this.plan, opts);
    const resp = await this.sparkSession.rpc.analyze({ case: 'explain', value: { plan, explainMode } }, opts);
    if (resp.result.case !== 'explain')
      throw new ProtocolError('The server did not answer with an explain string');
    return resp.result.value.explainString;
  }

  /** Prints the query plan. @example await df.explain('formatted') */
  async explain(mode: ExplainMode | boolean = 'simple', opts?: CallOptions): Promise<void> {
    process.stdout.write(`${await this.explainString(mode, opts)}\n`);
  }

  // ---- columns bound to this DataFrame -----------------------------------------------------

  /** A column of this DataFrame, bound to it (so self-joins resolve). @example df.col('a') */
  col(name: string): Column {
    if (typeof name !== 'string') throw new TypeError('col() takes a column name');
    if (name === '*') return new Column({ kind: 'star', planId: this.plan.planId });
    return new Column({ kind: 'attribute', name, planId: this.plan.planId });
  }

  /**
   * The columns whose names match a Java regular expression (in backquotes, as in SQL).
   * @example df.select(df.colRegex('`(id|name)`'))
   */
  colRegex(colName: string): Column {
    if (typeof colName !== 'string') throw new TypeError('colRegex() takes a regular expression string');
    return new Column({ kind: 'regex', pattern: colName, planId: this.plan.planId });
  }

  /**
   * A metadata column of this DataFrame's source (e.g. `_metadata` of a file source).
   * @example df.select(df.metadataColumn('_metadata'))
   */
  metadataColumn(colName: string): Column {
    if (typeof colName !== 'string') throw new TypeError('metadataColumn() takes a column name');
    return new Column({ kind: 'attribute', name: colName, planId: this.plan.planId, isMetadataColumn: true });
  }

  toString(): string {
    return `DataFrame[plan ${this.plan.planId}]`;
  }
}
