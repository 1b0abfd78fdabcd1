/**
 * Sketch functions: HyperLogLog, KLL quantiles, Theta sketches, bitmaps (Tuple sketches are in
 * sketches-tuple.ts). Names, argument orders and defaults are PySpark's; arguments are converted
 * as in args.ts.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call } from './args.js';

/**
 * Bitwise AND of the bitmaps of the group (Spark 4.1+). Spark SQL `bitmap_and_agg`.
 *
 * @example F.bitmap_and_agg('col')
 */
export function bitmap_and_agg(col: ColumnOrName): Column {
  return call('bitmap_and_agg').col('col', col).build();
}

/**
 * Bit position of a value within its bitmap bucket. Spark SQL `bitmap_bit_position`.
 *
 * @example F.bitmap_bit_position('col')
 */
export function bitmap_bit_position(col: ColumnOrName): Column {
  return call('bitmap_bit_position').col('col', col).build();
}

/**
 * Bitmap bucket number of a value. Spark SQL `bitmap_bucket_number`.
 *
 * @example F.bitmap_bucket_number('col')
 */
export function bitmap_bucket_number(col: ColumnOrName): Column {
  return call('bitmap_bucket_number').col('col', col).build();
}

/**
 * A bitmap with the bits of the group's positions set. Spark SQL `bitmap_construct_agg`.
 *
 * @example F.bitmap_construct_agg('col')
 */
export function bitmap_construct_agg(col: ColumnOrName): Column {
  return call('bitmap_construct_agg').col('col', col).build();
}

/**
 * Number of bits set in a bitmap. Spark SQL `bitmap_count`.
 *
 * @example F.bitmap_count('col')
 */
export function bitmap_count(col: ColumnOrName): Column {
  return call('bitmap_count').col('col', col).build();
}

/**
 * Bitwise OR of the bitmaps of the group. Spark SQL `bitmap_or_agg`.
 *
 * @example F.bitmap_or_agg('col')
 */
export function bitmap_or_agg(col: ColumnOrName): Column {
  return call('bitmap_or_agg').col('col', col).build();
}

/**
 * A HyperLogLog sketch of the group's values (binary). Spark SQL `hll_sketch_agg`.
 *
 * @example F.hll_sketch_agg('col')
 */
export function hll_sketch_agg(col: ColumnOrName, lgConfigK?: number | Column): Column {
  return call('hll_sketch_agg').col('col', col).optInt('lgConfigK', lgConfigK).build();
}

/**
 * Estimated distinct count of a HyperLogLog sketch. Spark SQL `hll_sketch_estimate`.
 *
 * @example F.hll_sketch_estimate('col')
 */
export function hll_sketch_estimate(col: ColumnOrName): Column {
  return call('hll_sketch_estimate').col('col', col).build();
}

/**
 * Union of two HyperLogLog sketches. Spark SQL `hll_union`.
 *
 * @example F.hll_union('col1', 'col2')
 */
export function hll_union(
  col1: ColumnOrName,
  col2: ColumnOrName,
  allowDifferentLgConfigK?: boolean | Column,
): Column {
  return call('hll_union')
    .col('col1', col1)
    .col('col2', col2)
    .optBool('allowDifferentLgConfigK', allowDifferentLgConfigK)
    .build();
}

/**
 * Union of the HyperLogLog sketches of the group. Spark SQL `hll_union_agg`.
 *
 * @example F.hll_union_agg('col')
 */
export function hll_union_agg(col: ColumnOrName, allowDifferentLgConfigK?: boolean | Column): Column {
  return call('hll_union_agg')
    .col('col', col)
    .optBool('allowDifferentLgConfigK', allowDifferentLgConfigK)
    .build();
}

/**
 * Merges the KLL bigint sketches of the group (Spark 4.1+). Spark SQL `kll_merge_agg_bigint`.
 *
 * @example F.kll_merge_agg_bigint('col')
 */
export function kll_merge_agg_bigint(col: ColumnOrName, k?: number | Column): Column {
  return call('kll_merge_agg_bigint').col('col', col).optInt('k', k).build();
}

/**
 * Merges the KLL double sketches of the group (Spark 4.1+). Spark SQL `kll_merge_agg_double`.
 *
 * @example F.kll_merge_agg_double('col')
 */
export function kll_merge_agg_double(col: ColumnOrName, k?: number | Column): Column {
  return call('kll_merge_agg_double').col('col', col).optInt('k', k).build();
}

/**
 * Merges the KLL float sketches of the group (Spark 4.1+). Spark SQL `kll_merge_agg_float`.
 *
 * @example F.kll_merge_agg_float('col')
 */
export function kll_merge_agg_float(col: ColumnOrName, k?: number | Column): Column {
  return call('kll_merge_agg_float').col('col', col).optInt('k', k).build();
}

