/**
 * Value classes for Spark values that JavaScript has no exact type for: timestamps with
 * microseconds, times of day and calendar intervals.
 */

import { pad2, pad4Year } from './format.js';

const MICROS_PER_MILLI = 1000n;

/**
 * A Spark `timestamp` value: a `Date` (millisecond precision, so all Date APIs work) that also
 * keeps the sub-millisecond microseconds Spark stores.
 *
 * `microsOfMillisecond` is in 0..999 and counts forward from `getTime()`, also before 1970, so
 * `epochMicros === BigInt(getTime()) * 1000n + BigInt(microsOfMillisecond)`. Date setters
 * (`setTime`, ...) do not change `microsOfMillisecond`.
 *
 * @example
 * const ts = SparkTimestamp.fromEpochMicros(1_700_000_000_123_456n);
 * ts.toISOString();       // '2023-11-14T22:13:20.123Z'
 * ts.toISOStringMicros(); // '2023-11-14T22:13:20.123456Z'
 * ts.epochMicros;         // 1700000000123456n
 */
export class SparkTimestamp extends Date {
  /** Microseconds past `getTime()`, 0..999. */
  readonly microsOfMillisecond: number;

  /**
   * @param epochMillis milliseconds since 1970-01-01T00:00:00Z (an integer)
   * @param microsOfMillisecond additional microseconds, 0..999
   */
  constructor(epochMillis: number, microsOfMillisecond = 0) {
    super(epochMillis);
    this.microsOfMillisecond = microsOfMillisecond;
  }

  /** A timestamp from microseconds since the epoch. */
  static fromEpochMicros(micros: bigint | number): SparkTimestamp {
    const [ms, us] = splitMicros(micros);
    return new SparkTimestamp(ms, us);
  }

  /** Microseconds since 1970-01-01T00:00:00Z, exactly. */
  get epochMicros(): bigint {
    return BigInt(this.getTime()) * MICROS_PER_MILLI + BigInt(this.microsOfMillisecond);
  }

  /** ISO 8601 in UTC with six fraction digits: `2024-01-02T03:04:05.123456Z`. */
  toISOStringMicros(): string {
    return `${isoMillis(this)}${String(this.microsOfMillisecond).padStart(3, '0')}Z`;
  }

  /** Same as `toISOStringMicros()`, so JSON keeps the microseconds. */
  override toJSON(): string {
    return this.toISOStringMicros();
  }
}

/**
 * A Spark `timestamp_ntz` value: a wall-clock date-time without time zone. Its UTC fields
 * (`getUTCHours()`, ...) are the wall-clock fields; `toISOStringMicros()` has no `Z`.
 *
 * @example
 * SparkTimestampNTZ.fromEpochMicros(0n).toISOStringMicros(); // '1970-01-01T00:00:00.000000'
 */
export class SparkTimestampNTZ extends SparkTimestamp {
  /** A wall-clock date-time from microseconds since 1970-01-01T00:00:00 (read as UTC). */
  static override fromEpochMicros(micros: bigint | number): SparkTimestampNTZ {
    const [ms, us] = splitMicros(micros);
    return new SparkTimestampNTZ(ms, us);
  }

  /** ISO 8601 local date-time with six fraction digits and no zone: `2024-01-02T03:04:05.123456`. */
  override toISOStringMicros(): string {
    return `${isoMillis(this)}${String(this.microsOfMillisecond).padStart(3, '0')}`;
  }
}

const NANOS_PER_MICRO = 1000n;

/** Splits epoch nanoseconds into [epoch microseconds, nanoseconds of microsecond 0..999] (floor). */
function splitNanos(nanos: bigint): [bigint, number] {
  let us = nanos / NANOS_PER_MICRO;
  let ns = nanos % NANOS_PER_MICRO;
  if (ns < 0n) {
    ns += NANOS_PER_MICRO;
    us -= 1n;
  }
  return [us, Number(ns)];
}

function checkNanosOfMicro(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 999) {
    throw new RangeError(`nanosOfMicrosecond ${n} is out of range [0, 999]`);
  }
  return n;
}

/**
 * A Spark `timestamp_ltz(p)` value (Spark 4.3 nanosecond timestamps): a `SparkTimestamp` that also
 * keeps the nanoseconds past its microseconds, so `epochNanos` is exact. `toJSON()` gives nine
 * fraction digits; `toISOStringMicros()` / `epochMicros` floor to microseconds.
 *
 * @example
 * const ts = SparkTimestampNanos.fromEpochNanos(1_704_067_200_123_456_789n);
 * ts.toISOStringNanos(); // '2024-01-01T00:00:00.123456789Z'
 * ts.epochNanos;         // 1704067200123456789n
 */
export class SparkTimestampNanos extends SparkTimestamp {
  /** Nanoseconds past the microsecond, 0..999. */
  readonly nanosOfMicrosecond: number;

