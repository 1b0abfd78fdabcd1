/**
 * Model selection, client-side as PySpark does it over Connect: ParamGridBuilder,
 * CrossValidator (k folds by a seeded `rand` column, or a fold column) and TrainValidationSplit.
 * Each candidate is one fit and one evaluate on the server; the best param map is refitted on the
 * whole dataset.
 */
import type { ExecuteOptions } from '../client/execute.js';
import type { CallOptions } from '../client/session-rpc.js';
import type { Column } from '../column/column.js';
import type { DataFrame } from '../dataframe/dataframe.js';
import { col, lit } from '../functions/index.js';
import { rand } from '../functions/random.js';
import type { SparkSession } from '../session/spark-session.js';
import { Estimator, type Evaluator, JavaModel, Model, type Transformer } from './base.js';
import { OneVsRestModel } from './one-vs-rest.js';
import type { Params } from './params.js';
import { fitWith, type ParamMap, PipelineModel } from './pipeline.js';
import type { MlSaveOptions } from './readwrite.js';
import { loadValidator, saveValidator } from './tuning-io.js';

/**
 * Builds the grid of param maps (the cartesian product of the values added).
 * @example
 * const grid = new ParamGridBuilder().addGrid(lr, 'regParam', [0.1, 0.01]).addGrid(lr, 'maxIter', [5, 10]).build(); // 4 maps
 */
export class ParamGridBuilder {
  private readonly grid: [Params<object>, string, readonly unknown[]][] = [];

  /** Adds the values to try for one param of a stage. @example builder.addGrid(lr, 'regParam', [0.1, 1]) */
  addGrid<V extends object, K extends keyof V & string>(
    stage: Params<V>,
    name: K,
    values: readonly NonNullable<V[K]>[],
  ): this {
    if (!stage.hasParam(name)) throw new TypeError(`${stage.ownerName} has no param '${name}'`);
    if (!Array.isArray(values) || values.length === 0)
      throw new TypeError(`addGrid('${name}') takes a non-empty array of values`);
    for (const v of values) stage.copy().set(name, v); // type-checks every value now
    this.grid.push([stage as Params<object>, name, values]);
    return this;
  }

  /** Fixes one param in every map. @example builder.baseOn(lr, 'maxIter', 10) */
  baseOn<V extends object, K extends keyof V & string>(
    stage: Params<V>,
    name: K,
    value: NonNullable<V[K]>,
  ): this {
    return this.addGrid(stage, name, [value]);
  }

  /** The param maps, in PySpark's order (the last grid varies fastest). @example builder.build().length */
  build(): ParamMap[] {
    let maps: (readonly [Params<object>, string, unknown])[][] = [[]];
    for (const [stage, name, values] of this.grid) {
      const next: (readonly [Params<object>, string, unknown])[][] = [];
      for (const m of maps)
        for (const v of values)
          next.push([...m.filter(([s, n]) => s !== stage || n !== name), [stage, name, v]]);
      maps = next;
    }
    return maps;
  }
}

/** What CrossValidator and TrainValidationSplit are built from. */
export interface ValidatorInit {
  estimator: Estimator<object, Transformer<object>>;
  estimatorParamMaps: readonly ParamMap[];
  evaluator: Evaluator<object>;
  seed?: number | bigint;
  /**
   * PySpark's `parallelism` (default 1): saved and loaded with the validator for PySpark; this
   * client fits the param maps one at a time.
   */
  parallelism?: number;
}

/** A CrossValidator's settings, defaults resolved (what it saves, and its model keeps). */
export interface CrossValidatorSettings extends ValidatorInit {
  numFolds: number;
  foldCol: string;
  seed: number | bigint;
  parallelism: number;
}

/** A TrainValidationSplit's settings, defaults resolved (what it saves, and its model keeps). */
export interface TrainValidationSplitSettings extends ValidatorInit {
  trainRatio: number;
  seed: number | bigint;
  parallelism: number;
}

/** PySpark's default seed of CrossValidator (a hash of its class name). @internal */
export const CROSS_VALIDATOR_SEED = 769951063141433795n;
/** PySpark's default seed of TrainValidationSplit (a hash of its class name). @internal */
export const TRAIN_VALIDATION_SPLIT_SEED = -3580212129356179973n;

function checkParallelism(what: string, p: number | undefined): number {
  const v = p ?? 1;
  if (!Number.isInteger(v) || v < 1)
    throw new TypeError(`${what} parallelism must be an integer >= 1, got ${v}`);
  return v;
}

