/**
 * Row: one result record with its schema, with PySpark's `Row` conveniences and Scala's typed
 * getters.
 */

import type { AnyDataType, StructType } from './complex-types.js';
import type { DataType, DataTypeKind, JsonValue } from './data-types.js';
import { jsonOf, reprOf, toPlain } from './row-format.js';
import {
  type CalendarInterval,
  type LocalTime,
  SparkTimestamp,
  SparkTimestampNanos,
  SparkTimestampNTZNanos,
} from './values.js';
import type { VariantValue } from './variant.js';

/** A Row field: its position (0-based) or its name. */
export type Key = number | string;

const kinds = (...k: DataTypeKind[]): ReadonlySet<DataTypeKind> => new Set(k);
const BOOLEAN = kinds('boolean');
const BYTE = kinds('byte');
const SHORT = kinds('byte', 'short');
const INT = kinds('byte', 'short', 'integer');
const LONG = kinds('byte', 'short', 'integer', 'long');
const FLOAT = kinds('byte', 'short', 'float');
const DOUBLE = kinds('byte', 'short', 'integer', 'float', 'double');
const STRING = kinds('string', 'char', 'varchar');
const DECIMAL = kinds('decimal');
const DATE = kinds('date');
const TIMESTAMP = kinds('timestamp', 'timestamp_ntz', 'timestamp_ntz_nanos', 'timestamp_ltz_nanos');
const BINARY = kinds('binary');
const ARRAY = kinds('array');
const MAP = kinds('map');
const STRUCT = kinds('struct');
const VARIANT = kinds('variant');
const TIME = kinds('time');
const CALENDAR_INTERVAL = kinds('calendar_interval');
const DAY_TIME_INTERVAL = kinds('day_time_interval');
const YEAR_MONTH_INTERVAL = kinds('year_month_interval');

/** The type values of `t` are stored as: a UDT's SQL type, else `t`. */
function storageType(t: DataType): DataType {
  const u = t as AnyDataType;
  return u.kind === 'udt' && u.sqlType !== undefined ? storageType(u.sqlType) : t;
}

function showKey(key: Key): string {
  return typeof key === 'number' ? String(key) : `'${key}'`;
}

/**
 * One row of a result, with its schema. Values are JS values as mapped by the Arrow decoder:
 * boolean → boolean; byte/short/int/float/double → number; bigint → bigint; decimal → string;
 * string → string; binary → Uint8Array; date → Date (UTC midnight); timestamp / timestamp_ntz →
 * SparkTimestamp / SparkTimestampNTZ (Dates keeping microseconds); day-time interval → bigint
 * microseconds; year-month interval → number of months; interval → CalendarInterval; time →
 * LocalTime; variant → VariantValue; array → Array; map → Map; struct → Row; null → null.
 *
 * Getters take a field index or name. Nulls follow Scala's Row: getters returning JS primitives
 * (`getBoolean`, `getByte`, `getShort`, `getInt`, `getLong`, `getFloat`, `getDouble`,
 * `getYearMonthInterval`, `getDayTimeInterval`) throw a TypeError on null (check `isNullAt`
 * first); getters returning objects or strings (`getString`, `getDecimal`, `getDate`,
 * `getTimestamp`, `getTimestampMicros`, `getBinary`, `getArray`, `getMap`, `getStruct`, ...)
 * return null. A getter for the wrong type throws a TypeError naming the field and both types;
 * exact widenings are allowed (e.g. `getLong` on an int field, `getDouble` on a float field).
 *
 * @example
 * for await (const row of df) {
 *   row.getLong('id');            // 42n
 *   row.getString(1);             // 'alice' or null
 *   row.isNullAt('age') ? undefined : row.getInt('age');
 *   row.toObject();               // { id: 42n, name: 'alice', age: 30 }
 *   JSON.stringify(row);          // '{"id":42,"name":"alice","age":30}'
 *   String(row);                  // "Row(id=42, name='alice', age=30)"
 * }
 */
export class Row<T extends Record<string, unknown> = Record<string, unknown>> implements Iterable<unknown> {
  /** The row's schema. */
  readonly schema: StructType;
  private readonly vals: unknown[];

  /**
   * @param schema the row's struct type
   * @param values one JS value per field, already converted (the array is kept, not copied)
   * @throws RangeError when the number of values differs from the number of fields
   */
  constructor(schema: StructType, values: unknown[]) {
    if (values.length !== schema.fields.length) {
      throw new RangeError(
        `Row has ${values.length} values but its schema has ${schema.fields.length} fields`,
      );
    }
    this.schema = schema;
    this.vals = values;
  }

  /** Number of fields. */
  get length(): number {
    return this.vals.length;
  }

  /** The index of the (first) field with this name. @throws RangeError listing the available fields */
  fieldIndex(name: string): number {
    return this.schema.fieldIndex(name);
  }

  private indexOf(key: Key): number {
    return typeof key === 'number' ? this.schema.checkIndex(key) : this.schema.fieldIndex(key);
  }

