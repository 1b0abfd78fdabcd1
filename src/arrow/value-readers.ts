/**
 * Per-value readers for every Spark type: `readerFactory(type)` builds, once per schema, a
 * factory that binds to one record batch's column `Data` (checking its Arrow layout against the
 * Spark type, reading its buffers and picking the variant for the Arrow physical type once) and
 * gives `read(i)`, the value at a row index. The column fills (column-fills.ts) cover the common
 * types without a per-value call; these readers cover every type, nested values and the rare
 * Arrow layouts.
 */

import {
  type Field as ArrowField,
  type Struct as ArrowStruct,
  type DataType as ArrowType,
  type Data,
  IntervalUnit,
  Precision,
  TimeUnit,
  Type,
  Vector,
} from 'apache-arrow';
import { ProtocolError } from '../errors/base.js';
import { isLinalgUdt, linalgFromStruct } from '../ml/linalg.js';
import type { AnyDataType, StructType } from '../types/complex-types.js';
import type { DataType } from '../types/data-types.js';
import { Row } from '../types/row.js';
import {
  CalendarInterval,
  LocalTime,
  SparkTimestamp,
  SparkTimestampNanos,
  SparkTimestampNTZ,
  SparkTimestampNTZNanos,
} from '../types/values.js';
import { VariantValue } from '../types/variant.js';
import {
  attr,
  expect,
  int32View,
  MS_PER_DAY,
  mismatch,
  offsetsOf,
  TWO_32,
  utf8Slicer,
  withNulls,
} from './arrow-data.js';
import { type ConverterOptions, converterFor, type ReaderFactory, type ValueReader } from './converters.js';
import { decimalReader } from './decimal-text.js';
import { sparkTypeFromArrow } from './schema.js';

/** A dictionary-encoded column: the dictionary's values read through `inner`. */
export function bindDictionary(data: Data, inner: ReaderFactory, path: string): ValueReader {
  const dict = data.dictionary;
  if (dict === undefined || dict.data.length !== 1) {
    throw new ProtocolError(`Column '${path}': unsupported dictionary encoding`);
  }
  const values = inner(dict.data[0]);
  const indices = data.values as ArrayLike<number | bigint>;
  return withNulls(data, (i) => values(Number(indices[i])));
}

/** Multiplier/divisor to microseconds for an Arrow time unit. */
function toMicros(unit: TimeUnit): [bigint, bigint] {
  switch (unit) {
    case TimeUnit.SECOND:
      return [1_000_000n, 1n];
    case TimeUnit.MILLISECOND:
      return [1000n, 1n];
    case TimeUnit.MICROSECOND:
      return [1n, 1n];
    default:
      return [1n, 1000n];
  }
}

/** Floor division of bigints (for negative nanosecond timestamps). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * The reader factory of a Spark type (see the module doc).
 * @throws ProtocolError (at bind time) when the Arrow data does not fit the Spark type
 */
