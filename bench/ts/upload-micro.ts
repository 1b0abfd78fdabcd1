/**
 * Micro-benchmark of the upload path (`createDataFrame` of local rows), from the sources (src/),
 * so it measures the working tree:
 *
 *   node --expose-gc --import tsx bench/ts/upload-micro.ts encode [--rows 1000000] [--reps 5]
 *   node --expose-gc --import tsx bench/ts/upload-micro.ts upload --remote sc://127.0.0.1:15430 [--rows 1000000] [--reps 3]
 *
 * The rows are the upload workload's (`uploadRows` in common.ts, schema `UPLOAD_DDL`), built once
 * before timing. Modes:
 * - `encode`: JS rows → Arrow IPC only (`encodeRows`, no server): what the client adds to the
 *   upload before anything is sent;
 * - `upload`: `spark.createDataFrame(rows, UPLOAD_DDL)` then `count()` against a server, in one
 *   session, after a 50k-row warm-up upload.
 * Each prints the median (and min-max) CPU seconds (user + system, all threads, GC included), wall
 * ms and GC ms of one pass. `--single-threaded-gc` makes the CPU figures steadier on a busy machine.
 */
import { loadavg } from 'node:os';
import { encodeRows } from '../../src/arrow/encode.js';
import { SparkSession } from '../../src/index.js';
import { parseDataType, type StructType } from '../../src/types/index.js';
import { UPLOAD_DDL, uploadRows } from './common.js';
import { arg, cpu, gcMs, quietStart } from './micro.js';

interface Pass {
  cpuS: number;
  wallMs: number;
  gcMs: number;
  detail: string;
}

async function timed(body: () => Promise<string>): Promise<Pass> {
  await quietStart();
  const c0 = cpu();
  const t0 = performance.now();
  const detail = await body();
  const cpuS = cpu() - c0;
  const wallMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 20));
  return { cpuS, wallMs, gcMs: gcMs(), detail };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

function report(label: string, rows: number, passes: Pass[]): void {
  const f = (k: 'cpuS' | 'wallMs' | 'gcMs', digits: number) => {
    const v = passes.map((p) => p[k]);
    return `${median(v).toFixed(digits)} (${Math.min(...v).toFixed(digits)}-${Math.max(...v).toFixed(digits)})`;
  };
  const wall = median(passes.map((p) => p.wallMs));
  console.log(
    `${label}: ${rows} rows, median (min-max) of ${passes.length}: cpu ${f('cpuS', 2)} s  wall ${f('wallMs', 0)} ms` +
      `  gc ${f('gcMs', 0)} ms  ${Math.round(rows / (wall / 1000))} rows/s  ${passes[0].detail}` +
      `  load ${loadavg()[0].toFixed(2)}`,
  );
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  const n = Number(arg('rows', '1000000'));
  const rows = uploadRows(n);
  const passes: Pass[] = [];
  if (mode === 'encode') {
    const reps = Number(arg('reps', '5'));
    const schema = parseDataType(UPLOAD_DDL) as StructType;
    encodeRows(schema, uploadRows(50_000)); // warm-up
    for (let r = 0; r < reps; r++) {
      passes.push(await timed(async () => `${encodeRows(schema, rows).byteLength} IPC bytes`));
    }
  } else if (mode === 'upload') {
    const reps = Number(arg('reps', '3'));
    const spark = await SparkSession.builder().remote(arg('remote', 'sc://127.0.0.1:15430')).create();
    try {
      await (await spark.createDataFrame(uploadRows(50_000), UPLOAD_DDL)).count(); // warm-up
      for (let r = 0; r < reps; r++) {
        passes.push(
          await timed(async () => {
            const count = await (await spark.createDataFrame(rows, UPLOAD_DDL)).count();
            if (count !== n) throw new Error(`count() gave ${count}, expected ${n}`);
            return '';
          }),
        );
      }
    } finally {
      await spark.stop();
    }
  } else {
    throw new Error('usage: upload-micro.ts encode|upload [--rows N] [--reps N] [--remote URL]');
  }
  report(mode, n, passes);
}

await main();
