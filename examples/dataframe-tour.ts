/** A tour of the DataFrame API: local data, window functions, aggregation, files, catalog. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { col, functions as F, SparkSession, Window } from '../src/index.js';

await using spark = await SparkSession.builder()
  .remote(process.env.SPARK_REMOTE ?? 'sc://127.0.0.1:15430')
  .create();
const dir = mkdtempSync(join(tmpdir(), 'tour-'));
try {
  const people = await spark.createDataFrame([
    { name: 'ann', dept: 'eng', salary: 100n },
    { name: 'bob', dept: 'eng', salary: 90n },
    { name: 'cid', dept: 'ops', salary: 70n },
  ]);
  const w = Window.partitionBy('dept').orderBy(col('salary').desc());
  const ranked = people.withColumn('rank', F.rank().over(w));
  await ranked.orderBy('name').show();
  await ranked.groupBy('dept').agg(F.max('salary').alias('top')).orderBy('dept').show();
  await ranked.write.mode('overwrite').parquet(join(dir, 'people'));
  const back = spark.read.parquet(join(dir, 'people'));
  console.log(`read back ${await back.count()} rows`);
  await back.createOrReplaceTempView('people');
  console.log(
    (await spark.catalog.listTables())
      .filter((t) => t.isTemporary)
      .map((t) => t.name)
      .join(','),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
