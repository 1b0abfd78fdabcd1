/**
 * The functions module, like `pyspark.sql.functions`: names and argument orders are PySpark's.
 * Columns may be given as a Column or a column-name string where PySpark accepts both.
 *
 * @example
 * import { functions as F } from 'spark-connect-ts';
 * df.select(F.col('a'), F.upper(F.col('name')).alias('NAME'), F.lit(1));
 */
import { Column, type ColumnOrValue, toNode } from '../column/column.js';
import { toLiteral } from '../column/literal.js';
import type { ExprNode, LiteralValue } from '../column/nodes.js';

/** A Column or a column name. */
export type ColumnOrName = Column | string;

/** @internal Converts a Column or column name to a node. */
export function colNode(c: ColumnOrName): ExprNode {
  if (c instanceof Column) return c.node;
  if (typeof c === 'string') return c === '*' ? { kind: 'star' } : { kind: 'attribute', name: c };
  throw new TypeError(`Expected a Column or a column name, got ${c === null ? 'null' : typeof c}`);
}

/** @internal Calls a Spark function by name with Column arguments. */
export function invoke(name: string, ...args: ExprNode[]): Column {
  return new Column({ kind: 'function', name, args });
}

/** A column by name (`'*'` for all columns, `'t.*'` for all of `t`). @example col('age') */
export function col(name: string): Column {
  if (typeof name !== 'string') throw new TypeError(`col() takes a column name string, got ${typeof name}`);
  if (name === '*') return new Column({ kind: 'star' });
  if (name.endsWith('.*')) return new Column({ kind: 'star', target: name.slice(0, -2) });
  return new Column({ kind: 'attribute', name });
}

/** Alias of `col`. */
export function column(name: string): Column {
  return col(name);
}

/** A literal column; a Column is returned as is. @example lit(1), lit('x'), lit(typed.decimal('1.50')) */
export function lit(value: ColumnOrValue): Column {
  if (value instanceof Column) return value;
  toLiteral(value); // validates now, so a bad value fails where it was written
  return new Column({ kind: 'literal', value: value as LiteralValue });
}

/** A column from a SQL expression string. @example expr('a + 1 AS b') */
export function expr(sqlExpression: string): Column {
  if (typeof sqlExpression !== 'string') throw new TypeError('expr() takes a SQL expression string');
  return new Column({ kind: 'expressionString', expr: sqlExpression });
}

/** Ascending sort order of a column. */
export function asc(c: ColumnOrName): Column {
  return new Column(colNode(c)).asc();
}

/** Descending sort order of a column. */
export function desc(c: ColumnOrName): Column {
  return new Column(colNode(c)).desc();
}

/** CASE WHEN: chain `.when()` and `.otherwise()`. @example when(col('a').gt(0), 'pos').otherwise('neg') */
export function when(condition: Column, value: ColumnOrValue): Column {
  if (!(condition instanceof Column)) throw new TypeError('when() condition must be a Column');
  return new Column({ kind: 'function', name: 'when', args: [condition.node, toNode(value)] });
}

/** Number of rows (`count('*')` counts all rows). */
export function count(c: ColumnOrName): Column {
  return invoke('count', c === '*' ? { kind: 'literal', value: 1 } : colNode(c));
}

/** Sum of a column. */
export function sum(c: ColumnOrName): Column {
  return invoke('sum', colNode(c));
}

/** Average of a column. */
export function avg(c: ColumnOrName): Column {
  return invoke('avg', colNode(c));
}

/** Alias of `avg`. */
export function mean(c: ColumnOrName): Column {
  return invoke('mean', colNode(c));
}

/** Minimum of a column. */
export function min(c: ColumnOrName): Column {
  return invoke('min', colNode(c));
}

/** Maximum of a column. */
export function max(c: ColumnOrName): Column {
  return invoke('max', colNode(c));
}

/** Upper-cases a string column. */
export function upper(c: ColumnOrName): Column {
  return invoke('upper', colNode(c));
}

/** Lower-cases a string column. */
export function lower(c: ColumnOrName): Column {
  return invoke('lower', colNode(c));
}

/** Concatenates columns. */
export function concat(...cols: ColumnOrName[]): Column {
  return invoke('concat', ...cols.map(colNode));
}

/** Absolute value. */
export function abs(c: ColumnOrName): Column {
  return invoke('abs', colNode(c));
}

/** Length of a string or binary column. */
export function length(c: ColumnOrName): Column {
  return invoke('length', colNode(c));
}

/** The first non-null argument. */
export function coalesce(...cols: ColumnOrName[]): Column {
  return invoke('coalesce', ...cols.map(colNode));
}
