/**
 * Save and load of Pipeline and PipelineModel in PySpark's layout, as PySpark does it over
 * Connect: `<path>/metadata` is one JSON text line written through a DataFrame (class, uid,
 * sparkVersion, `paramMap.stageUids`), and each stage is saved by the server under
 * `<path>/stages/<index>_<uid>` (index zero-padded to the digits of the stage count). A pipeline
 * saved here loads in PySpark and the other way round; stages load by their Scala class name,
 * client-side stages (Pipeline, OneVsRest) by PySpark's. The metadata helpers here serve every
 * client-side stage's save and load.
 */
import type { CallOptions } from '../client/session-rpc.js';
import { lowerMlMethod } from '../plan/extra-lower.js';
import { SparkSession } from '../session/spark-session.js';
import { JavaModel, type PipelineStage, type Transformer } from './base.js';
import * as classes from './classes.js';
import { runMlCommand } from './command.js';
import { OneVsRest, OneVsRestModel } from './one-vs-rest.js';
import {
  loadOneVsRestFrom,
  PY_ONE_VS_REST,
  PY_ONE_VS_REST_MODEL,
  SCALA_ONE_VS_REST,
  SCALA_ONE_VS_REST_MODEL,
} from './one-vs-rest-io.js';
import { type Params, untypedParamLiteral } from './params.js';
import { Pipeline, PipelineModel } from './pipeline.js';
import { dumpsPyJson, type PyJsonValue, parsePyJson } from './py-json.js';
import { type MlSaveOptions, saveStage, type WritableStage } from './readwrite.js';

const PY_PIPELINE = 'pyspark.ml.pipeline.Pipeline';
const PY_PIPELINE_MODEL = 'pyspark.ml.pipeline.PipelineModel';
/** The object id of the server's ML helper (PySpark's ML_CONNECT_HELPER_ID). */
const ML_HELPER_ID = '______ML_CONNECT_HELPER______';

/** The Scala class name → the wrapper class that loads it. */
type LoadableClass = {
  className: string;
  load(s: SparkSession, p: string, o?: CallOptions): Promise<unknown>;
};
let byClassName: Map<string, LoadableClass> | undefined;
function wrapperFor(className: string): LoadableClass | undefined {
  byClassName ??= new Map(
    Object.values(classes)
      .filter(
        (c): c is LoadableClass & typeof c => typeof c === 'function' && 'className' in c && 'load' in c,
      )
      .map((c) => [c.className, c]),
  );
  return byClassName.get(className);
}

/** `a/b`. @internal */
export function joinPath(a: string, b: string): string {
  return a.endsWith('/') ? `${a}${b}` : `${a}/${b}`;
}

function stagePath(dir: string, uid: string, index: number, count: number): string {
  return joinPath(joinPath(dir, 'stages'), `${String(index).padStart(String(count).length, '0')}_${uid}`);
}

/** Saves a Pipeline or PipelineModel at `path` (see the module doc). @internal */
export async function savePipeline(
  stage: Pipeline | PipelineModel,
  path: string,
  opts: MlSaveOptions = {},
): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('save() takes a path');
  const isModel = stage instanceof PipelineModel;
  const stages: readonly PipelineStage<object>[] = isModel ? stage.stages : stage.getStages();
  const { overwrite = false, session: given, ...call } = opts;
  const fromModel = stages
    .map((s) => (s instanceof JavaModel ? s : s instanceof OneVsRestModel ? s.models[0] : undefined))
    .find((m) => m !== undefined)?.sparkSession;
  const session = given ?? fromModel ?? SparkSession.active();
  for (const [i, s] of stages.entries()) {
    if (!isWritable(s))
      throw new TypeError(`${stage.ownerName} stage ${i} (${s.ownerName}, ${s.uid}) cannot be saved`);
  }
  if (overwrite) await handleOverwrite(session, path, call);
  await writeMetadata(
    session,
    path,
    {
      class: isModel ? PY_PIPELINE_MODEL : PY_PIPELINE,
      uid: stage.uid,
      paramMap: { stageUids: stages.map((s) => s.uid), language: 'Python' },
      defaultParamMap: {},
    },
    call,
  );
  for (const [i, s] of stages.entries())
    await saveAnyStage(s, stagePath(path, s.uid, i, stages.length), session, call);
}

