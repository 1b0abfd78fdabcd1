/**
 * Date, timestamp, time and interval functions. Names, argument orders and defaults are PySpark's;
 * arguments are converted as in args.ts.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call } from './args.js';

/**
 * The date `months` months after `start`. Spark SQL `add_months`.
 *
 * @example F.add_months('d', 1)
 */
export function add_months(start: ColumnOrName, months: ColumnOrName | number): Column {
  return call('add_months').col('start', start).colOrInt('months', months).build();
}

/**
 * The current date at the start of the query. Spark SQL `curdate`.
 *
 * @example F.curdate()
 */
export function curdate(): Column {
  return call('curdate').build();
}

/**
 * The current date at the start of the query. Spark SQL `current_date`.
 *
 * @example F.current_date()
 */
export function current_date(): Column {
  return call('current_date').build();
}

/**
 * The current time of day (Spark 4.1+), with `precision` fractional digits (default 6). Spark SQL
 * `current_time`.
 *
 * @example F.current_time()
 */
export function current_time(precision?: number | Column): Column {
  return call('current_time').optInt('precision', precision).build();
}

/**
 * The current timestamp at the start of the query. Spark SQL `current_timestamp`.
 *
 * @example F.current_timestamp()
 */
export function current_timestamp(): Column {
  return call('current_timestamp').build();
}

/**
 * The session time zone. Spark SQL `current_timezone`.
 *
 * @example F.current_timezone()
 */
export function current_timezone(): Column {
  return call('current_timezone').build();
}

/**
 * The date `days` days after `start`. Spark SQL `date_add`.
 *
 * @example F.date_add('d', 7)
 */
export function date_add(start: ColumnOrName, days: ColumnOrName | number): Column {
  return call('date_add').col('start', start).colOrInt('days', days).build();
}

/**
 * Days from `start` to `end`. Spark SQL `date_diff`.
 *
 * @example F.date_diff('end', 'start')
 */
export function date_diff(end: ColumnOrName, start: ColumnOrName): Column {
  return call('date_diff').col('end', end).col('start', start).build();
}

/**
 * Formats a date/timestamp with a datetime pattern. Spark SQL `date_format`.
 *
 * @example F.date_format('ts', 'yyyy-MM-dd')
 */
export function date_format(date: ColumnOrName, format: string | Column): Column {
  return call('date_format').col('date', date).str('format', format).build();
}

/**
 * A field (a column such as `lit('YEAR')`) of a date, timestamp or interval. Spark SQL `date_part`.
 *
 * @example F.date_part(F.lit('YEAR'), 'd')
 */
export function date_part(field: Column, source: ColumnOrName): Column {
  return call('date_part').col('field', field).col('source', source).build();
}

/**
 * The date `days` days before `start`. Spark SQL `date_sub`.
 *
 * @example F.date_sub('start', F.col('days'))
 */
export function date_sub(start: ColumnOrName, days: ColumnOrName | number): Column {
  return call('date_sub').col('start', start).colOrInt('days', days).build();
}

/**
 * Truncates a timestamp to a unit ('year', 'month', 'day', 'hour', ...). Spark SQL `date_trunc`.
 *
 * @example F.date_trunc('hour', 'ts')
 */
export function date_trunc(format: string | Column, timestamp: ColumnOrName): Column {
  return call('date_trunc').str('format', format).col('timestamp', timestamp).build();
}

/**
 * The date `days` days after `start`. Spark SQL `dateadd`.
 *
 * @example F.dateadd('start', F.col('days'))
 */
export function dateadd(start: ColumnOrName, days: ColumnOrName | number): Column {
  return call('dateadd').col('start', start).colOrInt('days', days).build();
}

/**
 * Days from `start` to `end`. Spark SQL `datediff`.
 *
 * @example F.datediff('end', 'start')
 */
export function datediff(end: ColumnOrName, start: ColumnOrName): Column {
  return call('datediff').col('end', end).col('start', start).build();
}

/**
 * A field (a column such as `lit('YEAR')`) of a date, timestamp or interval. Spark SQL `datepart`.
 *
 * @example F.datepart(F.col('field'), 'source')
 */
export function datepart(field: Column, source: ColumnOrName): Column {
  return call('datepart').col('field', field).col('source', source).build();
}

/**
 * Day of the month. Spark SQL `day`.
 *
 * @example F.day('col')
 */
export function day(col: ColumnOrName): Column {
  return call('day').col('col', col).build();
}

/**
 * Three-letter day name ('Mon'). Spark SQL `dayname`.
 *
 * @example F.dayname('col')
 */
export function dayname(col: ColumnOrName): Column {
  return call('dayname').col('col', col).build();
}

/**
 * Day of the month. Spark SQL `dayofmonth`.
 *
 * @example F.dayofmonth('col')
 */
export function dayofmonth(col: ColumnOrName): Column {
  return call('dayofmonth').col('col', col).build();
}

