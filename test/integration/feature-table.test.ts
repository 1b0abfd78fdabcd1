/**
 * The feature table (src/session/features.ts) against real servers: on every Spark line each
 * probed feature works from its `since` version on and is refused before sending (naming the
 * method and the version it needs) on older lines. On Sail each probe records whether it works
 * or which error the user gets, into docs/sail-limitations.json (see `recordSailResult`), from
 * which scripts/compat.ts generates the Sail column of docs/compatibility.md.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { col, functions as F, type SparkSession, UnsupportedServerVersionError } from '../../src/index.js';
import { FEATURES, type FeatureName } from '../../src/session/features.js';
import { atLeast, errorOf, isSail, newSession, recordSailResult, serverMatrix } from '../support/matrix.js';

interface Probe {
  feature: FeatureName;
  /** A minimal use of the feature that succeeds on a server that has it. */
  run: (spark: SparkSession, db: string) => Promise<unknown>;
}

async function sql(spark: SparkSession, text: string): Promise<void> {
  await (await spark.sql(text)).collect();
}

const PROBES: Probe[] = [
  {
    feature: 'groupingSets',
    run: (s) =>
      s
        .range(4)
        .groupingSets([['id']], 'id')
        .count()
        .collect(),
  },
  { feature: 'transpose', run: (s) => s.range(2).transpose().collect() },
  { feature: 'localCheckpoint', run: async (s) => (await s.range(3).localCheckpoint()).count() },
  {
    feature: 'subqueries',
    run: (s) =>
      s
        .range(3)
        .select(
          s
            .range(2)
            .select(F.max(col('id')))
            .scalar()
            .alias('m'),
        )
        .collect(),
  },
  {
    feature: 'inSubquery',
    run: (s) =>
      s
        .range(3)
        .where(col('id').isin(s.range(2)))
        .collect(),
  },
  {
    feature: 'repartitionById',
    run: (s) =>
      s
        .range(4)
        .repartitionById(2, col('id').mod(F.lit(2)).cast('int'))
        .count(),
  },
  {
    feature: 'nearestByJoin',
    run: (s) => {
      const left = s.range(2).withColumnRenamed('id', 'a');
      const right = s.range(3).withColumnRenamed('id', 'b');
      return left.nearestByJoin(right, F.abs(col('a').minus(col('b'))), 1, 'exact', 'distance').collect();
    },
  },
  {
    feature: 'joinAsOf',
    run: (s) =>
      s
        .range(3)
        .withColumnRenamed('id', 'a')
        .joinAsOf(s.range(2).withColumnRenamed('id', 'b'), 'a', 'b')
        .collect(),
  },
  { feature: 'zip', run: (s) => s.range(2).zip(s.range(2).withColumnRenamed('id', 'x')).collect() },
  {
    feature: 'writerClusterBy',
    run: (s, db) => s.range(2).write.clusterBy('id').saveAsTable(`${db}.clustered_v1`),
  },
  {
    feature: 'writerV2ClusterBy',
    run: (s, db) => s.range(2).writeTo(`${db}.clustered_v2`).using('parquet').clusterBy('id').create(),
  },
  { feature: 'tvf', run: (s) => s.tvf.explode(F.array(F.lit(1), F.lit(2))).collect() },
  {
    feature: 'cloneSession',
    run: async (s) => {
      const clone = await s.cloneSession();
      try {
        return await clone.range(2).count();
      } finally {
        await clone.stop();
      }
    },
  },
  { feature: 'getStatus', run: (s) => s.operationStatuses() },
  {
    feature: 'catalogCreateDatabase',
    run: async (s, db) => {
      await s.catalog.createDatabase(`${db}_created`);
      await sql(s, `DROP DATABASE ${db}_created`);
    },
  },
  {
    feature: 'catalogDropDatabase',
    run: async (s, db) => {
      await sql(s, `CREATE DATABASE ${db}_dropped`);
      await s.catalog.dropDatabase(`${db}_dropped`);
    },
  },
  {
    feature: 'catalogDropTable',
    run: async (s, db) => {
      await sql(s, `CREATE TABLE ${db}.to_drop (id INT) USING parquet`);
      await s.catalog.dropTable(`${db}.to_drop`);
    },
  },
  {
    feature: 'catalogDropView',
    run: async (s, db) => {
      await sql(s, `CREATE VIEW ${db}.view_to_drop AS SELECT 1 AS x`);
      await s.catalog.dropView(`${db}.view_to_drop`);
    },
  },
  { feature: 'catalogListViews', run: (s, db) => s.catalog.listViews(db) },
  { feature: 'catalogListPartitions', run: (s, db) => s.catalog.listPartitions(`${db}.parts`) },
  { feature: 'catalogGetTableProperties', run: (s, db) => s.catalog.getTableProperties(`${db}.parts`) },
  { feature: 'catalogGetCreateTableString', run: (s, db) => s.catalog.getCreateTableString(`${db}.parts`) },
  { feature: 'catalogAnalyzeTable', run: (s, db) => s.catalog.analyzeTable(`${db}.parts`, true) },
  {
    feature: 'catalogTruncateTable',
    run: async (s, db) => {
      await sql(s, `CREATE TABLE ${db}.to_truncate USING parquet AS SELECT 1 AS id`);
      await s.catalog.truncateTable(`${db}.to_truncate`);
    },
  },
  {
    feature: 'jsonToDdl',
    run: async (s) => {
      const ddl = await s.toDDL(await s.range(1).schema());
      expect(ddl).toBe('id BIGINT NOT NULL');
    },
  },
  {
    feature: 'namedArguments',
    run: async (s) => {
      const masked = s.range(1).select(F.call_function('mask', F.lit('Ab1'), { digitChar: F.lit('#') }));
      const got = (await masked.collect())[0].get(0);
      // A server that binds the arguments by position answers '#xn' (digitChar taken as upperChar).
      if (got !== 'Xx#')
        throw new Error(`mask('Ab1', digitChar => '#') answered '${String(got)}', not 'Xx#'`);
    },
  },
  {
    feature: 'streamingListener',
    run: async (s) => {
      const listener = {};
      await s.streams.addListener(listener);
      await s.streams.removeListener(listener);
    },
  },
];

