/**
 * DataFrame operations beyond relational algebra: sampling, partitioning, hints, unpivot and
 * transpose, streaming watermarks, observed metrics, statistics and missing values. `DataFrame`
 * (dataframe.ts) extends this class; use `DataFrame`.
 */
import type { CallOptions } from '../client/session-rpc.js';
import { Column } from '../column/column.js';
import type { ExprNode, LiteralValue } from '../column/nodes.js';
import { type ColumnOrName, colNode } from '../functions/index.js';
import { asSortOrder } from '../plan/lower.js';
import { DataFrameAnalysis } from './analysis.js';
import { checkColumn, checkName, checkPositive, describeValue, flatten, toSeed } from './args.js';
import type { ActionOptions } from './core.js';
import type { DataFrame } from './dataframe.js';
import { DataFrameNaFunctions, type FillValue, type NaDropOptions, type ReplaceValue } from './na.js';
import { Observation } from './observation.js';
import { DataFrameStatFunctions } from './stat.js';

/** A Column, a column name, or an array of them. */
export type ColumnsArg = ColumnOrName | readonly ColumnOrName[];

/** A hint parameter: a primitive, a Column, or a list of primitives. */
export type HintParameter = string | number | Column | readonly (string | number)[];

/** `sample()` options, as PySpark's keyword arguments. */
export interface SampleOptions {
  withReplacement?: boolean;
  fraction: number;
  seed?: number | bigint;
}

/** Sampling, partitioning, reshaping, observation, statistics. Use `DataFrame`. */
export abstract class DataFrameOps extends DataFrameAnalysis {
  // ---- sampling and partitioning --------------------------------------------------------------

  /**
   * A random sample: `sample(fraction, seed?)`, `sample(withReplacement, fraction, seed?)` or
   * `sample({ withReplacement, fraction, seed })`. The fraction is approximate. Without a seed a
   * random one is fixed now, so every action sees the same sample.
   * @example df.sample(0.1); df.sample(true, 0.5, 42); df.sample({ fraction: 0.2, seed: 7 })
   */
  sample(fraction: number, seed?: number | bigint): DataFrame;
  sample(withReplacement: boolean, fraction: number, seed?: number | bigint): DataFrame;
  sample(options: SampleOptions): DataFrame;
  sample(a: number | boolean | SampleOptions, b?: number | bigint, c?: number | bigint): DataFrame {
    let o: SampleOptions;
    if (typeof a === 'boolean') o = { withReplacement: a, fraction: b as number, seed: c };
    else if (typeof a === 'number') {
      if (c !== undefined)
        throw new TypeError('sample(fraction, seed) takes two arguments; put withReplacement first');
      o = { fraction: a, seed: b };
    } else if (a !== null && typeof a === 'object') o = a;
    else {
      throw new TypeError(
        'sample() takes (fraction, seed?), (withReplacement, fraction, seed?) or an options object',
      );
    }
    const withReplacement = o.withReplacement ?? false;
    if (typeof withReplacement !== 'boolean')
      throw new TypeError('sample() withReplacement must be a boolean');
    if (typeof o.fraction !== 'number' || !Number.isFinite(o.fraction) || o.fraction < 0) {
      throw new TypeError(`sample() fraction must be a non-negative number, got ${String(o.fraction)}`);
    }
    return this.withPlan({
      kind: 'sample',
      input: this.plan,
      lowerBound: 0,
      upperBound: o.fraction,
      withReplacement,
      seed: toSeed(o.seed, 'sample() seed'),
      deterministicOrder: false,
    });
  }

