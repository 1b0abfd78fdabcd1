/**
 * JS values → Arrow IPC, for local data (`spark.createDataFrame`). The Arrow types are the ones
 * Spark itself uses for each Spark type (see protocol-notes "Arrow encoding by the server"), so
 * the server reads the data back without casts:
 *
 * | Spark | Arrow | JS values accepted |
 * | --- | --- | --- |
 * | null | Null | `null` |
 * | boolean | Bool | boolean |
 * | tinyint, smallint, int | Int8, Int16, Int32 | integer number or bigint in range |
 * | bigint | Int64 | bigint, or a safe integer number |
 * | float, double | Float32, Float64 | number, or a bigint a double holds exactly |
 * | decimal(p,s) | Decimal128(p,s) | decimal string, bigint, or a plain number (e.g. `1.5`) |
 * | string, char, varchar | Utf8 | string |
 * | binary | Binary | Uint8Array (Buffer) |
 * | date | Date32 | Date (its UTC day) or `'YYYY-MM-DD'` |
 * | timestamp | Timestamp(us, UTC) | Date / SparkTimestamp (microseconds kept), or bigint epoch microseconds |
 * | timestamp_ntz | Timestamp(us) | Date whose UTC fields are the wall clock, or bigint microseconds |
 * | interval day to second | Duration(us) | bigint (or safe integer) microseconds |
 * | interval year to month | Interval(YEAR_MONTH) | integer number of months |
 * | interval | Interval(MONTH_DAY_NANO) | CalendarInterval |
 * | time | Time64(ns) | LocalTime |
 * | variant | Struct{value, metadata} | VariantValue |
 * | array | List | Array |
 * | map | Map | Map, or a plain object (string keys) |
 * | struct | Struct | Row or array (by position), plain object (by field name) |
 *
 * `undefined` counts as null; `typed.*(...)` wrappers are unwrapped. Anything else is a TypeError
 * naming the column path; nothing is silently converted (a lossy value, e.g. a decimal with more
 * fraction digits than the scale or an int out of range, is an error).
 */

import {
  List as ArrowList,
  type DataType as ArrowType,
  Binary,
  Bool,
  type Data,
  DateDay,
  Decimal,
  DurationMicrosecond,
  Field,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  IntervalMonthDayNano,
  IntervalYearMonth,
  Map_,
  makeData,
  Null,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  TimeNanosecond,
  TimestampMicrosecond,
  Utf8,
} from 'apache-arrow';
import { TypedValue } from '../column/literal.js';
import type { AnyDataType, StructType } from '../types/complex-types.js';
import type { DataType, YearMonthIntervalType } from '../types/data-types.js';
import { Row } from '../types/row.js';
import { CalendarInterval, LocalTime, SparkTimestamp } from '../types/values.js';
import { VariantValue } from '../types/variant.js';

const MS_PER_DAY = 86_400_000;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Arrow type Spark uses for a Spark type. @throws TypeError for types local data cannot carry */
export function arrowTypeFor(type: DataType): ArrowType {
  const t = type as AnyDataType;
  switch (t.kind) {
    case 'null':
      return new Null();
    case 'boolean':
      return new Bool();
    case 'byte':
      return new Int8();
    case 'short':
      return new Int16();
    case 'integer':
      return new Int32();
    case 'long':
      return new Int64();
    case 'float':
      return new Float32();
    case 'double':
      return new Float64();
    case 'decimal':
      return new Decimal(t.scale, t.precision, 128);
    case 'string':
    case 'char':
    case 'varchar':
      return new Utf8();
    case 'binary':
      return new Binary();
    case 'date':
      return new DateDay();
    case 'timestamp':
      return new TimestampMicrosecond('UTC');
    case 'timestamp_ntz':
      return new TimestampMicrosecond(null);
    case 'day_time_interval':
      return new DurationMicrosecond();
    case 'year_month_interval':
      return new IntervalYearMonth();
    case 'calendar_interval':
      return new IntervalMonthDayNano();
    case 'time':
      return new TimeNanosecond();
    case 'variant':
      return new Struct([
        new Field('value', new Binary(), false),
        new Field('metadata', new Binary(), false, new Map([['variant', 'true']])),
      ]);
    case 'array':
      return new ArrowList(arrowFieldFor('element', t.elementType, t.containsNull));
    case 'map':
      return new Map_(
        new Field(
          'entries',
          new Struct([
            arrowFieldFor('key', t.keyType, false),
            arrowFieldFor('value', t.valueType, t.valueContainsNull),
          ]),
          false,
        ) as unknown as ConstructorParameters<typeof Map_>[0],
        false,
      );
    case 'struct':
      return new Struct(structFields(t));
    case 'udt':
      if (t.sqlType !== undefined) return arrowTypeFor(t.sqlType);
      throw new TypeError(`Cannot encode user-defined type ${t.toString()} without its SQL type`);
    case 'geometry':
    case 'geography':
      throw new TypeError(`Local data of type ${t.simpleString()} is not supported`);
    default: {
      const unknown: never = t;
      throw new TypeError(`No Arrow type for ${String(unknown)}`);
    }
  }
}

