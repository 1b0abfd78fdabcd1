/** DataFrameNaFunctions: missing-value handling (`df.na`), like PySpark's. */
import { typed } from '../column/literal.js';
import type { LiteralValue } from '../column/nodes.js';
import { describeValue } from './args.js';
import type { DataFrameCore } from './core.js';
import type { DataFrame } from './dataframe.js';

/** A value `fill` accepts: numbers fill numeric columns, strings string columns, booleans boolean ones. */
export type FillValue = number | bigint | string | boolean;

/** A value `replace` accepts as an old or new value (new values may also be null). */
export type ReplaceValue = number | string | boolean;

/** Options of `na.drop` / `dropna`, as PySpark's keyword arguments. */
export interface NaDropOptions {
  /** 'any' (default): drop a row with any null; 'all': only rows whose values are all null. */
  how?: 'any' | 'all';
  /** Keep rows with at least this many non-null values (overrides `how`). */
  thresh?: number;
  /** Columns to consider (default: all). */
  subset?: string | readonly string[];
}

function subsetOf(subset: unknown, what: string): string[] {
  if (subset === undefined || subset === null) return [];
  if (typeof subset === 'string') return [subset];
  if (Array.isArray(subset)) {
    for (const c of subset) {
      if (typeof c !== 'string')
        throw new TypeError(`${what} subset must contain column names, got ${describeValue(c)}`);
    }
    return [...subset];
  }
  throw new TypeError(
    `${what} subset must be a column name or an array of names, got ${describeValue(subset)}`,
  );
}

function fillLiteral(v: unknown, what: string): LiteralValue {
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'bigint':
      return typed.long(v);
    case 'number':
      if (!Number.isFinite(v)) return typed.double(v);
      return Number.isSafeInteger(v) ? typed.long(v) : typed.double(v);
    default:
      throw new TypeError(
        `${what} value must be a number, bigint, string or boolean, got ${describeValue(v)}`,
      );
  }
}

type Kind = 'boolean' | 'string' | 'number';

function kindOf(v: unknown, what: string): Kind {
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  throw new TypeError(`${what} values must be numbers, strings or booleans, got ${describeValue(v)}`);
}

/** PySpark sends numbers to replace as doubles. */
function replaceLiteral(v: ReplaceValue | null): LiteralValue {
  return typeof v === 'number' ? typed.double(v) : v;
}

/**
 * Missing-value functions: `df.na.drop()`, `df.na.fill()`, `df.na.replace()` (also
 * `df.dropna()`, `df.fillna()`, `df.replace()`).
 *
 * @example
 * df.na.drop('all');
 * df.na.fill(0, ['age']);
 * df.na.fill({ age: 0, name: 'unknown' });
 * df.na.replace('Alice', 'Al', 'name');
 */
export class DataFrameNaFunctions {
  private readonly df: DataFrameCore;

  /** @internal Use `df.na`. */
  constructor(df: DataFrameCore) {
    this.df = df;
  }

  /**
   * Drops rows with null (or NaN) values. `how`: 'any' (default) or 'all'; `thresh`: keep rows
   * with at least that many non-null values (overrides `how`); `subset`: the columns to consider.
   * @example df.na.drop(); df.na.drop('all'); df.na.drop({ thresh: 2, subset: ['a', 'b'] })
   */
  drop(how?: 'any' | 'all' | NaDropOptions, thresh?: number, subset?: string | readonly string[]): DataFrame {
    let o: NaDropOptions;
    if (how !== null && typeof how === 'object') {
      if (thresh !== undefined || subset !== undefined) {
        throw new TypeError('na.drop() takes either an options object or positional arguments, not both');
      }
      o = how;
    } else {
      o = { how: how ?? undefined, thresh, subset };
    }
    let minNonNulls: number | undefined;
    const h = o.how ?? 'any';
    if (h === 'all') minNonNulls = 1;
    else if (h !== 'any')
      throw new TypeError(`na.drop() how must be 'any' or 'all', got ${JSON.stringify(h)}`);
    if (o.thresh !== undefined && o.thresh !== null) {
      if (!Number.isInteger(o.thresh) || o.thresh > 2147483647 || o.thresh < -2147483648) {
        throw new TypeError(`na.drop() thresh must be an integer, got ${String(o.thresh)}`);
      }
      minNonNulls = o.thresh;
    }
    return this.df.withPlan({
      kind: 'naDrop',
      input: this.df.plan,
      cols: subsetOf(o.subset, 'na.drop()'),
      ...(minNonNulls === undefined ? {} : { minNonNulls }),
    });
  }

