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

/** Named arguments of a function call (`key => value` in SQL): argument name to Column or column name. */
export type NamedArguments = { readonly [name: string]: ColumnOrName };

function isNamedArguments(v: unknown): v is NamedArguments {
  if (v === null || typeof v !== 'object' || v instanceof Column || v instanceof TableArg) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Calls any SQL function by name with Column or column-name arguments (or a TableArg from
 * `df.asTable()`, Spark 4.0+): a built-in, a function registered in the session, or a
 * qualified name (`'db.fn'`, `'system.builtin.abs'`), sent as Spark Connect's CallFunction. Functions
 * the server does not know fail with an AnalysisException when the query is analysed.
 *
 * A plain object as the last argument passes named arguments (SQL's `name => value`, Spark
 * 4.0+), for the functions that take them (`mask`, `count_min_sketch`, ...); the server checks
 * the names.
 *
 * @example
 * F.call_function('abs', 'x'); F.call_function('mydb.add_one', F.col('a'))
 * F.call_function('mask', 's', { upperChar: F.lit('X'), digitChar: F.lit('#') })
 */
export function call_function(
  funcName: string,
  ...cols: (ColumnOrName | TableArg | NamedArguments)[]
): Column {
  if (typeof funcName !== 'string' || funcName.length === 0) {
    throw new TypeError(`call_function(): 'funcName' must be a function name, got ${describeArg(funcName)}`);
  }
  const last = cols[cols.length - 1];
  const named = isNamedArguments(last) ? (cols.pop() as NamedArguments) : undefined;
  const args = cols.map((c, i): ExprNode => {
    if (c instanceof TableArg) return c.node;
    if (c instanceof Column || typeof c === 'string') return colNode(c);
    throw new TypeError(
      isNamedArguments(c)
        ? `call_function(): named arguments must come last, got them at 'cols[${i}]'`
        : `call_function(): 'cols[${i}]' must be a Column, a column name or a TableArg, got ${describeArg(c)}`,
    );
  });
  for (const [key, value] of Object.entries(named ?? {})) {
    if (!(value instanceof Column) && typeof value !== 'string') {
      throw new TypeError(
        `call_function(): named argument '${key}' must be a Column or a column name, got ${describeArg(value)}`,
      );
    }
    args.push({ kind: 'namedArgument', key, value: colNode(value) });
  }
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
