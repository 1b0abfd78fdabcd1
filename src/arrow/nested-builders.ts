/**
 * Column builders of the nested types (array, map, struct, variant) and `builderFor`, which picks
 * the builder of any Spark type (scalar ones are in column-builders.ts).
 */

import {
  type List as ArrowList,
  type Data,
  DurationMicrosecond,
  Int64,
  type Map_,
  makeData,
  Struct,
  TimeNanosecond,
  TimestampMicrosecond,
} from 'apache-arrow';
import type { AnyDataType, StructType } from '../types/complex-types.js';
import type { DataType } from '../types/data-types.js';
import { Row } from '../types/row.js';
import { VariantValue } from '../types/variant.js';
import { arrowTypeFor, structFields } from './arrow-types.js';
import {
  Base,
  BoolColumn,
  BytesColumn,
  CalendarIntervalColumn,
  type ColumnBuilder,
  DateColumn,
  describe,
  EMPTY,
  FloatColumn,
  Int64Column,
  IntColumn,
  LongColumn,
  label,
  NullColumn,
  TimestampColumn,
  toLong,
  toTimeNanos,
  toTimestampMicros,
} from './column-builders.js';
import { DecimalColumn } from './decimal-column.js';

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

export class StructBuilder extends Base {
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
      if (!this.hasOnlySchemaKeys(v)) {
        for (const k of Object.keys(v)) {
          if (!this.index.has(k)) {
            throw new TypeError(
              `${this.topLevel ? 'a row' : label(this.path)} has a field '${k}' that is not in the schema (${this.names.join(', ')})`,
            );
          }
        }
      }
      for (let i = 0; i < n; i++) this.children[i].append(v[this.names[i]]);
      return;
    }
    throw this.fail(v, 'arrays, Rows or plain objects');
  }
  /**
   * Whether every key of `v` is a field name, without building the key list: `for...in` sees
   * every key `Object.keys` gives (and inherited enumerable ones). False only means "check the
   * keys one by one".
   */
  private hasOnlySchemaKeys(v: Record<string, unknown>): boolean {
    for (const k in v) if (!this.index.has(k)) return false;
    return true;
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
export function builderFor(type: DataType, path: string, nullable: boolean): ColumnBuilder {
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
      return new LongColumn(t, path, nullable, new Int64(), toLong, 'bigints or safe integer numbers');
    case 'timestamp':
      return new TimestampColumn(
        t,
        path,
        nullable,
        new TimestampMicrosecond('UTC'),
        toTimestampMicros,
        'Dates or bigint epoch microseconds',
      );
    case 'timestamp_ntz':
      return new TimestampColumn(
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
    case 'timestamp_ntz_nanos':
    case 'timestamp_ltz_nanos':
      throw new TypeError(
        `${label(path)}: local data of type ${t.simpleString()} (nanosecond timestamp) is not supported; use timestamp_ntz / timestamp, or cast on the server`,
      );
    default: {
      const unknown: never = t;
      throw new TypeError(`No encoder for ${String(unknown)}`);
    }
  }
}
