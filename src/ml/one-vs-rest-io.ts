/**
 * Save and load of OneVsRest and OneVsRestModel in PySpark's layout (its OneVsRestWriter /
 * OneVsRestModelWriter over Connect): `<path>/metadata` (class, uid, every defined param but the
 * classifier, the defaults and, for the model, `numClasses`), the classifier under
 * `<path>/classifier` and sub-model `i` under `<path>/model_<i>`, each saved by the server.
 * PySpark loads what this client saves and the other way round, also as a Pipeline stage;
 * Scala's class names load too.
 */
import type { CallOptions } from '../client/session-rpc.js';
import { SparkSession } from '../session/spark-session.js';
import { JavaModel } from './base.js';
import { checkClassifier, describe, OneVsRest, OneVsRestModel } from './one-vs-rest.js';
import type { Params } from './params.js';
import {
  handleOverwrite,
  joinPath,
  loadAny,
  readMetadataOf,
  type StageMetadata,
  writeMetadata,
} from './pipeline-io.js';
import { type MlSaveOptions, saveStage } from './readwrite.js';

/** @internal PySpark's class names in the saved metadata (and Scala's, which load too). */
export const PY_ONE_VS_REST = 'pyspark.ml.classification.OneVsRest';
/** @internal */
export const PY_ONE_VS_REST_MODEL = 'pyspark.ml.classification.OneVsRestModel';
/** @internal */
export const SCALA_ONE_VS_REST = 'org.apache.spark.ml.classification.OneVsRest';
/** @internal */
export const SCALA_ONE_VS_REST_MODEL = 'org.apache.spark.ml.classification.OneVsRestModel';

/** The params PySpark's DefaultParamsWriter saves: every defined param but the classifier, and the defaults. */
function savedParams(stage: Params<object>): { paramMap: object; defaultParamMap: object } {
  const { classifier: _, ...paramMap } = stage.extractParamMap() as Record<string, unknown>;
  const defaultParamMap: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(stage.paramSpecs ?? {})) if (s.length === 2) defaultParamMap[k] = s[1];
  return { paramMap, defaultParamMap };
}

/** Sets the params of saved metadata on a loaded stage (an unknown name is a TypeError). */
function setSavedParams(stage: Params<object>, meta: StageMetadata): void {
  for (const [k, v] of Object.entries(meta.paramMap)) {
    if (k !== 'classifier' && v !== null && v !== undefined) (stage as Params).set(k, v);
  }
}

/** Saves a OneVsRest or OneVsRestModel at `path` (see the module doc). @internal */
export async function saveOneVsRest(
  stage: OneVsRest | OneVsRestModel,
  path: string,
  opts: MlSaveOptions = {},
): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('save() takes a path');
  const { overwrite = false, session: given, ...call } = opts;
  const isModel = stage instanceof OneVsRestModel;
  const session = given ?? (isModel ? stage.models[0].sparkSession : SparkSession.active());
  session.requireFeature('ml');
  if (!stage.isSet('classifier'))
    throw new TypeError(`${stage.ownerName} cannot be saved without a classifier`);
  if (isModel) for (const m of stage.models) m.ensureLive();
  if (overwrite) await handleOverwrite(session, path, call);
  await writeMetadata(
    session,
    path,
    {
      class: isModel ? PY_ONE_VS_REST_MODEL : PY_ONE_VS_REST,
      uid: stage.uid,
      ...savedParams(stage),
      ...(isModel ? { numClasses: stage.numClasses } : {}),
    },
    call,
  );
  await saveStage(stage.getClassifier(), joinPath(path, 'classifier'), { ...call, session });
  if (isModel) {
    for (const [i, m] of stage.models.entries())
      await saveStage(m, joinPath(path, `model_${i}`), { ...call, session });
  }
}

/** Loads a OneVsRest or OneVsRestModel saved by this client, PySpark or Scala. @internal */
export async function loadOneVsRest<T extends OneVsRest | OneVsRestModel>(
  session: SparkSession,
  path: string,
  isModel: boolean,
  opts?: CallOptions,
): Promise<T> {
  const meta = await readMetadataOf(
    session,
    path,
    isModel ? [PY_ONE_VS_REST_MODEL, SCALA_ONE_VS_REST_MODEL] : [PY_ONE_VS_REST, SCALA_ONE_VS_REST],
    isModel ? 'OneVsRestModel' : 'OneVsRest',
    opts,
  );
  return (await loadOneVsRestFrom(session, path, meta, isModel, opts)) as T;
}

/** Loads a OneVsRest(Model) whose metadata was read (also as a Pipeline stage). @internal */
export async function loadOneVsRestFrom(
  session: SparkSession,
  path: string,
  meta: StageMetadata,
  isModel: boolean,
  opts?: CallOptions,
): Promise<OneVsRest | OneVsRestModel> {
  const what = isModel ? 'OneVsRestModel' : 'OneVsRest';
  const classifier = checkClassifier(
    `The ${what} at ${path}`,
    await loadAny(session, joinPath(path, 'classifier'), opts),
  );
  if (!isModel) {
    const ovr = new OneVsRest({ classifier });
    ovr.uid = meta.uid;
    setSavedParams(ovr, meta);
    return ovr;
  }
  const n = meta.numClasses;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new TypeError(`The OneVsRestModel metadata at ${path} has no valid numClasses (${String(n)})`);
  const models: JavaModel<object>[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const m = await loadAny(session, joinPath(path, `model_${i}`), opts);
      if (!(m instanceof JavaModel))
        throw new TypeError(`The OneVsRestModel at ${path} has no model at model_${i}: ${describe(m)}`);
      models.push(m);
    }
    const model = new OneVsRestModel(models, meta.uid);
    model.set('classifier', classifier);
    setSavedParams(model, meta);
    return model;
  } catch (e) {
    for (const m of models) await m.release().catch(() => undefined);
    throw e;
  }
}
