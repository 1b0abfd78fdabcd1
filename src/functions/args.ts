/**
 * @internal Argument handling shared by the functions module: converts each argument the way
 * PySpark does (a column name, a literal, a lambda, an options map) and builds the function call,
 * with a TypeError naming the function and the parameter when an argument has the wrong type.
 */
import { randomBytes } from 'node:crypto';
import { Column, type ColumnOrValue } from '../column/column.js';
import { toLiteral, typed } from '../column/literal.js';
import type { ExprNode, LiteralValue } from '../column/nodes.js';

/** A Column or a column name. */
export type ColumnOrName = Column | string;

/** Options of the JSON / CSV / XML functions (`{ mode: 'FAILFAST' }`); values are sent as strings. */
export type FunctionOptions =
  | Readonly<Record<string, string | number | boolean>>
  | ReadonlyMap<string, string | number | boolean>;

/**
 * A higher-order function's lambda of one argument: a callback building a Column from the lambda
 * variable.
 */
export type LambdaFn1 = (x: Column) => Column;
/**
 * A higher-order function's lambda of two arguments. As in JavaScript, the callback may declare
 * fewer parameters (`(k) => ...` for a `(key, value)` lambda); `transform` and `filter` take
 * `(x)` or `(x, index)` by the number declared.
 */
export type LambdaFn2 = (x: Column, y: Column) => Column;
/** A higher-order function's lambda of three arguments (the callback may declare fewer). */
export type LambdaFn3 = (x: Column, y: Column, z: Column) => Column;

/** @internal A short description of a value for error messages. */
export function describeArg(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (v instanceof Column) return String(v);
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `string '${v.length > 40 ? `${v.slice(0, 40)}...` : v}'`;
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return `${typeof v} ${String(v)}`;
}

/** @internal Converts a Column or column name to a node (`'*'` is all columns). */
export function colNode(c: ColumnOrName): ExprNode {
  if (c instanceof Column) return c.node;
  if (typeof c === 'string') {
    if (c === '*') return { kind: 'star' };
    if (c.endsWith('.*')) return { kind: 'star', target: c.slice(0, -2) };
    return { kind: 'attribute', name: c };
  }
  throw new TypeError(`Expected a Column or a column name, got ${describeArg(c)}`);
}

/** @internal Calls a Spark function by name with argument nodes. */
export function invoke(name: string, ...args: ExprNode[]): Column {
  return new Column({ kind: 'function', name, args });
}

/** @internal A literal node, validated now so a bad value fails where it was written. */
export function litNode(v: LiteralValue): ExprNode {
  toLiteral(v);
  return { kind: 'literal', value: v };
}

/**
 * @internal PySpark's `lit(value)` for a JS value: arrays become `array(lit(e), ...)` (so Spark
 * coerces mixed numbers such as `[0, 0.5]`), everything else a literal.
 */
export function valueNode(v: LiteralValue): ExprNode {
  if (Array.isArray(v)) {
    return {
      kind: 'function',
      name: 'array',
      args: (v as readonly unknown[]).map((e, i) => {
        if (e instanceof Column)
          throw new TypeError(`element ${i} of the array is a Column: use array() for columns`);
        if (e === undefined) throw new TypeError(`element ${i} of the array is undefined`);
        return valueNode(e as LiteralValue);
      }),
    };
  }
  return litNode(v);
}

let lambdaVarCounter = 0;

/** @internal A fresh lambda variable name (`x_12`), unique in this process like PySpark's. */
function freshVar(base: string): string {
  const n = lambdaVarCounter;
  lambdaVarCounter = (lambdaVarCounter + 1) % Number.MAX_SAFE_INTEGER;
  return `${base}_${n}`;
}

/** @internal A random 63-bit seed (PySpark fixes a random seed when none is given). */
export function randomSeed(): bigint {
  return randomBytes(8).readBigUInt64BE() >> 1n;
}

/**
 * @internal Builds one function call; each method converts one argument.
 *
 * @example
 * call('date_format').col('date', date).str('format', format).build()
 */
export class FunctionCall {
  private readonly args: ExprNode[] = [];
  private isDistinct = false;

  constructor(
    /** The PySpark name, for error messages. */
    private readonly pyName: string,
    /** The Spark SQL function name sent to the server. */
    private readonly sqlName: string,
  ) {}

  private fail(param: string, expected: string, v: unknown): never {
    throw new TypeError(`${this.pyName}(): '${param}' must be ${expected}, got ${describeArg(v)}`);
  }

