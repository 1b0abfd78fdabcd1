/**
 * Higher-order functions taking JavaScript callbacks that build lambda expressions. Names,
 * argument orders and defaults are PySpark's; arguments are converted as in args.ts.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call, type LambdaFn1, type LambdaFn2, type LambdaFn3 } from './args.js';

/**
 * Folds an array: `merge(acc, x)` from `initialValue`, then `finish(acc)`. Spark SQL `aggregate`.
 *
 * @example F.aggregate('arr', F.lit(0), (acc, x) => acc.plus(x))
 */
export function aggregate(
  col: ColumnOrName,
  initialValue: ColumnOrName,
  merge: LambdaFn2,
  finish?: LambdaFn1,
): Column {
  return call('aggregate')
    .col('col', col)
    .col('initialValue', initialValue)
    .lambda('merge', merge, [2])
    .optLambda('finish', finish, [1])
    .build();
}

/**
 * Sorts an array ascending (nulls last), or with a comparator returning negative / 0 / positive.
 * Spark SQL `array_sort`.
 *
 * @example F.array_sort('arr', (a, b) => b.minus(a))
 */
export function array_sort(col: ColumnOrName, comparator?: LambdaFn2): Column {
  return call('array_sort').col('col', col).optLambda('comparator', comparator, [2]).build();
}

/**
 * True if the predicate holds for some element. Spark SQL `exists`.
 *
 * @example F.exists('arr', (x) => x.gt(2))
 */
export function exists(col: ColumnOrName, f: LambdaFn1): Column {
  return call('exists').col('col', col).lambda('f', f, [1]).build();
}

/**
 * Elements for which the predicate `(x)` or `(x, index)` holds. Spark SQL `filter`.
 *
 * @example F.filter('arr', (x) => x.gt(2))
 */
export function filter(col: ColumnOrName, f: LambdaFn2): Column {
  return call('filter').col('col', col).lambda('f', f, [1, 2]).build();
}

/**
 * True if the predicate holds for every element. Spark SQL `forall`.
 *
 * @example F.forall('arr', (x) => x.isNotNull())
 */
export function forall(col: ColumnOrName, f: LambdaFn1): Column {
  return call('forall').col('col', col).lambda('f', f, [1]).build();
}

/**
 * Map entries for which the predicate `(key, value)` holds. Spark SQL `map_filter`.
 *
 * @example F.map_filter('m', (k, v) => v.gt(0))
 */
export function map_filter(col: ColumnOrName, f: LambdaFn2): Column {
  return call('map_filter').col('col', col).lambda('f', f, [2]).build();
}

/**
 * Merges two maps with `(key, value1, value2) => value`. Spark SQL `map_zip_with`.
 *
 * @example F.map_zip_with('m1', 'm2', (k, a, b) => a.plus(b))
 */
export function map_zip_with(col1: ColumnOrName, col2: ColumnOrName, f: LambdaFn3): Column {
  return call('map_zip_with').col('col1', col1).col('col2', col2).lambda('f', f, [3]).build();
}

/**
 * Folds an array: `merge(acc, x)` from `initialValue`, then `finish(acc)`. Spark SQL `reduce`.
 *
 * @example F.reduce('arr', F.lit(0), (acc, x) => acc.plus(x))
 */
export function reduce(
  col: ColumnOrName,
  initialValue: ColumnOrName,
  merge: LambdaFn2,
  finish?: LambdaFn1,
): Column {
  return call('reduce')
    .col('col', col)
    .col('initialValue', initialValue)
    .lambda('merge', merge, [2])
    .optLambda('finish', finish, [1])
    .build();
}

/**
 * Maps each element with `(x)` or `(x, index)`. Spark SQL `transform`.
 *
 * @example F.transform('arr', (x) => x.multiply(2))
 */
export function transform(col: ColumnOrName, f: LambdaFn2): Column {
  return call('transform').col('col', col).lambda('f', f, [1, 2]).build();
}

/**
 * Maps each key of a map with `(key, value) => newKey`. Spark SQL `transform_keys`.
 *
 * @example F.transform_keys('m', (k, v) => F.upper(k))
 */
export function transform_keys(col: ColumnOrName, f: LambdaFn2): Column {
  return call('transform_keys').col('col', col).lambda('f', f, [2]).build();
}

/**
 * Maps each value of a map with `(key, value) => newValue`. Spark SQL `transform_values`.
 *
 * @example F.transform_values('m', (k, v) => v.plus(1))
 */
export function transform_values(col: ColumnOrName, f: LambdaFn2): Column {
  return call('transform_values').col('col', col).lambda('f', f, [2]).build();
}

/**
 * Merges two arrays element-wise with `(x, y) => value`. Spark SQL `zip_with`.
 *
 * @example F.zip_with('a', 'b', (x, y) => x.plus(y))
 */
export function zip_with(left: ColumnOrName, right: ColumnOrName, f: LambdaFn2): Column {
  return call('zip_with').col('left', left).col('right', right).lambda('f', f, [2]).build();
}
