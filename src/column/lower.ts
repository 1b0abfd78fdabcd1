/** Lowering of expression nodes to proto Expressions: one place, exhaustive over node kinds. */
import { create } from '@bufbuild/protobuf';
import {
  type Expression,
  Expression_Cast_EvalMode,
  Expression_SortOrder_NullOrdering,
  Expression_SortOrder_SortDirection,
  type Expression_Window_WindowFrame_FrameBoundary,
  Expression_Window_WindowFrame_FrameType,
  ExpressionSchema,
  type SubqueryExpression,
  SubqueryExpression_SubqueryType,
} from '../gen/spark/connect/expressions_pb.js';
import { toProtoDataType } from '../types/index.js';
import { toLiteral } from './literal.js';
import type { ExprNode, FrameBoundary, SubqueryKind } from './nodes.js';

function expr(exprType: Expression['exprType']): Expression {
  return create(ExpressionSchema, { exprType });
}

function boundary(b: FrameBoundary): Expression_Window_WindowFrame_FrameBoundary {
  switch (b.kind) {
    case 'unbounded':
      return { boundary: { case: 'unbounded', value: true } } as Expression_Window_WindowFrame_FrameBoundary;
    case 'currentRow':
      return { boundary: { case: 'currentRow', value: true } } as Expression_Window_WindowFrame_FrameBoundary;
    case 'value':
      return {
        boundary: { case: 'value', value: lowerExpr(b.value) },
      } as Expression_Window_WindowFrame_FrameBoundary;
  }
}

const CAST_MODES = {
  legacy: Expression_Cast_EvalMode.LEGACY,
  ansi: Expression_Cast_EvalMode.ANSI,
  try: Expression_Cast_EvalMode.TRY,
} as const;

const SUBQUERY_TYPES: Record<SubqueryKind['type'], SubqueryExpression_SubqueryType> = {
  scalar: SubqueryExpression_SubqueryType.SCALAR,
  exists: SubqueryExpression_SubqueryType.EXISTS,
  in: SubqueryExpression_SubqueryType.IN,
  tableArg: SubqueryExpression_SubqueryType.TABLE_ARG,
};

/** The SubqueryExpression of a subquery node: the plan by id (see `subqueryPlans`), the kind's extras. */
function lowerSubquery(node: Extract<ExprNode, { kind: 'subquery' }>) {
  const q = node.subquery;
  const value: Partial<SubqueryExpression> = {
    planId: BigInt(node.plan.planId),
    subqueryType: SUBQUERY_TYPES[q.type],
  };
  if (q.type === 'in') value.inSubqueryValues = q.values.map(lowerExpr);
  if (q.type === 'tableArg') {
    value.tableArgOptions = {
      partitionSpec: q.partitionBy.map(lowerExpr),
      orderSpec: q.orderBy.map((o) => lowerSortOrder(asSortOrderNode(o))),
      ...(q.withSinglePartition ? { withSinglePartition: true } : {}),
    } as SubqueryExpression['tableArgOptions'];
  }
  return value;
}

function asSortOrderNode(o: ExprNode): Extract<ExprNode, { kind: 'sortOrder' }> {
  return o.kind === 'sortOrder' ? o : { kind: 'sortOrder', expr: o, direction: 'asc', nulls: 'nullsFirst' };
}

