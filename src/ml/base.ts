/**
 * The generic ML layer, as `pyspark.ml` over Spark Connect: Transformer / Estimator / Model /
 * Evaluator, and their server-backed forms that drive any class on the server's allow-list by its
 * Scala class name (`JavaTransformer`, `JavaEstimator`, `JavaModel`, `JavaEvaluator`).
 *
 * - `fit` is one MlCommand.fit answering a reference to a model cached on the server;
 * - `transform` is a lazy MlRelation.Transform (nothing runs until an action);
 * - model attributes are MlCommand.fetch calls (DataFrame attributes an MlRelation.Fetch);
 * - `evaluate` answers a double; only explicitly set params are sent.
 */
import type { ExecuteOptions } from '../client/execute.js';
import type { CallOptions } from '../client/session-rpc.js';
import { DataFrame } from '../dataframe/dataframe.js';
import { ProtocolError, SparkConnectError } from '../errors/base.js';
import { MlModelNotFoundError } from '../errors/spark-exceptions.js';
import type { Expression_Literal } from '../gen/spark/connect/expressions_pb.js';
import { MlOperator_OperatorType } from '../gen/spark/connect/ml_common_pb.js';
import { lowerMlMethod } from '../plan/extra-lower.js';
import type { MlMethodCall } from '../plan/extra-nodes.js';
import { node } from '../plan/nodes.js';
import type { SparkSession } from '../session/spark-session.js';
import { datasetRelation, runMlCommand, runMlCommandForResult } from './command.js';
import { isLinalgValue, linalgToLiteral } from './linalg.js';
import { Params, paramFromLiteral, untypedParamLiteral } from './params.js';
import type { AttrKind, AttrValueOf, MlClassSpec, ModelSpec, ParamSpecs } from './spec.js';

/** An argument of a model method: a value (a literal) or a DataFrame. */
export type MlArg = unknown;

function methodCall(method: string, args: readonly MlArg[]): MlMethodCall {
  return {
    method,
    args: args.map((a) => {
      if (a instanceof DataFrame) return { plan: a.plan };
      const literal: Expression_Literal = isLinalgValue(a) ? linalgToLiteral(a) : untypedParamLiteral(a);
      return { literal };
    }),
  };
}

function requireDataFrame(df: unknown, what: string): DataFrame {
  if (!(df instanceof DataFrame)) throw new TypeError(`${what} takes a DataFrame`);
  return df;
}

/** Anything with params that can be a Pipeline stage. */
export abstract class PipelineStage<V extends object = Record<string, unknown>> extends Params<V> {}

/**
 * A stage that turns a DataFrame into another, lazily.
 * @example const out = transformer.transform(df); await out.show();
 */
export abstract class Transformer<V extends object = Record<string, unknown>> extends PipelineStage<V> {
  /** The transformed DataFrame (lazy: nothing runs on the server until an action). */
  abstract transform(df: DataFrame): DataFrame;
}

/**
 * A stage fitted on a DataFrame into a Model.
 * @example const model = await estimator.fit(df);
 */
export abstract class Estimator<
  V extends object = Record<string, unknown>,
  M extends Transformer<object> = Transformer<object>,
> extends PipelineStage<V> {
  /** Fits a model on `df` (one server round trip per server-side stage). */
  abstract fit(df: DataFrame, opts?: ExecuteOptions): Promise<M>;
}

/** A fitted Transformer. */
export abstract class Model<V extends object = Record<string, unknown>> extends Transformer<V> {}

/**
 * Scores a DataFrame with one metric.
 * @example const auc = await evaluator.evaluate(predictions);
 */
export abstract class Evaluator<V extends object = Record<string, unknown>> extends Params<V> {
  /** The metric over `df`. */
  abstract evaluate(df: DataFrame, opts?: ExecuteOptions): Promise<number>;
  /** Whether a larger metric is better (for model selection). @example evaluator.isLargerBetter() */
  isLargerBetter(): boolean {
    return true;
  }
}

/** The per-session list of live server models, deleted from the server cache on session stop. */
const liveModels = new WeakMap<SparkSession, Set<JavaModel>>();

