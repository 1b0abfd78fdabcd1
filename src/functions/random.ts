/**
 * Random value functions. Without a seed, a random seed is fixed when the column is built (as
 * PySpark does), so every action on a DataFrame sees the same values. Names, argument orders and
 * defaults are PySpark's; arguments are converted as in args.ts.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call } from './args.js';

/**
 * Uniform random numbers in [0, 1); without a seed a random one is fixed now, as PySpark does.
 * Spark SQL `rand`.
 *
 * @example F.rand(42)
 */
export function rand(seed?: number | bigint | Column): Column {
  return call('rand').seed('seed', seed).build();
}

/**
 * Standard normal random numbers; without a seed a random one is fixed now, as PySpark does. Spark
 * SQL `randn`.
 *
 * @example F.randn()
 */
export function randn(seed?: number | bigint | Column): Column {
  return call('randn').seed('seed', seed).build();
}

/**
 * Alias of `rand`. Spark SQL `rand`.
 *
 * @example F.random()
 */
export function random(seed?: number | bigint | Column): Column {
  return call('random', 'rand').seed('seed', seed).build();
}

/**
 * Uniform random values in [min, max); without a seed a random one is fixed now. Spark SQL
 * `uniform`.
 *
 * @example F.uniform(0, 10, 7)
 */
export function uniform(min: number | Column, max: number | Column, seed?: number | bigint | Column): Column {
  return call('uniform').num('min', min).num('max', max).seed('seed', seed).build();
}

/**
 * A random string of `length` characters; without a seed a random one is fixed now. Spark SQL
 * `randstr`.
 *
 * @example F.randstr(8, 42)
 */
export function randstr(length: number | Column, seed?: number | bigint | Column): Column {
  return call('randstr').int('length', length).seed('seed', seed).build();
}

/**
 * A random permutation of an array; without a seed a random one is fixed now, as PySpark does.
 * Spark SQL `shuffle`. Spark 3.5 servers take no seed and reject this call (WRONG_NUM_ARGS):
 * there, use `F.call_function('shuffle', col)`.
 *
 * @example F.shuffle('arr'); F.shuffle('arr', 42)
 */
export function shuffle(col: ColumnOrName, seed?: number | bigint | Column): Column {
  return call('shuffle').col('col', col).seed('seed', seed).build();
}

/**
 * A random UUID string; without a seed a random one is fixed now, as PySpark does. Spark SQL
 * `uuid`. Spark 3.5 servers take no seed and reject this call (WRONG_NUM_ARGS): there, use
 * `F.call_function('uuid')`.
 *
 * @example F.uuid()
 */
export function uuid(seed?: number | bigint | Column): Column {
  return call('uuid').seed('seed', seed).build();
}