/** An Arrow field for a Spark field. */
export function arrowFieldFor(name: string, type: DataType, nullable: boolean): Field {
  return new Field(name, arrowTypeFor(type), nullable);
}

/** Arrow fields of a struct; duplicate names are renamed `_0`, `_1`, ... as Spark does. */
function structFields(t: StructType): Field[] {
  const names = t.fields.map((f) => f.name);
  const dup = new Set(names).size !== names.length;
  return t.fields.map((f, i) => arrowFieldFor(dup ? `_${i}` : f.name, f.dataType, f.nullable));
}

/** The Arrow schema Spark uses for a Spark schema. */
export function arrowSchemaFor(schema: StructType): Schema {
  return new Schema(structFields(schema));
}

/** Encodes rows (arrays, Rows or plain objects) as an Arrow IPC stream with one record batch. */
export function encodeRows(schema: StructType, rows: readonly unknown[]): Uint8Array {
  return encodeBatch(schema, rows).ipc;
}

/** The record batch and its IPC stream bytes. @internal */
export function encodeBatch(
  schema: StructType,
  rows: readonly unknown[],
): { batch: RecordBatch; ipc: Uint8Array } {
  const root = new StructBuilder(schema, '', false, true);
  for (let i = 0; i < rows.length; i++) {
    try {
      root.append(rows[i]);
    } catch (e) {
      if (e instanceof TypeError) throw new TypeError(`Row ${i}: ${e.message}`);
      throw e;
    }
  }
  const data = root.finish() as Data<Struct>;
  const arrowSchema = arrowSchemaFor(schema);
  const batch = new RecordBatch(arrowSchema, data);
  const ipc = RecordBatchStreamWriter.writeAll([batch]).toUint8Array(true);
  return { batch, ipc };
}

// ---- builders ------------------------------------------------------------------------------