function trackModel(model: JavaModel): void {
  const session = model.sparkSession;
  let set = liveModels.get(session);
  if (set === undefined) {
    const created = new Set<JavaModel>();
    liveModels.set(session, created);
    set = created;
    session.addStopHook(async () => {
      const models = [...created];
      created.clear();
      for (const m of models) m.markReleased('its session was stopped');
      if (models.length > 0) {
        await runMlCommandForResult(
          session,
          { case: 'delete', value: { objRefs: models.map((m) => ({ id: m.refId })) } },
          [],
          {
            timeoutMs: 30_000,
          },
        ).catch(() => undefined);
      }
    });
  }
  set.add(model);
}

/** Marks every live model of the session released (its server cache was cleaned). @internal */
export function markSessionModelsReleased(session: SparkSession, why: string): void {
  const set = liveModels.get(session);
  if (set === undefined) return;
  for (const m of set) m.markReleased(why);
  set.clear();
}

/**
 * A transformer implemented on the server (VectorAssembler, Tokenizer, ...), by Scala class name.
 *
 * @example
 * const t = new JavaTransformer('org.apache.spark.ml.feature.SQLTransformer', { statement: 'SELECT *, 1 AS one FROM __THIS__' });
 * await t.transform(df).show();
 */
export class JavaTransformer<V extends object = Record<string, unknown>> extends Transformer<V> {
  /** The Scala class name. */
  readonly className: string;
  /** @param className a Scala class on the server's ML allow-list; `params` set explicitly */
  constructor(className: string, params?: Partial<V>, specs?: ParamSpecs) {
    if (typeof className !== 'string' || className.length === 0)
      throw new TypeError('JavaTransformer takes a Scala class name');
    super(className, specs, params);
    this.className = className;
  }
  /** @example const out = tokenizer.transform(df) */
  transform(df: DataFrame): DataFrame {
    requireDataFrame(df, `${this.ownerName}.transform()`);
    df.sparkSession.requireFeature('ml');
    return new DataFrame(
      df.sparkSession,
      node({
        kind: 'mlTransform',
        input: df.plan,
        target: { className: this.className, uid: this.uid },
        params: this.toMlParams(),
      }),
    );
  }
}

/** The summary of a fitted model (metrics and DataFrames), fetched from the server on demand. */
export class MlSummary<A extends Readonly<Record<string, AttrKind>> = Readonly<Record<string, AttrKind>>> {
  /** @internal */
  constructor(
    readonly model: JavaModel,
    /** @internal The dataset the server recomputes a lost summary over. */
    readonly dataset: DataFrame,
    readonly attributes: A | undefined,
  ) {}

  /**
   * A summary metric or value by PySpark's name.
   * @example const acc = await model.summary.attr('accuracy');
   */
  async attr<K extends keyof A & string>(name: K, opts?: ExecuteOptions): Promise<AttrValueOf<A[K]>> {
    const chain = [{ method: 'summary', args: [] }, methodCall(name, [])];
    try {
      return (await this.model.callChain(chain, opts)) as AttrValueOf<A[K]>;
    } catch (err) {
      // Spark 4.1+ offloads idle or surplus models to the driver's disk without their summary:
      // recompute it over the training dataset (as PySpark does), then ask again.
      if (!(err instanceof SparkConnectError) || err.errorClass !== 'CONNECT_ML.MODEL_SUMMARY_LOST')
        throw err;
      await this.restore(opts);
      return (await this.model.callChain(chain, opts)) as AttrValueOf<A[K]>;
    }
  }

  /**
   * Recomputes the summary on the server over the training dataset (Spark 4.1+), after the server
   * offloaded the model and dropped its summary; `attr()` does this by itself when needed.
   * @example await model.summary.restore(); await model.summary.frame('predictions').count();
   */
  async restore(opts?: ExecuteOptions): Promise<void> {
    this.model.ensureLive();
    this.model.sparkSession.requireFeature('mlCreateSummary');
    await runMlCommand(
      this.model.sparkSession,
      {
        case: 'createSummary',
        value: { modelRef: { id: this.model.refId }, dataset: await datasetRelation(this.dataset, opts) },
      },
      [this.model.refId],
      opts,
    );
  }

