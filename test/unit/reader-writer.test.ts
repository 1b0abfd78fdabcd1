import { describe, expect, it } from 'vitest';
import { parseSaveMode } from '../../src/dataframe/writer.js';
import { col, lit } from '../../src/functions/index.js';
import type { Plan } from '../../src/gen/spark/connect/base_pb.js';
import {
  WriteOperation_SaveMode,
  WriteOperation_SaveTable_TableSaveMethod,
  WriteOperationV2_Mode,
} from '../../src/gen/spark/connect/commands_pb.js';
import { Parse_ParseFormat } from '../../src/gen/spark/connect/relations_pb.js';
import { DataFrame, DataFrameReader, StructType, UnsupportedServerVersionError } from '../../src/index.js';
import { lowerPlan } from '../../src/plan/lower.js';
import { node } from '../../src/plan/nodes.js';
import { fakeSession } from './fake-session.js';

function relOf(df: DataFrame) {
  return lowerPlan(df.plan);
}

function readOf(df: DataFrame) {
  const r = relOf(df);
  if (r.relType.case !== 'read') throw new Error(`not a read: ${r.relType.case}`);
  return r.relType.value;
}

function dataSource(df: DataFrame) {
  const rt = readOf(df).readType;
  if (rt.case !== 'dataSource') throw new Error('not a data source');
  return rt.value;
}

function command(plan: Plan) {
  if (plan.opType.case !== 'command') throw new Error('not a command');
  return plan.opType.value.commandType;
}

describe('DataFrameReader lowering', () => {
  const { session } = fakeSession();
  const read = () => new DataFrameReader(session);

  it('format, schema (DDL or StructType JSON), options and paths become a DataSource read', () => {
    const ds = dataSource(
      read()
        .format('csv')
        .schema('a INT')
        .option('header', true)
        .options({ sep: ';', skipped: null, n: 3 })
        .load(['/x', '/y']),
    );
    expect(ds.format).toBe('csv');
    expect(ds.schema).toBe('a INT');
    expect(ds.options).toEqual({ header: 'true', sep: ';', n: '3' });
    expect(ds.paths).toEqual(['/x', '/y']);
    const st = new StructType().add('a', 'int');
    expect(dataSource(read().schema(st).load('/z')).schema).toBe(st.json());
    expect(dataSource(read().load()).format).toBeUndefined();
  });

  it('format shortcuts set the format and validate their keyword options', () => {
    const csv = dataSource(read().csv('/p.csv', { header: true, inferSchema: 'true', schema: 'a INT' }));
    expect([csv.format, csv.schema, csv.options]).toEqual([
      'csv',
      'a INT',
      { header: 'true', inferSchema: 'true' },
    ]);
    const pq = dataSource(read().parquet('/a', '/b', { mergeSchema: true }));
    expect([pq.format, pq.paths, pq.options]).toEqual(['parquet', ['/a', '/b'], { mergeSchema: 'true' }]);
    expect(dataSource(read().json('/j', { multiLine: true })).options).toEqual({ multiLine: 'true' });
    expect(dataSource(read().orc('/o')).format).toBe('orc');
    expect(dataSource(read().text(['/t1', '/t2'], { wholetext: true })).options).toEqual({
      wholetext: 'true',
    });
    expect(dataSource(read().xml('/x', { rowTag: 'r' })).format).toBe('xml');
    expect(() => read().csv('/p', { headr: true } as never)).toThrow(/csv\(\) has no option 'headr'/);
    expect(() => read().parquet('/p', { header: true } as never)).toThrow(
      /parquet\(\) has no option 'header'/,
    );
  });

  it('table() reads a named table with the reader options', () => {
    const r = readOf(read().option('k', 'v').table('db.t'));
    expect(r.readType.case).toBe('namedTable');
    expect(r.readType.value).toMatchObject({ unparsedIdentifier: 'db.t', options: { k: 'v' } });
  });

  it('csv/json of a DataFrame parse its string column', () => {
    const input = new DataFrame(session, node({ kind: 'range', start: 0n, end: 1n, step: 1n }));
    const r = relOf(read().json(input, { schema: 'a INT', allowComments: true }));
    expect(r.relType.case).toBe('parse');
    const p = r.relType.value as {
      format: number;
      schema?: { kind: { case: string } };
      options: object;
      input?: object;
    };
    expect(p.format).toBe(Parse_ParseFormat.JSON);
    expect(p.schema?.kind.case).toBe('struct');
    expect(p.options).toEqual({ allowComments: 'true' });
    expect(p.input).toBeDefined();
  });

  it('rejects bad arguments with TypeErrors', () => {
    expect(() => read().format('')).toThrow(TypeError);
    expect(() => read().schema(3 as never)).toThrow(/schema must be a StructType or a DDL string/);
    expect(() => read().option('k', {} as never)).toThrow(/Option 'k' must be a string/);
    expect(() => read().option('k', Number.NaN)).toThrow(TypeError);
    expect(() => read().load(['/a', 3] as never)).toThrow(/paths must be non-empty strings/);
    expect(() => read().table('')).toThrow(TypeError);
  });
});

