/**
 * Aggregate functions. Names, argument orders and defaults are PySpark's; arguments are converted
 * as in args.ts.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call, colNode } from './args.js';

/**
 * Some value of the group (the first non-null one if `ignoreNulls`). Spark SQL `any_value`.
 *
 * @example F.any_value('col')
 */
export function any_value(col: ColumnOrName, ignoreNulls?: boolean | Column): Column {
  return call('any_value').col('col', col).optBool('ignoreNulls', ignoreNulls).build();
}

/**
 * Approximate number of distinct values (HyperLogLog++), max relative error `rsd` (default 0.05).
 * Spark SQL `approx_count_distinct`.
 *
 * @example F.approx_count_distinct('user', 0.01)
 */
export function approx_count_distinct(col: ColumnOrName, rsd?: number | Column): Column {
  return call('approx_count_distinct').col('col', col).optNum('rsd', rsd).build();
}

/**
 * Deprecated alias of `approx_count_distinct`. Spark SQL `approx_count_distinct`.
 *
 * @example F.approxCountDistinct('col')
 */
export function approxCountDistinct(col: ColumnOrName, rsd?: number | Column): Column {
  return call('approxCountDistinct', 'approx_count_distinct').col('col', col).optNum('rsd', rsd).build();
}

/**
 * The values of the group as an array (nulls skipped). Spark SQL `array_agg`.
 *
 * @example F.array_agg('col')
 */
export function array_agg(col: ColumnOrName): Column {
  return call('array_agg').col('col', col).build();
}

/**
 * Average. Spark SQL `avg`.
 *
 * @example F.avg('col')
 */
export function avg(col: ColumnOrName): Column {
  return call('avg').col('col', col).build();
}

/**
 * Bitwise AND of all values. Spark SQL `bit_and`.
 *
 * @example F.bit_and('col')
 */
export function bit_and(col: ColumnOrName): Column {
  return call('bit_and').col('col', col).build();
}

/**
 * Bitwise OR of all values. Spark SQL `bit_or`.
 *
 * @example F.bit_or('col')
 */
export function bit_or(col: ColumnOrName): Column {
  return call('bit_or').col('col', col).build();
}

/**
 * Bitwise XOR of all values. Spark SQL `bit_xor`.
 *
 * @example F.bit_xor('col')
 */
export function bit_xor(col: ColumnOrName): Column {
  return call('bit_xor').col('col', col).build();
}

/**
 * True if all values are true. Spark SQL `bool_and`.
 *
 * @example F.bool_and('col')
 */
export function bool_and(col: ColumnOrName): Column {
  return call('bool_and').col('col', col).build();
}

/**
 * True if any value is true. Spark SQL `bool_or`.
 *
 * @example F.bool_or('col')
 */
export function bool_or(col: ColumnOrName): Column {
  return call('bool_or').col('col', col).build();
}

/**
 * The values of the group as an array (nulls skipped). Spark SQL `collect_list`.
 *
 * @example F.collect_list('col')
 */
export function collect_list(col: ColumnOrName): Column {
  return call('collect_list').col('col', col).build();
}

/**
 * The distinct values of the group as an array. Spark SQL `collect_set`.
 *
 * @example F.collect_set('col')
 */
export function collect_set(col: ColumnOrName): Column {
  return call('collect_set').col('col', col).build();
}

/**
 * The union of the arrays of the group, without duplicates (Spark 4.3+). Spark SQL `collect_union`.
 *
 * @example F.collect_union('col')
 */
export function collect_union(col: ColumnOrName): Column {
  return call('collect_union').col('col', col).build();
}

/**
 * Number of distinct combinations of non-null values. Spark SQL `count` (DISTINCT).
 *
 * @example F.count_distinct('a', 'b')
 */
export function count_distinct(col: ColumnOrName, ...cols: ColumnOrName[]): Column {
  return call('count_distinct', 'count').col('col', col).cols('cols', cols).distinct().build();
}

/**
 * Alias of `count_distinct`. Spark SQL `count` (DISTINCT).
 *
 * @example F.countDistinct('col', 'a', 'b')
 */
export function countDistinct(col: ColumnOrName, ...cols: ColumnOrName[]): Column {
  return call('countDistinct', 'count').col('col', col).cols('cols', cols).distinct().build();
}

