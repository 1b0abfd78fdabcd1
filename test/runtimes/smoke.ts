/**
 * The runtime tier's smoke program: what a user does first, printed as fixed lines so the test can
 * compare the whole output. Run under Node (bundled), Bun and Deno (TypeScript as is) against a
 * real server given by SPARK_REMOTE. Imports only the public API.
 */
import { AnalysisException, SparkSession } from '../../src/index.js';

const remote = process.env.SPARK_REMOTE;
if (remote === undefined) throw new Error('SPARK_REMOTE is not set');

const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };
const runtime =
  g.Bun !== undefined
    ? `bun ${g.Bun.version}`
    : g.Deno !== undefined
      ? `deno ${g.Deno.version.deno}`
      : `node ${process.versions.node}`;
console.log(`runtime: ${runtime}`);

const spark = await SparkSession.builder().remote(remote).appName('runtime-smoke').create();
console.log(`connected: ${/^\d+\.\d+\.\d+/.test(spark.version) ? 'spark version ok' : spark.version}`);

const df = await spark.sql(
  `SELECT id, CAST(id * 10 AS BIGINT) AS tens, concat('row-', id) AS label
   FROM range(5) WHERE id >= :low ORDER BY id`,
  { low: 1 },
);
const rows = await df.collect();
console.log(`collect: ${rows.map((r) => JSON.stringify(r.toJSON())).join(' ')}`);
console.log(`bigint: ${typeof rows[0].get('tens')} ${rows.reduce((s, r) => s + r.getLong('tens'), 0n)}`);

let iterated = 0;
let sum = 0n;
for await (const row of spark.range(0, 100_000)) {
  iterated += 1;
  sum += row.getLong(0);
}
console.log(`for await: ${iterated} rows, sum ${sum}`);

const table = await df.toArrow();
console.log(
  `toArrow: ${table.numRows} rows, columns ${table.schema.fields.map((f) => `${f.name}:${f.type}`).join(',')}`,
);
console.log(`toArrow label[2]: ${table.getChild('label')?.get(2)}`);

try {
  await spark.sql('SELECT no_such_column FROM range(1)');
  console.log('error: none');
} catch (e) {
  if (!(e instanceof AnalysisException)) throw e;
  console.log(`error: ${e.name} ${e.errorClass} ${e.sqlState}`);
}

await spark.stop();
console.log('stopped');
