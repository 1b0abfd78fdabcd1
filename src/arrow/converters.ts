/**
 * Arrow → JS value converters, chosen by the Spark type.
 *
 * `columnFor(sparkType)` builds, once per schema, a tree of closures (`ColumnFactory`). For each
 * record batch a factory is bound to the column's Arrow `Data` (reading its buffers and picking
 * the variant for the Arrow physical type once), giving a `BoundColumn`: `read(i)` converts the
 * value at a row index, `fill(rows, k)` writes the whole column into `rows[i][k]`. No per-value
 * type dispatch; primitives are read straight from the typed arrays.
 *
 * `fill` is what RowDecoder uses: one loop per column (`bound`), writing `read(i)` for every row,
 * with a `read` specialised for the common types (numbers, bigint, boolean, decimal, string,
 * date, timestamp) and the presence of nulls; structs fill their fields column by column into
 * the nested Rows (filling column by column measured about 2x faster than building rows value by
 * value when the rows are not kept; see bench/README.md).
 */

import {
  type Decimal as ArrowDecimal,
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
import { formatDecimal } from '../types/format.js';
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
import { sparkTypeFromArrow } from './schema.js';

/** Converts the value at a row index of one bound column (null for nulls). */
export type ValueReader = (index: number) => unknown;

/** Binds a converter to one record batch's column data. */
export type ReaderFactory = (data: Data) => ValueReader;

/**
 * Writes a bound column's values into `rows[i][k]` for every row `i` of `rows` (as many as the
 * column has values).
 */
export type ColumnFiller = (rows: unknown[][], k: number) => void;

/** A converter bound to one record batch's column data. */
export interface BoundColumn {
  /** The value at a row index. */
  readonly read: ValueReader;
  /** All values, written into the rows' value arrays. */
  readonly fill: ColumnFiller;
}

/** Binds a converter to one record batch's column data. */
export type ColumnFactory = (data: Data) => BoundColumn;

/** Options of the converters. */
export interface ConverterOptions {
  /** The session time zone (IANA id); used to print variant timestamps. */
  timeZone: string;
}

const TWO_32 = 4294967296;
const MS_PER_DAY = 86_400_000;

/**
 * Builds the converter tree for a Spark type. `path` names the column for error messages.
 * @throws ProtocolError (at bind time) when the Arrow data does not fit the Spark type
 */
export function converterFor(type: DataType, path: string, opts: ConverterOptions): ReaderFactory {
  const column = columnFor(type, path, opts);
  return (data) => column(data).read;
}

/**
 * Builds the column converter tree for a Spark type (`read` and `fill`); see the module doc.
 * @throws ProtocolError (at bind time) when the Arrow data does not fit the Spark type
 */
export function columnFor(type: DataType, path: string, opts: ConverterOptions): ColumnFactory {
  const fast = buildColumn(type as AnyDataType, path, opts);
  const inner = build(type as AnyDataType, path, opts);
  return (data) => {
    if (data.typeId === Type.Dictionary) return bound(bindDictionary(data, inner, path));
    return fast?.(data) ?? bound(inner(data));
  };
}

/** A bound column from its value reader: `fill` writes `read(i)` into every row. */
function bound(read: ValueReader): BoundColumn {
  return {
    read,
    fill: (rows, k) => {
      for (let i = 0; i < rows.length; i++) rows[i][k] = read(i);
    },
  };
}

function mismatch(path: string, type: DataType, data: Data): ProtocolError {
  return new ProtocolError(
    `Column '${path}': Arrow type ${String(data.type)} does not match Spark type ${type.simpleString()}`,
  );
}

function expect(data: Data, path: string, type: DataType, ...typeIds: Type[]): void {
  if (!typeIds.includes(data.typeId)) throw mismatch(path, type, data);
}

/** A numeric attribute of the Arrow type (unit, bitWidth, precision, listSize, byteWidth). */
function attr(data: Data, name: 'unit' | 'bitWidth' | 'precision' | 'listSize' | 'byteWidth'): number {
  return (data.type as unknown as Record<string, number>)[name];
}

/** Wraps a reader with the validity bitmap check, when the data has nulls. */
function withNulls(data: Data, read: ValueReader): ValueReader {
  const bitmap = data.nullBitmap;
  if (bitmap === undefined || bitmap.length === 0 || data.nullCount === 0) return read;
  const offset = data.offset;
  return (i) => {
    const p = offset + i;
    return (bitmap[p >> 3] & (1 << (p & 7))) !== 0 ? read(i) : null;
  };
}

/** Reads 64-bit little-endian integers as two 32-bit words (avoids a BigInt per value). */
function int32View(values: BigInt64Array | BigUint64Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length * 2);
}

