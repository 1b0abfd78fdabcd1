/**
 * The cluster tier: a Spark standalone cluster (master, 2 workers x 1 core, the Connect server as
 * the driver, executors in their own JVMs), one version at a time, with server confs that end every
 * result stream after 1 s or 64 KiB so results come back through many reattaches. Proves shuffles
 * across executors with exact results, a 2M-row result gathered from several executors, caching
 * and checkpoints, a Java UDF jar from addArtifacts running in the executors, and an executor
 * killed mid-query whose tasks Spark runs again with nothing lost or repeated.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  col,
  functions as F,
  lit,
  ResourceProfileBuilder,
  SparkSession,
  StorageLevel,
  TaskResourceRequests,
  UnsupportedServerVersionError,
  Window,
} from '../../src/index.js';
import { countCalls } from '../fault/support.js';
import { UDF_CLASSES, udfJar } from '../support/java-udf.js';
import { atLeast } from '../support/matrix.js';
import {
  attemptsIn,
  clusterPort,
  clusterVersions,
  driverPid,
  gated,
  isExecutor,
  killExecutor,
  openGate,
  openPartition,
  startCluster,
  stopCluster,
  type TaskAttempt,
  waitForAttempts,
} from './support.js';

const gate = (c: ReturnType<typeof col>, dir: string) => F.call_udf('gate', c, lit(dir));

/** Attempts of the gate stage (the one stage whose tasks call the gate), by partition. */
function byPartition(attempts: TaskAttempt[]): Map<number, TaskAttempt[]> {
  const out = new Map<number, TaskAttempt[]>();
  for (const a of attempts) {
    const list = out.get(a.partition) ?? [];
    list.push(a);
    out.set(a.partition, list);
  }
  return out;
}

