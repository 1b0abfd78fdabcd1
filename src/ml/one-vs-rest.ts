/**
 * OneVsRest and OneVsRestModel, client-side as PySpark runs them over Connect: multiclass
 * classification reduced to one binary classifier per class.
 *
 * - `fit` asks for `max(label)` once (numClasses = max + 1), then fits the classifier once per
 *   class on `label == i ? 1.0 : 0.0` (column `mc2b$<i>`), each one MlCommand.fit;
 * - `transform` is lazy: each sub-model's transform appends its `rawPrediction[1]` to an array
 *   column; `rawPrediction` is that array as a vector and `prediction` its argmax, with the
 *   expressions PySpark sends (see `vectorGet` and `arrayArgmax`);
 * - save / load use PySpark's layout (one-vs-rest-io.ts).
 */
import { randomUUID } from 'node:crypto';
import type { ExecuteOptions } from '../client/execute.js';
import type { CallOptions } from '../client/session-rpc.js';
import type { Column } from '../column/column.js';
import { typed } from '../column/literal.js';
import { DataFrame } from '../dataframe/dataframe.js';
import { StorageLevel } from '../dataframe/storage-level.js';
import * as F from '../functions/index.js';
import type { SparkSession } from '../session/spark-session.js';
import { Estimator, JavaEstimator, JavaModel, Model } from './base.js';
import { loadOneVsRest, saveOneVsRest } from './one-vs-rest-io.js';
import type { Params } from './params.js';
import { type ParamMap, valuesFor } from './pipeline.js';
import type { MlSaveOptions } from './readwrite.js';
import type { ParamSpecs } from './spec.js';

/** A binary classifier OneVsRest fits once per class: a server-side estimator of Spark ML's classification package. */
export type Classifier = JavaEstimator<object, JavaModel<object>>;

/** The params of OneVsRestModel (PySpark's names and defaults). */
export interface OneVsRestModelParams {
  /** The classifier the sub-models were fitted with. */
  classifier?: Classifier;
  /** Default `'label'`. */
  labelCol?: string;
  /** Default `'features'`. */
  featuresCol?: string;
  /** Default `'prediction'`; `''` leaves the prediction out. */
  predictionCol?: string;
  /** Default `'rawPrediction'`; `''` leaves the raw prediction vector out. */
  rawPredictionCol?: string;
  /** Instance weights, for classifiers that take them (no default). */
  weightCol?: string;
}

/** The params of OneVsRest (PySpark's names and defaults). */
export interface OneVsRestParams extends OneVsRestModelParams {
  /** How many classes to fit at the same time; default 1 (one after the other). */
  parallelism?: number;
}

// `classifier` is a stage, not a value type: its spec type is a placeholder (as Pipeline's
// `stages`), and `set` checks it instead (checkClassifier).
const MODEL_SPECS: ParamSpecs = {
  classifier: ['string'],
  labelCol: ['string', 'label'],
  featuresCol: ['string', 'features'],
  predictionCol: ['string', 'prediction'],
  rawPredictionCol: ['string', 'rawPrediction'],
  weightCol: ['string'],
};
const SPECS: ParamSpecs = { ...MODEL_SPECS, parallelism: ['int', 1] };

/** @internal A value, briefly, for error messages. */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (v instanceof JavaEstimator || v instanceof JavaModel) return `${v.ownerName} (${v.className})`;
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** @internal A classifier, or a TypeError naming what `value` is instead. */
export function checkClassifier(owner: string, value: unknown): Classifier {
  const ok =
    value instanceof JavaEstimator &&
    value.className.startsWith('org.apache.spark.ml.classification.') &&
    ['labelCol', 'featuresCol', 'predictionCol'].every((p) => value.hasParam(p));
  if (!ok) {
    throw new TypeError(
      `${owner}: param 'classifier' takes a classifier estimator of Spark ML (LogisticRegression, LinearSVC, ` +
        `a JavaEstimator of org.apache.spark.ml.classification, ...), got ${describe(value)}`,
    );
  }
  return value as Classifier;
}

function checkParallelism(value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new TypeError(`OneVsRest: param 'parallelism' takes an integer >= 1, got ${describe(value)}`);
}

