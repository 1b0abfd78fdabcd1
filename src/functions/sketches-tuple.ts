/**
 * Tuple sketch functions (Spark 4.3+). Names, argument orders and defaults are PySpark's;
 * arguments are converted as in args.ts.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call, type FunctionCall } from './args.js';
import { colFn, colPairFn, named } from './shapes.js';

/** How tuple-sketch summaries combine (Spark's default: 'sum'), or a Column. */
type Mode = string | Column;

export type { Mode as TupleSketchMode };

/** log2 of the nominal number of entries of a tuple sketch, or a Column. */
export type LgNomEntries = number | Column;

/** Ends a call with `lgNomEntries` and `mode` (Spark's defaults are given by the callers). */
function lgMode(c: FunctionCall, lgNomEntries: LgNomEntries, mode: Mode): Column {
  return c.int('lgNomEntries', lgNomEntries).str('mode', mode).build();
}

/** `name(col, mode?)`. */
function colModeFn(name: string): (col: ColumnOrName, mode?: Mode) => Column {
  return named(name, (col: ColumnOrName, mode?: Mode) =>
    call(name).col('col', col).optStr('mode', mode).build(),
  );
}

/** `name(col1, col2, mode?)`. */
function colPairModeFn(name: string): (col1: ColumnOrName, col2: ColumnOrName, mode?: Mode) => Column {
  return named(name, (col1: ColumnOrName, col2: ColumnOrName, mode?: Mode) =>
    call(name).col('col1', col1).col('col2', col2).optStr('mode', mode).build(),
  );
}

/** `name(key, summary, lgNomEntries = 12, mode = 'sum')`. */
function sketchAggFn(
  name: string,
): (key: ColumnOrName, summary: ColumnOrName, lgNomEntries?: LgNomEntries, mode?: Mode) => Column {
  return named(
    name,
    (key: ColumnOrName, summary: ColumnOrName, lgNomEntries: LgNomEntries = 12, mode: Mode = 'sum') =>
      lgMode(call(name).col('key', key).col('summary', summary), lgNomEntries, mode),
  );
}

/** `name(col, lgNomEntries = 12, mode = 'sum')`. */
function unionAggFn(name: string): (col: ColumnOrName, lgNomEntries?: LgNomEntries, mode?: Mode) => Column {
  return named(name, (col: ColumnOrName, lgNomEntries: LgNomEntries = 12, mode: Mode = 'sum') =>
    lgMode(call(name).col('col', col), lgNomEntries, mode),
  );
}

/** `name(col1, col2, lgNomEntries = 12, mode = 'sum')`. */
function unionFn(
  name: string,
): (col1: ColumnOrName, col2: ColumnOrName, lgNomEntries?: LgNomEntries, mode?: Mode) => Column {
  return named(
    name,
    (col1: ColumnOrName, col2: ColumnOrName, lgNomEntries: LgNomEntries = 12, mode: Mode = 'sum') =>
      lgMode(call(name).col('col1', col1).col('col2', col2), lgNomEntries, mode),
  );
}

/**
 * Set difference of two Tuple sketches with double summaries (Spark 4.3+). Spark SQL
 * `tuple_difference_double`.
 *
 * @example F.tuple_difference_double('col1', 'col2')
 */
export const tuple_difference_double = colPairFn('tuple_difference_double');

/**
 * Set difference of two Tuple sketches with integer summaries (Spark 4.3+). Spark SQL
 * `tuple_difference_integer`.
 *
 * @example F.tuple_difference_integer('col1', 'col2')
 */
export const tuple_difference_integer = colPairFn('tuple_difference_integer');

/**
 * Tuple sketch (double) minus a Theta sketch (Spark 4.3+). Spark SQL
 * `tuple_difference_theta_double`.
 *
 * @example F.tuple_difference_theta_double('col1', 'col2')
 */
export const tuple_difference_theta_double = colPairFn('tuple_difference_theta_double');

/**
 * Tuple sketch (integer) minus a Theta sketch (Spark 4.3+). Spark SQL
 * `tuple_difference_theta_integer`.
 *
 * @example F.tuple_difference_theta_integer('col1', 'col2')
 */
export const tuple_difference_theta_integer = colPairFn('tuple_difference_theta_integer');

/**
 * Intersection of the double Tuple sketches of the group (Spark 4.3+). Spark SQL
 * `tuple_intersection_agg_double`.
 *
 * @example F.tuple_intersection_agg_double('col')
 */
export const tuple_intersection_agg_double = colModeFn('tuple_intersection_agg_double');

/**
 * Intersection of the integer Tuple sketches of the group (Spark 4.3+). Spark SQL
 * `tuple_intersection_agg_integer`.
 *
 * @example F.tuple_intersection_agg_integer('col')
 */
export const tuple_intersection_agg_integer = colModeFn('tuple_intersection_agg_integer');

/**
 * Intersection of two double Tuple sketches (Spark 4.3+). Spark SQL `tuple_intersection_double`.
 *
 * @example F.tuple_intersection_double('col1', 'col2')
 */
export const tuple_intersection_double = colPairModeFn('tuple_intersection_double');

