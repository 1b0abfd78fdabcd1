/**
 * Array, map, struct and generator functions. Names, argument orders and defaults are PySpark's;
 * arguments are converted as in args.ts.
 */
import type { Column, ColumnOrValue } from '../column/column.js';
import { type ColumnOrName, call } from './args.js';

/**
 * An array of the given columns (varargs or one array). Spark SQL `array`.
 *
 * @example F.array('a', 'b')
 */
export function array(...cols: (ColumnOrName | readonly ColumnOrName[])[]): Column {
  return call('array').colsFlat('cols', cols).build();
}

/**
 * Appends a value (a literal or a Column) to an array. Spark SQL `array_append`.
 *
 * @example F.array_append('arr', 4)
 */
export function array_append(col: ColumnOrName, value: ColumnOrValue): Column {
  return call('array_append').col('col', col).lit('value', value).build();
}

/**
 * Removes nulls from an array. Spark SQL `array_compact`.
 *
 * @example F.array_compact('col')
 */
export function array_compact(col: ColumnOrName): Column {
  return call('array_compact').col('col', col).build();
}

/**
 * True if the array holds the value (a literal or a Column). Spark SQL `array_contains`.
 *
 * @example F.array_contains('tags', 'spark')
 */
export function array_contains(col: ColumnOrName, value: ColumnOrValue): Column {
  return call('array_contains').col('col', col).lit('value', value).build();
}

/**
 * Removes duplicate elements. Spark SQL `array_distinct`.
 *
 * @example F.array_distinct('col')
 */
export function array_distinct(col: ColumnOrName): Column {
  return call('array_distinct').col('col', col).build();
}

/**
 * Elements of `col1` not in `col2`, without duplicates. Spark SQL `array_except`.
 *
 * @example F.array_except('col1', 'col2')
 */
export function array_except(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('array_except').col('col1', col1).col('col2', col2).build();
}

/**
 * Inserts a value at 1-based `pos` (negative counts from the end). Spark SQL `array_insert`.
 *
 * @example F.array_insert('arr', 1, 0)
 */
export function array_insert(arr: ColumnOrName, pos: ColumnOrName | number, value: ColumnOrValue): Column {
  return call('array_insert').col('arr', arr).colOrInt('pos', pos).lit('value', value).build();
}

/**
 * Elements in both arrays, without duplicates. Spark SQL `array_intersect`.
 *
 * @example F.array_intersect('col1', 'col2')
 */
export function array_intersect(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('array_intersect').col('col1', col1).col('col2', col2).build();
}

/**
 * Joins array elements with a delimiter; nulls are skipped unless replaced. Spark SQL `array_join`.
 *
 * @example F.array_join('arr', ',')
 */
export function array_join(
  col: ColumnOrName,
  delimiter: string | Column,
  null_replacement?: string | Column,
): Column {
  return call('array_join')
    .col('col', col)
    .str('delimiter', delimiter)
    .optStr('null_replacement', null_replacement)
    .build();
}

/**
 * The largest element. Spark SQL `array_max`.
 *
 * @example F.array_max('col')
 */
export function array_max(col: ColumnOrName): Column {
  return call('array_max').col('col', col).build();
}

/**
 * The smallest element. Spark SQL `array_min`.
 *
 * @example F.array_min('col')
 */
export function array_min(col: ColumnOrName): Column {
  return call('array_min').col('col', col).build();
}

/**
 * 1-based position of the first occurrence of a value; 0 if absent. Spark SQL `array_position`.
 *
 * @example F.array_position('arr', 3)
 */
export function array_position(col: ColumnOrName, value: ColumnOrValue): Column {
  return call('array_position').col('col', col).lit('value', value).build();
}

/**
 * Prepends a value to an array. Spark SQL `array_prepend`.
 *
 * @example F.array_prepend('arr', 0)
 */
export function array_prepend(col: ColumnOrName, value: ColumnOrValue): Column {
  return call('array_prepend').col('col', col).lit('value', value).build();
}

/**
 * Removes all elements equal to a value. Spark SQL `array_remove`.
 *
 * @example F.array_remove('arr', 3)
 */
export function array_remove(col: ColumnOrName, element: ColumnOrValue): Column {
  return call('array_remove').col('col', col).lit('element', element).build();
}

/**
 * An array holding `col` `count` times. Spark SQL `array_repeat`.
 *
 * @example F.array_repeat('col', F.col('count'))
 */
export function array_repeat(col: ColumnOrName, count: ColumnOrName | number): Column {
  return call('array_repeat').col('col', col).colOrInt('count', count).build();
}

