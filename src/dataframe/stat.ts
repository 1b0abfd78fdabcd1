/** DataFrameStatFunctions: statistics over a DataFrame (`df.stat`), like PySpark's. */
import type { CallOptions } from '../client/session-rpc.js';
import { Column } from '../column/column.js';
import { toLiteral } from '../column/literal.js';
import type { LiteralValue } from '../column/nodes.js';
import { ProtocolError } from '../errors/base.js';
import { node } from '../plan/nodes.js';
import { checkName, checkNumber, describeValue, toSeed } from './args.js';
import type { ActionOptions, DataFrameCore } from './core.js';
import type { DataFrame } from './dataframe.js';

function single(rows: { get(i: number): unknown }[], what: string): unknown {
  if (rows.length !== 1) throw new ProtocolError(`${what} expected one result row, got ${rows.length}`);
  return rows[0].get(0);
}

/**
 * Statistic functions: `df.stat.corr()`, `cov()`, `crosstab()`, `freqItems()`,
 * `approxQuantile()`, `sampleBy()` (also available on DataFrame directly).
 *
 * @example
 * await df.stat.corr('height', 'weight');
 * await df.stat.approxQuantile('age', [0.25, 0.5, 0.75], 0);
 */
export class DataFrameStatFunctions {
  private readonly df: DataFrameCore;

  /** @internal Use `df.stat`. */
  constructor(df: DataFrameCore) {
    this.df = df;
  }

  /**
   * The Pearson correlation coefficient of two numeric columns (only 'pearson' is supported).
   * @example await df.stat.corr('a', 'b') // 0.98...
   */
  async corr(col1: string, col2: string, method = 'pearson', opts?: ActionOptions): Promise<number> {
    checkName(col1, 'corr() col1');
    checkName(col2, 'corr() col2');
    if (method !== 'pearson') {
      throw new TypeError(
        `corr() method must be 'pearson' (the only one supported), got ${JSON.stringify(method)}`,
      );
    }
    const plan = node({ kind: 'statCorr', input: this.df.plan, col1, col2, method });
    return single(await this.df.rowsOfPlan(plan, opts), 'corr()') as number;
  }

  /**
   * The sample covariance of two numeric columns.
   * @example await df.stat.cov('a', 'b')
   */
  async cov(col1: string, col2: string, opts?: ActionOptions): Promise<number> {
    checkName(col1, 'cov() col1');
    checkName(col2, 'cov() col2');
    const plan = node({ kind: 'statCov', input: this.df.plan, col1, col2 });
    return single(await this.df.rowsOfPlan(plan, opts), 'cov()') as number;
  }

  /**
   * A contingency table of two columns: one row per distinct value of `col1`, one column per
   * distinct value of `col2`, counts as cells. The first column is named `col1_col2`.
   * @example df.stat.crosstab('dept', 'level')
   */
  crosstab(col1: string, col2: string): DataFrame {
    checkName(col1, 'crosstab() col1');
    checkName(col2, 'crosstab() col2');
    return this.df.withPlan({ kind: 'statCrosstab', input: this.df.plan, col1, col2 });
  }

  /**
   * Frequent items of columns (possibly with false positives), with minimum frequency `support`
   * (default 0.01). One row, one array column `<col>_freqItems` per column.
   * @example df.stat.freqItems(['a', 'b'], 0.4)
   */
  freqItems(cols: string | readonly string[], support?: number): DataFrame {
    const list = typeof cols === 'string' ? [cols] : cols;
    if (!Array.isArray(list) || list.length === 0) throw new TypeError('freqItems() needs column names');
    for (const c of list) checkName(c, 'freqItems() column');
    const s = support === undefined || support === null ? 0.01 : checkNumber(support, 'freqItems() support');
    return this.df.withPlan({ kind: 'statFreqItems', input: this.df.plan, cols: [...list], support: s });
  }

  /**
   * Approximate quantiles of numeric columns (exact with `relativeError` 0). One column name gives
   * one list of quantiles; an array of names gives one list per column.
   * @example await df.stat.approxQuantile('age', [0.5], 0) // [30]
   */
  async approxQuantile(
    col: string,
    probabilities: readonly number[],
    relativeError: number,
    opts?: CallOptions,
  ): Promise<number[]>;
  async approxQuantile(
    cols: readonly string[],
    probabilities: readonly number[],
    relativeError: number,
    opts?: CallOptions,
  ): Promise<number[][]>;
  async approxQuantile(
    col: string | readonly string[],
    probabilities: readonly number[],
    relativeError: number,
    opts?: CallOptions,
  ): Promise<number[] | number[][]> {
    const single_ = typeof col === 'string';
    const cols = single_ ? [col] : col;
    if (!Array.isArray(cols))
      throw new TypeError('approxQuantile() takes a column name or an array of names');
    for (const c of cols) checkName(c, 'approxQuantile() column');
    if (!Array.isArray(probabilities)) throw new TypeError('approxQuantile() probabilities must be an array');
    for (const p of probabilities) {
      if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
        throw new TypeError(`approxQuantile() probabilities must be numbers in [0, 1], got ${String(p)}`);
      }
    }
    checkNumber(relativeError, 'approxQuantile() relativeError');
    if (relativeError < 0)
      throw new TypeError(`approxQuantile() relativeError must be >= 0, got ${relativeError}`);
    const plan = node({
      kind: 'statApproxQuantile',
      input: this.df.plan,
      cols: [...cols],
      probabilities: [...probabilities],
      relativeError,
    });
    const result = single(await this.df.rowsOfPlan(plan, opts), 'approxQuantile()') as number[][];
    return single_ ? result[0] : result;
  }

  /**
   * A stratified sample without replacement: `fractions` maps each stratum (a value of `col`) to
   * its sampling fraction; missing strata count as 0. Use a Map for non-string strata.
   * @example df.stat.sampleBy('key', new Map([[0, 0.1], [1, 0.2]]), 42)
   */
  sampleBy(
    col: string | Column,
    fractions: Record<string, number> | Map<LiteralValue, number>,
    seed?: number | bigint,
  ): DataFrame {
    let c: Column;
    if (col instanceof Column) c = col;
    else if (typeof col === 'string') c = new Column({ kind: 'attribute', name: col });
    else throw new TypeError(`sampleBy() col must be a Column or a column name, got ${describeValue(col)}`);
    if (fractions === null || typeof fractions !== 'object' || Array.isArray(fractions)) {
      throw new TypeError('sampleBy() fractions must be an object or a Map of stratum → fraction');
    }
    const entries: [LiteralValue, number][] =
      fractions instanceof Map ? [...fractions] : Object.entries(fractions);
    for (const [k, v] of entries) {
      if (typeof k !== 'string' && typeof k !== 'number' && typeof k !== 'boolean' && typeof k !== 'bigint') {
        throw new TypeError(
          `sampleBy() strata must be numbers, strings or booleans, got ${describeValue(k)}`,
        );
      }
      toLiteral(k);
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
        throw new TypeError(
          `sampleBy() fraction for ${String(k)} must be a number in [0, 1], got ${String(v)}`,
        );
      }
    }
    return this.df.withPlan({
      kind: 'statSampleBy',
      input: this.df.plan,
      col: c.node,
      fractions: entries,
      seed: toSeed(seed, 'sampleBy() seed'),
    });
  }
}
