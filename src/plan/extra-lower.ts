/** Lowering of the newer relation kinds (see extra-nodes.ts): one exhaustive switch. */
import { create } from '@bufbuild/protobuf';
import { lowerExpr } from '../column/lower.js';
import { MlOperator_OperatorType } from '../gen/spark/connect/ml_common_pb.js';
import {
  type Fetch_Method_Args,
  Fetch_Method_ArgsSchema,
  type Relation,
  RelationSchema,
} from '../gen/spark/connect/relations_pb.js';
import type { ExtraPlanBody, MlMethodCall } from './extra-nodes.js';
import { lowerPlan } from './lower.js';

function rel(n: { readonly planId: number }, relType: Relation['relType']): Relation {
  return create(RelationSchema, { common: { planId: BigInt(n.planId) }, relType });
}

/** Lowers an extra node; child plans are lowered with `lowerPlan`. */
export function lowerExtraPlan(n: ExtraPlanBody & { readonly planId: number }): Relation {
  switch (n.kind) {
    case 'zip':
      return rel(n, {
        case: 'zip',
        value: { left: lowerPlan(n.left), right: lowerPlan(n.right) },
      } as Relation['relType']);
    case 'nearestByJoin':
      return rel(n, {
        case: 'nearestByJoin',
        value: {
          left: lowerPlan(n.left),
          right: lowerPlan(n.right),
          rankingExpression: lowerExpr(n.rankingExpression),
          numResults: n.numResults,
          joinType: n.joinType,
          mode: n.mode,
          direction: n.direction,
        },
      } as Relation['relType']);
    case 'asOfJoin':
      return rel(n, {
        case: 'asOfJoin',
        value: {
          left: lowerPlan(n.left),
          right: lowerPlan(n.right),
          leftAsOf: lowerExpr(n.leftAsOf),
          rightAsOf: lowerExpr(n.rightAsOf),
          ...(n.joinExpr === undefined ? {} : { joinExpr: lowerExpr(n.joinExpr) }),
          usingColumns: n.usingColumns,
          joinType: n.joinType,
          ...(n.tolerance === undefined ? {} : { tolerance: lowerExpr(n.tolerance) }),
          allowExactMatches: n.allowExactMatches,
          direction: n.direction,
        },
      } as Relation['relType']);
    case 'repartitionById':
      return rel(n, {
        case: 'repartitionByExpression',
        value: {
          input: lowerPlan(n.input),
          numPartitions: n.numPartitions,
          partitionExprs: [
            { exprType: { case: 'directShufflePartitionId', value: { child: lowerExpr(n.partitionId) } } },
          ],
        },
      } as Relation['relType']);
    case 'tableValuedFunction':
      return rel(n, {
        case: 'unresolvedTableValuedFunction',
        value: { functionName: n.functionName, arguments: n.args.map(lowerExpr) },
      } as Relation['relType']);
    case 'relationChanges':
      return rel(n, {
        case: 'relationChanges',
        value: {
          unparsedIdentifier: n.tableName,
          options: n.options,
          ...(n.isStreaming === undefined ? {} : { isStreaming: n.isStreaming }),
        },
      } as Relation['relType']);
    case 'mlTransform':
      return rel(n, {
        case: 'mlRelation',
        value: {
          mlType: {
            case: 'transform',
            value: {
              operator:
                'objRef' in n.target
                  ? { case: 'objRef', value: { id: n.target.objRef } }
                  : {
                      case: 'transformer',
                      value: {
                        name: n.target.className,
                        uid: n.target.uid,
                        type: MlOperator_OperatorType.TRANSFORMER,
                      },
                    },
              input: lowerPlan(n.input),
              params: n.params,
            },
          },
        },
      } as Relation['relType']);
    case 'mlFetch':
      return rel(n, {
        case: 'mlRelation',
        value: {
          mlType: {
            case: 'fetch',
            value: { objRef: { id: n.objRef }, methods: n.methods.map(lowerMlMethod) },
          },
          ...(n.input === undefined ? {} : { modelSummaryDataset: lowerPlan(n.input) }),
        },
      } as Relation['relType']);
  }
}

/** One method of an ML fetch chain (shared by the MlRelation fetch and the MlCommand fetch). */
export function lowerMlMethod(m: MlMethodCall): { method: string; args: Fetch_Method_Args[] } {
  return {
    method: m.method,
    args: m.args.map((a) =>
      create(Fetch_Method_ArgsSchema, {
        argsType:
          'literal' in a ? { case: 'param', value: a.literal } : { case: 'input', value: lowerPlan(a.plan) },
      }),
    ),
  };
}