export function readerFactory(type: AnyDataType, path: string, opts: ConverterOptions): ReaderFactory {
  switch (type.kind) {
    case 'null':
      return () => () => null;
    case 'boolean':
      return (data) => {
        expect(data, path, type, Type.Bool);
        const bits = data.values as Uint8Array;
        const offset = data.offset;
        return withNulls(data, (i) => {
          const p = offset + i;
          return (bits[p >> 3] & (1 << (p & 7))) !== 0;
        });
      };
    case 'byte':
    case 'short':
    case 'integer':
    case 'year_month_interval':
      return (data) => {
        if (type.kind === 'year_month_interval') {
          if (data.typeId !== Type.Interval || attr(data, 'unit') !== IntervalUnit.YEAR_MONTH) {
            expect(data, path, type, Type.Int);
          }
        } else {
          expect(data, path, type, Type.Int);
          if (attr(data, 'bitWidth') > 32) throw mismatch(path, type, data);
        }
        const values = data.values as Int32Array;
        return withNulls(data, (i) => values[i]);
      };
    case 'long':
      return (data) => {
        expect(data, path, type, Type.Int);
        const values = data.values as BigInt64Array | BigUint64Array | Int32Array;
        if (values instanceof Int32Array) return withNulls(data, (i) => BigInt(values[i]));
        // Narrower integer arrays (Int8/Int16/Uint*) read as numbers too.
        if (!(values instanceof BigInt64Array || values instanceof BigUint64Array)) {
          const narrow = values as ArrayLike<number>;
          return withNulls(data, (i) => BigInt(narrow[i]));
        }
        return withNulls(data, (i) => values[i]);
      };
    case 'float':
    case 'double':
      return (data) => {
        expect(data, path, type, Type.Float);
        if (attr(data, 'precision') === Precision.HALF) {
          const vec = new Vector([data]);
          return (i) => vec.get(i);
        }
        const values = data.values as Float64Array | Float32Array;
        return withNulls(data, (i) => values[i]);
      };
    case 'decimal':
      return (data) => {
        expect(data, path, type, Type.Decimal);
        return withNulls(data, decimalReader(data));
      };
    case 'string':
    case 'char':
    case 'varchar':
      return (data) => {
        if (data.typeId === Type.Utf8View) return viewReader(data);
        expect(data, path, type, Type.Utf8, Type.LargeUtf8);
        const off = offsetsOf(data);
        const slice = utf8Slicer(data.values as Uint8Array);
        return withNulls(data, (i) => slice(off(i), off(i + 1)));
      };
    case 'binary':
      return (data) => binaryReader(data, path, type);
    case 'date':
      return (data) => {
        expect(data, path, type, Type.Date);
        const values = data.values as Int32Array | BigInt64Array;
        if (values instanceof Int32Array) return withNulls(data, (i) => new Date(values[i] * MS_PER_DAY));
        const w = int32View(values);
        return withNulls(data, (i) => new Date((w[2 * i] >>> 0) + w[2 * i + 1] * TWO_32));
      };
    case 'timestamp':
    case 'timestamp_ntz':
      return (data) => timestampReader(data, path, type, type.kind === 'timestamp_ntz');
    case 'timestamp_ntz_nanos':
    case 'timestamp_ltz_nanos':
      return (data) => timestampNanosReader(data, path, type, type.kind === 'timestamp_ntz_nanos');
    case 'day_time_interval':
      return (data) => {
        expect(data, path, type, Type.Duration);
        const values = data.values as BigInt64Array;
        const [mul, div] = toMicros(attr(data, 'unit'));
        if (mul === 1n && div === 1n) return withNulls(data, (i) => values[i]);
        return withNulls(data, (i) => (values[i] * mul) / div);
      };
    case 'calendar_interval':
      return (data) => {
        expect(data, path, type, Type.Interval);
        const unit = attr(data, 'unit');
        const v = data.values as Int32Array;
        if (unit === IntervalUnit.MONTH_DAY_NANO) {
          return withNulls(data, (i) => {
            const b = 4 * i;
            const nanos = (BigInt(v[b + 3]) << 32n) | BigInt(v[b + 2] >>> 0);
            return new CalendarInterval(v[b], v[b + 1], nanos / 1000n);
          });
        }
        if (unit === IntervalUnit.DAY_TIME) {
          return withNulls(data, (i) => new CalendarInterval(0, v[2 * i], BigInt(v[2 * i + 1]) * 1000n));
        }
        return withNulls(data, (i) => new CalendarInterval(v[i], 0, 0n));
      };
    case 'time':
      return (data) => {
        expect(data, path, type, Type.Time);
        const unit = attr(data, 'unit');
        const values = data.values as Int32Array | BigInt64Array;
        const scale =
          unit === TimeUnit.SECOND
            ? 1e9
            : unit === TimeUnit.MILLISECOND
              ? 1e6
              : unit === TimeUnit.MICROSECOND
                ? 1e3
                : 1;
        if (values instanceof Int32Array) return withNulls(data, (i) => new LocalTime(values[i] * scale));
        const w = int32View(values);
        return withNulls(data, (i) => new LocalTime(((w[2 * i] >>> 0) + w[2 * i + 1] * TWO_32) * scale));
      };
    case 'variant':
      return (data) => {
        expect(data, path, type, Type.Struct);
        const fields = (data.type as ArrowStruct).children as ArrowField[];
        const vi = fields.findIndex((f) => f.name === 'value');
        const mi = fields.findIndex((f) => f.name === 'metadata');
        if (vi < 0 || mi < 0) throw mismatch(path, type, data);
        const value = binaryReader(data.children[vi], `${path}.value`, type);
        const metadata = binaryReader(data.children[mi], `${path}.metadata`, type);
        const tz = opts.timeZone;
        return withNulls(
          data,
          (i) => new VariantValue(value(i) as Uint8Array, metadata(i) as Uint8Array, tz),
        );
      };
    case 'geometry':
    case 'geography':
      // The Arrow layout of spatial values is not pinned down here: decode by the Arrow type.
      return (data) => converterFor(sparkTypeFromArrow(data.type as ArrowType), path, opts)(data);
    case 'udt': {
      const sqlType = type.sqlType;
      const jvmClass = type.jvmClass;
      if (jvmClass !== undefined && isLinalgUdt(jvmClass)) {
        // Spark ML vectors and matrices: their struct (the server may not send the SQL type:
        // then the Arrow type tells it) becomes a Vector / Matrix value.
        return (data) => {
          const struct = converterFor(sqlType ?? sparkTypeFromArrow(data.type as ArrowType), path, opts);
          const read = struct(data);
          return (i) => {
            const v = read(i);
            return v === null ? null : linalgFromStruct(jvmClass, (v as Row).toArray());
          };
        };
      }
      if (sqlType !== undefined) return converterFor(sqlType, path, opts);
      return (data) => converterFor(sparkTypeFromArrow(data.type as ArrowType), path, opts)(data);
    }
    case 'array': {
      const element = converterFor(type.elementType, `${path}.element`, opts);
      return (data) => {
        if (data.typeId === Type.FixedSizeList) {
          const size = attr(data, 'listSize');
          const child = element(data.children[0]);
          return withNulls(data, (i) => {
            const out = new Array(size);
            for (let j = 0; j < size; j++) out[j] = child(i * size + j);
            return out;
          });
        }
        expect(data, path, type, Type.List, Type.LargeList);
        const off = offsetsOf(data);
        const child = element(data.children[0]);
        return withNulls(data, (i) => {
          const a = off(i);
          const n = off(i + 1) - a;
          const out = new Array(n);
          for (let j = 0; j < n; j++) out[j] = child(a + j);
          return out;
        });
      };
    }
    case 'map': {
      const key = converterFor(type.keyType, `${path}.key`, opts);
      const value = converterFor(type.valueType, `${path}.value`, opts);
      return (data) => {
        expect(data, path, type, Type.Map);
        const off = offsetsOf(data);
        const entries = data.children[0];
        if (entries === undefined || entries.children.length < 2) throw mismatch(path, type, data);
        const k = key(entries.children[0]);
        const v = value(entries.children[1]);
        return withNulls(data, (i) => {
          const out = new Map<unknown, unknown>();
          const end = off(i + 1);
          for (let j = off(i); j < end; j++) out.set(k(j), v(j));
          return out;
        });
      };
    }
    case 'struct':
      return structFactory(type, path, opts);
    default: {
      const unknown: never = type;
      throw new ProtocolError(`Column '${path}': no converter for Spark type ${String(unknown)}`);
    }
  }
}