function checkInit(what: string, init: ValidatorInit): void {
  if (init?.estimator === undefined) throw new TypeError(`${what} needs an estimator`);
  if (init.evaluator === undefined) throw new TypeError(`${what} needs an evaluator`);
  if (!Array.isArray(init.estimatorParamMaps) || init.estimatorParamMaps.length === 0) {
    throw new TypeError(`${what} needs a non-empty estimatorParamMaps (ParamGridBuilder().build())`);
  }
}

async function releaseModel(m: unknown): Promise<void> {
  if (m instanceof JavaModel || m instanceof PipelineModel || m instanceof OneVsRestModel)
    await m.release().catch(() => undefined);
}

/** Fits and scores every param map on one train/validation split. */
async function scoreAll(
  init: ValidatorInit,
  train: DataFrame,
  validation: DataFrame,
  opts?: ExecuteOptions,
): Promise<number[]> {
  const out: number[] = [];
  for (const map of init.estimatorParamMaps) {
    const model = await fitWith<Transformer<object>>(init.estimator, train, map, opts);
    try {
      out.push(await init.evaluator.evaluate(model.transform(validation), opts));
    } finally {
      await releaseModel(model);
    }
  }
  return out;
}

function bestIndex(metrics: readonly number[], larger: boolean): number {
  let best = 0;
  for (let i = 1; i < metrics.length; i++)
    if (larger ? metrics[i] > metrics[best] : metrics[i] < metrics[best]) best = i;
  return best;
}

/** The model a validator answers: the best model plus the metrics of every param map. */
export class ValidatorModel<Extra extends object> extends Model<Record<string, never>> {
  constructor(
    name: string,
    uid: string | undefined,
    /** The best param map's model, fitted on the whole dataset. */
    readonly bestModel: Transformer<object>,
    /** One metric per param map (averaged over the folds for CrossValidator). */
    readonly avgMetrics: readonly number[],
    readonly extra: Extra,
  ) {
    super(name, {}, undefined, uid);
  }
  /** Transforms with the best model. @example cvModel.transform(test) */
  transform(df: DataFrame): DataFrame {
    return this.bestModel.transform(df);
  }
  /** Releases the best model on the server. @example await cvModel.release() */
  async release(): Promise<void> {
    await releaseModel(this.bestModel);
  }
  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }
}

/** What a CrossValidatorModel is built from (fit() or load() build it). */
export interface CrossValidatorModelInit {
  bestModel: Transformer<object>;
  avgMetrics: readonly number[];
  /** Standard deviation of each param map's metric over the folds (empty when unknown). */
  stdMetrics?: readonly number[];
  /** The settings of the CrossValidator that selected the model. */
  settings: CrossValidatorSettings;
  uid?: string;
}

/**
 * The model CrossValidator answers: the best model, the metrics, and the settings it was
 * selected with; save() and load() in PySpark's layout.
 * @example
 * const cvModel = await cv.fit(df);
 * console.log(cvModel.avgMetrics, cvModel.stdMetrics);
 */
export class CrossValidatorModel extends ValidatorModel<{ stdMetrics: readonly number[] }> {
  /** The settings of the CrossValidator that selected the model (estimator, param maps, ...). */
  readonly settings: CrossValidatorSettings;
  constructor(init: CrossValidatorModelInit) {
    const std = init.stdMetrics ?? [];
    super('CrossValidatorModel', init.uid, init.bestModel, init.avgMetrics, { stdMetrics: std });
    this.settings = init.settings;
  }
  /** Standard deviation of each param map's metric over the folds. @example cvModel.stdMetrics[0] */
  get stdMetrics(): readonly number[] {
    return this.extra.stdMetrics;
  }
  /**
   * Saves the model in PySpark's layout (metadata, `estimator/`, `evaluator/`, `bestModel/`;
   * sub-models are not kept); PySpark's `CrossValidatorModel.load` reads it.
   * @example await cvModel.save('/tmp/cv-model', { overwrite: true })
   */
  save(path: string, opts?: MlSaveOptions): Promise<void> {
    return saveValidator(this, path, opts);
  }
  /**
   * Loads a CrossValidatorModel saved by this client or PySpark (its best model goes into the
   * server's ML cache: release it as any model).
   * @example await using cvModel = await CrossValidatorModel.load(spark, '/tmp/cv-model')
   */
  static load(session: SparkSession, path: string, opts?: CallOptions): Promise<CrossValidatorModel> {
    return loadValidator(session, path, 'CrossValidatorModel', opts);
  }
}

