/**
 * Mathematical functions. Names, argument orders and defaults are PySpark's; arguments are
 * converted as in args.ts.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call } from './args.js';

/**
 * Absolute value. Spark SQL `abs`.
 *
 * @example F.abs('col')
 */
export function abs(col: ColumnOrName): Column {
  return call('abs').col('col', col).build();
}

/**
 * Inverse cosine, in radians. Spark SQL `acos`.
 *
 * @example F.acos('col')
 */
export function acos(col: ColumnOrName): Column {
  return call('acos').col('col', col).build();
}

/**
 * Inverse hyperbolic cosine. Spark SQL `acosh`.
 *
 * @example F.acosh('col')
 */
export function acosh(col: ColumnOrName): Column {
  return call('acosh').col('col', col).build();
}

/**
 * Inverse sine, in radians. Spark SQL `asin`.
 *
 * @example F.asin('col')
 */
export function asin(col: ColumnOrName): Column {
  return call('asin').col('col', col).build();
}

/**
 * Inverse hyperbolic sine. Spark SQL `asinh`.
 *
 * @example F.asinh('col')
 */
export function asinh(col: ColumnOrName): Column {
  return call('asinh').col('col', col).build();
}

/**
 * Inverse tangent, in radians. Spark SQL `atan`.
 *
 * @example F.atan('col')
 */
export function atan(col: ColumnOrName): Column {
  return call('atan').col('col', col).build();
}

/**
 * Angle theta of the point (col2, col1), in radians; numbers are literals. Spark SQL `atan2`.
 *
 * @example F.atan2('y', 'x')
 */
export function atan2(col1: ColumnOrName | number, col2: ColumnOrName | number): Column {
  return call('atan2').colOrNum('col1', col1).colOrNum('col2', col2).build();
}

/**
 * Inverse hyperbolic tangent. Spark SQL `atanh`.
 *
 * @example F.atanh('col')
 */
export function atanh(col: ColumnOrName): Column {
  return call('atanh').col('col', col).build();
}

/**
 * Binary string of a long value. Spark SQL `bin`.
 *
 * @example F.bin('col')
 */
export function bin(col: ColumnOrName): Column {
  return call('bin').col('col', col).build();
}

/**
 * Rounds with HALF_EVEN to `scale` decimal places (default 0). Spark SQL `bround`.
 *
 * @example F.bround('x', 2)
 */
export function bround(col: ColumnOrName, scale?: ColumnOrName | number): Column {
  return call('bround').col('col', col).optColOrInt('scale', scale).build();
}

/**
 * Cube root. Spark SQL `cbrt`.
 *
 * @example F.cbrt('col')
 */
export function cbrt(col: ColumnOrName): Column {
  return call('cbrt').col('col', col).build();
}

/**
 * Rounds up to `scale` decimal places (default 0). Spark SQL `ceil`.
 *
 * @example F.ceil('x')
 */
export function ceil(col: ColumnOrName, scale?: ColumnOrName | number): Column {
  return call('ceil').col('col', col).optColOrInt('scale', scale).build();
}

/**
 * Rounds up to `scale` decimal places (default 0). Spark SQL `ceiling`.
 *
 * @example F.ceiling('col')
 */
export function ceiling(col: ColumnOrName, scale?: ColumnOrName | number): Column {
  return call('ceiling').col('col', col).optColOrInt('scale', scale).build();
}

/**
 * Converts a number string from one base to another. Spark SQL `conv`.
 *
 * @example F.conv('hex', 16, 10)
 */
export function conv(col: ColumnOrName, fromBase: number | Column, toBase: number | Column): Column {
  return call('conv').col('col', col).int('fromBase', fromBase).int('toBase', toBase).build();
}

/**
 * Cosine of an angle in radians. Spark SQL `cos`.
 *
 * @example F.cos('col')
 */
export function cos(col: ColumnOrName): Column {
  return call('cos').col('col', col).build();
}

/**
 * Hyperbolic cosine. Spark SQL `cosh`.
 *
 * @example F.cosh('col')
 */