  /**
   * The value at an index or of a field name (the first field with that name).
   * @throws RangeError for an index out of range or an unknown name
   */
  get<K extends keyof T & string>(name: K): T[K];
  get(indexOrName: Key): unknown;
  get(key: Key): unknown {
    return this.vals[this.indexOf(key)];
  }

  /** The value, cast without checks to the type the caller names. */
  getAs<V>(key: Key): V {
    return this.vals[this.indexOf(key)] as V;
  }

  /** Whether the value is null. */
  isNullAt(key: Key): boolean {
    const v = this.vals[this.indexOf(key)];
    return v === null || v === undefined;
  }

  private checked(method: string, key: Key, allowed: ReadonlySet<DataTypeKind>, expected: string): unknown {
    const i = this.indexOf(key);
    const field = this.schema.fields[i];
    if (!allowed.has(storageType(field.dataType).kind)) {
      throw new TypeError(
        `${method}(${showKey(key)}): field '${field.name}' is ${field.dataType.simpleString()}, not ${expected}`,
      );
    }
    return this.vals[i];
  }

  private nonNull(method: string, key: Key, allowed: ReadonlySet<DataTypeKind>, expected: string): unknown {
    const v = this.checked(method, key, allowed, expected);
    if (v === null || v === undefined) {
      const name = this.schema.fields[this.indexOf(key)].name;
      throw new TypeError(
        `${method}(${showKey(key)}): field '${name}' is null (check isNullAt() or use get())`,
      );
    }
    return v;
  }

  /** A boolean field. @throws TypeError on null or another type */
  getBoolean(key: Key): boolean {
    return this.nonNull('getBoolean', key, BOOLEAN, 'boolean') as boolean;
  }

  /** A tinyint field. @throws TypeError on null or another type */
  getByte(key: Key): number {
    return this.nonNull('getByte', key, BYTE, 'tinyint') as number;
  }

  /** A smallint (or tinyint) field. @throws TypeError on null or another type */
  getShort(key: Key): number {
    return this.nonNull('getShort', key, SHORT, 'smallint') as number;
  }

  /** An int (or smaller integer) field. @throws TypeError on null or another type */
  getInt(key: Key): number {
    return this.nonNull('getInt', key, INT, 'int') as number;
  }

  /** A bigint (or smaller integer) field, as a bigint. @throws TypeError on null or another type */
  getLong(key: Key): bigint {
    const v = this.nonNull('getLong', key, LONG, 'bigint');
    return typeof v === 'bigint' ? v : BigInt(v as number);
  }

  /** A float (or tinyint/smallint) field. @throws TypeError on null or another type */
  getFloat(key: Key): number {
    return this.nonNull('getFloat', key, FLOAT, 'float') as number;
  }

  /** A double (or float, int, smallint, tinyint) field. @throws TypeError on null or another type */
  getDouble(key: Key): number {
    return this.nonNull('getDouble', key, DOUBLE, 'double') as number;
  }

  /** A string / char / varchar field, or null. @throws TypeError for another type */
  getString(key: Key): string | null {
    return (this.checked('getString', key, STRING, 'string') as string | undefined) ?? null;
  }

  /** A decimal field as its exact string (e.g. `'12.50'`), or null. @throws TypeError for another type */
  getDecimal(key: Key): string | null {
    return (this.checked('getDecimal', key, DECIMAL, 'decimal') as string | undefined) ?? null;
  }

  /** A date field (a Date at UTC midnight), or null. @throws TypeError for another type */
  getDate(key: Key): Date | null {
    return (this.checked('getDate', key, DATE, 'date') as Date | undefined) ?? null;
  }

  /**
   * A timestamp or timestamp_ntz field (a SparkTimestamp: a Date that keeps microseconds), or null.
   * @throws TypeError for another type
   */
  getTimestamp(key: Key): SparkTimestamp | null {
    const v = this.checked('getTimestamp', key, TIMESTAMP, 'timestamp') as Date | null | undefined;
    if (v === null || v === undefined) return null;
    return v instanceof SparkTimestamp ? v : new SparkTimestamp(v.getTime());
  }

  /**
   * A timestamp or timestamp_ntz field as exact microseconds since the epoch (for timestamp_ntz:
   * of the wall-clock time read as UTC), or null.
   * @throws TypeError for another type
   */
  getTimestampMicros(key: Key): bigint | null {
    const v = this.checked('getTimestampMicros', key, TIMESTAMP, 'timestamp') as Date | null | undefined;
    if (v === null || v === undefined) return null;
    return v instanceof SparkTimestamp ? v.epochMicros : BigInt(v.getTime()) * 1000n;
  }

  /**
   * A timestamp field of any precision as exact nanoseconds since the epoch (for timestamp_ntz and
   * timestamp_ntz(p): of the wall-clock time read as UTC), or null. Spark 4.3's nanosecond types
   * (`timestamp_ntz(9)`, `timestamp_ltz(9)`) keep every digit.
   * @throws TypeError for another type
   * @example
   * row.getTimestampNanos('ts'); // 1704067200123456789n
   */
  getTimestampNanos(key: Key): bigint | null {
    const v = this.checked('getTimestampNanos', key, TIMESTAMP, 'timestamp') as Date | null | undefined;
    if (v === null || v === undefined) return null;
    if (v instanceof SparkTimestampNanos || v instanceof SparkTimestampNTZNanos) return v.epochNanos;
    return v instanceof SparkTimestamp ? v.epochMicros * 1000n : BigInt(v.getTime()) * 1_000_000n;
  }