/**
 * Intersection of two integer Tuple sketches (Spark 4.3+). Spark SQL `tuple_intersection_integer`.
 *
 * @example F.tuple_intersection_integer('col1', 'col2')
 */
export const tuple_intersection_integer = colPairModeFn('tuple_intersection_integer');

/**
 * Intersection of a double Tuple sketch and a Theta sketch (Spark 4.3+). Spark SQL
 * `tuple_intersection_theta_double`.
 *
 * @example F.tuple_intersection_theta_double('col1', 'col2')
 */
export const tuple_intersection_theta_double = colPairModeFn('tuple_intersection_theta_double');

/**
 * Intersection of an integer Tuple sketch and a Theta sketch (Spark 4.3+). Spark SQL
 * `tuple_intersection_theta_integer`.
 *
 * @example F.tuple_intersection_theta_integer('col1', 'col2')
 */
export const tuple_intersection_theta_integer = colPairModeFn('tuple_intersection_theta_integer');

/**
 * A Tuple sketch of keys with double summaries (Spark 4.3+). Spark SQL `tuple_sketch_agg_double`.
 *
 * @example F.tuple_sketch_agg_double('key', 'summary')
 */
export const tuple_sketch_agg_double = sketchAggFn('tuple_sketch_agg_double');

/**
 * A Tuple sketch of keys with integer summaries (Spark 4.3+). Spark SQL `tuple_sketch_agg_integer`.
 *
 * @example F.tuple_sketch_agg_integer('key', 'summary')
 */
export const tuple_sketch_agg_integer = sketchAggFn('tuple_sketch_agg_integer');

/**
 * Estimated distinct keys of a double Tuple sketch (Spark 4.3+). Spark SQL
 * `tuple_sketch_estimate_double`.
 *
 * @example F.tuple_sketch_estimate_double('col')
 */
export const tuple_sketch_estimate_double = colFn('tuple_sketch_estimate_double');

/**
 * Estimated distinct keys of an integer Tuple sketch (Spark 4.3+). Spark SQL
 * `tuple_sketch_estimate_integer`.
 *
 * @example F.tuple_sketch_estimate_integer('col')
 */
export const tuple_sketch_estimate_integer = colFn('tuple_sketch_estimate_integer');

/**
 * Aggregated summary of a double Tuple sketch (Spark 4.3+). Spark SQL
 * `tuple_sketch_summary_double`.
 *
 * @example F.tuple_sketch_summary_double('col')
 */
export const tuple_sketch_summary_double = colModeFn('tuple_sketch_summary_double');

/**
 * Aggregated summary of an integer Tuple sketch (Spark 4.3+). Spark SQL
 * `tuple_sketch_summary_integer`.
 *
 * @example F.tuple_sketch_summary_integer('col')
 */
export const tuple_sketch_summary_integer = colModeFn('tuple_sketch_summary_integer');

/**
 * The Theta sketch of a double Tuple sketch (Spark 4.3+). Spark SQL `tuple_sketch_theta_double`.
 *
 * @example F.tuple_sketch_theta_double('col')
 */
export const tuple_sketch_theta_double = colFn('tuple_sketch_theta_double');

/**
 * The Theta sketch of an integer Tuple sketch (Spark 4.3+). Spark SQL `tuple_sketch_theta_integer`.
 *
 * @example F.tuple_sketch_theta_integer('col')
 */
export const tuple_sketch_theta_integer = colFn('tuple_sketch_theta_integer');

/**
 * Union of the double Tuple sketches of the group (Spark 4.3+). Spark SQL `tuple_union_agg_double`.
 *
 * @example F.tuple_union_agg_double('col')
 */
export const tuple_union_agg_double = unionAggFn('tuple_union_agg_double');

/**
 * Union of the integer Tuple sketches of the group (Spark 4.3+). Spark SQL
 * `tuple_union_agg_integer`.
 *
 * @example F.tuple_union_agg_integer('col')
 */
export const tuple_union_agg_integer = unionAggFn('tuple_union_agg_integer');

/**
 * Union of two double Tuple sketches (Spark 4.3+). Spark SQL `tuple_union_double`.
 *
 * @example F.tuple_union_double('col1', 'col2')
 */
export const tuple_union_double = unionFn('tuple_union_double');

/**
 * Union of two integer Tuple sketches (Spark 4.3+). Spark SQL `tuple_union_integer`.
 *
 * @example F.tuple_union_integer('col1', 'col2')
 */
export const tuple_union_integer = unionFn('tuple_union_integer');

/**
 * Union of a double Tuple sketch and a Theta sketch (Spark 4.3+). Spark SQL
 * `tuple_union_theta_double`.
 *
 * @example F.tuple_union_theta_double('col1', 'col2')
 */
export const tuple_union_theta_double = unionFn('tuple_union_theta_double');

/**
 * Union of an integer Tuple sketch and a Theta sketch (Spark 4.3+). Spark SQL
 * `tuple_union_theta_integer`.
 *
 * @example F.tuple_union_theta_integer('col1', 'col2')
 */
export const tuple_union_theta_integer = unionFn('tuple_union_theta_integer');