/**
 * Number of true values. Spark SQL `count_if`.
 *
 * @example F.count_if('col')
 */
export function count_if(col: ColumnOrName): Column {
  return call('count_if').col('col', col).build();
}

/**
 * A count-min sketch (binary) with relative error `eps` and `confidence`. Spark SQL
 * `count_min_sketch`. Without a seed a random one is fixed now, as PySpark does; it is a 32-bit
 * INT, which Spark 3.5 requires.
 *
 * @example F.count_min_sketch('x', 0.01, 0.99, 42)
 */
export function count_min_sketch(
  col: ColumnOrName,
  eps: number | Column,
  confidence: number | Column,
  seed?: number | bigint | Column,
): Column {
  return call('count_min_sketch')
    .col('col', col)
    .double('eps', eps)
    .double('confidence', confidence)
    .seed('seed', seed, true)
    .build();
}

/**
 * True if all values are true. Spark SQL `every`.
 *
 * @example F.every('col')
 */
export function every(col: ColumnOrName): Column {
  return call('every').col('col', col).build();
}

/**
 * The first value of the group (the first non-null one if `ignorenulls`). Spark SQL `first`.
 *
 * @example F.first('col')
 */
export function first(col: ColumnOrName, ignorenulls: boolean | Column = false): Column {
  return call('first').col('col', col).bool('ignorenulls', ignorenulls).build();
}

/**
 * The first value of the group (the first non-null one if `ignoreNulls`). Spark SQL `first_value`.
 *
 * @example F.first_value('col')
 */
export function first_value(col: ColumnOrName, ignoreNulls?: boolean | Column): Column {
  return call('first_value').col('col', col).optBool('ignoreNulls', ignoreNulls).build();
}

/**
 * 1 if the column is aggregated (a super-aggregate row of rollup / cube), else 0. Spark SQL
 * `grouping`.
 *
 * @example F.grouping('col')
 */
export function grouping(col: ColumnOrName): Column {
  return call('grouping').col('col', col).build();
}

/**
 * The grouping level: bits of `grouping()` of the columns. Spark SQL `grouping_id`.
 *
 * @example F.grouping_id('a', 'b')
 */
export function grouping_id(...cols: ColumnOrName[]): Column {
  return call('grouping_id').cols('cols', cols).build();
}

/**
 * A histogram of `nBins` (a column) bins as an array of (x, y) structs. Spark SQL
 * `histogram_numeric`.
 *
 * @example F.histogram_numeric('col', F.col('nBins'))
 */
export function histogram_numeric(col: ColumnOrName, nBins: Column): Column {
  return call('histogram_numeric').col('col', col).col('nBins', nBins).build();
}

/**
 * The last value of the group (the last non-null one if `ignorenulls`). Spark SQL `last`.
 *
 * @example F.last('col')
 */
export function last(col: ColumnOrName, ignorenulls: boolean | Column = false): Column {
  return call('last').col('col', col).bool('ignorenulls', ignorenulls).build();
}

/**
 * The last value of the group (the last non-null one if `ignoreNulls`). Spark SQL `last_value`.
 *
 * @example F.last_value('col')
 */
export function last_value(col: ColumnOrName, ignoreNulls?: boolean | Column): Column {
  return call('last_value').col('col', col).optBool('ignoreNulls', ignoreNulls).build();
}

/**
 * Concatenates the values of the group with a delimiter (Spark 4.0+). Spark SQL `listagg`.
 *
 * @example F.listagg('name', ', ')
 */
export function listagg(col: ColumnOrName, delimiter?: string | Uint8Array | Column): Column {
  return call('listagg').col('col', col).optLit('delimiter', delimiter).build();
}

/**
 * Concatenates the distinct values of the group with a delimiter (Spark 4.0+). Spark SQL `listagg`
 * (DISTINCT).
 *
 * @example F.listagg_distinct('col')
 */
export function listagg_distinct(col: ColumnOrName, delimiter?: string | Uint8Array | Column): Column {
  return call('listagg_distinct', 'listagg')
    .col('col', col)
    .optLit('delimiter', delimiter)
    .distinct()
    .build();
}

