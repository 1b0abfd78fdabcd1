/**
 * Lowering of plan nodes to proto Relations (and Plans): one place, exhaustive over node kinds.
 * The statistics and missing-value kinds are lowered in lower-stat.ts; IO kinds in io-lower.ts;
 * the newer relations (zip, nearestByJoin, ...) in extra-lower.ts.
 */
import { clone, create } from '@bufbuild/protobuf';
import { toLiteral } from '../column/literal.js';
import { lowerExpr } from '../column/lower.js';
import type { ExprNode } from '../column/nodes.js';
import { type Plan, PlanSchema } from '../gen/spark/connect/base_pb.js';
import type { Expression_SortOrder } from '../gen/spark/connect/expressions_pb.js';
import {
  Aggregate_GroupType,
  Join_JoinType,
  type Relation,
  RelationCommonSchema,
  RelationSchema,
  SetOperation_SetOpType,
} from '../gen/spark/connect/relations_pb.js';
import { toProtoDataType } from '../types/index.js';
import { lowerExtraPlan } from './extra-lower.js';
import { EXTRA_PLAN_KINDS, type ExtraPlanBody } from './extra-nodes.js';
import { lowerIoPlan } from './io-lower.js';
import { IO_PLAN_KINDS, type IoPlanBody } from './io-nodes.js';
import { lowerStatPlan } from './lower-stat.js';
import type { CorePlanBody, GroupType, JoinType, PlanNode, SetOpType } from './nodes.js';
import { attachSubqueryPlans } from './with-relations.js';

type IoNode = IoPlanBody & { readonly planId: number };
type ExtraNode = ExtraPlanBody & { readonly planId: number };
type CoreNode = CorePlanBody & { readonly planId: number };

function isExtraNode(n: PlanNode): n is ExtraNode {
  return EXTRA_PLAN_KINDS.has(n.kind);
}

function isIoNode(n: PlanNode): n is IoNode {
  return IO_PLAN_KINDS.has(n.kind);
}

function rel(n: { readonly planId: number }, relType: Relation['relType']): Relation {
  return create(RelationSchema, { common: { planId: BigInt(n.planId) }, relType });
}

/** A sort order; plain expressions sort ascending, nulls first (Spark's default). */
export function sortOrder(e: ExprNode): Expression_SortOrder {
  const lowered = lowerExpr(asSortOrder(e));
  if (lowered.exprType.case !== 'sortOrder') throw new Error('unreachable: sort order lowering');
  return lowered.exprType.value;
}

/** Wraps a plain expression into an ascending sort order; sort orders stay as they are. */
export function asSortOrder(e: ExprNode): ExprNode {
  return e.kind === 'sortOrder' ? e : { kind: 'sortOrder', expr: e, direction: 'asc', nulls: 'nullsFirst' };
}

const JOIN_TYPES: Record<JoinType, Join_JoinType> = {
  inner: Join_JoinType.INNER,
  fullOuter: Join_JoinType.FULL_OUTER,
  leftOuter: Join_JoinType.LEFT_OUTER,
  rightOuter: Join_JoinType.RIGHT_OUTER,
  leftAnti: Join_JoinType.LEFT_ANTI,
  leftSemi: Join_JoinType.LEFT_SEMI,
  cross: Join_JoinType.CROSS,
};

const GROUP_TYPES: Record<GroupType, Aggregate_GroupType> = {
  groupBy: Aggregate_GroupType.GROUPBY,
  rollup: Aggregate_GroupType.ROLLUP,
  cube: Aggregate_GroupType.CUBE,
  pivot: Aggregate_GroupType.PIVOT,
  groupingSets: Aggregate_GroupType.GROUPING_SETS,
};

const SET_OPS: Record<SetOpType, SetOperation_SetOpType> = {
  union: SetOperation_SetOpType.UNION,
  intersect: SetOperation_SetOpType.INTERSECT,
  except: SetOperation_SetOpType.EXCEPT,
};

