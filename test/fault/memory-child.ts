/**
 * Child process of the memory fault test (run with `node --import tsx`): iterates a large result
 * row by row and prints one JSON line with the rows seen, their checksum and the growth of the
 * process' resident memory over the iteration (peak RSS minus RSS after a warm-up).
 *
 * Usage: node --import tsx test/fault/memory-child.ts <sc-url> <rows>
 */
import { SparkSession } from '../../src/index.js';

const [url, rowsArg] = process.argv.slice(2);
const total = Number(rowsArg);
if (url === undefined || !Number.isSafeInteger(total) || total <= 0) {
  console.error('usage: memory-child.ts <sc-url> <rows>');
  process.exit(2);
}

const spark = await SparkSession.builder().remote(url).create();
try {
  // Warm-up: load every module and JIT the decoding path before the baseline is taken.
  let warm = 0;
  for await (const _ of spark.range(0, 300_000, 1, 2).toLocalIterator()) warm++;
  if (warm !== 300_000) throw new Error(`warm-up read ${warm} rows`);

  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);

  const started = Date.now();
  let rows = 0;
  let sum = 0n;
  let inOrder = true;
  // 40 partitions keep each server task small; ids arrive in order.
  for await (const row of spark.range(0, total, 1, 40).toLocalIterator()) {
    const id = row.get(0) as bigint;
    if (id !== BigInt(rows)) inOrder = false;
    sum += id;
    rows++;
  }
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    JSON.stringify({
      rows,
      sum: sum.toString(),
      inOrder,
      baselineBytes: baseline,
      peakBytes: peak,
      growthBytes: peak - baseline,
      ms: Date.now() - started,
    }),
  );
} finally {
  await spark.stop();
}
