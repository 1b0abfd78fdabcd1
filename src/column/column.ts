/**
 * Column: an immutable expression. JavaScript has no operator overloading, so Column uses the
 * Scala method names (`eq`, `neq`, `gt`, `plus`, ...).
 */
import type { DataFrame } from '../dataframe/dataframe.js';
import type { DataType, Metadata } from '../types/index.js';
import { TypedValue, toLiteral } from './literal.js';
import type { ExprNode, LiteralValue, WindowSpecNode } from './nodes.js';
import { isSubquerySource, SUBQUERY_PLAN, subqueryNode } from './subquery-source.js';

/** Anything a Column method accepts as an operand: a Column or a literal JS value. */
export type ColumnOrValue = Column | LiteralValue;

/** PySpark's `metadata` keyword of `Column.alias`. */
export interface AliasOptions {
  /** The field's metadata (a JSON object), e.g. `{ comment: 'in EUR' }`. */
  metadata?: Metadata;
}

/** Names, optionally followed by `{ metadata }`. */
export type AliasArgs = string[] | [...string[], AliasOptions];

/** Converts an operand to an expression node: Columns as is, everything else as a literal. */
export function toNode(v: ColumnOrValue): ExprNode {
  if (v instanceof Column) return v.node;
  if (v === undefined) throw new TypeError('A Column operand is undefined');
  toLiteral(v); // validates now, so a bad value fails where it was written
  return { kind: 'literal', value: v };
}

function fn(name: string, ...args: ExprNode[]): Column {
  return new Column({ kind: 'function', name, args });
}

/** Something that can produce a window spec (implemented by WindowSpec). */
export interface WindowSpecLike {
  /** @internal */
  readonly specNode: WindowSpecNode;
}

/**
 * A column expression.
 *
 * @example
 * df.filter(col('age').gt(21).and(col('name').isNotNull()))
 */
export class Column {
  /** @internal The expression tree. */
  readonly node: ExprNode;

  /** @internal Use `col()`, `lit()`, `expr()` or `df.col()` to make columns. */
  constructor(node: ExprNode) {
    this.node = node;
  }

  private bin(name: string, other: ColumnOrValue): Column {
    return fn(name, this.node, toNode(other));
  }