describe.each(clusterVersions())('standalone cluster, Spark %s', (version) => {
  let spark: SparkSession;
  let checkpointDir: string;

  beforeAll(async () => {
    const jar = await udfJar(version);
    checkpointDir = join(tmpdir(), `sct-cluster-checkpoints-${clusterPort(version)}`);
    const url = await startCluster(version, { 'spark.checkpoint.dir': checkpointDir });
    spark = await SparkSession.builder()
      .remote(url)
      .config('spark.sql.ansi.enabled', 'true')
      .config('spark.sql.shuffle.partitions', '4')
      // Joins shuffle both sides instead of broadcasting the small one.
      .config('spark.sql.autoBroadcastJoinThreshold', '-1')
      .create();
    await spark.addArtifacts(jar);
    await spark.udf.registerJavaFunction('gate', UDF_CLASSES.taskGate, 'bigint');
    await spark.udf.registerJavaFunction('jvm_name', UDF_CLASSES.jvmName, 'string');
    await spark.udf.registerJavaFunction('jvm_pid', UDF_CLASSES.jvmPid, 'int');
  });

  afterAll(async () => {
    await spark?.stop();
    await stopCluster(version);
    if (checkpointDir !== undefined) await rm(checkpointDir, { recursive: true, force: true });
  });

  it('the Java UDF from addArtifacts runs in at least 2 executor JVMs, none of them the driver', async () => {
    const { result, attempts } = await gated(
      (dir) =>
        spark
          .range(0, 8, 1, 8)
          .select(F.call_udf('jvm_name', gate(col('id'), dir)).alias('jvm'))
          .collect(),
      { minJvms: 2 },
    );
    const names = new Set(result.map((r) => String(r.getString(0))));
    const pids = [...names].map((n) => Number(n.split('@')[0]));
    expect(pids.length).toBeGreaterThanOrEqual(2);
    const driver = await driverPid(version);
    expect(pids).not.toContain(driver);
    for (const pid of pids) expect(await isExecutor(pid)).toBe(true);
    // The gate saw the same JVMs run its tasks.
    expect(new Set(attempts.map((a) => a.pid))).toEqual(new Set(pids));
    console.log(
      `[cluster ${version}] UDF ran in ${pids.length} executor JVMs (pids ${pids.join(', ')}; driver ${driver})`,
    );
  });

  it('a join, an aggregation and a window that shuffle across executors give exact results', async () => {
    const orders = spark
      .range(0, 200_000, 1, 6)
      .select(
        col('id').alias('oid'),
        col('id').mod(1000).alias('cust'),
        col('id').multiply(37).mod(101).alias('amount'),
      );
    const customers = spark
      .range(0, 1000, 1, 3)
      .select(col('id').alias('cust'), col('id').mod(7).alias('region'));
    const byRegion = orders
      .join(customers, 'cust')
      .groupBy('region')
      .agg(F.count('*').alias('n'), F.sum('amount').alias('total'))
      .orderBy('region');
    const plan = await byRegion.explainString();
    expect(plan).toMatch(/SortMergeJoin/);
    expect(plan).toMatch(/Exchange hashpartitioning/);
    const want = new Map<number, { n: number; total: number }>();
    for (let id = 0; id < 200_000; id++) {
      const region = (id % 1000) % 7;
      const w = want.get(region) ?? { n: 0, total: 0 };
      w.n++;
      w.total += (id * 37) % 101;
      want.set(region, w);
    }
    expect(
      (await byRegion.collect()).map((r) => [
        Number(r.get('region')),
        Number(r.get('n')),
        Number(r.get('total')),
      ]),
    ).toEqual([...want.entries()].sort((a, b) => a[0] - b[0]).map(([k, w]) => [k, w.n, w.total]));

    // Window: per key, rank from the top and a running sum, over a shuffle by key.
    const w = Window.partitionBy('k').orderBy('id');
    const windowed = spark
      .range(0, 50_000, 1, 5)
      .select(col('id'), col('id').mod(10).alias('k'))
      .withColumn('rn', F.row_number().over(Window.partitionBy('k').orderBy(col('id').desc())))
      .withColumn('running', F.sum('id').over(w.rowsBetween(Window.unboundedPreceding, Window.currentRow)))
      .groupBy('k')
      .agg(
        F.max('rn').alias('n'),
        F.sum('running').alias('sum_running'),
        F.min(F.when(col('rn').eq(1), col('id'))).alias('top'),
      )
      .orderBy('k');
    const expected: [number, number, bigint, number][] = [];
    for (let k = 0; k < 10; k++) {
      let running = 0n;
      let sum = 0n;
      let n = 0;
      let top = 0;
      for (let id = k; id < 50_000; id += 10) {
        running += BigInt(id);
        sum += running;
        n++;
        top = id;
      }
      expected.push([k, n, sum, top]);
    }
    expect(
      (await windowed.collect()).map((r) => [
        Number(r.get('k')),
        Number(r.get('n')),
        BigInt(r.get('sum_running') as bigint),
        Number(r.get('top')),
      ]),
    ).toEqual(expected);
  });

  it('2M rows from several executors arrive through reattaches, each exactly once', async () => {
    const N = 2_000_000;
    const calls = countCalls(spark, ['reattachExecute']);
    const seen = new Uint8Array(N);
    const perPid = new Map<number, number>();
    let rows = 0;
    let sumV = 0;
    const { attempts } = await gated(
      async (dir) => {
        const df = spark
          .range(0, N, 1, 8)
          .select(
            col('id'),
            col('id').multiply(7919).mod(1_000_003).alias('v'),
            F.call_udf('jvm_pid', gate(col('id'), dir)).alias('pid'),
          );
        for await (const batch of df.toArrowBatches()) {
          const ids = batch.getChild('id')?.toArray() as BigInt64Array;
          const vs = batch.getChild('v')?.toArray() as BigInt64Array;
          const pids = batch.getChild('pid')?.toArray() as Int32Array;
          for (let i = 0; i < batch.numRows; i++) {
            const id = Number(ids[i]);
            if (id < 0 || id >= N || seen[id] === 1)
              throw new Error(`row id ${id} is out of range or repeated`);
            seen[id] = 1;
            const v = Number(vs[i]);
            if (v !== (id * 7919) % 1_000_003) throw new Error(`row ${id}: v = ${v}`);
            sumV += v;
            perPid.set(pids[i], (perPid.get(pids[i]) ?? 0) + 1);
          }
          rows += batch.numRows;
        }
      },
      { minJvms: 2 },
    );
    let expectedSumV = 0;
    for (let id = 0; id < N; id++) expectedSumV += (id * 7919) % 1_000_003;
    expect(rows).toBe(N);
    expect(seen.every((s) => s === 1)).toBe(true);
    expect(sumV).toBe(expectedSumV);
    expect(perPid.size).toBeGreaterThanOrEqual(2);
    expect(new Set(perPid.keys())).toEqual(new Set(attempts.map((a) => a.pid)));
    expect(calls.reattachExecute).toBeGreaterThan(0);
    console.log(
      `[cluster ${version}] ${rows} rows, checksum sum(v) = ${sumV}, from ${perPid.size} executors (${[...perPid.values()].join(' + ')} rows), ${calls.reattachExecute} reattaches`,
    );
  });

  it('persist keeps computed partitions in the executors; unpersist drops them', async () => {
    const dir = await openGate();
    try {
      // Every task through the gate leaves a marker, so the markers count the computations.
      const df = spark
        .range(0, 20_000, 1, 4)
        .select(gate(col('id'), dir).alias('id'), col('id').multiply(3).alias('t'));
      const exact = [20_000n, (19_999n * 20_000n) / 2n, 3n * ((19_999n * 20_000n) / 2n)];
      // Uses the gated column, so column pruning cannot drop the gate once the cache is gone.
      const totals = async () => {
        const [r] = await df
          .agg(F.count('*').alias('n'), F.sum('id').alias('s'), F.sum('t').alias('st'))
          .collect();
        return [r.get('n'), r.get('s'), r.get('st')];
      };
      await df.persist(StorageLevel.MEMORY_AND_DISK);
      expect((await df.storageLevel()).equals(StorageLevel.MEMORY_AND_DISK)).toBe(true);
      expect(await totals()).toEqual(exact);
      expect(await attemptsIn(dir)).toHaveLength(4);
      expect(await totals()).toEqual(exact);
      expect(await attemptsIn(dir)).toHaveLength(4); // read from the cache: no task ran the gate
      await df.unpersist(true);
      expect(await df.isCached()).toBe(false);
      expect(await totals()).toEqual(exact);
      expect(await attemptsIn(dir)).toHaveLength(8); // computed again
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('checkpoint and localCheckpoint (Spark 4.0+) read back the saved data', async () => {
    const df = spark.range(0, 10_000, 1, 4).select(col('id'), col('id').multiply(3).alias('t'));
    if (!atLeast(spark.version, 4, 0)) {
      await expect(df.checkpoint()).rejects.toBeInstanceOf(UnsupportedServerVersionError);
      return;
    }
    const dir = await openGate();
    try {
      const gatedDf = spark
        .range(0, 10_000, 1, 4)
        .select(gate(col('id'), dir).alias('id'), col('id').multiply(3).alias('t'));
      const cp = await gatedDf.checkpoint();
      expect(await attemptsIn(dir)).toHaveLength(4); // eager: computed once, now
      const lcp = await gatedDf.localCheckpoint();
      expect(await attemptsIn(dir)).toHaveLength(8);
      for (const d of [cp, lcp, cp]) {
        const [agg] = await d.agg(F.count('*').alias('n'), F.sum('t').alias('s')).collect();
        expect([agg.get('n'), agg.get('s')]).toEqual([10_000n, 3n * ((9_999n * 10_000n) / 2n)]);
      }
      // Reading a checkpoint runs no task of the original plan.
      expect(await attemptsIn(dir)).toHaveLength(8);
      expect(await cp.explainString()).not.toMatch(/Range \(/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a task resource profile registers on the cluster (4.0+) and keeps its id', async () => {
    const profile = new ResourceProfileBuilder().require(new TaskResourceRequests().cpus(1)).build();
    if (!atLeast(version, 4, 0)) {
      await expect(profile.id(spark)).rejects.toBeInstanceOf(UnsupportedServerVersionError);
      return;
    }
    // Profile 0 is the default one; each new profile gets the next free id.
    const id = await profile.id(spark);
    expect(id).toBeGreaterThan(0);
    expect(await profile.id(spark)).toBe(id);
    const other = new ResourceProfileBuilder().require(new TaskResourceRequests().cpus(2)).build();
    expect(await other.id(spark)).not.toBe(id);
  });

  it('an executor killed mid-query: Spark reruns its running and finished tasks, the result is exact', async () => {
    const N = 400_000;
    let killed = 0;
    let finishedOnVictim = -1;
    let runningOnVictim = -1;
    const { result, attempts } = await gated(
      (dir) =>
        spark
          .range(0, N, 1, 8)
          .select(gate(col('id'), dir).alias('id'))
          .groupBy(col('id').mod(97).alias('k'))
          .agg(F.count('*').alias('n'), F.sum('id').alias('s'))
          .orderBy('k')
          .collect(),
      {
        minJvms: 2,
        whileHeld: async (running, dir) => {
          // Let the victim finish one map task (its shuffle output then lives in the victim), wait
          // until it holds its next task, and kill it: both the finished output and the running
          // task are lost.
          const victim = running[0];
          killed = victim.pid;
          finishedOnVictim = victim.partition;
          await openPartition(dir, victim.partition);
          const now = await waitForAttempts(dir, `executor ${killed} to start its next task`, (as) =>
            as.some((a) => a.pid === killed && a.partition !== victim.partition),
          );
          runningOnVictim =
            now.find((a) => a.pid === killed && a.partition !== victim.partition)?.partition ?? -1;
          await killExecutor(killed);
        },
      },
    );
    const want: [number, number, bigint][] = [];
    for (let k = 0; k < 97; k++) want.push([k, 0, 0n]);
    for (let id = 0; id < N; id++) {
      want[id % 97][1]++;
      want[id % 97][2] += BigInt(id);
    }
    expect(result.map((r) => [Number(r.get('k')), Number(r.get('n')), r.get('s')])).toEqual(want);
    const parts = byPartition(attempts);
    expect([...parts.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The running task and the finished one (its shuffle output died with the JVM) ran again elsewhere.
    for (const p of [runningOnVictim, finishedOnVictim]) {
      expect(parts.get(p)?.some((a) => a.pid === killed)).toBe(true);
      expect(parts.get(p)?.some((a) => a.pid !== killed)).toBe(true);
    }
    const rerun = attempts.length - parts.size;
    expect(rerun).toBeGreaterThanOrEqual(2);
    console.log(
      `[cluster ${version}] killed executor ${killed} (finished map task of partition ${finishedOnVictim}, running ${runningOnVictim}); ${rerun} task attempt(s) rerun; ${attempts.length} attempts for 8 partitions; ${N} rows aggregated exactly`,
    );
  });
});