describe('DataFrameWriter commands', () => {
  function setup(version = '4.1.0') {
    const fake = fakeSession(version);
    const df = new DataFrame(fake.session, node({ kind: 'range', start: 0n, end: 3n, step: 1n }));
    return { df, fake };
  }

  it('save() sends a WriteOperation with format, mode, partitioning, options and the path', async () => {
    const { df, fake } = setup();
    await df.write
      .format('json')
      .mode('append')
      .partitionBy('a', ['b'])
      .option('compression', 'gzip')
      .save('/out');
    const c = command(fake.plans[0]);
    expect(c.case).toBe('writeOperation');
    const w = c.value as Record<string, unknown>;
    expect(w).toMatchObject({
      source: 'json',
      mode: WriteOperation_SaveMode.APPEND,
      partitioningColumns: ['a', 'b'],
      options: { compression: 'gzip' },
      saveType: { case: 'path', value: '/out' },
    });
    expect((w.input as { relType: { case: string } }).relType.case).toBe('range');
  });

  it('maps every save mode, case-insensitively; unknown modes are rejected client-side', () => {
    expect(parseSaveMode('append')).toBe(WriteOperation_SaveMode.APPEND);
    expect(parseSaveMode('OVERWRITE')).toBe(WriteOperation_SaveMode.OVERWRITE);
    expect(parseSaveMode('error')).toBe(WriteOperation_SaveMode.ERROR_IF_EXISTS);
    expect(parseSaveMode('errorIfExists')).toBe(WriteOperation_SaveMode.ERROR_IF_EXISTS);
    expect(parseSaveMode('default')).toBe(WriteOperation_SaveMode.ERROR_IF_EXISTS);
    expect(parseSaveMode('ignore')).toBe(WriteOperation_SaveMode.IGNORE);
    const { df, fake } = setup();
    expect(() => df.write.mode('upsert' as never)).toThrow(
      /Unknown save mode "upsert"; use one of append, overwrite/,
    );
    expect(fake.plans).toHaveLength(0);
  });

  it('saveAsTable / insertInto name the table and its save method; bucketBy and sortBy are sent', async () => {
    const { df, fake } = setup();
    await df.write
      .bucketBy(4, 'id')
      .sortBy('id')
      .saveAsTable('db.t', { mode: 'overwrite', format: 'parquet' });
    await df.write.insertInto('db.t', true);
    await df.write.insertInto('db.t');
    const [a, b, c] = fake.plans.map((p) => command(p).value as Record<string, unknown>);
    expect(a).toMatchObject({
      source: 'parquet',
      mode: WriteOperation_SaveMode.OVERWRITE,
      bucketBy: { bucketColumnNames: ['id'], numBuckets: 4 },
      sortColumnNames: ['id'],
      saveType: {
        case: 'table',
        value: { tableName: 'db.t', saveMethod: WriteOperation_SaveTable_TableSaveMethod.SAVE_AS_TABLE },
      },
    });
    expect(b).toMatchObject({
      mode: WriteOperation_SaveMode.OVERWRITE,
      saveType: {
        case: 'table',
        value: { saveMethod: WriteOperation_SaveTable_TableSaveMethod.INSERT_INTO },
      },
    });
    expect(c.mode).toBe(WriteOperation_SaveMode.UNSPECIFIED);
  });

  it('format shortcuts set the format, mode and their keyword options; unknown keys are rejected', async () => {
    const { df, fake } = setup();
    await df.write.csv('/c', { header: true, sep: '|', mode: 'overwrite' });
    await df.write.parquet('/p', { partitionBy: 'k', compression: 'zstd' });
    const [csv, pq] = fake.plans.map((p) => command(p).value as Record<string, unknown>);
    expect(csv).toMatchObject({
      source: 'csv',
      mode: WriteOperation_SaveMode.OVERWRITE,
      options: { header: 'true', sep: '|' },
    });
    expect(pq).toMatchObject({
      source: 'parquet',
      partitioningColumns: ['k'],
      options: { compression: 'zstd' },
    });
    await expect(df.write.json('/j', { header: true } as never)).rejects.toThrow(
      /write.json\(\) has no option 'header'/,
    );
    await expect(df.write.text('/t', { partitionBy: 'x' } as never)).rejects.toThrow(
      /text\(\) has no option 'partitionBy'/,
    );
  });

  it('checks builder arguments', () => {
    const { df } = setup();
    expect(() => df.write.bucketBy(0, 'a')).toThrow(/numBuckets must be a positive integer/);
    expect(() => df.write.partitionBy(1 as never)).toThrow(/partitionBy\(\) takes column names/);
    expect(() => df.write.option('', 'x')).toThrow(TypeError);
  });

  it('clusterBy is sent on 4.0+ and rejected on 3.5 (whose server would drop it silently)', async () => {
    const { df, fake } = setup('4.0.0');
    await df.write.clusterBy('a').saveAsTable('t');
    expect((command(fake.plans[0]).value as Record<string, unknown>).clusteringColumns).toEqual(['a']);
    const old = setup('3.5.7');
    await expect(old.df.write.clusterBy('a').saveAsTable('t')).rejects.toBeInstanceOf(
      UnsupportedServerVersionError,
    );
    expect(old.fake.plans).toHaveLength(0);
  });

  it('temp views send CreateDataFrameViewCommand with the global and replace flags', async () => {
    const { df, fake } = setup();
    await df.createTempView('a');
    await df.createOrReplaceTempView('b');
    await df.createGlobalTempView('c');
    await df.createOrReplaceGlobalTempView('d');
    expect(fake.plans.map((p) => command(p).value)).toMatchObject([
      { name: 'a', isGlobal: false, replace: false },
      { name: 'b', isGlobal: false, replace: true },
      { name: 'c', isGlobal: true, replace: false },
      { name: 'd', isGlobal: true, replace: true },
    ]);
    await expect(df.createTempView('')).rejects.toThrow(TypeError);
  });
});

