/**
 * Ranking and analytic window functions; use them with `.over(Window...)`. Names, argument orders
 * and defaults are PySpark's; arguments are converted as in args.ts.
 */
import type { Column, ColumnOrValue } from '../column/column.js';
import { type ColumnOrName, call } from './args.js';

/**
 * The change of a monotonic counter from the previous row, handling resets (Spark 4.3+). Spark SQL
 * `counter_diff`.
 *
 * @example F.counter_diff('value')
 */
export function counter_diff(value: ColumnOrName, startTime?: ColumnOrName): Column {
  return call('counter_diff').col('value', value).optCol('startTime', startTime).build();
}

/**
 * Cumulative distribution: the fraction of rows at or before the current row. Spark SQL
 * `cume_dist`.
 *
 * @example F.cume_dist().over(Window.orderBy('x'))
 */
export function cume_dist(): Column {
  return call('cume_dist').build();
}

/**
 * Rank without gaps. Spark SQL `dense_rank`.
 *
 * @example F.dense_rank().over(Window.orderBy('x'))
 */
export function dense_rank(): Column {
  return call('dense_rank').build();
}

/**
 * The value `offset` rows before the current row, or `defaultValue`. Spark SQL `lag`.
 *
 * @example F.lag('x', 1, 0).over(Window.orderBy('t'))
 */
export function lag(col: ColumnOrName, offset: number | Column = 1, defaultValue?: ColumnOrValue): Column {
  return call('lag').col('col', col).int('offset', offset).optLit('defaultValue', defaultValue).build();
}

/**
 * The value `offset` rows after the current row, or `defaultValue`. Spark SQL `lead`.
 *
 * @example F.lead('x').over(Window.orderBy('t'))
 */
export function lead(col: ColumnOrName, offset: number | Column = 1, defaultValue?: ColumnOrValue): Column {
  return call('lead').col('col', col).int('offset', offset).optLit('defaultValue', defaultValue).build();
}

/**
 * The value of the `offset`-th row of the frame. Spark SQL `nth_value`.
 *
 * @example F.nth_value('x', 2).over(Window.orderBy('t'))
 */
export function nth_value(
  col: ColumnOrName,
  offset: number | Column,
  ignoreNulls: boolean | Column = false,
): Column {
  return call('nth_value').col('col', col).int('offset', offset).bool('ignoreNulls', ignoreNulls).build();
}

/**
 * The bucket number (1 to `n`) of the row. Spark SQL `ntile`.
 *
 * @example F.ntile(4).over(Window.orderBy('x'))
 */
export function ntile(n: number | Column): Column {
  return call('ntile').int('n', n).build();
}

/**
 * Relative rank, (rank - 1) / (rows - 1). Spark SQL `percent_rank`.
 *
 * @example F.percent_rank().over(Window.orderBy('x'))
 */
export function percent_rank(): Column {
  return call('percent_rank').build();
}

/**
 * Rank with gaps. Spark SQL `rank`.
 *
 * @example F.rank().over(Window.partitionBy('g').orderBy('x'))
 */
export function rank(): Column {
  return call('rank').build();
}

/**
 * Sequential row number starting at 1. Spark SQL `row_number`.
 *
 * @example F.row_number().over(Window.orderBy('x'))
 */
export function row_number(): Column {
  return call('row_number').build();
}
