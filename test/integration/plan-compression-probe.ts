/**
 * The plan-compression probe, run by test/integration/plan-compression.test.ts under a runtime
 * with zstd in node:zlib (Node.js 22.15+): a query whose plan is about 300 KB, with the session's
 * compression threshold set to 64 KiB, executed and analyzed. Prints one JSON line: the results
 * and the kind of every plan the session sent.
 */
import type { Plan } from '../../src/gen/spark/connect/base_pb.js';
import { col, SparkSession } from '../../src/index.js';

const remote = process.env.SPARK_REMOTE;
if (remote === undefined) throw new Error('SPARK_REMOTE is not set');
const spark = await SparkSession.builder().remote(remote).create();
try {
  await spark.conf.set('spark.connect.session.planCompression.threshold', '65536');
  const sent: string[] = [];
  const compression = spark.rpc.planCompression;
  if (compression === undefined) throw new Error('the session has no plan compression');
  const prepare = compression.prepare.bind(compression);
  compression.prepare = async (plan: Plan, signal?: AbortSignal) => {
    const out = await prepare(plan, signal);
    sent.push(out.opType.case ?? 'none');
    return out;
  };
  // Multiples of 3 below 100,000 (33,334 values): every literal travels in the plan.
  const values = Array.from({ length: 33_334 }, (_, i) => i * 3);
  const df = spark.range(100_000).filter(col('id').isin(...values));
  // A server without compressed plans (Sail) refuses the first one by name; the session then
  // sends plans as they are, so the rest must still be exact.
  const count = await df.count().then(String, (e: unknown) => {
    if (!(e instanceof Error)) throw e;
    return `${e.constructor.name}: ${e.message.split('\n')[0]}`;
  });
  const schema = (await df.schema()).simpleString();
  const [sums] = await df.selectExpr('sum(id) AS s', 'max(id) AS m').collect();
  const small = await spark.range(10).count();
  // A compressed plan the server cannot read (bytes that are not zstd): the server's error, and
  // from then on the session sends plans as they are.
  let rejected = '';
  const compressing = () => spark.supportedFeatures().find((f) => f.name === 'planCompression')?.supported;
  if (sent.includes('compressedOperation') && compressing() !== false) {
    Object.assign(compression, { compress: () => new Uint8Array([1, 2, 3, 4]) });
    rejected = await df.count().then(
      () => 'accepted',
      (e: unknown) => (e as { errorClass?: string }).errorClass ?? String(e),
    );
  }
  const after = await df.count();
  const feature = spark.supportedFeatures().find((f) => f.name === 'planCompression');
  console.log(
    JSON.stringify({
      runtimeZstd: sent.length > 0,
      count,
      schema,
      sum: String(sums.get('s')),
      max: String(sums.get('m')),
      small: String(small),
      rejected,
      after: String(after),
      supportedAfter: feature?.supported,
      sent,
    }),
  );
} finally {
  await spark.stop();
}