/** An offsets accessor for 32-bit (Int32Array) or 64-bit (BigInt64Array) offsets. */
function offsetsOf(data: Data): (i: number) => number {
  const off = data.valueOffsets as Int32Array | BigInt64Array;
  if (off instanceof Int32Array) return (i) => off[i];
  const w = int32View(off);
  return (i) => (w[2 * i] >>> 0) + w[2 * i + 1] * TWO_32;
}

interface NodeBuffer {
  toString(encoding: 'utf8', start: number, end: number): string;
}
interface NodeBufferCtor {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): NodeBuffer;
}

/** Decodes UTF-8 from a batch's value bytes; uses Node's Buffer (faster) when present. */
function utf8Slicer(values: Uint8Array): (start: number, end: number) => string {
  const B = (globalThis as { Buffer?: NodeBufferCtor }).Buffer;
  if (B !== undefined) {
    const buf = B.from(values.buffer, values.byteOffset, values.byteLength);
    return (a, b) => buf.toString('utf8', a, b);
  }
  const decoder = new TextDecoder();
  return (a, b) => decoder.decode(values.subarray(a, b));
}

function bindDictionary(data: Data, inner: ReaderFactory, path: string): ValueReader {
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

function build(type: AnyDataType, path: string, opts: ConverterOptions): ReaderFactory {
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

/** A ColumnFactory that declines (undefined) Arrow layouts it has no fast path for. */
type FastFactory = (data: Data) => BoundColumn | undefined;

/** The validity bitmap when the data has nulls, else undefined. */
function nullsOf(data: Data): Uint8Array | undefined {
  const bitmap = data.nullBitmap;
  return bitmap === undefined || bitmap.length === 0 || data.nullCount === 0 ? undefined : bitmap;
}

function isValid(bitmap: Uint8Array, p: number): boolean {
  return (bitmap[p >> 3] & (1 << (p & 7))) !== 0;
}

/**
 * Fast columns for the common types and Arrow layouts (undefined otherwise: `build` handles those
 * and reports mismatches). Each type creates its own `read` closures; they share the one `fill`
 * loop of `bound` (measured: no slower than a loop per type).
 */
function buildColumn(type: AnyDataType, path: string, opts: ConverterOptions): FastFactory | undefined {
  switch (type.kind) {
    case 'boolean':
      return (data) => (data.typeId === Type.Bool ? boolColumn(data) : undefined);
    case 'byte':
    case 'short':
    case 'integer':
      return (data) =>
        data.typeId === Type.Int && attr(data, 'bitWidth') <= 32
          ? numberColumn(data, data.values as Int32Array)
          : undefined;
    case 'float':
    case 'double':
      return (data) =>
        data.typeId === Type.Float && attr(data, 'precision') !== Precision.HALF
          ? numberColumn(data, data.values as Float64Array)
          : undefined;
    case 'long':
      return (data) =>
        data.typeId === Type.Int && data.values instanceof BigInt64Array ? bigintColumn(data) : undefined;
    case 'decimal':
      return (data) =>
        data.typeId === Type.Decimal && (data.type as ArrowDecimal).bitWidth === 128
          ? decimal128Column(data)
          : undefined;
    case 'string':
    case 'char':
    case 'varchar':
      return (data) => (data.typeId === Type.Utf8 ? utf8Column(data) : undefined);
    case 'date':
      return (data) =>
        data.typeId === Type.Date && data.values instanceof Int32Array ? dateColumn(data) : undefined;
    case 'timestamp':
    case 'timestamp_ntz': {
      const ntz = type.kind === 'timestamp_ntz';
      return (data) =>
        data.typeId === Type.Timestamp && attr(data, 'unit') === TimeUnit.MICROSECOND
          ? timestampColumn(data, ntz)
          : undefined;
    }
    case 'struct':
      return structColumn(type, path, opts);
    default:
      return undefined;
  }
}

function numberColumn(data: Data, values: Int32Array | Float64Array): BoundColumn {
  const bm = nullsOf(data);
  const o = data.offset;
  const read: ValueReader =
    bm === undefined ? (i) => values[i] : (i) => (isValid(bm, o + i) ? values[i] : null);
  return bound(read);
}

function bigintColumn(data: Data): BoundColumn {
  const values = data.values as BigInt64Array;
  const bm = nullsOf(data);
  const o = data.offset;
  const read: ValueReader =
    bm === undefined ? (i) => values[i] : (i) => (isValid(bm, o + i) ? values[i] : null);
  return bound(read);
}

function boolColumn(data: Data): BoundColumn {
  const bits = data.values as Uint8Array;
  const bm = nullsOf(data);
  const o = data.offset;
  const read: ValueReader =
    bm === undefined
      ? (i) => isValid(bits, o + i)
      : (i) => (isValid(bm, o + i) ? isValid(bits, o + i) : null);
  return bound(read);
}

function dateColumn(data: Data): BoundColumn {
  const values = data.values as Int32Array;
  const bm = nullsOf(data);
  const o = data.offset;
  const read: ValueReader =
    bm === undefined
      ? (i) => new Date(values[i] * MS_PER_DAY)
      : (i) => (isValid(bm, o + i) ? new Date(values[i] * MS_PER_DAY) : null);
  return bound(read);
}

/** Microsecond timestamps: see timestampReader for the exact split into milliseconds + micros. */
function timestampColumn(data: Data, ntz: boolean): BoundColumn {
  const w = int32View(data.values as BigInt64Array);
  const bm = nullsOf(data);
  const o = data.offset;
  const value: ValueReader = ntz
    ? (i) => {
        const hi = w[2 * i + 1];
        const r = hi * 296 + (w[2 * i] >>> 0);
        const q = Math.floor(r / 1000);
        return new SparkTimestampNTZ(hi * 4294967 + q, r - q * 1000);
      }
    : (i) => {
        const hi = w[2 * i + 1];
        const r = hi * 296 + (w[2 * i] >>> 0);
        const q = Math.floor(r / 1000);
        return new SparkTimestamp(hi * 4294967 + q, r - q * 1000);
      };
  const read: ValueReader = bm === undefined ? value : (i) => (isValid(bm, o + i) ? value(i) : null);
  return bound(read);
}

function decimal128Column(data: Data): BoundColumn {
  const words = data.values as Uint32Array;
  const scale = (data.type as ArrowDecimal).scale;
  const bm = nullsOf(data);
  const o = data.offset;
  const read: ValueReader =
    bm === undefined
      ? (i) => decimal128At(words, 4 * i, scale)
      : (i) => (isValid(bm, o + i) ? decimal128At(words, 4 * i, scale) : null);
  return bound(read);
}

/** Shortest string that V8 cuts from a parent string as a slice (pinning the parent) instead of a copy. */
const SLICED_STRING_MIN = 13;

/**
 * Utf8 strings. When the batch's string bytes are all ASCII (checked once: the decoded text has
 * as many characters as bytes), they are decoded once and short values are cut from that text
 * (a copy each, so a value kept alone pins nothing); longer or non-ASCII values decode on their
 * own.
 */
function utf8Column(data: Data): BoundColumn {
  const off = data.valueOffsets as Int32Array;
  const slice = utf8Slicer(data.values as Uint8Array);
  const n = data.length;
  const base = n > 0 ? off[0] : 0;
  const end = n > 0 ? off[n] : 0;
  let whole = '';
  let ascii = false;
  if (end > base) {
    whole = slice(base, end);
    ascii = whole.length === end - base;
  }
  const value: ValueReader = ascii
    ? (i) => {
        const a = off[i];
        const b = off[i + 1];
        return b - a < SLICED_STRING_MIN ? whole.substring(a - base, b - base) : slice(a, b);
      }
    : (i) => slice(off[i], off[i + 1]);
  const bm = nullsOf(data);
  const o = data.offset;
  const read: ValueReader = bm === undefined ? value : (i) => (isValid(bm, o + i) ? value(i) : null);
  return bound(read);
}

/**
 * Struct columns: the fields are filled column by column into the values arrays of the nested
 * Rows (so nested fields get the fast paths too); null structs are null.
 */
function structColumn(type: StructType, path: string, opts: ConverterOptions): ColumnFactory {
  const children = type.fields.map((f) => columnFor(f.dataType, `${path}.${f.name}`, opts));
  const slow = structFactory(type, path, opts);
  const nc = children.length;
  const template: unknown[] = Array.from({ length: nc }, () => null);
  return (data) => {
    const read = slow(data); // validates the layout; also the per-value reader
    const cols = children.map((c, k) => c(data.children[k]));
    const bm = nullsOf(data);
    const o = data.offset;
    return {
      read,
      fill: (rows, k) => {
        const n = rows.length;
        const vals: unknown[][] = new Array(n);
        for (let i = 0; i < n; i++) vals[i] = template.slice();
        for (let c = 0; c < nc; c++) cols[c].fill(vals, c);
        for (let i = 0; i < n; i++) {
          rows[i][k] = bm === undefined || isValid(bm, o + i) ? new Row(type, vals[i]) : null;
        }
      },
    };
  };
}

function structFactory(type: StructType, path: string, opts: ConverterOptions): ReaderFactory {
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

/** Decimal128/256 → exact string with `scale` fraction digits (two's complement, little-endian words). */
function decimalReader(data: Data): ValueReader {
  const t = data.type as ArrowDecimal;
  const scale = t.scale;
  const words = data.values as Uint32Array;
  const stride = t.bitWidth / 32;
  if (stride === 4) return (i) => decimal128At(words, 4 * i, scale);
  const bits = stride * 32;
  return (i) => {
    let u = 0n;
    for (let k = stride - 1; k >= 0; k--) u = (u << 32n) | BigInt(words[stride * i + k]);
    return formatDecimal(BigInt.asIntN(bits, u), scale);
  };
}

/** The Decimal128 at word index `b` as its exact string. */
function decimal128At(words: Uint32Array, b: number, scale: number): string {
  const w0 = words[b];
  const w1 = words[b + 1];
  const w2 = words[b + 2];
  const w3 = words[b + 3];
  // Fast paths: |v| < 2^52, exact in a double.
  if (w2 === 0 && w3 === 0 && w1 < 0x100000) return smallDecimal(w1 * TWO_32 + w0, scale);
  if (w2 === 0xffffffff && w3 === 0xffffffff && w1 > 0xfff00000) {
    return smallDecimal((w1 - TWO_32) * TWO_32 + w0, scale);
  }
  const u = (BigInt(w3) << 96n) | (BigInt(w2) << 64n) | (BigInt(w1) << 32n) | BigInt(w0);
  return formatDecimal(BigInt.asIntN(128, u), scale);
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/** Zero-padded fraction strings for scales 1..4, built on first use. */
const FRACTIONS: (string[] | undefined)[] = [];

function fractions(scale: number): string[] {
  let table = FRACTIONS[scale];
  if (table === undefined) {
    table = new Array(POW10[scale]);
    for (let f = 0; f < table.length; f++) table[f] = String(f).padStart(scale, '0');
    FRACTIONS[scale] = table;
  }
  return table;
}

/** formatDecimal for an unscaled integer |v| < 2^52, with integer arithmetic instead of digit strings. */
function smallDecimal(v: number, scale: number): string {
  if (scale <= 0 || scale > 15) return formatDecimal(v, scale);
  const negative = v < 0;
  const a = negative ? -v : v;
  const p = POW10[scale];
  let whole = Math.floor(a / p);
  let frac = a - whole * p;
  if (frac < 0) {
    whole -= 1;
    frac += p;
  } else if (frac >= p) {
    whole += 1;
    frac -= p;
  }
  const f = scale <= 4 ? fractions(scale)[frac] : String(frac).padStart(scale, '0');
  return negative ? `-${whole}.${f}` : `${whole}.${f}`;
}
