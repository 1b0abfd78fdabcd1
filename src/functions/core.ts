/**
 * The normal functions: column references, literals, SQL expressions, calling any function by
 * name, and the broadcast hint.
 */
import { Column, type ColumnOrValue } from '../column/column.js';
import type { ExprNode } from '../column/nodes.js';
import { TableArg } from '../column/table-arg.js';
import type { DataFrame } from '../dataframe/dataframe.js';
import { type ColumnOrName, colNode, describeArg, valueNode } from './args.js';

/**
 * A column by name: `'*'` is all columns, `'t.*'` all columns of `t`; dots and backticks follow
 * Spark's identifier rules (`'a.b'` is field `b` of struct `a`). Spark SQL: a column reference.
 *
 * @example F.col('age'); F.col('t.*')
 */
export function col(col: string): Column {
  if (typeof col !== 'string')
    throw new TypeError(`col(): takes a column name string, got ${describeArg(col)}`);
  if (col === '*') return new Column({ kind: 'star' });
  if (col.endsWith('.*')) return new Column({ kind: 'star', target: col.slice(0, -2) });
  return new Column({ kind: 'attribute', name: col });
}

/**
 * Alias of `col`.
 *
 * @example F.column('age')
 */
export function column(col: string): Column {
  if (typeof col !== 'string')
    throw new TypeError(`column(): takes a column name string, got ${describeArg(col)}`);
  return colImpl(col);
}

const colImpl = col;

/**
 * A literal column; a Column is returned as is. JavaScript values map to Spark types as listed in
 * the README (`typed.*` for exact types); an array becomes `array(lit(e), ...)` as in PySpark, so
 * Spark finds the common element type (`[1, 2.5]` is an array of doubles). Spark SQL: a literal.
 *
 * @example F.lit(1); F.lit('x'); F.lit([1, 2]); F.lit(typed.decimal('1.50'))
 */
export function lit(col: ColumnOrValue): Column {
  if (col instanceof Column) return col;
  if (col === undefined) throw new TypeError('lit(): the value is undefined');
  try {
    return new Column(valueNode(col));
  } catch (e) {
    throw new TypeError(`lit(): ${(e as Error).message}`);
  }
}

/**
 * A column from a SQL expression string.
 *
 * @example F.expr("length(name) + 1 AS n")
 */
export function expr(str: string): Column {
  if (typeof str !== 'string')
    throw new TypeError(`expr(): takes a SQL expression string, got ${describeArg(str)}`);
  return new Column({ kind: 'expressionString', expr: str });
}

/**
 * Calls any SQL function by name with Column or column-name arguments (or a TableArg from
 * `df.asTable()`, Spark 4.0+): a built-in, a function registered in the session, or a
 * qualified name (`'db.fn'`, `'system.builtin.abs'`), sent as Spark Connect's CallFunction. Functions
 * the server does not know fail with an AnalysisException when the query is analysed.
 *
 * @example F.call_function('abs', 'x'); F.call_function('mydb.add_one', F.col('a'))
 */
export function call_function(funcName: string, ...cols: (ColumnOrName | TableArg)[]): Column {
  if (typeof funcName !== 'string' || funcName.length === 0) {
    throw new TypeError(`call_function(): 'funcName' must be a function name, got ${describeArg(funcName)}`);
  }
  const args = cols.map((c, i): ExprNode => {
    if (c instanceof TableArg) return c.node;
    if (c instanceof Column || typeof c === 'string') return colNode(c);
    throw new TypeError(
      `call_function(): 'cols[${i}]' must be a Column, a column name or a TableArg, got ${describeArg(c)}`,
    );
  });
  return new Column({ kind: 'callFunction', name: funcName, args });
}

/**
 * Marks a DataFrame as small enough to broadcast in joins: `df.hint('broadcast')`.
 *
 * @example big.join(F.broadcast(small), 'id')
 */
export function broadcast(df: DataFrame): DataFrame {
  const hint = (df as { hint?: unknown } | null)?.hint;
  if (typeof hint !== 'function')
    throw new TypeError(`broadcast(): takes a DataFrame, got ${describeArg(df)}`);
  return df.hint('broadcast');
}
