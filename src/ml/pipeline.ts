/**
 * Pipeline and PipelineModel, run client-side stage by stage as PySpark does over Connect: each
 * server-side stage is one fit or one lazy transform.
 */
import type { ExecuteOptions } from '../client/execute.js';
import type { CallOptions } from '../client/session-rpc.js';
import type { DataFrame } from '../dataframe/dataframe.js';
import type { SparkSession } from '../session/spark-session.js';
import { Estimator, JavaModel, Model, type PipelineStage, Transformer } from './base.js';
import { OneVsRest, OneVsRestModel } from './one-vs-rest.js';
import type { Params } from './params.js';
import { loadPipeline, savePipeline } from './pipeline-io.js';
import type { MlSaveOptions } from './readwrite.js';

/** A param map for a fit: `[stage, param name, value]` entries (from ParamGridBuilder). */
export type ParamMap = readonly (readonly [Params<object>, string, unknown])[];

/** The entries of `map` that belong to `stage`, as a values object. */
export function valuesFor(
  stage: Params<object>,
  map: ParamMap | undefined,
): Record<string, unknown> | undefined {
  if (map === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const [s, name, value] of map) if (s.uid === stage.uid) out[name] = value;
  return Object.keys(out).length === 0 ? undefined : out;
}

/** Fits `est` with the entries of `map` for it (and, for a Pipeline, for its stages). */
export function fitWith<M>(
  est: Estimator<object, Transformer<object>>,
  df: DataFrame,
  map: ParamMap | undefined,
  opts?: ExecuteOptions,
): Promise<M> {
  if (est instanceof Pipeline || est instanceof OneVsRest) return est.fit(df, opts, map) as Promise<M>;
  const values = valuesFor(est, map);
  return (values === undefined ? est : est.copy(values)).fit(df, opts) as Promise<M>;
}

/**
 * A sequence of stages. fit() fits the estimators in order, transforming the data for the next
 * stage up to the last estimator, and answers a PipelineModel.
 *
 * @example
 * const pipeline = new Pipeline({ stages: [new Tokenizer({ inputCol: 'text', outputCol: 'words' }), new HashingTF({ inputCol: 'words' }), new LogisticRegression()] });
 * const model = await pipeline.fit(training);
 */
export class Pipeline extends Estimator<{ stages: PipelineStage<object>[] }, PipelineModel> {
  constructor(params?: { stages?: readonly PipelineStage<object>[] }) {
    super('Pipeline', { stages: ['string[]'] }, undefined);
    if (params?.stages !== undefined) this.setStages(params.stages);
  }

  /** @example pipeline.setStages([assembler, lr]) */
  setStages(stages: readonly PipelineStage<object>[]): this {
    if (!Array.isArray(stages)) throw new TypeError('Pipeline stages must be an array');
    for (const [i, s] of stages.entries()) {
      if (!(s instanceof Estimator) && !(s instanceof Transformer))
        throw new TypeError(`Pipeline stage ${i} is neither an Estimator nor a Transformer`);
    }
    this.paramMap.set('stages', [...stages]);
    return this;
  }

  /** @example pipeline.getStages().length */
  getStages(): PipelineStage<object>[] {
    return [...((this.paramMap.get('stages') as PipelineStage<object>[] | undefined) ?? [])];
  }

  /**
   * Fits every estimator stage in order (`paramMap`: per-stage params, e.g. from a grid).
   * @example const model = await pipeline.fit(df);
   */
  async fit(df: DataFrame, opts?: ExecuteOptions, paramMap?: ParamMap): Promise<PipelineModel> {
    const stages = this.getStages();
    let lastEstimator = -1;
    stages.forEach((s, i) => {
      if (s instanceof Estimator) lastEstimator = i;
    });
    const fitted: Transformer<object>[] = [];
    let data = df;
    try {
      for (const [i, stage] of stages.entries()) {
        let t: Transformer<object>;
        if (stage instanceof Estimator && i <= lastEstimator) {
          t = await fitWith<Transformer<object>>(stage, data, paramMap, opts);
        } else {
          const values = valuesFor(stage, paramMap);
          t =
            values === undefined
              ? (stage as Transformer<object>)
              : (stage as Transformer<object>).copy(values);
        }
        fitted.push(t);
        if (i < lastEstimator) data = t.transform(data);
      }
    } catch (e) {
      await new PipelineModel(fitted).release().catch(() => undefined);
      throw e;
    }
    return new PipelineModel(fitted, this.uid);
  }

  /**
   * Saves the pipeline and its stages in PySpark's layout (PySpark loads it); writes with
   * `opts.session` or the active session.
   * @example await pipeline.save('/tmp/pipeline', { overwrite: true })
   */
  save(path: string, opts?: MlSaveOptions): Promise<void> {
    return savePipeline(this, path, opts);
  }

  /**
   * Loads a pipeline saved by this client, PySpark or Scala; its stages by their Scala class.
   * @example const pipeline = await Pipeline.load(spark, '/tmp/pipeline')
   */
  static load(session: SparkSession, path: string, opts?: CallOptions): Promise<Pipeline> {
    return loadPipeline<Pipeline>(session, path, false, opts);
  }
}

/**
 * The fitted pipeline: its transform chains the stages' transforms (lazy).
 * @example const predictions = pipelineModel.transform(test);
 */
export class PipelineModel extends Model<Record<string, never>> {
  /** The fitted stages, in order. */
  readonly stages: readonly Transformer<object>[];
  constructor(stages: readonly Transformer<object>[], uid?: string) {
    super('PipelineModel', {}, undefined, uid);
    this.stages = [...stages];
  }

  /** @example pipelineModel.transform(df) */
  transform(df: DataFrame): DataFrame {
    return this.stages.reduce((d, s) => s.transform(d), df);
  }

  /** Releases every server model of the pipeline. @example await pipelineModel.release() */
  async release(): Promise<void> {
    for (const s of this.stages) {
      if (s instanceof JavaModel || s instanceof PipelineModel || s instanceof OneVsRestModel)
        await s.release();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }

  /**
   * Saves the fitted pipeline and its models in PySpark's layout (PySpark loads it).
   * @example await pipelineModel.save('/tmp/pm', { overwrite: true })
   */
  save(path: string, opts?: MlSaveOptions): Promise<void> {
    return savePipeline(this, path, opts);
  }

  /**
   * Loads a fitted pipeline saved by this client, PySpark or Scala (its models into the server's
   * ML cache: release them as any model).
   * @example const pm = await PipelineModel.load(spark, '/tmp/pm')
   */
  static load(session: SparkSession, path: string, opts?: CallOptions): Promise<PipelineModel> {
    return loadPipeline<PipelineModel>(session, path, true, opts);
  }
}
