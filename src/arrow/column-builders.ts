/**
 * Column builders: JS values of one Spark type → Arrow data, checking every value (see the table
 * in encode.ts for what each type accepts). Nested types are in nested-builders.ts, decimals in
 * decimal-column.ts. Each column writes straight into growing typed arrays.
 */

import {
  type DataType as ArrowType,
  Binary,
  Bool,
  type Data,
  DateDay,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  type Int64,
  IntervalMonthDayNano,
  IntervalYearMonth,
  makeData,
  Null,
  Utf8,
} from 'apache-arrow';
import { TypedValue } from '../column/literal.js';
import type { DataType, YearMonthIntervalType } from '../types/data-types.js';
import {
  CalendarInterval,
  LocalTime,
  SparkTimestamp,
  SparkTimestampNanos,
  SparkTimestampNTZNanos,
} from '../types/values.js';

const MS_PER_DAY = 86_400_000;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface ColumnBuilder {
  /** Appends one value (null/undefined → null). */
  append(value: unknown): void;
  /** The Arrow data of everything appended. */
  finish(): Data;
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `a ${(v as object).constructor?.name ?? 'object'}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

export function label(path: string): string {
  return path === '' ? 'value' : `column '${path}'`;
}

/** A growable validity bitmap (also used for boolean values). */
class Bits {
  bytes = new Uint8Array(64);
  length = 0;
  zeros = 0;
  push(bit: boolean): void {
    if (this.length >> 3 >= this.bytes.length) {
      const next = new Uint8Array(this.bytes.length * 2);
      next.set(this.bytes);
      this.bytes = next;
    }
    if (bit) this.bytes[this.length >> 3] |= 1 << (this.length & 7);
    else this.zeros++;
    this.length++;
  }
  view(): Uint8Array {
    return this.bytes.subarray(0, (this.length + 7) >> 3);
  }
}

/** A typed array twice as long (at least `need` elements), with the first elements copied. */
export function grown<T extends Int32Array | Float64Array | BigInt64Array | Uint32Array | Uint8Array>(
  a: T,
  need: number,
): T {
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2, 64));
  next.set(a as never);
  return next;
}

export const TWO_32 = 4294967296;

/** Base: validity, nullability check, unwrapping of typed values. */
export abstract class Base implements ColumnBuilder {
  protected readonly validity = new Bits();
  constructor(
    protected readonly type: DataType,
    protected readonly path: string,
    protected readonly nullable: boolean,
  ) {}

  append(raw: unknown): void {
    const value = raw instanceof TypedValue ? raw.value : raw;
    if (value === null || value === undefined) {
      if (!this.nullable) throw new TypeError(`${label(this.path)} is not nullable but got null`);
      this.validity.push(false);
      this.appendNull();
      return;
    }
    this.appendValue(value);
    this.validity.push(true);
  }

  protected fail(value: unknown, expected: string): TypeError {
    return new TypeError(
      `${label(this.path)} of type ${this.type.simpleString()} takes ${expected}, got ${describe(value)}`,
    );
  }

  protected get length(): number {
    return this.validity.length;
  }

  protected nullProps(): { length: number; nullCount: number; nullBitmap?: Uint8Array } {
    const nullCount = this.validity.zeros;
    return nullCount === 0
      ? { length: this.length, nullCount: 0 }
      : { length: this.length, nullCount, nullBitmap: this.validity.view() };
  }

  protected abstract appendNull(): void;
  protected abstract appendValue(value: unknown): void;
  abstract finish(): Data;
}

export class NullColumn implements ColumnBuilder {
  private n = 0;
  constructor(private readonly path: string) {}
  append(value: unknown): void {
    const v = value instanceof TypedValue ? value.value : value;
    if (v !== null && v !== undefined) {
      throw new TypeError(`${label(this.path)} of type void takes only null, got ${describe(v)}`);
    }
    this.n++;
  }
  finish(): Data {
    return makeData({ type: new Null(), length: this.n });
  }
}

export class BoolColumn extends Base {
  private readonly values = new Bits();
  protected appendNull(): void {
    this.values.push(false);
  }
  protected appendValue(v: unknown): void {
    if (typeof v !== 'boolean') throw this.fail(v, 'booleans');
    this.values.push(v);
  }
  finish(): Data {
    return makeData({ type: new Bool(), ...this.nullProps(), data: this.values.view() });
  }
}

const INT_RANGES = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  year_month_interval: [-2147483648, 2147483647],
} as const;

export class IntColumn extends Base {
  private values = new Int32Array(64);
  private n = 0;
  private readonly lo: number;
  private readonly hi: number;
  private readonly what: string;
  private readonly wholeYears: boolean;
  constructor(
    type: DataType,
    path: string,
    nullable: boolean,
    private readonly kind: keyof typeof INT_RANGES,
  ) {
    super(type, path, nullable);
    [this.lo, this.hi] = INT_RANGES[kind];
    this.what =
      kind === 'year_month_interval' ? 'an integer number of months' : `integers in [${this.lo}, ${this.hi}]`;
    this.wholeYears = kind === 'year_month_interval' && (type as YearMonthIntervalType).endField === 0;
  }
  protected appendNull(): void {
    if (this.n === this.values.length) this.values = grown(this.values, this.n + 1);
    this.values[this.n++] = 0;
  }
  protected appendValue(v: unknown): void {
    const { lo, hi } = this;
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'bigint' && v >= BigInt(lo) && v <= BigInt(hi)) n = Number(v);
    else throw this.fail(v, this.what);
    if (!Number.isInteger(n) || n < lo || n > hi) throw this.fail(v, this.what);
    if (this.wholeYears && n % 12 !== 0) throw this.fail(v, 'whole years (a multiple of 12 months)');
    if (this.n === this.values.length) this.values = grown(this.values, this.n + 1);
    this.values[this.n++] = n;
  }
  finish(): Data {
    const props = this.nullProps();
    const values = this.values.subarray(0, this.n);
    switch (this.kind) {
      case 'byte':
        return makeData({ type: new Int8(), ...props, data: Int8Array.from(values) });
      case 'short':
        return makeData({ type: new Int16(), ...props, data: Int16Array.from(values) });
      case 'integer':
        return makeData({ type: new Int32(), ...props, data: values });
      case 'year_month_interval':
        return makeData({ type: new IntervalYearMonth(), ...props, data: values });
    }
  }
}

/** 64-bit integers: long, timestamps, durations, times. */
export class Int64Column extends Base {
  protected values = new BigInt64Array(64);
  /** The same memory as 32-bit words (little-endian: low word first). */
  protected words = new Int32Array(this.values.buffer);
  protected n = 0;
  constructor(
    type: DataType,
    path: string,
    nullable: boolean,
    private readonly arrowType: ArrowType,
    private readonly convert: (v: unknown) => bigint | undefined,
    private readonly expected: string,
  ) {
    super(type, path, nullable);
  }
  /** The index of the next value, with room for it. */
  protected next(): number {
    if (this.n === this.values.length) {
      this.values = grown(this.values, this.n + 1);
      this.words = new Int32Array(this.values.buffer);
    }
    return this.n++;
  }
  protected appendNull(): void {
    const i = this.next(); // before `this.values` is read: next() may grow it
    this.values[i] = 0n;
  }
  protected appendValue(v: unknown): void {
    const b = this.convert(v);
    if (b === undefined || b < LONG_MIN || b > LONG_MAX) throw this.fail(v, this.expected);
    const i = this.next();
    this.values[i] = b;
  }
  /** Writes a safe integer as the 64-bit value at `i`, without a bigint. */
  protected putSafe(i: number, x: number): void {
    const hi = Math.floor(x / TWO_32);
    this.words[2 * i] = x - hi * TWO_32;
    this.words[2 * i + 1] = hi;
  }
  finish(): Data {
    return makeData({
      type: this.arrowType as Int64,
      ...this.nullProps(),
      data: this.values.subarray(0, this.n) as unknown as Int64['TArray'],
    });
  }
}

/** bigint columns: bigints stored as they are, safe integer numbers without a bigint. */
export class LongColumn extends Int64Column {
  protected override appendValue(v: unknown): void {
    if (typeof v === 'number' && Number.isSafeInteger(v)) this.putSafe(this.next(), v);
    else super.appendValue(v);
  }
}

/**
 * Timestamp columns: a Date's microseconds (`getTime() * 1000` plus a SparkTimestamp's
 * `microsOfMillisecond`) computed in doubles while they are safe integers (years -283456 to
 * 287396), else (and for bigints and nanosecond values) through `toTimestampMicros`.
 */
export class TimestampColumn extends Int64Column {
  protected override appendValue(v: unknown): void {
    if (v instanceof Date && !(v instanceof SparkTimestampNanos || v instanceof SparkTimestampNTZNanos)) {
      const us = v instanceof SparkTimestamp ? v.microsOfMillisecond : 0;
      const micros = v.getTime() * 1000 + us;
      if (Number.isSafeInteger(micros) && Number.isInteger(us)) {
        this.putSafe(this.next(), micros);
        return;
      }
    }
    super.appendValue(v);
  }
}

export function toLong(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  return undefined;
}

function dateMicros(d: Date): bigint | undefined {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return undefined;
  const us = d instanceof SparkTimestamp ? d.microsOfMillisecond : 0;
  return BigInt(ms) * 1000n + BigInt(us);
}

export function toTimestampMicros(v: unknown): bigint | undefined {
  // A microsecond column cannot hold a value with nanoseconds: refuse it rather than truncate.
  if (
    (v instanceof SparkTimestampNanos || v instanceof SparkTimestampNTZNanos) &&
    v.nanosOfMicrosecond !== 0
  ) {
    return undefined;
  }
  if (v instanceof Date) return dateMicros(v);
  if (typeof v === 'bigint') return v;
  return undefined;
}

export function toTimeNanos(v: unknown): bigint | undefined {
  return v instanceof LocalTime ? BigInt(v.nanosOfDay) : undefined;
}

export class FloatColumn extends Base {
  private values = new Float64Array(64);
  private n = 0;
  constructor(
    type: DataType,
    path: string,
    nullable: boolean,
    private readonly double: boolean,
  ) {
    super(type, path, nullable);
  }
  private push(x: number): void {
    if (this.n === this.values.length) this.values = grown(this.values, this.n + 1);
    this.values[this.n++] = x;
  }
  protected appendNull(): void {
    this.push(0);
  }
  protected appendValue(v: unknown): void {
    if (typeof v === 'number') {
      this.push(v);
      return;
    }
    if (typeof v === 'bigint') {
      const n = Number(v);
      if (BigInt(n) === v && (this.double || Math.fround(n) === n)) {
        this.push(n);
        return;
      }
    }
    throw this.fail(v, 'numbers (or bigints the type holds exactly)');
  }
  finish(): Data {
    const props = this.nullProps();
    const values = this.values.subarray(0, this.n);
    return this.double
      ? makeData({ type: new Float64(), ...props, data: values })
      : makeData({ type: new Float32(), ...props, data: Float32Array.from(values) });
  }
}

const textEncoder = new TextEncoder();

/**
 * A boolean, number or bigint as the text PySpark puts in a string column for the same Python
 * value: `true` / `false` (as Spark prints them), integers in full, other numbers as Python's
 * `repr(float)` (`1.5`, `1e-07`, `nan`, `inf`). Anything else: undefined. @internal
 */
export function stringOfScalar(v: unknown): string | undefined {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v !== 'number') return undefined;
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v)) return BigInt(v).toString();
  const [mantissa, exp] = v.toExponential().split('e');
  const e = Number(exp);
  if (e >= -4 && e < 16) return String(v);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

const MAX_BYTES = 2147483647;

/**
 * Variable-length bytes: strings (UTF-8) and binary, written straight into one growing buffer
 * (short ASCII strings byte by byte, others with `TextEncoder.encodeInto`).
 */
export class BytesColumn extends Base {
  private data = new Uint8Array(1024);
  private offsets = new Int32Array(64);
  private n = 0;
  private total = 0;
  constructor(
    type: DataType,
    path: string,
    nullable: boolean,
    private readonly utf8: boolean,
  ) {
    super(type, path, nullable);
  }
  /** Room for `bytes` more bytes and one more offset. */
  private reserve(bytes: number): void {
    if (this.total + bytes > this.data.length) this.data = grown(this.data, this.total + bytes);
    if (this.n + 2 > this.offsets.length) this.offsets = grown(this.offsets, this.n + 2);
  }
  private tooLarge(): TypeError {
    return new TypeError(`${label(this.path)}: more than 2 GiB of data in one batch`);
  }
  protected appendNull(): void {
    this.reserve(0);
    this.offsets[++this.n] = this.total;
  }
  protected appendValue(v: unknown): void {
    if (!this.utf8) {
      if (!(v instanceof Uint8Array)) throw this.fail(v, 'Uint8Arrays');
      if (this.total + v.byteLength > MAX_BYTES) throw this.tooLarge();
      this.reserve(v.byteLength);
      this.data.set(v, this.total);
      this.total += v.byteLength;
      this.offsets[++this.n] = this.total;
      return;
    }
    const text = typeof v === 'string' ? v : stringOfScalar(v);
    if (text === undefined) throw this.fail(v, 'strings (or booleans, numbers and bigints, as text)');
    const len = text.length;
    if (this.total + 3 * len > MAX_BYTES) {
      const bytes = textEncoder.encode(text);
      if (this.total + bytes.byteLength > MAX_BYTES) throw this.tooLarge();
      this.reserve(bytes.byteLength);
      this.data.set(bytes, this.total);
      this.total += bytes.byteLength;
      this.offsets[++this.n] = this.total;
      return;
    }
    this.reserve(3 * len); // UTF-8 takes at most 3 bytes per UTF-16 unit
    const data = this.data;
    const start = this.total;
    let j = 0;
    if (len <= 64) {
      for (; j < len; j++) {
        const c = text.charCodeAt(j);
        if (c >= 0x80) break;
        data[start + j] = c;
      }
    }
    this.total = j === len ? start + len : start + textEncoder.encodeInto(text, data.subarray(start)).written;
    this.offsets[++this.n] = this.total;
  }
  finish(): Data {
    const props = {
      ...this.nullProps(),
      valueOffsets: this.offsets.subarray(0, this.n + 1),
      data: this.data.subarray(0, this.total),
    };
    return this.utf8 ? makeData({ type: new Utf8(), ...props }) : makeData({ type: new Binary(), ...props });
  }
}
export const EMPTY = new Uint8Array(0);

export class DateColumn extends Base {
  private values = new Int32Array(64);
  private n = 0;
  private push(day: number): void {
    if (this.n === this.values.length) this.values = grown(this.values, this.n + 1);
    this.values[this.n++] = day;
  }
  protected appendNull(): void {
    this.push(0);
  }
  protected appendValue(v: unknown): void {
    let ms: number;
    if (v instanceof Date) ms = v.getTime();
    else if (typeof v === 'string' && DATE_RE.test(v)) ms = Date.parse(`${v}T00:00:00Z`);
    else throw this.fail(v, "Dates or 'YYYY-MM-DD' strings");
    if (Number.isNaN(ms)) throw this.fail(v, 'valid dates');
    this.push(Math.floor(ms / MS_PER_DAY));
  }
  finish(): Data {
    return makeData({ type: new DateDay(), ...this.nullProps(), data: this.values.subarray(0, this.n) });
  }
}

export class CalendarIntervalColumn extends Base {
  private readonly values: number[] = [];
  protected appendNull(): void {
    this.values.push(0, 0, 0, 0);
  }
  protected appendValue(v: unknown): void {
    if (!(v instanceof CalendarInterval)) throw this.fail(v, 'CalendarIntervals');
    // Arrow carries the time part in 64-bit nanoseconds: larger values must not wrap around.
    const exact = v.microseconds * 1000n;
    if (BigInt.asIntN(64, exact) !== exact) {
      throw this.fail(
        v,
        'CalendarIntervals whose microseconds fit 64-bit nanoseconds (|µs| <= 9223372036854775)',
      );
    }
    const nanos = BigInt.asUintN(64, exact);
    this.values.push(v.months, v.days, Number(nanos & 0xffffffffn) | 0, Number(nanos >> 32n) | 0);
  }
  finish(): Data {
    return makeData({
      type: new IntervalMonthDayNano(),
      ...this.nullProps(),
      data: Int32Array.from(this.values),
    });
  }
}