export function cosh(col: ColumnOrName): Column {
  return call('cosh').col('col', col).build();
}

/**
 * Cotangent of an angle in radians. Spark SQL `cot`.
 *
 * @example F.cot('col')
 */
export function cot(col: ColumnOrName): Column {
  return call('cot').col('col', col).build();
}

/**
 * Cosecant of an angle in radians. Spark SQL `csc`.
 *
 * @example F.csc('col')
 */
export function csc(col: ColumnOrName): Column {
  return call('csc').col('col', col).build();
}

/**
 * Converts radians to degrees. Spark SQL `degrees`.
 *
 * @example F.degrees('col')
 */
export function degrees(col: ColumnOrName): Column {
  return call('degrees').col('col', col).build();
}

/**
 * Euler's number. Spark SQL `e`.
 *
 * @example F.e()
 */
export function e(): Column {
  return call('e').build();
}

/**
 * The exponential. Spark SQL `exp`.
 *
 * @example F.exp('col')
 */
export function exp(col: ColumnOrName): Column {
  return call('exp').col('col', col).build();
}

/**
 * exp(x) - 1. Spark SQL `expm1`.
 *
 * @example F.expm1('col')
 */
export function expm1(col: ColumnOrName): Column {
  return call('expm1').col('col', col).build();
}

/**
 * Factorial (0 to 20; null otherwise). Spark SQL `factorial`.
 *
 * @example F.factorial('col')
 */
export function factorial(col: ColumnOrName): Column {
  return call('factorial').col('col', col).build();
}

/**
 * Rounds down to `scale` decimal places (default 0). Spark SQL `floor`.
 *
 * @example F.floor('x')
 */
export function floor(col: ColumnOrName, scale?: ColumnOrName | number): Column {
  return call('floor').col('col', col).optColOrInt('scale', scale).build();
}

/**
 * Hexadecimal string of a number, string or binary value. Spark SQL `hex`.
 *
 * @example F.hex('col')
 */
export function hex(col: ColumnOrName): Column {
  return call('hex').col('col', col).build();
}

/**
 * sqrt(a^2 + b^2) without overflow; numbers are literals. Spark SQL `hypot`.
 *
 * @example F.hypot(F.col('col1'), F.col('col2'))
 */
export function hypot(col1: ColumnOrName | number, col2: ColumnOrName | number): Column {
  return call('hypot').colOrNum('col1', col1).colOrNum('col2', col2).build();
}

/**
 * Natural logarithm. Spark SQL `ln`.
 *
 * @example F.ln('col')
 */
export function ln(col: ColumnOrName): Column {
  return call('ln').col('col', col).build();
}

/**
 * Base-10 logarithm. Spark SQL `log10`.
 *
 * @example F.log10('col')
 */
export function log10(col: ColumnOrName): Column {
  return call('log10').col('col', col).build();
}

/**
 * ln(1 + x). Spark SQL `log1p`.
 *
 * @example F.log1p('col')
 */
export function log1p(col: ColumnOrName): Column {
  return call('log1p').col('col', col).build();
}

/**
 * Base-2 logarithm. Spark SQL `log2`.
 *
 * @example F.log2('col')
 */
export function log2(col: ColumnOrName): Column {
  return call('log2').col('col', col).build();
}

/**
 * Arithmetic negation (alias of `negative`). Spark SQL `negative`.
 *
 * @example F.negate('col')
 */
export function negate(col: ColumnOrName): Column {
  return call('negate', 'negative').col('col', col).build();
}

/**
 * Arithmetic negation. Spark SQL `negative`.
 *
 * @example F.negative('col')
 */
export function negative(col: ColumnOrName): Column {
  return call('negative').col('col', col).build();
}

/**
 * Pi. Spark SQL `pi`.
 *
 * @example F.pi()
 */
export function pi(): Column {
  return call('pi').build();
}

/**
 * Positive modulo; numbers are literals. Spark SQL `pmod`.
 *
 * @example F.pmod('x', 3)
 */
