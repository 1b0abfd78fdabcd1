/** TableArg: a DataFrame passed as a table argument (`df.asTable()`, Spark 4.0+). */
import type { PlanNode } from '../plan/nodes.js';
import { Column } from './column.js';
import type { ExprNode, SubqueryKind } from './nodes.js';

type TableArgKind = Extract<SubqueryKind, { type: 'tableArg' }>;

function partitionNode(c: Column | string, what: string): ExprNode {
  if (c instanceof Column) return c.node;
  if (typeof c === 'string' && c.length > 0) return { kind: 'attribute', name: c };
  throw new TypeError(`TableArg.${what}() takes Columns or column names, got ${String(c)}`);
}

function flattenCols(cols: readonly (Column | string | readonly (Column | string)[])[]): (Column | string)[] {
  return cols.length === 1 && Array.isArray(cols[0])
    ? [...(cols[0] as readonly (Column | string)[])]
    : (cols as (Column | string)[]);
}

/**
 * A DataFrame as a table argument of a table-valued function (`df.asTable()`), optionally
 * partitioned (`partitionBy` or `withSinglePartition`) and ordered within partitions (`orderBy`).
 * Pass it as an argument of `F.call_function` or a table-valued function call. Spark 4.0+.
 *
 * @example
 * const arg = df.asTable().partitionBy('k').orderBy(col('v').desc());
 */
export class TableArg {
  /** @internal The subquery expression (kind 'subquery', type 'tableArg'). */
  readonly node: Extract<ExprNode, { kind: 'subquery' }> & { subquery: TableArgKind };

  /** @internal Use `df.asTable()`. */
  constructor(plan: PlanNode, options: Omit<TableArgKind, 'type'> = emptyOptions()) {
    this.node = { kind: 'subquery', plan, subquery: { type: 'tableArg', ...options } };
  }

  private get options(): TableArgKind {
    return this.node.subquery;
  }

  private isPartitioned(): boolean {
    return this.options.partitionBy.length > 0 || this.options.withSinglePartition;
  }

  private with(change: Partial<Omit<TableArgKind, 'type'>>): TableArg {
    const { type: _type, ...current } = this.options;
    return new TableArg(this.node.plan, { ...current, ...change });
  }

  /**
   * Partitions the table argument by columns (`PARTITION BY`); not after `partitionBy` or
   * `withSinglePartition`.
   *
   * @example df.asTable().partitionBy('k')
   */
  partitionBy(...cols: (Column | string | readonly (Column | string)[])[]): TableArg {
    if (this.isPartitioned()) {
      throw new TypeError('TableArg.partitionBy() cannot follow partitionBy() or withSinglePartition()');
    }
    const list = flattenCols(cols);
    if (list.length === 0) throw new TypeError('TableArg.partitionBy() needs at least one column');
    return this.with({ partitionBy: list.map((c) => partitionNode(c, 'partitionBy')) });
  }

  /**
   * Orders rows within each partition (`ORDER BY`); needs `partitionBy` or `withSinglePartition`
   * first. Names and plain columns sort ascending.
   *
   * @example df.asTable().partitionBy('k').orderBy(col('v').desc())
   */
  orderBy(...cols: (Column | string | readonly (Column | string)[])[]): TableArg {
    if (!this.isPartitioned()) {
      throw new TypeError('TableArg.orderBy() needs partitionBy() or withSinglePartition() first');
    }
    const list = flattenCols(cols);
    if (list.length === 0) throw new TypeError('TableArg.orderBy() needs at least one column');
    return this.with({ orderBy: [...this.options.orderBy, ...list.map((c) => partitionNode(c, 'orderBy'))] });
  }

  /**
   * Puts the whole table argument into one partition (`WITH SINGLE PARTITION`); not after
   * `partitionBy` or `withSinglePartition`.
   *
   * @example df.asTable().withSinglePartition()
   */
  withSinglePartition(): TableArg {
    if (this.isPartitioned()) {
      throw new TypeError(
        'TableArg.withSinglePartition() cannot follow partitionBy() or withSinglePartition()',
      );
    }
    return this.with({ withSinglePartition: true });
  }

  toString(): string {
    return 'TableArg';
  }
}

function emptyOptions(): Omit<TableArgKind, 'type'> {
  return { partitionBy: [], orderBy: [], withSinglePartition: false };
}
