/**
 * ExecutionInfo: what the server reported about the last action run on a DataFrame (PySpark's
 * `df.executionInfo`): the plan metrics and the observed metrics of the ExecutePlan stream.
 */
import type { ResultState } from '../client/results.js';
import type { ExprNode } from '../column/nodes.js';
import { type PlanNode, walkPlan } from '../plan/nodes.js';
import { literalToJs } from './literal-values.js';

/** One metric of a physical plan node, e.g. `numOutputRows`. */
export interface MetricValue {
  readonly name: string;
  /** The value (64-bit, lossless). */
  readonly value: bigint;
  /** Spark's metric type, e.g. `sum`, `size`, `timing`, `nsTiming`, `average`. */
  readonly metricType: string;
}

/** The metrics of one physical plan node. */
export interface PlanMetrics {
  /** The node's name, e.g. `LocalTableScan` or `HashAggregate`. */
  readonly name: string;
  /** The physical node's id (the server's numbering, not a DataFrame plan id). */
  readonly planId: number;
  /** The parent node's id. */
  readonly parentPlanId: number;
  readonly metrics: readonly MetricValue[];
}

/** The observed metrics of one `df.observe(name, ...)`: `[name, { metric: value }]`. */
export type Flow = readonly [string, Readonly<Record<string, unknown>>];

function metricKey(e: ExprNode | undefined, i: number): string {
  if (e?.kind === 'alias') return e.names[0];
  if (e?.kind === 'attribute') return e.name;
  return `metric_${i}`;
}

/**
 * What the server reported about one executed action: the metrics of the physical plan
 * (`metrics`, null when the server sent none) and the observed metrics (`flows`).
 *
 * @example
 * await df.collect();
 * const info = df.executionInfo;
 * info?.metrics?.find((m) => m.name === 'LocalTableScan')?.metrics; // [{ name: 'numOutputRows', value: 3n, ... }]
 * info?.flows; // [['stats', { rows: 3n }]]
 */
export class ExecutionInfo {
  /** The physical plan nodes with their metrics, in the server's order; null when it sent none. */
  readonly metrics: readonly PlanMetrics[] | null;
  /** The observed metrics, `[name, values]` per observation. */
  readonly flows: readonly Flow[];

  /** @internal Built from the result stream of an action on `plan`. */
  constructor(state: ResultState, plan: PlanNode) {
    const objects = state.metrics?.metrics ?? [];
    this.metrics =
      objects.length === 0
        ? null
        : objects.map(
            (m): PlanMetrics => ({
              name: m.name,
              planId: Number(m.planId),
              parentPlanId: Number(m.parent),
              metrics: Object.values(m.executionMetrics).map((v) => ({
                name: v.name,
                value: v.value,
                metricType: v.metricType,
              })),
            }),
          );
    const exprsByName = new Map<string, readonly ExprNode[]>();
    for (const n of walkPlan(plan)) if (n.kind === 'collectMetrics') exprsByName.set(n.name, n.metrics);
    this.flows = state.observedMetrics.map((o): Flow => {
      const values = o.values.map(literalToJs);
      // Spark 4.0+ sends the metric names; 3.5 only the values, in expression order.
      const exprs = exprsByName.get(o.name) ?? [];
      const keys = o.keys.length === values.length ? o.keys : values.map((_, i) => metricKey(exprs[i], i));
      return [o.name, Object.fromEntries(keys.map((k, i) => [k, values[i]]))];
    });
  }

  toString(): string {
    return `ExecutionInfo(${this.metrics?.length ?? 0} plan nodes, ${this.flows.length} observations)`;
  }
}
