/**
 * Statistical aggregate functions: moments, correlation, regression, percentiles. Names, argument
 * orders and defaults are PySpark's; arguments are converted as in args.ts.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call } from './args.js';

/**
 * Approximate percentile(s) (one number or an array). Spark SQL `approx_percentile`.
 *
 * @example F.approx_percentile('x', [0.25, 0.75])
 */
export function approx_percentile(
  col: ColumnOrName,
  percentage: number | readonly number[] | Column,
  accuracy: number | Column = 10000,
): Column {
  return call('approx_percentile')
    .col('col', col)
    .lit('percentage', percentage)
    .int('accuracy', accuracy)
    .build();
}

/**
 * Pearson correlation coefficient. Spark SQL `corr`.
 *
 * @example F.corr('col1', 'col2')
 */
export function corr(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('corr').col('col1', col1).col('col2', col2).build();
}

/**
 * Population covariance. Spark SQL `covar_pop`.
 *
 * @example F.covar_pop('col1', 'col2')
 */
export function covar_pop(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('covar_pop').col('col1', col1).col('col2', col2).build();
}

/**
 * Sample covariance. Spark SQL `covar_samp`.
 *
 * @example F.covar_samp('col1', 'col2')
 */
export function covar_samp(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('covar_samp').col('col1', col1).col('col2', col2).build();
}

/**
 * Excess kurtosis. Spark SQL `kurtosis`.
 *
 * @example F.kurtosis('col')
 */
export function kurtosis(col: ColumnOrName): Column {
  return call('kurtosis').col('col', col).build();
}

/**
 * Median. Spark SQL `median`.
 *
 * @example F.median('col')
 */
export function median(col: ColumnOrName): Column {
  return call('median').col('col', col).build();
}

/**
 * The most frequent value (the smallest among ties if `deterministic`, Spark 4.0+). Spark SQL
 * `mode`. The flag defaults to false as in PySpark, but is only sent when given, so `mode(col)`
 * also works on Spark 3.5.
 *
 * @example F.mode('col'); F.mode('col', true)
 */
export function mode(col: ColumnOrName, deterministic?: boolean | Column): Column {
  return call('mode').col('col', col).optBool('deterministic', deterministic).build();
}

/**
 * Exact percentile(s) (one number or an array), optionally weighted by `frequency`. Spark SQL
 * `percentile`.
 *
 * @example F.percentile('x', 0.5)
 */
export function percentile(
  col: ColumnOrName,
  percentage: number | readonly number[] | Column,
  frequency: number | Column = 1,
): Column {
  return call('percentile').col('col', col).lit('percentage', percentage).int('frequency', frequency).build();
}

/**
 * Approximate percentile(s) (one number or an array). Spark SQL `percentile_approx`.
 *
 * @example F.percentile_approx('x', 0.5)
 */
export function percentile_approx(
  col: ColumnOrName,
  percentage: number | readonly number[] | Column,
  accuracy: number | Column = 10000,
): Column {
  return call('percentile_approx')
    .col('col', col)
    .lit('percentage', percentage)
    .int('accuracy', accuracy)
    .build();
}

/**
 * Average of `x` over non-null pairs. Spark SQL `regr_avgx`.
 *
 * @example F.regr_avgx('y', 'x')
 */
export function regr_avgx(y: ColumnOrName, x: ColumnOrName): Column {
  return call('regr_avgx').col('y', y).col('x', x).build();
}

/**
 * Average of `y` over non-null pairs. Spark SQL `regr_avgy`.
 *
 * @example F.regr_avgy('y', 'x')
 */
export function regr_avgy(y: ColumnOrName, x: ColumnOrName): Column {
  return call('regr_avgy').col('y', y).col('x', x).build();
}

/**
 * Number of non-null pairs. Spark SQL `regr_count`.
 *
 * @example F.regr_count('y', 'x')
 */
export function regr_count(y: ColumnOrName, x: ColumnOrName): Column {
  return call('regr_count').col('y', y).col('x', x).build();
}

/**
 * Intercept of the least-squares line. Spark SQL `regr_intercept`.
 *
 * @example F.regr_intercept('y', 'x')
 */
export function regr_intercept(y: ColumnOrName, x: ColumnOrName): Column {
  return call('regr_intercept').col('y', y).col('x', x).build();
}

/**
 * Coefficient of determination. Spark SQL `regr_r2`.
 *
 * @example F.regr_r2('y', 'x')
 */
export function regr_r2(y: ColumnOrName, x: ColumnOrName): Column {
  return call('regr_r2').col('y', y).col('x', x).build();
}

/**
 * Slope of the least-squares line. Spark SQL `regr_slope`.
 *
 * @example F.regr_slope('y', 'x')
 */
export function regr_slope(y: ColumnOrName, x: ColumnOrName): Column {
  return call('regr_slope').col('y', y).col('x', x).build();
}

/**
 * Sum of squares of `x`. Spark SQL `regr_sxx`.
 *
 * @example F.regr_sxx('y', 'x')
 */
export function regr_sxx(y: ColumnOrName, x: ColumnOrName): Column {
  return call('regr_sxx').col('y', y).col('x', x).build();
}

/**
 * Sum of products of `x` and `y` deviations. Spark SQL `regr_sxy`.
 *
 * @example F.regr_sxy('y', 'x')
 */
export function regr_sxy(y: ColumnOrName, x: ColumnOrName): Column {
  return call('regr_sxy').col('y', y).col('x', x).build();
}

/**
 * Sum of squares of `y`. Spark SQL `regr_syy`.
 *
 * @example F.regr_syy('y', 'x')
 */
export function regr_syy(y: ColumnOrName, x: ColumnOrName): Column {
  return call('regr_syy').col('y', y).col('x', x).build();
}

/**
 * Skewness. Spark SQL `skewness`.
 *
 * @example F.skewness('col')
 */
export function skewness(col: ColumnOrName): Column {
  return call('skewness').col('col', col).build();
}

/**
 * Sample standard deviation. Spark SQL `std`.
 *
 * @example F.std('col')
 */
export function std(col: ColumnOrName): Column {
  return call('std').col('col', col).build();
}

/**
 * Sample standard deviation. Spark SQL `stddev`.
 *
 * @example F.stddev('col')
 */
export function stddev(col: ColumnOrName): Column {
  return call('stddev').col('col', col).build();
}

/**
 * Population standard deviation. Spark SQL `stddev_pop`.
 *
 * @example F.stddev_pop('col')
 */
export function stddev_pop(col: ColumnOrName): Column {
  return call('stddev_pop').col('col', col).build();
}

/**
 * Sample standard deviation. Spark SQL `stddev_samp`.
 *
 * @example F.stddev_samp('col')
 */
export function stddev_samp(col: ColumnOrName): Column {
  return call('stddev_samp').col('col', col).build();
}

/**
 * Population variance. Spark SQL `var_pop`.
 *
 * @example F.var_pop('col')
 */
export function var_pop(col: ColumnOrName): Column {
  return call('var_pop').col('col', col).build();
}

/**
 * Sample variance. Spark SQL `var_samp`.
 *
 * @example F.var_samp('col')
 */
export function var_samp(col: ColumnOrName): Column {
  return call('var_samp').col('col', col).build();
}

/**
 * Sample variance. Spark SQL `variance`.
 *
 * @example F.variance('col')
 */
export function variance(col: ColumnOrName): Column {
  return call('variance').col('col', col).build();
}
