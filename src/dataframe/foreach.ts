/**
 * `foreach` / `foreachPartition` for a client that cannot ship code to the executors: the user's
 * function runs here, in this process, over the streamed result (bounded memory, one row or one
 * partition at a time).
 */
import { spark_partition_id, struct } from '../functions/index.js';
import type { Row } from '../types/index.js';
import type { ActionOptions } from './core.js';
import type { DataFrame } from './dataframe.js';

/** The partition id column and the row struct column of the foreachPartition query. */
const PID = '__foreach_partition_id';
const ROW = '__foreach_row';

/** Calls `fn` on every row, in order, awaiting each call. @internal */
export async function foreachRow(
  df: DataFrame,
  fn: (row: Row) => unknown,
  opts?: ActionOptions,
): Promise<void> {
  if (typeof fn !== 'function') throw new TypeError('foreach() f must be a function');
  for await (const row of df.toLocalIterator(opts)) await fn(row);
}

/**
 * Calls `fn` once per non-empty partition with an iterable of its rows, partition after
 * partition, awaiting each call. Rows the function leaves unread are skipped. @internal
 */
export async function foreachPartitionRows(
  df: DataFrame,
  fn: (rows: AsyncIterable<Row>) => unknown,
  opts?: ActionOptions,
): Promise<void> {
  if (typeof fn !== 'function') throw new TypeError('foreachPartition() f must be a function');
  const tagged = df.select(struct('*').alias(ROW), spark_partition_id().alias(PID));
  const source = tagged.toLocalIterator(opts)[Symbol.asyncIterator]();
  let pending: IteratorResult<Row> = await source.next();
  try {
    while (pending.done !== true) {
      const pid = pending.value.get(PID);
      // The rows of partition `pid`; stops at the first row of the next partition.
      const partition = async function* (): AsyncGenerator<Row> {
        while (pending.done !== true && pending.value.get(PID) === pid) {
          const row = pending.value.get(ROW) as Row;
          pending = await source.next();
          yield row;
        }
      };
      const rows = partition();
      await fn({ [Symbol.asyncIterator]: () => rows });
      // Skip what the function did not read.
      while (pending.done !== true && pending.value.get(PID) === pid) pending = await source.next();
    }
  } finally {
    if (pending.done !== true) await source.return?.();
  }
}
