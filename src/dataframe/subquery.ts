/**
 * DataFrame methods built on subqueries (Spark 4.0+): `scalar()`, `exists()`, `asTable()` and
 * `lateralJoin()`. The subquery expressions name this DataFrame's plan by plan id; the plan
 * lowering attaches the plan (see plan/with-relations.ts).
 */
import { Column } from '../column/column.js';
import type { SubqueryKind } from '../column/nodes.js';
import {
  SUBQUERY_PLAN,
  type SubqueryFeature,
  type SubquerySource,
  subqueryNode,
} from '../column/subquery-source.js';
import { TableArg } from '../column/table-arg.js';
import type { PlanBody, PlanNode } from '../plan/nodes.js';
import type { DataFrame } from './dataframe.js';
import { DataFrameExtra } from './ops-extra.js';

/** The join types `lateralJoin` accepts (case-insensitive; underscores optional). */
export type LateralJoinHow = 'inner' | 'left' | 'leftouter' | 'left_outer' | 'cross';

type LateralJoinType = Extract<PlanBody, { kind: 'lateralJoin' }>['joinType'];

const LATERAL_JOIN_TYPES: Readonly<Record<string, LateralJoinType>> = {
  inner: 'inner',
  left: 'leftOuter',
  leftouter: 'leftOuter',
  cross: 'cross',
};

/** @internal Parses `lateralJoin`'s `how`; a TypeError names anything else. */
export function parseLateralJoinType(how: unknown): LateralJoinType {
  if (how === undefined || how === null) return 'inner';
  const key = typeof how === 'string' ? how.toLowerCase().replaceAll('_', '') : undefined;
  if (key === undefined || !Object.hasOwn(LATERAL_JOIN_TYPES, key)) {
    throw new TypeError(
      `lateralJoin() does not support join type ${JSON.stringify(how)}; supported: 'inner', 'left', 'leftouter', 'left_outer', 'cross'`,
    );
  }
  return LATERAL_JOIN_TYPES[key];
}

/** @internal The subquery part of DataFrame; use `DataFrame`. */
export abstract class DataFrameSubquery extends DataFrameExtra implements SubquerySource {
  /** @internal This DataFrame's plan for a subquery, after the check of `feature` (by default `subqueries`). */
  [SUBQUERY_PLAN](api: string, feature: SubqueryFeature = 'subqueries'): PlanNode {
    this.sparkSession.requireFeature(feature, api);
    return this.plan;
  }

  private subquery(what: string, kind: SubqueryKind): Column {
    return new Column(subqueryNode(this[SUBQUERY_PLAN](what), kind));
  }

  /**
   * This DataFrame as a scalar subquery: a Column holding the single value of its single column
   * (NULL without rows; more than one row fails when the query runs). Refer to the enclosing
   * query's columns with `col(...).outer()` for a correlated subquery. Spark 4.0+.
   *
   * @example
   * emp.alias('e1').where(
   *   col('salary').gt(emp.alias('e2').where(col('e2.dept').eq(col('e1.dept').outer())).select(F.avg('salary')).scalar()),
   * )
   */
  scalar(): Column {
    return this.subquery('DataFrame.scalar', { type: 'scalar' });
  }

  /**
   * This DataFrame as an EXISTS subquery: a boolean Column, true when it has at least one row.
   * Usually correlated with `col(...).outer()`. Spark 4.0+.
   *
   * @example
   * customers.alias('c').where(orders.alias('o').where(col('o.cust').eq(col('c.id').outer())).exists())
   */
  exists(): Column {
    return this.subquery('DataFrame.exists', { type: 'exists' });
  }

  /**
   * This DataFrame as a table argument of a table-valued function, to partition and order with
   * `partitionBy` / `withSinglePartition` / `orderBy`. Spark 4.0+.
   *
   * @example
   * df.asTable().partitionBy('k').orderBy('v')
   */
  asTable(): TableArg {
    return new TableArg(this[SUBQUERY_PLAN]('DataFrame.asTable'));
  }

  /**
   * Lateral join: `other` is evaluated per row of this DataFrame and may refer to its columns
   * with `col(...).outer()`. `how`: 'inner' (default), 'left' / 'leftouter' / 'left_outer', or
   * 'cross'; `on`: an optional join condition. Spark 4.0+.
   *
   * @example
   * t.lateralJoin(spark.range(1).select(col('a').outer().plus(1).alias('a1')))
   */
  lateralJoin(other: DataFrame, on?: Column, how?: LateralJoinHow): DataFrame {
    const right = this.sameSession(other, 'lateralJoin()');
    if (on !== undefined && on !== null && !(on instanceof Column)) {
      throw new TypeError(`lateralJoin() on must be a Column condition, got ${typeof on}`);
    }
    const joinType = parseLateralJoinType(how);
    this[SUBQUERY_PLAN]('DataFrame.lateralJoin');
    return this.withPlan({
      kind: 'lateralJoin',
      left: this.plan,
      right: right.plan,
      joinType,
      ...(on instanceof Column ? { condition: on.node } : {}),
    });
  }
}