/**
 * Maximum. Spark SQL `max`.
 *
 * @example F.max('col')
 */
export function max(col: ColumnOrName): Column {
  return call('max').col('col', col).build();
}

/**
 * The value of `col` at the maximum of `ord` (the top `k` as an array on Spark 4.3+). Spark SQL
 * `max_by`.
 *
 * @example F.max_by('col', 'ord')
 */
export function max_by(col: ColumnOrName, ord: ColumnOrName, k?: number | Column): Column {
  return call('max_by').col('col', col).col('ord', ord).optInt('k', k).build();
}

/**
 * Average (alias of `avg`). Spark SQL `avg`.
 *
 * @example F.mean('col')
 */
export function mean(col: ColumnOrName): Column {
  return call('mean', 'avg').col('col', col).build();
}

/**
 * Minimum. Spark SQL `min`.
 *
 * @example F.min('col')
 */
export function min(col: ColumnOrName): Column {
  return call('min').col('col', col).build();
}

/**
 * The value of `col` at the minimum of `ord` (the bottom `k` as an array on Spark 4.3+). Spark SQL
 * `min_by`.
 *
 * @example F.min_by('col', 'ord')
 */
export function min_by(col: ColumnOrName, ord: ColumnOrName, k?: number | Column): Column {
  return call('min_by').col('col', col).col('ord', ord).optInt('k', k).build();
}

/**
 * Product of the values. Spark SQL `product`.
 *
 * @example F.product('col')
 */
export function product(col: ColumnOrName): Column {
  return call('product').col('col', col).build();
}

/**
 * True if any value is true. Spark SQL `some`.
 *
 * @example F.some('col')
 */
export function some(col: ColumnOrName): Column {
  return call('some').col('col', col).build();
}

/**
 * Concatenates the values of the group with a delimiter (Spark 4.0+). Spark SQL `string_agg`.
 *
 * @example F.string_agg('col')
 */
export function string_agg(col: ColumnOrName, delimiter?: string | Uint8Array | Column): Column {
  return call('string_agg').col('col', col).optLit('delimiter', delimiter).build();
}

/**
 * Concatenates the distinct values of the group with a delimiter (Spark 4.0+). Spark SQL
 * `string_agg` (DISTINCT).
 *
 * @example F.string_agg_distinct('col')
 */
export function string_agg_distinct(col: ColumnOrName, delimiter?: string | Uint8Array | Column): Column {
  return call('string_agg_distinct', 'string_agg')
    .col('col', col)
    .optLit('delimiter', delimiter)
    .distinct()
    .build();
}

/**
 * Sum. Spark SQL `sum`.
 *
 * @example F.sum('col')
 */
export function sum(col: ColumnOrName): Column {
  return call('sum').col('col', col).build();
}

/**
 * Sum of the distinct values. Spark SQL `sum` (DISTINCT).
 *
 * @example F.sum_distinct('x')
 */
export function sum_distinct(col: ColumnOrName): Column {
  return call('sum_distinct', 'sum').col('col', col).distinct().build();
}

/**
 * Deprecated alias of `sum_distinct`. Spark SQL `sum` (DISTINCT).
 *
 * @example F.sumDistinct('col')
 */
export function sumDistinct(col: ColumnOrName): Column {
  return call('sumDistinct', 'sum').col('col', col).distinct().build();
}

/**
 * Average; null on overflow. Spark SQL `try_avg`.
 *
 * @example F.try_avg('col')
 */
export function try_avg(col: ColumnOrName): Column {
  return call('try_avg').col('col', col).build();
}

/**
 * Sum; null on overflow. Spark SQL `try_sum`.
 *
 * @example F.try_sum('col')
 */
export function try_sum(col: ColumnOrName): Column {
  return call('try_sum').col('col', col).build();
}

/**
 * Number of rows where the column is not null; `count('*')` (or `count(col('*'))`) counts all
 * rows, as `count(1)`. Spark SQL `count`.
 *
 * @example df.groupBy('dept').agg(F.count('*').alias('n'))
 */
export function count(col: ColumnOrName): Column {
  const node = colNode(col);
  if (node.kind === 'star' && node.target === undefined) return call('count').int('col', 1).build();
  return call('count').node(node).build();
}
