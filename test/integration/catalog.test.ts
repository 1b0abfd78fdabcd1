import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnalysisException,
  type SparkSession,
  StorageLevel,
  StructType,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { atLeast, expectUnsupportedOn, isSail, newSession, serverMatrix } from '../support/matrix.js';

describe.each(serverMatrix({ sail: true }))('spark.catalog on Spark %s', (version, url) => {
  let spark: SparkSession;
  let dir: string;
  const db = `cat_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const sail = isSail(version);
  // Sail names its session catalog `sail` (Spark: `spark_catalog`) and also lists `system`.
  const CATALOG = sail ? 'sail' : 'spark_catalog';

  beforeAll(async () => {
    spark = await newSession(url);
    dir = mkdtempSync(join(tmpdir(), 'sct-cat-'));
    await spark.sql(`CREATE DATABASE ${db} COMMENT 'test db'`);
    await spark.sql(
      `CREATE TABLE ${db}.t (id BIGINT COMMENT 'the id', name STRING) USING parquet PARTITIONED BY (name)`,
    );
    await spark.sql(`INSERT INTO ${db}.t VALUES (1, 'a'), (2, 'b')`);
    await (await spark.createDataFrame([[1]], 'x INT')).createOrReplaceTempView('cat_tv');
  });
  afterAll(async () => {
    await spark?.sql(`DROP DATABASE IF EXISTS ${db} CASCADE`).catch(() => undefined);
    await spark?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('current catalog and database, and switching them', async () => {
    expect(await spark.catalog.currentCatalog()).toBe(CATALOG);
    if (sail) {
      // Sail lists its catalogs in no fixed order.
      const catalogs = await spark.catalog.listCatalogs();
      expect(catalogs.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { name: 'sail', description: null },
        { name: 'system', description: null },
      ]);
      await spark.catalog.setCurrentCatalog('sail');
      await expect(spark.catalog.setCurrentCatalog('no_such_catalog')).rejects.toThrow(
        'Catalog not found: no_such_catalog',
      );
    } else {
      expect(await spark.catalog.listCatalogs()).toEqual([{ name: 'spark_catalog', description: null }]);
      expect(await spark.catalog.listCatalogs('spark*')).toEqual([
        { name: 'spark_catalog', description: null },
      ]);
      expect(await spark.catalog.listCatalogs('nope*')).toEqual([]);
      await spark.catalog.setCurrentCatalog('spark_catalog');
      // Spark 3.5 reports it without an error class.
      await expect(spark.catalog.setCurrentCatalog('no_such_catalog')).rejects.toThrow(
        /Catalog 'no_such_catalog' plugin class not found|CATALOG_NOT_FOUND/,
      );
    }
    expect(await spark.catalog.currentDatabase()).toBe('default');
    await spark.catalog.setCurrentDatabase(db);
    try {
      expect(await spark.catalog.currentDatabase()).toBe(db);
      expect((await spark.catalog.listTables()).map((t) => t.name)).toEqual(['t', 'cat_tv']);
    } finally {
      await spark.catalog.setCurrentDatabase('default');
    }
    await expect(spark.catalog.setCurrentDatabase(`${db}_missing`)).rejects.toBeInstanceOf(AnalysisException);
  });

  it('databases', async () => {
    const expected = {
      name: db,
      catalog: CATALOG,
      description: 'test db',
      // Sail reports no location for a database.
      locationUri: sail ? null : expect.stringMatching(new RegExp(`^file:/.*/${db}\\.db$`)),
    };
    expect(await spark.catalog.listDatabases(db)).toEqual([expected]);
    expect(await spark.catalog.getDatabase(db)).toEqual(expected);
    expect((await spark.catalog.listDatabases()).map((d) => d.name)).toContain('default');
    expect(await spark.catalog.databaseExists(db)).toBe(true);
    expect(await spark.catalog.databaseExists(`${db}_missing`)).toBe(false);
    if (sail) {
      // Sail answers an unknown database with no row (no error): the client says so.
      await expect(spark.catalog.getDatabase(`${db}_missing`)).rejects.toThrow(
        'getDatabase(): the server returned no row',
      );
      return;
    }
    await expect(spark.catalog.getDatabase(`${db}_missing`)).rejects.toMatchObject({
      errorClass: 'SCHEMA_NOT_FOUND',
    });
  });

  it('tables, views and their columns', async () => {
    const table = {
      name: 't',
      catalog: CATALOG,
      namespace: [db],
      description: null,
      tableType: 'MANAGED',
      isTemporary: false,
      database: db,
    };
    const view = {
      name: 'cat_tv',
      catalog: null,
      namespace: [],
      description: null,
      tableType: 'TEMPORARY',
      isTemporary: true,
      database: null,
    };
    expect(await spark.catalog.listTables(db)).toEqual([table, view]);
    expect(await spark.catalog.listTables(db, 't')).toEqual([table]);
    expect(await spark.catalog.getTable(`${db}.t`)).toEqual(table);
    expect(await spark.catalog.getTable('cat_tv')).toEqual(view);
    expect(await spark.catalog.tableExists(`${db}.t`)).toBe(true);
    expect(await spark.catalog.tableExists('t', db)).toBe(true);
    expect(await spark.catalog.tableExists(`${db}.nope`)).toBe(false);
    if (sail) {
      await expect(spark.catalog.getTable(`${db}.nope`)).rejects.toThrow(AnalysisException);
    } else {
      await expect(spark.catalog.getTable(`${db}.nope`)).rejects.toMatchObject({
        errorClass: 'TABLE_OR_VIEW_NOT_FOUND',
      });
    }
    expect(await spark.catalog.listColumns(`${db}.t`)).toEqual([
      {
        name: 'id',
        description: 'the id',
        dataType: 'bigint',
        nullable: true,
        isPartition: false,
        isBucket: false,
        isCluster: false,
      },
      {
        name: 'name',
        description: null,
        dataType: 'string',
        nullable: true,
        isPartition: true,
        isBucket: false,
        isCluster: false,
      },
    ]);
    expect((await spark.catalog.listColumns('t', db)).map((c) => c.name)).toEqual(['id', 'name']);
  });

  it('functions', async () => {
    if (sail) {
      // Sail lists functions but cannot look one up.
      const listed = await spark.catalog.listFunctions(undefined, 'array_contai*');
      expect(listed.map((f) => f.name)).toEqual(['array_contains']);
      expect((await spark.catalog.listFunctions()).length).toBeGreaterThan(300);
      await expectUnsupportedOn(
        version,
        'Catalog.getFunction',
        () => spark.catalog.getFunction('abs'),
        'not supported: get function',
      );
      await expectUnsupportedOn(
        version,
        'Catalog.functionExists',
        () => spark.catalog.functionExists('abs'),
        'not supported: function exists',
      );
      return;
    }
    const abs = {
      name: 'abs',
      catalog: null,
      namespace: null,
      description: 'abs(expr) - Returns the absolute value of the numeric or interval value.',
      className: 'org.apache.spark.sql.catalyst.expressions.Abs',
      isTemporary: true,
    };
    expect(await spark.catalog.getFunction('abs')).toEqual(abs);
    const listed = await spark.catalog.listFunctions(undefined, 'array_contai*');
    expect(listed).toEqual([
      {
        name: 'array_contains',
        catalog: null,
        namespace: null,
        description: expect.stringMatching(
          /^array_contains\(array, value\) - Returns true if the array contains the value/,
        ),
        className: 'org.apache.spark.sql.catalyst.expressions.ArrayContains',
        isTemporary: true,
      },
    ]);
    expect((await spark.catalog.listFunctions()).length).toBeGreaterThan(300);
    expect(await spark.catalog.functionExists('abs')).toBe(true);
    expect(await spark.catalog.functionExists('no_such_function_xyz')).toBe(false);
    await expect(spark.catalog.getFunction('no_such_function_xyz')).rejects.toBeInstanceOf(AnalysisException);
  });

  it('createTable (managed and external) and createExternalTable', async () => {
    const schema = new StructType().add('k', 'int', false).add('v', 'string');
    const df = await spark.catalog.createTable(`${db}.created`, {
      source: 'parquet',
      schema,
      description: 'made here',
    });
    expect(await df.count()).toBe(0);
    expect(await df.dtypes()).toEqual([
      ['k', 'int'],
      ['v', 'string'],
    ]);
    expect(await spark.catalog.getTable(`${db}.created`)).toMatchObject({
      description: 'made here',
      tableType: 'MANAGED',
    });
    const people = await spark.createDataFrame([[1, 'x']], 'k INT, v STRING');
    await people.write.parquet(join(dir, 'ext'));
    if (
      await expectUnsupportedOn(
        version,
        'Catalog.createTable (external, schema inferred from the files)',
        () => spark.catalog.createTable(`${db}.ext`, { path: join(dir, 'ext'), source: 'parquet' }),
        'missing argument: create external table schema',
      )
    ) {
      const ext2 = await spark.catalog.createExternalTable(`${db}.ext2`, {
        path: join(dir, 'ext'),
        source: 'parquet',
        schema: new StructType().add('k', 'int').add('v', 'string'),
      });
      expect(await ext2.count()).toBe(1);
      await expect(spark.catalog.createTable(`${db}.created`, { source: 'parquet', schema })).rejects.toThrow(
        `Table already exists: ${db}.created`,
      );
      return;
    }
    const ext = await spark.catalog.createTable(`${db}.ext`, { path: join(dir, 'ext'), source: 'parquet' });
    expect((await ext.collect()).map((r) => r.toArray())).toEqual([[1, 'x']]);
    expect((await spark.catalog.getTable(`${db}.ext`)).tableType).toBe('EXTERNAL');
    const ext2 = await spark.catalog.createExternalTable(`${db}.ext2`, {
      path: join(dir, 'ext'),
      source: 'parquet',
      schema: new StructType().add('k', 'int').add('v', 'string'),
    });
    expect(await ext2.count()).toBe(1);
    await expect(
      spark.catalog.createTable(`${db}.created`, { source: 'parquet', schema }),
    ).rejects.toMatchObject({
      errorClass: 'TABLE_OR_VIEW_ALREADY_EXISTS',
    });
  });

  it('drops temporary and global temporary views', async () => {
    const df = await spark.createDataFrame([[1]], 'x INT');
    await df.createTempView('cat_drop_me');
    if (sail) {
      // Sail drops a view, but answers a second drop with an error (Spark: false) and its
      // global temporary views outlive the session: only the first drop is checked.
      expect(await spark.catalog.dropTempView('cat_drop_me')).toBe(true);
      await expect(spark.catalog.dropTempView('cat_drop_me')).rejects.toThrow(
        'Temporary View not found: cat_drop_me',
      );
      expect(await spark.catalog.tableExists('cat_drop_me')).toBe(false);
      return;
    }
    await df.createGlobalTempView('cat_drop_global');
    expect(await spark.catalog.dropTempView('cat_drop_me')).toBe(true);
    expect(await spark.catalog.dropTempView('cat_drop_me')).toBe(false);
    expect(await spark.catalog.tableExists('cat_drop_me')).toBe(false);
    expect(await spark.catalog.dropGlobalTempView('cat_drop_global')).toBe(true);
    expect(await spark.catalog.dropGlobalTempView('cat_drop_global')).toBe(false);
  });

  it('caches and uncaches tables', async () => {
    const t = `${db}.t`;
    if (sail) {
      // Sail has no table cache: each call names the plan node it lacks.
      const c = spark.catalog;
      await expectUnsupportedOn(version, 'Catalog.isCached', () => c.isCached(t), 'PlanNode::IsCached');
      await expectUnsupportedOn(version, 'Catalog.cacheTable', () => c.cacheTable(t), 'PlanNode::CacheTable');
      await expectUnsupportedOn(
        version,
        'Catalog.uncacheTable',
        () => c.uncacheTable(t),
        'PlanNode::UncacheTable',
      );
      await expectUnsupportedOn(version, 'Catalog.clearCache', () => c.clearCache(), 'PlanNode::ClearCache');
      return;
    }
    expect(await spark.catalog.isCached(t)).toBe(false);
    await spark.catalog.cacheTable(t);
    expect(await spark.catalog.isCached(t)).toBe(true);
    await spark.catalog.uncacheTable(t);
    expect(await spark.catalog.isCached(t)).toBe(false);
    await spark.catalog.cacheTable(t, StorageLevel.DISK_ONLY);
    await spark.catalog.cacheTable('cat_tv', 'MEMORY_ONLY');
    expect([await spark.catalog.isCached(t), await spark.catalog.isCached('cat_tv')]).toEqual([true, true]);
    await spark.catalog.clearCache();
    expect([await spark.catalog.isCached(t), await spark.catalog.isCached('cat_tv')]).toEqual([false, false]);
    await expect(spark.catalog.isCached(`${db}.nope`)).rejects.toBeInstanceOf(AnalysisException);
  });

  it("refreshTable and refreshByPath make files added behind Spark's back visible to cached reads", async () => {
    const c = spark.catalog;
    if (
      await expectUnsupportedOn(
        version,
        'Catalog.refreshTable',
        () => c.refreshTable(`${db}.t`),
        'PlanNode::RefreshTable',
      )
    ) {
      await expectUnsupportedOn(
        version,
        'Catalog.refreshByPath',
        () => c.refreshByPath(dir),
        'PlanNode::RefreshByPath',
      );
      return;
    }
    const p = join(dir, 'refresh');
    const one = await spark.createDataFrame([[1]], 'k INT');
    await one.write.parquet(p);
    const file = readdirSync(p).find((f) => f.endsWith('.parquet')) as string;
    const t = `${db}.refreshed`;
    await spark.catalog.createTable(t, { path: p, source: 'parquet' });
    await spark.catalog.cacheTable(t);
    expect(await spark.table(t).count()).toBe(1);
    copyFileSync(join(p, file), join(p, `copy1-${file}`));
    expect(await spark.table(t).count()).toBe(1); // still the cached data
    await spark.catalog.refreshTable(t);
    expect(await spark.table(t).count()).toBe(2);
    copyFileSync(join(p, file), join(p, `copy2-${file}`));
    expect(await spark.table(t).count()).toBe(2);
    await spark.catalog.refreshByPath(p);
    expect(await spark.table(t).count()).toBe(3);
    await spark.catalog.uncacheTable(t);
    await expect(spark.catalog.refreshTable(`${db}.nope`)).rejects.toBeInstanceOf(AnalysisException);
  });

  it('recoverPartitions registers partition directories written outside the table', async () => {
    if (
      await expectUnsupportedOn(
        version,
        'Catalog.recoverPartitions',
        () => spark.catalog.recoverPartitions(`${db}.t`),
        'PlanNode::RecoverPartitions',
      )
    ) {
      return;
    }
    const p = join(dir, 'parts');
    const rows = await spark.createDataFrame(
      [
        ['a', 1],
        ['b', 2],
      ],
      'v STRING, k INT',
    );
    await rows.write.partitionBy('k').parquet(p);
    await spark.sql(
      `CREATE TABLE ${db}.parts (v STRING, k INT) USING parquet PARTITIONED BY (k) LOCATION '${p}'`,
    );
    expect(await spark.table(`${db}.parts`).count()).toBe(0);
    await spark.catalog.recoverPartitions(`${db}.parts`);
    expect((await spark.table(`${db}.parts`).orderBy('k').collect()).map((r) => r.toArray())).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('Spark 4.2+ catalog methods: exact results on 4.2+, refused before sending on older servers', async () => {
    const cat = spark.catalog;
    if (sail) {
      // Sail reports 4.2 but answers each of these commands that it lacks it: the feature error.
      const calls: [string, () => Promise<unknown>][] = [
        ['Catalog.dropTable', () => cat.dropTable(`${db}.t`)],
        ['Catalog.dropView', () => cat.dropView('cat_tv')],
        ['Catalog.createDatabase', () => cat.createDatabase(`${db}_x`)],
        ['Catalog.dropDatabase', () => cat.dropDatabase(`${db}_x`)],
        ['Catalog.listPartitions', () => cat.listPartitions(`${db}.t`)],
        ['Catalog.listViews', () => cat.listViews()],
        ['Catalog.getTableProperties', () => cat.getTableProperties(`${db}.t`)],
        ['Catalog.getCreateTableString', () => cat.getCreateTableString(`${db}.t`)],
        ['Catalog.truncateTable', () => cat.truncateTable(`${db}.t`)],
        ['Catalog.analyzeTable', () => cat.analyzeTable(`${db}.t`)],
      ];
      for (const [api, call] of calls) {
        await expectUnsupportedOn(version, api, call);
        // Recorded: the second call fails in the client, before any request.
        await expect(call()).rejects.toBeInstanceOf(UnsupportedServerVersionError);
      }
      expect(await cat.tableExists(`${db}.t`)).toBe(true);
      expect(await spark.table(`${db}.t`).count()).toBe(2);
      return;
    }
    if (!atLeast(version, 4, 2)) {
      for (const call of [
        () => cat.dropTable(`${db}.t`),
        () => cat.dropView('cat_tv'),
        () => cat.createDatabase(`${db}_x`),
        () => cat.dropDatabase(db),
        () => cat.listPartitions(`${db}.t`),
        () => cat.listViews(),
        () => cat.getTableProperties(`${db}.t`),
        () => cat.getCreateTableString(`${db}.t`),
        () => cat.truncateTable(`${db}.t`),
        () => cat.analyzeTable(`${db}.t`),
      ]) {
        await expect(call()).rejects.toBeInstanceOf(UnsupportedServerVersionError);
      }
      expect(await cat.tableExists(`${db}.t`)).toBe(true);
      return;
    }
    const db2 = `${db}_x`;
    await cat.createDatabase(db2, { properties: { team: 'core' } });
    await cat.createDatabase(db2, { ifNotExists: true });
    await expect(cat.createDatabase(db2)).rejects.toMatchObject({ errorClass: 'SCHEMA_ALREADY_EXISTS' });
    expect(await cat.databaseExists(db2)).toBe(true);
    await spark.sql(
      `CREATE TABLE ${db2}.p (id INT, k STRING) USING parquet PARTITIONED BY (k) TBLPROPERTIES ('team' = 'core')`,
    );
    await spark.sql(`INSERT INTO ${db2}.p VALUES (1, 'a'), (2, 'b')`);
    await spark.sql(`CREATE VIEW ${db2}.pv AS SELECT id FROM ${db2}.p`);
    expect(await cat.listPartitions(`${db2}.p`)).toEqual([{ partition: 'k=a' }, { partition: 'k=b' }]);
    expect((await cat.listViews(db2)).map((v) => [v.name, v.tableType])).toEqual([
      ['pv', 'VIEW'],
      ['cat_tv', 'TEMPORARY'],
    ]);
    expect((await cat.getTableProperties(`${db2}.p`)).team).toBe('core');
    expect(await cat.getCreateTableString(`${db2}.p`)).toMatch(/^CREATE TABLE .*p \(/);
    await cat.analyzeTable(`${db2}.p`, true);
    await cat.truncateTable(`${db2}.p`);
    expect(await spark.table(`${db2}.p`).count()).toBe(0);
    await cat.dropView(`${db2}.pv`);
    await cat.dropView(`${db2}.pv`, { ifExists: true });
    await cat.dropTable(`${db2}.p`);
    await expect(cat.dropTable(`${db2}.p`)).rejects.toBeInstanceOf(AnalysisException);
    await cat.dropTable(`${db2}.p`, { ifExists: true });
    await cat.dropDatabase(db2);
    expect(await cat.databaseExists(db2)).toBe(false);
    await cat.dropDatabase(db2, { ifExists: true });
  });
});
