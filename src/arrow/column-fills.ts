/**
 * Column fills for the common types and Arrow layouts: `fastColumn(type)` builds, once per
 * schema, a factory that binds to one record batch's column `Data` and gives a `BoundColumn`
 * whose `fill(rows, k)` converts the whole column into `rows[i][k]` in one loop of its own.
 *
 * Each type (and each null / no-null variant) has its own loop with the conversion written
 * inline: no call through a value reader per value, and each loop's property and element
 * accesses stay monomorphic (a loop shared by every column type sees every reader and every
 * typed array kind, so V8 can inline none of them). Layouts without a fast path (dictionaries,
 * 64-bit offsets, half floats, other time units, ...) decline with undefined; the value readers
 * (value-readers.ts) handle those and report mismatches.
 */

import { type Decimal as ArrowDecimal, type Data, Precision, TimeUnit, Type } from 'apache-arrow';
import type { AnyDataType, StructType } from '../types/complex-types.js';
import { Row } from '../types/row.js';
import { SparkTimestamp, SparkTimestampNTZ } from '../types/values.js';
import { attr, int32View, isValid, MS_PER_DAY, nullsOf, utf8Slicer } from './arrow-data.js';
import {
  type BoundColumn,
  type ColumnFactory,
  type ConverterOptions,
  columnFor,
  type ValueReader,
} from './converters.js';
import { decimal128At } from './decimal-text.js';
import { structFactory } from './value-readers.js';

/** A ColumnFactory that declines (undefined) Arrow layouts it has no fast path for. */
export type FastFactory = (data: Data) => BoundColumn | undefined;

/**
 * The fast column factory of a Spark type, or undefined when the type has none.
 * @example fastColumn(new DoubleType(), 'x', opts)?.(data)?.fill(rows, 0)
 */
