/**
 * Spark 4.3 nanosecond timestamps: timestamp_ntz(p) / timestamp_ltz(p), 7 ≤ p ≤ 9, enabled on a
 * 4.3 server with spark.sql.timestampNanosTypes.enabled=true. Older servers and 4.3 without the
 * conf answer with their own typed errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  col,
  lit,
  ParseException,
  SparkException,
  SparkSession,
  type SparkTimestamp,
  SparkTimestampNanos,
  type SparkTimestampNTZ,
  SparkTimestampNTZNanos,
  StructField,
  StructType,
  TimestampNTZNanosType,
} from '../../src/index.js';
import { atLeast, errorOf, expectUnsupportedOn, newSession, serverMatrix } from '../support/matrix.js';

const NTZ9 = "CAST('2024-01-01 00:00:00.123456789' AS TIMESTAMP_NTZ(9))";
const VALUES_SQL = `SELECT ${NTZ9} AS a,
  CAST('1969-12-31 23:59:59.123456789' AS TIMESTAMP_NTZ(7)) AS b,
  CAST('2024-01-01 00:00:00.123456789' AS TIMESTAMP_LTZ(9)) AS c,
  CAST(NULL AS TIMESTAMP_LTZ(8)) AS d`;

describe.each(serverMatrix({ sail: true }))('nanosecond timestamps on Spark %s', (version, url) => {
  const is43 = atLeast(version, 4, 3);
  it('without the conf: FEATURE_NOT_ENABLED on 4.3 (conf.set enables it), ParseException UNSUPPORTED_DATATYPE before 4.3', async () => {
    const s = await newSession(url);
    try {
      const query = () => s.sql(`SELECT ${NTZ9} AS a`).then((df) => df.collect());
      // Sail parses the type but cannot cast to it.
      if (await expectUnsupportedOn(version, 'TIMESTAMP_NTZ(9)', query, 'cast Timestamp')) return;
      const err = await errorOf(query());
      if (!is43) {
        expect(err).toBeInstanceOf(ParseException);
        expect(err.errorClass).toBe('UNSUPPORTED_DATATYPE');
        expect(err.message).toContain('TIMESTAMP_NTZ(9)');
        return;
      }
      expect(err).toBeInstanceOf(SparkException);
      expect(err.errorClass).toBe('FEATURE_NOT_ENABLED');
      expect(err.sqlState).toBe('56038');
      expect(err.message).toContain('spark.sql.timestampNanosTypes.enabled');
      await s.conf.set('spark.sql.timestampNanosTypes.enabled', 'true');
      const [r] = await (await s.sql(`SELECT ${NTZ9} AS a`)).collect();
      expect(r.getTimestampNanos('a')).toBe(1_704_067_200_123_456_789n);
    } finally {
      await s.stop();
    }
  });
});

describe.each(serverMatrix({ sail: true }))(
  'timestamp values read back as literals on Spark %s',
  (_version, url) => {
    it('a timestamp / timestamp_ntz read from Spark filters its own row: microseconds and kind are kept', async () => {
      const s = await newSession(url);
      try {
        const df = await s.sql(`SELECT * FROM VALUES
        (1, TIMESTAMP_MICROS(1700000000123456), CAST('2024-01-01 00:00:00.654321' AS TIMESTAMP_NTZ)),
        (2, TIMESTAMP_MICROS(1700000000123457), CAST('2024-01-01 00:00:00.654322' AS TIMESTAMP_NTZ))
        AS t(id, ts, ntz)`);
        const [first] = await df.orderBy('id').collect();
        const ts = first.get('ts') as SparkTimestamp;
        const ntz = first.get('ntz') as SparkTimestampNTZ;
        const byTs = await df.filter(col('ts').eq(ts)).select('id').collect();
        expect(byTs.map((r) => r.get('id'))).toEqual([1]);
        const byNtz = await df.filter(col('ntz').eq(ntz)).select('id').collect();
        expect(byNtz.map((r) => r.get('id'))).toEqual([1]);
        // The NTZ value goes back as TIMESTAMP_NTZ (no time-zone shift, no cast to timestamp).
        const [r] = await df.select(col('ntz').eq(ntz).alias('same'), lit(ntz).alias('v')).limit(1).collect();
        expect(r.getBoolean('same')).toBe(true);
        expect((await df.select(lit(ntz).alias('v')).schema()).simpleString()).toBe(
          'struct<v:timestamp_ntz>',
        );
      } finally {
        await s.stop();
      }
    });
  },
);

describe.each(serverMatrix({ sail: true }).filter(([v]) => atLeast(v, 4, 3)))(
  'nanosecond timestamps enabled on Spark %s',
  (_version, url) => {
    let spark: SparkSession;
    beforeAll(async () => {
      spark = await SparkSession.builder()
        .remote(url)
        .config('spark.sql.ansi.enabled', 'true')
        .config('spark.sql.timestampNanosTypes.enabled', 'true')
        .config('spark.sql.session.timeZone', 'America/Los_Angeles')
        .create();
    });
    afterAll(async () => {
      await spark?.stop();
    });

    it('schema strings are exactly Spark’s', async () => {
      const schema = await (await spark.sql(VALUES_SQL)).schema();
      expect(schema.simpleString()).toBe(
        'struct<a:timestamp_ntz(9),b:timestamp_ntz(7),c:timestamp_ltz(9),d:timestamp_ltz(8)>',
      );
      expect(schema.toDDL()).toBe(
        'a TIMESTAMP_NTZ(9),b TIMESTAMP_NTZ(7),c TIMESTAMP_LTZ(9),d TIMESTAMP_LTZ(8)',
      );
      expect(schema.fields[0].dataType.json()).toBe('"timestamp_ntz(9)"');
      const [t] = await (await spark.sql(`SELECT typeof(${NTZ9}) AS t`)).collect();
      expect(t.get('t')).toBe(schema.fields[0].dataType.simpleString());
    });

    it('values round-trip exactly: precision 9 and 7, before 1970, null, ltz in the session zone', async () => {
      const [r] = await (await spark.sql(VALUES_SQL)).collect();
      expect(r.get('a')).toBeInstanceOf(SparkTimestampNTZNanos);
      expect(r.getTimestampNanos('a')).toBe(1_704_067_200_123_456_789n);
      expect(r.getTimestampNanos('b')).toBe(-876_543_300n);
      expect(r.get('c')).toBeInstanceOf(SparkTimestampNanos);
      // 2024-01-01 00:00 in America/Los_Angeles is 08:00 UTC.
      expect(r.getTimestampNanos('c')).toBe(1_704_096_000_123_456_789n);
      expect(r.getTimestampNanos('d')).toBeNull();
      expect(r.getTimestampMicros('a')).toBe(1_704_067_200_123_456n);
      expect(r.getTimestamp('c')?.toISOString()).toBe('2024-01-01T08:00:00.123Z');
      expect(r.toJSON()).toEqual({
        a: '2024-01-01T00:00:00.123456789',
        b: '1969-12-31T23:59:59.123456700',
        c: '2024-01-01T08:00:00.123456789Z',
        d: null,
      });
    });

    it('nested in arrays and structs, and compared on the server', async () => {
      const [r] = await (
        await spark.sql(`SELECT array(${NTZ9}, NULL) AS arr, named_struct('t', ${NTZ9}) AS st,
          ${NTZ9} = CAST('2024-01-01 00:00:00.123456788' AS TIMESTAMP_NTZ(9)) AS same`)
      ).collect();
      const arr = r.getArray('arr') as (SparkTimestampNTZNanos | null)[];
      expect(arr.map((x) => x?.epochNanos ?? null)).toEqual([1_704_067_200_123_456_789n, null]);
      expect(r.getStruct('st')?.getTimestampNanos('t')).toBe(1_704_067_200_123_456_789n);
      expect(r.getBoolean('same')).toBe(false);
    });

    it('literals with nine fraction digits become timestamp_ltz(9) / timestamp_ntz(9)', async () => {
      const df = await spark.sql(
        "SELECT TIMESTAMP '2024-01-01 00:00:00.123456789' AS l, TIMESTAMP_NTZ '2024-01-01 00:00:00.123456789' AS n",
      );
      expect((await df.schema()).simpleString()).toBe('struct<l:timestamp_ltz(9),n:timestamp_ntz(9)>');
      const [r] = await df.collect();
      expect(r.getTimestampNanos('l')).toBe(1_704_096_000_123_456_789n);
      expect(r.getTimestampNanos('n')).toBe(1_704_067_200_123_456_789n);
    });

    it('a nanosecond value read back is sent as a nanosecond literal and matches exactly', async () => {
      const df = await spark.sql(`SELECT * FROM VALUES (1, ${NTZ9}),
        (2, CAST('2024-01-01 00:00:00.123456788' AS TIMESTAMP_NTZ(9))) AS t(id, t)`);
      const [first] = await df.orderBy('id').collect();
      const v = first.get('t') as SparkTimestampNTZNanos;
      expect(v).toBeInstanceOf(SparkTimestampNTZNanos);
      const hit = await df.filter(col('t').eq(v)).select('id').collect();
      expect(hit.map((r) => r.get('id'))).toEqual([1]);
      expect((await df.select(lit(v).alias('v')).schema()).simpleString()).toBe('struct<v:timestamp_ntz(9)>');
    });

    it('Column.cast to the model type (sent as proto) and to its DDL string', async () => {
      const df = (await spark.sql("SELECT '2024-01-01 00:00:00.123456789' AS s")).select(
        col('s').cast(new TimestampNTZNanosType(8)).alias('x'),
        col('s').cast('timestamp_ltz(9)').alias('y'),
      );
      expect((await df.schema()).simpleString()).toBe('struct<x:timestamp_ntz(8),y:timestamp_ltz(9)>');
      const [r] = await df.collect();
      expect(r.getTimestampNanos('x')).toBe(1_704_067_200_123_456_780n);
      expect(r.getTimestampNanos('y')).toBe(1_704_096_000_123_456_789n);
    });

    it('createDataFrame with a nanosecond schema is a TypeError naming the type', async () => {
      const schema = new StructType([new StructField('t', new TimestampNTZNanosType(9))]);
      await expect(
        spark.createDataFrame([[SparkTimestampNTZNanos.fromEpochNanos(1n)]], schema),
      ).rejects.toThrow(/timestamp_ntz\(9\).*not supported/);
    });
  },
);
