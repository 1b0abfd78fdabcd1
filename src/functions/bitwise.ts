/**
 * Bitwise functions. Names, argument orders and defaults are PySpark's; arguments are converted as
 * in args.ts.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call } from './args.js';

/**
 * Number of bits set. Spark SQL `bit_count`.
 *
 * @example F.bit_count('col')
 */
export function bit_count(col: ColumnOrName): Column {
  return call('bit_count').col('col', col).build();
}

/**
 * The bit (0 or 1) at position `pos` (a column). Spark SQL `bit_get`.
 *
 * @example F.bit_get('col', 'pos')
 */
export function bit_get(col: ColumnOrName, pos: ColumnOrName): Column {
  return call('bit_get').col('col', col).col('pos', pos).build();
}

/**
 * Bitwise NOT. Spark SQL `~`.
 *
 * @example F.bitwise_not('flags')
 */
export function bitwise_not(col: ColumnOrName): Column {
  return call('bitwise_not', '~').col('col', col).build();
}

/**
 * Deprecated alias of `bitwise_not`. Spark SQL `~`.
 *
 * @example F.bitwiseNOT('col')
 */
export function bitwiseNOT(col: ColumnOrName): Column {
  return call('bitwiseNOT', '~').col('col', col).build();
}

/**
 * The bit (0 or 1) at position `pos` (a column). Spark SQL `getbit`.
 *
 * @example F.getbit('col', 'pos')
 */
export function getbit(col: ColumnOrName, pos: ColumnOrName): Column {
  return call('getbit').col('col', col).col('pos', pos).build();
}

/**
 * Bitwise left shift. Spark SQL `shiftleft`.
 *
 * @example F.shiftleft('x', 2)
 */
export function shiftleft(col: ColumnOrName, numBits: number | Column): Column {
  return call('shiftleft').col('col', col).int('numBits', numBits).build();
}

/**
 * Deprecated alias of `shiftleft`. Spark SQL `shiftleft`.
 *
 * @example F.shiftLeft('x', 2)
 */
export function shiftLeft(col: ColumnOrName, numBits: number | Column): Column {
  return call('shiftLeft', 'shiftleft').col('col', col).int('numBits', numBits).build();
}

/**
 * Bitwise signed right shift. Spark SQL `shiftright`.
 *
 * @example F.shiftright('x', 2)
 */
export function shiftright(col: ColumnOrName, numBits: number | Column): Column {
  return call('shiftright').col('col', col).int('numBits', numBits).build();
}

/**
 * Deprecated alias of `shiftright`. Spark SQL `shiftright`.
 *
 * @example F.shiftRight('x', 2)
 */
export function shiftRight(col: ColumnOrName, numBits: number | Column): Column {
  return call('shiftRight', 'shiftright').col('col', col).int('numBits', numBits).build();
}

/**
 * Bitwise unsigned right shift. Spark SQL `shiftrightunsigned`.
 *
 * @example F.shiftrightunsigned('x', 2)
 */
export function shiftrightunsigned(col: ColumnOrName, numBits: number | Column): Column {
  return call('shiftrightunsigned').col('col', col).int('numBits', numBits).build();
}

/**
 * Deprecated alias of `shiftrightunsigned`. Spark SQL `shiftrightunsigned`.
 *
 * @example F.shiftRightUnsigned('x', 2)
 */
export function shiftRightUnsigned(col: ColumnOrName, numBits: number | Column): Column {
  return call('shiftRightUnsigned', 'shiftrightunsigned').col('col', col).int('numBits', numBits).build();
}
