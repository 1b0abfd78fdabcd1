/**
 * Column builders: JS values of one Spark type → Arrow data, checking every value (see the table
 * in encode.ts for what each type accepts). Nested types are in nested-builders.ts.
 */

import {
  type DataType as ArrowType,
  Binary,
  Bool,
  type Data,
  DateDay,
  Decimal,
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
const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?$/;
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
  private readonly values: number[] = [];
  constructor(
    type: DataType,
    path: string,
    nullable: boolean,
    private readonly kind: keyof typeof INT_RANGES,
  ) {
    super(type, path, nullable);
  }
  protected appendNull(): void {
    this.values.push(0);
  }
  protected appendValue(v: unknown): void {
    const [lo, hi] = INT_RANGES[this.kind];
    const what =
      this.kind === 'year_month_interval' ? 'an integer number of months' : `integers in [${lo}, ${hi}]`;
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'bigint' && v >= BigInt(lo) && v <= BigInt(hi)) n = Number(v);
    else throw this.fail(v, what);
    if (!Number.isInteger(n) || n < lo || n > hi) throw this.fail(v, what);
    if (
      this.kind === 'year_month_interval' &&
      (this.type as YearMonthIntervalType).endField === 0 &&
      n % 12 !== 0
    ) {
      throw this.fail(v, 'whole years (a multiple of 12 months)');
    }
    this.values.push(n);
  }
  finish(): Data {
    const props = this.nullProps();
    switch (this.kind) {
      case 'byte':
        return makeData({ type: new Int8(), ...props, data: Int8Array.from(this.values) });
      case 'short':
        return makeData({ type: new Int16(), ...props, data: Int16Array.from(this.values) });
      case 'integer':
        return makeData({ type: new Int32(), ...props, data: Int32Array.from(this.values) });
      case 'year_month_interval':
        return makeData({ type: new IntervalYearMonth(), ...props, data: Int32Array.from(this.values) });
    }
  }
}

/** 64-bit integers: long, timestamps, durations, times. */
export class Int64Column extends Base {
  private readonly values: bigint[] = [];
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
  protected appendNull(): void {
    this.values.push(0n);
  }
  protected appendValue(v: unknown): void {
    const b = this.convert(v);
    if (b === undefined || b < LONG_MIN || b > LONG_MAX) throw this.fail(v, this.expected);
    this.values.push(b);
  }
  finish(): Data {
    return makeData({
      type: this.arrowType as Int64,
      ...this.nullProps(),
      data: BigInt64Array.from(this.values) as unknown as Int64['TArray'],
    });
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
  private readonly values: number[] = [];
  constructor(
    type: DataType,
    path: string,
    nullable: boolean,
    private readonly double: boolean,
  ) {
    super(type, path, nullable);
  }
  protected appendNull(): void {
    this.values.push(0);
  }
  protected appendValue(v: unknown): void {
    if (typeof v === 'number') {
      this.values.push(v);
      return;
    }
    if (typeof v === 'bigint') {
      const n = Number(v);
      if (BigInt(n) === v && (this.double || Math.fround(n) === n)) {
        this.values.push(n);
        return;
      }
    }
    throw this.fail(v, 'numbers (or bigints the type holds exactly)');
  }
  finish(): Data {
    const props = this.nullProps();
    return this.double
      ? makeData({ type: new Float64(), ...props, data: Float64Array.from(this.values) })
      : makeData({ type: new Float32(), ...props, data: Float32Array.from(this.values) });
  }
}

/**
 * The unscaled value of a decimal in `scale` digits, or a message why it does not fit. Extra
 * fraction digits are accepted only when they are zeros (no rounding).
 */
export function unscaledDecimal(
  v: unknown,
  precision: number,
  scale: number,
): { value: bigint } | { error: string } {
  let text: string;
  if (typeof v === 'string') text = v.trim();
  else if (typeof v === 'bigint') text = v.toString();
  else if (typeof v === 'number' && Number.isFinite(v)) text = String(v);
  else return { error: 'decimal strings, bigints or finite numbers' };
  const m = DECIMAL_RE.exec(text);
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) {
    return { error: `decimal strings like '-12.50' (got ${JSON.stringify(text)})` };
  }
  const intPart = m[2] === '' ? '0' : m[2];
  let frac = m[3] ?? '';
  if (frac.length > scale) {
    if (!/^0*$/.test(frac.slice(scale))) {
      return { error: `at most ${scale} fraction digits without rounding (got ${text})` };
    }
    frac = frac.slice(0, scale);
  }
  frac = frac.padEnd(scale, '0');
  let unscaled = BigInt(intPart + frac);
  if (unscaled.toString().length > precision && unscaled !== 0n) {
    return { error: `at most ${precision} digits (got ${text})` };
  }
  if (m[1] === '-') unscaled = -unscaled;
  return { value: unscaled };
}

