/**
 * Expression nodes: the immutable tree a Column holds. Each kind lowers to a proto Expression in
 * exactly one place (`lower.ts`), through an exhaustive switch.
 */
import type { PlanNode } from '../plan/nodes.js';
import type { DataType } from '../types/index.js';
import type { CalendarInterval, LocalTime } from '../types/values.js';
import type { TypedValue } from './literal.js';

export type LiteralValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Date
  | Uint8Array
  | LocalTime
  | CalendarInterval
  | TypedValue
  | readonly LiteralValue[]
  | Map<LiteralValue, LiteralValue>
  | { readonly [key: string]: LiteralValue };

export type SortDirection = 'asc' | 'desc';
export type NullOrdering = 'nullsFirst' | 'nullsLast';

export interface WindowSpecNode {
  partitionBy: ExprNode[];
  orderBy: ExprNode[];
  frame?: {
    type: 'rows' | 'range';
    lower: FrameBoundary;
    upper: FrameBoundary;
  };
}

export type FrameBoundary =
  | { kind: 'unbounded' }
  | { kind: 'currentRow' }
  | { kind: 'value'; value: ExprNode };

export type ExprNode =
  | { kind: 'attribute'; name: string; planId?: number; isMetadataColumn?: boolean }
  | { kind: 'literal'; value: LiteralValue }
  | { kind: 'function'; name: string; args: ExprNode[]; isDistinct?: boolean }
  | { kind: 'expressionString'; expr: string }
  | { kind: 'star'; target?: string; planId?: number }
  | { kind: 'regex'; pattern: string; planId?: number }
  | { kind: 'alias'; expr: ExprNode; names: string[]; metadata?: string }
  | { kind: 'cast'; expr: ExprNode; to: DataType | string; mode?: 'legacy' | 'ansi' | 'try' }
  | { kind: 'sortOrder'; expr: ExprNode; direction: SortDirection; nulls: NullOrdering }
  | { kind: 'extractValue'; expr: ExprNode; extraction: ExprNode }
  | { kind: 'updateFields'; expr: ExprNode; field: string; value?: ExprNode }
  | { kind: 'window'; fn: ExprNode; spec: WindowSpecNode }
  | { kind: 'lambda'; body: ExprNode; params: string[] }
  | { kind: 'lambdaVariable'; name: string }
  /** A function by (possibly qualified) name, sent as CallFunction: `db.fn`, `system.builtin.abs`. */
  | { kind: 'callFunction'; name: string; args: ExprNode[] }
  /** A named argument of a function call, `key => value` in SQL (Spark 4.0+). */
  | { kind: 'namedArgument'; key: string; value: ExprNode }
  /** A Spark Connect plugin's expression: a google.protobuf.Any the server's plugins decode. */
  | { kind: 'extension'; typeUrl: string; value: Uint8Array }
  /**
   * A subquery over another DataFrame's plan (Spark 4.0+): `df.scalar()`, `df.exists()`,
   * `col.isin(df)` (`values` are the left-hand side) or `df.asTable()` (with its partitioning).
   * Lowered as a SubqueryExpression naming `plan` by plan id; the plan lowering attaches the plan
   * itself as a WithRelations reference.
   */
  | { kind: 'subquery'; plan: PlanNode; subquery: SubqueryKind }
  /**
   * A 1-based column position (`df.sort(1)`, `df.groupBy(2)`); `api` names the method for errors.
   * `DataFrame.preparedPlan()` fills in `name` from the input's schema before lowering.
   */
  | { kind: 'ordinal'; position: number; api: string; name?: string };

/** What a subquery expression is. */
export type SubqueryKind =
  | { type: 'scalar' }
  | { type: 'exists' }
  | { type: 'in'; values: ExprNode[] }
  | { type: 'tableArg'; partitionBy: ExprNode[]; orderBy: ExprNode[]; withSinglePartition: boolean };

export type ExprKind = ExprNode['kind'];