describe('DataFrameWriterV2 commands', () => {
  it('sends each mode with provider, partitioning, properties, options and the overwrite condition', async () => {
    const fake = fakeSession('4.1.0');
    const df = new DataFrame(fake.session, node({ kind: 'range', start: 0n, end: 3n, step: 1n }));
    const w = () => df.writeTo('cat.db.t');
    await w().using('parquet').partitionedBy('a', col('b')).tableProperty('p', 'v').option('o', 1).create();
    await w().replace();
    await w().createOrReplace();
    await w().append();
    await w().overwrite(col('a').eq(lit(1)));
    await w().overwritePartitions();
    await w().clusterBy('a', 'b').create();
    const cmds = fake.plans.map((p) => command(p));
    expect(cmds.every((c) => c.case === 'writeOperationV2')).toBe(true);
    const v = cmds.map((c) => c.value as Record<string, unknown>);
    expect(v.map((x) => x.mode)).toEqual([
      WriteOperationV2_Mode.CREATE,
      WriteOperationV2_Mode.REPLACE,
      WriteOperationV2_Mode.CREATE_OR_REPLACE,
      WriteOperationV2_Mode.APPEND,
      WriteOperationV2_Mode.OVERWRITE,
      WriteOperationV2_Mode.OVERWRITE_PARTITIONS,
      WriteOperationV2_Mode.CREATE,
    ]);
    expect(v[0]).toMatchObject({
      tableName: 'cat.db.t',
      provider: 'parquet',
      tableProperties: { p: 'v' },
      options: { o: '1' },
    });
    expect((v[0].partitioningColumns as unknown[]).length).toBe(2);
    expect(v[4].overwriteCondition).toBeDefined();
    expect(v[5].overwriteCondition).toBeUndefined();
    expect(v[6].clusteringColumns).toEqual(['a', 'b']);
  });

  it('rejects bad arguments and clusterBy on 3.5', async () => {
    const fake = fakeSession('3.5.7');
    const df = new DataFrame(fake.session, node({ kind: 'range', start: 0n, end: 3n, step: 1n }));
    expect(() => df.writeTo('')).toThrow(TypeError);
    expect(() => df.writeTo('t').tableProperty('p', 1 as never)).toThrow(/value must be a string/);
    expect(() => df.writeTo('t').partitionedBy(3 as never)).toThrow(TypeError);
    await expect(df.writeTo('t').clusterBy('a').create()).rejects.toBeInstanceOf(
      UnsupportedServerVersionError,
    );
  });
});