  /**
   * Splits randomly by `weights` (normalized to sum 1) into disjoint DataFrames.
   * @example const [train, test] = df.randomSplit([0.8, 0.2], 42);
   */
  randomSplit(weights: readonly number[], seed?: number | bigint): DataFrame[] {
    if (!Array.isArray(weights) || weights.length === 0)
      throw new TypeError('randomSplit() needs an array of weights');
    for (const w of weights) {
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
        throw new TypeError(`randomSplit() weights must be non-negative numbers, got ${String(w)}`);
      }
    }
    const total = weights.reduce((a, b) => a + b, 0);
    if (total <= 0) throw new TypeError('randomSplit() weights must sum to more than 0');
    const s = toSeed(seed, 'randomSplit() seed');
    const bounds = [0];
    for (const w of weights) bounds.push(bounds[bounds.length - 1] + w / total);
    return weights.map((_, i) =>
      this.withPlan({
        kind: 'sample',
        input: this.plan,
        lowerBound: bounds[i],
        upperBound: bounds[i + 1],
        withReplacement: false,
        seed: s,
        deterministicOrder: true,
      }),
    );
  }

  /**
   * Repartitions into `numPartitions` (round-robin), or by column expressions (hash), or both.
   * @example df.repartition(4); df.repartition(4, 'k'); df.repartition('k')
   */
  repartition(numPartitions: number | ColumnOrName, ...cols: ColumnOrName[]): DataFrame {
    if (typeof numPartitions === 'number') {
      const n = checkPositive(numPartitions, 'repartition() numPartitions');
      if (cols.length === 0)
        return this.withPlan({ kind: 'repartition', input: this.plan, numPartitions: n, shuffle: true });
      return this.withPlan({
        kind: 'repartitionByExpression',
        input: this.plan,
        exprs: cols.map(colNode),
        numPartitions: n,
      });
    }
    return this.withPlan({
      kind: 'repartitionByExpression',
      input: this.plan,
      exprs: [numPartitions, ...cols].map(colNode),
    });
  }

  /**
   * Repartitions by ranges of the sort order of columns (ascending unless a sort order is given).
   * @example df.repartitionByRange(3, 'age'); df.repartitionByRange(col('age').desc())
   */
  repartitionByRange(numPartitions: number | ColumnOrName, ...cols: ColumnOrName[]): DataFrame {
    let n: number | undefined;
    let list: ColumnOrName[];
    if (typeof numPartitions === 'number') {
      n = checkPositive(numPartitions, 'repartitionByRange() numPartitions');
      list = cols;
    } else list = [numPartitions, ...cols];
    if (list.length === 0) throw new TypeError('repartitionByRange() needs at least one column');
    const exprs = list.map((c) => asSortOrder(colNode(c)));
    return this.withPlan({
      kind: 'repartitionByExpression',
      input: this.plan,
      exprs,
      ...(n === undefined ? {} : { numPartitions: n }),
    });
  }

  /** Reduces to `numPartitions` partitions without a shuffle. @example df.coalesce(1) */
  coalesce(numPartitions: number): DataFrame {
    const n = checkPositive(numPartitions, 'coalesce() numPartitions');
    return this.withPlan({ kind: 'repartition', input: this.plan, numPartitions: n, shuffle: false });
  }

  /**
   * A query hint (join strategies: broadcast, merge, shuffle_hash, shuffle_replicate_nl;
   * partitioning: coalesce, repartition, repartition_by_range, rebalance).
   * @example df1.join(df2.hint('broadcast'), 'id'); df.hint('repartition', 3)
   */
  hint(name: string, ...parameters: HintParameter[]): DataFrame {
    checkName(name, 'hint() name');
    const params =
      parameters.length === 1 && Array.isArray(parameters[0])
        ? (parameters[0] as HintParameter[])
        : parameters;
    const exprs = params.map((p): ExprNode => {
      if (p instanceof Column) return p.node;
      if (typeof p === 'string' || typeof p === 'number') return { kind: 'literal', value: p };
      if (Array.isArray(p) && p.every((e) => typeof e === 'string' || typeof e === 'number')) {
        return { kind: 'literal', value: [...p] };
      }
      throw new TypeError(
        `hint() parameters must be strings, numbers, Columns or arrays of them, got ${describeValue(p)}`,
      );
    });
    return this.withPlan({ kind: 'hint', input: this.plan, name, parameters: exprs });
  }

  // ---- reshaping and streaming ----------------------------------------------------------------

  /**
   * Unpivots from wide to long format: `ids` stay, the `values` columns (every other column when
   * null or undefined) become rows of (`variableColumnName`, `valueColumnName`).
   * @example df.unpivot('id', ['q1', 'q2'], 'quarter', 'sales')
   */
  unpivot(
    ids: ColumnsArg,
    values: ColumnsArg | null | undefined,
    variableColumnName: string,
    valueColumnName: string,
  ): DataFrame {
    const toList = (c: ColumnsArg) =>
      (Array.isArray(c) ? (c as ColumnOrName[]) : [c as ColumnOrName]).map(colNode);
    return this.withPlan({
      kind: 'unpivot',
      input: this.plan,
      ids: toList(ids),
      ...(values === undefined || values === null ? {} : { values: toList(values) }),
      variableColumnName: checkName(variableColumnName, 'unpivot() variableColumnName'),
      valueColumnName: checkName(valueColumnName, 'unpivot() valueColumnName'),
    });
  }

  /** Alias of `unpivot`. @example df.melt('id', null, 'var', 'val') */
  melt(
    ids: ColumnsArg,
    values: ColumnsArg | null | undefined,
    variableColumnName: string,
    valueColumnName: string,
  ): DataFrame {
    return this.unpivot(ids, values, variableColumnName, valueColumnName);
  }

  /**
   * Transposes: the values of the index column (the first column by default) become column names.
   * Spark 4.0+.
   * @example df.transpose('name')
   */
  transpose(indexColumn?: ColumnOrName): DataFrame {
    this.sparkSession.requireFeature('transpose');
    return this.withPlan({
      kind: 'transpose',
      input: this.plan,
      indexColumns: indexColumn === undefined ? [] : [colNode(indexColumn)],
    });
  }

  /**
   * Sets the event-time watermark of a streaming DataFrame.
   * @example df.withWatermark('ts', '10 minutes')
   */
  withWatermark(eventTime: string, delayThreshold: string): DataFrame {
    return this.withPlan({
      kind: 'withWatermark',
      input: this.plan,
      eventTime: checkName(eventTime, 'withWatermark() eventTime'),
      delayThreshold: checkName(delayThreshold, 'withWatermark() delayThreshold'),
    });
  }

  /**
   * Collects named metrics while an action runs: with an Observation, read them with
   * `observation.get()` after the action.
   * @example const obs = new Observation(); const o = df.observe(obs, F.count(lit(1)).alias('n'));
   */
  observe(observation: Observation | string, ...exprs: Column[]): DataFrame {
    if (exprs.length === 0) throw new TypeError('observe() needs at least one metric expression');
    for (const [i, e] of exprs.entries()) checkColumn(e, `observe() metric ${i}`);
    const metrics = exprs.map((e) => e.node);
    if (observation instanceof Observation) {
      observation.attach();
      return this.withPlan({
        kind: 'collectMetrics',
        input: this.plan,
        name: observation.name,
        metrics,
        observer: observation,
      });
    }
    if (typeof observation === 'string' && observation.length > 0) {
      return this.withPlan({ kind: 'collectMetrics', input: this.plan, name: observation, metrics });
    }
    throw new TypeError(
      `observe() takes an Observation or a non-empty name, got ${describeValue(observation)}`,
    );
  }

  // ---- statistics and missing values ----------------------------------------------------------

  /**
   * count, mean, stddev, min and max of the given columns (all numeric and string columns when
   * none are given), as strings.
   * @example await df.describe('age').show()
   */
  describe(...cols: (string | readonly string[])[]): DataFrame {
    const list = flatten(cols);
    for (const c of list) if (typeof c !== 'string') throw new TypeError('describe() takes column names');
    return this.withPlan({ kind: 'describe', input: this.plan, cols: list });
  }

  /**
   * Statistics of numeric and string columns: count, mean, stddev, min, max, approximate
   * percentiles ('25%'), count_distinct, approx_count_distinct (default: count, mean, stddev, min,
   * 25%, 50%, 75%, max).
   * @example df.summary('count', 'min', '50%')
   */
  summary(...statistics: string[]): DataFrame {
    for (const s of statistics)
      if (typeof s !== 'string') throw new TypeError('summary() takes statistic names');
    return this.withPlan({ kind: 'summary', input: this.plan, statistics });
  }

  /** Missing-value functions (drop, fill, replace). @example df.na.fill(0) */
  get na(): DataFrameNaFunctions {
    return new DataFrameNaFunctions(this);
  }

  /** Statistic functions (corr, cov, crosstab, freqItems, approxQuantile, sampleBy). @example await df.stat.corr('a', 'b') */
  get stat(): DataFrameStatFunctions {
    return new DataFrameStatFunctions(this);
  }

  /** Same as `na.drop()`. @example df.dropna('all'); df.dropna({ thresh: 2 }) */
  dropna(
    how?: 'any' | 'all' | NaDropOptions,
    thresh?: number,
    subset?: string | readonly string[],
  ): DataFrame {
    return this.na.drop(how, thresh, subset);
  }

  /** Same as `na.fill()`. @example df.fillna({ age: 0 }) */
  fillna(
    value: FillValue | Record<string, FillValue> | Map<string, FillValue>,
    subset?: string | readonly string[],
  ): DataFrame {
    return this.na.fill(value, subset);
  }

  /** Same as `na.replace()`. @example df.replace('a', 'b', ['name']) */
  replace(
    toReplace:
      | ReplaceValue
      | readonly ReplaceValue[]
      | Record<string, ReplaceValue | null>
      | Map<ReplaceValue, ReplaceValue | null>,
    value?: ReplaceValue | null | readonly (ReplaceValue | null)[],
    subset?: string | readonly string[],
  ): DataFrame {
    return this.na.replace(toReplace, value, subset);
  }

  /** Same as `stat.corr()`. @example await df.corr('a', 'b') */
  corr(col1: string, col2: string, method = 'pearson', opts?: ActionOptions): Promise<number> {
    return this.stat.corr(col1, col2, method, opts);
  }

  /** Same as `stat.cov()`. @example await df.cov('a', 'b') */
  cov(col1: string, col2: string, opts?: ActionOptions): Promise<number> {
    return this.stat.cov(col1, col2, opts);
  }

  /** Same as `stat.crosstab()`. @example df.crosstab('a', 'b') */
  crosstab(col1: string, col2: string): DataFrame {
    return this.stat.crosstab(col1, col2);
  }

  /** Same as `stat.freqItems()`. @example df.freqItems(['a']) */
  freqItems(cols: string | readonly string[], support?: number): DataFrame {
    return this.stat.freqItems(cols, support);
  }

  /** Same as `stat.approxQuantile()`. @example await df.approxQuantile('a', [0.5], 0) */
  approxQuantile(
    col: string,
    probabilities: readonly number[],
    relativeError: number,
    opts?: CallOptions,
  ): Promise<number[]>;
  approxQuantile(
    cols: readonly string[],
    probabilities: readonly number[],
    relativeError: number,
    opts?: CallOptions,
  ): Promise<number[][]>;
  approxQuantile(
    col: string | readonly string[],
    probabilities: readonly number[],
    relativeError: number,
    opts?: CallOptions,
  ): Promise<number[] | number[][]> {
    return typeof col === 'string'
      ? this.stat.approxQuantile(col, probabilities, relativeError, opts)
      : this.stat.approxQuantile(col, probabilities, relativeError, opts);
  }

  /** Same as `stat.sampleBy()`. @example df.sampleBy('k', { a: 0.5 }, 1) */
  sampleBy(
    col: string | Column,
    fractions: Record<string, number> | Map<LiteralValue, number>,
    seed?: number | bigint,
  ): DataFrame {
    return this.stat.sampleBy(col, fractions, seed);
  }
}