  /**
   * A summary DataFrame by PySpark's name (lazy).
   * @example await model.summary.frame('roc').collect()
   */
  frame<K extends keyof A & string>(name: K): DataFrame {
    this.model.ensureLive();
    return new DataFrame(
      this.dataset.sparkSession,
      node({
        kind: 'mlFetch',
        objRef: this.model.refId,
        methods: [{ method: 'summary', args: [] }, methodCall(name, [])],
        input: this.dataset.plan,
      }),
    );
  }
}

/**
 * A model cached on the server (fitted or loaded), referenced by id. Release it with `release()`
 * or `await using`; all of a session's models are released when the session stops.
 *
 * @example
 * await using model = await new LogisticRegression().fit(train);
 * console.log(await model.attr('coefficients'));
 */
export class JavaModel<
  V extends object = Record<string, unknown>,
  A extends Readonly<Record<string, AttrKind>> = Readonly<Record<string, AttrKind>>,
  SA extends Readonly<Record<string, AttrKind>> = Readonly<Record<string, AttrKind>>,
> extends Model<V> {
  /** The Scala class name (for `read`). */
  readonly className: string;
  /** The session whose server cache holds the model. */
  readonly sparkSession: SparkSession;
  /** @internal The server's id of the model. */
  readonly refId: string;
  /** @internal */
  readonly attributeKinds: A | undefined;
  /** @internal */
  released: string | undefined;
  /** @internal */
  summaryValue: MlSummary<SA> | undefined;

  /** @internal Wraps a model reference the server answered. */
  constructor(
    session: SparkSession,
    refId: string,
    spec: ModelSpec | { className: string; params?: undefined },
    uid?: string,
  ) {
    super(spec.className, spec.params, undefined, uid);
    this.className = spec.className;
    this.sparkSession = session;
    this.refId = refId;
    this.attributeKinds = ('attributes' in spec ? spec.attributes : undefined) as A | undefined;
    trackModel(this as unknown as JavaModel);
  }

  /** @internal */
  markReleased(why: string): void {
    this.released ??= why;
  }

  /** @internal Throws when the model was released. */
  ensureLive(): void {
    if (this.released !== undefined) {
      throw new MlModelNotFoundError(
        `${this.ownerName} ${this.refId} was released (${this.released}); fit or load it again`,
      );
    }
  }

  /** True until `release()` or the session stops. @example model.isReleased */
  get isReleased(): boolean {
    return this.released !== undefined;
  }

  /** @internal Attaches the training summary (after fit). */
  attachSummary(dataset: DataFrame, attributes: SA | undefined): void {
    this.summaryValue = new MlSummary(this as unknown as JavaModel, dataset, attributes);
  }

  /** True when the model has a training summary (it was fitted in this client). @example model.hasSummary */
  get hasSummary(): boolean {
    return this.summaryValue !== undefined;
  }

  /**
   * The training summary; throws when there is none (a loaded model has none, as in PySpark).
   * @example await model.summary.attr('areaUnderROC')
   */
  get summary(): MlSummary<SA> {
    if (this.summaryValue === undefined)
      throw new TypeError(`No training summary available for this ${this.ownerName}`);
    return this.summaryValue;
  }

  /** @example const predictions = model.transform(test) */
  transform(df: DataFrame): DataFrame {
    requireDataFrame(df, `${this.ownerName}.transform()`);
    this.ensureLive();
    return new DataFrame(
      df.sparkSession,
      node({
        kind: 'mlTransform',
        input: df.plan,
        target: { objRef: this.refId },
        params: this.toMlParams(),
      }),
    );
  }

  /** @internal Runs a fetch of a method chain on this model. */
  async callChain(methods: MlMethodCall[], opts?: ExecuteOptions): Promise<unknown> {
    this.ensureLive();
    const result = await runMlCommandForResult(
      this.sparkSession,
      { case: 'fetch', value: { objRef: { id: this.refId }, methods: methods.map(lowerMlMethod) } },
      [this.refId],
      opts,
    );
    switch (result.resultType.case) {
      case 'param':
        return paramFromLiteral(result.resultType.value);
      case 'summary':
        return result.resultType.value;
      case 'operatorInfo': {
        const info = result.resultType.value;
        if (info.type.case !== 'objRef')
          throw new ProtocolError('An ML fetch answered an operator without a reference');
        return new JavaModel(this.sparkSession, info.type.value.id, { className: 'unknown' });
      }
      default:
        throw new ProtocolError('An ML fetch answered no value');
    }
  }

  /**
   * An attribute by PySpark's name (`coefficients`, `intercept`, `clusterCenters`, ...), or any
   * method on the server's allow-list with arguments (values, vectors, DataFrames).
   * @example const w = await model.attr('coefficients'); // DenseVector
   */
  attr<K extends keyof A & string>(name: K, ...args: MlArg[]): Promise<AttrValueOf<A[K]>>;
  attr(name: string, ...args: MlArg[]): Promise<unknown>;
  attr(name: string, ...args: MlArg[]): Promise<unknown> {
    const last = args[args.length - 1];
    const opts = isOptions(last) ? (args.pop() as ExecuteOptions) : undefined;
    return this.callChain([methodCall(name, args)], opts);
  }

  /**
   * A DataFrame attribute by PySpark's name (`freqItemsets`, `userFactors`, ...), lazy.
   * @example await fpModel.frame('freqItemsets').collect()
   */
  frame<K extends keyof A & string>(name: K, ...args: MlArg[]): DataFrame;
  frame(name: string, ...args: MlArg[]): DataFrame;
  frame(name: string, ...args: MlArg[]): DataFrame {
    this.ensureLive();
    return new DataFrame(
      this.sparkSession,
      node({ kind: 'mlFetch', objRef: this.refId, methods: [methodCall(name, args)] }),
    );
  }

  /**
   * The model's estimated size in bytes, as the server's ML cache counts it (Spark 4.1+).
   * @example const bytes = await model.modelSize(); // e.g. 1234n
   */
  async modelSize(opts?: ExecuteOptions): Promise<bigint> {
    this.ensureLive();
    this.sparkSession.requireFeature('mlModelSize');
    const result = await runMlCommandForResult(
      this.sparkSession,
      { case: 'getModelSize', value: { modelRef: { id: this.refId } } },
      [this.refId],
      opts,
    );
    const v = result.resultType.case === 'param' ? paramFromLiteral(result.resultType.value) : undefined;
    if (typeof v !== 'bigint' && typeof v !== 'number') {
      throw new ProtocolError('The server answered getModelSize without a size');
    }
    return BigInt(v);
  }

  /**
   * Deletes the model from the server's ML cache; later use throws MlModelNotFoundError.
   * Idempotent.
   * @example await model.release();
   */
  async release(opts?: CallOptions): Promise<void> {
    if (this.released !== undefined) return;
    this.released = 'release() was called';
    liveModels.get(this.sparkSession)?.delete(this as unknown as JavaModel);
    if (this.sparkSession.isStopped) return;
    await runMlCommandForResult(
      this.sparkSession,
      { case: 'delete', value: { objRefs: [{ id: this.refId }] } },
      [this.refId],
      opts,
    ).catch((e) => {
      if (!(e instanceof ProtocolError)) throw e;
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }

  override toString(): string {
    return `${this.ownerName}(${this.refId})`;
  }
}

function isOptions(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || v instanceof DataFrame || isLinalgValue(v) || Array.isArray(v))
    return false;
  const keys = Object.keys(v);
  return (
    keys.length > 0 &&
    keys.every((k) => ['signal', 'timeoutMs', 'tags', 'operationId', 'onProgress'].includes(k))
  );
}

/** What a JavaEstimator needs to know of its model class. @internal */
export type ModelFactory<M> = (session: SparkSession, refId: string, uid: string) => M;

/**
 * An estimator implemented on the server, by Scala class name. Typed wrappers
 * (`LogisticRegression`, `KMeans`, ...) are JavaEstimators with a spec.
 *
 * @example
 * const fm = new JavaEstimator('org.apache.spark.ml.classification.FMClassifier', { factorSize: 4 });
 * const model = await fm.fit(train);
 */
export class JavaEstimator<
  V extends object = Record<string, unknown>,
  M extends JavaModel<object> = JavaModel,
> extends Estimator<V, M> {
  readonly className: string;
  /** @internal */
  readonly spec: MlClassSpec | undefined;
  /** @internal */
  readonly modelFactory: ModelFactory<M>;

  constructor(className: string, params?: Partial<V>, spec?: MlClassSpec, modelFactory?: ModelFactory<M>) {
    if (typeof className !== 'string' || className.length === 0)
      throw new TypeError('JavaEstimator takes a Scala class name');
    super(spec?.name ?? className, spec?.params, params);
    this.className = className;
    this.spec = spec;
    this.modelFactory =
      modelFactory ??
      ((s, id, uid) => new JavaModel(s, id, { className: `${className}Model` }, uid) as unknown as M);
  }

  /**
   * Fits a model on `df`: one MlCommand.fit; the model lives in the server's ML cache.
   * @example const model = await new KMeans({ k: 2 }).fit(df);
   */
  async fit(df: DataFrame, opts?: ExecuteOptions): Promise<M> {
    requireDataFrame(df, `${this.ownerName}.fit()`);
    const session = df.sparkSession;
    const result = await runMlCommandForResult(
      session,
      {
        case: 'fit',
        value: {
          estimator: { name: this.className, uid: this.uid, type: MlOperator_OperatorType.ESTIMATOR },
          params: this.toMlParams(),
          dataset: await datasetRelation(df, opts),
        },
      },
      [],
      opts,
    );
    const info = result.resultType.case === 'operatorInfo' ? result.resultType.value : undefined;
    if (info?.type.case !== 'objRef')
      throw new ProtocolError(`${this.ownerName}.fit() answered no model reference`);
    if (info.warningMessage) process.emitWarning(info.warningMessage, 'SparkMLWarning');
    const model = this.modelFactory(session, info.type.value.id, this.uid);
    this.copyValuesTo(model);
    const summary = this.spec?.model?.summary;
    if (summary !== undefined) {
      model.attachSummary(summary.dataset === 'training' ? df : model.transform(df), summary.attributes);
    }
    return model;
  }
}

/** Metrics that are better when smaller (PySpark's isLargerBetter over Connect). */
const SMALLER_IS_BETTER = new Set([
  'rmse',
  'mse',
  'mae',
  'weightedFalsePositiveRate',
  'falsePositiveRateByLabel',
  'logLoss',
  'hammingLoss',
]);

/**
 * An evaluator implemented on the server, by Scala class name.
 * @example const rmse = await new RegressionEvaluator().evaluate(predictions);
 */
export class JavaEvaluator<V extends object = Record<string, unknown>> extends Evaluator<V> {
  readonly className: string;
  constructor(className: string, params?: Partial<V>, specs?: ParamSpecs, name?: string) {
    if (typeof className !== 'string' || className.length === 0)
      throw new TypeError('JavaEvaluator takes a Scala class name');
    super(name ?? className, specs, params);
    this.className = className;
  }

  /** The metric over `df` (one MlCommand.evaluate). @example await evaluator.evaluate(predictions) */
  async evaluate(df: DataFrame, opts?: ExecuteOptions): Promise<number> {
    requireDataFrame(df, `${this.ownerName}.evaluate()`);
    const result = await runMlCommandForResult(
      df.sparkSession,
      {
        case: 'evaluate',
        value: {
          evaluator: { name: this.className, uid: this.uid, type: MlOperator_OperatorType.EVALUATOR },
          params: this.toMlParams(),
          dataset: await datasetRelation(df, opts),
        },
      },
      [],
      opts,
    );
    if (result.resultType.case !== 'param')
      throw new ProtocolError(`${this.ownerName}.evaluate() answered no value`);
    const v = paramFromLiteral(result.resultType.value);
    if (typeof v !== 'number')
      throw new ProtocolError(`${this.ownerName}.evaluate() answered a ${typeof v}, not a number`);
    return v;
  }

  /** @example new RegressionEvaluator({ metricName: 'rmse' }).isLargerBetter() // false */
  override isLargerBetter(): boolean {
    const name =
      this.hasParam('metricName') && this.isDefined('metricName' as keyof V & string)
        ? this.getOrDefault('metricName' as keyof V & string)
        : undefined;
    return !(typeof name === 'string' && SMALLER_IS_BETTER.has(name));
  }
}