/** Lowers an expression node to its proto Expression. */
export function lowerExpr(node: ExprNode): Expression {
  switch (node.kind) {
    case 'attribute':
      return expr({
        case: 'unresolvedAttribute',
        value: {
          unparsedIdentifier: node.name,
          ...(node.planId === undefined ? {} : { planId: BigInt(node.planId) }),
          ...(node.isMetadataColumn ? { isMetadataColumn: true } : {}),
        },
      } as Expression['exprType']);
    case 'literal':
      return expr({ case: 'literal', value: toLiteral(node.value) });
    case 'function':
      return expr({
        case: 'unresolvedFunction',
        value: {
          functionName: node.name,
          arguments: node.args.map(lowerExpr),
          isDistinct: node.isDistinct ?? false,
          isUserDefinedFunction: false,
        },
      } as Expression['exprType']);
    case 'expressionString':
      return expr({ case: 'expressionString', value: { expression: node.expr } } as Expression['exprType']);
    case 'star':
      return expr({
        case: 'unresolvedStar',
        value: {
          ...(node.target === undefined ? {} : { unparsedTarget: `${node.target}.*` }),
          ...(node.planId === undefined ? {} : { planId: BigInt(node.planId) }),
        },
      } as Expression['exprType']);
    case 'regex':
      return expr({
        case: 'unresolvedRegex',
        value: {
          colName: node.pattern,
          ...(node.planId === undefined ? {} : { planId: BigInt(node.planId) }),
        },
      } as Expression['exprType']);
    case 'alias':
      return expr({
        case: 'alias',
        value: {
          expr: lowerExpr(node.expr),
          name: node.names,
          ...(node.metadata === undefined ? {} : { metadata: node.metadata }),
        },
      } as Expression['exprType']);
    case 'cast':
      return expr({
        case: 'cast',
        value: {
          expr: lowerExpr(node.expr),
          castToType:
            typeof node.to === 'string'
              ? { case: 'typeStr', value: node.to }
              : { case: 'type', value: toProtoDataType(node.to) },
          ...(node.mode === undefined ? {} : { evalMode: CAST_MODES[node.mode] }),
        },
      } as Expression['exprType']);
    case 'sortOrder':
      return expr({ case: 'sortOrder', value: lowerSortOrder(node) });
    case 'extractValue':
      return expr({
        case: 'unresolvedExtractValue',
        value: { child: lowerExpr(node.expr), extraction: lowerExpr(node.extraction) },
      } as Expression['exprType']);
    case 'updateFields':
      return expr({
        case: 'updateFields',
        value: {
          structExpression: lowerExpr(node.expr),
          fieldName: node.field,
          ...(node.value === undefined ? {} : { valueExpression: lowerExpr(node.value) }),
        },
      } as Expression['exprType']);
    case 'window':
      return expr({
        case: 'window',
        value: {
          windowFunction: lowerExpr(node.fn),
          partitionSpec: node.spec.partitionBy.map(lowerExpr),
          orderSpec: node.spec.orderBy.map((o) => lowerSortOrder(asSortOrderNode(o))),
          ...(node.spec.frame === undefined
            ? {}
            : {
                frameSpec: {
                  frameType:
                    node.spec.frame.type === 'rows'
                      ? Expression_Window_WindowFrame_FrameType.ROW
                      : Expression_Window_WindowFrame_FrameType.RANGE,
                  lower: boundary(node.spec.frame.lower),
                  upper: boundary(node.spec.frame.upper),
                },
              }),
        },
      } as Expression['exprType']);
    case 'lambda':
      return expr({
        case: 'lambdaFunction',
        value: {
          function: lowerExpr(node.body),
          arguments: node.params.map((p) => ({ nameParts: [p] })),
        },
      } as Expression['exprType']);
    case 'lambdaVariable':
      return expr({
        case: 'unresolvedNamedLambdaVariable',
        value: { nameParts: [node.name] },
      } as Expression['exprType']);
    case 'callFunction':
      return expr({
        case: 'callFunction',
        value: { functionName: node.name, arguments: node.args.map(lowerExpr) },
      } as Expression['exprType']);
    case 'namedArgument':
      return expr({
        case: 'namedArgumentExpression',
        value: { key: node.key, value: lowerExpr(node.value) },
      } as Expression['exprType']);
    case 'extension':
      return expr({
        case: 'extension',
        value: { typeUrl: node.typeUrl, value: node.value },
      } as Expression['exprType']);
    case 'subquery':
      return expr({ case: 'subqueryExpression', value: lowerSubquery(node) } as Expression['exprType']);
    case 'ordinal':
      if (node.name === undefined) {
        throw new Error(
          `internal: ${node.api} column position ${node.position} needs the input schema; lower the result of DataFrame.preparedPlan()`,
        );
      }
      return lowerExpr({ kind: 'attribute', name: node.name });
  }
}

function lowerSortOrder(node: Extract<ExprNode, { kind: 'sortOrder' }>) {
  return {
    child: lowerExpr(node.expr),
    direction:
      node.direction === 'asc'
        ? Expression_SortOrder_SortDirection.ASCENDING
        : Expression_SortOrder_SortDirection.DESCENDING,
    nullOrdering:
      node.nulls === 'nullsFirst'
        ? Expression_SortOrder_NullOrdering.SORT_NULLS_FIRST
        : Expression_SortOrder_NullOrdering.SORT_NULLS_LAST,
  } as Extract<Expression['exprType'], { case: 'sortOrder' }>['value'];
}