  /**
   * @param epochMillis milliseconds since 1970-01-01T00:00:00Z (an integer)
   * @param microsOfMillisecond additional microseconds, 0..999
   * @param nanosOfMicrosecond additional nanoseconds, 0..999
   */
  constructor(epochMillis: number, microsOfMillisecond = 0, nanosOfMicrosecond = 0) {
    super(epochMillis, microsOfMillisecond);
    this.nanosOfMicrosecond = checkNanosOfMicro(nanosOfMicrosecond);
  }

  /** A timestamp from nanoseconds since the epoch. */
  static fromEpochNanos(nanos: bigint): SparkTimestampNanos {
    const [us, ns] = splitNanos(nanos);
    const [ms, usOfMs] = splitMicros(us);
    return new SparkTimestampNanos(ms, usOfMs, ns);
  }

  /** Nanoseconds since 1970-01-01T00:00:00Z, exactly. */
  get epochNanos(): bigint {
    return this.epochMicros * NANOS_PER_MICRO + BigInt(this.nanosOfMicrosecond);
  }

  /** ISO 8601 in UTC with nine fraction digits: `2024-01-02T03:04:05.123456789Z`. */
  toISOStringNanos(): string {
    return `${isoNanos(this)}Z`;
  }

  /** Same as `toISOStringNanos()`, so JSON keeps the nanoseconds. */
  override toJSON(): string {
    return this.toISOStringNanos();
  }
}

/**
 * A Spark `timestamp_ntz(p)` value (Spark 4.3 nanosecond timestamps): a `SparkTimestampNTZ` (UTC
 * fields are the wall clock) that also keeps nanoseconds; `epochNanos` counts from
 * 1970-01-01T00:00:00 read as UTC.
 *
 * @example
 * const ts = SparkTimestampNTZNanos.fromEpochNanos(-876_543_300n);
 * ts.toISOStringNanos(); // '1969-12-31T23:59:59.123456700'
 */
export class SparkTimestampNTZNanos extends SparkTimestampNTZ {
  /** Nanoseconds past the microsecond, 0..999. */
  readonly nanosOfMicrosecond: number;

  /**
   * @param epochMillis milliseconds since 1970-01-01T00:00:00 (read as UTC)
   * @param microsOfMillisecond additional microseconds, 0..999
   * @param nanosOfMicrosecond additional nanoseconds, 0..999
   */
  constructor(epochMillis: number, microsOfMillisecond = 0, nanosOfMicrosecond = 0) {
    super(epochMillis, microsOfMillisecond);
    this.nanosOfMicrosecond = checkNanosOfMicro(nanosOfMicrosecond);
  }

  /** A wall-clock date-time from nanoseconds since 1970-01-01T00:00:00 (read as UTC). */
  static fromEpochNanos(nanos: bigint): SparkTimestampNTZNanos {
    const [us, ns] = splitNanos(nanos);
    const [ms, usOfMs] = splitMicros(us);
    return new SparkTimestampNTZNanos(ms, usOfMs, ns);
  }

  /** Nanoseconds since 1970-01-01T00:00:00 (read as UTC), exactly. */
  get epochNanos(): bigint {
    return this.epochMicros * NANOS_PER_MICRO + BigInt(this.nanosOfMicrosecond);
  }

  /** ISO 8601 local date-time with nine fraction digits and no zone: `2024-01-02T03:04:05.123456789`. */
  toISOStringNanos(): string {
    return isoNanos(this);
  }

  /** Same as `toISOStringNanos()`, so JSON keeps the nanoseconds. */
  override toJSON(): string {
    return this.toISOStringNanos();
  }
}

/** `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn` of a nanosecond timestamp's UTC fields (no zone). */
function isoNanos(d: SparkTimestampNanos | SparkTimestampNTZNanos): string {
  const us = String(d.microsOfMillisecond).padStart(3, '0');
  return `${isoMillis(d)}${us}${String(d.nanosOfMicrosecond).padStart(3, '0')}`;
}

/** `YYYY-MM-DDTHH:MM:SS.mmm` of a Date's UTC fields (no zone). */
function isoMillis(d: Date): string {
  const iso = d.toISOString();
  return iso.slice(0, iso.length - 1);
}

/** Splits epoch microseconds into [epoch milliseconds, microseconds of millisecond 0..999]. */
export function splitMicros(micros: bigint | number): [number, number] {
  if (typeof micros === 'number') {
    if (!Number.isSafeInteger(micros)) return splitMicros(BigInt(micros));
    const ms = Math.floor(micros / 1000);
    return [ms, micros - ms * 1000];
  }
  let ms = micros / MICROS_PER_MILLI;
  let us = micros % MICROS_PER_MILLI;
  if (us < 0n) {
    us += MICROS_PER_MILLI;
    ms -= 1n;
  }
  return [Number(ms), Number(us)];
}

const NANOS_PER_SECOND = 1_000_000_000;
const NANOS_PER_DAY = 86_400 * NANOS_PER_SECOND;

