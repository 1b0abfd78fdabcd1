/**
 * Decoding of Spark Connect Arrow results: IPC streams into record batches, record batches into
 * Rows.
 */

import { type RecordBatch, RecordBatchReader } from 'apache-arrow';
import { ProtocolError } from '../errors/base.js';
import type { StructType } from '../types/complex-types.js';
import { Row } from '../types/row.js';
import { type ColumnFactory, type ConverterOptions, columnFor } from './converters.js';

/**
 * Decodes one ArrowBatch payload (a complete Arrow IPC stream: schema + record batches) into all
 * of its record batches. Batches without rows are left out, so an empty payload or a schema-only
 * stream gives `[]` (apache-arrow's reader makes up an empty batch for a schema-only stream).
 *
 * @example
 * const batches = decodeArrowBatches(response.responseType.value.data);
 * const rows = batches.flatMap((b) => decoder.decode(b));
 * @throws ProtocolError when the bytes are not a valid Arrow IPC stream
 */
export function decodeArrowBatches(ipc: Uint8Array): RecordBatch[] {
  if (ipc.byteLength === 0) return [];
  try {
    const reader = RecordBatchReader.from(ipc);
    const batches: RecordBatch[] = [];
    for (const batch of reader) if (batch.numRows > 0) batches.push(batch);
    return batches;
  } catch (e) {
    throw new ProtocolError(`Malformed Arrow IPC stream from the server: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

/** Options of RowDecoder. */
export interface RowDecoderOptions {
  /** The session time zone (IANA id, `spark.sql.session.timeZone`); used to print variant timestamps. */
  timeZone: string;
}

/**
 * Converts record batches into Rows, by the Spark schema (preferred over the Arrow schema, which
 * loses char/varchar, collations, interval fields, UDTs and duplicate field names). The converter
 * tree is built once, in the constructor; each batch only binds it to the batch's buffers.
 *
 * Values are mapped as documented on `Row`. Timestamps are `SparkTimestamp`s (Dates keeping
 * microseconds; `Row.getTimestampMicros` gives them exactly).
 *
 * @example
 * const decoder = new RowDecoder(schema, { timeZone: 'UTC' });
 * for (const batch of decodeArrowBatches(ipc)) for (const row of decoder.decode(batch)) console.log(row.toObject());
 */
export class RowDecoder {
  /** The Spark schema of the rows. */
  readonly schema: StructType;
  /** The session time zone. */
  readonly timeZone: string;
  private readonly columns: ColumnFactory[];
  /** A values array of the right width, copied for each row (so rows never change elements kind). */
  private readonly template: unknown[];

  /**
   * @param schema the Spark schema of the result (from the ExecutePlan `schema` response)
   * @param options `timeZone`: the session time zone
   */
  constructor(schema: StructType, options: RowDecoderOptions) {
    this.schema = schema;
    this.timeZone = options.timeZone;
    const opts: ConverterOptions = { timeZone: options.timeZone };
    this.columns = schema.fields.map((f) => columnFor(f.dataType, f.name, opts));
    this.template = Array.from({ length: schema.fields.length }, () => null);
  }

  /**
   * Converts one record batch into Rows.
   * @throws ProtocolError when the batch's columns do not fit the schema
   */
  decode(batch: RecordBatch): Row[] {
    const columns = batch.data.children;
    const ncols = this.columns.length;
    if (columns.length !== ncols) {
      throw new ProtocolError(
        `Arrow batch has ${columns.length} columns but the schema has ${ncols} (${this.schema.simpleString()})`,
      );
    }
    const n = batch.numRows;
    // Bind every column first (layout errors surface before any work), then fill column by
    // column: each column's loop converts its values inline (measured faster than row by row).
    const bound = new Array(ncols);
    for (let k = 0; k < ncols; k++) bound[k] = this.columns[k](columns[k]);
    const template = this.template;
    const values: unknown[][] = new Array(n);
    for (let i = 0; i < n; i++) values[i] = template.slice();
    for (let k = 0; k < ncols; k++) bound[k].fill(values, k);
    const schema = this.schema;
    const rows: Row[] = new Array(n);
    for (let i = 0; i < n; i++) rows[i] = new Row(schema, values[i]);
    return rows;
  }

  /** Decodes a whole IPC payload (all its record batches) into Rows. */
  decodeIpc(ipc: Uint8Array): Row[] {
    const rows: Row[] = [];
    for (const batch of decodeArrowBatches(ipc)) {
      for (const row of this.decode(batch)) rows.push(row);
    }
    return rows;
  }
}