/**
 * The multiclass reduction to binary classification: one classifier per class (its label 1.0,
 * every other class 0.0); the model predicts the class whose classifier is the most confident.
 * Client-side, as PySpark runs it over Spark Connect (Spark 4.0+).
 *
 * @example
 * const ovr = new ml.OneVsRest({ classifier: new ml.LogisticRegression({ maxIter: 10 }) });
 * await using model = await ovr.fit(train); // model.models: one LogisticRegressionModel per class
 * await model.transform(test).select('label', 'prediction').show();
 */
export class OneVsRest extends Estimator<OneVsRestParams, OneVsRestModel> {
  /** @param params PySpark's params; `classifier` is needed before `fit` (or `setClassifier`). */
  constructor(params?: OneVsRestParams) {
    super('OneVsRest', SPECS, params);
  }

  /**
   * Sets one param; `classifier` takes a classifier estimator, `parallelism` an integer >= 1.
   * @example ovr.set('classifier', new ml.LinearSVC())
   */
  override set<K extends keyof OneVsRestParams & string>(
    name: K,
    value: NonNullable<OneVsRestParams[K]>,
  ): this {
    if (name === 'classifier') {
      this.paramMap.set(name, checkClassifier(this.ownerName, value));
      return this;
    }
    if (name === 'parallelism') checkParallelism(value);
    return super.set(name, value);
  }

  /** @example ovr.setClassifier(new ml.LogisticRegression({ regParam: 0.01 })) */
  setClassifier(value: Classifier): this {
    return this.set('classifier', value);
  }
  /** The classifier; a TypeError when none is set. @example ovr.getClassifier().uid */
  getClassifier(): Classifier {
    if (!this.isSet('classifier'))
      throw new TypeError('OneVsRest has no classifier: pass { classifier } or call setClassifier()');
    return this.getOrDefault('classifier');
  }
  /** @example ovr.setLabelCol('y') */
  setLabelCol(value: string): this {
    return this.set('labelCol', value);
  }
  /** @example ovr.getLabelCol() // 'label' */
  getLabelCol(): string {
    return this.getOrDefault('labelCol');
  }
  /** @example ovr.setFeaturesCol('vec') */
  setFeaturesCol(value: string): this {
    return this.set('featuresCol', value);
  }
  /** @example ovr.getFeaturesCol() // 'features' */
  getFeaturesCol(): string {
    return this.getOrDefault('featuresCol');
  }
  /** @example ovr.setPredictionCol('pred') */
  setPredictionCol(value: string): this {
    return this.set('predictionCol', value);
  }
  /** @example ovr.getPredictionCol() // 'prediction' */
  getPredictionCol(): string {
    return this.getOrDefault('predictionCol');
  }
  /** @example ovr.setRawPredictionCol('raw') */
  setRawPredictionCol(value: string): this {
    return this.set('rawPredictionCol', value);
  }
  /** @example ovr.getRawPredictionCol() // 'rawPrediction' */
  getRawPredictionCol(): string {
    return this.getOrDefault('rawPredictionCol');
  }
  /** @example ovr.setWeightCol('w') */
  setWeightCol(value: string): this {
    return this.set('weightCol', value);
  }
  /** The weight column; a TypeError when none is set. @example ovr.getWeightCol() */
  getWeightCol(): string {
    return this.getOrDefault('weightCol');
  }
  /** @example ovr.setParallelism(2) */
  setParallelism(value: number): this {
    return this.set('parallelism', value);
  }
  /** @example ovr.getParallelism() // 1 */
  getParallelism(): number {
    return this.getOrDefault('parallelism');
  }

  /**
   * A copy (same uid) with `extra` params set; the classifier is copied too, as in PySpark.
   * @example const other = ovr.copy({ labelCol: 'y' });
   */
  override copy(extra?: Partial<OneVsRestParams>): this {
    const c = super.copy();
    if (this.isSet('classifier')) c.paramMap.set('classifier', this.getClassifier().copy());
    if (extra !== undefined) c.setParams(extra);
    return c;
  }

