import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Row, type SparkSession } from '../../src/index.js';
import { newSession, serverMatrix } from '../support/matrix.js';

describe.each(serverMatrix({ sail: true }))('exact values from Spark %s', (_version, url) => {
  let spark: SparkSession;
  beforeAll(async () => {
    spark = await newSession(url);
    await spark.conf.set('spark.sql.session.timeZone', 'America/Los_Angeles');
  });
  afterAll(async () => {
    await spark?.stop();
  });

  it('maps every scalar type exactly', async () => {
    const df = await spark.sql(`SELECT
      true AS bool, CAST(-128 AS TINYINT) AS byte, CAST(32767 AS SMALLINT) AS short, 2147483647 AS int,
      9223372036854775807 AS long, CAST(1.5 AS FLOAT) AS float, CAST('NaN' AS DOUBLE) AS nan,
      CAST('-Infinity' AS DOUBLE) AS ninf, CAST('12.30' AS DECIMAL(5,2)) AS dec,
      CAST('99999999999999999999999999999999999999' AS DECIMAL(38,0)) AS dmax,
      CAST('-0.000000000000000001' AS DECIMAL(38,18)) AS dsmall,
      'héllo ✓' AS str, X'00FF10' AS bin, DATE'1969-12-31' AS date,
      TIMESTAMP'2024-03-10 01:59:59.123456' AS ts,
      TIMESTAMP_NTZ'2024-03-10 02:30:00.000001' AS ntz,
      CAST(NULL AS INT) AS nul`);
    const [r] = await df.collect();
    expect(r.getBoolean('bool')).toBe(true);
    expect(r.getInt('byte')).toBe(-128);
    expect(r.getInt('short')).toBe(32767);
    expect(r.getInt('int')).toBe(2147483647);
    expect(r.getLong('long')).toBe(9223372036854775807n);
    expect(r.getFloat('float')).toBe(1.5);
    expect(Number.isNaN(r.getDouble('nan'))).toBe(true);
    expect(r.getDouble('ninf')).toBe(Number.NEGATIVE_INFINITY);
    expect(r.getDecimal('dec')).toBe('12.30');
    expect(r.getDecimal('dmax')).toBe('99999999999999999999999999999999999999');
    expect(r.getDecimal('dsmall')).toBe('-0.000000000000000001');
    expect(r.getString('str')).toBe('héllo ✓');
    expect(Array.from(r.get('bin') as Uint8Array)).toEqual([0, 255, 16]);
    expect(r.getDate('date')?.toISOString()).toBe('1969-12-31T00:00:00.000Z');
    // 01:59:59.123456 in Los Angeles (PST, UTC-8) is 09:59:59.123456 UTC.
    expect(r.getTimestamp('ts')?.toISOString()).toBe('2024-03-10T09:59:59.123Z');
    expect(r.getTimestampMicros('ts')).toBe(1710064799123456n);
    expect((r.get('ntz') as Date).toISOString()).toBe('2024-03-10T02:30:00.000Z');
    expect((r.getTimestampMicros('ntz') ?? 0n) % 1_000_000n).toBe(1n);
    expect(r.isNullAt('nul')).toBe(true);
    expect(r.get('nul')).toBeNull();
  });

  it('maps arrays, maps and structs, with nulls at every level', async () => {
    const [r] = await (
      await spark.sql(`SELECT array(1, NULL, 3) AS arr, map('a', 1, 'b', NULL) AS m,
        named_struct('x', 1, 'y', named_struct('z', 'deep')) AS st, array(array('p'), NULL) AS nested,
        CAST(NULL AS ARRAY<INT>) AS nularr`)
    ).collect();
    expect(r.get('arr')).toEqual([1, null, 3]);
    expect(r.get('m')).toEqual(
      new Map<string, number | null>([
        ['a', 1],
        ['b', null],
      ]),
    );
    const st = r.get('st') as Row;
    expect(st).toBeInstanceOf(Row);
    expect(st.get('x')).toBe(1);
    expect((st.get('y') as Row).get('z')).toBe('deep');
    expect(r.get('nested')).toEqual([['p'], null]);
    expect(r.get('nularr')).toBeNull();
    expect(r.toObject()).toEqual({
      arr: [1, null, 3],
      m: new Map<string, number | null>([
        ['a', 1],
        ['b', null],
      ]),
      st: { x: 1, y: { z: 'deep' } },
      nested: [['p'], null],
      nularr: null,
    });
  });

  it('Row getters check bounds and types, toJSON is JSON-safe', async () => {
    const [r] = await (
      await spark.sql(
        `SELECT 'x' AS name, 9007199254740993 AS big, 5L AS small, X'6869' AS bin, DATE'2020-01-02' AS d`,
      )
    ).collect();
    expect(r.length).toBe(5);
    expect(r.fieldIndex('big')).toBe(1);
    expect(r.schema.fieldNames()).toEqual(['name', 'big', 'small', 'bin', 'd']);
    expect(() => r.get(5)).toThrow(RangeError);
    expect(() => r.getInt('name')).toThrow(TypeError);
    expect(() => r.getInt('name')).toThrow(/name/);
    expect(() => r.get('nope')).toThrow(/nope/);
    expect(JSON.parse(JSON.stringify(r.toJSON()))).toEqual({
      name: 'x',
      big: '9007199254740993',
      small: 5,
      bin: 'aGk=',
      d: '2020-01-02',
    });
  });
});