/**
 * Saves any stage this client can save at `at`: client-side ones (Pipeline, OneVsRest and their
 * models) in PySpark's layout, server-side ones through MlCommand.write. @internal
 */
export async function saveAnyStage(
  s: Params<object>,
  at: string,
  session: SparkSession,
  call: CallOptions,
): Promise<void> {
  if (s instanceof Pipeline || s instanceof PipelineModel) await savePipeline(s, at, { ...call, session });
  else if (s instanceof OneVsRest || s instanceof OneVsRestModel) await s.save(at, { ...call, session });
  else await saveStage(s as WritableStage, at, { ...call, session });
}

/** Can saveAnyStage save `s`? @internal */
export function isWritable(s: Params<object>): boolean {
  return (
    s instanceof Pipeline ||
    s instanceof PipelineModel ||
    s instanceof OneVsRest ||
    s instanceof OneVsRestModel ||
    ('className' in s && typeof (s as { className: unknown }).className === 'string')
  );
}

/**
 * Deletes what is at `path` on the server's file system (PySpark's `write().overwrite()` of a
 * client-side stage, through the server's ML helper object). @internal
 */
export async function handleOverwrite(
  session: SparkSession,
  path: string,
  opts?: CallOptions,
): Promise<void> {
  await runMlCommand(
    session,
    {
      case: 'fetch',
      value: {
        objRef: { id: ML_HELPER_ID },
        methods: [
          lowerMlMethod({
            method: 'handleOverwrite',
            args: [{ literal: untypedParamLiteral(path) }, { literal: untypedParamLiteral(true) }],
          }),
        ],
      },
    },
    [],
    opts,
  );
}

/** The metadata of a stage saved in PySpark's layout (`<path>/metadata`). @internal */
export interface StageMetadata {
  class: string;
  uid: string;
  sparkVersion?: string;
  paramMap: Record<string, unknown> & { stageUids?: string[] };
  defaultParamMap?: Record<string, unknown>;
  /** OneVsRestModel: the number of sub-models. */
  numClasses?: unknown;
}

/**
 * Writes `<path>/metadata` as PySpark's DefaultParamsWriter does: one JSON line (class,
 * timestamp, sparkVersion, uid, paramMap, defaultParamMap, then any extra keys), written as
 * Python's json.dumps writes it. @internal
 */
export async function writeMetadata(
  session: SparkSession,
  path: string,
  meta: { class: string; uid: string; paramMap: object; defaultParamMap: object } & Record<string, unknown>,
  opts?: CallOptions,
): Promise<void> {
  const { class: cls, uid, paramMap, defaultParamMap, ...extra } = meta;
  const json = dumpsPyJson({
    class: cls,
    timestamp: Date.now(),
    sparkVersion: session.version,
    uid,
    paramMap,
    defaultParamMap,
    ...extra,
  } as PyJsonValue);
  await writeMetadataLine(session, path, json, opts);
}

/** Writes the JSON line `json` as `<path>/metadata` (a one-file text dataset). @internal */
export async function writeMetadataLine(
  session: SparkSession,
  path: string,
  json: string,
  opts?: CallOptions,
): Promise<void> {
  const df = await session.createDataFrame([[json]], ['value'], opts);
  await df.coalesce(1).write.text(joinPath(path, 'metadata'), undefined, opts);
}

/**
 * Reads `<path>/metadata` as Python's json.loads does (64-bit seeds stay exact, as bigint; NaN
 * and Infinity parse). @internal
 */
export async function readMetadata(
  session: SparkSession,
  path: string,
  opts?: CallOptions,
): Promise<StageMetadata> {
  const row = await session.read.text(joinPath(path, 'metadata')).head(1, opts);
  const text = row[0]?.get('value');
  if (typeof text !== 'string') throw new TypeError(`No ML metadata at ${path}`);
  let meta: StageMetadata;
  try {
    meta = parsePyJson(text) as StageMetadata;
  } catch (e) {
    throw new TypeError(`The ML metadata at ${path} is not JSON: ${(e as Error).message}`);
  }
  if (meta === null || typeof meta !== 'object' || typeof meta.class !== 'string')
    throw new TypeError(`The ML metadata at ${path} names no class`);
  if (typeof meta.uid !== 'string') throw new TypeError(`The ML metadata at ${path} has no uid`);
  meta.paramMap ??= {};
  if (typeof meta.paramMap !== 'object' || meta.paramMap === null)
    throw new TypeError(`The ML metadata at ${path} has no paramMap object`);
  return meta;
}

