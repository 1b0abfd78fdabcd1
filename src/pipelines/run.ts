/** A run of a dataflow graph: the StartRun command and its stream of pipeline events. */
import type { ExecuteOptions } from '../client/execute.js';
import type { Plan } from '../gen/spark/connect/base_pb.js';
import type { SparkSession } from '../session/spark-session.js';
import type { PipelineCommandSpec } from './commands.js';

/** Options of a run (PySpark's `spark-pipelines run` flags). */
export interface PipelineRunOptions {
  /** Where the run keeps its metadata, such as streaming checkpoints: an absolute URI (`file:///...`). */
  storage: string;
  /** Datasets to reset and recompute. */
  fullRefresh?: readonly string[];
  /** Reset and recompute every dataset. Not together with `fullRefresh` or `refresh`. */
  fullRefreshAll?: boolean;
  /** Datasets to update (all by default). */
  refresh?: readonly string[];
  /** Validate the graph without running any flow. */
  dry?: boolean;
}

/** One pipeline event: what the run reported and when. */
export interface PipelineEvent {
  /** When the server logged the event. */
  timestamp: Date;
  /** The event's message, e.g. `Flow spark_catalog.default.mv has COMPLETED.` */
  message: string;
}

function checkNames(xs: readonly string[] | undefined, what: string): readonly string[] {
  if (xs === undefined) return [];
  if (!Array.isArray(xs) || xs.some((x) => typeof x !== 'string' || x.length === 0)) {
    throw new TypeError(`startRun(): ${what} must be an array of dataset names`);
  }
  return xs;
}

/** The StartRun spec of a graph and run options, checked. @internal */
export function startRunSpec(graphId: string, options: PipelineRunOptions): PipelineCommandSpec {
  if (options === null || typeof options !== 'object')
    throw new TypeError('startRun() takes { storage, ... }');
  const { storage } = options;
  let scheme = '';
  try {
    scheme = typeof storage === 'string' ? new URL(storage).protocol : '';
  } catch {
    scheme = '';
  }
  if (scheme === '' || scheme === ':') {
    throw new TypeError(
      `startRun(): storage must be an absolute URI such as 'file:///tmp/pipeline-storage', got ${JSON.stringify(storage)}`,
    );
  }
  const fullRefresh = checkNames(options.fullRefresh, 'fullRefresh');
  const refresh = checkNames(options.refresh, 'refresh');
  const fullRefreshAll = options.fullRefreshAll ?? false;
  if (typeof fullRefreshAll !== 'boolean')
    throw new TypeError('startRun(): fullRefreshAll must be a boolean');
  if (fullRefreshAll && (fullRefresh.length > 0 || refresh.length > 0)) {
    throw new TypeError(
      `[CONFLICTING_PIPELINE_REFRESH_OPTIONS] startRun(): fullRefreshAll cannot be combined with ${fullRefresh.length > 0 ? 'fullRefresh' : 'refresh'}`,
    );
  }
  const dry = options.dry ?? false;
  if (typeof dry !== 'boolean') throw new TypeError('startRun(): dry must be a boolean');
  return { kind: 'startRun', graphId, storage, fullRefresh, fullRefreshAll, refresh, dry };
}

/**
 * The events of a run, as an async iterator. The run starts when the iteration does (once per
 * PipelineRun); ending the loop early interrupts the run. A failed run rejects the iteration with
 * the server's error (an AnalysisException for an invalid graph).
 *
 * @example
 * for await (const e of graph.startRun({ storage: 'file:///tmp/pl' })) console.log(e.message);
 */
export class PipelineRun implements AsyncIterable<PipelineEvent> {
  private started = false;

  /** @internal */
  constructor(
    private readonly spark: SparkSession,
    private readonly plan: Plan,
    private readonly opts: ExecuteOptions | undefined,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<PipelineEvent> {
    if (this.started)
      throw new TypeError('A PipelineRun can be iterated once; call startRun() again for a new run');
    this.started = true;
    for await (const resp of this.spark.execute(this.plan, this.opts)) {
      const rt = resp.responseType;
      if (rt.case !== 'pipelineEventResult' || rt.value.event === undefined) continue;
      const ev = rt.value.event;
      const ts = ev.timestamp;
      const ms = ts === undefined ? 0 : Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1e6);
      yield { timestamp: new Date(ms), message: ev.message ?? '' };
    }
  }
}