describe('jdbc lowering', () => {
  const { session } = fakeSession();
  const read = () => new DataFrameReader(session);
  const url = 'jdbc:derby:memory:x;create=true';

  it('read.jdbc: the jdbc source with url, dbtable and the properties as options, no predicates', () => {
    const ds = dataSource(
      read()
        .option('queryTimeout', 5)
        .jdbc(url, 'T', { properties: { user: 'u', fetchsize: 10, skipped: null, url: 'ignored' } }),
    );
    expect(ds.format).toBe('jdbc');
    expect(ds.options).toEqual({ queryTimeout: '5', user: 'u', fetchsize: '10', url, dbtable: 'T' });
    expect([ds.paths, ds.predicates]).toEqual([[], []]);
    expect(dataSource(read().jdbc(url, 'T')).options).toEqual({ url, dbtable: 'T' });
  });

  it('read.jdbc partitioned by a column sends partitionColumn, bounds and numPartitions', () => {
    const ds = dataSource(
      read().jdbc(url, 'T', {
        column: 'ID',
        lowerBound: 1,
        upperBound: 9007199254740993n,
        numPartitions: 3,
        properties: { fetchsize: '2' },
      }),
    );
    expect(ds.options).toEqual({
      partitionColumn: 'ID',
      lowerBound: '1',
      upperBound: '9007199254740993',
      numPartitions: '3',
      fetchsize: '2',
      url,
      dbtable: 'T',
    });
    expect(ds.predicates).toEqual([]);
    const dates = dataSource(
      read().jdbc(url, 'T', {
        column: 'D',
        lowerBound: '2020-01-01',
        upperBound: '2021-01-01',
        numPartitions: 2,
      }),
    );
    expect([dates.options.lowerBound, dates.options.upperBound]).toEqual(['2020-01-01', '2021-01-01']);
  });

  it('read.jdbc with predicates sends one predicate per partition, with the schema set on the reader', () => {
    const ds = dataSource(
      read()
        .schema('ID INT')
        .jdbc(url, 'T', { predicates: ['ID < 2', 'ID >= 2'], properties: { user: 'u' } }),
    );
    expect(ds).toMatchObject({
      format: 'jdbc',
      schema: 'ID INT',
      options: { user: 'u', url, dbtable: 'T' },
      paths: [],
      predicates: ['ID < 2', 'ID >= 2'],
    });
  });

  it('read.jdbc rejects partial partitioning, both partitionings and bad values with TypeErrors', () => {
    const bad: [unknown, RegExp][] = [
      [{ column: 'ID' }, /together; missing lowerBound, upperBound, numPartitions/],
      [{ lowerBound: 1, upperBound: 2, numPartitions: 2 }, /missing column$/],
      [{ column: 'ID', lowerBound: 1, upperBound: 2, numPartitions: null }, /missing numPartitions/],
      [
        { column: 'ID', lowerBound: 1, upperBound: 2, numPartitions: 2, predicates: ['ID > 0'] },
        /or predicates, not both/,
      ],
      [
        { column: 'ID', lowerBound: 1, upperBound: 2, numPartitions: 0 },
        /numPartitions must be a positive integer/,
      ],
      [
        { column: 'ID', lowerBound: 1, upperBound: 2, numPartitions: 1.5 },
        /numPartitions must be a positive/,
      ],
      [{ column: 'ID', lowerBound: 0.5, upperBound: 2, numPartitions: 2 }, /lowerBound must be an integer/],
      [{ column: 'ID', lowerBound: 1, upperBound: '', numPartitions: 2 }, /upperBound must not be an empty/],
      [{ column: '', lowerBound: 1, upperBound: 2, numPartitions: 2 }, /column must be a non-empty/],
      [{ predicates: [] }, /predicates must not be empty/],
      [{ predicates: 'ID > 0' }, /predicates must be an array/],
      [{ predicates: ['ok', ''] }, /predicates must be an array of non-empty/],
      [{ properties: { fetchsize: {} } }, /Option 'fetchsize' must be a string/],
      [{ partitionColumn: 'ID' }, /jdbc\(\) has no option 'partitionColumn'/],
    ];
    for (const [options, message] of bad) {
      expect(() => read().jdbc(url, 'T', options as never), JSON.stringify(options)).toThrow(message);
      expect(() => read().jdbc(url, 'T', options as never)).toThrow(TypeError);
    }
    expect(() => read().jdbc('', 'T')).toThrow(/takes a JDBC URL/);
    expect(() => read().jdbc(url, undefined as never)).toThrow(/takes a table name/);
  });

  it('write.jdbc: WriteOperation of the jdbc source with mode, properties, url and dbtable, no path', async () => {
    const fake = fakeSession('3.5.7');
    const df = new DataFrame(fake.session, node({ kind: 'range', start: 0n, end: 3n, step: 1n }));
    await df.write.jdbc(url, 'T', {
      mode: 'Overwrite' as never,
      properties: { user: 'u', batchsize: 2, dbtable: 'no' },
    });
    await df.write.option('isolationLevel', 'NONE').jdbc(url, 'T');
    const [a, b] = fake.plans.map((p) => command(p).value as Record<string, unknown>);
    expect(a).toMatchObject({
      source: 'jdbc',
      mode: WriteOperation_SaveMode.OVERWRITE,
      options: { user: 'u', batchsize: '2', dbtable: 'T', url },
      saveType: { case: undefined },
    });
    expect(b).toMatchObject({
      source: 'jdbc',
      mode: WriteOperation_SaveMode.UNSPECIFIED,
      options: { isolationLevel: 'NONE', url, dbtable: 'T' },
    });
    await expect(df.write.jdbc(url, 'T', { mode: 'upsert' as never })).rejects.toThrow(/Unknown save mode/);
    await expect(df.write.jdbc(url, 'T', { fetchsize: 1 } as never)).rejects.toThrow(
      /write.jdbc\(\) has no option 'fetchsize'/,
    );
    await expect(df.write.jdbc(url, '')).rejects.toThrow(TypeError);
    expect(fake.plans).toHaveLength(2);
  });
});
