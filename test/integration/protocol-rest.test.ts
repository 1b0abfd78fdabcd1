/**
 * The rest of the protocol on real servers: GetStatus (4.2+), as-of joins (4.0+) and releasing
 * checkpointed relations (4.0+).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  CalendarInterval,
  col,
  functions as F,
  LocalTime,
  lit,
  Observation,
  type SparkSession,
  SparkTimestampNanos,
  SparkTimestampNTZNanos,
  typed,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { atLeast, errorOf, newSession, serverMatrix } from '../support/matrix.js';
import { sailIt } from '../support/sail.js';

describe.each(serverMatrix({ sail: true }))('protocol extras on Spark %s', (version, url) => {
  const test = sailIt(version, 'protocol extras');
  let spark: SparkSession;
  beforeAll(async () => {
    spark = await newSession(url);
  });
  afterAll(async () => {
    await spark?.stop();
  });

  test('operationStatuses(): the states of finished, failed and unknown operations (4.2+)', async () => {
    if (!atLeast(version, 4, 2)) {
      const e = await errorOf(spark.operationStatuses());
      expect(e).toBeInstanceOf(UnsupportedServerVersionError);
      expect(e.message).toMatch(/Spark 4\.2/);
      return;
    }
    const ok = randomUUID();
    const bad = randomUUID();
    const unknown = randomUUID();
    expect(await spark.range(5).count({ operationId: ok })).toBe(5);
    await expect(
      spark
        .range(1)
        .select(F.raise_error(lit('boom')))
        .collect({ operationId: bad }),
    ).rejects.toThrow(/boom/);
    // The failed operation may still be 'terminating' while the server cleans it up: wait for
    // the end of that (bounded: a hang fails the test).
    let statuses = await spark.operationStatuses([ok, bad, unknown]);
    for (let i = 0; i < 100 && statuses.some((s) => s.state === 'terminating'); i++) {
      await new Promise((r) => setTimeout(r, 200));
      statuses = await spark.operationStatuses([ok, bad, unknown]);
    }
    const byId = new Map(statuses.map((s) => [s.operationId, s.state]));
    expect(byId.get(ok)).toBe('succeeded');
    expect(byId.get(bad)).toBe('failed');
    expect(byId.get(unknown) ?? 'unknown').toBe('unknown');
    const all = await spark.operationStatuses();
    expect(all.map((s) => s.operationId)).toEqual(expect.arrayContaining([ok, bad]));
  });

  test('joinAsOf(): backward, forward and nearest matches with on, tolerance and exact matches (4.0+)', async () => {
    const trades = await spark.createDataFrame(
      [
        ['a', 1, 10],
        ['a', 5, 11],
        ['b', 3, 12],
        ['a', 9, 13],
      ],
      't_ticker STRING, t INT, trade INT',
    );
    const quotes = await spark.createDataFrame(
      [
        ['a', 0, 100],
        ['a', 5, 105],
        ['b', 4, 204],
        ['a', 7, 107],
      ],
      'ticker STRING, q INT, quote INT',
    );
    const run = async (df: ReturnType<typeof trades.joinAsOf>) =>
      (await df.orderBy('trade').collect()).map((r) => [r.get('trade'), r.get('quote')]);
    const on = trades.col('t_ticker').eq(quotes.col('ticker'));
    if (!atLeast(version, 4, 0)) {
      expect(() => trades.joinAsOf(quotes, 't', 'q', { on })).toThrow(UnsupportedServerVersionError);
      return;
    }
    expect(await run(trades.joinAsOf(quotes, 't', 'q', { on }))).toEqual([
      [10, 100],
      [11, 105],
      [13, 107],
    ]);
    expect(
      await run(trades.joinAsOf(quotes, 't', 'q', { on, how: 'left', allowExactMatches: false })),
    ).toEqual([
      [10, 100],
      [11, 100],
      [12, null],
      [13, 107],
    ]);
    expect(await run(trades.joinAsOf(quotes, 't', 'q', { on, direction: 'forward' }))).toEqual([
      [10, 105],
      [11, 105],
      [12, 204],
    ]);
    expect(
      await run(
        trades.joinAsOf(quotes, col('t'), col('q'), {
          on,
          direction: 'nearest',
          tolerance: lit(1),
          how: 'left',
        }),
      ),
    ).toEqual([
      [10, 100],
      [11, 105],
      [12, 204],
      [13, null],
    ]);
    // on as column names: both sides need the column.
    const q2 = quotes.withColumnRenamed('ticker', 't_ticker');
    expect(await run(trades.joinAsOf(q2, 't', 'q', { on: 't_ticker' }))).toEqual([
      [10, 100],
      [11, 105],
      [13, 107],
    ]);
    expect(() => trades.joinAsOf(quotes, 't', 'q', { direction: 'sideways' })).toThrow(/direction/);
  });

  test('release() frees a checkpointed relation on the server (4.0+)', async () => {
    if (!atLeast(version, 4, 0)) return;
    const cp = await spark.range(100).filter(col('id').mod(3).eq(0)).localCheckpoint();
    const derived = cp.select(col('id').multiply(2).alias('x'));
    expect(await derived.count()).toBe(34);
    await cp.release();
    await cp.release(); // idempotent
    // The server no longer knows the relation (4.1: INTERNAL_ERROR; 4.2+: DATAFRAME_NOT_FOUND).
    const id = cp.plan.kind === 'cachedRemoteRelation' ? cp.plan.relationId : 'none';
    const e = await errorOf(derived.count());
    expect(e.message).toContain(`No DataFrame with id ${id}`);
    const kept = await (async () => {
      await using cp2 = await spark.range(10).localCheckpoint();
      expect(await cp2.count()).toBe(10);
      return cp2;
    })();
    const keptId = kept.plan.kind === 'cachedRemoteRelation' ? kept.plan.relationId : 'none';
    expect((await errorOf(kept.count())).message).toContain(`No DataFrame with id ${keptId}`);
    await expect(spark.range(1).release()).rejects.toThrow(/checkpoint/);
  });

  test('lit() of every value the client returns: TIME, intervals; nanosecond timestamps in observed metrics', async () => {
    const interval = new CalendarInterval(14, 3, 3_600_000_001n);
    const ansi = spark
      .range(1)
      .select(
        lit(typed.yearMonthInterval(14)).alias('ym'),
        lit(typed.dayTimeInterval(90_000_000n)).alias('dt'),
      );
    const [r] = await ansi.collect();
    expect([r.get('ym'), r.get('dt')]).toEqual([14, 90_000_000n]);
    const withCalendar = ansi.select(lit(interval).alias('ci'), '*');
    const types = (await withCalendar.schema()).fields.map((f) => f.dataType.simpleString());
    expect(types).toEqual(['interval', 'interval year to month', 'interval day to second']);
    if (atLeast(version, 4, 0)) {
      const [c] = await withCalendar.collect();
      expect((c.get('ci') as CalendarInterval).equals(interval)).toBe(true);
    } else {
      // Spark 3.5 cannot put a CalendarIntervalType column into Arrow (PySpark fails the same way).
      const err = await errorOf(withCalendar.collect());
      expect(err.message).toMatch(/UNSUPPORTED_DATATYPE.*INTERVAL/);
    }
    expect(() => lit(LocalTime.of(1, 2, 3, 1))).toThrow(/microsecond/);
    const t = LocalTime.of(13, 45, 30, 123_456_000);
    if (!atLeast(version, 4, 1)) {
      // No TIME type before 4.1: the client says so before sending (the server would drop the field).
      const err = await errorOf(
        spark
          .range(1)
          .select(lit([t]).alias('t'))
          .collect(),
      );
      expect(err).toBeInstanceOf(UnsupportedServerVersionError);
      expect(err.message).toContain('F.lit of a LocalTime');
      return;
    }
    const timeRow = (s: SparkSession) => s.range(1).select(lit(t).alias('t')).collect();
    // 4.1-4.3 keep the TIME type behind spark.sql.timeType.enabled (off by default): the server's own error.
    const off = await errorOf(timeRow(spark));
    expect(off.errorClass).toBe('UNSUPPORTED_TIME_TYPE');
    const ts = await newSession(url);
    try {
      await ts.conf.set('spark.sql.timeType.enabled', true);
      const [row] = await timeRow(ts);
      expect(row.getTime('t')?.toString()).toBe('13:45:30.123456');
      expect((await ts.range(1).select(lit(t).alias('t')).schema()).fields[0].dataType.simpleString()).toBe(
        'time(6)',
      );
      // A TIME read from Spark filters its own row.
      const times = await ts.sql("SELECT * FROM VALUES (TIME'13:45:30.123456'), (TIME'01:02:03') AS v(t)");
      expect(await times.filter(col('t').eq(lit(t))).count()).toBe(1);
    } finally {
      await ts.stop();
    }
    if (!atLeast(version, 4, 3)) return;
    const s = await newSession(url);
    try {
      await s.conf.set('spark.sql.timestampNanosTypes.enabled', 'true');
      const obs = new Observation('nanos');
      const src = await s.sql(`SELECT CAST('2024-01-01 00:00:00.123456789' AS TIMESTAMP_NTZ(9)) AS a,
        CAST('2024-01-01 00:00:00.987654321' AS TIMESTAMP_LTZ(9)) AS b`);
      await src.observe(obs, F.max('a').alias('ma'), F.max('b').alias('mb')).collect();
      const m = obs.get();
      expect(m.ma).toBeInstanceOf(SparkTimestampNTZNanos);
      expect((m.ma as SparkTimestampNTZNanos).epochNanos).toBe(1_704_067_200_123_456_789n);
      expect(m.mb).toBeInstanceOf(SparkTimestampNanos);
      expect((m.mb as SparkTimestampNanos).nanosOfMicrosecond).toBe(321);
    } finally {
      await s.stop();
    }
  });
});