export function pmod(dividend: ColumnOrName | number, divisor: ColumnOrName | number): Column {
  return call('pmod').colOrNum('dividend', dividend).colOrNum('divisor', divisor).build();
}

/**
 * The value itself (unary plus). Spark SQL `positive`.
 *
 * @example F.positive('col')
 */
export function positive(col: ColumnOrName): Column {
  return call('positive').col('col', col).build();
}

/**
 * `col1` raised to the power `col2`; numbers are literals. Spark SQL `power`.
 *
 * @example F.pow('x', 2)
 */
export function pow(col1: ColumnOrName | number, col2: ColumnOrName | number): Column {
  return call('pow', 'power').colOrNum('col1', col1).colOrNum('col2', col2).build();
}

/**
 * `col1` raised to the power `col2`; numbers are literals (alias of `pow`). Spark SQL `power`.
 *
 * @example F.power(F.col('col1'), F.col('col2'))
 */
export function power(col1: ColumnOrName | number, col2: ColumnOrName | number): Column {
  return call('power').colOrNum('col1', col1).colOrNum('col2', col2).build();
}

/**
 * Converts degrees to radians. Spark SQL `radians`.
 *
 * @example F.radians('col')
 */
export function radians(col: ColumnOrName): Column {
  return call('radians').col('col', col).build();
}

/**
 * The closest integer-valued double. Spark SQL `rint`.
 *
 * @example F.rint('col')
 */
export function rint(col: ColumnOrName): Column {
  return call('rint').col('col', col).build();
}

/**
 * Rounds with HALF_UP to `scale` decimal places (default 0). Spark SQL `round`.
 *
 * @example F.round('x', 2)
 */
export function round(col: ColumnOrName, scale?: ColumnOrName | number): Column {
  return call('round').col('col', col).optColOrInt('scale', scale).build();
}

/**
 * Secant of an angle in radians. Spark SQL `sec`.
 *
 * @example F.sec('col')
 */
export function sec(col: ColumnOrName): Column {
  return call('sec').col('col', col).build();
}

/**
 * The sign: -1.0, 0.0 or 1.0. Spark SQL `sign`.
 *
 * @example F.sign('col')
 */
export function sign(col: ColumnOrName): Column {
  return call('sign').col('col', col).build();
}

/**
 * The sign: -1.0, 0.0 or 1.0. Spark SQL `signum`.
 *
 * @example F.signum('col')
 */
export function signum(col: ColumnOrName): Column {
  return call('signum').col('col', col).build();
}

/**
 * Sine of an angle in radians. Spark SQL `sin`.
 *
 * @example F.sin('col')
 */
export function sin(col: ColumnOrName): Column {
  return call('sin').col('col', col).build();
}

/**
 * Hyperbolic sine. Spark SQL `sinh`.
 *
 * @example F.sinh('col')
 */
export function sinh(col: ColumnOrName): Column {
  return call('sinh').col('col', col).build();
}

/**
 * Square root. Spark SQL `sqrt`.
 *
 * @example F.sqrt('col')
 */
export function sqrt(col: ColumnOrName): Column {
  return call('sqrt').col('col', col).build();
}

/**
 * Tangent of an angle in radians. Spark SQL `tan`.
 *
 * @example F.tan('col')
 */
export function tan(col: ColumnOrName): Column {
  return call('tan').col('col', col).build();
}

/**
 * Hyperbolic tangent. Spark SQL `tanh`.
 *
 * @example F.tanh('col')
 */
export function tanh(col: ColumnOrName): Column {
  return call('tanh').col('col', col).build();
}

/**
 * Deprecated alias of `degrees`. Spark SQL `degrees`.
 *
 * @example F.toDegrees('col')
 */
export function toDegrees(col: ColumnOrName): Column {
  return call('toDegrees', 'degrees').col('col', col).build();
}

/**
 * Deprecated alias of `radians`. Spark SQL `radians`.
 *
 * @example F.toRadians('col')
 */
