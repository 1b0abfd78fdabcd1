/**
 * Structured Streaming (files in, a memory sink out, progress) and Spark 4 subqueries
 * (correlated scalar subquery, EXISTS, lateral join) and table-valued functions.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { col, functions as F, lit, SparkSession } from '../src/index.js';

await using spark = await SparkSession.builder()
  .remote(process.env.SPARK_REMOTE ?? 'sc://127.0.0.1:15430')
  .create();
const dir = mkdtempSync(join(tmpdir(), 'stream-'));
try {
  // Streaming: every JSON file dropped into `inbox` is a new micro-batch.
  const inbox = join(dir, 'inbox');
  mkdirSync(inbox);
  writeFileSync(join(inbox, 'a.json'), '{"user":"ann","clicks":3}\n{"user":"bob","clicks":1}\n');
  writeFileSync(join(inbox, 'b.json'), '{"user":"ann","clicks":2}\n');
  const events = spark.readStream.schema('user STRING, clicks INT').json(inbox);
  const totals = events.groupBy('user').agg(F.sum('clicks').alias('total'));
  const query = await totals.writeStream
    .outputMode('complete')
    .format('memory')
    .queryName('click_totals')
    .start();
  await query.processAllAvailable();
  await (await spark.sql('SELECT * FROM click_totals ORDER BY user')).show();
  const progress = await query.recentProgress();
  console.log(`streamed ${progress.reduce((n, p) => n + p.numInputRows, 0)} input rows`);
  await query.stop();
  console.log(`active queries after stop: ${(await spark.streams.active()).length}`);

  // Subqueries (Spark 4.0+): employees paid above their department's average.
  const emp = await spark.createDataFrame(
    [
      { name: 'ann', dept: 'eng', salary: 100 },
      { name: 'bob', dept: 'eng', salary: 80 },
      { name: 'cid', dept: 'ops', salary: 70 },
      { name: 'dee', dept: 'ops', salary: 50 },
    ],
    'name STRING, dept STRING, salary INT',
  );
  const deptAvg = emp
    .alias('e2')
    .where(col('e2.dept').eq(col('e1.dept').outer()))
    .select(F.avg('salary'))
    .scalar();
  await emp.alias('e1').where(col('salary').gt(deptAvg)).select('name', 'dept').orderBy('name').show();

  // Lateral join: each row of the left side feeds the right side through outer() columns.
  const raises = spark
    .range(1, 3)
    .select(col('id').alias('step'), col('salary').outer().plus(col('id').multiply(10)).alias('new_salary'));
  await emp
    .where(col('dept').eq('ops'))
    .lateralJoin(raises)
    .select('name', 'step', 'new_salary')
    .orderBy('name', 'step')
    .show();

  // Table-valued functions (Spark 4.0+).
  await spark.tvf.explode(F.array(lit('x'), lit('y'))).show();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