/**
 * Day of the week, 1 = Sunday to 7 = Saturday. Spark SQL `dayofweek`.
 *
 * @example F.dayofweek('col')
 */
export function dayofweek(col: ColumnOrName): Column {
  return call('dayofweek').col('col', col).build();
}

/**
 * Day of the year. Spark SQL `dayofyear`.
 *
 * @example F.dayofyear('col')
 */
export function dayofyear(col: ColumnOrName): Column {
  return call('dayofyear').col('col', col).build();
}

/**
 * A field (a column such as `lit('YEAR')`) of a date, timestamp or interval. Spark SQL `extract`.
 *
 * @example F.extract(F.col('field'), 'source')
 */
export function extract(field: Column, source: ColumnOrName): Column {
  return call('extract').col('field', field).col('source', source).build();
}

/**
 * Shifts a UTC timestamp to the wall clock of time zone `tz`. Spark SQL `from_utc_timestamp`.
 *
 * @example F.from_utc_timestamp('ts', 'Europe/Paris')
 */
export function from_utc_timestamp(timestamp: ColumnOrName, tz: string | Column): Column {
  return call('from_utc_timestamp').col('timestamp', timestamp).str('tz', tz).build();
}

/**
 * Hour of the day. Spark SQL `hour`.
 *
 * @example F.hour('col')
 */
export function hour(col: ColumnOrName): Column {
  return call('hour').col('col', col).build();
}

/**
 * The last day of the month. Spark SQL `last_day`.
 *
 * @example F.last_day('date')
 */
export function last_day(date: ColumnOrName): Column {
  return call('last_day').col('date', date).build();
}

/**
 * The current timestamp without time zone at the start of the query. Spark SQL `localtimestamp`.
 *
 * @example F.localtimestamp()
 */
export function localtimestamp(): Column {
  return call('localtimestamp').build();
}

/**
 * Minute of the hour. Spark SQL `minute`.
 *
 * @example F.minute('col')
 */
export function minute(col: ColumnOrName): Column {
  return call('minute').col('col', col).build();
}

/**
 * Month of the year. Spark SQL `month`.
 *
 * @example F.month('col')
 */
export function month(col: ColumnOrName): Column {
  return call('month').col('col', col).build();
}

/**
 * Three-letter month name ('Jan'). Spark SQL `monthname`.
 *
 * @example F.monthname('col')
 */
export function monthname(col: ColumnOrName): Column {
  return call('monthname').col('col', col).build();
}

/**
 * Months between two dates (rounded to 8 digits when `roundOff`). Spark SQL `months_between`.
 *
 * @example F.months_between('date1', 'date2')
 */
export function months_between(
  date1: ColumnOrName,
  date2: ColumnOrName,
  roundOff: boolean | Column = true,
): Column {
  return call('months_between').col('date1', date1).col('date2', date2).bool('roundOff', roundOff).build();
}

/**
 * The first date after `date` on the given day of the week ('Mon', ...). Spark SQL `next_day`.
 *
 * @example F.next_day('d', 'Mon')
 */
export function next_day(date: ColumnOrName, dayOfWeek: string | Column): Column {
  return call('next_day').col('date', date).str('dayOfWeek', dayOfWeek).build();
}

/**
 * The current timestamp at the start of the query. Spark SQL `now`.
 *
 * @example F.now()
 */
export function now(): Column {
  return call('now').build();
}

/**
 * Quarter of the year. Spark SQL `quarter`.
 *
 * @example F.quarter('col')
 */
export function quarter(col: ColumnOrName): Column {
  return call('quarter').col('col', col).build();
}

/**
 * Second of the minute. Spark SQL `second`.
 *
 * @example F.second('col')
 */
export function second(col: ColumnOrName): Column {
  return call('second').col('col', col).build();
}

/**
 * Adds `quantity` units ('HOUR', 'DAY', ...) to a timestamp. Spark SQL `timestampadd`.
 *
 * @example F.timestamp_add('DAY', F.lit(1), 'ts')
 */
export function timestamp_add(unit: string | Column, quantity: ColumnOrName, ts: ColumnOrName): Column {
  return call('timestamp_add', 'timestampadd')
    .str('unit', unit)
    .col('quantity', quantity)
    .col('ts', ts)
    .build();
}

/**
 * Whole units ('HOUR', 'DAY', ...) between two timestamps. Spark SQL `timestampdiff`.
 *
 * @example F.timestamp_diff('HOUR', 'start', 'end')
 */
export function timestamp_diff(unit: string | Column, start: ColumnOrName, end: ColumnOrName): Column {
  return call('timestamp_diff', 'timestampdiff')
    .str('unit', unit)
    .col('start', start)
    .col('end', end)
    .build();
}

/**
 * The start of the fixed-size bucket holding `ts` (Spark 4.3+). Spark SQL `time_bucket`.
 *
 * @example F.time_bucket(F.col('bucket_size'), 'ts')
 */