  private literal(param: string, v: unknown): ExprNode {
    try {
      return valueNode(v as LiteralValue);
    } catch (e) {
      throw new TypeError(`${this.pyName}(): '${param}': ${(e as Error).message}`);
    }
  }

  /** Appends a node as is. */
  node(n: ExprNode): this {
    this.args.push(n);
    return this;
  }

  /** A Column or a column name. */
  col(param: string, v: ColumnOrName): this {
    if (v instanceof Column) return this.node(v.node);
    if (typeof v === 'string') return this.node(colNode(v));
    return this.fail(param, 'a Column or a column name', v);
  }

  /** An optional Column or column name, left out when undefined. */
  optCol(param: string, v: ColumnOrName | undefined): this {
    return v === undefined || v === null ? this : this.col(param, v);
  }

  /** A Column or column name; a literal default when undefined. */
  colOr(param: string, v: ColumnOrName | undefined, dflt: LiteralValue): this {
    return v === undefined || v === null ? this.node(litNode(dflt)) : this.col(param, v);
  }

  /** Columns or column names (varargs). */
  cols(param: string, vs: readonly ColumnOrName[]): this {
    vs.forEach((v, i) => {
      this.col(`${param}[${i}]`, v);
    });
    return this;
  }

  /** Varargs of columns, or one array of them (PySpark accepts both). */
  colsFlat(param: string, vs: readonly (ColumnOrName | readonly ColumnOrName[])[]): this {
    if (vs.length === 1 && Array.isArray(vs[0])) return this.cols(param, vs[0] as readonly ColumnOrName[]);
    return this.cols(param, vs as readonly ColumnOrName[]);
  }

  /** Any literal value, or a Column as is (PySpark's `lit(value)`). */
  lit(param: string, v: ColumnOrValue): this {
    if (v instanceof Column) return this.node(v.node);
    if (v === undefined) return this.fail(param, 'a value or a Column', v);
    return this.node(this.literal(param, v));
  }

  /** An optional literal, left out when undefined. */
  optLit(param: string, v: ColumnOrValue | undefined): this {
    return v === undefined || v === null ? this : this.lit(param, v);
  }

  /** A string literal, or a Column. */
  str(param: string, v: string | Column): this {
    if (v instanceof Column) return this.node(v.node);
    if (typeof v !== 'string') return this.fail(param, 'a string or a Column', v);
    return this.node(litNode(v));
  }

  /** An optional string literal, left out when undefined. */
  optStr(param: string, v: string | Column | undefined): this {
    return v === undefined || v === null ? this : this.str(param, v);
  }