/** Struct values: one nested Row per value (fields matched by position). */
export function structFactory(type: StructType, path: string, opts: ConverterOptions): ReaderFactory {
  const children = type.fields.map((f) => converterFor(f.dataType, `${path}.${f.name}`, opts));
  const n = children.length;
  return (data) => {
    expect(data, path, type, Type.Struct);
    if (data.children.length !== n) {
      throw new ProtocolError(
        `Column '${path}': Arrow struct has ${data.children.length} fields, Spark type ${type.simpleString()} has ${n}`,
      );
    }
    // Fields are matched by position: Arrow renames duplicate names to _0, _1, ...
    const readers = children.map((c, k) => c(data.children[k]));
    return withNulls(data, (i) => {
      const values = new Array(n);
      for (let k = 0; k < n; k++) values[k] = readers[k](i);
      return new Row(type, values);
    });
  };
}

function binaryReader(data: Data, path: string, type: DataType): ValueReader {
  if (data.typeId === Type.BinaryView) return viewReader(data);
  if (data.typeId === Type.FixedSizeBinary) {
    const width = attr(data, 'byteWidth');
    const bytes = data.values as Uint8Array;
    return withNulls(data, (i) => bytes.slice(i * width, (i + 1) * width));
  }
  expect(data, path, type, Type.Binary, Type.LargeBinary);
  const off = offsetsOf(data);
  const bytes = data.values as Uint8Array;
  // A copy: values must not pin the whole IPC message in memory nor alias each other.
  return withNulls(data, (i) => bytes.slice(off(i), off(i + 1)));
}

