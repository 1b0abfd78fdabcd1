/**
 * Dates, timestamps, times and intervals built from fields or epoch numbers; time windows; time
 * zone conversion. Names, argument orders and defaults are PySpark's; arguments are converted as
 * in args.ts.
 */
import { Column } from '../column/column.js';
import { typed } from '../column/literal.js';
import { type ColumnOrName, call, describeArg } from './args.js';
import { colFn, named } from './shapes.js';

/** The field arguments of `make_timestamp` and its variants, in order. */
export type TimestampFields = [
  years: ColumnOrName,
  months: ColumnOrName,
  days: ColumnOrName,
  hours: ColumnOrName,
  mins: ColumnOrName,
  secs: ColumnOrName,
];
/** The fields and an optional time zone. */
type TimestampFieldsTz = [...TimestampFields, timezone?: ColumnOrName];
const TIMESTAMP_FIELDS = ['years', 'months', 'days', 'hours', 'mins', 'secs'] as const;

/** `name(years, months, days, hours, mins, secs, timezone?)`: the `make_timestamp_ltz` pair. */
function timestampLtzFn(name: string): (...fields: TimestampFieldsTz) => Column {
  return named(name, (...fields: TimestampFieldsTz) => {
    const c = call(name);
    TIMESTAMP_FIELDS.forEach((f, i) => {
      c.col(f, fields[i] as ColumnOrName);
    });
    return c.optCol('timezone', fields[6]).build();
  });
}

/**
 * A date from year, month and day columns. Spark SQL `make_date`.
 *
 * @example F.make_date('year', 'month', 'day')
 */
export function make_date(year: ColumnOrName, month: ColumnOrName, day: ColumnOrName): Column {
  return call('make_date').col('year', year).col('month', month).col('day', day).build();
}

/**
 * A time of day (Spark 4.1+). Spark SQL `make_time`.
 *
 * @example F.make_time('hour', 'minute', 'second')
 */
export function make_time(hour: ColumnOrName, minute: ColumnOrName, second: ColumnOrName): Column {
  return call('make_time').col('hour', hour).col('minute', minute).col('second', second).build();
}

/**
 * A timestamp (with local time zone) from fields. Spark SQL `make_timestamp_ltz`.
 *
 * @example F.make_timestamp_ltz('years', 'months', 'days', 'hours', 'mins', 'secs')
 */
export const make_timestamp_ltz = timestampLtzFn('make_timestamp_ltz');

/**
 * A session window of a timestamp column with a gap duration ('10 minutes') or a gap column. Spark
 * SQL `session_window`.
 *
 * @example df.groupBy(F.session_window('ts', '5 minutes')).count()
 */
export function session_window(timeColumn: ColumnOrName, gapDuration: string | Column): Column {
  return call('session_window').col('timeColumn', timeColumn).str('gapDuration', gapDuration).build();
}

/**
 * Like `make_timestamp_ltz`, null instead of an error. Spark SQL `try_make_timestamp_ltz`.
 *
 * @example F.try_make_timestamp_ltz('years', 'months', 'days', 'hours', 'mins', 'secs')
 */
export const try_make_timestamp_ltz = timestampLtzFn('try_make_timestamp_ltz');

/**
 * The event time (end - 1 microsecond) of a time window column. Spark SQL `window_time`.
 *
 * @example F.window_time('windowColumn')
 */
export function window_time(windowColumn: ColumnOrName): Column {
  return call('window_time').col('windowColumn', windowColumn).build();
}

/**
 * Converts a timestamp without time zone from `sourceTz` (default: the session time zone) to
 * `targetTz`. The time zones are columns, as in PySpark. Spark SQL `convert_timezone`.
 *
 * @example F.convert_timezone(F.lit('UTC'), F.lit('Asia/Tokyo'), 'ts')
 */
export function convert_timezone(
  sourceTz: Column | null | undefined,
  targetTz: Column,
  sourceTs: ColumnOrName,
): Column {
  const c = call('convert_timezone');
  if (sourceTz !== null && sourceTz !== undefined) c.col('sourceTz', sourceTz);
  return c.col('targetTz', targetTz).col('sourceTs', sourceTs).build();
}

/** The `date` / `time` form of `make_timestamp` and its variants (Spark 4.1+). */
export interface MakeTimestampFromDateTime {
  date: ColumnOrName;
  time: ColumnOrName;
  timezone?: ColumnOrName;
}

type MakeTimestampArgs = [
  yearsOrParts: ColumnOrName | MakeTimestampFromDateTime,
  months?: ColumnOrName,
  days?: ColumnOrName,
  hours?: ColumnOrName,
  mins?: ColumnOrName,
  secs?: ColumnOrName,
  timezone?: ColumnOrName,
];

