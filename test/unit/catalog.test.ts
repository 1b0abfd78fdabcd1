import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/gen/spark/connect/base_pb.js';
import { StorageLevel, StructType, UnsupportedServerVersionError } from '../../src/index.js';
import { Catalog } from '../../src/session/catalog.js';
import { parseDDL } from '../../src/types/index.js';
import { fakeSession } from './fake-session.js';

function catalogOf(plan: Plan) {
  if (plan.opType.case !== 'root') throw new Error('not a root plan');
  const rel = plan.opType.value;
  if (rel.relType.case !== 'catalog') throw new Error(`not a catalog relation: ${rel.relType.case}`);
  return rel.relType.value.catType;
}

const TABLE = parseDDL(
  'name STRING, catalog STRING, namespace ARRAY<STRING>, description STRING, tableType STRING, isTemporary BOOLEAN',
);
const FUNCTION = parseDDL(
  'name STRING, catalog STRING, namespace ARRAY<STRING>, description STRING, className STRING, isTemporary BOOLEAN',
);
const COLUMN = parseDDL(
  'name STRING, description STRING, dataType STRING, nullable BOOLEAN, isPartition BOOLEAN, isBucket BOOLEAN',
);
const BOOL = parseDDL('value BOOLEAN');
const STRING = parseDDL('value STRING');