/** What a TrainValidationSplitModel is built from (fit() or load() build it). */
export interface TrainValidationSplitModelInit {
  bestModel: Transformer<object>;
  validationMetrics: readonly number[];
  /** The settings of the TrainValidationSplit that selected the model. */
  settings: TrainValidationSplitSettings;
  uid?: string;
}

/**
 * The model TrainValidationSplit answers: the best model, each param map's validation metric,
 * and the settings it was selected with; save() and load() in PySpark's layout.
 * @example
 * const tvsModel = await tvs.fit(df);
 * console.log(tvsModel.validationMetrics);
 */
export class TrainValidationSplitModel extends ValidatorModel<{ validationMetrics: readonly number[] }> {
  /** The settings of the TrainValidationSplit that selected the model (estimator, param maps, ...). */
  readonly settings: TrainValidationSplitSettings;
  constructor(init: TrainValidationSplitModelInit) {
    super('TrainValidationSplitModel', init.uid, init.bestModel, init.validationMetrics, {
      validationMetrics: init.validationMetrics,
    });
    this.settings = init.settings;
  }
  /** Each param map's metric on the validation split. @example tvsModel.validationMetrics[0] */
  get validationMetrics(): readonly number[] {
    return this.extra.validationMetrics;
  }
  /**
   * Saves the model in PySpark's layout (metadata, `estimator/`, `evaluator/`, `bestModel/`;
   * sub-models are not kept); PySpark's `TrainValidationSplitModel.load` reads it.
   * @example await tvsModel.save('/tmp/tvs-model', { overwrite: true })
   */
  save(path: string, opts?: MlSaveOptions): Promise<void> {
    return saveValidator(this, path, opts);
  }
  /**
   * Loads a TrainValidationSplitModel saved by this client or PySpark (its best model goes into
   * the server's ML cache: release it as any model).
   * @example await using tvsModel = await TrainValidationSplitModel.load(spark, '/tmp/tvs-model')
   */
  static load(session: SparkSession, path: string, opts?: CallOptions): Promise<TrainValidationSplitModel> {
    return loadValidator(session, path, 'TrainValidationSplitModel', opts);
  }
}

/**
 * K-fold cross validation (PySpark's defaults: numFolds 3, its fixed seed; or a `foldCol`).
 * @example
 * const cv = new CrossValidator({ estimator: lr, estimatorParamMaps: grid, evaluator: new BinaryClassificationEvaluator(), numFolds: 3 });
 * const cvModel = await cv.fit(df);
 */
export class CrossValidator extends Estimator<Record<string, never>, CrossValidatorModel> {
  readonly init: CrossValidatorSettings;
  constructor(init: ValidatorInit & { numFolds?: number; foldCol?: string }) {
    super('CrossValidator', {}, undefined);
    checkInit('CrossValidator', init);
    const numFolds = init.numFolds ?? 3;
    if (!Number.isInteger(numFolds) || numFolds < 2)
      throw new TypeError(`CrossValidator numFolds must be an integer >= 2, got ${numFolds}`);
    this.init = {
      ...init,
      numFolds,
      foldCol: init.foldCol ?? '',
      seed: init.seed ?? CROSS_VALIDATOR_SEED,
      parallelism: checkParallelism('CrossValidator', init.parallelism),
    };
  }

  /** The (train, validation) pairs of the folds, as PySpark builds them. @example cv.kFold(df) */
  kFold(df: DataFrame): [DataFrame, DataFrame][] {
    const { numFolds, foldCol, seed } = this.init;
    const out: [DataFrame, DataFrame][] = [];
    if (foldCol === '') {
      const h = 1 / numFolds;
      const randCol = `${this.uid}_rand`;
      const withRand = df.select('*', rand(seed).alias(randCol));
      for (let i = 0; i < numFolds; i++) {
        const r: Column = col(randCol);
        const cond = r.geq(i * h).and(r.lt((i + 1) * h));
        out.push([withRand.filter(cond.not()), withRand.filter(cond)]);
      }
    } else {
      for (let i = 0; i < numFolds; i++)
        out.push([df.filter(col(foldCol).neq(lit(i))), df.filter(col(foldCol).eq(lit(i)))]);
    }
    return out;
  }