function makeTimestamp(name: string, withTimezone: boolean, args: MakeTimestampArgs): Column {
  const [first, ...rest] = args;
  const c = call(name);
  if (first !== null && typeof first === 'object' && !(first instanceof Column)) {
    if (rest.some((a) => a !== undefined)) {
      throw new TypeError(`${name}(): give either years..secs or { date, time }, not both`);
    }
    const { date, time, timezone } = first;
    c.col('date', date).col('time', time);
    if (timezone !== undefined) {
      if (!withTimezone) throw new TypeError(`${name}(): takes no timezone`);
      c.col('timezone', timezone);
    }
    return c.build();
  }
  const fields = [first, ...rest.slice(0, 5)];
  TIMESTAMP_FIELDS.forEach((n, i) => {
    const f = fields[i];
    if (f === undefined || f === null) throw new TypeError(`${name}(): '${n}' is required`);
    c.col(n, f);
  });
  const tz = rest[5];
  if (tz !== undefined) {
    if (!withTimezone) throw new TypeError(`${name}(): takes no timezone`);
    c.col('timezone', tz);
  }
  return c.build();
}

/**
 * The forms of `make_timestamp` and `try_make_timestamp`: fields with an optional time zone, or
 * (Spark 4.1+) `{ date, time, timezone? }`.
 *
 * @example const f: MakeTimestampFunction = F.make_timestamp; f({ date: 'd', time: 't' });
 */
export interface MakeTimestampFunction {
  (...fields: TimestampFieldsTz): Column;
  (parts: MakeTimestampFromDateTime): Column;
}

/**
 * The forms of `make_timestamp_ntz` and `try_make_timestamp_ntz`: fields, or (Spark 4.1+)
 * `{ date, time }`.
 *
 * @example const f: MakeTimestampNtzFunction = F.make_timestamp_ntz; f('y', 'mo', 'd', 'h', 'mi', 's');
 */
export interface MakeTimestampNtzFunction {
  (...fields: TimestampFields): Column;
  (parts: Omit<MakeTimestampFromDateTime, 'timezone'>): Column;
}

/** Builds `make_timestamp` and its variants over {@link makeTimestamp}. */
function makeTimestampFn(name: string, withTimezone: true): MakeTimestampFunction;
function makeTimestampFn(name: string, withTimezone: false): MakeTimestampNtzFunction;
function makeTimestampFn(
  name: string,
  withTimezone: boolean,
): MakeTimestampFunction | MakeTimestampNtzFunction {
  return named(name, (...args: MakeTimestampArgs) => makeTimestamp(name, withTimezone, args));
}

/**
 * A timestamp from year, month, day, hour, minute, second (with fraction) and an optional time
 * zone, or (Spark 4.1+) from `{ date, time, timezone? }`. Spark SQL `make_timestamp`.
 *
 * @example
 * F.make_timestamp('y', 'mo', 'd', 'h', 'mi', 's');
 * F.make_timestamp({ date: 'd', time: 't' });
 */
export const make_timestamp: MakeTimestampFunction = makeTimestampFn('make_timestamp', true);

/**
 * Like `make_timestamp`, null instead of an error. Spark SQL `try_make_timestamp`.
 *
 * @example F.try_make_timestamp('y', 'mo', 'd', 'h', 'mi', 's')
 */
export const try_make_timestamp: MakeTimestampFunction = makeTimestampFn('try_make_timestamp', true);

/**
 * A timestamp without time zone from fields, or (Spark 4.1+) from `{ date, time }`.
 * Spark SQL `make_timestamp_ntz`.
 *
 * @example F.make_timestamp_ntz('y', 'mo', 'd', 'h', 'mi', 's')
 */
export const make_timestamp_ntz: MakeTimestampNtzFunction = makeTimestampFn('make_timestamp_ntz', false);

/**
 * Like `make_timestamp_ntz`, null instead of an error. Spark SQL `try_make_timestamp_ntz`.
 *
 * @example F.try_make_timestamp_ntz('y', 'mo', 'd', 'h', 'mi', 's')
 */
export const try_make_timestamp_ntz: MakeTimestampNtzFunction = makeTimestampFn(
  'try_make_timestamp_ntz',
  false,
);

/**
 * Seconds since the epoch: of now without arguments, else of a timestamp, date or string parsed
 * with `format` (default 'yyyy-MM-dd HH:mm:ss'). Spark SQL `unix_timestamp`.
 *
 * @example F.unix_timestamp('s'); F.unix_timestamp('s', 'dd/MM/yyyy')
 */
export function unix_timestamp(
  timestamp?: ColumnOrName,
  format: string | Column = 'yyyy-MM-dd HH:mm:ss',
): Column {
  if (timestamp === undefined) return call('unix_timestamp').build();
  return call('unix_timestamp').col('timestamp', timestamp).str('format', format).build();
}