/** Utf8View / BinaryView: rare from Spark; read through Arrow's own accessor. */
function viewReader(data: Data): ValueReader {
  const vec = new Vector([data]);
  if (data.typeId === Type.BinaryView) {
    return (i) => {
      const v = vec.get(i) as Uint8Array | null;
      return v === null ? null : v.slice();
    };
  }
  return (i) => vec.get(i);
}

function timestampReader(data: Data, path: string, type: DataType, ntz: boolean): ValueReader {
  expect(data, path, type, Type.Timestamp);
  const values = data.values as BigInt64Array;
  const unit = attr(data, 'unit');
  if (unit === TimeUnit.MICROSECOND) {
    const w = int32View(values);
    // us = hi * 2^32 + lo, and 2^32 = 4294967 * 1000 + 296, so with r = hi * 296 + lo (exact):
    // ms = hi * 4294967 + floor(r / 1000), micros of ms = r mod 1000. No BigInt, no rounding.
    if (ntz) {
      return withNulls(data, (i) => {
        const hi = w[2 * i + 1];
        const r = hi * 296 + (w[2 * i] >>> 0);
        const q = Math.floor(r / 1000);
        return new SparkTimestampNTZ(hi * 4294967 + q, r - q * 1000);
      });
    }
    return withNulls(data, (i) => {
      const hi = w[2 * i + 1];
      const r = hi * 296 + (w[2 * i] >>> 0);
      const q = Math.floor(r / 1000);
      return new SparkTimestamp(hi * 4294967 + q, r - q * 1000);
    });
  }
  const [mul, div] = toMicros(unit);
  const make = ntz ? SparkTimestampNTZ.fromEpochMicros : SparkTimestamp.fromEpochMicros;
  return withNulls(data, (i) => make(floorDiv(values[i] * mul, div)));
}

const NANOS_PER_UNIT: Record<TimeUnit, bigint> = {
  [TimeUnit.SECOND]: 1_000_000_000n,
  [TimeUnit.MILLISECOND]: 1_000_000n,
  [TimeUnit.MICROSECOND]: 1000n,
  [TimeUnit.NANOSECOND]: 1n,
};

/** Spark 4.3 nanosecond timestamps (Arrow timestamp[ns], with the session zone for ltz): exact. */
function timestampNanosReader(data: Data, path: string, type: DataType, ntz: boolean): ValueReader {
  expect(data, path, type, Type.Timestamp);
  const values = data.values as BigInt64Array;
  const mul = NANOS_PER_UNIT[attr(data, 'unit') as TimeUnit];
  const make = ntz ? SparkTimestampNTZNanos.fromEpochNanos : SparkTimestampNanos.fromEpochNanos;
  return withNulls(data, (i) => make(values[i] * mul));
}
