/**
 * Server-side observables of operations for tests: which operations the server said it
 * interrupted, whether an operation is still known to the server, and slow queries with a bounded
 * running time (a failed cancel never blocks a shared server for long).
 */

import { errorClassOf } from '../../src/client/errors.js';
import type { SparkSession } from '../../src/index.js';

/** One Interrupt call the client made, and the server's answer. */
export interface SeenInterrupt {
  type: string;
  operationId?: string;
  tag?: string;
  /** Operation ids the server reported interrupted. */
  interruptedIds: string[];
}

/**
 * Records every Interrupt RPC the session's channel makes (including the ones the client sends on
 * its own when an action is aborted or a loop stops early) and the ids the server answered.
 */
export function spyInterrupts(spark: SparkSession): SeenInterrupt[] {
  const seen: SeenInterrupt[] = [];
  const client = spark.rpc.client;
  const original = client.interrupt.bind(client);
  client.interrupt = (async (...args: Parameters<typeof original>) => {
    const resp = await original(...args);
    const req = args[0];
    const target = req.interrupt;
    seen.push({
      type: String(req.interruptType),
      ...(target?.case === 'operationId' ? { operationId: target.value } : {}),
      ...(target?.case === 'operationTag' ? { tag: target.value } : {}),
      interruptedIds: [...resp.interruptedIds],
    });
    return resp;
  }) as typeof client.interrupt;
  return seen;
}

/**
 * Asks the server to reattach to an operation: resolves with the Spark error class it answers
 * (`INVALID_HANDLE.OPERATION_NOT_FOUND` once the operation was released), or `'attached'` if the
 * server still holds it.
 */
export async function reattachProbe(spark: SparkSession, operationId: string): Promise<string> {
  const ctrl = new AbortController();
  try {
    const stream = spark.rpc.client.reattachExecute(
      { ...spark.rpc.common(), operationId },
      { signal: ctrl.signal, timeoutMs: 30_000 },
    );
    for await (const _ of stream) {
      return 'attached';
    }
    return 'attached';
  } catch (e) {
    return errorClassOf(e) ?? `error: ${(e as Error).message}`;
  } finally {
    ctrl.abort();
  }
}

/**
 * SQL for a query whose first partition (ids 0 .. fastRows-1) is ready at once and whose other
 * `slowPartitions` partitions sleep `sleepMs` per row (`slowRows` rows each): it keeps the server
 * busy for about slowPartitions * slowRows * sleepMs / 2 ms on a 2-core server unless interrupted.
 */
export function slowQuerySql(opts: {
  fastRows: number;
  slowPartitions: number;
  slowRows: number;
  sleepMs: number;
}): string {
  const { fastRows, slowPartitions, slowRows, sleepMs } = opts;
  const total = fastRows + slowPartitions * slowRows;
  // range(0, total, 1, n) splits evenly only when partitions are equal: build them with UNION ALL.
  const fast = `SELECT id, CAST(NULL AS STRING) AS s FROM range(0, ${fastRows}, 1, 1)`;
  const slow = `SELECT id, reflect('java.lang.Thread', 'sleep', CAST(${sleepMs} AS BIGINT)) AS s FROM range(${fastRows}, ${total}, 1, ${slowPartitions})`;
  return `${fast} UNION ALL ${slow}`;
}

/** SQL for a one-row aggregate that sleeps `sleepMs` per row over `rows` rows in 2 partitions. */
export function sleepAggregateSql(rows: number, sleepMs: number): string {
  return `SELECT count(s) AS c FROM (SELECT reflect('java.lang.Thread', 'sleep', CAST(${sleepMs} AS BIGINT)) AS s FROM range(0, ${rows}, 1, 2))`;
}
