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

import { type Data, RecordBatch, RecordBatchStreamWriter, type Struct } from 'apache-arrow';
import type { StructType } from '../types/complex-types.js';
import { arrowSchemaFor } from './arrow-types.js';
import { StructBuilder } from './nested-builders.js';

export { arrowFieldFor, arrowSchemaFor, arrowTypeFor } from './arrow-types.js';
export { unscaledDecimal } from './decimal-column.js';

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
