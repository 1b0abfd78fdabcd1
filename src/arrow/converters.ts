/**
 * Arrow → JS value converters, chosen by the Spark type, built once per schema.
 *
 * `columnFor(sparkType)` builds a `ColumnFactory`. For each record batch it is bound to the
 * column's Arrow `Data` (reading its buffers and picking the variant for the Arrow physical type
 * once), giving a `BoundColumn`: `read(i)` converts the value at a row index, `fill(rows, k)`
 * writes the whole column into `rows[i][k]`. RowDecoder uses `fill`: for the common types and
 * layouts it is a loop of its own per type with the conversion inline (column-fills.ts), so
 * there is no per-value call or type dispatch; every other type fills through its value reader
 * (value-readers.ts). Buffer helpers are in arrow-data.ts, decimal text in decimal-text.ts.
 */

import { type Data, Type } from 'apache-arrow';
import type { AnyDataType } from '../types/complex-types.js';
import type { DataType } from '../types/data-types.js';
import { fastColumn } from './column-fills.js';
import { bindDictionary, readerFactory } from './value-readers.js';

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
  const fast = fastColumn(type as AnyDataType, path, opts);
  const inner = readerFactory(type as AnyDataType, path, opts);
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
