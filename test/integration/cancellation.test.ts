/**
 * Cancellation, deadlines, tags and progress: every action takes `{ signal, timeoutMs, tags,
 * onProgress }`; aborting or timing out rejects promptly and interrupts the operation on the
 * server; interruptAll / interruptTag / interruptOperation return the interrupted ids.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import {
  type ExecutionProgress,
  OperationAbortedError,
  OperationCanceledException,
  OperationTimeoutError,
  SparkConnectError,
  type SparkSession,
} from '../../src/index.js';
import { atLeast, newSession, serverMatrix } from '../support/matrix.js';
import { type SeenInterrupt, sleepAggregateSql, spyInterrupts } from '../support/ops.js';
import { sailIt } from '../support/sail.js';

/**
 * Calls an interrupt until it interrupts something (the operation may not have reached the server
 * yet on a busy machine) and returns the ids it interrupted; fails when the operation's `result`
 * settled first (it failed before it could be interrupted) or after 30 s.
 */
async function interruptWhenRunning(
  interrupt: () => Promise<string[]>,
  result: Promise<unknown>,
): Promise<string[]> {
  const end = Date.now() + 30_000;
  let settled: { value: unknown } | undefined;
  void result.then((value) => {
    settled = { value };
  });
  for (;;) {
    const ids = await interrupt().catch((e: unknown) => {
      // Spark 4.0 fails an interrupt that reaches an operation still in its Pending state ("with
      // status Pending is not within statuses List(Finished, Failed, Canceled) for event Closed",
      // a server race): the operation is not running yet, so try again as for an empty answer.
      if (e instanceof Error && /with status Pending is not within statuses/.test(e.message)) return [];
      throw e;
    });
    if (ids.length > 0) return ids;
    if (settled !== undefined) {
      const v = settled.value;
      throw new Error(
        `the operation ended before it was interrupted: ${v instanceof Error ? v.message : String(v)}`,
      );
    }
    if (Date.now() > end) throw new Error('the operation never ran');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(serverMatrix({ sail: true }))('cancellation, tags and progress on Spark %s', (version, url) => {
  const test = sailIt(version, 'cancellation');
  let spark: SparkSession;
  let interrupts: SeenInterrupt[];

  beforeAll(async () => {
    spark = await newSession(url);
    interrupts = spyInterrupts(spark);
  });

  afterEach(async () => {
    // Never leave a sleeping query behind on a shared server.
    await spark.interruptAll();
    spark.clearTags();
    spark.clearProgressHandlers();
  });

  afterAll(async () => {
    await spark?.stop();
  });

  // 2 partitions x 1500 rows x 10 ms: ~15 s of work unless interrupted.
  const LONG = sleepAggregateSql(3000, 10);

  /** Starts a long action, waits until the server runs it, and returns its operation id. */
  async function startLong(opts: { signal?: AbortSignal; timeoutMs?: number; tags?: string[] }) {
    const operationId = randomUUID();
    const tag = `running-${operationId.slice(0, 8)}`;
    const df = await spark.sql(LONG);
    const result = df.collect({ ...opts, operationId, tags: [...(opts.tags ?? []), tag] }).then(
      () => new Error('expected the long query to be cancelled'),
      (e: unknown) => e,
    );
    return { operationId, tag, result };
  }

  test('aborting a signal rejects at once with OperationAbortedError and interrupts the operation', async () => {
    const ctrl = new AbortController();
    const { operationId, result } = await startLong({ signal: ctrl.signal });
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = Date.now();
    ctrl.abort();
    const err = await result;
    const latency = Date.now() - t0;
    expect(err).toBeInstanceOf(OperationAbortedError);
    expect(err).not.toBeInstanceOf(OperationTimeoutError);
    expect(latency).toBeLessThan(2000);
    await spark.rpc.drain();
    // The client's own Interrupt: the server says it interrupted exactly this operation.
    expect(interrupts.filter((i) => i.operationId === operationId).flatMap((i) => i.interruptedIds)).toEqual([
      operationId,
    ]);
    expect(await spark.interruptOperation(operationId)).toEqual([]);
  });

  test('timeoutMs rejects with OperationTimeoutError and interrupts the operation', async () => {
    const t0 = Date.now();
    const { operationId, result } = await startLong({ timeoutMs: 2000 });
    const err = await result;
    expect(err).toBeInstanceOf(OperationTimeoutError);
    expect((err as Error).message).toMatch(/timed out/);
    expect(Date.now() - t0).toBeLessThan(2000 + 2000);
    await spark.rpc.drain();
    expect(interrupts.filter((i) => i.operationId === operationId).flatMap((i) => i.interruptedIds)).toEqual([
      operationId,
    ]);
  });

  test('an already aborted signal rejects without starting anything', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(spark.range(3).collect({ signal: ctrl.signal })).rejects.toBeInstanceOf(
      OperationAbortedError,
    );
    await expect(spark.range(3).count({ signal: ctrl.signal })).rejects.toBeInstanceOf(OperationAbortedError);
  });

  test('signal and timeoutMs work on unary calls too', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(spark.range(3).schema({ signal: ctrl.signal })).rejects.toBeInstanceOf(
      OperationAbortedError,
    );
    await expect(
      spark.conf.get('spark.sql.ansi.enabled', null, { signal: ctrl.signal }),
    ).rejects.toBeInstanceOf(OperationAbortedError);
    expect((await spark.range(3).schema({ timeoutMs: 60_000 })).fieldNames()).toEqual(['id']);
  });

  test('interruptTag() interrupts the operations of an action tag and returns their ids', async () => {
    const { operationId, result } = await startLong({ tags: ['report'] });
    expect(await interruptWhenRunning(() => spark.interruptTag('report'), result)).toEqual([operationId]);
    const err = await result;
    expect(err).toBeInstanceOf(OperationCanceledException);
    expect(err).toBeInstanceOf(SparkConnectError);
    expect((err as SparkConnectError).errorClass).toBe('OPERATION_CANCELED');
    expect(await spark.interruptTag('report')).toEqual([]);
  });

  test('session tags apply to every operation; interruptAll() and interruptOperation() return ids', async () => {
    spark.addTag('nightly');
    spark.addTag('etl');
    expect([...spark.getTags()].sort()).toEqual(['etl', 'nightly']);
    const a = await startLong({});
    const b = await startLong({});
    expect(await interruptWhenRunning(() => spark.interruptOperation(b.operationId), b.result)).toEqual([
      b.operationId,
    ]);
    expect(await b.result).toBeInstanceOf(OperationCanceledException);
    expect(((await b.result) as SparkConnectError).errorClass).toBe('OPERATION_CANCELED');
    spark.removeTag('etl');
    expect([...spark.getTags()]).toEqual(['nightly']);
    // `a` started while the session had the tag 'etl'.
    expect(await interruptWhenRunning(() => spark.interruptTag('etl'), a.result)).toEqual([a.operationId]);
    expect(await a.result).toBeInstanceOf(OperationCanceledException);
    expect(((await a.result) as SparkConnectError).errorClass).toBe('OPERATION_CANCELED');

    const c = await startLong({});
    expect(await interruptWhenRunning(() => spark.interruptAll(), c.result)).toEqual([c.operationId]);
    expect(await c.result).toBeInstanceOf(OperationCanceledException);
    expect(((await c.result) as SparkConnectError).errorClass).toBe('OPERATION_CANCELED');
    spark.clearTags();
    expect(spark.getTags().size).toBe(0);
  });

  test('bad tags and unknown action options are clear TypeErrors', async () => {
    expect(() => spark.addTag('')).toThrow(TypeError);
    expect(() => spark.addTag('a,b')).toThrow(/must not contain ','/);
    await expect(spark.range(1).collect({ tags: ['x,y'] })).rejects.toThrow(/must not contain ','/);
    await expect(spark.range(1).collect({ timeout: 5 } as never)).rejects.toThrow(
      /Unknown action option 'timeout'/,
    );
    await expect(spark.range(1).collect({ operationId: 'nope' })).rejects.toThrow(
      /operationId must be a UUID/,
    );
    await expect(spark.range(1).collect({ timeoutMs: -1 })).rejects.toThrow(/timeoutMs must be a positive/);
  });

  const PROGRESSING = sleepAggregateSql(800, 10); // ~4 s on 2 cores: at least one progress report

  if (atLeast(version, 4, 0)) {
    test('onProgress and session progress handlers receive the execution progress (4.0+)', async () => {
      const fromOption: ExecutionProgress[] = [];
      const fromSession: ExecutionProgress[] = [];
      const removed: ExecutionProgress[] = [];
      const df = await spark.sql(PROGRESSING);
      const handler = (p: ExecutionProgress) => fromSession.push(p);
      const other = (p: ExecutionProgress) => removed.push(p);
      spark.registerProgressHandler(handler); // PySpark's name for addProgressHandler
      spark.addProgressHandler(handler); // no duplicate
      spark.addProgressHandler(other);
      spark.removeProgressHandler(other);
      const operationId = randomUUID();
      const rows = await df.collect({
        operationId,
        onProgress: (p) => fromOption.push(p),
      });
      expect(rows[0].get('c')).toBe(800n);
      expect(removed).toEqual([]);
      expect(fromSession).toEqual(fromOption);
      const updates = fromOption.filter((p) => !p.done);
      expect(updates.length).toBeGreaterThanOrEqual(1);
      for (const p of fromOption) expect(p.operationId).toBe(operationId);
      const stage = updates[0].stages[0];
      expect(stage.numTasks).toBe(2);
      expect(stage.numCompletedTasks).toBeGreaterThanOrEqual(0);
      expect(stage.numCompletedTasks).toBeLessThanOrEqual(2);
      expect(typeof stage.inputBytesRead).toBe('number');
      // The last call says the operation ended.
      expect(fromOption.at(-1)?.done).toBe(true);
      expect(fromOption.filter((p) => p.done)).toHaveLength(1);

      spark.clearProgressHandlers();
      await spark.range(1).collect();
      expect(fromSession).toHaveLength(fromOption.length);
    });
  } else {
    test('progress handlers get only the final done call: Spark 3.5 reports no progress', async () => {
      const seen: ExecutionProgress[] = [];
      const df = await spark.sql(PROGRESSING);
      spark.addProgressHandler((p) => seen.push(p));
      const operationId = randomUUID();
      await df.collect({ operationId });
      expect(seen).toEqual([{ operationId, stages: [], numInflightTasks: 0, done: true }]);
    });
  }

  test('a progress handler that throws fails the action', async () => {
    spark.addProgressHandler(() => {
      throw new Error('progress bar broke');
    });
    await expect(spark.range(3).collect()).rejects.toThrow('progress bar broke');
    spark.clearProgressHandlers();
    expect(await spark.range(3).count()).toBe(3);
  });
});