export function toRadians(col: ColumnOrName): Column {
  return call('toRadians', 'radians').col('col', col).build();
}

/**
 * Addition that returns null on overflow. Spark SQL `try_add`.
 *
 * @example F.try_add('left', 'right')
 */
export function try_add(left: ColumnOrName, right: ColumnOrName): Column {
  return call('try_add').col('left', left).col('right', right).build();
}

/**
 * Division that returns null when dividing by zero. Spark SQL `try_divide`.
 *
 * @example F.try_divide('left', 'right')
 */
export function try_divide(left: ColumnOrName, right: ColumnOrName): Column {
  return call('try_divide').col('left', left).col('right', right).build();
}

/**
 * Remainder that returns null when dividing by zero. Spark SQL `try_mod`.
 *
 * @example F.try_mod('left', 'right')
 */
export function try_mod(left: ColumnOrName, right: ColumnOrName): Column {
  return call('try_mod').col('left', left).col('right', right).build();
}

/**
 * Multiplication that returns null on overflow. Spark SQL `try_multiply`.
 *
 * @example F.try_multiply('left', 'right')
 */
export function try_multiply(left: ColumnOrName, right: ColumnOrName): Column {
  return call('try_multiply').col('left', left).col('right', right).build();
}

/**
 * Subtraction that returns null on overflow. Spark SQL `try_subtract`.
 *
 * @example F.try_subtract('left', 'right')
 */
export function try_subtract(left: ColumnOrName, right: ColumnOrName): Column {
  return call('try_subtract').col('left', left).col('right', right).build();
}

/**
 * Inverse of `hex`: the bytes of a hexadecimal string. Spark SQL `unhex`.
 *
 * @example F.unhex('col')
 */
export function unhex(col: ColumnOrName): Column {
  return call('unhex').col('col', col).build();
}

/**
 * The bucket number of `v` in an equi-width histogram of `numBucket` buckets. Spark SQL
 * `width_bucket`.
 *
 * @example F.width_bucket('v', 'min', 'max', F.col('numBucket'))
 */
export function width_bucket(
  v: ColumnOrName,
  min: ColumnOrName,
  max: ColumnOrName,
  numBucket: ColumnOrName | number,
): Column {
  return call('width_bucket')
    .col('v', v)
    .col('min', min)
    .col('max', max)
    .colOrInt('numBucket', numBucket)
    .build();
}

/**
 * The largest value of two or more columns, skipping nulls. Spark SQL `greatest`.
 *
 * @example F.greatest('a', 'b', 'c')
 */
export function greatest(...cols: ColumnOrName[]): Column {
  if (cols.length < 2) throw new TypeError(`greatest(): needs at least 2 columns, got ${cols.length}`);
  return call('greatest').cols('cols', cols).build();
}

/**
 * The smallest value of two or more columns, skipping nulls. Spark SQL `least`.
 *
 * @example F.least('a', 'b', 'c')
 */
export function least(...cols: ColumnOrName[]): Column {
  if (cols.length < 2) throw new TypeError(`least(): needs at least 2 columns, got ${cols.length}`);
  return call('least').cols('cols', cols).build();
}

/**
 * `log(col)` is the natural logarithm (Spark SQL `ln`); `log(base, col)` the logarithm in a base
 * (Spark SQL `log`). A number base is a DOUBLE literal, as PySpark's `float` base: `LOG(2.0, x)`.
 *
 * @example F.log('x'); F.log(2, 'x')
 */
export function log(col: ColumnOrName): Column;
export function log(base: number | Column, col: ColumnOrName): Column;
export function log(arg1: ColumnOrName | number, arg2?: ColumnOrName): Column {
  if (arg2 === undefined) {
    if (typeof arg1 === 'number')
      throw new TypeError('log(): a single argument must be a Column or a column name');
    return call('log', 'ln').col('col', arg1).build();
  }
  if (typeof arg1 === 'number') return call('log').double('base', arg1).col('col', arg2).build();
  return call('log').col('base', arg1).col('col', arg2).build();
}
