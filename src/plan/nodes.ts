/**
 * Logical plan nodes: the immutable tree a DataFrame holds. Each kind lowers to a proto Relation
 * in exactly one place (`lower.ts`, which hands the statistics kinds to `lower-stat.ts`), through
 * an exhaustive switch. Every node gets a plan id so `df.col(name)` can refer to its own DataFrame.
 *
 * Child plans always live in the fields `input`, `left` and `right` (see `childPlans`).
 */
import type { ExprNode, LiteralValue } from '../column/nodes.js';
import type { ExecutePlanResponse_ObservedMetrics } from '../gen/spark/connect/base_pb.js';
import type { Relation } from '../gen/spark/connect/relations_pb.js';
import type { StructType } from '../types/index.js';
import type { ExtraPlanBody } from './extra-nodes.js';
import type { IoPlanBody } from './io-nodes.js';
import { subqueryPlans } from './with-relations.js';

/** Join types as the protocol knows them (PySpark's spellings are normalized to these). */
export type JoinType = 'inner' | 'fullOuter' | 'leftOuter' | 'rightOuter' | 'leftAnti' | 'leftSemi' | 'cross';

/** How an aggregate groups its input. */
export type GroupType = 'groupBy' | 'rollup' | 'cube' | 'pivot' | 'groupingSets';

/** Set operations. */
export type SetOpType = 'union' | 'intersect' | 'except';

/**
 * An aggregation over every numeric column of the input (PySpark's `groupBy().sum()` without
 * column names). The column list needs the input's schema, so it is filled in (once) by the
 * DataFrame before the plan is lowered; lowering an unresolved one is an internal error.
 */
export interface NumericAggregation {
  readonly fn: 'sum' | 'avg' | 'min' | 'max';
  /** The numeric column names of the input, set when resolved. */
  columns?: string[];
}

/** Receives the observed metrics of a `collectMetrics` node after an action (an `Observation`). */
export interface MetricsObserver {
  readonly name: string;
  /** Called with the metrics the server sent for this observation's name. */
  deliver(metrics: ExecutePlanResponse_ObservedMetrics, exprs: readonly ExprNode[]): void;
}

/** The relational kinds, lowered in lower.ts. */
export type CorePlanBody =
  /** A relation the server gave back (e.g. the result of an eager spark.sql). */
  | { kind: 'relation'; relation: Relation }
  /** A Spark Connect plugin's relation: a google.protobuf.Any the server's plugins decode. */
  | { kind: 'extension'; typeUrl: string; value: Uint8Array }
  | { kind: 'sql'; query: string; args?: Record<string, LiteralValue>; posArgs?: LiteralValue[] }
  | { kind: 'range'; start: bigint; end: bigint; step: bigint; numPartitions?: number }
  /** A named table or view; `isStreaming` for `spark.readStream.table()`. */
  | { kind: 'table'; name: string; options: Record<string, string>; isStreaming?: boolean }
  /** A relation cached on the server (checkpoints), by id. */
  | { kind: 'cachedRemoteRelation'; relationId: string }
  | { kind: 'project'; input: PlanNode; exprs: ExprNode[] }
  | { kind: 'filter'; input: PlanNode; condition: ExprNode }
  | { kind: 'limit'; input: PlanNode; limit: number }
  | { kind: 'offset'; input: PlanNode; offset: number }
  | { kind: 'tail'; input: PlanNode; limit: number }
  | { kind: 'sort'; input: PlanNode; order: ExprNode[]; isGlobal: boolean }
  | { kind: 'withColumns'; input: PlanNode; columns: { name: string; expr: ExprNode; metadata?: string }[] }
  | {
      kind: 'withColumnsRenamed';
      input: PlanNode;
      renames: [string, string][];
      /** The request form the server reads: the 3.5 map, or the ordered list of 4.0+. */
      form: 'map' | 'list';
    }
  | { kind: 'toDF'; input: PlanNode; columnNames: string[] }
  | { kind: 'toSchema'; input: PlanNode; schema: StructType }
  | { kind: 'drop'; input: PlanNode; columns: ExprNode[]; columnNames: string[] }
  | { kind: 'subqueryAlias'; input: PlanNode; alias: string }
  | {
      kind: 'aggregate';
      input: PlanNode;
      groupType: GroupType;
      grouping: ExprNode[];
      aggregates: ExprNode[];
      /** groupType 'pivot': the pivot column and its values (empty: the server finds them). */
      pivot?: { col: ExprNode; values: LiteralValue[] };
      /** groupType 'groupingSets': the sets. */
      groupingSets?: ExprNode[][];
      /** Aggregates every numeric column (after `aggregates`). */
      numeric?: NumericAggregation;
    }
  | {
      kind: 'join';
      left: PlanNode;
      right: PlanNode;
      joinType: JoinType;
      condition?: ExprNode;
      usingColumns: string[];
    }
  /** `df.lateralJoin(other, on, how)` (Spark 4.0+): `right` may refer to `left`'s columns. */
  | {
      kind: 'lateralJoin';
      left: PlanNode;
      right: PlanNode;
      joinType: Extract<JoinType, 'inner' | 'leftOuter' | 'cross'>;
      condition?: ExprNode;
    }
  | {
      kind: 'setOp';
      left: PlanNode;
      right: PlanNode;
      op: SetOpType;
      isAll: boolean;
      byName: boolean;
      allowMissingColumns: boolean;
    }
  /** Without `columnNames`, every column is a key. */
  | { kind: 'deduplicate'; input: PlanNode; columnNames?: string[]; withinWatermark: boolean }
  | {
      kind: 'sample';
      input: PlanNode;
      lowerBound: number;
      upperBound: number;
      withReplacement: boolean;
      seed: bigint;
      deterministicOrder: boolean;
    }
  | { kind: 'repartition'; input: PlanNode; numPartitions: number; shuffle: boolean }
  | { kind: 'repartitionByExpression'; input: PlanNode; exprs: ExprNode[]; numPartitions?: number }
  | { kind: 'hint'; input: PlanNode; name: string; parameters: ExprNode[] }
  | {
      kind: 'unpivot';
      input: PlanNode;
      ids: ExprNode[];
      /** Undefined: every non-id column. */
      values?: ExprNode[];
      variableColumnName: string;
      valueColumnName: string;
    }
  | { kind: 'transpose'; input: PlanNode; indexColumns: ExprNode[] }
  | { kind: 'withWatermark'; input: PlanNode; eventTime: string; delayThreshold: string }
  | { kind: 'collectMetrics'; input: PlanNode; name: string; metrics: ExprNode[]; observer?: MetricsObserver }
  | { kind: 'showString'; input: PlanNode; numRows: number; truncate: number; vertical: boolean }
  | { kind: 'htmlString'; input: PlanNode; numRows: number; truncate: number }
  | StatPlanBody;