  /**
   * Fits one model per class: `max(label)` in one query gives the number of classes, then each
   * class's classifier is one fit on the server, `parallelism` at a time. The labels must be
   * 0, 1, ..., numClasses - 1. `paramMap` (from a grid) may set params of this stage and of its
   * classifier.
   * @example const model = await new ml.OneVsRest({ classifier: new ml.LogisticRegression() }).fit(train);
   */
  async fit(df: DataFrame, opts?: ExecuteOptions, paramMap?: ParamMap): Promise<OneVsRestModel> {
    if (!(df instanceof DataFrame)) throw new TypeError('OneVsRest.fit() takes a DataFrame');
    df.sparkSession.requireFeature('ml');
    const own = valuesFor(this, paramMap);
    const ovr = own === undefined ? this : this.copy(own);
    const classifier = ovr.getClassifier();
    const labelCol = ovr.getLabelCol();
    const featuresCol = ovr.getFeaturesCol();
    const predictionCol = ovr.getPredictionCol();

    const maxLabel = (await df.agg(F.max(labelCol)).head(1, opts))[0]?.get(0);
    const top = typeof maxLabel === 'bigint' ? Number(maxLabel) : maxLabel;
    if (typeof top !== 'number' || !Number.isFinite(top) || top < 0) {
      throw new TypeError(
        `OneVsRest.fit(): the labels in '${labelCol}' must be 0, 1, ..., numClasses - 1; their maximum is ${String(maxLabel)}`,
      );
    }
    const numClasses = Math.trunc(top) + 1;

    let weightCol: string | undefined;
    if (ovr.isSet('weightCol') && ovr.getWeightCol() !== '') {
      if (classifier.hasParam('weightCol')) weightCol = ovr.getWeightCol();
      else
        process.emitWarning(
          `weightCol is ignored, as it is not supported by ${classifier.ownerName}`,
          'SparkMLWarning',
        );
    }
    const multiclassLabeled =
      weightCol === undefined
        ? df.select(labelCol, featuresCol)
        : df.select(labelCol, featuresCol, weightCol);
    const classifierValues = valuesFor(classifier, paramMap);

    const fitOne = (index: number): Promise<JavaModel<object>> => {
      const binaryLabelCol = `mc2b$${index}`;
      const training = multiclassLabeled.withColumn(
        binaryLabelCol,
        F.when(F.col(labelCol).eq(typed.double(index)), typed.double(1)).otherwise(typed.double(0)),
      );
      const overrides: Record<string, unknown> = {
        ...classifierValues,
        labelCol: binaryLabelCol,
        featuresCol,
        predictionCol,
        ...(weightCol === undefined ? {} : { weightCol }),
      };
      return classifier.copy(overrides).fit(training, opts);
    };

    // As PySpark: cache the columns the fits read unless the input is cached already.
    const persist = (await df.storageLevel(opts)).equals(StorageLevel.NONE);
    if (persist) await multiclassLabeled.persist(StorageLevel.MEMORY_AND_DISK, opts);
    let models: JavaModel<object>[];
    try {
      models = await fitAll(numClasses, ovr.getParallelism(), fitOne);
    } finally {
      if (persist) await multiclassLabeled.unpersist(false, opts);
    }
    const model = new OneVsRestModel(models);
    ovr.copyValuesTo(model);
    return model;
  }

  /**
   * Saves the stage in PySpark's layout (metadata and `classifier/`); PySpark loads it. Writes
   * with `opts.session` or the active session.
   * @example await ovr.save('/tmp/ovr', { overwrite: true, session: spark })
   */
  save(path: string, opts?: MlSaveOptions): Promise<void> {
    return saveOneVsRest(this, path, opts);
  }

  /**
   * Loads a OneVsRest saved by this client, PySpark or Scala (its classifier by class).
   * @example const ovr = await ml.OneVsRest.load(spark, '/tmp/ovr')
   */
  static load(session: SparkSession, path: string, opts?: CallOptions): Promise<OneVsRest> {
    return loadOneVsRest<OneVsRest>(session, path, false, opts);
  }
}

/** Runs `fitOne(0..n-1)`, at most `parallelism` at a time; on a failure releases what was fitted. */
async function fitAll(
  n: number,
  parallelism: number,
  fitOne: (index: number) => Promise<JavaModel<object>>,
): Promise<JavaModel<object>[]> {
  const models: JavaModel<object>[] = new Array(n);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < n) {
      const index = next++;
      try {
        models[index] = await fitOne(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelism, n) }, worker));
  if (failure !== undefined) {
    for (const m of models) if (m !== undefined) await m.release().catch(() => undefined);
    throw failure.error;
  }
  return models;
}

/**
 * Element `idx` of a vector column, as PySpark's internal `vector_get`: the vector's UDT struct
 * read directly (dense values, or a binary search of the sparse indices), an error out of range.
 */