  /** Equality (`=`). @example col('a').eq(1) */
  eq(other: ColumnOrValue): Column {
    return this.bin('==', other);
  }
  /** Inequality (`!=`). @example col('a').neq(1) */
  neq(other: ColumnOrValue): Column {
    return fn('not', this.bin('==', other).node);
  }
  /** Null-safe equality (`<=>`). */
  eqNullSafe(other: ColumnOrValue): Column {
    return this.bin('<=>', other);
  }
  /** Greater than. @example col('age').gt(21) */
  gt(other: ColumnOrValue): Column {
    return this.bin('>', other);
  }
  /** Greater than or equal. */
  geq(other: ColumnOrValue): Column {
    return this.bin('>=', other);
  }
  /** Alias of `geq`. */
  ge(other: ColumnOrValue): Column {
    return this.geq(other);
  }
  /** Less than. */
  lt(other: ColumnOrValue): Column {
    return this.bin('<', other);
  }
  /** Less than or equal. */
  leq(other: ColumnOrValue): Column {
    return this.bin('<=', other);
  }
  /** Alias of `leq`. */
  le(other: ColumnOrValue): Column {
    return this.leq(other);
  }
  /** Logical AND. */
  and(other: ColumnOrValue): Column {
    return this.bin('and', other);
  }
  /** Logical OR. */
  or(other: ColumnOrValue): Column {
    return this.bin('or', other);
  }
  /** Logical NOT. */
  not(): Column {
    return fn('not', this.node);
  }
  /** Addition. @example col('a').plus(1) */
  plus(other: ColumnOrValue): Column {
    return this.bin('+', other);
  }
  /** Subtraction. */
  minus(other: ColumnOrValue): Column {
    return this.bin('-', other);
  }
  /** Multiplication. */
  multiply(other: ColumnOrValue): Column {
    return this.bin('*', other);
  }
  /** Division (always fractional, like Spark's `/`). */
  divide(other: ColumnOrValue): Column {
    return this.bin('/', other);
  }
  /** Remainder. */
  mod(other: ColumnOrValue): Column {
    return this.bin('%', other);
  }
  /** Arithmetic negation. */
  negate(): Column {
    return fn('negative', this.node);
  }
  /** Bitwise OR. */
  bitwiseOR(other: ColumnOrValue): Column {
    return this.bin('|', other);
  }
  /** Bitwise AND. */
  bitwiseAND(other: ColumnOrValue): Column {
    return this.bin('&', other);
  }
  /** Bitwise XOR. */
  bitwiseXOR(other: ColumnOrValue): Column {
    return this.bin('^', other);
  }
  /** True if the value is NULL. */
  isNull(): Column {
    return fn('isNull', this.node);
  }
  /** True if the value is not NULL. */
  isNotNull(): Column {
    return fn('isNotNull', this.node);
  }
  /** True if the value is NaN. */
  isNaN(): Column {
    return fn('isNaN', this.node);
  }
  /**
   * True if the value is one of the given values, or (Spark 4.1+) one of the rows of a one-column
   * DataFrame (an IN subquery; `struct(a, b).isin(df)` compares several columns with the rows of
   * a DataFrame of as many columns).
   *
   * @example col('x').isin(1, 2, 3); col('id').isin(spark.table('t').select('id'))
   */
  isin(subquery: DataFrame): Column;
  isin(...values: (ColumnOrValue | readonly ColumnOrValue[])[]): Column;
  isin(...values: unknown[]): Column {
    if (values.length === 1 && isSubquerySource(values[0])) {
      const plan = values[0][SUBQUERY_PLAN]('Column.isin(DataFrame)', 'inSubquery');
      const n = this.node;
      const lhs = n.kind === 'function' && n.name === 'struct' ? n.args : [n];
      return new Column(subqueryNode(plan, { type: 'in', values: lhs }));
    }
    if (values.some(isSubquerySource)) {
      throw new TypeError('isin() takes one DataFrame alone, or values and Columns');
    }
    const flat =
      values.length === 1 && Array.isArray(values[0])
        ? (values[0] as ColumnOrValue[])
        : (values as ColumnOrValue[]);
    return fn('in', this.node, ...flat.map(toNode));
  }
  /** `lower <= this <= upper`. */
  between(lower: ColumnOrValue, upper: ColumnOrValue): Column {
    return this.geq(lower).and(this.leq(upper));
  }
  /** SQL LIKE. */
  like(pattern: string): Column {
    return this.bin('like', pattern);
  }
  /** Case-insensitive LIKE. */
  ilike(pattern: string): Column {
    return this.bin('ilike', pattern);
  }
  /** Regular-expression match. */
  rlike(pattern: string): Column {
    return this.bin('rlike', pattern);
  }
  /** String starts with. */
  startswith(other: ColumnOrValue): Column {
    return this.bin('startswith', other);
  }
  /** String ends with. */
  endswith(other: ColumnOrValue): Column {
    return this.bin('endswith', other);
  }
  /** String contains. */
  contains(other: ColumnOrValue): Column {
    return this.bin('contains', other);
  }
  /** Substring from 1-based `startPos` of `length` characters. */
  substr(startPos: ColumnOrValue, length: ColumnOrValue): Column {
    return fn('substr', this.node, toNode(startPos), toNode(length));
  }
  /** Casts to a DataType or a DDL type string. @example col('a').cast('bigint') */
  cast(to: DataType | string): Column {
    if (typeof to !== 'string' && (to === null || typeof to !== 'object')) {
      throw new TypeError(`cast() takes a DataType or a type string, got ${String(to)}`);
    }
    return new Column({ kind: 'cast', expr: this.node, to });
  }
  /** Alias of `cast`. */
  astype(to: DataType | string): Column {
    return this.cast(to);
  }
  /** Try-cast: NULL instead of an error when the cast fails. */
  tryCast(to: DataType | string): Column {
    return new Column({ kind: 'cast', expr: this.node, to, mode: 'try' });
  }
  /**
   * Renames the column; several names name the fields of a multi-column expression (e.g. a
   * generator). A trailing `{ metadata }` (PySpark's keyword, one name only) sets the field's
   * metadata, as `DataFrame.withMetadata` does.
   * @example col('a').alias('b'); col('price').alias('p', { metadata: { unit: 'EUR' } })
   */
  alias(...args: AliasArgs): Column {
    const last = args[args.length - 1];
    const options = typeof last === 'object' && last !== null ? (last as AliasOptions) : {};
    const names = (last === options ? args.slice(0, -1) : args) as unknown[];
    if (names.length === 0 || names.some((n) => typeof n !== 'string')) {
      throw new TypeError('alias() needs one or more string names');
    }
    for (const key of Object.keys(options)) {
      if (key !== 'metadata')
        throw new TypeError(`alias(): unknown option '${key}'; the only option is 'metadata'`);
    }
    const { metadata } = options;
    const node: ExprNode = { kind: 'alias', expr: this.node, names: names as string[] };
    if (metadata === undefined) return new Column(node);
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
      throw new TypeError('alias(): metadata must be an object');
    }
    if (names.length !== 1) {
      throw new TypeError(`alias(): metadata can only be set with one name, got ${names.length} names`);
    }
    return new Column({ ...node, metadata: JSON.stringify(metadata) });
  }
  /** Alias of `alias` (Scala). @example col('a').as('b') */
  as(...args: AliasArgs): Column {
    return this.alias(...args);
  }
  /** Alias of `alias`. */
  name(name: string): Column {
    return this.alias(name);
  }
  /** Ascending sort order, nulls first (Spark's default). */
  asc(): Column {
    return new Column({ kind: 'sortOrder', expr: this.node, direction: 'asc', nulls: 'nullsFirst' });
  }
  ascNullsFirst(): Column {
    return this.asc();
  }
  ascNullsLast(): Column {
    return new Column({ kind: 'sortOrder', expr: this.node, direction: 'asc', nulls: 'nullsLast' });
  }
  /** Descending sort order, nulls last (Spark's default). */
  desc(): Column {
    return new Column({ kind: 'sortOrder', expr: this.node, direction: 'desc', nulls: 'nullsLast' });
  }
  descNullsFirst(): Column {
    return new Column({ kind: 'sortOrder', expr: this.node, direction: 'desc', nulls: 'nullsFirst' });
  }
  descNullsLast(): Column {
    return this.desc();
  }
  /** Adds a branch to a `when` chain. @example when(col('a').gt(1), 'big').when(col('a').gt(0), 'small') */
  when(condition: Column, value: ColumnOrValue): Column {
    const n = this.node;
    if (n.kind !== 'function' || n.name !== 'when' || n.args.length % 2 !== 0) {
      throw new TypeError('when() can only be applied on a Column previously made by when()');
    }
    return new Column({ kind: 'function', name: 'when', args: [...n.args, condition.node, toNode(value)] });
  }
  /** The value when no `when` branch matches. */
  otherwise(value: ColumnOrValue): Column {
    const n = this.node;
    if (n.kind !== 'function' || n.name !== 'when' || n.args.length % 2 !== 0) {
      throw new TypeError('otherwise() can only be applied once on a Column previously made by when()');
    }
    return new Column({ kind: 'function', name: 'when', args: [...n.args, toNode(value)] });
  }
  /** Array element by index, or map value by key. */
  getItem(key: ColumnOrValue): Column {
    return new Column({ kind: 'extractValue', expr: this.node, extraction: toNode(key) });
  }
  /** Struct field by name. */
  getField(name: string): Column {
    return new Column({
      kind: 'extractValue',
      expr: this.node,
      extraction: { kind: 'literal', value: name },
    });
  }
  /** Adds or replaces a struct field. */
  withField(fieldName: string, value: Column): Column {
    return new Column({ kind: 'updateFields', expr: this.node, field: fieldName, value: value.node });
  }
  /** Drops struct fields. */
  dropFields(...fieldNames: string[]): Column {
    let node: ExprNode = this.node;
    for (const f of fieldNames) node = { kind: 'updateFields', expr: node, field: f };
    return new Column(node);
  }
  /** A window function over a window spec. @example F.row_number().over(Window.orderBy('a')) */
  over(window?: WindowSpecLike): Column {
    return new Column({
      kind: 'window',
      fn: this.node,
      spec: window?.specNode ?? { partitionBy: [], orderBy: [] },
    });
  }
  /**
   * Marks the column as a reference to the enclosing query inside a subquery (`df.scalar()`,
   * `df.exists()`, `df.lateralJoin()`). Spark Connect resolves names against the outer query on
   * the server, so the expression is sent as is (as PySpark does); `outer()` documents intent and
   * keeps code portable to classic Spark.
   *
   * @example
   * orders.where(col('o.cust').eq(col('c.id').outer())).exists()
   */
  outer(): Column {
    return new Column(this.node);
  }
  /**
   * Applies a function to this column: `c.transform(f)` is `f(c)`, for chaining.
   *
   * @example col('name').transform(F.upper).transform((c) => c.alias('n'))
   */
  transform(f: (c: Column) => Column): Column {
    if (typeof f !== 'function') throw new TypeError(`transform() takes a function, got ${typeof f}`);
    const out = f(this);
    if (!(out instanceof Column)) {
      throw new TypeError(`transform(): the function must return a Column, got ${describeValue(out)}`);
    }
    return out;
  }
  /** Not supported: a DataFrame is not a Promise and a Column is not a boolean. */
  toString(): string {
    return `Column<'${describe(this.node)}'>`;
  }
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

function describe(n: ExprNode): string {
  switch (n.kind) {
    case 'attribute':
      return n.name;
    case 'literal':
      return n.value instanceof TypedValue ? String(n.value.value) : String(n.value);
    case 'function':
    case 'callFunction':
      return `${n.name}(${n.args.map(describe).join(', ')})`;
    case 'expressionString':
      return n.expr;
    case 'star':
      return n.target ? `${n.target}.*` : '*';
    case 'alias':
      return `${describe(n.expr)} AS ${n.names.join(', ')}`;
    case 'cast':
      return `CAST(${describe(n.expr)} AS ${typeof n.to === 'string' ? n.to : n.to.simpleString()})`;
    case 'sortOrder':
      return `${describe(n.expr)} ${n.direction.toUpperCase()}`;
    default:
      return n.kind;
  }
}