/** Statistics and missing-value kinds, lowered in lower-stat.ts. */
export type StatPlanBody =
  | { kind: 'describe'; input: PlanNode; cols: string[] }
  | { kind: 'summary'; input: PlanNode; statistics: string[] }
  /** One value for all `cols` (all type-compatible columns when empty), or one value per col. */
  | { kind: 'naFill'; input: PlanNode; cols: string[]; values: LiteralValue[] }
  | { kind: 'naDrop'; input: PlanNode; cols: string[]; minNonNulls?: number }
  | { kind: 'naReplace'; input: PlanNode; cols: string[]; replacements: [LiteralValue, LiteralValue][] }
  | { kind: 'statCorr'; input: PlanNode; col1: string; col2: string; method: string }
  | { kind: 'statCov'; input: PlanNode; col1: string; col2: string }
  | { kind: 'statCrosstab'; input: PlanNode; col1: string; col2: string }
  | { kind: 'statFreqItems'; input: PlanNode; cols: string[]; support: number }
  | {
      kind: 'statApproxQuantile';
      input: PlanNode;
      cols: string[];
      probabilities: number[];
      relativeError: number;
    }
  | {
      kind: 'statSampleBy';
      input: PlanNode;
      col: ExprNode;
      fractions: [LiteralValue, number][];
      seed: bigint;
    };

/** Every plan body: core kinds plus the IO kinds of io-nodes.ts and the newer kinds of extra-nodes.ts. */
export type PlanBody = CorePlanBody | IoPlanBody | ExtraPlanBody;

export type PlanKind = PlanBody['kind'];

/** A plan node: a body and its plan id. */
export type PlanNode = PlanBody & { readonly planId: number };

let nextPlanId = 0;

/** Wraps a body into a node with a fresh plan id. */
export function node(body: PlanBody): PlanNode {
  return { ...body, planId: nextPlanId++ };
}

const CHILD_FIELDS = ['input', 'left', 'right'] as const;

/** The child plans of a node (its `input`, `left` and `right` fields). */
export function childPlans(n: PlanNode): PlanNode[] {
  const out: PlanNode[] = [];
  const fields = n as unknown as Record<string, unknown>;
  for (const f of CHILD_FIELDS) {
    const c = fields[f];
    if (c !== undefined && c !== null && typeof c === 'object') out.push(c as PlanNode);
  }
  return out;
}

/**
 * Every node of the tree, parents before children, including the plans of the node's subquery
 * expressions (so they are prepared and their observations delivered too).
 */
export function* walkPlan(root: PlanNode): Generator<PlanNode> {
  const stack: PlanNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop() as PlanNode;
    yield n;
    stack.push(...[...childPlans(n), ...subqueryPlans(n)].reverse());
  }
}
