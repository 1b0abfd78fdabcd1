/** Every type the server can send, decoded exactly (intervals, time, variant, odd shapes). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarInterval, LocalTime, type Row, type SparkSession, VariantValue } from '../../src/index.js';
import { atLeast, isSail, newSession, serverMatrix } from '../support/matrix.js';

describe.each(serverMatrix({ sail: true }))('every server type from Spark %s', (version, url) => {
  let spark: SparkSession;
  beforeAll(async () => {
    spark = await newSession(url);
  });
  afterAll(async () => {
    await spark?.stop();
  });

  it('intervals: day-time as bigint microseconds, year-month as months, calendar as an object', async () => {
    const [r] = await (
      await spark.sql(
        `SELECT INTERVAL '-1 01:01:01.000001' DAY TO SECOND AS dt, INTERVAL '1-2' YEAR TO MONTH AS ym`,
      )
    ).collect();
    expect(r.getDayTimeInterval('dt')).toBe(-(86_400_000_000n + 3_661_000_001n));
    expect(r.getYearMonthInterval('ym')).toBe(14);
    const calendar = spark
      .sql('SELECT make_interval(1, 2, 0, 3, 4, 5, 6.000007) AS cal')
      .then((df) => df.collect());
    if (!atLeast(version, 4, 0)) {
      // Spark 3.5 cannot put calendar intervals into Arrow results.
      await expect(calendar).rejects.toThrow(/UNSUPPORTED_DATATYPE/);
      return;
    }
    const cal = (await calendar)[0].getCalendarInterval('cal');
    expect(cal).toBeInstanceOf(CalendarInterval);
    expect(cal?.months).toBe(14);
    expect(cal?.days).toBe(3);
    expect(cal?.microseconds).toBe(4n * 3_600_000_000n + 5n * 60_000_000n + 6_000_007n);
  });

  it('decimal(38, s) is exact at both ends, duplicate struct names map by position', async () => {
    const [r] = await (
      await spark.sql(`SELECT CAST('-99999999999999999999999999999999999999' AS DECIMAL(38,0)) AS lo,
        CAST('9999999999999999999.9999999999999999999' AS DECIMAL(38,19)) AS hi,
        named_struct('a', 1, 'a', 'two') AS dup, map('k', CAST(NULL AS STRING)) AS m`)
    ).collect();
    expect(r.getDecimal('lo')).toBe('-99999999999999999999999999999999999999');
    expect(r.getDecimal('hi')).toBe('9999999999999999999.9999999999999999999');
    const dup = r.get('dup') as Row;
    expect(dup.get(0)).toBe(1);
    expect(dup.get(1)).toBe('two');
    expect(r.get('m')).toEqual(new Map([['k', null]]));
  });

  it('large string / binary Arrow variants decode the same', async () => {
    const s = await newSession(url);
    try {
      await s.conf.set('spark.sql.execution.arrow.useLargeVarTypes', true);
      const [r] = await (await s.sql(`SELECT 'héllo' AS s, X'CAFE' AS b, array('x', NULL) AS a`)).collect();
      expect(r.get('s')).toBe('héllo');
      expect(Array.from(r.get('b') as Uint8Array)).toEqual([0xca, 0xfe]);
      expect(r.get('a')).toEqual(['x', null]);
    } finally {
      await s.stop();
    }
  });

  it('variant values (4.0+) give their JSON', async () => {
    const q = spark.sql(`SELECT parse_json('{"a":1,"b":[true,null,"x"],"c":12345678901234567890}') AS v`);
    if (!atLeast(version, 4, 0)) {
      await expect(q).rejects.toThrow(/parse_json/);
      return;
    }
    const [r] = await (await q).collect();
    const v = r.getVariant('v');
    expect(v).toBeInstanceOf(VariantValue);
    // Spark keeps a number beyond int64 as a decimal (read back exactly, as a string); Sail
    // stores it as a double, so the client reads the double Sail sent.
    const c = isSail(version) ? Number('12345678901234567890') : '12345678901234567890';
    expect(v?.toJSON()).toEqual({ a: 1, b: [true, null, 'x'], c });
  });

  it('time values (4.1+) keep microseconds', async () => {
    if (!atLeast(version, 4, 1)) {
      await expect(spark.sql(`SELECT TIME'12:34:56.123456' AS t`)).rejects.toThrow();
      return;
    }
    const s = await newSession(url);
    // The TIME type is behind a flag on 4.1 / 4.3 (UNSUPPORTED_TIME_TYPE otherwise).
    await s.conf.set('spark.sql.timeType.enabled', true);
    const [r] = await (await s.sql(`SELECT TIME'12:34:56.123456' AS t`)).collect();
    await s.stop();
    const t = r.getTime('t');
    expect(t).toBeInstanceOf(LocalTime);
    expect(t?.toString()).toBe('12:34:56.123456');
  });
});
