/**
 * Typed wrapper classes built from the generated specs, so every wrapper (`LogisticRegression`,
 * `VectorAssembler`, `RegressionEvaluator`, ...) is one line in classes.ts. One mechanism,
 * `typedStage`, gives each class what they all share: PySpark's name, `save()`, the static
 * `className` and `load(spark, path)`, and PySpark's per-param accessors (`setMaxIter(10)`,
 * `getMaxIter()`), one pair per param of the spec.
 */
import type { CallOptions } from '../client/session-rpc.js';
import type { SparkSession } from '../session/spark-session.js';
import { JavaEstimator, JavaEvaluator, JavaModel, JavaTransformer } from './base.js';
import { type Loadable, loadStage, type MlSaveOptions, saveStage, type WritableStage } from './readwrite.js';
import type { AttrKind, MlClassSpec, ModelSpec, ParamSpecs, ParamValuesOf } from './spec.js';

type NoAttrs = Readonly<Record<string, AttrKind>>;
type SummaryAttrs<M extends ModelSpec> = M extends { summary: { attributes: infer A } } ? A : NoAttrs;

/**
 * A wrapper instance: the stage, PySpark's accessors of its params `V` (`setX(value)` returns the
 * stage, `getX()` the set value or PySpark's default, a TypeError when it has neither), and save().
 */
export type TypedStage<T, V> = T & {
  -readonly [K in keyof V & string as `set${Capitalize<K>}`]-?: (
    value: NonNullable<V[K]>,
  ) => TypedStage<T, V>;
} & {
  -readonly [K in keyof V & string as `get${Capitalize<K>}`]-?: () => NonNullable<V[K]>;
} & {
  /**
   * Saves the stage in Spark ML's format (PySpark loads it). Stages other than models write
   * with `opts.session` or the active session.
   * @example await model.save('/tmp/m', { overwrite: true })
   */
  save(path: string, opts?: MlSaveOptions): Promise<void>;
};

/**
 * A wrapper class: its constructor, Scala class name and `load`. (`C` is only constrained to
 * construct objects: emitted declarations spell the wrapper classes as object types, which lose
 * the private members that a class-typed constraint would require of consumers.)
 */
export type TypedStageClass<C extends new (...args: never[]) => object, V> = {
  new (...args: ConstructorParameters<C>): TypedStage<InstanceType<C>, V>;
  /** The Scala class name. */
  readonly className: string;
  /**
   * Loads a stage saved by this client or PySpark.
   * @example const m = await LogisticRegressionModel.load(spark, '/tmp/m')
   */
  load(session: SparkSession, path: string, opts?: CallOptions): Promise<TypedStage<InstanceType<C>, V>>;
};

/** The one mechanism behind every wrapper class (see the module doc). */
function typedStage<C extends new (...args: never[]) => WritableStage, V>(
  Cls: C,
  spec: { name: string; className: string; params: ParamSpecs },
  kind: Loadable<WritableStage>['kind'],
  create: (session: SparkSession, refId: string | undefined, uid: string) => InstanceType<C>,
): TypedStageClass<C, V> {
  const proto = Cls.prototype as Record<string, unknown>;
  for (const name of Object.keys(spec.params)) {
    const cap = name[0].toUpperCase() + name.slice(1);
    if (!(`set${cap}` in proto)) {
      proto[`set${cap}`] = function (this: WritableStage, value: unknown) {
        return this.set(name as never, value as never);
      };
    }
    if (!(`get${cap}` in proto)) {
      proto[`get${cap}`] = function (this: WritableStage) {
        return this.getOrDefault(name as never);
      };
    }
  }
  proto.save = function (this: WritableStage, path: string, opts?: MlSaveOptions) {
    return saveStage(this, path, opts);
  };
  const loader: Loadable<InstanceType<C>> = { className: spec.className, kind, create };
  Object.defineProperty(Cls, 'name', { value: spec.name });
  Object.defineProperty(Cls, 'className', { value: spec.className, enumerable: true });
  Object.defineProperty(Cls, 'load', {
    value: (session: SparkSession, path: string, opts?: CallOptions) =>
      loadStage(session, path, loader, opts),
  });
  return Cls as unknown as TypedStageClass<C, V>;
}

function withUid<T extends { uid: string }>(t: T, uid: string): T {
  if (uid) t.uid = uid;
  return t;
}

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
  };
  return typedStage<typeof Cls, ParamValuesOf<M['params']>>(
    Cls,
    spec,
    'model',
    (s, refId, uid) => new Cls(s, refId as string, uid),
  );
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
  };
  return typedStage<typeof Cls, ParamValuesOf<S['params']>>(Cls, spec, 'estimator', (_s, _r, uid) =>
    withUid(new Cls(), uid),
  );
}

/** A typed transformer class of a spec (a stateless server transformer). */
export function transformerClass<S extends MlClassSpec>(spec: S) {
  const Cls = class extends JavaTransformer<ParamValuesOf<S['params']>> {
    /** @param params PySpark's param names; only these are sent. */
    constructor(params?: ParamValuesOf<S['params']>) {
      super(spec.className, params, spec.params);
    }
  };
  return typedStage<typeof Cls, ParamValuesOf<S['params']>>(Cls, spec, 'transformer', (_s, _r, uid) =>
    withUid(new Cls(), uid),
  );
}

/** A typed evaluator class of a spec. */
export function evaluatorClass<S extends MlClassSpec>(spec: S) {
  const Cls = class extends JavaEvaluator<ParamValuesOf<S['params']>> {
    /** @param params PySpark's param names; only these are sent. */
    constructor(params?: ParamValuesOf<S['params']>) {
      super(spec.className, params, spec.params, spec.name);
    }
  };
  return typedStage<typeof Cls, ParamValuesOf<S['params']>>(Cls, spec, 'evaluator', (_s, _r, uid) =>
    withUid(new Cls(), uid),
  );
}