/**
 * A Spark `time` value (Spark 4.1+): a time of day with up to nanosecond precision (Spark keeps
 * up to microseconds). `nanosOfDay` is exact as a number (it is below 2^53).
 *
 * @example
 * const t = LocalTime.of(13, 45, 30, 123_456_000);
 * t.toString(); // '13:45:30.123456'
 */
export class LocalTime {
  /** @param nanosOfDay nanoseconds since midnight, 0 ≤ n < 86 400 × 10⁹ */
  constructor(readonly nanosOfDay: number) {}

  /** A time from its fields. */
  static of(hour: number, minute: number, second = 0, nanosecond = 0): LocalTime {
    const n = ((hour * 60 + minute) * 60 + second) * NANOS_PER_SECOND + nanosecond;
    if (!Number.isInteger(n) || n < 0 || n >= NANOS_PER_DAY) {
      throw new RangeError(`Invalid time ${hour}:${minute}:${second}.${nanosecond}`);
    }
    return new LocalTime(n);
  }

  /** Hour of day, 0..23. */
  get hour(): number {
    return Math.floor(this.nanosOfDay / (3600 * NANOS_PER_SECOND));
  }
  /** Minute of hour, 0..59. */
  get minute(): number {
    return Math.floor(this.nanosOfDay / (60 * NANOS_PER_SECOND)) % 60;
  }
  /** Second of minute, 0..59. */
  get second(): number {
    return Math.floor(this.nanosOfDay / NANOS_PER_SECOND) % 60;
  }
  /** Nanoseconds within the second, 0..999 999 999. */
  get nanosecond(): number {
    return this.nanosOfDay % NANOS_PER_SECOND;
  }

  /** `HH:MM:SS`, plus a fraction without trailing zeros when not zero: `13:45:30.1234`. */
  toString(): string {
    const base = `${pad2(this.hour)}:${pad2(this.minute)}:${pad2(this.second)}`;
    const ns = this.nanosecond;
    return ns === 0 ? base : `${base}.${String(ns).padStart(9, '0').replace(/0+$/, '')}`;
  }

  /** Same as `toString()`. */
  toJSON(): string {
    return this.toString();
  }

  /** Nanoseconds since midnight, so times compare with `<` and `>`. */
  valueOf(): number {
    return this.nanosOfDay;
  }

  /** Whether both are the same time of day. */
  equals(other: LocalTime): boolean {
    return other instanceof LocalTime && other.nanosOfDay === this.nanosOfDay;
  }
}

/**
 * A Spark `interval` (CalendarIntervalType) value: months, days and microseconds, kept apart
 * because their lengths vary.
 *
 * @example
 * new CalendarInterval(14, 3, 3_600_000_001n).toString(); // '1 years 2 months 3 days 1 hours 0.000001 seconds'
 */
export class CalendarInterval {
  /**
   * @param months whole months (may be negative)
   * @param days whole days (may be negative)
   * @param microseconds the rest, in microseconds (may be negative)
   */
  constructor(
    readonly months: number,
    readonly days: number,
    readonly microseconds: bigint,
  ) {}

  /** A readable form in the style of Spark's CalendarInterval. */
  toString(): string {
    const parts: string[] = [];
    const years = Math.trunc(this.months / 12);
    const months = this.months % 12;
    if (years !== 0) parts.push(`${years} years`);
    if (months !== 0) parts.push(`${months} months`);
    if (this.days !== 0) parts.push(`${this.days} days`);
    let us = this.microseconds;
    if (us !== 0n) {
      const sign = us < 0n ? '-' : '';
      if (us < 0n) us = -us;
      const hours = us / 3_600_000_000n;
      const minutes = (us / 60_000_000n) % 60n;
      const seconds = us % 60_000_000n;
      if (hours !== 0n) parts.push(`${sign}${hours} hours`);
      if (minutes !== 0n) parts.push(`${sign}${minutes} minutes`);
      if (seconds !== 0n) {
        const whole = seconds / 1_000_000n;
        const frac = (seconds % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
        parts.push(`${sign}${whole}${frac === '' ? '' : `.${frac}`} seconds`);
      }
    }
    return parts.length === 0 ? '0 seconds' : parts.join(' ');
  }

  /** `{ months, days, microseconds }` with microseconds as a number when safe, else a string. */
  toJSON(): { months: number; days: number; microseconds: number | string } {
    const us = this.microseconds;
    const n = Number(us);
    return {
      months: this.months,
      days: this.days,
      microseconds: Number.isSafeInteger(n) ? n : us.toString(),
    };
  }

  /** Whether months, days and microseconds are all equal. */
  equals(other: CalendarInterval): boolean {
    return (
      other instanceof CalendarInterval &&
      other.months === this.months &&
      other.days === this.days &&
      other.microseconds === this.microseconds
    );
  }
}

/** `YYYY-MM-DD` of a Date's UTC fields (for DateType values). */
export function formatDateUTC(d: Date): string {
  return `${pad4Year(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}
