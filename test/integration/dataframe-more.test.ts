import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  AnalysisException,
  col,
  type DataFrame,
  functions as F,
  lit,
  SparkSession,
  SparkSessionError,
  UnknownSparkException,
  UnsupportedOperationException,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { atLeast, newSession, serverMatrix } from '../support/matrix.js';
import { inPartitionOrder, sailIt } from '../support/sail.js';

async function objs(df: DataFrame): Promise<Record<string, unknown>[]> {
  return (await df.collect()).map((r) => r.toObject());
}

/** Runs `f` and returns what it threw. */
async function thrown(f: () => unknown): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe.each(serverMatrix({ sail: true }))(
  'DataFrame/SparkSession additions (zip, merge, tvf, ...) on Spark %s',
  (version, url) => {
    const test = sailIt(version, 'DataFrame');
    let spark: SparkSession;
    const dir = mkdtempSync(join(tmpdir(), 'scts-more-'));

    beforeAll(async () => {
      spark = await newSession(url);
    });
    afterAll(async () => {
      await spark?.stop();
    });

    test('zipWithIndex numbers rows 0.. in order, across partitions (every server)', async () => {
      expect(await objs(spark.range(0, 10, 3, 2).zipWithIndex())).toEqual([
        { id: 0n, index: 0n },
        { id: 3n, index: 1n },
        { id: 6n, index: 2n },
        { id: 9n, index: 3n },
      ]);
      expect(await spark.range(2).zipWithIndex('n').columns()).toEqual(['id', 'n']);
    });

    test(
      atLeast(version, 4, 3)
        ? 'zip puts rows side by side'
        : 'zip needs Spark 4.3: UnsupportedServerVersionError',
      async () => {
        const zipped = () => spark.range(3).zip(spark.range(3).selectExpr('id * 10 AS x'));
        if (!atLeast(version, 4, 3)) {
          expect(zipped).toThrow(UnsupportedServerVersionError);
          return;
        }
        expect(await objs(zipped())).toEqual([
          { id: 0n, x: 0n },
          { id: 1n, x: 10n },
          { id: 2n, x: 20n },
        ]);
      },
    );

    test(
      atLeast(version, 4, 1)
        ? 'repartitionById sends each row to the partition its id column names'
        : 'repartitionById needs Spark 4.1: UnsupportedServerVersionError',
      async () => {
        const byId = () =>
          spark
            .range(6)
            .repartitionById(3, col('id').mod(lit(3)).cast('int'))
            .select(col('id'), F.spark_partition_id().alias('p'));
        if (!atLeast(version, 4, 1)) {
          expect(byId).toThrow(UnsupportedServerVersionError);
          return;
        }
        const rows = await objs(byId());
        expect(rows.map((r) => [r.id, r.p]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
          [0n, 0],
          [1n, 1],
          [2n, 2],
          [3n, 0],
          [4n, 1],
          [5n, 2],
        ]);
      },
    );

    test(
      atLeast(version, 4, 2)
        ? 'nearestByJoin returns the top match per row (PySpark doc example)'
        : 'nearestByJoin needs Spark 4.2: UnsupportedServerVersionError',
      async () => {
        const users = await spark.createDataFrame(
          [
            [1, 10.0],
            [2, 20.0],
            [3, 30.0],
          ],
          'user_id INT, score DOUBLE',
        );
        const products = await spark.createDataFrame(
          [
            ['A', 11.0],
            ['B', 22.0],
            ['C', 5.0],
          ],
          'product STRING, pscore DOUBLE',
        );
        const rank = F.abs(users.col('score').minus(products.col('pscore'))).negate();
        const join = () => users.nearestByJoin(products, rank, 1, 'exact', 'similarity');
        if (!atLeast(version, 4, 2)) {
          expect(join).toThrow(UnsupportedServerVersionError);
          return;
        }
        expect(await objs(join().select('user_id', 'product').orderBy('user_id'))).toEqual([
          { user_id: 1, product: 'A' },
          { user_id: 2, product: 'B' },
          { user_id: 3, product: 'B' },
        ]);
        const two = users.nearestByJoin(products, rank.negate(), 2, 'exact', 'distance', {
          joinType: 'left_outer',
        });
        expect(
          await two.filter(col('user_id').eq(1)).select('product').orderBy('product').collect(),
        ).toHaveLength(2);
      },
    );

    test(
      atLeast(version, 4, 0)
        ? "mergeInto: a parquet table of the session catalog gives the server's unsupported-operation error (4.1+: UNSUPPORTED_FEATURE.TABLE_OPERATION)"
        : 'mergeInto needs Spark 4.0: UnsupportedServerVersionError',
      async () => {
        const table = `merge_${randomUUID().replaceAll('-', '')}`;
        const source = await spark.createDataFrame([[1, 'a']], 'id INT, v STRING');
        const writer = () => source.alias('s').mergeInto(table, col(`${table}.id`).eq(col('s.id')));
        if (!atLeast(version, 4, 0)) {
          expect(writer).toThrow(UnsupportedServerVersionError);
          return;
        }
        await spark.sql(`CREATE TABLE ${table} (id INT, v STRING) USING parquet`);
        try {
          const err = await thrown(() =>
            writer().whenMatched().updateAll().whenNotMatched().insertAll().merge(),
          );
          expect(err).toBeInstanceOf(UnsupportedOperationException);
          // Spark 4.0 still answers with a legacy error class; 4.1 gave it a proper one.
          if (atLeast(version, 4, 1)) {
            expect((err as UnsupportedOperationException).errorClass).toBe(
              'UNSUPPORTED_FEATURE.TABLE_OPERATION',
            );
            expect((err as Error).message).toContain('does not support MERGE INTO TABLE');
          } else {
            expect((err as UnsupportedOperationException).errorClass).toBe('_LEGACY_ERROR_TEMP_2096');
            expect((err as Error).message).toContain('MERGE INTO TABLE is not supported');
          }
          expect(await spark.table(table).count()).toBe(0);
        } finally {
          await spark.sql(`DROP TABLE IF EXISTS ${table}`);
        }
      },
    );

    test('executionInfo: plan metrics and observed metrics of the last collect on this DataFrame', async () => {
      const df = spark
        .range(5)
        .filter('id > 1')
        .observe('more_obs', F.count(lit(1)).alias('rows'));
      expect(df.executionInfo).toBeNull();
      await df.count(); // runs another plan: leaves executionInfo unset, as in PySpark
      expect(df.executionInfo).toBeNull();
      await df.collect();
      const info = df.executionInfo;
      const filter = info?.metrics?.find((m) => m.name === 'Filter');
      expect(filter?.metrics.find((m) => m.name === 'number of output rows')?.value).toBe(3n);
      expect(
        info?.metrics
          ?.find((m) => m.name === 'Range')
          ?.metrics.find((m) => m.name === 'number of output rows')?.value,
      ).toBe(5n);
      expect(info?.flows).toEqual([['more_obs', { rows: 3n }]]);
    });

    test('foreach runs an async function on every row here, in order', async () => {
      const seen: unknown[] = [];
      await spark.range(0, 5, 1, 2).foreach(async (row) => {
        await new Promise((r) => setTimeout(r, 1));
        seen.push(row.get('id'));
      });
      expect(inPartitionOrder(version, seen, (id) => id as bigint)).toEqual([0n, 1n, 2n, 3n, 4n]);
    });

    test('foreachPartition hands one iterable per non-empty partition, in partition order', async () => {
      const parts: unknown[][] = [];
      await spark.range(0, 6, 1, 3).foreachPartition(async (rows) => {
        const p: unknown[] = [];
        for await (const r of rows) p.push(r.toObject());
        parts.push(p);
      });
      expect(inPartitionOrder(version, parts, (p) => (p[0] as { id: bigint }).id)).toEqual([
        [{ id: 0n }, { id: 1n }],
        [{ id: 2n }, { id: 3n }],
        [{ id: 4n }, { id: 5n }],
      ]);
      const struct = await spark.sql("SELECT named_struct('a', 1, 'b', 'x') AS s, 2 AS n");
      const got: unknown[] = [];
      await struct.foreachPartition(async (rows) => {
        for await (const r of rows) got.push(r.toObject());
      });
      expect(got).toEqual([{ s: { a: 1, b: 'x' }, n: 2 }]);
    });

    test('registerTempTable creates or replaces a temporary view', async () => {
      const name = `reg_${randomUUID().replaceAll('-', '')}`;
      await spark.range(2).registerTempTable(name);
      await spark.range(3).registerTempTable(name);
      expect(await spark.table(name).count()).toBe(3);
    });

    test('emptyDataFrame(schema) has the schema and no rows', async () => {
      const df = await spark.emptyDataFrame('name STRING, age INT');
      expect(await df.count()).toBe(0);
      expect(await df.dtypes()).toEqual([
        ['name', 'string'],
        ['age', 'int'],
      ]);
    });

    test('active() / getActiveSession(): the newest session not stopped', async () => {
      const other = await newSession(url);
      expect(SparkSession.active()).toBe(other);
      await other.stop();
      expect(SparkSession.getActiveSession()).not.toBe(other);
      expect(SparkSession.getActiveSession()?.isStopped).not.toBe(true);
    });

    test("addArtifacts(file: true) uploads a file into the session's SparkFiles directory", async () => {
      const name = `artifact-${randomUUID()}.txt`;
      const path = join(dir, name);
      writeFileSync(path, 'hello artifact\nline2\n');
      await spark.addArtifacts(path, { file: true });
      const located = await (
        await spark.sql(`SELECT reflect('org.apache.spark.SparkFiles', 'get', '${name}') AS p`)
      ).collect();
      const root = dirname(String(located[0].get('p')));
      // Files of a Spark Connect session live in a per-session subdirectory of the SparkFiles root;
      // the file name is unique, so the glob matches this upload only.
      const serverPath = `${root}/*/${name}`;
      expect((await spark.read.text(serverPath).collect()).map((r) => r.get('value'))).toEqual([
        'hello artifact',
        'line2',
      ]);
      await expect(spark.addArtifacts(path)).rejects.toThrow(/only \.jar files/);
      await expect(spark.addArtifacts(path, { file: true, archive: true })).rejects.toThrow(
        /cannot be true together/,
      );
    });

    test('copyFromLocalToFs: the server refuses a local destination unless started with allowDestLocal', async () => {
      const path = join(dir, 'copy.txt');
      writeFileSync(path, 'x\n');
      const err = await thrown(() => spark.copyFromLocalToFs(path, join(dir, 'copied.txt')));
      if (atLeast(version, 4, 0)) {
        expect(err).toBeInstanceOf(UnsupportedOperationException);
        expect((err as Error).message).toContain('local file system destination path is not supported');
      } else {
        // Spark 3.5 fails the AddArtifacts call without error details (gRPC UNKNOWN).
        expect(err).toBeInstanceOf(UnknownSparkException);
      }
      await expect(spark.copyFromLocalToFs(path, 'hdfs://nn/x')).rejects.toThrow(/must not have a scheme/);
    });

    test(
      atLeast(version, 4, 0)
        ? 'spark.tvf functions'
        : 'spark.tvf needs Spark 4.0: UnsupportedServerVersionError',
      async () => {
        if (!atLeast(version, 4, 0)) {
          expect(() => spark.tvf.explode(F.array(lit(1)))).toThrow(UnsupportedServerVersionError);
          expect(await objs(spark.tvf.range(2))).toEqual([{ id: 0n }, { id: 1n }]);
          return;
        }
        expect(await objs(spark.tvf.explode(F.array(lit(1), lit(2))))).toEqual([{ col: 1 }, { col: 2 }]);
        expect(await objs(spark.tvf.posexplode(F.array(lit('a'))))).toEqual([{ pos: 0, col: 'a' }]);
        expect(await objs(spark.tvf.explode_outer(F.array().cast('array<int>')))).toEqual([{ col: null }]);
        expect(
          await objs(spark.tvf.inline(F.array(F.struct(lit(1).alias('a'), lit('x').alias('b'))))),
        ).toEqual([{ a: 1, b: 'x' }]);
        expect(await objs(spark.tvf.stack(lit(2), lit(1), lit(2), lit(3), lit(4)))).toEqual([
          { col0: 1, col1: 2 },
          { col0: 3, col1: 4 },
        ]);
        expect(await objs(spark.tvf.json_tuple(lit('{"a":1,"b":"x"}'), lit('a'), lit('b')))).toEqual([
          { c0: '1', c1: 'x' },
        ]);
        expect(await spark.tvf.sql_keywords().columns()).toEqual(['keyword', 'reserved']);
        expect(await spark.tvf.sql_keywords().filter(col('keyword').eq('SELECT')).count()).toBe(1);
        expect(await spark.tvf.collations().filter(col('NAME').eq('UTF8_BINARY')).count()).toBe(1);
        const variant = await spark.tvf
          .variant_explode(F.parse_json(lit('{"a":1,"b":2}')))
          .select('pos', 'key')
          .collect();
        expect(variant.map((r) => r.toObject())).toEqual([
          { pos: 0, key: 'a' },
          { pos: 1, key: 'b' },
        ]);
      },
    );

    test(
      atLeast(version, 4, 2)
        ? "read.changes: a parquet table has no change feed: the server's UNSUPPORTED_FEATURE.CHANGE_DATA_CAPTURE"
        : 'read.changes needs Spark 4.2: UnsupportedServerVersionError',
      async () => {
        const table = `chg_${randomUUID().replaceAll('-', '')}`;
        if (!atLeast(version, 4, 2)) {
          expect(() => spark.read.changes(table)).toThrow(UnsupportedServerVersionError);
          return;
        }
        await spark.sql(`CREATE TABLE ${table} (id INT) USING parquet`);
        try {
          const err = await thrown(() => spark.read.option('startingVersion', '0').changes(table).collect());
          expect(err).toBeInstanceOf(AnalysisException);
          expect((err as AnalysisException).errorClass).toBe('UNSUPPORTED_FEATURE.CHANGE_DATA_CAPTURE');
        } finally {
          await spark.sql(`DROP TABLE IF EXISTS ${table}`);
        }
      },
    );

    test('active() throws NO_ACTIVE_OR_DEFAULT_SESSION once every session is stopped', async () => {
      // Only checks the error type: other test files in this process may hold live sessions.
      const s = SparkSession.getActiveSession();
      if (s === null) {
        const err = await thrown(() => SparkSession.active());
        expect(err).toBeInstanceOf(SparkSessionError);
        expect((err as SparkSessionError).errorClass).toBe('NO_ACTIVE_OR_DEFAULT_SESSION');
      } else {
        expect(SparkSession.active()).toBe(s);
      }
    });
  },
);
