/**
 * The link from a Column to another DataFrame's plan for subquery expressions (Spark 4.0+):
 * `col.isin(df)` needs the DataFrame's plan, and the column module cannot import DataFrame.
 */
import type { PlanNode } from '../plan/nodes.js';
import type { ExprNode, SubqueryKind } from './nodes.js';

/** @internal The feature a subquery needs: most kinds `subqueries` (4.0), an IN subquery `inSubquery` (4.1). */
export type SubqueryFeature = 'subqueries' | 'inSubquery';

/**
 * @internal The method by which a DataFrame hands its plan to a subquery expression; it throws
 * UnsupportedServerVersionError when the server lacks the subquery's feature (see the feature table).
 */
export const SUBQUERY_PLAN: unique symbol = Symbol('spark-connect-ts.subqueryPlan');

/** @internal Something usable as a subquery: a DataFrame. */
export interface SubquerySource {
  [SUBQUERY_PLAN](what: string, feature?: SubqueryFeature): PlanNode;
}

/** @internal True for a DataFrame (anything that can be a subquery). */
export function isSubquerySource(v: unknown): v is SubquerySource {
  return typeof v === 'object' && v !== null && SUBQUERY_PLAN in v;
}

/** @internal A subquery expression node over `plan`. */
export function subqueryNode(plan: PlanNode, subquery: SubqueryKind): ExprNode {
  return { kind: 'subquery', plan, subquery };
}