/**
 * Tumbling or sliding time windows of a timestamp column: durations such as '10 minutes',
 * optional `slideDuration` and `startTime` offset. Spark SQL `window`.
 *
 * @example df.groupBy(F.window('ts', '1 hour')).agg(F.count('*'))
 */
export function window(
  timeColumn: ColumnOrName,
  windowDuration: string,
  slideDuration?: string,
  startTime?: string,
): Column {
  const check = (param: string, v: unknown) => {
    if (typeof v !== 'string')
      throw new TypeError(`window(): '${param}' must be a duration string, got ${describeArg(v)}`);
  };
  check('windowDuration', windowDuration);
  if (slideDuration !== undefined) check('slideDuration', slideDuration);
  if (startTime !== undefined) check('startTime', startTime);
  const c = call('window').col('timeColumn', timeColumn).str('windowDuration', windowDuration);
  if (slideDuration !== undefined) c.str('slideDuration', slideDuration);
  else if (startTime !== undefined) c.str('slideDuration', windowDuration);
  return c.optStr('startTime', startTime).build();
}

/**
 * The date `days` days after 1970-01-01. Spark SQL `date_from_unix_date`.
 *
 * @example F.date_from_unix_date('days')
 */
export function date_from_unix_date(days: ColumnOrName): Column {
  return call('date_from_unix_date').col('days', days).build();
}

/**
 * Formats seconds since the epoch as a string in the session time zone. Spark SQL `from_unixtime`.
 *
 * @example F.from_unixtime('secs')
 */
export function from_unixtime(
  timestamp: ColumnOrName,
  format: string | Column = 'yyyy-MM-dd HH:mm:ss',
): Column {
  return call('from_unixtime').col('timestamp', timestamp).str('format', format).build();
}

/**
 * The timestamp of microseconds since the epoch. Spark SQL `timestamp_micros`.
 *
 * @example F.timestamp_micros('col')
 */
export const timestamp_micros = colFn('timestamp_micros');

/**
 * The timestamp of milliseconds since the epoch. Spark SQL `timestamp_millis`.
 *
 * @example F.timestamp_millis('col')
 */
export const timestamp_millis = colFn('timestamp_millis');

/**
 * The timestamp of nanoseconds since the epoch. Spark SQL `timestamp_nanos`.
 *
 * @example F.timestamp_nanos('col')
 */
export const timestamp_nanos = colFn('timestamp_nanos');

/**
 * The timestamp of seconds since the epoch. Spark SQL `timestamp_seconds`.
 *
 * @example F.timestamp_seconds('col')
 */
export const timestamp_seconds = colFn('timestamp_seconds');

/**
 * The time of day of microseconds since midnight (Spark 4.1+). Spark SQL `time_from_micros`.
 *
 * @example F.time_from_micros('col')
 */
export const time_from_micros = colFn('time_from_micros');

/**
 * The time of day of milliseconds since midnight (Spark 4.1+). Spark SQL `time_from_millis`.
 *
 * @example F.time_from_millis('col')
 */
export const time_from_millis = colFn('time_from_millis');

/**
 * The time of day of seconds since midnight (Spark 4.1+). Spark SQL `time_from_seconds`.
 *
 * @example F.time_from_seconds('col')
 */
export const time_from_seconds = colFn('time_from_seconds');

/**
 * Microseconds since midnight of a time (Spark 4.1+). Spark SQL `time_to_micros`.
 *
 * @example F.time_to_micros('col')
 */
export const time_to_micros = colFn('time_to_micros');

/**
 * Milliseconds since midnight of a time (Spark 4.1+). Spark SQL `time_to_millis`.
 *
 * @example F.time_to_millis('col')
 */
export const time_to_millis = colFn('time_to_millis');

/**
 * Seconds since midnight of a time (Spark 4.1+). Spark SQL `time_to_seconds`.
 *
 * @example F.time_to_seconds('col')
 */
export const time_to_seconds = colFn('time_to_seconds');

/**
 * Seconds since the epoch of a timestamp or string; `format` is a column. Spark SQL
 * `to_unix_timestamp`.
 *
 * @example F.to_unix_timestamp('timestamp')
 */
export function to_unix_timestamp(timestamp: ColumnOrName, format?: ColumnOrName): Column {
  return call('to_unix_timestamp').col('timestamp', timestamp).optCol('format', format).build();
}

/**
 * Days since 1970-01-01 of a date. Spark SQL `unix_date`.
 *
 * @example F.unix_date('col')
 */
export const unix_date = colFn('unix_date');

/**
 * Microseconds since the epoch of a timestamp. Spark SQL `unix_micros`.
 *
 * @example F.unix_micros('col')
 */
export const unix_micros = colFn('unix_micros');

/**
 * Milliseconds since the epoch of a timestamp. Spark SQL `unix_millis`.
 *
 * @example F.unix_millis('col')
 */
