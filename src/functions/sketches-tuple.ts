/**
 * Tuple sketch functions (Spark 4.3+). Names, argument orders and defaults are PySpark's;
 * arguments are converted as in args.ts.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call } from './args.js';

/**
 * Set difference of two Tuple sketches with double summaries (Spark 4.3+). Spark SQL
 * `tuple_difference_double`.
 *
 * @example F.tuple_difference_double('col1', 'col2')
 */
export function tuple_difference_double(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('tuple_difference_double').col('col1', col1).col('col2', col2).build();
}

/**
 * Set difference of two Tuple sketches with integer summaries (Spark 4.3+). Spark SQL
 * `tuple_difference_integer`.
 *
 * @example F.tuple_difference_integer('col1', 'col2')
 */
export function tuple_difference_integer(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('tuple_difference_integer').col('col1', col1).col('col2', col2).build();
}

/**
 * Tuple sketch (double) minus a Theta sketch (Spark 4.3+). Spark SQL
 * `tuple_difference_theta_double`.
 *
 * @example F.tuple_difference_theta_double('col1', 'col2')
 */
export function tuple_difference_theta_double(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('tuple_difference_theta_double').col('col1', col1).col('col2', col2).build();
}

/**
 * Tuple sketch (integer) minus a Theta sketch (Spark 4.3+). Spark SQL
 * `tuple_difference_theta_integer`.
 *
 * @example F.tuple_difference_theta_integer('col1', 'col2')
 */
export function tuple_difference_theta_integer(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('tuple_difference_theta_integer').col('col1', col1).col('col2', col2).build();
}

/**
 * Intersection of the double Tuple sketches of the group (Spark 4.3+). Spark SQL
 * `tuple_intersection_agg_double`.
 *
 * @example F.tuple_intersection_agg_double('col')
 */
export function tuple_intersection_agg_double(col: ColumnOrName, mode?: string | Column): Column {
  return call('tuple_intersection_agg_double').col('col', col).optStr('mode', mode).build();
}

/**
 * Intersection of the integer Tuple sketches of the group (Spark 4.3+). Spark SQL
 * `tuple_intersection_agg_integer`.
 *
 * @example F.tuple_intersection_agg_integer('col')
 */
export function tuple_intersection_agg_integer(col: ColumnOrName, mode?: string | Column): Column {
  return call('tuple_intersection_agg_integer').col('col', col).optStr('mode', mode).build();
}

/**
 * Intersection of two double Tuple sketches (Spark 4.3+). Spark SQL `tuple_intersection_double`.
 *
 * @example F.tuple_intersection_double('col1', 'col2')
 */
export function tuple_intersection_double(
  col1: ColumnOrName,
  col2: ColumnOrName,
  mode?: string | Column,
): Column {
  return call('tuple_intersection_double').col('col1', col1).col('col2', col2).optStr('mode', mode).build();
}

/**
 * Intersection of two integer Tuple sketches (Spark 4.3+). Spark SQL `tuple_intersection_integer`.
 *
 * @example F.tuple_intersection_integer('col1', 'col2')
 */
export function tuple_intersection_integer(
  col1: ColumnOrName,
  col2: ColumnOrName,
  mode?: string | Column,
): Column {
  return call('tuple_intersection_integer').col('col1', col1).col('col2', col2).optStr('mode', mode).build();
}

/**
 * Intersection of a double Tuple sketch and a Theta sketch (Spark 4.3+). Spark SQL
 * `tuple_intersection_theta_double`.
 *
 * @example F.tuple_intersection_theta_double('col1', 'col2')
 */
export function tuple_intersection_theta_double(
  col1: ColumnOrName,
  col2: ColumnOrName,
  mode?: string | Column,
): Column {
  return call('tuple_intersection_theta_double')
    .col('col1', col1)
    .col('col2', col2)
    .optStr('mode', mode)
    .build();
}

/**
 * Intersection of an integer Tuple sketch and a Theta sketch (Spark 4.3+). Spark SQL
 * `tuple_intersection_theta_integer`.
 *
 * @example F.tuple_intersection_theta_integer('col1', 'col2')
 */
export function tuple_intersection_theta_integer(
  col1: ColumnOrName,
  col2: ColumnOrName,
  mode?: string | Column,
): Column {
  return call('tuple_intersection_theta_integer')
    .col('col1', col1)
    .col('col2', col2)
    .optStr('mode', mode)
    .build();
}

/**
 * A Tuple sketch of keys with double summaries (Spark 4.3+). Spark SQL `tuple_sketch_agg_double`.
 *
 * @example F.tuple_sketch_agg_double('key', 'summary')
 */
export function tuple_sketch_agg_double(
  key: ColumnOrName,
  summary: ColumnOrName,
  lgNomEntries: number | Column = 12,
  mode: string | Column = 'sum',
): Column {
  return call('tuple_sketch_agg_double')
    .col('key', key)
    .col('summary', summary)
    .int('lgNomEntries', lgNomEntries)
    .str('mode', mode)
    .build();
}

/**
 * A Tuple sketch of keys with integer summaries (Spark 4.3+). Spark SQL `tuple_sketch_agg_integer`.
 *
 * @example F.tuple_sketch_agg_integer('key', 'summary')
 */
export function tuple_sketch_agg_integer(
  key: ColumnOrName,
  summary: ColumnOrName,
  lgNomEntries: number | Column = 12,
  mode: string | Column = 'sum',
): Column {
  return call('tuple_sketch_agg_integer')
    .col('key', key)
    .col('summary', summary)
    .int('lgNomEntries', lgNomEntries)
    .str('mode', mode)
    .build();
}