describe.each(serverMatrix({ sail: true }))('the feature table on %s', (version, url) => {
  let spark: SparkSession;
  const db = `ft_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

  beforeAll(async () => {
    spark = await newSession(url);
    await sql(spark, `CREATE DATABASE ${db}`);
    await sql(spark, `CREATE TABLE ${db}.parts (id INT, p INT) USING parquet PARTITIONED BY (p)`);
    await sql(spark, `INSERT INTO ${db}.parts VALUES (1, 1), (2, 2)`);
  });

  afterAll(async () => {
    await sql(spark, `DROP DATABASE IF EXISTS ${db} CASCADE`).catch(() => undefined);
    await spark?.stop();
  });

  it.each(PROBES.map((p) => [FEATURES[p.feature].api, p] as const))('%s', async (api, probe) => {
    const [major, minor] = FEATURES[probe.feature].since;
    if (isSail(version)) {
      // A client-side refusal throws at once, a server answer rejects: both are outcomes.
      const outcome = await Promise.resolve()
        .then(() => probe.run(spark, db))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      if (outcome === undefined) {
        recordSailResult(api, 'works');
        return;
      }
      // What Sail lacks is recorded with the error the user gets, which must be a typed error.
      expect(outcome, String(outcome)).toBeInstanceOf(Error);
      const err = outcome as Error;
      if (err instanceof UnsupportedServerVersionError) expect(err.message).toContain(api);
      recordSailResult(api, 'lacks', `${err.constructor.name}: ${err.message.split('\n')[0]}`);
      return;
    }
    if (atLeast(version, major, minor)) {
      await probe.run(spark, db);
      return;
    }
    const err = await errorOf(() => probe.run(spark, db));
    expect(err).toBeInstanceOf(UnsupportedServerVersionError);
    expect(err.message).toContain(`needs Spark ${major}.${minor} or newer`);
  });
});
