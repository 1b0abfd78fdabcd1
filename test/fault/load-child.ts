/**
 * Child process of the load fault test (run with `node --expose-gc --import tsx`): runs small
 * queries one after the other on one session, checks every result, and at checkpoints forces a
 * full GC and samples the heap, the resident memory and the process' active handles (sockets,
 * timers, ...). Prints one JSON line with the samples, the throughput and the latency
 * percentiles.
 *
 * Usage: node --expose-gc --import tsx test/fault/load-child.ts <sc-url> <queries> <checkpoint>
 */
import { SparkSession } from '../../src/index.js';

const [url, queriesArg, everyArg] = process.argv.slice(2);
const total = Number(queriesArg);
const every = Number(everyArg);
const gc = (globalThis as { gc?: () => void }).gc;
if (
  url === undefined ||
  !Number.isSafeInteger(total) ||
  total <= 0 ||
  !Number.isSafeInteger(every) ||
  every <= 0
) {
  console.error('usage: load-child.ts <sc-url> <queries> <checkpoint>');
  process.exit(2);
}
if (gc === undefined) {
  console.error('run with node --expose-gc');
  process.exit(2);
}

interface Sample {
  queries: number;
  heapUsed: number;
  rss: number;
  /** Active resources by kind (process.getActiveResourcesInfo()), e.g. { TCPSocketWrap: 1, Timeout: 2 }. */
  resources: Record<string, number>;
}

function sample(queries: number): Sample {
  // Several full collections: weak references and finalizers may need more than one pass.
  for (let i = 0; i < 4; i++) gc?.();
  const resources: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) resources[kind] = (resources[kind] ?? 0) + 1;
  const { heapUsed, rss } = process.memoryUsage();
  return { queries, heapUsed, rss, resources };
}

const spark = await SparkSession.builder().remote(url).create();
const samples: Sample[] = [];
const latencies = new Float64Array(total);
let wrong = 0;
const started = performance.now();
try {
  for (let i = 0; i < total; i++) {
    const t0 = performance.now();
    // Rotate a plan-built query, a parameterised SQL query (two executions) and a local relation
    // (a config call, then an execution): none of these paths may leak.
    if (i % 3 === 0) {
      const rows = await spark.range(i, i + 3).collect();
      const ids = rows.map((r) => r.get('id'));
      if (ids.length !== 3 || ids[0] !== BigInt(i) || ids[1] !== BigInt(i + 1) || ids[2] !== BigInt(i + 2)) {
        wrong++;
      }
    } else if (i % 3 === 1) {
      const rows = await (await spark.sql('SELECT :i * 2 AS x, :s AS s', { i, s: `q${i}` })).collect();
      if (rows.length !== 1 || rows[0].get('x') !== i * 2 || rows[0].get('s') !== `q${i}`) wrong++;
    } else {
      const rows = await (await spark.createDataFrame([[i, `r${i}`]], 'n int, s string')).collect();
      if (rows.length !== 1 || rows[0].get('n') !== i || rows[0].get('s') !== `r${i}`) wrong++;
    }
    latencies[i] = performance.now() - t0;
    if ((i + 1) % every === 0) samples.push(sample(i + 1));
  }
} finally {
  await spark.stop();
}
const seconds = (performance.now() - started) / 1000;
const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p: number) =>
  Number(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(2));
const afterStop = sample(total);
console.log(
  JSON.stringify({
    queries: total,
    wrong,
    seconds: Number(seconds.toFixed(1)),
    queriesPerSecond: Number((total / seconds).toFixed(1)),
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
    maxMs: pct(1),
    samples,
    afterStop,
  }),
);