/**
 * Estimated distinct keys of a double Tuple sketch (Spark 4.3+). Spark SQL
 * `tuple_sketch_estimate_double`.
 *
 * @example F.tuple_sketch_estimate_double('col')
 */
export function tuple_sketch_estimate_double(col: ColumnOrName): Column {
  return call('tuple_sketch_estimate_double').col('col', col).build();
}

/**
 * Estimated distinct keys of an integer Tuple sketch (Spark 4.3+). Spark SQL
 * `tuple_sketch_estimate_integer`.
 *
 * @example F.tuple_sketch_estimate_integer('col')
 */
export function tuple_sketch_estimate_integer(col: ColumnOrName): Column {
  return call('tuple_sketch_estimate_integer').col('col', col).build();
}

/**
 * Aggregated summary of a double Tuple sketch (Spark 4.3+). Spark SQL
 * `tuple_sketch_summary_double`.
 *
 * @example F.tuple_sketch_summary_double('col')
 */
export function tuple_sketch_summary_double(col: ColumnOrName, mode?: string | Column): Column {
  return call('tuple_sketch_summary_double').col('col', col).optStr('mode', mode).build();
}

/**
 * Aggregated summary of an integer Tuple sketch (Spark 4.3+). Spark SQL
 * `tuple_sketch_summary_integer`.
 *
 * @example F.tuple_sketch_summary_integer('col')
 */
export function tuple_sketch_summary_integer(col: ColumnOrName, mode?: string | Column): Column {
  return call('tuple_sketch_summary_integer').col('col', col).optStr('mode', mode).build();
}

/**
 * The Theta sketch of a double Tuple sketch (Spark 4.3+). Spark SQL `tuple_sketch_theta_double`.
 *
 * @example F.tuple_sketch_theta_double('col')
 */
export function tuple_sketch_theta_double(col: ColumnOrName): Column {
  return call('tuple_sketch_theta_double').col('col', col).build();
}

/**
 * The Theta sketch of an integer Tuple sketch (Spark 4.3+). Spark SQL `tuple_sketch_theta_integer`.
 *
 * @example F.tuple_sketch_theta_integer('col')
 */
export function tuple_sketch_theta_integer(col: ColumnOrName): Column {
  return call('tuple_sketch_theta_integer').col('col', col).build();
}

/**
 * Union of the double Tuple sketches of the group (Spark 4.3+). Spark SQL `tuple_union_agg_double`.
 *
 * @example F.tuple_union_agg_double('col')
 */
export function tuple_union_agg_double(
  col: ColumnOrName,
  lgNomEntries: number | Column = 12,
  mode: string | Column = 'sum',
): Column {
  return call('tuple_union_agg_double')
    .col('col', col)
    .int('lgNomEntries', lgNomEntries)
    .str('mode', mode)
    .build();
}

/**
 * Union of the integer Tuple sketches of the group (Spark 4.3+). Spark SQL
 * `tuple_union_agg_integer`.
 *
 * @example F.tuple_union_agg_integer('col')
 */
export function tuple_union_agg_integer(
  col: ColumnOrName,
  lgNomEntries: number | Column = 12,
  mode: string | Column = 'sum',
): Column {
  return call('tuple_union_agg_integer')
    .col('col', col)
    .int('lgNomEntries', lgNomEntries)
    .str('mode', mode)
    .build();
}

/**
 * Union of two double Tuple sketches (Spark 4.3+). Spark SQL `tuple_union_double`.
 *
 * @example F.tuple_union_double('col1', 'col2')
 */
export function tuple_union_double(
  col1: ColumnOrName,
  col2: ColumnOrName,
  lgNomEntries: number | Column = 12,
  mode: string | Column = 'sum',
): Column {
  return call('tuple_union_double')
    .col('col1', col1)
    .col('col2', col2)
    .int('lgNomEntries', lgNomEntries)
    .str('mode', mode)
    .build();
}

/**
 * Union of two integer Tuple sketches (Spark 4.3+). Spark SQL `tuple_union_integer`.
 *
 * @example F.tuple_union_integer('col1', 'col2')
 */
export function tuple_union_integer(
  col1: ColumnOrName,
  col2: ColumnOrName,
  lgNomEntries: number | Column = 12,
  mode: string | Column = 'sum',
): Column {
  return call('tuple_union_integer')
    .col('col1', col1)
    .col('col2', col2)
    .int('lgNomEntries', lgNomEntries)
    .str('mode', mode)
    .build();
}

/**
 * Union of a double Tuple sketch and a Theta sketch (Spark 4.3+). Spark SQL
 * `tuple_union_theta_double`.
 *
 * @example F.tuple_union_theta_double('col1', 'col2')
 */
export function tuple_union_theta_double(
  col1: ColumnOrName,
  col2: ColumnOrName,
  lgNomEntries: number | Column = 12,
  mode: string | Column = 'sum',
): Column {
  return call('tuple_union_theta_double')
    .col('col1', col1)
    .col('col2', col2)
    .int('lgNomEntries', lgNomEntries)
    .str('mode', mode)
    .build();
}

/**
 * Union of an integer Tuple sketch and a Theta sketch (Spark 4.3+). Spark SQL
 * `tuple_union_theta_integer`.
 *
 * @example F.tuple_union_theta_integer('col1', 'col2')
 */
export function tuple_union_theta_integer(
  col1: ColumnOrName,
  col2: ColumnOrName,
  lgNomEntries: number | Column = 12,
  mode: string | Column = 'sum',
): Column {
  return call('tuple_union_theta_integer')
    .col('col1', col1)
    .col('col2', col2)
    .int('lgNomEntries', lgNomEntries)
    .str('mode', mode)
    .build();
}
