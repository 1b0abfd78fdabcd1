/** GroupedData: the result of groupBy / rollup / cube / groupingSets / pivot, awaiting aggregation. */
import { Column } from '../column/column.js';
import { toLiteral } from '../column/literal.js';
import type { ExprNode, LiteralValue } from '../column/nodes.js';
import type { GroupType, NumericAggregation } from '../plan/nodes.js';
import { checkName, describeValue, flatten } from './args.js';
import type { DataFrame } from './dataframe.js';

/** `{ column: 'aggregate function name' }`, as in PySpark's `agg({'age': 'max'})`. */
export type AggDict = Record<string, string> | Map<string, string>;

/** @internal Converts `agg()` arguments to aggregate expressions. */
export function aggExprs(what: string, exprs: readonly (Column | AggDict)[]): ExprNode[] {
  if (exprs.length === 0) throw new TypeError(`${what} needs at least one aggregate expression`);
  if (exprs.length === 1 && !(exprs[0] instanceof Column)) {
    const d = exprs[0];
    if (d === null || typeof d !== 'object' || Array.isArray(d)) {
      throw new TypeError(
        `${what} takes Columns or one { column: 'function' } object, got ${describeValue(d)}`,
      );
    }
    const entries = d instanceof Map ? [...d] : Object.entries(d);
    if (entries.length === 0) throw new TypeError(`${what}: the { column: 'function' } object is empty`);
    return entries.map(([c, fn]): ExprNode => {
      if (typeof fn !== 'string' || fn.length === 0) {
        throw new TypeError(`${what}: the function for column '${c}' must be a function name string`);
      }
      return {
        kind: 'function',
        name: fn,
        args: [c === '*' ? { kind: 'star' } : { kind: 'attribute', name: c }],
      };
    });
  }
  return exprs.map((e, i) => {
    if (!(e instanceof Column)) {
      throw new TypeError(
        `${what} takes Columns (or one { column: 'function' } object); argument ${i} is ${describeValue(e)}`,
      );
    }
    return e.node;
  });
}

/**
 * A DataFrame grouped by some columns, to aggregate with `agg`, `count`, `sum`, `avg`, `min`,
 * `max`, or to `pivot` first.
 *
 * @example
 * df.groupBy('dept').agg(F.avg('salary').alias('avg'), F.count('*').alias('n'));
 * df.groupBy('dept').agg({ salary: 'max' });
 * df.groupBy('year').pivot('course', ['dotNET', 'Java']).sum('earnings');
 */
export class GroupedData {
  private readonly df: DataFrame;
  private readonly groupType: GroupType;
  private readonly grouping: ExprNode[];
  private readonly pivotSpec: { col: ExprNode; values: LiteralValue[] } | undefined;
  private readonly sets: ExprNode[][] | undefined;

  /** @internal Use `df.groupBy()`, `df.rollup()`, `df.cube()` or `df.groupingSets()`. */
  constructor(
    df: DataFrame,
    groupType: GroupType,
    grouping: ExprNode[],
    extra: { pivot?: { col: ExprNode; values: LiteralValue[] }; groupingSets?: ExprNode[][] } = {},
  ) {
    this.df = df;
    this.groupType = groupType;
    this.grouping = grouping;
    this.pivotSpec = extra.pivot;
    this.sets = extra.groupingSets;
  }

  private aggregate(aggregates: ExprNode[], numeric?: NumericAggregation): DataFrame {
    return this.df.withPlan({
      kind: 'aggregate',
      input: this.df.plan,
      groupType: this.groupType,
      grouping: this.grouping,
      aggregates,
      ...(this.pivotSpec === undefined ? {} : { pivot: this.pivotSpec }),
      ...(this.sets === undefined ? {} : { groupingSets: this.sets }),
      ...(numeric === undefined ? {} : { numeric }),
    });
  }

  /**
   * Aggregates with Column expressions, or with one `{ column: 'function' }` object.
   * @example gd.agg(F.min('age'), F.max('age')); gd.agg({ age: 'max', name: 'count' })
   */
  agg(...exprs: (Column | AggDict)[]): DataFrame {
    return this.aggregate(aggExprs('agg()', exprs));
  }

  /** Number of rows per group, in a column named `count`. @example df.groupBy('k').count() */
  count(): DataFrame {
    return this.aggregate([
      {
        kind: 'alias',
        expr: { kind: 'function', name: 'count', args: [{ kind: 'literal', value: 1 }] },
        names: ['count'],
      },
    ]);
  }

  private numericAgg(
    fn: NumericAggregation['fn'],
    what: string,
    cols: readonly (string | readonly string[])[],
  ): DataFrame {
    const names = flatten(cols);
    for (const c of names) {
      if (typeof c !== 'string') throw new TypeError(`${what} takes column names, got ${describeValue(c)}`);
    }
    if (names.length === 0) return this.aggregate([], { fn });
    return this.aggregate(
      names.map((c) => ({ kind: 'function', name: fn, args: [{ kind: 'attribute', name: c }] })),
    );
  }

  /**
   * Sum of the given numeric columns per group (every numeric column when none are given).
   * @example df.groupBy('k').sum('v'); df.groupBy('k').sum()
   */
  sum(...cols: (string | readonly string[])[]): DataFrame {
    return this.numericAgg('sum', 'sum()', cols);
  }

  /** Average of the given numeric columns per group (every numeric column when none are given). */
  avg(...cols: (string | readonly string[])[]): DataFrame {
    return this.numericAgg('avg', 'avg()', cols);
  }

  /** Alias of `avg`. @example df.groupBy('k').mean('v') */
  mean(...cols: (string | readonly string[])[]): DataFrame {
    return this.numericAgg('avg', 'mean()', cols);
  }

  /** Minimum of the given numeric columns per group (every numeric column when none are given). */
  min(...cols: (string | readonly string[])[]): DataFrame {
    return this.numericAgg('min', 'min()', cols);
  }

  /** Maximum of the given numeric columns per group (every numeric column when none are given). */
  max(...cols: (string | readonly string[])[]): DataFrame {
    return this.numericAgg('max', 'max()', cols);
  }

  /**
   * Pivots a column: its values become output columns. Without `values` the server first computes
   * the distinct values (an extra job). Only after `groupBy`.
   * @example df.groupBy('year').pivot('course', ['dotNET', 'Java']).sum('earnings')
   */
  pivot(pivotCol: string | Column, values?: readonly LiteralValue[]): GroupedData {
    if (this.groupType !== 'groupBy') {
      throw new TypeError(
        this.groupType === 'pivot'
          ? 'pivot() cannot be repeated'
          : `pivot() is not supported after ${this.groupType}()`,
      );
    }
    let col: ExprNode;
    if (pivotCol instanceof Column) col = pivotCol.node;
    else col = this.df.col(checkName(pivotCol, 'pivot() column')).node;
    if (values !== undefined) {
      if (!Array.isArray(values)) throw new TypeError('pivot() values must be an array');
      for (const v of values) {
        if (v === null || v === undefined)
          throw new TypeError('pivot() values must not be null or undefined');
        toLiteral(v);
      }
    }
    return new GroupedData(this.df, 'pivot', this.grouping, { pivot: { col, values: [...(values ?? [])] } });
  }

  toString(): string {
    return `GroupedData[${this.groupType}, ${this.grouping.length} grouping expression(s)]`;
  }
}