export const unix_millis = colFn('unix_millis');

/**
 * Nanoseconds since the epoch of a timestamp. Spark SQL `unix_nanos`.
 *
 * @example F.unix_nanos('col')
 */
export const unix_nanos = colFn('unix_nanos');

/**
 * Seconds since the epoch of a timestamp. Spark SQL `unix_seconds`.
 *
 * @example F.unix_seconds('col')
 */
export const unix_seconds = colFn('unix_seconds');

/** Interval fields by name, as PySpark's keyword arguments (`make_interval(days=..., hours=...)`). */
export interface IntervalFields {
  years?: ColumnOrName;
  months?: ColumnOrName;
  weeks?: ColumnOrName;
  days?: ColumnOrName;
  hours?: ColumnOrName;
  mins?: ColumnOrName;
  secs?: ColumnOrName;
}

function isFields(v: unknown): v is IntervalFields {
  return v !== null && typeof v === 'object' && !(v instanceof Column);
}

/** Builds an interval call: missing fields are 0 (seconds as a decimal 0, as PySpark sends). */
function makeInterval(name: string, fieldNames: readonly (keyof IntervalFields)[], args: unknown[]): Column {
  let fields: IntervalFields;
  if (args.length === 1 && isFields(args[0])) {
    fields = args[0];
    for (const k of Object.keys(fields)) {
      if (!fieldNames.includes(k as keyof IntervalFields)) {
        throw new TypeError(`${name}(): unknown field '${k}' (expected ${fieldNames.join(', ')})`);
      }
    }
  } else {
    if (args.length > fieldNames.length) {
      throw new TypeError(`${name}(): takes at most ${fieldNames.length} fields, got ${args.length}`);
    }
    fields = Object.fromEntries(fieldNames.map((f, i) => [f, args[i]])) as IntervalFields;
  }
  const c = call(name);
  for (const f of fieldNames) {
    c.colOr(f, fields[f], f === 'secs' ? typed.decimal('0', 10, 0) : 0);
  }
  return c.build();
}

const INTERVAL_FIELDS = ['years', 'months', 'weeks', 'days', 'hours', 'mins', 'secs'] as const;

/**
 * The forms of `make_interval` and `try_make_interval`: fields by name, or positionally.
 *
 * @example const f: MakeIntervalFunction = F.make_interval; f({ days: 'd' });
 */
export interface MakeIntervalFunction {
  (fields: IntervalFields): Column;
  (
    years?: ColumnOrName,
    months?: ColumnOrName,
    weeks?: ColumnOrName,
    days?: ColumnOrName,
    hours?: ColumnOrName,
    mins?: ColumnOrName,
    secs?: ColumnOrName,
  ): Column;
}

/** Builds `make_interval` and `try_make_interval` over {@link makeInterval}. */
function makeIntervalFn(name: string): MakeIntervalFunction {
  return named(name, (...args: unknown[]) => makeInterval(name, INTERVAL_FIELDS, args));
}

/**
 * A calendar interval from field columns; missing fields are 0. Give the fields positionally or
 * by name. Spark SQL `make_interval`.
 *
 * @example F.make_interval({ days: 'd', hours: 'h' }); F.make_interval('y', 'm')
 */
export const make_interval: MakeIntervalFunction = makeIntervalFn('make_interval');

/**
 * Like `make_interval`, null instead of an error (Spark 4.0+). Spark SQL `try_make_interval`.
 *
 * @example F.try_make_interval({ years: 'y' })
 */
export const try_make_interval: MakeIntervalFunction = makeIntervalFn('try_make_interval');

/**
 * A day-time interval from field columns; missing fields are 0. Give the fields positionally or by
 * name. Spark SQL `make_dt_interval`.
 *
 * @example F.make_dt_interval({ hours: 'h', mins: 'm' }); F.make_dt_interval('d')
 */
export function make_dt_interval(fields: Pick<IntervalFields, 'days' | 'hours' | 'mins' | 'secs'>): Column;
export function make_dt_interval(
  days?: ColumnOrName,
  hours?: ColumnOrName,
  mins?: ColumnOrName,
  secs?: ColumnOrName,
): Column;
export function make_dt_interval(...args: unknown[]): Column {
  return makeInterval('make_dt_interval', ['days', 'hours', 'mins', 'secs'], args);
}

/**
 * A year-month interval from field columns; missing fields are 0. Spark SQL `make_ym_interval`.
 *
 * @example F.make_ym_interval('y', 'm'); F.make_ym_interval({ months: 'm' })
 */
export function make_ym_interval(fields: Pick<IntervalFields, 'years' | 'months'>): Column;
export function make_ym_interval(years?: ColumnOrName, months?: ColumnOrName): Column;
export function make_ym_interval(...args: unknown[]): Column {
  return makeInterval('make_ym_interval', ['years', 'months'], args);
}
