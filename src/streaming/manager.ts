/**
 * `spark.streams`: StreamingQueryManager, the session's streaming queries
 * (StreamingQueryManagerCommand).
 */

import type { MessageInitShape } from '@bufbuild/protobuf';
import type { ExecuteOptions } from '../client/execute.js';
import type {
  StreamingQueryManagerCommandResult,
  StreamingQueryManagerCommandResult_StreamingQueryInstance,
  StreamingQueryManagerCommandSchema,
} from '../gen/spark/connect/commands_pb.js';
import type { SparkSession } from '../session/spark-session.js';
import { pickResult, resultOf, runSessionCommand } from './command.js';
import { checkTimeout, StreamingQuery } from './query.js';

type ManagerCommand = MessageInitShape<typeof StreamingQueryManagerCommandSchema>['command'];

/**
 * The streaming queries of a session: `spark.streams`.
 *
 * `addListener` / `removeListener` are not supported yet: they need a long-lived event stream from
 * the server (the listener bus command of Spark 4.0+) feeding client-side callbacks.
 *
 * @example
 * for (const q of await spark.streams.active()) console.log(q.name, q.id);
 * await spark.streams.awaitAnyTermination(10_000);
 */
export class StreamingQueryManager {
  /** @internal Use `spark.streams`. */
  constructor(private readonly session: SparkSession) {}

  private async command(
    command: ManagerCommand,
    opts?: ExecuteOptions,
  ): Promise<StreamingQueryManagerCommandResult> {
    const state = await runSessionCommand(
      this.session,
      { case: 'streamingQueryManagerCommand', value: { command } },
      opts,
    );
    return pickResult(state, 'streamingQueryManagerCommandResult', `spark.streams ${command?.case}`);
  }

  private query(q: StreamingQueryManagerCommandResult_StreamingQueryInstance): StreamingQuery {
    return new StreamingQuery(this.session, q.id?.id ?? '', q.id?.runId ?? '', q.name || undefined);
  }

  /** The session's active streaming queries. @example (await spark.streams.active()).map((q) => q.name) */
  async active(opts?: ExecuteOptions): Promise<StreamingQuery[]> {
    const r = await this.command({ case: 'active', value: true }, opts);
    return resultOf(r.resultType, 'active', 'active()').activeQueries.map((q) => this.query(q));
  }

  /** The active query with this id (a UUID), or null. @example await spark.streams.get(query.id) */
  async get(id: string, opts?: ExecuteOptions): Promise<StreamingQuery | null> {
    if (typeof id !== 'string' || id.length === 0) throw new TypeError('get() takes a query id');
    const r = await this.command({ case: 'getQuery', value: id }, opts);
    // The server answers an unknown id with an empty result.
    return r.resultType.case === 'query' ? this.query(r.resultType.value) : null;
  }

  /**
   * Waits until any query of the session ends (since the last `resetTerminated()`). Without
   * `timeoutMs` it resolves with `true`; with it, `false` when none ended in time. A failed query
   * rejects with its StreamingQueryException.
   * @example const ended = await spark.streams.awaitAnyTermination(5000)
   */
  async awaitAnyTermination(timeoutMs?: number, opts?: ExecuteOptions): Promise<boolean> {
    const timeout = checkTimeout(timeoutMs, 'awaitAnyTermination()');
    const r = await this.command(
      { case: 'awaitAnyTermination', value: timeout === undefined ? {} : { timeoutMs: timeout } },
      opts,
    );
    if (timeout === undefined) return true;
    return resultOf(r.resultType, 'awaitAnyTermination', 'awaitAnyTermination()').terminated;
  }

  /** Forgets the queries that ended, so `awaitAnyTermination()` waits for a new one. @example await spark.streams.resetTerminated() */
  async resetTerminated(opts?: ExecuteOptions): Promise<void> {
    await this.command({ case: 'resetTerminated', value: true }, opts);
  }
}