export function fastColumn(type: AnyDataType, path: string, opts: ConverterOptions): FastFactory | undefined {
  switch (type.kind) {
    case 'boolean':
      return (data) => (data.typeId === Type.Bool ? boolColumn(data) : undefined);
    case 'byte':
    case 'short':
    case 'integer':
      return (data) =>
        data.typeId === Type.Int && attr(data, 'bitWidth') <= 32 ? numericColumn(data) : undefined;
    case 'float':
    case 'double':
      return (data) =>
        data.typeId === Type.Float && attr(data, 'precision') !== Precision.HALF
          ? numericColumn(data)
          : undefined;
    case 'long':
      return (data) =>
        data.typeId === Type.Int && data.values instanceof BigInt64Array ? numericColumn(data) : undefined;
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

/*
 * The loops below are deliberately written out per type: see the module doc. In each, `bm` is
 * the validity bitmap (undefined without nulls) and `o` the data's offset into it.
 */

/** Integers, floats and longs: the value is the typed array's element as is. */
function numericColumn(data: Data): BoundColumn {
  const values = data.values as
    | Int32Array
    | Int16Array
    | Int8Array
    | Float64Array
    | Float32Array
    | BigInt64Array;
  const bm = nullsOf(data);
  const o = data.offset;
  if (bm === undefined) {
    return {
      read: (i) => values[i],
      fill: (rows, k) => {
        for (let i = 0; i < rows.length; i++) rows[i][k] = values[i];
      },
    };
  }
  return {
    read: (i) => (isValid(bm, o + i) ? values[i] : null),
    fill: (rows, k) => {
      for (let i = 0; i < rows.length; i++) rows[i][k] = isValid(bm, o + i) ? values[i] : null;
    },
  };
}

function boolColumn(data: Data): BoundColumn {
  const bits = data.values as Uint8Array;
  const bm = nullsOf(data);
  const o = data.offset;
  if (bm === undefined) {
    return {
      read: (i) => isValid(bits, o + i),
      fill: (rows, k) => {
        for (let i = 0; i < rows.length; i++) rows[i][k] = isValid(bits, o + i);
      },
    };
  }
  return {
    read: (i) => (isValid(bm, o + i) ? isValid(bits, o + i) : null),
    fill: (rows, k) => {
      for (let i = 0; i < rows.length; i++) rows[i][k] = isValid(bm, o + i) ? isValid(bits, o + i) : null;
    },
  };
}

function dateColumn(data: Data): BoundColumn {
  const values = data.values as Int32Array;
  const bm = nullsOf(data);
  const o = data.offset;
  const read: ValueReader =
    bm === undefined
      ? (i) => new Date(values[i] * MS_PER_DAY)
      : (i) => (isValid(bm, o + i) ? new Date(values[i] * MS_PER_DAY) : null);
  return {
    read,
    fill: (rows, k) => {
      for (let i = 0; i < rows.length; i++) {
        rows[i][k] = bm === undefined || isValid(bm, o + i) ? new Date(values[i] * MS_PER_DAY) : null;
      }
    },
  };
}

/**
 * Microsecond timestamps, exact without a BigInt: us = hi * 2^32 + lo, and 2^32 = 4294967 * 1000
 * + 296, so with r = hi * 296 + lo (exact): ms = hi * 4294967 + floor(r / 1000), micros of the
 * millisecond = r mod 1000.
 */
function timestampColumn(data: Data, ntz: boolean): BoundColumn {
  const w = int32View(data.values as BigInt64Array);
  const bm = nullsOf(data);
  const o = data.offset;
  const Ctor = ntz ? SparkTimestampNTZ : SparkTimestamp;
  const value = (i: number): SparkTimestamp => {
    const hi = w[2 * i + 1];
    const r = hi * 296 + (w[2 * i] >>> 0);
    const q = Math.floor(r / 1000);
    return new Ctor(hi * 4294967 + q, r - q * 1000);
  };
  return {
    read: bm === undefined ? value : (i) => (isValid(bm, o + i) ? value(i) : null),
    fill: (rows, k) => {
      for (let i = 0; i < rows.length; i++) {
        if (bm !== undefined && !isValid(bm, o + i)) {
          rows[i][k] = null;
          continue;
        }
        const hi = w[2 * i + 1];
        const r = hi * 296 + (w[2 * i] >>> 0);
        const q = Math.floor(r / 1000);
        rows[i][k] = new Ctor(hi * 4294967 + q, r - q * 1000);
      }
    },
  };
}

function decimal128Column(data: Data): BoundColumn {
  const words = data.values as Uint32Array;
  const scale = (data.type as ArrowDecimal).scale;
  const bm = nullsOf(data);
  const o = data.offset;
  return {
    read:
      bm === undefined
        ? (i) => decimal128At(words, 4 * i, scale)
        : (i) => (isValid(bm, o + i) ? decimal128At(words, 4 * i, scale) : null),
    fill: (rows, k) => {
      for (let i = 0; i < rows.length; i++) {
        rows[i][k] = bm === undefined || isValid(bm, o + i) ? decimal128At(words, 4 * i, scale) : null;
      }
    },
  };
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
  const value = (i: number): string => {
    const a = off[i];
    const b = off[i + 1];
    return ascii && b - a < SLICED_STRING_MIN ? whole.substring(a - base, b - base) : slice(a, b);
  };
  const bm = nullsOf(data);
  const o = data.offset;
  return {
    read: bm === undefined ? value : (i) => (isValid(bm, o + i) ? value(i) : null),
    fill: (rows, k) => {
      for (let i = 0; i < rows.length; i++) {
        if (bm !== undefined && !isValid(bm, o + i)) {
          rows[i][k] = null;
          continue;
        }
        const a = off[i];
        const b = off[i + 1];
        rows[i][k] = ascii && b - a < SLICED_STRING_MIN ? whole.substring(a - base, b - base) : slice(a, b);
      }
    },
  };
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