export function time_bucket(bucket_size: Column, ts: ColumnOrName, origin?: Column): Column {
  return call('time_bucket').col('bucket_size', bucket_size).col('ts', ts).optCol('origin', origin).build();
}

/**
 * Whole units between two times (Spark 4.1+); `unit` is a column. Spark SQL `time_diff`.
 *
 * @example F.time_diff('unit', 'start', 'end')
 */
export function time_diff(unit: ColumnOrName, start: ColumnOrName, end: ColumnOrName): Column {
  return call('time_diff').col('unit', unit).col('start', start).col('end', end).build();
}

/**
 * Truncates a time to a unit (Spark 4.1+); `unit` is a column. Spark SQL `time_trunc`.
 *
 * @example F.time_trunc('unit', 'time')
 */
export function time_trunc(unit: ColumnOrName, time: ColumnOrName): Column {
  return call('time_trunc').col('unit', unit).col('time', time).build();
}

/**
 * Converts to a date, parsing strings with `format` if given. Spark SQL `to_date`.
 *
 * @example F.to_date('s', 'dd/MM/yyyy')
 */
export function to_date(col: ColumnOrName, format?: string | Column): Column {
  return call('to_date').col('col', col).optStr('format', format).build();
}

/**
 * Parses a time of day (Spark 4.1+); `format` is a column. Spark SQL `to_time`.
 *
 * @example F.to_time('str')
 */
export function to_time(str: ColumnOrName, format?: ColumnOrName): Column {
  return call('to_time').col('str', str).optCol('format', format).build();
}

/**
 * Converts to a timestamp, parsing strings with `format` if given. Spark SQL `to_timestamp`.
 *
 * @example F.to_timestamp('s', 'yyyy-MM-dd HH:mm')
 */
export function to_timestamp(col: ColumnOrName, format?: string | Column): Column {
  return call('to_timestamp').col('col', col).optStr('format', format).build();
}

/**
 * Parses a timestamp with local time zone; `format` is a column. Spark SQL `to_timestamp_ltz`.
 *
 * @example F.to_timestamp_ltz('timestamp')
 */
export function to_timestamp_ltz(timestamp: ColumnOrName, format?: ColumnOrName): Column {
  return call('to_timestamp_ltz').col('timestamp', timestamp).optCol('format', format).build();
}

/**
 * Parses a timestamp without time zone; `format` is a column. Spark SQL `to_timestamp_ntz`.
 *
 * @example F.to_timestamp_ntz('timestamp')
 */
export function to_timestamp_ntz(timestamp: ColumnOrName, format?: ColumnOrName): Column {
  return call('to_timestamp_ntz').col('timestamp', timestamp).optCol('format', format).build();
}

/**
 * Shifts a wall-clock timestamp in time zone `tz` to UTC. Spark SQL `to_utc_timestamp`.
 *
 * @example F.to_utc_timestamp('ts', 'Europe/Paris')
 */
export function to_utc_timestamp(timestamp: ColumnOrName, tz: string | Column): Column {
  return call('to_utc_timestamp').col('timestamp', timestamp).str('tz', tz).build();
}

/**
 * Truncates a date to a unit ('year', 'quarter', 'month', 'week'). Spark SQL `trunc`.
 *
 * @example F.trunc('d', 'month')
 */
export function trunc(date: ColumnOrName, format: string | Column): Column {
  return call('trunc').col('date', date).str('format', format).build();
}

/**
 * Like `to_date`, null instead of an error. Spark SQL `try_to_date`.
 *
 * @example F.try_to_date('col')
 */
export function try_to_date(col: ColumnOrName, format?: string | Column): Column {
  return call('try_to_date').col('col', col).optStr('format', format).build();
}

/**
 * Like `to_time`, null instead of an error. Spark SQL `try_to_time`.
 *
 * @example F.try_to_time('str')
 */
export function try_to_time(str: ColumnOrName, format?: ColumnOrName): Column {
  return call('try_to_time').col('str', str).optCol('format', format).build();
}

/**
 * Like `to_timestamp`, null instead of an error; `format` is a column. Spark SQL
 * `try_to_timestamp`.
 *
 * @example F.try_to_timestamp('col')
 */
export function try_to_timestamp(col: ColumnOrName, format?: ColumnOrName): Column {
  return call('try_to_timestamp').col('col', col).optCol('format', format).build();
}

/**
 * Day of the week, 0 = Monday to 6 = Sunday. Spark SQL `weekday`.
 *
 * @example F.weekday('col')
 */
export function weekday(col: ColumnOrName): Column {
  return call('weekday').col('col', col).build();
}

/**
 * ISO week of the year. Spark SQL `weekofyear`.
 *
 * @example F.weekofyear('col')
 */
export function weekofyear(col: ColumnOrName): Column {
  return call('weekofyear').col('col', col).build();
}

/**
 * The year. Spark SQL `year`.
 *
 * @example F.year('col')
 */
export function year(col: ColumnOrName): Column {
  return call('year').col('col', col).build();
}
