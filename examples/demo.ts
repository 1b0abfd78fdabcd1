/**
 * The demo `npm start` runs: connects to a Spark Connect server (SPARK_REMOTE), runs SQL and
 * DataFrame operations, prints tables with show(), and shows a typed error.
 */
import { AnalysisException, col, functions as F, lit, SparkSession, typed } from '../src/index.js';

const remote = process.env.SPARK_REMOTE ?? 'sc://127.0.0.1:15430';
await using spark = await SparkSession.builder().remote(remote).appName('demo').getOrCreate();
console.log(`Connected to Spark ${spark.version} at ${spark.client.endpoint} (session ${spark.sessionId})\n`);

console.log('SQL with named parameters:');
const orders = await spark.sql(
  `SELECT * FROM VALUES
     (1, 'alice', CAST(19.99 AS DECIMAL(10,2)), DATE'2024-01-05'),
     (2, 'bob',   CAST(5.50 AS DECIMAL(10,2)),  DATE'2024-01-06'),
     (3, 'alice', CAST(100.00 AS DECIMAL(10,2)), DATE'2024-02-01'),
     (4, 'carol', CAST(42.00 AS DECIMAL(10,2)), DATE'2024-02-11')
   AS orders(id, customer, amount, day)
   WHERE amount >= :min`,
  { min: typed.decimal('10.00') },
);
await orders.show();

console.log('DataFrame operations:');
const big = orders
  .withColumn('amount_x2', col('amount').multiply(2))
  .filter(col('customer').neq('bob'))
  .select(F.upper(col('customer')).alias('customer'), 'amount', 'amount_x2', lit('EUR').alias('currency'))
  .orderBy(col('amount').desc());
await big.show();
await big.printSchema();

const rows = await big.collect();
console.log('Rows as JavaScript values:');
for (const row of rows) console.log(`  ${JSON.stringify(row.toJSON())}`);
console.log(`count() = ${await spark.range(1_000_000).count()}\n`);

console.log('A typed error:');
try {
  await spark.sql('SELECT * FROM no_such_table');
} catch (e) {
  if (e instanceof AnalysisException) {
    console.log(`  ${e.name} [${e.errorClass}] SQLSTATE ${e.sqlState}`);
    console.log(`  ${e.message.split('\n')[0]}`);
  } else {
    throw e;
  }
}