describe('Catalog', () => {
  it('reads tables, functions and columns into typed objects (isCluster false without the column)', async () => {
    const fake = fakeSession('3.5.7');
    const cat = new Catalog(fake.session);
    fake.answers.push(
      {
        schema: TABLE,
        rows: [
          ['t', 'spark_catalog', ['db'], null, 'MANAGED', false],
          ['v', null, [], null, 'TEMPORARY', true],
        ],
      },
      { schema: FUNCTION, rows: [['abs', null, null, 'abs(expr)', 'org.Abs', true]] },
      { schema: COLUMN, rows: [['id', null, 'bigint', false, true, false]] },
    );
    expect(await cat.listTables('db', 't*')).toEqual([
      {
        name: 't',
        catalog: 'spark_catalog',
        namespace: ['db'],
        description: null,
        tableType: 'MANAGED',
        isTemporary: false,
        database: 'db',
      },
      {
        name: 'v',
        catalog: null,
        namespace: [],
        description: null,
        tableType: 'TEMPORARY',
        isTemporary: true,
        database: null,
      },
    ]);
    expect(await cat.getFunction('abs')).toEqual({
      name: 'abs',
      catalog: null,
      namespace: null,
      description: 'abs(expr)',
      className: 'org.Abs',
      isTemporary: true,
    });
    expect(await cat.listColumns('t')).toEqual([
      {
        name: 'id',
        description: null,
        dataType: 'bigint',
        nullable: false,
        isPartition: true,
        isBucket: false,
        isCluster: false,
      },
    ]);
    const [lt, gf, lc] = fake.plans.map(catalogOf);
    expect(lt).toMatchObject({ case: 'listTables', value: { dbName: 'db', pattern: 't*' } });
    expect(gf).toMatchObject({ case: 'getFunction', value: { functionName: 'abs' } });
    expect(lc).toMatchObject({ case: 'listColumns', value: { tableName: 't' } });
  });

  it('sends each call as its Catalog relation', async () => {
    const fake = fakeSession('4.1.0');
    const cat = new Catalog(fake.session);
    const bool = () => fake.answers.push({ schema: BOOL, rows: [[true]] });
    const str = (s: string) => fake.answers.push({ schema: STRING, rows: [[s]] });
    str('spark_catalog');
    expect(await cat.currentCatalog()).toBe('spark_catalog');
    str('default');
    expect(await cat.currentDatabase()).toBe('default');
    bool();
    expect(await cat.databaseExists('d')).toBe(true);
    bool();
    expect(await cat.tableExists('t', 'd')).toBe(true);
    bool();
    expect(await cat.functionExists('f')).toBe(true);
    bool();
    expect(await cat.dropTempView('v')).toBe(true);
    bool();
    expect(await cat.dropGlobalTempView('g')).toBe(true);
    bool();
    expect(await cat.isCached('t')).toBe(true);
    await cat.setCurrentCatalog('c');
    await cat.setCurrentDatabase('d');
    await cat.cacheTable('t', 'DISK_ONLY');
    await cat.cacheTable('t');
    await cat.uncacheTable('t');
    await cat.clearCache();
    await cat.refreshTable('t');
    await cat.refreshByPath('/p');
    await cat.recoverPartitions('t');
    await cat.createTable('t', {
      source: 'parquet',
      schema: new StructType().add('a', 'int'),
      description: 'd',
    });
    expect(fake.plans.map((p) => catalogOf(p).case)).toEqual([
      'currentCatalog',
      'currentDatabase',
      'databaseExists',
      'tableExists',
      'functionExists',
      'dropTempView',
      'dropGlobalTempView',
      'isCached',
      'setCurrentCatalog',
      'setCurrentDatabase',
      'cacheTable',
      'cacheTable',
      'uncacheTable',
      'clearCache',
      'refreshTable',
      'refreshByPath',
      'recoverPartitions',
      'createTable',
    ]);
    const cache = catalogOf(fake.plans[10]).value as { storageLevel?: unknown };
    expect(cache.storageLevel).toEqual(StorageLevel.DISK_ONLY.toProto());
    expect((catalogOf(fake.plans[11]).value as { storageLevel?: unknown }).storageLevel).toBeUndefined();
    expect(catalogOf(fake.plans[17]).value).toMatchObject({
      tableName: 't',
      source: 'parquet',
      description: 'd',
    });
  });

  it('rejects bad arguments with TypeErrors before any call', async () => {
    const fake = fakeSession();
    const cat = new Catalog(fake.session);
    await expect(cat.getTable('')).rejects.toThrow(/tableName must be a non-empty string/);
    await expect(cat.cacheTable('t', 'FAST' as never)).rejects.toThrow(/Unknown storage level/);
    await expect(cat.createTable('t', { schema: 'a int' as never })).rejects.toThrow(
      /schema must be a StructType/,
    );
    await expect(cat.createTable('t', { format: 'x' } as never)).rejects.toThrow(
      /createTable\(\) has no option 'format'/,
    );
    expect(fake.plans).toHaveLength(0);
  });

  it('Spark 4.2+ methods are rejected on older servers and sent on newer ones', async () => {
    const old = new Catalog(fakeSession('4.1.4').session);
    await expect(old.dropTable('t')).rejects.toBeInstanceOf(UnsupportedServerVersionError);
    await expect(old.listViews()).rejects.toThrow(
      'Catalog.listViews needs Spark 4.2 or newer; this server runs Spark 4.1.4',
    );
    const fake = fakeSession('4.3.0');
    const cat = new Catalog(fake.session);
    await cat.dropTable('t', { ifExists: true, purge: true });
    await cat.dropView('v', { ifExists: true });
    await cat.createDatabase('d', { ifNotExists: true, properties: { a: 'b' } });
    await cat.dropDatabase('d', { cascade: true });
    await cat.truncateTable('t');
    await cat.analyzeTable('t', true);
    fake.answers.push({ schema: parseDDL('partition STRING'), rows: [['k=1']] });
    expect(await cat.listPartitions('t')).toEqual([{ partition: 'k=1' }]);
    fake.answers.push({ schema: parseDDL('key STRING, value STRING'), rows: [['p', 'v']] });
    expect(await cat.getTableProperties('t')).toEqual({ p: 'v' });
    fake.answers.push({ schema: STRING, rows: [['CREATE TABLE t']] });
    expect(await cat.getCreateTableString('t')).toBe('CREATE TABLE t');
    expect(fake.plans.slice(0, 6).map((p) => catalogOf(p))).toMatchObject([
      { case: 'dropTable', value: { tableName: 't', ifExists: true, purge: true } },
      { case: 'dropView', value: { viewName: 'v', ifExists: true } },
      { case: 'createDatabase', value: { dbName: 'd', ifNotExists: true, properties: { a: 'b' } } },
      { case: 'dropDatabase', value: { dbName: 'd', ifExists: false, cascade: true } },
      { case: 'truncateTable', value: { tableName: 't' } },
      { case: 'analyzeTable', value: { tableName: 't', noScan: true } },
    ]);
  });
});
