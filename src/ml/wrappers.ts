/**
 * Typed wrapper classes built from the generated specs: one factory per kind, so every wrapper
 * (`LogisticRegression`, `VectorAssembler`, `RegressionEvaluator`, ...) is one line in the
 * domain modules. Each class has PySpark's name, params and defaults, `save()` and a static
 * `load(spark, path)`.
 */
import type { CallOptions } from '../client/session-rpc.js';
import type { SparkSession } from '../session/spark-session.js';
import { JavaEstimator, JavaEvaluator, JavaModel, JavaTransformer } from './base.js';
import { type Loadable, loadStage, type MlSaveOptions, saveStage } from './readwrite.js';
import type { AttrKind, MlClassSpec, ModelSpec, ParamValuesOf } from './spec.js';

type NoAttrs = Readonly<Record<string, AttrKind>>;
type SummaryAttrs<M extends ModelSpec> = M extends { summary: { attributes: infer A } } ? A : NoAttrs;

/** A typed model class of a model spec. */
export function modelClass<M extends ModelSpec>(spec: M) {
  const Cls = class extends JavaModel<
    ParamValuesOf<M['params']>,
    M['attributes'] & NoAttrs,
    SummaryAttrs<M> & NoAttrs
  > {
    /** @internal */
    constructor(session: SparkSession, refId: string, uid?: string) {
      super(session, refId, spec, uid);
    }
    /** Saves the model (Spark ML's format; PySpark loads it). @example await model.save('/tmp/m', { overwrite: true }) */
    save(path: string, opts?: MlSaveOptions): Promise<void> {
      return saveStage(this, path, opts);
    }
    /** The Scala class name. */
    static readonly className = spec.className;
    /** Loads a model saved by this client or PySpark. @example const m = await LogisticRegressionModel.load(spark, '/tmp/m') */
    static load(session: SparkSession, path: string, opts?: CallOptions): Promise<InstanceType<typeof Cls>> {
      const loader: Loadable<InstanceType<typeof Cls>> = {
        className: spec.className,
        kind: 'model',
        create: (s, refId, uid) => new Cls(s, refId as string, uid),
      };
      return loadStage(session, path, loader, opts);
    }
  };
  Object.defineProperty(Cls, 'name', { value: spec.name });
  return Cls;
}

/** A typed estimator class of a spec; `ModelCls` is the class its fit() answers. */
export function estimatorClass<
  S extends MlClassSpec & { model: ModelSpec },
  MC extends ReturnType<typeof modelClass<S['model']>>,
>(spec: S, ModelCls: MC) {
  type Model = InstanceType<MC>;
  const Cls = class extends JavaEstimator<ParamValuesOf<S['params']>, Model> {
    /** @param params PySpark's param names; only these are sent (the server applies its defaults). */
    constructor(params?: ParamValuesOf<S['params']>) {
      super(spec.className, params, spec, (s, id, uid) => new ModelCls(s, id, uid) as Model);
    }
    /** Saves the estimator's params (Spark ML's format). @example await est.save('/tmp/est', { session: spark }) */
    save(path: string, opts?: MlSaveOptions): Promise<void> {
      return saveStage(this, path, opts);
    }
    static readonly className = spec.className;
    /** Loads an estimator saved by this client or PySpark. @example await KMeans.load(spark, '/tmp/km') */
    static load(session: SparkSession, path: string, opts?: CallOptions): Promise<InstanceType<typeof Cls>> {
      return loadStage(
        session,
        path,
        { className: spec.className, kind: 'estimator', create: (_s, _r, uid) => withUid(new Cls(), uid) },
        opts,
      );
    }
  };
  Object.defineProperty(Cls, 'name', { value: spec.name });
  return Cls;
}

function withUid<T extends { uid: string }>(t: T, uid: string): T {
  if (uid) t.uid = uid;
  return t;
}

/** A typed transformer class of a spec (a stateless server transformer). */
export function transformerClass<S extends MlClassSpec>(spec: S) {
  const Cls = class extends JavaTransformer<ParamValuesOf<S['params']>> {
    constructor(params?: ParamValuesOf<S['params']>) {
      super(spec.className, params, spec.params);
    }
    /** Saves the transformer (Spark ML's format). @example await t.save('/tmp/t', { session: spark }) */
    save(path: string, opts?: MlSaveOptions): Promise<void> {
      return saveStage(this, path, opts);
    }
    static readonly className = spec.className;
    /** Loads a transformer saved by this client or PySpark. @example await Tokenizer.load(spark, '/tmp/t') */
    static load(session: SparkSession, path: string, opts?: CallOptions): Promise<InstanceType<typeof Cls>> {
      return loadStage(
        session,
        path,
        { className: spec.className, kind: 'transformer', create: (_s, _r, uid) => withUid(new Cls(), uid) },
        opts,
      );
    }
  };
  Object.defineProperty(Cls, 'name', { value: spec.name });
  return Cls;
}

/** A typed evaluator class of a spec. */
export function evaluatorClass<S extends MlClassSpec>(spec: S) {
  const Cls = class extends JavaEvaluator<ParamValuesOf<S['params']>> {
    constructor(params?: ParamValuesOf<S['params']>) {
      super(spec.className, params, spec.params, spec.name);
    }
    /** Saves the evaluator (Spark ML's format). @example await ev.save('/tmp/ev', { session: spark }) */
    save(path: string, opts?: MlSaveOptions): Promise<void> {
      return saveStage(this, path, opts);
    }
    static readonly className = spec.className;
    /** Loads an evaluator saved by this client or PySpark. @example await RegressionEvaluator.load(spark, '/tmp/ev') */
    static load(session: SparkSession, path: string, opts?: CallOptions): Promise<InstanceType<typeof Cls>> {
      return loadStage(
        session,
        path,
        { className: spec.className, kind: 'evaluator', create: (_s, _r, uid) => withUid(new Cls(), uid) },
        opts,
      );
    }
  };
  Object.defineProperty(Cls, 'name', { value: spec.name });
  return Cls;
}
