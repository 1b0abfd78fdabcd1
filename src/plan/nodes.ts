/**
 * Logical plan nodes: the immutable tree a DataFrame holds. Each kind lowers to a proto Relation
 * in exactly one place (`lower.ts`), through an exhaustive switch. Every node gets a plan id so
 * `df.col(name)` can refer to its own DataFrame.
 */
import type { ExprNode, LiteralValue } from '../column/nodes.js';
import type { Relation } from '../gen/spark/connect/relations_pb.js';
import type { IoPlanBody } from './io-nodes.js';

/** The core relational kinds, lowered in lower.ts. */
export type CorePlanBody =
  /** A relation the server gave back (e.g. the result of an eager spark.sql). */
  | { kind: 'relation'; relation: Relation }
  | { kind: 'sql'; query: string; args?: Record<string, LiteralValue>; posArgs?: LiteralValue[] }
  | { kind: 'range'; start: bigint; end: bigint; step: bigint; numPartitions?: number }
  | { kind: 'table'; name: string; options: Record<string, string> }
  | { kind: 'project'; input: PlanNode; exprs: ExprNode[] }
  | { kind: 'filter'; input: PlanNode; condition: ExprNode }
  | { kind: 'limit'; input: PlanNode; limit: number }
  | { kind: 'offset'; input: PlanNode; offset: number }
  | { kind: 'tail'; input: PlanNode; limit: number }
  | { kind: 'sort'; input: PlanNode; order: ExprNode[]; isGlobal: boolean }
  | { kind: 'withColumns'; input: PlanNode; columns: { name: string; expr: ExprNode; metadata?: string }[] }
  | { kind: 'subqueryAlias'; input: PlanNode; alias: string }
  | { kind: 'aggregate'; input: PlanNode; groupType: 'groupBy'; grouping: ExprNode[]; aggregates: ExprNode[] }
  | { kind: 'showString'; input: PlanNode; numRows: number; truncate: number; vertical: boolean };

/** Every plan body: core kinds plus the IO kinds of io-nodes.ts. */
export type PlanBody = CorePlanBody | IoPlanBody;

export type PlanKind = PlanBody['kind'];

/** A plan node: a body and its plan id. */
export type PlanNode = PlanBody & { readonly planId: number };

let nextPlanId = 0;

/** Wraps a body into a node with a fresh plan id. */
export function node(body: PlanBody): PlanNode {
  return { ...body, planId: nextPlanId++ };
}
