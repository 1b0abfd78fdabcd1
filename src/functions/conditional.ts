/**
 * Conditional, predicate and sort functions. Names, argument orders and defaults are PySpark's;
 * arguments are converted as in args.ts.
 */
import { Column, type ColumnOrValue } from '../column/column.js';
import { type ColumnOrName, call, colNode, describeArg } from './args.js';

/**
 * The first non-null argument. Spark SQL `coalesce`.
 *
 * @example F.coalesce('a', 'b')
 */
export function coalesce(...cols: ColumnOrName[]): Column {
  return call('coalesce').cols('cols', cols).build();
}

/**
 * `col2` if `col1` is null, else `col1`. Spark SQL `ifnull`.
 *
 * @example F.ifnull('col1', 'col2')
 */
export function ifnull(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('ifnull').col('col1', col1).col('col2', col2).build();
}

/**
 * `col1` if it is not NaN, else `col2`. Spark SQL `nanvl`.
 *
 * @example F.nanvl('col1', 'col2')
 */
export function nanvl(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('nanvl').col('col1', col1).col('col2', col2).build();
}

/**
 * Null if `col1` equals `col2`, else `col1`. Spark SQL `nullif`.
 *
 * @example F.nullif('col1', 'col2')
 */
export function nullif(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('nullif').col('col1', col1).col('col2', col2).build();
}

/**
 * Null if the value is 0, else the value. Spark SQL `nullifzero`.
 *
 * @example F.nullifzero('col')
 */
export function nullifzero(col: ColumnOrName): Column {
  return call('nullifzero').col('col', col).build();
}

/**
 * `col2` if `col1` is null, else `col1`. Spark SQL `nvl`.
 *
 * @example F.nvl('col1', 'col2')
 */
export function nvl(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('nvl').col('col1', col1).col('col2', col2).build();
}

/**
 * `col2` if `col1` is not null, else `col3`. Spark SQL `nvl2`.
 *
 * @example F.nvl2('col1', 'col2', 'col3')
 */
export function nvl2(col1: ColumnOrName, col2: ColumnOrName, col3: ColumnOrName): Column {
  return call('nvl2').col('col1', col1).col('col2', col2).col('col3', col3).build();
}

/**
 * 0 if the value is null, else the value. Spark SQL `zeroifnull`.
 *
 * @example F.zeroifnull('col')
 */
export function zeroifnull(col: ColumnOrName): Column {
  return call('zeroifnull').col('col', col).build();
}

/**
 * Null-safe equality: true when both are null. Spark SQL `equal_null`.
 *
 * @example F.equal_null('col1', 'col2')
 */
export function equal_null(col1: ColumnOrName, col2: ColumnOrName): Column {
  return call('equal_null').col('col1', col1).col('col2', col2).build();
}

/**
 * Case-insensitive SQL LIKE; `pattern` is a column (use `lit('a%')` for a pattern string). Spark
 * SQL `ilike`.
 *
 * @example F.ilike('name', F.lit('%ALICE%'))
 */
export function ilike(str: ColumnOrName, pattern: ColumnOrName, escapeChar?: Column): Column {
  return call('ilike').col('str', str).col('pattern', pattern).optCol('escapeChar', escapeChar).build();
}

/**
 * True if the value is NaN. Spark SQL `isnan`.
 *
 * @example F.isnan('col')
 */
export function isnan(col: ColumnOrName): Column {
  return call('isnan').col('col', col).build();
}

/**
 * True if the value is not null. Spark SQL `isnotnull`.
 *
 * @example F.isnotnull('col')
 */
export function isnotnull(col: ColumnOrName): Column {
  return call('isnotnull').col('col', col).build();
}

/**
 * True if the value is null. Spark SQL `isnull`.
 *
 * @example F.isnull('col')
 */
export function isnull(col: ColumnOrName): Column {
  return call('isnull').col('col', col).build();
}

/**
 * SQL LIKE; `pattern` is a column (use `lit('a%')` for a pattern string). Spark SQL `like`.
 *
 * @example F.like('name', F.lit('a%'))
 */
export function like(str: ColumnOrName, pattern: ColumnOrName, escapeChar?: Column): Column {
  return call('like').col('str', str).col('pattern', pattern).optCol('escapeChar', escapeChar).build();
}

/**
 * True if the string matches the Java regular expression. Spark SQL `regexp`.
 *
 * @example F.regexp('str', 'regexp')
 */
export function regexp(str: ColumnOrName, regexp: ColumnOrName): Column {
  return call('regexp').col('str', str).col('regexp', regexp).build();
}

/**
 * True if the string matches the Java regular expression. Spark SQL `regexp_like`.
 *
 * @example F.regexp_like('str', 'regexp')
 */
export function regexp_like(str: ColumnOrName, regexp: ColumnOrName): Column {
  return call('regexp_like').col('str', str).col('regexp', regexp).build();
}

/**
 * True if the string matches the Java regular expression. Spark SQL `rlike`.
 *
 * @example F.rlike('str', 'regexp')
 */
export function rlike(str: ColumnOrName, regexp: ColumnOrName): Column {
  return call('rlike').col('str', str).col('regexp', regexp).build();
}

/**
 * CASE WHEN: `value` (a literal or a Column) where `condition` holds; chain `.when()` and
 * `.otherwise()` on the result. Without `otherwise`, unmatched rows are null. Spark SQL `when`.
 *
 * @example F.when(F.col('a').gt(0), 'pos').when(F.col('a').lt(0), 'neg').otherwise('zero')
 */
export function when(condition: Column, value: ColumnOrValue): Column {
  if (!(condition instanceof Column)) {
    throw new TypeError(`when(): 'condition' must be a Column, got ${describeArg(condition)}`);
  }
  return call('when').node(condition.node).lit('value', value).build();
}

/**
 * Ascending sort order, nulls first.
 *
 * @example df.orderBy(F.asc('age'))
 */
export function asc(col: ColumnOrName): Column {
  return new Column(colNode(col)).asc();
}

/**
 * Ascending sort order, nulls first.
 *
 * @example df.orderBy(F.asc_nulls_first('age'))
 */
export function asc_nulls_first(col: ColumnOrName): Column {
  return new Column(colNode(col)).ascNullsFirst();
}

/**
 * Ascending sort order, nulls last.
 *
 * @example df.orderBy(F.asc_nulls_last('age'))
 */
export function asc_nulls_last(col: ColumnOrName): Column {
  return new Column(colNode(col)).ascNullsLast();
}

/**
 * Descending sort order, nulls last.
 *
 * @example df.orderBy(F.desc('age'))
 */
export function desc(col: ColumnOrName): Column {
  return new Column(colNode(col)).desc();
}

/**
 * Descending sort order, nulls first.
 *
 * @example df.orderBy(F.desc_nulls_first('age'))
 */
export function desc_nulls_first(col: ColumnOrName): Column {
  return new Column(colNode(col)).descNullsFirst();
}

/**
 * Descending sort order, nulls last.
 *
 * @example df.orderBy(F.desc_nulls_last('age'))
 */
export function desc_nulls_last(col: ColumnOrName): Column {
  return new Column(colNode(col)).descNullsLast();
}