function vectorGet(vec: Column, idx: Column): Column {
  const unwrapped = F.unwrap_udt(vec);
  const isDense = unwrapped.getField('type').eq(F.lit(1));
  const values = unwrapped.getField('values');
  const size = F.when(isDense, F.array_size(values)).otherwise(unwrapped.getField('size'));
  const sparseIdx = F.invoke('array_binary_search', unwrapped.getField('indices').node, idx.node);
  const value = F.when(isDense, F.get(values, idx))
    .when(sparseIdx.geq(0), F.get(values, sparseIdx))
    .otherwise(F.lit(typed.double(0)));
  return F.when(idx.geq(0).and(idx.lt(size)), value).otherwise(
    F.raise_error(F.printf(F.lit('Vector index must be in [0, %s), but got %s'), size, idx)),
  );
}

/**
 * The index of an array's largest element, ignoring NaN and null (-1 when there is none), as
 * PySpark's internal `array_argmax`: a fold keeping (max, its index, current index).
 */
function arrayArgmax(arr: Column): Column {
  return F.aggregate(
    arr,
    F.struct(F.lit(Number.NEGATIVE_INFINITY).alias('v'), F.lit(-1).alias('i'), F.lit(0).alias('j')),
    (acc, vv) => {
      const v = acc.getField('v');
      const i = acc.getField('i');
      const j = acc.getField('j');
      return F.when(
        vv.isNaN().not().and(vv.isNull().not()).and(vv.gt(v)),
        F.struct(vv.alias('v'), j.alias('i'), j.plus(1)),
      ).otherwise(F.struct(v.alias('v'), i.alias('i'), j.plus(1)));
    },
    (acc) => acc.getField('i'),
  );
}

/**
 * The model OneVsRest fits: one binary classification model per class. Its transform scores
 * every row with every model and predicts the class of the highest `rawPrediction[1]`. Release
 * the sub-models with `release()` or `await using`.
 *
 * @example
 * await using model = await ovr.fit(train);
 * console.log(model.numClasses, await model.models[0].attr('coefficients'));
 */
export class OneVsRestModel extends Model<OneVsRestModelParams> {
  /** The binary models, the one of class `i` at index `i`. */
  readonly models: readonly JavaModel<object>[];

  /**
   * A model of fitted (or loaded) binary classification models, class `i` at index `i`.
   * @example const m = new ml.OneVsRestModel([m0, m1, m2]);
   */
  constructor(models: readonly JavaModel<object>[], uid?: string) {
    super('OneVsRestModel', MODEL_SPECS, undefined, uid);
    if (!Array.isArray(models) || models.length === 0)
      throw new TypeError('OneVsRestModel takes a non-empty array of classification models');
    for (const [i, m] of models.entries()) {
      if (!(m instanceof JavaModel))
        throw new TypeError(`OneVsRestModel: models[${i}] is not a fitted model: ${describe(m)}`);
    }
    this.models = [...models];
  }

  /** The number of classes (of sub-models). @example model.numClasses // 3 */
  get numClasses(): number {
    return this.models.length;
  }

  /**
   * Sets one param (`classifier` takes a classifier estimator).
   * @example model.set('predictionCol', 'pred')
   */
  override set<K extends keyof OneVsRestModelParams & string>(
    name: K,
    value: NonNullable<OneVsRestModelParams[K]>,
  ): this {
    if (name === 'classifier') {
      this.paramMap.set(name, checkClassifier(this.ownerName, value));
      return this;
    }
    return super.set(name, value);
  }

  /** The classifier the models were fitted with; a TypeError when none is set. @example model.getClassifier() */
  getClassifier(): Classifier {
    if (!this.isSet('classifier')) throw new TypeError('This OneVsRestModel has no classifier set');
    return this.getOrDefault('classifier');
  }
  /** @example model.getLabelCol() // 'label' */
  getLabelCol(): string {
    return this.getOrDefault('labelCol');
  }
  /** @example model.setFeaturesCol('vec') */
  setFeaturesCol(value: string): this {
    return this.set('featuresCol', value);
  }
  /** @example model.getFeaturesCol() // 'features' */
  getFeaturesCol(): string {
    return this.getOrDefault('featuresCol');
  }
  /** @example model.setPredictionCol('pred') */
  setPredictionCol(value: string): this {
    return this.set('predictionCol', value);
  }
  /** @example model.getPredictionCol() // 'prediction' */
  getPredictionCol(): string {
    return this.getOrDefault('predictionCol');
  }
  /** @example model.setRawPredictionCol('raw') */
  setRawPredictionCol(value: string): this {
    return this.set('rawPredictionCol', value);
  }
  /** @example model.getRawPredictionCol() // 'rawPrediction' */
  getRawPredictionCol(): string {
    return this.getOrDefault('rawPredictionCol');
  }
  /** The weight column the models were fitted with; a TypeError when none is set. @example model.getWeightCol() */
  getWeightCol(): string {
    return this.getOrDefault('weightCol');
  }