/**
 * Number of elements. Spark SQL `array_size`.
 *
 * @example F.array_size('col')
 */
export function array_size(col: ColumnOrName): Column {
  return call('array_size').col('col', col).build();
}

/**
 * Elements in either array, without duplicates. Spark SQL `array_union`.
 *
 * @example F.array_union('col1', 'col2')
 */
export function array_union(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('array_union').col('col1', col1).col('col2', col2).build();
}

/**
 * True if the arrays share a non-null element. Spark SQL `arrays_overlap`.
 *
 * @example F.arrays_overlap('a1', 'a2')
 */
export function arrays_overlap(a1: ColumnOrName, a2: ColumnOrName): Column {
  return call('arrays_overlap').col('a1', a1).col('a2', a2).build();
}

/**
 * Merges arrays into an array of structs. Spark SQL `arrays_zip`.
 *
 * @example F.arrays_zip('a', 'b')
 */
export function arrays_zip(...cols: ColumnOrName[]): Column {
  return call('arrays_zip').cols('cols', cols).build();
}

/**
 * Number of elements of an array or map. Spark SQL `cardinality`.
 *
 * @example F.cardinality('col')
 */
export function cardinality(col: ColumnOrName): Column {
  return call('cardinality').col('col', col).build();
}

/**
 * Concatenates strings, binaries or arrays. Spark SQL `concat`.
 *
 * @example F.concat('a', 'b')
 */
export function concat(...cols: ColumnOrName[]): Column {
  return call('concat').cols('cols', cols).build();
}

/**
 * Array element at 1-based index, or map value for a key (literals or a Column). Spark SQL
 * `element_at`.
 *
 * @example F.element_at('arr', 1)
 */
export function element_at(col: ColumnOrName, extraction: ColumnOrValue): Column {
  return call('element_at').col('col', col).lit('extraction', extraction).build();
}

/**
 * Flattens an array of arrays. Spark SQL `flatten`.
 *
 * @example F.flatten('col')
 */
export function flatten(col: ColumnOrName): Column {
  return call('flatten').col('col', col).build();
}

/**
 * Array element at 0-based `index`; null when out of bounds. Spark SQL `get`.
 *
 * @example F.get('arr', 0)
 */
export function get(col: ColumnOrName, index: ColumnOrName | number): Column {
  return call('get').col('col', col).colOrInt('index', index).build();
}

/**
 * Reverses a string or an array. Spark SQL `reverse`.
 *
 * @example F.reverse('col')
 */
export function reverse(col: ColumnOrName): Column {
  return call('reverse').col('col', col).build();
}

/**
 * An array from `start` to `stop` (inclusive) by `step`. Spark SQL `sequence`.
 *
 * @example F.sequence('start', 'stop')
 */
export function sequence(start: ColumnOrName, stop: ColumnOrName, step?: ColumnOrName): Column {
  return call('sequence').col('start', start).col('stop', stop).optCol('step', step).build();
}

/**
 * Number of elements of an array or map (-1 or null for null input). Spark SQL `size`.
 *
 * @example F.size('col')
 */
export function size(col: ColumnOrName): Column {
  return call('size').col('col', col).build();
}

/**
 * A sub-array from 1-based `start` of `length` elements. Spark SQL `slice`.
 *
 * @example F.slice('arr', 2, 3)
 */
export function slice(x: ColumnOrName, start: ColumnOrName | number, length: ColumnOrName | number): Column {
  return call('slice').col('x', x).colOrInt('start', start).colOrInt('length', length).build();
}

/**
 * Sorts an array (nulls first ascending, last descending). Spark SQL `sort_array`.
 *
 * @example F.sort_array('col')
 */
export function sort_array(col: ColumnOrName, asc: boolean | Column = true): Column {
  return call('sort_array').col('col', col).bool('asc', asc).build();
}

/**
 * Like `element_at` with an index/key column; null instead of an error. Spark SQL `try_element_at`.
 *
 * @example F.try_element_at('col', 'extraction')
 */
export function try_element_at(col: ColumnOrName, extraction: ColumnOrName): Column {
  return call('try_element_at').col('col', col).col('extraction', extraction).build();
}

/**
 * A struct from alternating name and value columns. Spark SQL `named_struct`.
 *
 * @example F.named_struct(F.lit('x'), 'a')
 */
export function named_struct(...cols: ColumnOrName[]): Column {
  return call('named_struct').cols('cols', cols).build();
}

/**
 * A struct of the given columns (varargs or one array). Spark SQL `struct`.
 *
 * @example F.struct('a', 'b')
 */
