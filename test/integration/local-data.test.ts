import { tableFromArrays } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactStatuses } from '../../src/client/artifacts.js';
import type { DataFrame } from '../../src/dataframe/dataframe.js';
import {
  AnalysisException,
  ArrayType,
  CalendarInterval,
  IntegerType,
  LocalTime,
  LongType,
  type Row,
  SparkConnectError,
  type SparkSession,
  SparkTimestamp,
  SparkTimestampNTZ,
  StringType,
  StructField,
  StructType,
  typed,
  VariantValue,
} from '../../src/index.js';
import { atLeast, isSail, newSession, recordSailResult, serverMatrix } from '../support/matrix.js';

const ALL_TYPES =
  'b BOOLEAN, y TINYINT, s SMALLINT, i INT, l BIGINT, f FLOAT, d DOUBLE, dec DECIMAL(38,18), ' +
  'dec2 DECIMAL(5,2), str STRING, bin BINARY, dt DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ, ' +
  'dti INTERVAL DAY TO SECOND, ymi INTERVAL YEAR TO MONTH, ci INTERVAL, arr ARRAY<INT>, ' +
  'm MAP<STRING, BIGINT>, st STRUCT<x: INT, y: STRUCT<z: STRING, w: ARRAY<DOUBLE>>>';

const ALL_VALUES = [
  true,
  -128,
  32767,
  -2147483648,
  -9223372036854775808n,
  -1.25,
  Number.NaN,
  '-12345678901234567890.123456789012345678',
  '-999.99',
  'héllo ✓ 🎉',
  new Uint8Array([0, 255, 16]),
  new Date('1969-12-31T00:00:00Z'),
  SparkTimestamp.fromEpochMicros(1_710_064_799_123_456n),
  SparkTimestampNTZ.fromEpochMicros(-1n),
  -90_061_000_001n,
  -25,
  new CalendarInterval(14, -3, 3_600_000_001n),
  [1, null, 3],
  new Map<string, bigint | null>([
    ['a', 1n],
    ['b', null],
  ]),
  { x: null, y: { z: 'deep', w: [0.5, Number.POSITIVE_INFINITY] } },
];

/** The artifact names a cached local relation refers to (schema first when chunked). */
function cachedArtifacts(plan: DataFrame['plan']): string[] {
  const p = plan as { kind: string; hash?: string; dataHashes?: string[]; schemaHash?: string };
  const hashes = p.kind === 'cachedLocalRelation' ? [p.hash] : [p.schemaHash, ...(p.dataHashes ?? [])];
  return hashes.map((h) => `cache/${h}`);
}