  /** A binary field, or null. @throws TypeError for another type */
  getBinary(key: Key): Uint8Array | null {
    return (this.checked('getBinary', key, BINARY, 'binary') as Uint8Array | undefined) ?? null;
  }

  /** An array field, or null. @throws TypeError for another type */
  getArray<E = unknown>(key: Key): E[] | null {
    return (this.checked('getArray', key, ARRAY, 'array') as E[] | undefined) ?? null;
  }

  /** A map field, or null. @throws TypeError for another type */
  getMap<K = unknown, V = unknown>(key: Key): Map<K, V> | null {
    return (this.checked('getMap', key, MAP, 'map') as Map<K, V> | undefined) ?? null;
  }

  /** A struct field (a nested Row), or null. @throws TypeError for another type */
  getStruct<S extends Record<string, unknown> = Record<string, unknown>>(key: Key): Row<S> | null {
    return (this.checked('getStruct', key, STRUCT, 'struct') as Row<S> | undefined) ?? null;
  }

  /** A variant field, or null. @throws TypeError for another type */
  getVariant(key: Key): VariantValue | null {
    return (this.checked('getVariant', key, VARIANT, 'variant') as VariantValue | undefined) ?? null;
  }

  /** A time field, or null. @throws TypeError for another type */
  getTime(key: Key): LocalTime | null {
    return (this.checked('getTime', key, TIME, 'time') as LocalTime | undefined) ?? null;
  }

  /** A calendar interval field, or null. @throws TypeError for another type */
  getCalendarInterval(key: Key): CalendarInterval | null {
    return (
      (this.checked('getCalendarInterval', key, CALENDAR_INTERVAL, 'interval') as
        | CalendarInterval
        | undefined) ?? null
    );
  }

  /** A day-time interval field, in microseconds. @throws TypeError on null or another type */
  getDayTimeInterval(key: Key): bigint {
    return this.nonNull('getDayTimeInterval', key, DAY_TIME_INTERVAL, 'interval day to second') as bigint;
  }

  /** A year-month interval field, in months. @throws TypeError on null or another type */
  getYearMonthInterval(key: Key): number {
    return this.nonNull('getYearMonthInterval', key, YEAR_MONTH_INTERVAL, 'interval year to month') as number;
  }

  /**
   * The row as a plain object keyed by field name, nested Rows (also inside arrays and maps)
   * becoming plain objects; other values are kept as they are (bigint, Date, Map, ...). With
   * duplicate field names, the last one wins.
   *
   * @example
   * row.toObject(); // { id: 1n, tags: ['a'], address: { city: 'Oslo' } }
   */
  toObject(): T {
    const out: Record<string, unknown> = {};
    const fields = this.schema.fields;
    for (let i = 0; i < fields.length; i++) out[fields[i].name] = toPlain(this.vals[i]);
    return out as T;
  }

  /**
   * PySpark's `asDict`: like `toObject()`; with `recursive = false`, nested Rows stay Rows.
   */
  asDict(recursive = true): T {
    if (recursive) return this.toObject();
    const out: Record<string, unknown> = {};
    const fields = this.schema.fields;
    for (let i = 0; i < fields.length; i++) out[fields[i].name] = this.vals[i];
    return out as T;
  }

  /**
   * A JSON-safe object (used by `JSON.stringify`): bigints as numbers when safe integers, else
   * strings; decimals as strings; NaN/±Infinity as strings; binary as base64; dates as
   * `YYYY-MM-DD`; timestamps as ISO 8601 with microseconds (`...T03:04:05.123456Z`, no `Z` for
   * timestamp_ntz); maps as objects when keys are strings, else arrays of `[key, value]`; nested
   * Rows as objects; times as `HH:MM:SS.ffffff`; variants decoded to JSON.
   */
  toJSON(): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    const fields = this.schema.fields;
    for (let i = 0; i < fields.length; i++) out[fields[i].name] = jsonOf(this.vals[i], fields[i].dataType);
    return out;
  }

  /** PySpark's repr: `Row(id=1, name='x', price=Decimal('1.50'), tags=None)`. */
  toString(): string {
    const fields = this.schema.fields;
    const parts: string[] = new Array(fields.length);
    for (let i = 0; i < fields.length; i++)
      parts[i] = `${fields[i].name}=${reprOf(this.vals[i], fields[i].dataType)}`;
    return `Row(${parts.join(', ')})`;
  }

  /** A copy of the values, in field order. */
  toArray(): unknown[] {
    return this.vals.slice();
  }

  /** Iterates over the values, in field order (so `const [a, b] = row` works). */
  [Symbol.iterator](): Iterator<unknown> {
    return this.vals[Symbol.iterator]();
  }
}