export function struct(...cols: (ColumnOrName | readonly ColumnOrName[])[]): Column {
  return call('struct').colsFlat('cols', cols).build();
}

/**
 * A map from alternating key and value columns. Spark SQL `map`.
 *
 * @example F.create_map(F.lit('k'), 'v')
 */
export function create_map(...cols: (ColumnOrName | readonly ColumnOrName[])[]): Column {
  return call('create_map', 'map').colsFlat('cols', cols).build();
}

/**
 * The union of maps. Spark SQL `map_concat`.
 *
 * @example F.map_concat('a', 'b')
 */
export function map_concat(...cols: (ColumnOrName | readonly ColumnOrName[])[]): Column {
  return call('map_concat').colsFlat('cols', cols).build();
}

/**
 * True if the map holds the key (a literal or a Column). Spark SQL `map_contains_key`.
 *
 * @example F.map_contains_key('m', 'k')
 */
export function map_contains_key(col: ColumnOrName, value: ColumnOrValue): Column {
  return call('map_contains_key').col('col', col).lit('value', value).build();
}

/**
 * The map as an array of key/value structs. Spark SQL `map_entries`.
 *
 * @example F.map_entries('col')
 */
export function map_entries(col: ColumnOrName): Column {
  return call('map_entries').col('col', col).build();
}

/**
 * A map from an array of keys and an array of values. Spark SQL `map_from_arrays`.
 *
 * @example F.map_from_arrays('col1', 'col2')
 */
export function map_from_arrays(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('map_from_arrays').col('col1', col1).col('col2', col2).build();
}

/**
 * A map from an array of key/value structs. Spark SQL `map_from_entries`.
 *
 * @example F.map_from_entries('col')
 */
export function map_from_entries(col: ColumnOrName): Column {
  return call('map_from_entries').col('col', col).build();
}

/**
 * The keys of a map. Spark SQL `map_keys`.
 *
 * @example F.map_keys('col')
 */
export function map_keys(col: ColumnOrName): Column {
  return call('map_keys').col('col', col).build();
}

/**
 * The values of a map. Spark SQL `map_values`.
 *
 * @example F.map_values('col')
 */
export function map_values(col: ColumnOrName): Column {
  return call('map_values').col('col', col).build();
}

/**
 * Parses 'k1:v1,k2:v2' into a map; delimiters are columns (default ',' and ':'). Spark SQL
 * `str_to_map`.
 *
 * @example F.str_to_map('text')
 */
export function str_to_map(
  text: ColumnOrName,
  pairDelim?: ColumnOrName,
  keyValueDelim?: ColumnOrName,
): Column {
  return call('str_to_map')
    .col('text', text)
    .colOr('pairDelim', pairDelim, ',')
    .colOr('keyValueDelim', keyValueDelim, ':')
    .build();
}

/**
 * One row per array element (column `col`) or map entry (`key`, `value`). Spark SQL `explode`.
 *
 * @example F.explode('col')
 */
export function explode(col: ColumnOrName): Column {
  return call('explode').col('col', col).build();
}

/**
 * Like `explode`, with a null row for a null or empty collection. Spark SQL `explode_outer`.
 *
 * @example F.explode_outer('col')
 */
export function explode_outer(col: ColumnOrName): Column {
  return call('explode_outer').col('col', col).build();
}

/**
 * One row per struct of an array of structs. Spark SQL `inline`.
 *
 * @example F.inline('col')
 */
export function inline(col: ColumnOrName): Column {
  return call('inline').col('col', col).build();
}

/**
 * Like `inline`, with a null row for a null or empty array. Spark SQL `inline_outer`.
 *
 * @example F.inline_outer('col')
 */
export function inline_outer(col: ColumnOrName): Column {
  return call('inline_outer').col('col', col).build();
}

/**
 * Like `explode`, with the position (`pos`). Spark SQL `posexplode`.
 *
 * @example F.posexplode('col')
 */
export function posexplode(col: ColumnOrName): Column {
  return call('posexplode').col('col', col).build();
}

/**
 * Like `posexplode`, with a null row for a null or empty collection. Spark SQL `posexplode_outer`.
 *
 * @example F.posexplode_outer('col')
 */
export function posexplode_outer(col: ColumnOrName): Column {
  return call('posexplode_outer').col('col', col).build();
}

/**
 * Separates values into `n` rows (the first argument is `n`). Spark SQL `stack`.
 *
 * @example F.stack(F.lit(2), 'a', 'b')
 */
export function stack(...cols: ColumnOrName[]): Column {
  return call('stack').cols('cols', cols).build();
}