  /** Fits every param map on every fold, then the best on the whole dataset. @example await cv.fit(df) */
  async fit(df: DataFrame, opts?: ExecuteOptions): Promise<CrossValidatorModel> {
    const folds = this.kFold(df);
    const all: number[][] = [];
    for (const [train, validation] of folds) all.push(await scoreAll(this.init, train, validation, opts));
    const n = this.init.estimatorParamMaps.length;
    const avg = Array.from({ length: n }, (_, j) => all.reduce((s, f) => s + f[j], 0) / folds.length);
    const std = Array.from({ length: n }, (_, j) =>
      Math.sqrt(all.reduce((s, f) => s + (f[j] - avg[j]) ** 2, 0) / folds.length),
    );
    const best = bestIndex(avg, this.init.evaluator.isLargerBetter());
    const bestModel = await fitWith<Transformer<object>>(
      this.init.estimator,
      df,
      this.init.estimatorParamMaps[best],
      opts,
    );
    return new CrossValidatorModel({
      bestModel,
      avgMetrics: avg,
      stdMetrics: std,
      settings: this.init,
      uid: this.uid,
    });
  }

  /**
   * Saves the validator in PySpark's layout (metadata with the param maps, `estimator/`,
   * `evaluator/`); writes with `opts.session` or the active session. PySpark loads it.
   * @example await cv.save('/tmp/cv', { overwrite: true, session: spark })
   */
  save(path: string, opts?: MlSaveOptions): Promise<void> {
    return saveValidator(this, path, opts);
  }

  /**
   * Loads a CrossValidator saved by this client or PySpark; the param maps refer to the loaded
   * estimator's stages.
   * @example const cv = await CrossValidator.load(spark, '/tmp/cv')
   */
  static load(session: SparkSession, path: string, opts?: CallOptions): Promise<CrossValidator> {
    return loadValidator(session, path, 'CrossValidator', opts);
  }
}

/**
 * One train/validation split (PySpark's defaults: trainRatio 0.75, its fixed seed).
 * @example const tvsModel = await new TrainValidationSplit({ estimator: lr, estimatorParamMaps: grid, evaluator }).fit(df);
 */
export class TrainValidationSplit extends Estimator<Record<string, never>, TrainValidationSplitModel> {
  readonly init: TrainValidationSplitSettings;
  constructor(init: ValidatorInit & { trainRatio?: number }) {
    super('TrainValidationSplit', {}, undefined);
    checkInit('TrainValidationSplit', init);
    const trainRatio = init.trainRatio ?? 0.75;
    if (typeof trainRatio !== 'number' || !(trainRatio > 0 && trainRatio < 1))
      throw new TypeError(`trainRatio must be in (0, 1), got ${trainRatio}`);
    this.init = {
      ...init,
      trainRatio,
      seed: init.seed ?? TRAIN_VALIDATION_SPLIT_SEED,
      parallelism: checkParallelism('TrainValidationSplit', init.parallelism),
    };
  }

  /** Fits every param map on the train split, scores it on the rest, refits the best. @example await tvs.fit(df) */
  async fit(df: DataFrame, opts?: ExecuteOptions): Promise<TrainValidationSplitModel> {
    const randCol = `${this.uid}_rand`;
    const withRand = df.select('*', rand(this.init.seed).alias(randCol));
    const cond = col(randCol).geq(this.init.trainRatio);
    const metrics = await scoreAll(this.init, withRand.filter(cond.not()), withRand.filter(cond), opts);
    const best = bestIndex(metrics, this.init.evaluator.isLargerBetter());
    const bestModel = await fitWith<Transformer<object>>(
      this.init.estimator,
      df,
      this.init.estimatorParamMaps[best],
      opts,
    );
    return new TrainValidationSplitModel({
      bestModel,
      validationMetrics: metrics,
      settings: this.init,
      uid: this.uid,
    });
  }

  /**
   * Saves the validator in PySpark's layout (metadata with the param maps, `estimator/`,
   * `evaluator/`); writes with `opts.session` or the active session. PySpark loads it.
   * @example await tvs.save('/tmp/tvs', { overwrite: true, session: spark })
   */
  save(path: string, opts?: MlSaveOptions): Promise<void> {
    return saveValidator(this, path, opts);
  }

  /**
   * Loads a TrainValidationSplit saved by this client or PySpark; the param maps refer to the
   * loaded estimator's stages.
   * @example const tvs = await TrainValidationSplit.load(spark, '/tmp/tvs')
   */
  static load(session: SparkSession, path: string, opts?: CallOptions): Promise<TrainValidationSplit> {
    return loadValidator(session, path, 'TrainValidationSplit', opts);
  }
}
