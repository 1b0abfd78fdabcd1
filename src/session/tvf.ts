/**
 * `spark.tvf`: table-valued functions, like PySpark's `TableValuedFunction`. Each call builds an
 * UnresolvedTableValuedFunction relation (Spark 4.0+) that the server resolves by name.
 */
import { Column } from '../column/column.js';
import type { ExprNode } from '../column/nodes.js';
import { DataFrame } from '../dataframe/dataframe.js';
import { type ColumnOrName, colNode } from '../functions/index.js';
import { node } from '../plan/nodes.js';
import type { SparkSession } from './spark-session.js';

function arg(c: unknown, fn: string, name: string): ExprNode {
  if (typeof c !== 'string' && !(c instanceof Column)) {
    const got = c === null ? 'null' : Array.isArray(c) ? 'an array' : typeof c;
    throw new TypeError(`tvf.${fn}() ${name} must be a Column or a column name, got ${got}`);
  }
  return colNode(c as ColumnOrName);
}

/**
 * Table-valued functions: each returns a DataFrame whose rows the function generates. Arguments
 * are Columns (usually literals: `lit(...)`, `array(...)`, `parse_json(...)`). Spark 4.0+
 * (`range` works on every server).
 *
 * @example
 * await spark.tvf.explode(F.array(F.lit(1), F.lit(2))).collect(); // rows col=1, col=2
 * await spark.tvf.stack(F.lit(2), F.lit('a'), F.lit(1), F.lit('b'), F.lit(2)).collect();
 */
export class TableValuedFunction {
  /** @internal Use `spark.tvf`. */
  constructor(private readonly session: SparkSession) {}

  private fn(name: string, ...args: ExprNode[]): DataFrame {
    this.session.requireFeature('tvf', `SparkSession.tvf.${name}`);
    return new DataFrame(this.session, node({ kind: 'tableValuedFunction', functionName: name, args }));
  }

  /**
   * Same as `spark.range`: a bigint column `id` from `start` to `end` (exclusive) by `step`.
   * @example spark.tvf.range(1, 7, 2) // ids 1, 3, 5
   */
  range(
    start: number | bigint,
    end?: number | bigint,
    step: number | bigint = 1,
    numPartitions?: number,
  ): DataFrame {
    return this.session.range(start, end, step, numPartitions);
  }

  /** A row per element of an array (column `col`) or map (`key`, `value`). @example spark.tvf.explode(F.array(F.lit(1), F.lit(2))) */
  explode(collection: ColumnOrName): DataFrame {
    return this.fn('explode', arg(collection, 'explode', 'collection'));
  }

  /** Like `explode`, but a null or empty collection gives one row of nulls. @example spark.tvf.explode_outer(F.array()) */
  explode_outer(collection: ColumnOrName): DataFrame {
    return this.fn('explode_outer', arg(collection, 'explode_outer', 'collection'));
  }

  /** A row per struct of an array of structs, a column per field. @example spark.tvf.inline(F.array(F.struct(F.lit(1).alias('a')))) */
  inline(input: ColumnOrName): DataFrame {
    return this.fn('inline', arg(input, 'inline', 'input'));
  }

  /** Like `inline`, but a null or empty array gives one row of nulls. @example spark.tvf.inline_outer(col) */
  inline_outer(input: ColumnOrName): DataFrame {
    return this.fn('inline_outer', arg(input, 'inline_outer', 'input'));
  }

  /**
   * Extracts `fields` (at least one) of a JSON string as columns `c0`, `c1`, ...
   * @example spark.tvf.json_tuple(F.lit('{"a":1,"b":2}'), F.lit('a'), F.lit('b'))
   */
  json_tuple(input: ColumnOrName, ...fields: ColumnOrName[]): DataFrame {
    const i = arg(input, 'json_tuple', 'input');
    if (fields.length === 0)
      throw new TypeError('tvf.json_tuple() field must not be empty: give at least one field');
    return this.fn('json_tuple', i, ...fields.map((f) => arg(f, 'json_tuple', 'field')));
  }

  /** Like `explode`, with the position (column `pos`). @example spark.tvf.posexplode(F.array(F.lit('x'))) */
  posexplode(collection: ColumnOrName): DataFrame {
    return this.fn('posexplode', arg(collection, 'posexplode', 'collection'));
  }

  /** Like `posexplode`, but a null or empty collection gives one row of nulls. @example spark.tvf.posexplode_outer(col) */
  posexplode_outer(collection: ColumnOrName): DataFrame {
    return this.fn('posexplode_outer', arg(collection, 'posexplode_outer', 'collection'));
  }

  /**
   * Splits `fields` into `n` rows (columns `col0`, `col1`, ...).
   * @example spark.tvf.stack(F.lit(2), F.lit(1), F.lit(2), F.lit(3), F.lit(4)) // (1, 2), (3, 4)
   */
  stack(n: ColumnOrName, ...fields: ColumnOrName[]): DataFrame {
    return this.fn('stack', arg(n, 'stack', 'n'), ...fields.map((f) => arg(f, 'stack', 'fields')));
  }

  /** Spark SQL's string collations. @example spark.tvf.collations() */
  collations(): DataFrame {
    return this.fn('collations');
  }

  /** Spark SQL's keywords (`keyword`, `reserved`). @example spark.tvf.sql_keywords() */
  sql_keywords(): DataFrame {
    return this.fn('sql_keywords');
  }

  /** A row per element of a variant array or object (`pos`, `key`, `value`). @example spark.tvf.variant_explode(F.parse_json(F.lit('[1,2]'))) */
  variant_explode(input: ColumnOrName): DataFrame {
    return this.fn('variant_explode', arg(input, 'variant_explode', 'input'));
  }

  /** Like `variant_explode`, but a non-collection gives one row of nulls. @example spark.tvf.variant_explode_outer(v) */
  variant_explode_outer(input: ColumnOrName): DataFrame {
    return this.fn('variant_explode_outer', arg(input, 'variant_explode_outer', 'input'));
  }

  /** The logs of the server's Python workers (Spark 4.1+; mostly useful with Python UDFs). @example spark.tvf.python_worker_logs() */
  python_worker_logs(): DataFrame {
    return this.fn('python_worker_logs');
  }
}
