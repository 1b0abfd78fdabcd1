/**
 * String encoding, UTF-8 validation and number / printf formatting functions. Names, argument
 * orders and defaults are PySpark's; arguments are converted as in args.ts.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call } from './args.js';

/**
 * Base64 encoding of a binary value. Spark SQL `base64`.
 *
 * @example F.base64('col')
 */
export function base64(col: ColumnOrName): Column {
  return call('base64').col('col', col).build();
}

/**
 * Decodes binary to a string with a charset. Spark SQL `decode`.
 *
 * @example F.decode('bin', 'UTF-8')
 */
export function decode(col: ColumnOrName, charset: string | Column): Column {
  return call('decode').col('col', col).str('charset', charset).build();
}

/**
 * Encodes a string to binary with a charset. Spark SQL `encode`.
 *
 * @example F.encode('s', 'UTF-8')
 */
export function encode(col: ColumnOrName, charset: string | Column): Column {
  return call('encode').col('col', col).str('charset', charset).build();
}

/**
 * Formats a number like '#,###,###.##' with `d` decimal places. Spark SQL `format_number`.
 *
 * @example F.format_number('x', 2)
 */
export function format_number(col: ColumnOrName, d: number | Column): Column {
  return call('format_number').col('col', col).int('d', d).build();
}

/**
 * printf-style formatting. Spark SQL `format_string`.
 *
 * @example F.format_string('%d-%s', 'id', 'name')
 */
export function format_string(format: string | Column, ...cols: ColumnOrName[]): Column {
  return call('format_string').str('format', format).cols('cols', cols).build();
}

/**
 * Decodes a base32 string to binary. Spark SQL `from_base32`.
 *
 * @example F.from_base32('col')
 */
export function from_base32(col: ColumnOrName): Column {
  return call('from_base32').col('col', col).build();
}

/**
 * True if the bytes are valid UTF-8. Spark SQL `is_valid_utf8`.
 *
 * @example F.is_valid_utf8('str')
 */
export function is_valid_utf8(str: ColumnOrName): Column {
  return call('is_valid_utf8').col('str', str).build();
}

/**
 * Replaces invalid UTF-8 sequences with U+FFFD. Spark SQL `make_valid_utf8`.
 *
 * @example F.make_valid_utf8('str')
 */
export function make_valid_utf8(str: ColumnOrName): Column {
  return call('make_valid_utf8').col('str', str).build();
}

/**
 * printf-style formatting; `format` is a column. Spark SQL `printf`.
 *
 * @example F.printf('format', 'a', 'b')
 */
export function printf(format: ColumnOrName, ...cols: ColumnOrName[]): Column {
  return call('printf').col('format', format).cols('cols', cols).build();
}

/**
 * Base32 encoding of a binary value. Spark SQL `to_base32`.
 *
 * @example F.to_base32('col')
 */
export function to_base32(col: ColumnOrName): Column {
  return call('to_base32').col('col', col).build();
}

/**
 * Converts a string to binary with a format column ('hex', 'utf-8', 'base64'). Spark SQL
 * `to_binary`.
 *
 * @example F.to_binary('col')
 */
export function to_binary(col: ColumnOrName, format?: ColumnOrName): Column {
  return call('to_binary').col('col', col).optCol('format', format).build();
}

/**
 * Formats a number (or datetime) as a string with a format column. Spark SQL `to_char`.
 *
 * @example F.to_char('x', F.lit('$99.99'))
 */
export function to_char(col: ColumnOrName, format: ColumnOrName): Column {
  return call('to_char').col('col', col).col('format', format).build();
}

/**
 * Parses a string to a decimal with a format column. Spark SQL `to_number`.
 *
 * @example F.to_number('col', 'format')
 */
export function to_number(col: ColumnOrName, format: ColumnOrName): Column {
  return call('to_number').col('col', col).col('format', format).build();
}

/**
 * Formats a number (or datetime) as a string with a format column. Spark SQL `to_varchar`.
 *
 * @example F.to_varchar('col', 'format')
 */
export function to_varchar(col: ColumnOrName, format: ColumnOrName): Column {
  return call('to_varchar').col('col', col).col('format', format).build();
}

/**
 * Like `to_binary`, null instead of an error. Spark SQL `try_to_binary`.
 *
 * @example F.try_to_binary('col')
 */
export function try_to_binary(col: ColumnOrName, format?: ColumnOrName): Column {
  return call('try_to_binary').col('col', col).optCol('format', format).build();
}

/**
 * Like `to_number`, null instead of an error. Spark SQL `try_to_number`.
 *
 * @example F.try_to_number('col', 'format')
 */
export function try_to_number(col: ColumnOrName, format: ColumnOrName): Column {
  return call('try_to_number').col('col', col).col('format', format).build();
}

/**
 * The string if valid UTF-8, else null. Spark SQL `try_validate_utf8`.
 *
 * @example F.try_validate_utf8('str')
 */
export function try_validate_utf8(str: ColumnOrName): Column {
  return call('try_validate_utf8').col('str', str).build();
}

/**
 * Decodes a base64 string to binary. Spark SQL `unbase64`.
 *
 * @example F.unbase64('col')
 */
export function unbase64(col: ColumnOrName): Column {
  return call('unbase64').col('col', col).build();
}

/**
 * The string if valid UTF-8, else an error. Spark SQL `validate_utf8`.
 *
 * @example F.validate_utf8('str')
 */
export function validate_utf8(str: ColumnOrName): Column {
  return call('validate_utf8').col('str', str).build();
}