/**
 * The start of every typed load(): checks the arguments and the feature, reads the metadata and
 * requires one of `classes` (PySpark's and Scala's names of `what`). @internal
 */
export async function readMetadataOf(
  session: SparkSession,
  path: string,
  classes: readonly string[],
  what: string,
  opts?: CallOptions,
): Promise<StageMetadata> {
  if (!(session instanceof SparkSession)) throw new TypeError('load() takes a SparkSession first');
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('load() takes a path');
  session.requireFeature('ml');
  const meta = await readMetadata(session, path, opts);
  if (!classes.includes(meta.class))
    throw new TypeError(`The ML object at ${path} is a ${meta.class}, not a ${what}`);
  return meta;
}

/**
 * The class of a stage's metadata → its instance, loaded from `path` (PySpark's
 * DefaultParamsReader.loadParamsInstance). @internal
 */
export async function loadAny(session: SparkSession, path: string, opts?: CallOptions): Promise<unknown> {
  const meta = await readMetadata(session, path, opts);
  switch (meta.class) {
    case PY_PIPELINE:
    case 'org.apache.spark.ml.Pipeline':
      return loadPipelineFrom(session, path, meta, false, opts);
    case PY_PIPELINE_MODEL:
    case 'org.apache.spark.ml.PipelineModel':
      return loadPipelineFrom(session, path, meta, true, opts);
    case PY_ONE_VS_REST:
    case SCALA_ONE_VS_REST:
      return loadOneVsRestFrom(session, path, meta, false, opts);
    case PY_ONE_VS_REST_MODEL:
    case SCALA_ONE_VS_REST_MODEL:
      return loadOneVsRestFrom(session, path, meta, true, opts);
  }
  const cls = wrapperFor(meta.class);
  if (cls === undefined) {
    throw new TypeError(
      `The stage at ${path} is a ${meta.class}, which this client has no class for; load it with its own class`,
    );
  }
  return cls.load(session, path, opts);
}

async function loadPipelineFrom(
  session: SparkSession,
  path: string,
  meta: StageMetadata,
  isModel: boolean,
  opts?: CallOptions,
): Promise<Pipeline | PipelineModel> {
  const uids = meta.paramMap.stageUids;
  if (!Array.isArray(uids)) throw new TypeError(`The pipeline metadata at ${path} lists no stages`);
  const stages: PipelineStage<object>[] = [];
  try {
    for (const [i, uid] of uids.entries()) {
      stages.push(
        (await loadAny(session, stagePath(path, uid, i, uids.length), opts)) as PipelineStage<object>,
      );
    }
  } catch (e) {
    const loaded = stages.filter(
      (s) => s instanceof JavaModel || s instanceof PipelineModel || s instanceof OneVsRestModel,
    );
    await new PipelineModel(loaded as Transformer<object>[]).release().catch(() => undefined);
    throw e;
  }
  if (isModel) return new PipelineModel(stages as Transformer<object>[], meta.uid);
  const p = new Pipeline({ stages });
  p.uid = meta.uid;
  return p;
}

/**
 * Loads a Pipeline or PipelineModel saved by this client, PySpark or Scala.
 * @internal
 */
export async function loadPipeline<T extends Pipeline | PipelineModel>(
  session: SparkSession,
  path: string,
  isModel: boolean,
  opts?: CallOptions,
): Promise<T> {
  const meta = await readMetadataOf(
    session,
    path,
    isModel
      ? [PY_PIPELINE_MODEL, 'org.apache.spark.ml.PipelineModel']
      : [PY_PIPELINE, 'org.apache.spark.ml.Pipeline'],
    isModel ? 'PipelineModel' : 'Pipeline',
    opts,
  );
  return (await loadPipelineFrom(session, path, meta, isModel, opts)) as T;
}