function aggregateExprs(n: Extract<CoreNode, { kind: 'aggregate' }>): ExprNode[] {
  if (n.numeric === undefined) return n.aggregates;
  const cols = n.numeric.columns;
  if (cols === undefined) {
    throw new Error(
      `internal: ${n.numeric.fn}() over every numeric column needs the input schema; lower the result of DataFrame.preparedPlan()`,
    );
  }
  const fn = n.numeric.fn;
  return [
    ...n.aggregates,
    ...cols.map((c): ExprNode => ({ kind: 'function', name: fn, args: [{ kind: 'attribute', name: c }] })),
  ];
}

/**
 * Lowers a plan node to its proto Relation; a node whose expressions hold subqueries comes
 * wrapped in a WithRelations carrying their plans (see with-relations.ts).
 */
export function lowerPlan(node: PlanNode): Relation {
  return attachSubqueryPlans(node, lowerNode(node), lowerPlan);
}

function lowerNode(node: PlanNode): Relation {
  if (isIoNode(node)) return lowerIoPlan(node);
  if (isExtraNode(node)) return lowerExtraPlan(node);
  const n: CoreNode = node as CoreNode;
  switch (n.kind) {
    case 'relation': {
      // Like PySpark's CachedRelation: the server's relation gets this node's plan id, so columns
      // bound with df.col() resolve against it.
      const r = clone(RelationSchema, n.relation);
      r.common ??= create(RelationCommonSchema);
      r.common.planId = BigInt(n.planId);
      return r;
    }
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
          isStreaming: n.isStreaming === true,
        },
      } as Relation['relType']);
    case 'cachedRemoteRelation':
      return rel(n, {
        case: 'cachedRemoteRelation',
        value: { relationId: n.relationId },
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
    case 'withColumnsRenamed':
      // One form, chosen by the server (feature 'orderedRenames'): Spark 3.5 reads the map,
      // 4.0+ the ordered list; a server given both may reject them as conflicting (Sail does).
      return rel(n, {
        case: 'withColumnsRenamed',
        value: {
          input: lowerPlan(n.input),
          ...(n.form === 'map'
            ? { renameColumnsMap: Object.fromEntries(n.renames) }
            : { renames: n.renames.map(([colName, newColName]) => ({ colName, newColName })) }),
        },
      } as Relation['relType']);
    case 'toDF':
      return rel(n, {
        case: 'toDf',
        value: { input: lowerPlan(n.input), columnNames: n.columnNames },
      } as Relation['relType']);
    case 'toSchema':
      return rel(n, {
        case: 'toSchema',
        value: { input: lowerPlan(n.input), schema: toProtoDataType(n.schema) },
      } as Relation['relType']);
    case 'drop':
      return rel(n, {
        case: 'drop',
        value: { input: lowerPlan(n.input), columns: n.columns.map(lowerExpr), columnNames: n.columnNames },
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
          groupType: GROUP_TYPES[n.groupType],
          groupingExpressions: n.grouping.map(lowerExpr),
          aggregateExpressions: aggregateExprs(n).map(lowerExpr),
          ...(n.pivot === undefined
            ? {}
            : { pivot: { col: lowerExpr(n.pivot.col), values: n.pivot.values.map(toLiteral) } }),
          groupingSets: (n.groupingSets ?? []).map((s) => ({ groupingSet: s.map(lowerExpr) })),
        },
      } as Relation['relType']);
    case 'join':
      return rel(n, {
        case: 'join',
        value: {
          left: lowerPlan(n.left),
          right: lowerPlan(n.right),
          joinType: JOIN_TYPES[n.joinType],
          ...(n.condition === undefined ? {} : { joinCondition: lowerExpr(n.condition) }),
          usingColumns: n.usingColumns,
        },
      } as Relation['relType']);
    case 'lateralJoin':
      return rel(n, {
        case: 'lateralJoin',
        value: {
          left: lowerPlan(n.left),
          right: lowerPlan(n.right),
          joinType: JOIN_TYPES[n.joinType],
          ...(n.condition === undefined ? {} : { joinCondition: lowerExpr(n.condition) }),
        },
      } as Relation['relType']);
    case 'setOp':
      return rel(n, {
        case: 'setOp',
        value: {
          leftInput: lowerPlan(n.left),
          rightInput: lowerPlan(n.right),
          setOpType: SET_OPS[n.op],
          isAll: n.isAll,
          byName: n.byName,
          allowMissingColumns: n.allowMissingColumns,
        },
      } as Relation['relType']);
    case 'deduplicate':
      return rel(n, {
        case: 'deduplicate',
        value: {
          input: lowerPlan(n.input),
          ...(n.columnNames === undefined
            ? { allColumnsAsKeys: true }
            : { columnNames: n.columnNames, allColumnsAsKeys: false }),
          ...(n.withinWatermark ? { withinWatermark: true } : {}),
        },
      } as Relation['relType']);
    case 'sample':
      return rel(n, {
        case: 'sample',
        value: {
          input: lowerPlan(n.input),
          lowerBound: n.lowerBound,
          upperBound: n.upperBound,
          withReplacement: n.withReplacement,
          seed: n.seed,
          deterministicOrder: n.deterministicOrder,
        },
      } as Relation['relType']);
    case 'repartition':
      return rel(n, {
        case: 'repartition',
        value: { input: lowerPlan(n.input), numPartitions: n.numPartitions, shuffle: n.shuffle },
      } as Relation['relType']);
    case 'repartitionByExpression':
      return rel(n, {
        case: 'repartitionByExpression',
        value: {
          input: lowerPlan(n.input),
          partitionExprs: n.exprs.map(lowerExpr),
          ...(n.numPartitions === undefined ? {} : { numPartitions: n.numPartitions }),
        },
      } as Relation['relType']);
    case 'hint':
      return rel(n, {
        case: 'hint',
        value: { input: lowerPlan(n.input), name: n.name, parameters: n.parameters.map(lowerExpr) },
      } as Relation['relType']);
    case 'unpivot':
      return rel(n, {
        case: 'unpivot',
        value: {
          input: lowerPlan(n.input),
          ids: n.ids.map(lowerExpr),
          ...(n.values === undefined ? {} : { values: { values: n.values.map(lowerExpr) } }),
          variableColumnName: n.variableColumnName,
          valueColumnName: n.valueColumnName,
        },
      } as Relation['relType']);
    case 'transpose':
      return rel(n, {
        case: 'transpose',
        value: { input: lowerPlan(n.input), indexColumns: n.indexColumns.map(lowerExpr) },
      } as Relation['relType']);
    case 'withWatermark':
      return rel(n, {
        case: 'withWatermark',
        value: { input: lowerPlan(n.input), eventTime: n.eventTime, delayThreshold: n.delayThreshold },
      } as Relation['relType']);
    case 'collectMetrics':
      return rel(n, {
        case: 'collectMetrics',
        value: { input: lowerPlan(n.input), name: n.name, metrics: n.metrics.map(lowerExpr) },
      } as Relation['relType']);
    case 'showString':
      return rel(n, {
        case: 'showString',
        value: { input: lowerPlan(n.input), numRows: n.numRows, truncate: n.truncate, vertical: n.vertical },
      } as Relation['relType']);
    case 'extension':
      return rel(n, {
        case: 'extension',
        value: { typeUrl: n.typeUrl, value: n.value },
      } as Relation['relType']);
    case 'htmlString':
      return rel(n, {
        case: 'htmlString',
        value: { input: lowerPlan(n.input), numRows: n.numRows, truncate: n.truncate },
      } as Relation['relType']);
    case 'describe':
    case 'summary':
    case 'naFill':
    case 'naDrop':
    case 'naReplace':
    case 'statCorr':
    case 'statCov':
    case 'statCrosstab':
    case 'statFreqItems':
    case 'statApproxQuantile':
    case 'statSampleBy':
      return lowerStatPlan(n, lowerPlan);
  }
}

/** A root Plan for a relation. */
export function rootPlan(n: PlanNode): Plan {
  return create(PlanSchema, { opType: { case: 'root', value: lowerPlan(n) } });
}