  /**
   * Replaces nulls with a value (in the type-compatible columns, or only in `subset`), or with one
   * value per column given as an object `{ column: value }`.
   * @example df.na.fill(0); df.na.fill('n/a', ['name']); df.na.fill({ age: 50, name: 'unknown' })
   */
  fill(
    value: FillValue | Record<string, FillValue> | Map<string, FillValue>,
    subset?: string | readonly string[],
  ): DataFrame {
    if (value !== null && typeof value === 'object') {
      const entries = value instanceof Map ? [...value] : Object.entries(value);
      if (entries.length === 0) throw new TypeError('na.fill(): the { column: value } object is empty');
      return this.df.withPlan({
        kind: 'naFill',
        input: this.df.plan,
        cols: entries.map(([c]) => c),
        values: entries.map(([c, v]) => fillLiteral(v, `na.fill() '${c}'`)),
      });
    }
    return this.df.withPlan({
      kind: 'naFill',
      input: this.df.plan,
      cols: subsetOf(subset, 'na.fill()'),
      values: [fillLiteral(value, 'na.fill()')],
    });
  }

  /**
   * Replaces values: `toReplace` may be one value, an array (with `value` one value or an array of
   * the same length), or an object / Map of old → new (then `value` is omitted). Old and new values
   * must be all numbers, all strings or all booleans (new values may also be null).
   * @example df.na.replace(10, 20); df.na.replace(['Alice', 'Bob'], ['A', 'B'], 'name');
   * df.na.replace({ Alice: null })
   */
  replace(
    toReplace:
      | ReplaceValue
      | readonly ReplaceValue[]
      | Record<string, ReplaceValue | null>
      | Map<ReplaceValue, ReplaceValue | null>,
    value?: ReplaceValue | null | readonly (ReplaceValue | null)[],
    subset?: string | readonly string[],
  ): DataFrame {
    let pairs: [ReplaceValue, ReplaceValue | null][];
    if (
      toReplace instanceof Map ||
      (toReplace !== null && typeof toReplace === 'object' && !Array.isArray(toReplace))
    ) {
      if (value !== undefined && value !== null) {
        throw new TypeError('na.replace(): when toReplace is an object or Map, leave value out');
      }
      pairs = toReplace instanceof Map ? [...toReplace] : Object.entries(toReplace);
    } else {
      if (value === undefined) {
        throw new TypeError(
          'na.replace(): value is required unless toReplace is an object or Map of replacements',
        );
      }
      const olds = Array.isArray(toReplace) ? [...toReplace] : [toReplace as ReplaceValue];
      if (Array.isArray(value)) {
        if (value.length !== olds.length) {
          throw new TypeError(
            `na.replace(): toReplace and value must have the same length, got ${olds.length} and ${value.length}`,
          );
        }
        pairs = olds.map((o, i) => [o, value[i]]);
      } else {
        pairs = olds.map((o) => [o, value as ReplaceValue | null]);
      }
    }
    if (pairs.length === 0) throw new TypeError('na.replace(): nothing to replace');
    const kinds = new Set<Kind>();
    for (const [o, v] of pairs) {
      kinds.add(kindOf(o, 'na.replace() old'));
      if (v !== null) kinds.add(kindOf(v, 'na.replace() new'));
    }
    if (kinds.size > 1) {
      throw new TypeError(
        'na.replace(): mixed types; old and new values must be all numbers, all strings or all booleans',
      );
    }
    return this.df.withPlan({
      kind: 'naReplace',
      input: this.df.plan,
      cols: subsetOf(subset, 'na.replace()'),
      replacements: pairs.map(([o, v]) => [replaceLiteral(o), replaceLiteral(v)]),
    });
  }
}