interface ColumnBuilder {
  /** Appends one value (null/undefined → null). */
  append(value: unknown): void;
  /** The Arrow data of everything appended. */
  finish(): Data;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `a ${(v as object).constructor?.name ?? 'object'}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

function label(path: string): string {
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
abstract class Base implements ColumnBuilder {
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

class NullColumn implements ColumnBuilder {
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

class BoolColumn extends Base {
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

class IntColumn extends Base {
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
class Int64Column extends Base {
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

function toLong(v: unknown): bigint | undefined {
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

function toTimestampMicros(v: unknown): bigint | undefined {
  if (v instanceof Date) return dateMicros(v);
  if (typeof v === 'bigint') return v;
  return undefined;
}

function toTimeNanos(v: unknown): bigint | undefined {
  return v instanceof LocalTime ? BigInt(v.nanosOfDay) : undefined;
}

class FloatColumn extends Base {
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

class DecimalColumn extends Base {
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

/** Variable-length bytes: strings (UTF-8) and binary. */
class BytesColumn extends Base {
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
      if (typeof v !== 'string') throw this.fail(v, 'strings');
      bytes = textEncoder.encode(v);
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
const EMPTY = new Uint8Array(0);

class DateColumn extends Base {
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

class CalendarIntervalColumn extends Base {
  private readonly values: number[] = [];
  protected appendNull(): void {
    this.values.push(0, 0, 0, 0);
  }
  protected appendValue(v: unknown): void {
    if (!(v instanceof CalendarInterval)) throw this.fail(v, 'CalendarIntervals');
    const nanos = BigInt.asUintN(64, v.microseconds * 1000n);
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

class ListColumn extends Base {
  private readonly offsets: number[] = [0];
  private readonly child: ColumnBuilder;
  private count = 0;
  constructor(
    type: DataType & { elementType: DataType; containsNull: boolean },
    path: string,
    nullable: boolean,
  ) {
    super(type, path, nullable);
    this.child = builderFor(type.elementType, `${path}[]`, type.containsNull);
  }
  protected appendNull(): void {
    this.offsets.push(this.count);
  }
  protected appendValue(v: unknown): void {
    if (!Array.isArray(v)) throw this.fail(v, 'arrays');
    for (const e of v) this.child.append(e);
    this.count += v.length;
    this.offsets.push(this.count);
  }
  finish(): Data {
    return makeData({
      type: arrowTypeFor(this.type) as ArrowList,
      ...this.nullProps(),
      valueOffsets: Int32Array.from(this.offsets),
      child: this.child.finish(),
    });
  }
}

class MapColumn extends Base {
  private readonly offsets: number[] = [0];
  private readonly keys: ColumnBuilder;
  private readonly values: ColumnBuilder;
  private count = 0;
  constructor(
    type: DataType & { keyType: DataType; valueType: DataType; valueContainsNull: boolean },
    path: string,
    nullable: boolean,
  ) {
    super(type, path, nullable);
    this.keys = builderFor(type.keyType, `${path}.key`, false);
    this.values = builderFor(type.valueType, `${path}.value`, type.valueContainsNull);
  }
  protected appendNull(): void {
    this.offsets.push(this.count);
  }
  protected appendValue(v: unknown): void {
    let entries: Iterable<[unknown, unknown]>;
    if (v instanceof Map) entries = v.entries();
    else if (isPlainObject(v)) entries = Object.entries(v);
    else throw this.fail(v, 'Maps or plain objects');
    for (const [k, val] of entries) {
      this.keys.append(k);
      this.values.append(val);
      this.count++;
    }
    this.offsets.push(this.count);
  }
  finish(): Data {
    const mapType = arrowTypeFor(this.type) as Map_;
    const entriesType = mapType.children[0].type as Struct;
    const entries = makeData({
      type: entriesType,
      length: this.count,
      nullCount: 0,
      children: [this.keys.finish(), this.values.finish()],
    });
    return makeData({
      type: mapType,
      ...this.nullProps(),
      valueOffsets: Int32Array.from(this.offsets),
      child: entries,
    });
  }
}

class StructBuilder extends Base {
  private readonly children: ColumnBuilder[];
  private readonly names: readonly string[];
  private readonly index: Map<string, number>;
  constructor(
    private readonly struct: StructType,
    path: string,
    nullable: boolean,
    private readonly topLevel = false,
  ) {
    super(struct, path, nullable);
    this.names = struct.fieldNames();
    this.index = new Map();
    this.names.forEach((n, i) => {
      if (!this.index.has(n)) this.index.set(n, i);
    });
    this.children = struct.fields.map((f) =>
      builderFor(f.dataType, path === '' ? f.name : `${path}.${f.name}`, f.nullable),
    );
  }
  override append(raw: unknown): void {
    if (this.topLevel && (raw === null || raw === undefined)) {
      throw new TypeError('a row must not be null (give an array, a Row or an object)');
    }
    super.append(raw);
  }
  protected appendNull(): void {
    for (const c of this.children) c.append(null);
  }
  protected override fail(value: unknown, expected: string): TypeError {
    if (this.topLevel) return new TypeError(`rows must be ${expected}, got ${describe(value)}`);
    return super.fail(value, expected);
  }
  protected appendValue(v: unknown): void {
    const n = this.children.length;
    if (Array.isArray(v) || v instanceof Row) {
      const values = v instanceof Row ? v.toArray() : v;
      if (values.length !== n) {
        throw new TypeError(
          `${this.topLevel ? 'a row' : label(this.path)} has ${values.length} values but the schema has ${n} fields (${this.names.join(', ')})`,
        );
      }
      for (let i = 0; i < n; i++) this.children[i].append(values[i]);
      return;
    }
    if (isPlainObject(v)) {
      for (const k of Object.keys(v)) {
        if (!this.index.has(k)) {
          throw new TypeError(
            `${this.topLevel ? 'a row' : label(this.path)} has a field '${k}' that is not in the schema (${this.names.join(', ')})`,
          );
        }
      }
      for (let i = 0; i < n; i++) this.children[i].append(v[this.names[i]]);
      return;
    }
    throw this.fail(v, 'arrays, Rows or plain objects');
  }
  finish(): Data {
    return makeData({
      type: new Struct(structFields(this.struct)),
      ...this.nullProps(),
      children: this.children.map((c) => c.finish()),
    });
  }
}

class VariantColumn extends Base {
  private readonly value: BytesColumn;
  private readonly metadata: BytesColumn;
  constructor(type: DataType, path: string, nullable: boolean) {
    super(type, path, nullable);
    this.value = new BytesColumn(type, `${path}.value`, true, false);
    this.metadata = new BytesColumn(type, `${path}.metadata`, true, false);
  }
  protected appendNull(): void {
    this.value.append(EMPTY);
    this.metadata.append(EMPTY);
  }
  protected appendValue(v: unknown): void {
    if (!(v instanceof VariantValue)) throw this.fail(v, 'VariantValues');
    this.value.append(v.value);
    this.metadata.append(v.metadata);
  }
  finish(): Data {
    return makeData({
      type: arrowTypeFor(this.type) as Struct,
      ...this.nullProps(),
      children: [this.value.finish(), this.metadata.finish()],
    });
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Microseconds per unit of a day-time interval's end field (DAY, HOUR, MINUTE, SECOND). */
const DAY_TIME_UNITS = [86_400_000_000n, 3_600_000_000n, 60_000_000n, 1n];
const DAY_TIME_NAMES = ['day', 'hour', 'minute', 'second'];

/** The builder for one column of a Spark type. */
function builderFor(type: DataType, path: string, nullable: boolean): ColumnBuilder {
  const t = type as AnyDataType;
  switch (t.kind) {
    case 'null':
      return new NullColumn(path);
    case 'boolean':
      return new BoolColumn(t, path, nullable);
    case 'byte':
    case 'short':
    case 'integer':
    case 'year_month_interval':
      return new IntColumn(t, path, nullable, t.kind);
    case 'long':
      return new Int64Column(t, path, nullable, new Int64(), toLong, 'bigints or safe integer numbers');
    case 'timestamp':
      return new Int64Column(
        t,
        path,
        nullable,
        new TimestampMicrosecond('UTC'),
        toTimestampMicros,
        'Dates or bigint epoch microseconds',
      );
    case 'timestamp_ntz':
      return new Int64Column(
        t,
        path,
        nullable,
        new TimestampMicrosecond(null),
        toTimestampMicros,
        'Dates (UTC fields = wall clock) or bigint microseconds',
      );
    case 'day_time_interval': {
      // Values must be whole units of the type's end field (no silent truncation).
      const unit = DAY_TIME_UNITS[t.endField];
      const what =
        unit === 1n ? 'bigint microseconds' : `bigint microseconds in whole ${DAY_TIME_NAMES[t.endField]}s`;
      const convert = (v: unknown) => {
        const us = toLong(v);
        return us !== undefined && us % unit === 0n ? us : undefined;
      };
      return new Int64Column(t, path, nullable, new DurationMicrosecond(), convert, what);
    }
    case 'time':
      return new Int64Column(t, path, nullable, new TimeNanosecond(), toTimeNanos, 'LocalTimes');
    case 'float':
    case 'double':
      return new FloatColumn(t, path, nullable, t.kind === 'double');
    case 'decimal':
      return new DecimalColumn(t, path, nullable, t.precision, t.scale);
    case 'string':
    case 'char':
    case 'varchar':
      return new BytesColumn(t, path, nullable, true);
    case 'binary':
      return new BytesColumn(t, path, nullable, false);
    case 'date':
      return new DateColumn(t, path, nullable);
    case 'calendar_interval':
      return new CalendarIntervalColumn(t, path, nullable);
    case 'variant':
      return new VariantColumn(t, path, nullable);
    case 'array':
      return new ListColumn(t, path, nullable);
    case 'map':
      return new MapColumn(t, path, nullable);
    case 'struct':
      return new StructBuilder(t, path, nullable);
    case 'udt':
      if (t.sqlType !== undefined) return builderFor(t.sqlType, path, nullable);
      throw new TypeError(
        `${label(path)}: cannot encode user-defined type ${t.toString()} without its SQL type`,
      );
    case 'geometry':
    case 'geography':
      throw new TypeError(`${label(path)}: local data of type ${t.simpleString()} is not supported`);
    default: {
      const unknown: never = t;
      throw new TypeError(`No encoder for ${String(unknown)}`);
    }
  }
}
