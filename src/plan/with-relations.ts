/**
 * Subquery plans of a plan node. A subquery expression (`df.scalar()`, `df.exists()`,
 * `col.isin(df)`, `df.asTable()`) names its DataFrame's plan by plan id only; the plan itself
 * travels next to the node that uses it, in a WithRelations relation:
 *
 *   with_relations [plan id of the node]
 *     root: the node's own relation (no plan id: the wrapper carries it)
 *     references: each subquery plan, lowered with its own plan id
 *
 * Every node attaches the subqueries of its own expressions (as PySpark does), so a subquery plan
 * that holds subqueries itself carries its own WithRelations, and nesting needs nothing special.
 */
import { create } from '@bufbuild/protobuf';
import type { ExprNode } from '../column/nodes.js';
import { type Relation, RelationSchema } from '../gen/spark/connect/relations_pb.js';
import type { PlanNode } from './nodes.js';

/** Fields of a plan node that hold child plans, not expressions (see `childPlans`). */
const CHILD_FIELDS: ReadonlySet<string> = new Set(['input', 'left', 'right']);

function isPlainContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v);
  // Class instances (data types, typed literals, observers, Dates, bytes, Maps) and protobuf
  // messages (`$typeName`) hold no expression nodes.
  return (proto === Object.prototype || proto === null) && !('$typeName' in v);
}

/**
 * The subquery plans used by the expressions of `node` itself (not of its children), each once,
 * in order of appearance. Expressions may sit in any field of a node (`exprs`, `condition`,
 * `columns[].expr`, `pivot.col`, ...), so this walks every plain field except the child plans:
 * a new plan kind needs no entry here.
 */
export function subqueryPlans(node: PlanNode): PlanNode[] {
  const found = new Map<number, PlanNode>();
  const visit = (v: unknown): void => {
    if (!isPlainContainer(v)) return;
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
      return;
    }
    if (v.kind === 'subquery' && typeof v.plan === 'object' && v.plan !== null) {
      const sub = v as Extract<ExprNode, { kind: 'subquery' }>;
      if (!found.has(sub.plan.planId)) found.set(sub.plan.planId, sub.plan);
      visit(sub.subquery); // the IN values and table-argument partitioning are outer expressions
      return;
    }
    for (const value of Object.values(v)) visit(value);
  };
  for (const [field, value] of Object.entries(node)) {
    if (!CHILD_FIELDS.has(field)) visit(value);
  }
  return [...found.values()];
}

/**
 * Wraps the relation of `node` into a WithRelations carrying the node's subquery plans, or
 * returns it unchanged when the node has none. `lower` lowers the referenced plans.
 */
export function attachSubqueryPlans(
  node: PlanNode,
  relation: Relation,
  lower: (n: PlanNode) => Relation,
): Relation {
  const refs = subqueryPlans(node);
  if (refs.length === 0) return relation;
  if (relation.common !== undefined) relation.common.planId = undefined;
  return create(RelationSchema, {
    common: { planId: BigInt(node.planId) },
    relType: { case: 'withRelations', value: { root: relation, references: refs.map(lower) } },
  });
}
