/** Lowering of plan nodes to proto Relations (and Plans): one place, exhaustive over node kinds. */
import { create } from '@bufbuild/protobuf';
import { toLiteral } from '../column/literal.js';
import { lowerExpr } from '../column/lower.js';
import type { ExprNode } from '../column/nodes.js';
import { type Plan, PlanSchema } from '../gen/spark/connect/base_pb.js';
import type { Expression_SortOrder } from '../gen/spark/connect/expressions_pb.js';
import { Aggregate_GroupType, type Relation, RelationSchema } from '../gen/spark/connect/relations_pb.js';
import { lowerIoPlan } from './io-lower.js';
import { IO_PLAN_KINDS, type IoPlanBody } from './io-nodes.js';
import type { CorePlanBody, PlanNode } from './nodes.js';

type IoNode = IoPlanBody & { readonly planId: number };
type CoreNode = CorePlanBody & { readonly planId: number };

function isIoNode(n: PlanNode): n is IoNode {
  return IO_PLAN_KINDS.has(n.kind);
}

function rel(n: { readonly planId: number }, relType: Relation['relType']): Relation {
  return create(RelationSchema, { common: { planId: BigInt(n.planId) }, relType });
}

function sortOrder(e: ExprNode): Expression_SortOrder {
  const sortNode: ExprNode =
    e.kind === 'sortOrder' ? e : { kind: 'sortOrder', expr: e, direction: 'asc', nulls: 'nullsFirst' };
  const lowered = lowerExpr(sortNode);
  if (lowered.exprType.case !== 'sortOrder') throw new Error('unreachable: sort order lowering');
  return lowered.exprType.value;
}

/** Lowers a plan node to its proto Relation. */
export function lowerPlan(node: PlanNode): Relation {
  if (isIoNode(node)) return lowerIoPlan(node);
  const n: CoreNode = node as CoreNode;
  switch (n.kind) {
    case 'relation':
      return n.relation;
    case 'sql':
      return rel(n, {
        case: 'sql',
        value: {
          query: n.query,
          args: Object.fromEntries(Object.entries(n.args ?? {}).map(([k, v]) => [k, toLiteral(v)])),
          posArgs: (n.posArgs ?? []).map(toLiteral),
        },
      } as Relation['relType']);
    case 'range':
      return rel(n, {
        case: 'range',
        value: {
          start: n.start,
          end: n.end,
          step: n.step,
          ...(n.numPartitions === undefined ? {} : { numPartitions: n.numPartitions }),
        },
      } as Relation['relType']);
    case 'table':
      return rel(n, {
        case: 'read',
        value: {
          readType: { case: 'namedTable', value: { unparsedIdentifier: n.name, options: n.options } },
        },
      } as Relation['relType']);
    case 'project':
      return rel(n, {
        case: 'project',
        value: { input: lowerPlan(n.input), expressions: n.exprs.map(lowerExpr) },
      } as Relation['relType']);
    case 'filter':
      return rel(n, {
        case: 'filter',
        value: { input: lowerPlan(n.input), condition: lowerExpr(n.condition) },
      } as Relation['relType']);
    case 'limit':
      return rel(n, {
        case: 'limit',
        value: { input: lowerPlan(n.input), limit: n.limit },
      } as Relation['relType']);
    case 'offset':
      return rel(n, {
        case: 'offset',
        value: { input: lowerPlan(n.input), offset: n.offset },
      } as Relation['relType']);
    case 'tail':
      return rel(n, {
        case: 'tail',
        value: { input: lowerPlan(n.input), limit: n.limit },
      } as Relation['relType']);
    case 'sort':
      return rel(n, {
        case: 'sort',
        value: { input: lowerPlan(n.input), order: n.order.map(sortOrder), isGlobal: n.isGlobal },
      } as Relation['relType']);
    case 'withColumns':
      return rel(n, {
        case: 'withColumns',
        value: {
          input: lowerPlan(n.input),
          aliases: n.columns.map((c) => ({
            expr: lowerExpr(c.expr),
            name: [c.name],
            ...(c.metadata === undefined ? {} : { metadata: c.metadata }),
          })),
        },
      } as Relation['relType']);
    case 'subqueryAlias':
      return rel(n, {
        case: 'subqueryAlias',
        value: { input: lowerPlan(n.input), alias: n.alias },
      } as Relation['relType']);
    case 'aggregate':
      return rel(n, {
        case: 'aggregate',
        value: {
          input: lowerPlan(n.input),
          groupType: Aggregate_GroupType.GROUPBY,
          groupingExpressions: n.grouping.map(lowerExpr),
          aggregateExpressions: n.aggregates.map(lowerExpr),
        },
      } as Relation['relType']);
    case 'showString':
      return rel(n, {
        case: 'showString',
        value: { input: lowerPlan(n.input), numRows: n.numRows, truncate: n.truncate, vertical: n.vertical },
      } as Relation['relType']);
  }
}

/** A root Plan for a relation. */
export function rootPlan(n: PlanNode): Plan {
  return create(PlanSchema, { opType: { case: 'root', value: lowerPlan(n) } });
}