  /**
   * The input with `rawPrediction` (a vector of each class model's `rawPrediction[1]`) and
   * `prediction` (the index of its largest element, a double); lazy, as PySpark builds it: each
   * sub-model transforms in turn, its score appended to an array column. Each sub-model's raw
   * scores are read from its own `rawPredictionCol` (as Scala's OneVsRestModel does).
   * @example await model.transform(test).select('prediction').show()
   */
  transform(df: DataFrame): DataFrame {
    if (!(df instanceof DataFrame)) throw new TypeError('OneVsRestModel.transform() takes a DataFrame');
    df.sparkSession.requireFeature('ml');
    for (const m of this.models) m.ensureLive();
    const accCol = `mbc$acc${randomUUID()}`;
    const input = df.col('*'); // the input's columns, by its plan id
    let aggregated = df.withColumn(accCol, F.array().cast('array<double>'));
    for (const model of this.models) {
      const raw = rawColumnOf(model, this.getRawPredictionCol());
      const tmpCol = `mbc$tmp${randomUUID()}`;
      aggregated = model
        .transform(aggregated)
        .select(input, F.col(raw), F.col(accCol))
        .withColumn(tmpCol, F.array_append(accCol, vectorGet(F.col(raw), F.lit(1))))
        .select(input, F.col(tmpCol))
        .withColumnRenamed(tmpCol, accCol);
    }
    const rawOut = this.getRawPredictionCol();
    if (rawOut !== '')
      aggregated = aggregated.withColumn(rawOut, F.invoke('array_to_vector', F.col(accCol).node));
    const predictionOut = this.getPredictionCol();
    if (predictionOut !== '')
      aggregated = aggregated.withColumn(predictionOut, arrayArgmax(F.col(accCol)).cast('double'));
    return aggregated.drop(accCol);
  }

  /**
   * A copy (same uid) with `extra` params set; the copies of the sub-models refer to the same
   * server models (releasing either releases them).
   * @example const renamed = model.copy({ predictionCol: 'pred' });
   */
  override copy(extra?: Partial<OneVsRestModelParams>): this {
    const c = super.copy(extra);
    Object.defineProperty(c, 'models', { value: this.models.map((m) => m.copy()), enumerable: true });
    return c;
  }

  /** True once any sub-model was released (or its session stopped). @example model.isReleased */
  get isReleased(): boolean {
    return this.models.some((m) => m.isReleased);
  }

  /** Releases every sub-model on the server (idempotent). @example await model.release() */
  async release(opts?: CallOptions): Promise<void> {
    for (const m of this.models) await m.release(opts);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }

  /**
   * Saves the model in PySpark's layout (metadata with `numClasses`, `classifier/`,
   * `model_<i>/`); PySpark loads it.
   * @example await model.save('/tmp/ovr-model', { overwrite: true })
   */
  save(path: string, opts?: MlSaveOptions): Promise<void> {
    return saveOneVsRest(this, path, opts);
  }

  /**
   * Loads a OneVsRestModel saved by this client, PySpark or Scala (its models into the server's
   * ML cache: release them as any model).
   * @example await using model = await ml.OneVsRestModel.load(spark, '/tmp/ovr-model')
   */
  static load(session: SparkSession, path: string, opts?: CallOptions): Promise<OneVsRestModel> {
    return loadOneVsRest<OneVsRestModel>(session, path, true, opts);
  }
}

/** The column a sub-model writes its raw scores to: its own param, else the OneVsRest's. */
function rawColumnOf(model: JavaModel<object>, fallback: string): string {
  const m = model as unknown as Params;
  if (!m.hasParam('rawPredictionCol') || !m.isDefined('rawPredictionCol')) return fallback;
  const own = m.getOrDefault('rawPredictionCol');
  return typeof own === 'string' && own !== '' ? own : fallback;
}
