/**
 * Plan nodes of the newer relations (Spark 4.0 to 4.3): zip, nearest-by join, repartition by
 * partition id, table-valued function calls and change feeds. Lowered by `lowerExtraPlan` in
 * `extra-lower.ts`; `lower.ts` delegates these kinds there. Child plans live in `input`, `left`
 * and `right`, like every other node (see `childPlans`).
 */
import type { ExprNode } from '../column/nodes.js';
import type { Expression_Literal } from '../gen/spark/connect/expressions_pb.js';
import type { MlParams } from '../gen/spark/connect/ml_common_pb.js';
import type { PlanNode } from './nodes.js';

export type ExtraPlanBody =
  /** `df.zip(other)` (Spark 4.3+): rows side by side, by position. */
  | { kind: 'zip'; left: PlanNode; right: PlanNode }
  /** `df.nearestByJoin(...)` (Spark 4.2+): the top-`numResults` right rows per left row. */
  | {
      kind: 'nearestByJoin';
      left: PlanNode;
      right: PlanNode;
      rankingExpression: ExprNode;
      numResults: number;
      /** As the user wrote it; the server normalizes it. */
      joinType: string;
      mode: string;
      direction: string;
    }
  /**
   * `df.repartitionById(n, col)` (Spark 4.1+): a RepartitionByExpression whose one partition
   * expression is a DirectShufflePartitionID over `partitionId`.
   */
  | { kind: 'repartitionById'; input: PlanNode; numPartitions: number; partitionId: ExprNode }
  /** `df.joinAsOf(...)` (Spark 4.0+): each left row with the nearest right row by an as-of key. */
  | {
      kind: 'asOfJoin';
      left: PlanNode;
      right: PlanNode;
      leftAsOf: ExprNode;
      rightAsOf: ExprNode;
      joinExpr?: ExprNode;
      usingColumns: string[];
      joinType: string;
      tolerance?: ExprNode;
      allowExactMatches: boolean;
      direction: string;
    }
  /** `spark.tvf.<name>(...)` (Spark 4.0+): a table-valued function call. */
  | { kind: 'tableValuedFunction'; functionName: string; args: ExprNode[] }
  /** `spark.read.changes(table)` (Spark 4.2+): the change feed of a table. */
  | { kind: 'relationChanges'; tableName: string; options: Record<string, string>; isStreaming?: boolean }
  /**
   * `model.transform(df)` / `transformer.transform(df)` (Spark 4.0+ ML): an MlRelation.Transform
   * over a server-side model (by ref id) or a stateless transformer (Scala class name and uid).
   */
  | {
      kind: 'mlTransform';
      input: PlanNode;
      target: { objRef: string } | { className: string; uid: string };
      params: MlParams;
    }
  /**
   * An ML attribute that is a DataFrame (`summary.roc`, ...): an MlRelation.Fetch of a method chain
   * on a server-side object; `input` is the dataset a model summary is computed over.
   */
  | { kind: 'mlFetch'; objRef: string; methods: MlMethodCall[]; input?: PlanNode };

/** One method of an ML fetch chain with its arguments (literals or DataFrame plans). */
export interface MlMethodCall {
  readonly method: string;
  readonly args: readonly ({ literal: Expression_Literal } | { plan: PlanNode })[];
}

export type ExtraPlanKind = ExtraPlanBody['kind'];

/** Every extra kind, for the type guard in lower.ts. Add each new kind here too. */
export const EXTRA_PLAN_KINDS: ReadonlySet<string> = new Set<ExtraPlanKind>([
  'zip',
  'nearestByJoin',
  'asOfJoin',
  'repartitionById',
  'tableValuedFunction',
  'relationChanges',
  'mlTransform',
  'mlFetch',
]);
