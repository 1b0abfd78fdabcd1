/**
 * Arrow IPC decoding of Spark Connect results into Rows.
 */

export {
  ColumnarDecoder,
  type ColumnarDecoderOptions,
  ColumnarResult,
  ResultColumn,
  type TypedColumnArray,
  type TypedColumnArrays,
  type TypedColumnKind,
} from './columns.js';
export { type ConverterOptions, converterFor, type ReaderFactory, type ValueReader } from './converters.js';
export { decodeArrowBatches, RowDecoder, type RowDecoderOptions } from './decode.js';
export { sparkTypeFromArrow, structTypeFromArrowSchema } from './schema.js';
