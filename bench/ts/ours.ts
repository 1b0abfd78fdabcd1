/**
 * Benchmark worker for this client (spark-connect-ts), loading the COMPILED library (dist/, what
 * users get; `$SCTS_DIST` points elsewhere). Runs one task once and prints one JSON line; see
 * common.ts and bench/README.md.
 *
 *   node --expose-gc --import tsx bench/ts/ours.ts collect --remote sc://127.0.0.1:15430 --sql "..." --rows 1000000
 */

import type { DataFrame, SparkSession as Session } from '../../src/index.js';
import {
  cpuSeconds,
  distImport,
  gc,
  nowMs,
  PeakRss,
  percentile,
  runWorker,
  UPLOAD_DDL,
  uploadRows,
  type WorkerArgs,
} from './common.js';

type Lib = typeof import('../../src/index.js');

/** The part of createDataFrame the upload workload needs (the API may not exist in this build). */
type CreateDataFrame = (
  data: Record<string, unknown>[],
  schema: string,
) => Promise<{ count(): Promise<number> }> | { count(): Promise<number> };

async function connect(lib: Lib, remote: string): Promise<Session> {
  return lib.SparkSession.builder().remote(remote).create();
}

async function warm(spark: Session, sql: string, collect: (df: DataFrame) => Promise<unknown>) {
  if (sql === '') return;
  await collect(await spark.sql(sql));
}

function check(rows: number, expected: number): void {
  if (expected > 0 && rows !== expected) throw new Error(`expected ${expected} rows, got ${rows}`);
}

async function main(a: WorkerArgs): Promise<Record<string, unknown>> {
  const lib = await distImport<Lib>('index.js');
  if (a.task === 'session_start') {
    gc();
    const t0 = nowMs();
    const spark = await connect(lib, a.remote);
    const rows = await (await spark.sql('SELECT 1')).collect();
    const ms = nowMs() - t0;
    if (rows.length !== 1) throw new Error('SELECT 1 gave no row');
    await spark.stop();
    return { ms };
  }

  const spark = await connect(lib, a.remote);
  try {
    switch (a.task) {
      case 'version':
        return { version: spark.version };
      case 'latency': {
        const once = async () => (await spark.sql(a.sql)).collect();
        for (let i = 0; i < a.warmup; i++) await once();
        const times: number[] = [];
        for (let i = 0; i < a.queries; i++) {
          const t0 = nowMs();
          await once();
          times.push(nowMs() - t0);
        }
        return { p50_ms: percentile(times, 50), p99_ms: percentile(times, 99), n: times.length };
      }
      case 'collect': {
        await warm(spark, a.warmupSql, (df) => df.collect());
        const df = await spark.sql(a.sql);
        gc();
        const c0 = cpuSeconds();
        const t0 = nowMs();
        const rows = await df.collect();
        const seconds = (nowMs() - t0) / 1000;
        const cpu = cpuSeconds() - c0;
        check(rows.length, a.rows);
        return { seconds, cpu_s: cpu, rows: rows.length };
      }
      case 'collect_columns': {
        await warm(spark, a.warmupSql, (df) => df.collectColumns());
        const df = await spark.sql(a.sql);
        gc();
        const c0 = cpuSeconds();
        const t0 = nowMs();
        const result = await df.collectColumns();
        const seconds = (nowMs() - t0) / 1000;
        const cpu = cpuSeconds() - c0;
        check(result.numRows, a.rows);
        return { seconds, cpu_s: cpu, rows: result.numRows };
      }
      case 'to_arrow': {
        await warm(spark, a.warmupSql, (df) => df.toArrow());
        const df = await spark.sql(a.sql);
        gc();
        const c0 = cpuSeconds();
        const t0 = nowMs();
        const table = await df.toArrow();
        const seconds = (nowMs() - t0) / 1000;
        const cpu = cpuSeconds() - c0;
        check(table.numRows, a.rows);
        return { seconds, cpu_s: cpu, rows: table.numRows };
      }
      case 'stream': {
        await warm(spark, a.warmupSql, async (df) => {
          for await (const _ of df) {
            // drain
          }
        });
        const df = await spark.sql(a.sql);
        const peak = new PeakRss();
        const c0 = cpuSeconds();
        const t0 = nowMs();
        let n = 0;
        for await (const row of df) {
          if (row.length !== 6) throw new Error('bad row');
          if ((++n & 0xffff) === 0) peak.sample();
        }
        const seconds = (nowMs() - t0) / 1000;
        check(n, a.rows);
        return { seconds, cpu_s: cpuSeconds() - c0, rss_growth_mb: peak.growthMb(), rows: n };
      }
      case 'upload': {
        const create = (spark as unknown as { createDataFrame?: CreateDataFrame }).createDataFrame;
        if (typeof create !== 'function') {
          return { ok: false, unsupported: true, error: 'spark.createDataFrame is not in this build yet' };
        }
        const data = uploadRows(a.rows);
        gc();
        const t0 = nowMs();
        const df = await create.call(spark, data, UPLOAD_DDL);
        const count = await df.count();
        const seconds = (nowMs() - t0) / 1000;
        check(count, a.rows);
        return { seconds, rows: count };
      }
      default:
        throw new Error(`unknown task '${a.task}'`);
    }
  } finally {
    await spark.stop();
  }
}

runWorker(main);
