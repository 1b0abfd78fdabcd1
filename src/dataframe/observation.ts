/** Observation: named metrics of a DataFrame, collected while an action runs (`df.observe`). */
import { randomUUID } from 'node:crypto';
import type { ExprNode } from '../column/nodes.js';
import type { ExecutePlanResponse_ObservedMetrics } from '../gen/spark/connect/base_pb.js';
import type { MetricsObserver } from '../plan/nodes.js';
import { literalToJs } from './literal-values.js';

/** The name Spark gives a metric expression: its alias, else its column name. */
function metricName(e: ExprNode | undefined, i: number): string {
  if (e === undefined) return `metric_${i}`;
  if (e.kind === 'alias') return e.names[0];
  if (e.kind === 'attribute') return e.name;
  return `metric_${i}`;
}

/**
 * Collects metrics of a DataFrame while an action runs on it. Attach it with
 * `df.observe(observation, ...exprs)`, run an action on the returned DataFrame, then read the
 * metrics with `get()`. An Observation can observe one DataFrame only.
 *
 * @example
 * const obs = new Observation('stats');
 * const observed = df.observe(obs, F.count(lit(1)).alias('rows'), F.max('age').alias('maxAge'));
 * await observed.collect();
 * obs.get(); // { rows: 3n, maxAge: 42 }
 */
export class Observation implements MetricsObserver {
  /** The metrics' name (a random UUID unless given). */
  readonly name: string;
  private attached = false;
  private result: Record<string, unknown> | undefined;

  /** @example new Observation('my_metrics') */
  constructor(name?: string) {
    if (name !== undefined) {
      if (typeof name !== 'string')
        throw new TypeError(`Observation name must be a string, got ${typeof name}`);
      if (name === '') throw new TypeError('Observation name must not be empty');
    }
    this.name = name ?? randomUUID();
  }

  /**
   * The observed metrics, by name, from the last action run on the observed DataFrame. Throws when
   * the Observation was not attached with `observe()` or no action has completed yet.
   * @example await observed.count(); const { rows } = obs.get();
   */
  get(): Record<string, unknown> {
    if (!this.attached) {
      throw new Error(`Observation '${this.name}' is not attached: call df.observe(observation, ...) first`);
    }
    if (this.result === undefined) {
      throw new Error(
        `Observation '${this.name}' has no metrics yet: run an action on the observed DataFrame first`,
      );
    }
    return { ...this.result };
  }

  /** @internal Marks the Observation as used by a DataFrame; an Observation observes one only. */
  attach(): void {
    if (this.attached) {
      throw new Error(`Observation '${this.name}' is already attached to a DataFrame; use a new Observation`);
    }
    this.attached = true;
  }

  /** @internal Stores the metrics the server sent for this observation. */
  deliver(metrics: ExecutePlanResponse_ObservedMetrics, exprs: readonly ExprNode[]): void {
    const values = metrics.values.map(literalToJs);
    // Spark 4.0+ sends the metric names; Spark 3.5 sends values only, in expression order.
    const keys =
      metrics.keys.length === values.length ? metrics.keys : values.map((_, i) => metricName(exprs[i], i));
    const out: Record<string, unknown> = {};
    keys.forEach((k, i) => {
      out[k] = values[i];
    });
    this.result = out;
  }

  toString(): string {
    return `Observation(${this.name})`;
  }
}