describe.each(serverMatrix({ sail: true }))('createDataFrame on Spark %s', (version, url) => {
  const cachedKind = atLeast(version, 4, 1) ? 'chunkedCachedLocalRelation' : 'cachedLocalRelation';
  let spark: SparkSession;
  beforeAll(async () => {
    spark = await newSession(url);
    // The values must not depend on the session time zone.
    await spark.conf.set('spark.sql.session.timeZone', 'America/Los_Angeles');
  });
  afterAll(async () => {
    await spark?.stop();
  });

  it('round-trips every type of the value mapping exactly, and the server sees the same values', async () => {
    if (!atLeast(version, 4, 0)) {
      // Spark 3.5 cannot read calendar intervals from Arrow: it says so.
      const ci = await spark.createDataFrame([[new CalendarInterval(1, 2, 3n)]], 'ci INTERVAL');
      await expect(ci.collect()).rejects.toMatchObject({ errorClass: 'UNSUPPORTED_ARROWTYPE' });
    }
    const types = atLeast(version, 4, 0) ? ALL_TYPES : ALL_TYPES.replace('ci INTERVAL, ', '');
    const values = atLeast(version, 4, 0)
      ? ALL_VALUES
      : ALL_VALUES.filter((v) => !(v instanceof CalendarInterval));
    const df = await spark.createDataFrame([values, values.map(() => null)], types);
    expect((await df.schema()).toDDL()).toBe(
      'b BOOLEAN,y TINYINT,s SMALLINT,i INT,l BIGINT,f FLOAT,d DOUBLE,dec DECIMAL(38,18),dec2 DECIMAL(5,2),' +
        'str STRING,bin BINARY,dt DATE,ts TIMESTAMP,ntz TIMESTAMP_NTZ,dti INTERVAL DAY TO SECOND,' +
        `ymi INTERVAL YEAR TO MONTH,${atLeast(version, 4, 0) ? 'ci INTERVAL,' : ''}arr ARRAY<INT>,m MAP<STRING, BIGINT>,` +
        'st STRUCT<x: INT, y: STRUCT<z: STRING, w: ARRAY<DOUBLE>>>',
    );
    const [r, n] = await df.collect();
    expect(r.getBoolean('b')).toBe(true);
    expect(r.getByte('y')).toBe(-128);
    expect(r.getShort('s')).toBe(32767);
    expect(r.getInt('i')).toBe(-2147483648);
    expect(r.getLong('l')).toBe(-9223372036854775808n);
    expect(r.getFloat('f')).toBe(-1.25);
    expect(Number.isNaN(r.getDouble('d'))).toBe(true);
    expect(r.getDecimal('dec')).toBe('-12345678901234567890.123456789012345678');
    expect(r.getDecimal('dec2')).toBe('-999.99');
    expect(r.getString('str')).toBe('héllo ✓ 🎉');
    expect([...(r.getBinary('bin') as Uint8Array)]).toEqual([0, 255, 16]);
    expect(r.getDate('dt')?.toISOString()).toBe('1969-12-31T00:00:00.000Z');
    expect(r.getTimestampMicros('ts')).toBe(1_710_064_799_123_456n);
    expect(r.getTimestampMicros('ntz')).toBe(-1n);
    expect(r.getDayTimeInterval('dti')).toBe(-90_061_000_001n);
    expect(r.getYearMonthInterval('ymi')).toBe(-25);
    if (atLeast(version, 4, 0)) {
      expect(r.getCalendarInterval('ci')?.toString()).toBe(
        '1 years 2 months -3 days 1 hours 0.000001 seconds',
      );
    }
    expect(r.get('arr')).toEqual([1, null, 3]);
    expect(r.get('m')).toEqual(
      new Map<string, bigint | null>([
        ['a', 1n],
        ['b', null],
      ]),
    );
    const st = r.getStruct('st') as Row;
    expect(st.isNullAt('x')).toBe(true);
    expect((st.getStruct('y') as Row).toObject()).toEqual({ z: 'deep', w: [0.5, Number.POSITIVE_INFINITY] });
    for (let k = 0; k < n.length; k++) expect(n.isNullAt(k)).toBe(true);

    // Computed on the server: the values arrived as the same Spark values.
    const [c] = await df
      .limit(1)
      .selectExpr(
        'l + 1 AS l1',
        'CAST(dec2 * 2 AS STRING) AS dec2x2',
        "date_format(ts, 'yyyy-MM-dd HH:mm:ss.SSSSSS') AS ts_la",
        'CAST(ntz AS STRING) AS ntz_s',
        'CAST(dt AS STRING) AS dt_s',
        'hex(bin) AS hex',
        'length(str) AS len',
        'CAST(dti AS STRING) AS dti_s',
      )
      .collect();
    expect(c.toObject()).toEqual({
      l1: -9223372036854775807n,
      dec2x2: '-1999.98',
      ts_la: '2024-03-10 01:59:59.123456',
      ntz_s: '1969-12-31 23:59:59.999999',
      dt_s: '1969-12-31',
      hex: '00FF10',
      len: 9,
      dti_s: "INTERVAL '-1 01:01:01.000001' DAY TO SECOND",
    });
  });

  it('round-trips time and variant values where the server has those types', async () => {
    if (!atLeast(version, 4, 0)) {
      const t = await spark.createDataFrame([[LocalTime.of(1, 2)]], 't TIME');
      await expect(t.collect()).rejects.toThrow(SparkConnectError);
      const v = new VariantValue(new Uint8Array([0]), new Uint8Array([1, 0, 0]));
      await expect((await spark.createDataFrame([[v]], 'v VARIANT')).collect()).rejects.toThrow(
        SparkConnectError,
      );
      return;
    }
    const [v] = await (await spark.sql(`SELECT parse_json('{"a":[1,2]}') AS v`)).collect();
    const vdf = await spark.createDataFrame([[v.get('v')]], 'v VARIANT');
    const [vr] = await vdf.selectExpr('to_json(v) AS j', 'v').collect();
    expect(vr.get('j')).toBe('{"a":[1,2]}');
    expect(vr.getVariant('v')?.toJSON()).toEqual({ a: [1, 2] });
    if (atLeast(version, 4, 1)) {
      await spark.conf.set('spark.sql.timeType.enabled', 'true');
      const [t] = await (
        await spark.createDataFrame([[LocalTime.of(13, 45, 30, 123_456_000)]], 't TIME(6)')
      ).collect();
      expect(t.getTime('t')?.toString()).toBe('13:45:30.123456');
    }
  });

  it('infers schemas from objects, arrays, Rows and single values (documented rules)', async () => {
    const df = await spark.createDataFrame([
      { id: 1, score: 2.5, name: 'a', ok: true, at: new Date('2024-01-02T03:04:05.678Z'), tags: ['x'] },
      { id: 2, score: 3, name: null, extra: { k: 1n }, m: new Map([['k', typed.decimal('1.50')]]) },
    ]);
    expect(await df.dtypes()).toEqual([
      ['id', 'bigint'],
      ['score', 'double'],
      ['name', 'string'],
      ['ok', 'boolean'],
      ['at', 'timestamp'],
      ['tags', 'array<string>'],
      ['extra', 'struct<k:bigint>'],
      ['m', 'map<string,decimal(3,2)>'],
    ]);
    const rows = await df.orderBy('id').collect();
    expect(rows.map((r) => r.toJSON())).toEqual([
      {
        id: 1,
        score: 2.5,
        name: 'a',
        ok: true,
        at: '2024-01-02T03:04:05.678000Z',
        tags: ['x'],
        extra: null,
        m: null,
      },
      { id: 2, score: 3, name: null, ok: null, at: null, tags: null, extra: { k: 1 }, m: { k: '1.50' } },
    ]);

    const arrays = await spark.createDataFrame([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(await arrays.columns()).toEqual(['_1', '_2']);
    const scalars = await spark.createDataFrame(['x', 'y']);
    expect((await scalars.collect()).map((r) => r.toArray())).toEqual([['x'], ['y']]);
    expect(await scalars.columns()).toEqual(['_1']);
    const named = await spark.createDataFrame([[1, 'a']], ['num', 'letter']);
    expect(await named.dtypes()).toEqual([
      ['num', 'bigint'],
      ['letter', 'string'],
    ]);

    // Rows keep their own schema: collected rows round-trip into a DataFrame of the same types.
    const source = await spark.sql("SELECT 1 AS i, CAST(2.50 AS DECIMAL(4,2)) AS d, 'z' AS s");
    const again = await spark.createDataFrame(await source.collect());
    expect(await again.dtypes()).toEqual([
      ['i', 'int'],
      ['d', 'decimal(4,2)'],
      ['s', 'string'],
    ]);
    expect((await again.collect())[0].toArray()).toEqual([1, '2.50', 'z']);
  });

  it('takes a StructType, a DDL string or a single data type as the schema', async () => {
    const schema = new StructType([
      new StructField('id', new LongType(), false),
      new StructField('tags', new ArrayType(new StringType(), false)),
    ]);
    const df = await spark.createDataFrame([{ id: 1, tags: ['a'] }, [2, []]], schema);
    expect((await df.schema()).equals(schema)).toBe(true);
    expect((await df.collect()).map((r) => r.toArray())).toEqual([
      [1n, ['a']],
      [2n, []],
    ]);
    const ddl = await spark.createDataFrame([[1, 'x']], 'a INT NOT NULL, b STRING');
    expect((await ddl.schema()).toDDL()).toBe('a INT NOT NULL,b STRING');
    // char/varchar columns are strings in a DataFrame (as in Spark); interval sub-ranges are kept.
    const cv = await spark.createDataFrame(
      [['ab', 'xyz', 3_723_000_000n, 24, [120_000_000n]]],
      'c CHAR(3), v VARCHAR(5), h INTERVAL HOUR TO SECOND, y INTERVAL YEAR, a ARRAY<INTERVAL MINUTE>',
    );
    expect(await cv.dtypes()).toEqual([
      ['c', 'string'],
      ['v', 'string'],
      ['h', 'interval hour to second'],
      ['y', 'interval year'],
      ['a', 'array<interval minute>'],
    ]);
    expect((await cv.collect())[0].toArray()).toEqual(['ab', 'xyz', 3_723_000_000n, 24, [120_000_000n]]);
    const [shown] = await cv.selectExpr('CAST(h AS STRING) AS h', 'CAST(y AS STRING) AS y').collect();
    expect(shown.toObject()).toEqual({ h: "INTERVAL '01:02:03' HOUR TO SECOND", y: "INTERVAL '2' YEAR" });
    // A value finer than the type's last field would be truncated: refused instead.
    await expect(spark.createDataFrame([[90_000_000_000n]], 'd INTERVAL DAY')).rejects.toThrow(
      /column 'd' of type interval day takes bigint microseconds in whole days/,
    );
    await expect(spark.createDataFrame([[13]], 'y INTERVAL YEAR')).rejects.toThrow(/whole years/);
    const atomic = await spark.createDataFrame([1, 2, null], new IntegerType());
    expect(await atomic.dtypes()).toEqual([['value', 'int']]);
    expect((await atomic.collect()).map((r) => r.get('value'))).toEqual([1, 2, null]);
    const atomicString = await spark.createDataFrame(['2024-01-01'], 'date');
    expect((await atomicString.collect())[0].getDate('value')?.toISOString()).toBe(
      '2024-01-01T00:00:00.000Z',
    );
  });

  it('empty data needs a schema; with one it gives an empty DataFrame of that schema', async () => {
    const df = await spark.createDataFrame([], 'a INT, b STRING');
    expect(await df.count()).toBe(0);
    expect(await df.dtypes()).toEqual([
      ['a', 'int'],
      ['b', 'string'],
    ]);
    await expect(spark.createDataFrame([])).rejects.toThrow(/cannot infer a schema from empty data/);
  });

  it('takes an apache-arrow Table, re-encoding its columns with Spark types', async () => {
    const table = tableFromArrays({
      id: Int32Array.from([1, 2]),
      label: ['a', 'b'],
      small: Uint8Array.from([200, 7]),
      score: Float64Array.from([0.5, 1.5]),
    });
    const df = await spark.createDataFrame(table);
    expect(await df.dtypes()).toEqual([
      ['id', 'int'],
      ['label', 'string'],
      ['small', 'smallint'],
      ['score', 'double'],
    ]);
    expect((await df.orderBy('id').collect()).map((r) => r.toArray())).toEqual([
      [1, 'a', 200, 0.5],
      [2, 'b', 7, 1.5],
    ]);
    const renamed = await spark.createDataFrame(table, ['a', 'b', 'c', 'd']);
    expect(await renamed.columns()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('strings mixed with booleans and numbers make a string column, as in PySpark 4.3', async () => {
    // PySpark 4.3 on the same data: struct<c:string> ['1', 'apple', '2'].
    const mixed = await spark.createDataFrame([[1], ['apple'], [2]], ['c']);
    expect((await mixed.schema()).toDDL()).toBe('c STRING');
    expect((await mixed.collect()).map((r) => r.get('c'))).toEqual(['1', 'apple', '2']);
    // PySpark 4.3: struct<a:string,b:string> [('1','x'), ('y','z')]; array<string> ['1','a'].
    const objs = await spark.createDataFrame([
      { a: 1, b: 'x', l: [1, 'a'] },
      { a: 'y', b: 'z', l: [true] },
    ]);
    expect((await objs.schema()).toDDL()).toBe('a STRING,b STRING,l ARRAY<STRING>');
    expect((await objs.collect()).map((r) => r.toObject())).toEqual([
      { a: '1', b: 'x', l: ['1', 'a'] },
      { a: 'y', b: 'z', l: ['true'] },
    ]);
    // PySpark 4.3 with the schema 'c string': ['1', 'true', '1.5', None], and its float text.
    const given = await spark.createDataFrame([[1], [true], [1.5], [null], [1e-7], [Number.NaN]], 'c string');
    expect((await given.collect()).map((r) => r.get('c'))).toEqual([
      '1',
      'true',
      '1.5',
      null,
      '1e-07',
      'nan',
    ]);
  });

  it('rejects bad data with a TypeError before anything is sent', async () => {
    await expect(spark.createDataFrame([[1], [[1, 2]]], ['c'])).rejects.toThrow(
      /column 'c' mixes bigint and array<bigint> values/,
    );
    await expect(spark.createDataFrame([{ a: null }])).rejects.toThrow(
      /cannot determine the type of column 'a'/,
    );
    await expect(spark.createDataFrame([[1.5]], 'a INT')).rejects.toThrow(
      /Row 0: column 'a' of type int takes integers/,
    );
    await expect(spark.createDataFrame([[null]], 'a INT NOT NULL')).rejects.toThrow(
      /is not nullable but got null/,
    );
    await expect(spark.createDataFrame([{ a: 1, b: 2 }], 'a INT')).rejects.toThrow(
      /field 'b' that is not in the schema/,
    );
    await expect(spark.createDataFrame([[1]], ['x', 'y'])).rejects.toThrow(
      /2 column names given for 1 columns/,
    );
    await expect(spark.createDataFrame(spark.range(1) as never)).rejects.toThrow(
      /takes local data, not a DataFrame/,
    );
    await expect(spark.createDataFrame('abc' as never)).rejects.toThrow(TypeError);
    await expect(spark.createDataFrame([[1]], 'a INT,,')).rejects.toThrow(/Cannot parse/);
  });

  it('sends data above localRelationCacheThreshold through the artifact cache', async () => {
    const s2 = await newSession(url);
    try {
      await s2.conf.set('spark.sql.session.localRelationCacheThreshold', '1048576');
      const rows = Array.from({ length: 50_000 }, (_, i) => [i, `row ${i} ${'x'.repeat(40)}`]);
      const df = await s2.createDataFrame(rows, 'id BIGINT, text STRING');
      if (isSail(version)) {
        // Sail answers ArtifactStatus that it lacks it: the same data goes inline, exactly.
        expect(df.plan.kind).toBe('localRelation');
        const cache = s2.supportedFeatures().find((f) => f.name === 'localRelationCache');
        expect(cache?.supported).toBe(false);
        expect(cache?.serverAnswer).toContain('artifact statuses');
        recordSailResult(cache?.api ?? 'localRelationCache', 'lacks', cache?.serverAnswer);
        const [agg] = await df
          .selectExpr('count(*) AS n', 'sum(id) AS s', 'sum(length(text)) AS len')
          .collect();
        expect(agg.toObject()).toEqual({ n: 50_000n, s: 1_249_975_000n, len: 2_488_890n });
        return;
      }
      // Spark 4.1+ takes the data in chunks (10,000 rows each by default) and the schema apart.
      expect(df.plan.kind).toBe(cachedKind);
      const names = cachedArtifacts(df.plan);
      expect(names).toHaveLength(atLeast(version, 4, 1) ? 6 : 1);
      for (const n of names) expect(n).toMatch(/^cache\/[0-9a-f]{64}$/);
      expect([...(await artifactStatuses(s2.rpc, names)).values()]).toEqual(names.map(() => true));
      const [agg] = await df
        .selectExpr('count(*) AS n', 'sum(id) AS s', 'sum(length(text)) AS len')
        .collect();
      expect(agg.toObject()).toEqual({ n: 50_000n, s: 1_249_975_000n, len: 2_488_890n });
      // The same data again: already cached, the same hash.
      const again = await s2.createDataFrame(rows, 'id BIGINT, text STRING');
      expect(cachedArtifacts(again.plan)).toEqual(names);
      expect(await again.filter('id % 1000 = 0').count()).toBe(50);
      // Small data stays inline.
      expect((await s2.createDataFrame([[1, 'a']], 'id BIGINT, text STRING')).plan.kind).toBe(
        'localRelation',
      );
    } finally {
      await s2.stop();
    }
  });

  it('cached local relations belong to their session', async () => {
    const s2 = await newSession(url);
    try {
      await s2.conf.set('spark.sql.session.localRelationCacheThreshold', '1024');
      const df = await s2.createDataFrame(
        Array.from({ length: 500 }, (_, i) => [i]),
        'id INT',
      );
      if (isSail(version)) {
        // No artifact cache on Sail: the data is inline, so nothing is tied to a session's cache.
        expect(df.plan.kind).toBe('localRelation');
        expect(await spark.range(1).fromNode(df.plan).count()).toBe(500);
        return;
      }
      expect(df.plan.kind).toBe(cachedKind);
      // The same plan in another session refers to an artifact that session does not have.
      const foreign = spark.range(1).fromNode(df.plan);
      await expect(foreign.count()).rejects.toThrow(SparkConnectError);
      expect(await df.count()).toBe(500);
    } finally {
      await s2.stop();
    }
  });

  it('a view over local data is queryable with SQL', async () => {
    await (
      await spark.createDataFrame([
        { k: 'a', v: 1 },
        { k: 'b', v: 2 },
      ])
    ).createOrReplaceTempView('local_kv');
    const [r] = await (await spark.sql('SELECT sum(v) AS s, max(k) AS k FROM local_kv')).collect();
    expect(r.toObject()).toEqual({ s: 3n, k: 'b' });
    // Sail analyses lazily: the error comes with the first action.
    const missing = isSail(version)
      ? spark.sql('SELECT * FROM local_kv_missing').then((df) => df.collect())
      : spark.sql('SELECT * FROM local_kv_missing');
    await expect(missing).rejects.toBeInstanceOf(AnalysisException);
  });
});
