import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  AnalysisException,
  col,
  type DataFrame,
  lit,
  SparkConnectError,
  type SparkSession,
  StructType,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { atLeast, newSession, serverMatrix } from '../support/matrix.js';
import { sailIt } from '../support/sail.js';

function plain(rows: { toJSON(): unknown }[]): unknown[] {
  return rows.map((r) => r.toJSON());
}

describe.each(serverMatrix({ sail: true }))('reading and writing on Spark %s', (version, url) => {
  const test = sailIt(version, 'I/O');
  let spark: SparkSession;
  let dir: string;
  let people: DataFrame;
  const db = `io_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const path = (name: string) => join(dir, name);
  const sorted = async (df: DataFrame, by = 'id') => plain(await df.orderBy(by).collect());

  const PEOPLE = [
    { id: 1, name: 'alice', score: 1.5 },
    { id: 2, name: 'bob', score: null },
    { id: 3, name: 'carol', score: -2 },
  ];

  beforeAll(async () => {
    spark = await newSession(url);
    dir = mkdtempSync(join(tmpdir(), 'sct-io-'));
    await spark.sql(`CREATE DATABASE ${db}`);
    people = await spark.createDataFrame(PEOPLE, 'id BIGINT, name STRING, score DOUBLE');
  });
  afterAll(async () => {
    await spark?.sql(`DROP DATABASE IF EXISTS ${db} CASCADE`).catch(() => undefined);
    await spark?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('writes and reads back parquet, orc and json exactly', async () => {
    await people.write.parquet(path('p'));
    await people.write.orc(path('o'));
    await people.write.json(path('j'));
    expect(await sorted(spark.read.parquet(path('p')))).toEqual(PEOPLE);
    expect(await sorted(spark.read.orc(path('o')))).toEqual(PEOPLE);
    // JSON infers bigint for integers and drops null fields on write; read it with a schema.
    expect(
      await sorted(spark.read.json(path('j'), { schema: 'id BIGINT, name STRING, score DOUBLE' })),
    ).toEqual(PEOPLE);
    expect(await sorted(spark.read.format('parquet').load(path('p')))).toEqual(PEOPLE);
    expect(await sorted(spark.read.load(path('o'), { format: 'orc' }).select('id'))).toEqual([
      { id: 1 },
      { id: 2 },
      { id: 3 },
    ]);
  });

  test('writes and reads CSV with header, separator and a schema (DDL or StructType)', async () => {
    await people.write.csv(path('c'), { header: true, sep: ';', nullValue: 'NA' });
    const files = readdirSync(path('c')).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBeGreaterThan(0);
    const ddl = spark.read.csv(path('c'), {
      header: true,
      sep: ';',
      nullValue: 'NA',
      schema: 'id BIGINT, name STRING, score DOUBLE',
    });
    expect(await sorted(ddl)).toEqual(PEOPLE);
    const st = new StructType().add('id', 'int').add('name', 'string').add('score', 'string');
    const typed = spark.read.schema(st).options({ header: true, sep: ';' }).format('csv').load(path('c'));
    expect(await sorted(typed)).toEqual([
      { id: 1, name: 'alice', score: '1.5' },
      { id: 2, name: 'bob', score: 'NA' },
      { id: 3, name: 'carol', score: '-2.0' },
    ]);
    const inferred = spark.read
      .option('header', 'true')
      .option('sep', ';')
      .option('inferSchema', true)
      .csv(path('c'));
    expect(await inferred.dtypes()).toEqual([
      ['id', 'int'],
      ['name', 'string'],
      ['score', 'string'],
    ]);
  });

  test('writes and reads text files', async () => {
    await people.select('name').write.text(path('t'));
    expect(await sorted(spark.read.text(path('t')), 'value')).toEqual([
      { value: 'alice' },
      { value: 'bob' },
      { value: 'carol' },
    ]);
    expect(await spark.read.text([path('t'), path('t')]).count()).toBe(6);
  });

  test('reads and writes XML on Spark 4.0+; 3.5 has no XML source and says so', async () => {
    if (!atLeast(version, 4, 0)) {
      await expect(people.write.xml(path('x'), { rowTag: 'person' })).rejects.toMatchObject({
        errorClass: 'DATA_SOURCE_NOT_FOUND',
      });
      return;
    }
    await people.write.xml(path('x'), { rowTag: 'person', rootTag: 'people' });
    const back = spark.read.xml(path('x'), {
      rowTag: 'person',
      schema: 'id BIGINT, name STRING, score DOUBLE',
    });
    expect(await sorted(back)).toEqual(PEOPLE);
  });

  test('parses a DataFrame of JSON or CSV strings', async () => {
    const lines = await spark.createDataFrame(['{"a": 1, "b": "x"}', '{"a": 2}'], 'value STRING');
    expect(await sorted(spark.read.json(lines, { schema: 'a INT, b STRING' }), 'a')).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: null },
    ]);
    const csv = await spark.createDataFrame(['1;x', '2;y'], 'value STRING');
    expect(await sorted(spark.read.csv(csv, { sep: ';', schema: 'a INT, b STRING' }), 'a')).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });

  test('applies every save mode to a path; errorifexists fails clearly and unknown modes never reach the server', async () => {
    const p = path('modes');
    const one = people.filter('id = 1');
    await one.write.parquet(p);
    await expect(one.write.parquet(p)).rejects.toMatchObject({ errorClass: 'PATH_ALREADY_EXISTS' });
    await expect(one.write.mode('errorifexists').parquet(p)).rejects.toBeInstanceOf(AnalysisException);
    await expect(one.write.mode('error').format('parquet').save(p)).rejects.toThrow(/already exists/);
    await people.write.mode('ignore').parquet(p);
    expect(await spark.read.parquet(p).count()).toBe(1);
    await people.write.mode('append').parquet(p);
    expect(await spark.read.parquet(p).count()).toBe(4);
    await people.write.parquet(p, { mode: 'overwrite' });
    expect(await sorted(spark.read.parquet(p))).toEqual(PEOPLE);
    expect(() => people.write.mode('merge' as never)).toThrow(TypeError);
    await expect(people.write.save(p, { mode: 'replace' as never })).rejects.toThrow(
      /Unknown save mode "replace"/,
    );
  });

  test('partitions output by columns into directories', async () => {
    const p = path('part');
    await people
      .withColumn('grp', col('id').mod(lit(2)))
      .write.partitionBy('grp')
      .parquet(p);
    expect(
      readdirSync(p)
        .filter((f) => f.startsWith('grp='))
        .sort(),
    ).toEqual(['grp=0', 'grp=1']);
    const back = spark.read.parquet(p);
    expect(await back.columns()).toEqual(['id', 'name', 'score', 'grp']);
    expect(await sorted(back.filter('grp = 1').select('id'))).toEqual([{ id: 1 }, { id: 3 }]);
  });

  test('saveAsTable with each mode, insertInto (append and overwrite), bucketBy and sortBy', async () => {
    const t = `${db}.people`;
    await people.write.saveAsTable(t);
    await expect(people.write.saveAsTable(t)).rejects.toMatchObject({
      errorClass: 'TABLE_OR_VIEW_ALREADY_EXISTS',
    });
    if (atLeast(version, 4, 1)) {
      await people.write.mode('ignore').saveAsTable(t);
    } else {
      // A Spark 3.5 and 4.0 server bug (fixed in 4.1): the ignored write leaves the table alone
      // but the server's operation bookkeeping fails, and PySpark 3.5.7 and 4.0.5 see the same
      // IllegalStateException.
      await expect(people.write.mode('ignore').saveAsTable(t)).rejects.toThrow(/is not within statuses/);
    }
    expect(await spark.table(t).count()).toBe(3);
    await people.write.saveAsTable(t, { mode: 'append' });
    expect(await spark.table(t).count()).toBe(6);
    await people.filter('id = 2').write.mode('overwrite').saveAsTable(t);
    expect(await sorted(spark.table(t))).toEqual([PEOPLE[1]]);
    await people.filter('id = 3').write.insertInto(t);
    expect(await sorted(spark.read.table(t))).toEqual([PEOPLE[1], PEOPLE[2]]);
    await people.filter('id = 1').write.insertInto(t, true);
    expect(await sorted(spark.table(t))).toEqual([PEOPLE[0]]);

    const b = `${db}.bucketed`;
    await people.write.bucketBy(2, 'id').sortBy('name').format('parquet').saveAsTable(b);
    const desc = plain(await (await spark.sql(`DESCRIBE TABLE EXTENDED ${b}`)).collect()) as {
      col_name: string;
      data_type: string;
    }[];
    const info = Object.fromEntries(desc.map((r) => [r.col_name, r.data_type]));
    expect([info['Num Buckets'], info['Bucket Columns'], info['Sort Columns'], info.Provider]).toEqual([
      '2',
      '[`id`]',
      '[`name`]',
      'parquet',
    ]);
    expect(await sorted(spark.table(b))).toEqual(PEOPLE);
  });

  test('clusterBy creates a clustered table on Spark 4.0+ and is refused before sending on 3.5', async () => {
    const t = `${db}.clustered`;
    if (!atLeast(version, 4, 0)) {
      await expect(people.write.clusterBy('id').saveAsTable(t)).rejects.toBeInstanceOf(
        UnsupportedServerVersionError,
      );
      expect(await spark.catalog.tableExists(t)).toBe(false);
      return;
    }
    await people.write.clusterBy('id').saveAsTable(t);
    const cols = await spark.catalog.listColumns(t);
    expect(cols.map((c) => [c.name, c.isCluster])).toEqual([
      ['id', true],
      ['name', false],
      ['score', false],
    ]);
  });

  test('writeTo creates tables with partitioning and properties in the session catalog', async () => {
    const t = `${db}.v2`;
    await people.writeTo(t).using('parquet').partitionedBy('name').tableProperty('team', 'tests').create();
    expect(await sorted(spark.table(t).select('id', 'name', 'score'))).toEqual(PEOPLE);
    const props = plain(await (await spark.sql(`SHOW TBLPROPERTIES ${t}`)).collect()) as {
      key: string;
      value: string;
    }[];
    expect(props.find((p) => p.key === 'team')?.value).toBe('tests');
    expect((await spark.catalog.listColumns(t)).filter((c) => c.isPartition).map((c) => c.name)).toEqual([
      'name',
    ]);
    await expect(people.writeTo(t).using('parquet').create()).rejects.toMatchObject({
      errorClass: 'TABLE_OR_VIEW_ALREADY_EXISTS',
    });
    // The session catalog's file tables are v1 tables: v2 appends are refused by the server.
    await expect(people.writeTo(t).append()).rejects.toThrow(/v1 table/);
  });

  test('writeTo append / overwrite / replace / createOrReplace on a v2 (JDBC) catalog', async () => {
    const s = await newSession(url);
    try {
      const c = `jdbc_${randomUUID().replaceAll('-', '')}`;
      await s.conf.set(
        `spark.sql.catalog.${c}`,
        'org.apache.spark.sql.execution.datasources.v2.jdbc.JDBCTableCatalog',
      );
      await s.conf.set(`spark.sql.catalog.${c}.url`, `jdbc:derby:memory:${c};create=true`);
      await s.conf.set(`spark.sql.catalog.${c}.driver`, 'org.apache.derby.jdbc.EmbeddedDriver');
      const t = `${c}.app.kv`;
      const kv = await s.createDataFrame(
        [
          [1, 'a'],
          [2, 'b'],
        ],
        'k INT, v STRING',
      );
      const rows = async () => plain(await s.table(t).orderBy('k', 'v').collect());
      await kv.writeTo(t).create();
      expect(await rows()).toEqual([
        { k: 1, v: 'a' },
        { k: 2, v: 'b' },
      ]);
      await kv.filter('k = 2').writeTo(t).append();
      expect(await rows()).toEqual([
        { k: 1, v: 'a' },
        { k: 2, v: 'b' },
        { k: 2, v: 'b' },
      ]);
      await kv.filter('k = 1').writeTo(t).overwrite(lit(true));
      expect(await rows()).toEqual([{ k: 1, v: 'a' }]);
      await kv.filter('k = 2').writeTo(t).replace();
      expect(await rows()).toEqual([{ k: 2, v: 'b' }]);
      await kv.writeTo(t).createOrReplace();
      expect(await rows()).toEqual([
        { k: 1, v: 'a' },
        { k: 2, v: 'b' },
      ]);
      await kv.write.insertInto(t);
      expect((await rows()).length).toBe(4);
      // JDBC tables support neither overwrite by filter nor dynamic partition overwrite: the
      // server names exactly the operation we asked for.
      await expect(kv.writeTo(t).overwrite(col('k').eq(1))).rejects.toThrow(/overwrite by filter/);
      await expect(kv.writeTo(t).overwritePartitions()).rejects.toThrow(/dynamic overwrite/);
      await expect(kv.writeTo(`${c}.app.missing`).replace()).rejects.toBeInstanceOf(SparkConnectError);
      expect((await s.catalog.listTables(`${c}.app`)).map((x) => x.name).sort()).toEqual(['kv']);
    } finally {
      await s.stop();
    }
  });

  test('creates temporary and global temporary views', async () => {
    await people.createTempView('io_people');
    await expect(people.createTempView('io_people')).rejects.toMatchObject({
      errorClass: 'TEMP_TABLE_OR_VIEW_ALREADY_EXISTS',
    });
    await people.filter('id = 1').createOrReplaceTempView('io_people');
    expect(await spark.table('io_people').count()).toBe(1);
    await people.createGlobalTempView('io_global');
    await expect(people.createGlobalTempView('io_global')).rejects.toBeInstanceOf(AnalysisException);
    await people.filter('id > 1').createOrReplaceGlobalTempView('io_global');
    expect(await spark.table('global_temp.io_global').count()).toBe(2);
    // Global views are shared by the sessions of the server; local ones are not.
    const other = await newSession(url);
    try {
      expect(await other.table('global_temp.io_global').count()).toBe(2);
      await expect(other.table('io_people').count()).rejects.toMatchObject({
        errorClass: 'TABLE_OR_VIEW_NOT_FOUND',
      });
    } finally {
      await other.stop();
    }
    expect(await spark.catalog.dropGlobalTempView('io_global')).toBe(true);
    expect(await spark.catalog.dropTempView('io_people')).toBe(true);
  });

  test('writes nothing when a write fails on the server', async () => {
    const p = path('bad');
    await expect(people.write.format('no_such_format').save(p)).rejects.toMatchObject({
      errorClass: 'DATA_SOURCE_NOT_FOUND',
    });
    expect(existsSync(p)).toBe(false);
  });
});