  /** An integer literal (number or bigint), or a Column. */
  int(param: string, v: number | bigint | Column): this {
    if (v instanceof Column) return this.node(v.node);
    if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) {
      return this.node(this.literal(param, v));
    }
    return this.fail(param, 'an integer or a Column', v);
  }

  /** An optional integer literal, left out when undefined. */
  optInt(param: string, v: number | bigint | Column | undefined): this {
    return v === undefined || v === null ? this : this.int(param, v);
  }

  /** A number literal, or a Column. */
  num(param: string, v: number | bigint | Column): this {
    if (v instanceof Column) return this.node(v.node);
    if (typeof v === 'number' || typeof v === 'bigint') return this.node(this.literal(param, v));
    return this.fail(param, 'a number or a Column', v);
  }

  /**
   * A number as a DOUBLE literal (PySpark's `float` parameters: `lit(2.0)` is a double, where a
   * JS `2` alone would be an INT), or a Column.
   */
  double(param: string, v: number | Column): this {
    if (v instanceof Column) return this.node(v.node);
    if (typeof v === 'number') return this.node(this.literal(param, typed.double(v)));
    return this.fail(param, 'a number or a Column', v);
  }

  /** An optional number literal, left out when undefined. */
  optNum(param: string, v: number | bigint | Column | undefined): this {
    return v === undefined || v === null ? this : this.num(param, v);
  }

  /** A boolean literal, or a Column. */
  bool(param: string, v: boolean | Column): this {
    if (v instanceof Column) return this.node(v.node);
    if (typeof v !== 'boolean') return this.fail(param, 'a boolean or a Column', v);
    return this.node(litNode(v));
  }

  /** An optional boolean literal, left out when undefined. */
  optBool(param: string, v: boolean | Column | undefined): this {
    return v === undefined || v === null ? this : this.bool(param, v);
  }

  /** A number becomes a literal; a string is a column name (PySpark's `Union[ColumnOrName, int]`). */
  colOrNum(param: string, v: ColumnOrName | number | bigint): this {
    if (typeof v === 'number' || typeof v === 'bigint') return this.node(this.literal(param, v));
    if (v instanceof Column || typeof v === 'string') return this.col(param, v);
    return this.fail(param, 'a Column, a column name or a number', v);
  }

  /** Like `colOrNum`, left out when undefined. */
  optColOrNum(param: string, v: ColumnOrName | number | bigint | undefined): this {
    return v === undefined || v === null ? this : this.colOrNum(param, v);
  }

  /** An integer becomes a literal; a string is a column name (PySpark's `Union[ColumnOrName, int]`). */
  colOrInt(param: string, v: ColumnOrName | number | bigint): this {
    if (typeof v === 'number' && !Number.isInteger(v))
      return this.fail(param, 'a Column, a column name or an integer', v);
    return this.colOrNum(param, v);
  }

  /** Like `colOrInt`, left out when undefined. */
  optColOrInt(param: string, v: ColumnOrName | number | bigint | undefined): this {
    return v === undefined || v === null ? this : this.colOrInt(param, v);
  }

  /**
   * A random seed: the given one, or a random one fixed now (as PySpark does). `int32` makes the
   * random seed a 32-bit INT, for functions whose seed is an INT on older servers.
   */
  seed(param: string, v: number | bigint | Column | undefined, int32 = false): this {
    if (v !== undefined && v !== null) return this.int(param, v);
    return this.node(litNode(int32 ? Number(randomSeed() >> 32n) : randomSeed()));
  }

  /** An options map, sent as `map(key, value, ...)` of strings; left out when undefined. */
  options(param: string, v: FunctionOptions | undefined): this {
    if (v === undefined || v === null) return this;
    if (typeof v !== 'object' || Array.isArray(v)) {
      return this.fail(param, 'an object or a Map of options', v);
    }
    const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
    const kv: ExprNode[] = [];
    for (const [k, val] of entries) {
      if (typeof val !== 'string' && typeof val !== 'number' && typeof val !== 'boolean') {
        return this.fail(`${param}.${String(k)}`, 'a string, number or boolean', val);
      }
      kv.push(litNode(String(k)), litNode(String(val)));
    }
    return this.node({ kind: 'function', name: 'map', args: kv });
  }

  /**
   * A lambda built by calling `f` with fresh lambda variables. `arities` are the forms Spark
   * accepts (transform's `(x)` / `(x, i)`): a callback declaring one of them gets that form; one
   * declaring fewer parameters gets the smallest form (JavaScript ignores the extra arguments, so
   * `(k) => ...` works for a `(key, value)` lambda); more parameters is an error.
   */
  lambda(param: string, f: (...xs: Column[]) => Column, arities: readonly number[]): this {
    if (typeof f !== 'function') return this.fail(param, 'a function returning a Column', f);
    const n = arities.includes(f.length)
      ? f.length
      : f.length < Math.min(...arities)
        ? Math.min(...arities)
        : -1;
    if (n < 0) {
      throw new TypeError(
        `${this.pyName}(): '${param}' must be a function of ${arities.join(' or ')} argument(s), got one of ${f.length}`,
      );
    }
    const names = ['x', 'y', 'z'].slice(0, n).map(freshVar);
    const body = f(...names.map((name) => new Column({ kind: 'lambdaVariable', name })));
    if (!(body instanceof Column)) return this.fail(`${param} result`, 'a Column', body);
    return this.node({ kind: 'lambda', body: body.node, params: names });
  }

  /** An optional lambda, left out when undefined. */
  optLambda(param: string, f: ((...xs: Column[]) => Column) | undefined, arities: readonly number[]): this {
    return f === undefined || f === null ? this : this.lambda(param, f, arities);
  }

  /** Marks the call DISTINCT (`count(DISTINCT x)`). */
  distinct(): this {
    this.isDistinct = true;
    return this;
  }

  build(): Column {
    return new Column({
      kind: 'function',
      name: this.sqlName,
      args: this.args,
      ...(this.isDistinct ? { isDistinct: true } : {}),
    });
  }
}

/** @internal Starts a function call; `sqlName` defaults to the PySpark name. */
export function call(pyName: string, sqlName: string = pyName): FunctionCall {
  return new FunctionCall(pyName, sqlName);
}