export class DecimalColumn extends Base {
  private readonly values: bigint[] = [];
  constructor(
    type: DataType,
    path: string,
    nullable: boolean,
    private readonly precision: number,
    private readonly scale: number,
  ) {
    super(type, path, nullable);
  }
  protected appendNull(): void {
    this.values.push(0n);
  }
  protected appendValue(v: unknown): void {
    const r = unscaledDecimal(v, this.precision, this.scale);
    if ('error' in r) throw this.fail(v, r.error);
    this.values.push(r.value);
  }
  finish(): Data {
    const words = new Uint32Array(this.values.length * 4);
    for (let i = 0; i < this.values.length; i++) {
      let u = BigInt.asUintN(128, this.values[i]);
      for (let k = 0; k < 4; k++) {
        words[4 * i + k] = Number(u & 0xffffffffn);
        u >>= 32n;
      }
    }
    return makeData({
      type: new Decimal(this.scale, this.precision, 128),
      ...this.nullProps(),
      data: words,
    });
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

/** Variable-length bytes: strings (UTF-8) and binary. */
export class BytesColumn extends Base {
  private readonly chunks: Uint8Array[] = [];
  private total = 0;
  constructor(
    type: DataType,
    path: string,
    nullable: boolean,
    private readonly utf8: boolean,
  ) {
    super(type, path, nullable);
  }
  protected appendNull(): void {
    this.chunks.push(EMPTY);
  }
  protected appendValue(v: unknown): void {
    let bytes: Uint8Array;
    if (this.utf8) {
      const text = typeof v === 'string' ? v : stringOfScalar(v);
      if (text === undefined) throw this.fail(v, 'strings (or booleans, numbers and bigints, as text)');
      bytes = textEncoder.encode(text);
    } else {
      if (!(v instanceof Uint8Array)) throw this.fail(v, 'Uint8Arrays');
      bytes = v;
    }
    this.total += bytes.byteLength;
    if (this.total > 2147483647)
      throw new TypeError(`${label(this.path)}: more than 2 GiB of data in one batch`);
    this.chunks.push(bytes);
  }
  finish(): Data {
    const offsets = new Int32Array(this.chunks.length + 1);
    const data = new Uint8Array(this.total);
    let off = 0;
    for (let i = 0; i < this.chunks.length; i++) {
      const c = this.chunks[i];
      data.set(c, off);
      off += c.byteLength;
      offsets[i + 1] = off;
    }
    const props = { ...this.nullProps(), valueOffsets: offsets, data };
    return this.utf8 ? makeData({ type: new Utf8(), ...props }) : makeData({ type: new Binary(), ...props });
  }
}
export const EMPTY = new Uint8Array(0);

export class DateColumn extends Base {
  private readonly values: number[] = [];
  protected appendNull(): void {
    this.values.push(0);
  }
  protected appendValue(v: unknown): void {
    let ms: number;
    if (v instanceof Date) ms = v.getTime();
    else if (typeof v === 'string' && DATE_RE.test(v)) ms = Date.parse(`${v}T00:00:00Z`);
    else throw this.fail(v, "Dates or 'YYYY-MM-DD' strings");
    if (Number.isNaN(ms)) throw this.fail(v, 'valid dates');
    this.values.push(Math.floor(ms / MS_PER_DAY));
  }
  finish(): Data {
    return makeData({ type: new DateDay(), ...this.nullProps(), data: Int32Array.from(this.values) });
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
