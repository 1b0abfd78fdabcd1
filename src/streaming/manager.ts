/**
 * `spark.streams`: StreamingQueryManager, the session's streaming queries
 * (StreamingQueryManagerCommand).
 */

import type { MessageInitShape } from '@bufbuild/protobuf';
import type { ExecuteOptions } from '../client/execute.js';
import type { CallOptions } from '../client/session-rpc.js';
import type {
  StreamingQueryManagerCommandResult,
  StreamingQueryManagerCommandResult_StreamingQueryInstance,
  StreamingQueryManagerCommandSchema,
} from '../gen/spark/connect/commands_pb.js';
import { pickResult, resultOf, runSessionCommand } from '../session/command.js';
import type { SparkSession } from '../session/spark-session.js';
import type { StreamingQueryListener } from './listener.js';
import { ListenerBus } from './listener-bus.js';
import { checkTimeout, StreamingQuery } from './query.js';

type ManagerCommand = MessageInitShape<typeof StreamingQueryManagerCommandSchema>['command'];

/**
 * The streaming queries of a session: `spark.streams`.
 *
 * Client-side listeners (`addListener`, Spark 4.0+) share one event stream per session, open while
 * at least one listener is registered; `removeListener` of the last one, `close()` and
 * `spark.stop()` end it.
 *
 * @example
 * for (const q of await spark.streams.active()) console.log(q.name, q.id);
 * await spark.streams.awaitAnyTermination(10_000);
 */
export class StreamingQueryManager {
  private readonly bus: ListenerBus;

  /** @internal Use `spark.streams`. */
  constructor(private readonly session: SparkSession) {
    this.bus = new ListenerBus(session);
  }

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

  /**
   * Registers a StreamingQueryListener for the session's streaming queries (Spark 4.0+; older
   * servers reject it with UnsupportedServerVersionError before anything is sent). The first
   * listener opens the session's event stream and resolves once the server confirmed it; `opts`
   * bounds that wait. Adding the same object twice has no effect.
   * @example
   * await spark.streams.addListener({ onQueryProgress: (e) => console.log(e.progress.numInputRows) });
   */
  async addListener(listener: StreamingQueryListener, opts?: CallOptions): Promise<void> {
    await this.bus.add(listener, opts);
  }

  /**
   * Unregisters a listener (unknown ones are ignored). Removing the last one asks the server to
   * end the event stream and resolves once it ended; events that arrived before are delivered.
   * @example await spark.streams.removeListener(listener)
   */
  async removeListener(listener: StreamingQueryListener): Promise<void> {
    await this.bus.remove(listener);
  }

  /**
   * Unregisters every client-side listener and ends the session's event stream (PySpark's
   * `StreamingQueryManager.close()`); queries keep running. `spark.stop()` does it as well.
   * @example await spark.streams.close()
   */
  async close(): Promise<void> {
    await this.bus.removeAll();
  }

  /** @internal The listeners registered now (a copy). */
  get listeners(): StreamingQueryListener[] {
    return this.bus.registered;
  }

  /** @internal `start()` answered with a query started event (Spark 4.0+). */
  postQueryStarted(json: string): void {
    this.bus.postStarted(json);
  }

  /** @internal The session stops: cancel the event stream now. */
  stopListenerBus(): void {
    this.bus.shutdown();
  }
}