/**
 * A KLL quantile sketch of bigint values (Spark 4.1+). Spark SQL `kll_sketch_agg_bigint`.
 *
 * @example F.kll_sketch_agg_bigint('col')
 */
export function kll_sketch_agg_bigint(col: ColumnOrName, k?: number | Column): Column {
  return call('kll_sketch_agg_bigint').col('col', col).optInt('k', k).build();
}

/**
 * A KLL quantile sketch of double values (Spark 4.1+). Spark SQL `kll_sketch_agg_double`.
 *
 * @example F.kll_sketch_agg_double('col')
 */
export function kll_sketch_agg_double(col: ColumnOrName, k?: number | Column): Column {
  return call('kll_sketch_agg_double').col('col', col).optInt('k', k).build();
}

/**
 * A KLL quantile sketch of float values (Spark 4.1+). Spark SQL `kll_sketch_agg_float`.
 *
 * @example F.kll_sketch_agg_float('col')
 */
export function kll_sketch_agg_float(col: ColumnOrName, k?: number | Column): Column {
  return call('kll_sketch_agg_float').col('col', col).optInt('k', k).build();
}

/**
 * Number of items in a KLL bigint sketch (Spark 4.1+). Spark SQL `kll_sketch_get_n_bigint`.
 *
 * @example F.kll_sketch_get_n_bigint('col')
 */
export function kll_sketch_get_n_bigint(col: ColumnOrName): Column {
  return call('kll_sketch_get_n_bigint').col('col', col).build();
}

/**
 * Number of items in a KLL double sketch (Spark 4.1+). Spark SQL `kll_sketch_get_n_double`.
 *
 * @example F.kll_sketch_get_n_double('col')
 */
export function kll_sketch_get_n_double(col: ColumnOrName): Column {
  return call('kll_sketch_get_n_double').col('col', col).build();
}

/**
 * Number of items in a KLL float sketch (Spark 4.1+). Spark SQL `kll_sketch_get_n_float`.
 *
 * @example F.kll_sketch_get_n_float('col')
 */
export function kll_sketch_get_n_float(col: ColumnOrName): Column {
  return call('kll_sketch_get_n_float').col('col', col).build();
}

/**
 * Quantile at a normalized rank of a KLL bigint sketch (Spark 4.1+). Spark SQL
 * `kll_sketch_get_quantile_bigint`.
 *
 * @example F.kll_sketch_get_quantile_bigint('sketch', 'rank')
 */
export function kll_sketch_get_quantile_bigint(sketch: ColumnOrName, rank: ColumnOrName): Column {
  return call('kll_sketch_get_quantile_bigint').col('sketch', sketch).col('rank', rank).build();
}

/**
 * Quantile at a normalized rank of a KLL double sketch (Spark 4.1+). Spark SQL
 * `kll_sketch_get_quantile_double`.
 *
 * @example F.kll_sketch_get_quantile_double('sketch', 'rank')
 */
export function kll_sketch_get_quantile_double(sketch: ColumnOrName, rank: ColumnOrName): Column {
  return call('kll_sketch_get_quantile_double').col('sketch', sketch).col('rank', rank).build();
}

/**
 * Quantile at a normalized rank of a KLL float sketch (Spark 4.1+). Spark SQL
 * `kll_sketch_get_quantile_float`.
 *
 * @example F.kll_sketch_get_quantile_float('sketch', 'rank')
 */
export function kll_sketch_get_quantile_float(sketch: ColumnOrName, rank: ColumnOrName): Column {
  return call('kll_sketch_get_quantile_float').col('sketch', sketch).col('rank', rank).build();
}

/**
 * Normalized rank of a value in a KLL bigint sketch (Spark 4.1+). Spark SQL
 * `kll_sketch_get_rank_bigint`.
 *
 * @example F.kll_sketch_get_rank_bigint('sketch', 'quantile')
 */
export function kll_sketch_get_rank_bigint(sketch: ColumnOrName, quantile: ColumnOrName): Column {
  return call('kll_sketch_get_rank_bigint').col('sketch', sketch).col('quantile', quantile).build();
}

/**
 * Normalized rank of a value in a KLL double sketch (Spark 4.1+). Spark SQL
 * `kll_sketch_get_rank_double`.
 *
 * @example F.kll_sketch_get_rank_double('sketch', 'quantile')
 */
export function kll_sketch_get_rank_double(sketch: ColumnOrName, quantile: ColumnOrName): Column {
  return call('kll_sketch_get_rank_double').col('sketch', sketch).col('quantile', quantile).build();
}

/**
 * Normalized rank of a value in a KLL float sketch (Spark 4.1+). Spark SQL
 * `kll_sketch_get_rank_float`.
 *
 * @example F.kll_sketch_get_rank_float('sketch', 'quantile')
 */
export function kll_sketch_get_rank_float(sketch: ColumnOrName, quantile: ColumnOrName): Column {
  return call('kll_sketch_get_rank_float').col('sketch', sketch).col('quantile', quantile).build();
}

/**
 * Merges two KLL bigint sketches (Spark 4.1+). Spark SQL `kll_sketch_merge_bigint`.
 *
 * @example F.kll_sketch_merge_bigint('left', 'right')
 */
export function kll_sketch_merge_bigint(left: ColumnOrName, right: ColumnOrName): Column {
  return call('kll_sketch_merge_bigint').col('left', left).col('right', right).build();
}

/**
 * Merges two KLL double sketches (Spark 4.1+). Spark SQL `kll_sketch_merge_double`.
 *
 * @example F.kll_sketch_merge_double('left', 'right')
 */
export function kll_sketch_merge_double(left: ColumnOrName, right: ColumnOrName): Column {
  return call('kll_sketch_merge_double').col('left', left).col('right', right).build();
}

/**
 * Merges two KLL float sketches (Spark 4.1+). Spark SQL `kll_sketch_merge_float`.
 *
 * @example F.kll_sketch_merge_float('left', 'right')
 */
export function kll_sketch_merge_float(left: ColumnOrName, right: ColumnOrName): Column {
  return call('kll_sketch_merge_float').col('left', left).col('right', right).build();
}

/**
 * Human-readable summary of a KLL bigint sketch (Spark 4.1+). Spark SQL
 * `kll_sketch_to_string_bigint`.
 *
 * @example F.kll_sketch_to_string_bigint('col')
 */
export function kll_sketch_to_string_bigint(col: ColumnOrName): Column {
  return call('kll_sketch_to_string_bigint').col('col', col).build();
}

/**
 * Human-readable summary of a KLL double sketch (Spark 4.1+). Spark SQL
 * `kll_sketch_to_string_double`.
 *
 * @example F.kll_sketch_to_string_double('col')
 */
export function kll_sketch_to_string_double(col: ColumnOrName): Column {
  return call('kll_sketch_to_string_double').col('col', col).build();
}

/**
 * Human-readable summary of a KLL float sketch (Spark 4.1+). Spark SQL
 * `kll_sketch_to_string_float`.
 *
 * @example F.kll_sketch_to_string_float('col')
 */
export function kll_sketch_to_string_float(col: ColumnOrName): Column {
  return call('kll_sketch_to_string_float').col('col', col).build();
}

/**
 * Set difference of two Theta sketches (Spark 4.1+). Spark SQL `theta_difference`.
 *
 * @example F.theta_difference('col1', 'col2')
 */
export function theta_difference(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('theta_difference').col('col1', col1).col('col2', col2).build();
}

/**
 * Intersection of two Theta sketches (Spark 4.1+). Spark SQL `theta_intersection`.
 *
 * @example F.theta_intersection('col1', 'col2')
 */
export function theta_intersection(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('theta_intersection').col('col1', col1).col('col2', col2).build();
}

/**
 * Intersection of the Theta sketches of the group (Spark 4.1+). Spark SQL `theta_intersection_agg`.
 *
 * @example F.theta_intersection_agg('col')
 */
export function theta_intersection_agg(col: ColumnOrName): Column {
  return call('theta_intersection_agg').col('col', col).build();
}

/**
 * A Theta sketch of the group's values (Spark 4.1+). Spark SQL `theta_sketch_agg`.
 *
 * @example F.theta_sketch_agg('col')
 */
export function theta_sketch_agg(col: ColumnOrName, lgNomEntries?: number | Column): Column {
  return call('theta_sketch_agg').col('col', col).optInt('lgNomEntries', lgNomEntries).build();
}

/**
 * Estimated distinct count of a Theta sketch (Spark 4.1+). Spark SQL `theta_sketch_estimate`.
 *
 * @example F.theta_sketch_estimate('col')
 */
export function theta_sketch_estimate(col: ColumnOrName): Column {
  return call('theta_sketch_estimate').col('col', col).build();
}

/**
 * Union of two Theta sketches (Spark 4.1+). Spark SQL `theta_union`.
 *
 * @example F.theta_union('col1', 'col2')
 */
export function theta_union(col1: ColumnOrName, col2: ColumnOrName, lgNomEntries?: number | Column): Column {
  return call('theta_union').col('col1', col1).col('col2', col2).optInt('lgNomEntries', lgNomEntries).build();
}

/**
 * Union of the Theta sketches of the group (Spark 4.1+). Spark SQL `theta_union_agg`.
 *
 * @example F.theta_union_agg('col')
 */
export function theta_union_agg(col: ColumnOrName, lgNomEntries?: number | Column): Column {
  return call('theta_union_agg').col('col', col).optInt('lgNomEntries', lgNomEntries).build();
}
