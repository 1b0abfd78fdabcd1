/**
 * Save and load of CrossValidator, TrainValidationSplit and their models in PySpark's layout, as
 * PySpark does it over Connect (its `_ValidatorSharedReadWrite`):
 *
 * - `<path>/metadata`: one JSON text line written through a DataFrame: class, uid, sparkVersion,
 *   `paramMap` (every param with its default resolved: numFolds / foldCol or trainRatio, seed,
 *   parallelism, collectSubModels, and `estimatorParamMaps`: a list of param maps, each a list of
 *   `{parent: stage uid, name, value: JSON text, isJson: true}`), `defaultParamMap`, and for a
 *   model `avgMetrics` + `stdMetrics` or `validationMetrics` and `persistSubModels`;
 * - `<path>/estimator/` (a stage, or a Pipeline in its own layout) and `<path>/evaluator/`,
 *   saved by the server; a model adds `<path>/bestModel/`;
 * - a param value that is itself a stage is saved at `<path>/epm_<name><n>` (`isJson: false`).
 *
 * Sub-models are neither saved nor loaded (`persistSubModels` is written false). A param map
 * refers to the estimator's stages (nested Pipeline stages included) by uid, so loading resolves
 * each entry to the loaded stage of that uid.
 */
import type { CallOptions } from '../client/session-rpc.js';
import { parseSparkLine } from '../session/features.js';
import { SparkSession } from '../session/spark-session.js';
import { Estimator, Evaluator, JavaModel, Transformer } from './base.js';
import { isLinalgValue } from './linalg.js';
import { OneVsRest, OneVsRestModel } from './one-vs-rest.js';
import { Params } from './params.js';
import { type ParamMap, Pipeline, PipelineModel } from './pipeline.js';
import {
  handleOverwrite,
  isWritable,
  joinPath,
  loadAny,
  readMetadataOf,
  saveAnyStage,
  writeMetadataLine,
} from './pipeline-io.js';
import { dumpsPyJson, PyFloat, type PyJsonValue, parsePyJson } from './py-json.js';
import type { MlSaveOptions } from './readwrite.js';
import {
  CROSS_VALIDATOR_SEED,
  CrossValidator,
  CrossValidatorModel,
  type CrossValidatorSettings,
  TRAIN_VALIDATION_SPLIT_SEED,
  TrainValidationSplit,
  TrainValidationSplitModel,
  type TrainValidationSplitSettings,
} from './tuning.js';

/** The four classes, by PySpark's class name (the last part of `pyspark.ml.tuning.<name>`). */
export interface ValidatorKinds {
  CrossValidator: CrossValidator;
  CrossValidatorModel: CrossValidatorModel;
  TrainValidationSplit: TrainValidationSplit;
  TrainValidationSplitModel: TrainValidationSplitModel;
}
export type ValidatorKind = keyof ValidatorKinds;
type AnyValidator = ValidatorKinds[ValidatorKind];

/** One entry of a saved param map, as PySpark writes it. */
export interface EncodedParam {
  parent: string;
  name: string;
  /**
   * The value as JSON text (`isJson`; PySpark before 4.1 writes the value itself), or the path of
   * the saved stage relative to the validator's.
   */
  value: string | PyJsonValue;
  isJson: boolean;
}

function kindOf(v: AnyValidator): ValidatorKind {
  if (v instanceof CrossValidatorModel) return 'CrossValidatorModel';
  if (v instanceof TrainValidationSplitModel) return 'TrainValidationSplitModel';
  if (v instanceof CrossValidator) return 'CrossValidator';
  if (v instanceof TrainValidationSplit) return 'TrainValidationSplit';
  throw new TypeError('save() takes a CrossValidator, TrainValidationSplit or one of their models');
}

function settingsOf(v: AnyValidator): CrossValidatorSettings | TrainValidationSplitSettings {
  return v instanceof CrossValidator || v instanceof TrainValidationSplit ? v.init : v.settings;
}

/** A stage and its nested stages, depth first (PySpark's getAllNestedStages). */
export function nestedStages(stage: Params<object>): Params<object>[] {
  // As PySpark's MetaAlgorithmReadWrite.getAllNestedStages.
  const subs: readonly Params<object>[] =
    stage instanceof Pipeline
      ? stage.getStages()
      : stage instanceof PipelineModel
        ? stage.stages
        : stage instanceof OneVsRest
          ? [stage.getClassifier()]
          : stage instanceof OneVsRestModel
            ? [stage.getClassifier(), ...stage.models]
            : [];
  return [stage, ...subs.flatMap(nestedStages)];
}

/** uid → stage of an estimator and its nested stages; duplicate uids are a TypeError. */
export function stagesByUid(estimator: Params<object>): Map<string, Params<object>> {
  const all = nestedStages(estimator);
  const map = new Map(all.map((s) => [s.uid, s]));
  if (map.size !== all.length) {
    throw new TypeError(`The estimator has stages with duplicate uids: ${all.map((s) => s.uid).join(', ')}`);
  }
  return map;
}

/** A param value in PySpark's JSON: doubles (by the param's type) keep their `.0`. */
function jsonValue(stage: Params<object>, name: string, value: unknown): PyJsonValue {
  const type = stage.paramSpecs?.[name]?.[0];
  const doubles = (v: unknown, depth: number): PyJsonValue =>
    depth === 0 ? new PyFloat(v as number) : (v as unknown[]).map((x) => doubles(x, depth - 1));
  if (type === 'double') return doubles(value, 0);
  if (type === 'double[]') return doubles(value, 1);
  if (type === 'double[][]') return doubles(value, 2);
  const plain = (v: unknown): boolean =>
    v === null ||
    ['string', 'number', 'boolean', 'bigint'].includes(typeof v) ||
    (Array.isArray(v) && v.every(plain));
  if (isLinalgValue(value) || !plain(value)) {
    throw new TypeError(
      `The param map value of ${stage.uid}.${name} cannot be saved: PySpark keeps JSON values and stages only`,
    );
  }
  return value as PyJsonValue;
}

/**
 * The param maps as PySpark saves them, checked against the estimator (every entry must belong
 * to one of its stages); a stage value is listed with the relative path to save it at.
 * @internal
 */
export function encodeParamMaps(
  estimator: Params<object>,
  maps: readonly ParamMap[],
  rawValues = false,
): { encoded: EncodedParam[][]; stageValues: [string, Params<object>][] } {
  const stages = stagesByUid(estimator);
  const stageValues: [string, Params<object>][] = [];
  const encoded = maps.map((map, i) =>
    map.map(([stage, name, value]): EncodedParam => {
      const owner = stages.get(stage?.uid);
      if (owner === undefined) {
        throw new TypeError(
          `estimatorParamMaps[${i}] sets ${stage?.uid}.${name}, but ${stage?.uid} is not a stage of the estimator (${[...stages.keys()].join(', ')})`,
        );
      }
      if (!owner.hasParam(name))
        throw new TypeError(`estimatorParamMaps[${i}]: ${owner.ownerName} has no param '${name}'`);
      if (value instanceof Params) {
        if (value instanceof Pipeline || !isWritable(value)) {
          throw new TypeError(
            `estimatorParamMaps[${i}] sets ${stage.uid}.${name} to ${value.ownerName}, which cannot be saved in a param map`,
          );
        }
        const rel = `epm_${name}${stageValues.length}`;
        stageValues.push([rel, value]);
        return { parent: owner.uid, name, value: rel, isJson: false };
      }
      const v = jsonValue(owner, name, value);
      return { parent: owner.uid, name, value: rawValues ? v : dumpsPyJson(v), isJson: true };
    }),
  );
  return { encoded, stageValues };
}

function seedJson(seed: number | bigint): bigint {
  if (typeof seed === 'bigint') return seed;
  if (!Number.isSafeInteger(seed))
    throw new TypeError(`The seed must be an integer to be saved, got ${seed}`);
  return BigInt(seed);
}

/**
 * The metadata line of a validator or validator model, exactly as PySpark writes it, and the
 * stage values of its param maps to save beside it.
 * @internal
 */
export function validatorMetadata(
  v: AnyValidator,
  sparkVersion: string,
  timestamp = Date.now(),
): { json: string; stageValues: [string, Params<object>][] } {
  const kind = kindOf(v);
  const s = settingsOf(v);
  const { encoded, stageValues } = encodeParamMaps(
    s.estimator,
    s.estimatorParamMaps,
    writesRawValues(sparkVersion),
  );
  const isModel = kind.endsWith('Model');
  const isCv = 'numFolds' in s;
  const defaults: Record<string, PyJsonValue> = isModel ? {} : { collectSubModels: false, parallelism: 1 };
  const params: Record<string, PyJsonValue> = isModel
    ? {}
    : { collectSubModels: false, parallelism: s.parallelism };
  params.seed = seedJson(s.seed);
  defaults.seed = isCv ? CROSS_VALIDATOR_SEED : TRAIN_VALIDATION_SPLIT_SEED;
  if (isCv) {
    Object.assign(params, { numFolds: s.numFolds, foldCol: s.foldCol });
    Object.assign(defaults, { numFolds: 3, foldCol: '' });
  } else {
    params.trainRatio = new PyFloat(s.trainRatio);
    defaults.trainRatio = new PyFloat(0.75);
  }
  params.estimatorParamMaps = encoded as unknown as PyJsonValue;
  const meta: Record<string, PyJsonValue> = {
    class: `pyspark.ml.tuning.${kind}`,
    timestamp,
    sparkVersion,
    uid: v.uid,
    paramMap: params,
    defaultParamMap: defaults,
  };
  const floats = (xs: readonly number[]) => xs.map((x) => new PyFloat(x));
  if (v instanceof CrossValidatorModel) {
    meta.avgMetrics = floats(v.avgMetrics);
    meta.persistSubModels = false;
    if (v.stdMetrics.length > 0) meta.stdMetrics = floats(v.stdMetrics);
  } else if (v instanceof TrainValidationSplitModel) {
    meta.validationMetrics = floats(v.validationMetrics);
    meta.persistSubModels = false;
  }
  return { json: dumpsPyJson(meta, true), stageValues };
}

/** Saves a validator or validator model at `path` (see the module doc). @internal */
export async function saveValidator(v: AnyValidator, path: string, opts: MlSaveOptions = {}): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('save() takes a path');
  const { overwrite = false, session: given, ...call } = opts;
  const s = settingsOf(v);
  const bestModel =
    v instanceof CrossValidatorModel || v instanceof TrainValidationSplitModel ? v.bestModel : undefined;
  const toCheck: [string, Params<object>][] = [
    ['evaluator', s.evaluator],
    ...nestedStages(s.estimator).map((x): [string, Params<object>] => ['estimator stage', x]),
    ...(bestModel === undefined
      ? []
      : nestedStages(bestModel).map((x): [string, Params<object>] => ['bestModel stage', x])),
  ];
  for (const [what, x] of toCheck) {
    if (!isWritable(x))
      throw new TypeError(`${v.ownerName}: the ${what} ${x.ownerName} (${x.uid}) cannot be saved`);
  }
  const fromModel =
    bestModel === undefined
      ? undefined
      : nestedStages(bestModel).find((x): x is JavaModel<object> => x instanceof JavaModel)?.sparkSession;
  const session = given ?? fromModel ?? SparkSession.active();
  session.requireFeature('ml');
  const { json, stageValues } = validatorMetadata(v, session.version);
  if (overwrite) await handleOverwrite(session, path, call);
  // The server-side writes first: a server without Spark ML refuses before any file is written.
  await saveAnyStage(s.evaluator, joinPath(path, 'evaluator'), session, call);
  await saveAnyStage(s.estimator, joinPath(path, 'estimator'), session, call);
  for (const [rel, stage] of stageValues) await saveAnyStage(stage, joinPath(path, rel), session, call);
  if (bestModel !== undefined) await saveAnyStage(bestModel, joinPath(path, 'bestModel'), session, call);
  await writeMetadataLine(session, path, json, call);
}

/**
 * PySpark before 4.1 writes (and reads) a param map's JSON value as the value itself
 * (`"value": 0.01`), 4.1+ as JSON text (`"value": "0.01"`): the form follows the Spark version
 * of the writer (the server's, when this client writes).
 * @internal
 */
export function writesRawValues(sparkVersion: unknown): boolean {
  const line = typeof sparkVersion === 'string' ? parseSparkLine(sparkVersion) : undefined;
  return line !== undefined && (line[0] < 4 || (line[0] === 4 && line[1] < 1));
}

/**
 * Saved param maps → param maps over the loaded stages. A Python writer keeps `isJson` and a
 * stage's relative path as JSON values, the Scala writer as JSON text; `loadAt` loads a stage
 * value from its relative path.
 * @internal
 */
export async function decodeParamMaps(
  saved: unknown,
  stages: ReadonlyMap<string, Params<object>>,
  pythonWriter: boolean,
  loadAt: (relativePath: string) => Promise<unknown>,
  rawValues = false,
): Promise<ParamMap[]> {
  if (!Array.isArray(saved)) throw new TypeError('The metadata has no estimatorParamMaps list');
  const out: ParamMap[] = [];
  for (const [i, map] of saved.entries()) {
    if (!Array.isArray(map)) throw new TypeError(`estimatorParamMaps[${i}] is not a list`);
    const entries: (readonly [Params<object>, string, unknown])[] = [];
    for (const p of map as Record<string, unknown>[]) {
      const { parent, name } = typeof p === 'object' && p !== null ? p : {};
      if (typeof parent !== 'string' || typeof name !== 'string')
        throw new TypeError(`estimatorParamMaps[${i}] has an entry without parent and name`);
      const stage = stages.get(parent);
      if (stage === undefined) {
        throw new TypeError(
          `estimatorParamMaps[${i}] refers to ${parent}.${name}, but no loaded stage has uid ${parent} (${[...stages.keys()].join(', ')})`,
        );
      }
      if (!stage.hasParam(name))
        throw new TypeError(`estimatorParamMaps[${i}]: ${stage.ownerName} has no param '${name}'`);
      const field = (key: string): unknown =>
        pythonWriter || typeof p[key] !== 'string' ? p[key] : parsePyJson(p[key] as string);
      const isJson = !('isJson' in p) || field('isJson') === true;
      if (isJson) {
        if (!rawValues && typeof p.value !== 'string')
          throw new TypeError(`estimatorParamMaps[${i}]: ${parent}.${name} has no JSON value`);
        if (p.value === undefined)
          throw new TypeError(`estimatorParamMaps[${i}]: ${parent}.${name} has no value`);
        const value = rawValues ? p.value : parsePyJson(p.value as string);
        const checked = stage.copy().set(name as never, value as never);
        entries.push([stage, name, checked.paramMap.get(name)]);
      } else {
        const rel = field('value');
        if (typeof rel !== 'string')
          throw new TypeError(`estimatorParamMaps[${i}]: ${parent}.${name} has no path`);
        entries.push([stage, name, await loadAt(rel)]);
      }
    }
    out.push(entries);
  }
  return out;
}

interface SavedMetadata {
  class: string;
  uid: string;
  paramMap: Record<string, unknown>;
  defaultParamMap?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A saved param, else its saved default, else ours; checked with `ok`. */
function param<T>(meta: SavedMetadata, name: string, fallback: T, ok: (v: unknown) => boolean): T {
  const v = meta.paramMap[name] ?? meta.defaultParamMap?.[name] ?? fallback;
  if (!ok(v)) throw new TypeError(`The ML metadata has an invalid ${name}: ${String(v)}`);
  return v as T;
}

function metrics(meta: SavedMetadata, key: string, required: boolean): number[] {
  const v = meta[key];
  if (v === undefined && !required) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number'))
    throw new TypeError(`The ML metadata has no valid ${key} (a list of numbers)`);
  return v as number[];
}

async function loadTyped<T>(
  session: SparkSession,
  path: string,
  what: string,
  cls: abstract new (...args: never[]) => T,
  opts?: CallOptions,
): Promise<T> {
  const x = await loadAny(session, path, opts);
  if (!(x instanceof cls)) throw new TypeError(`The ${what} at ${path} is not a ${cls.name}`);
  return x;
}

/**
 * Loads a validator or validator model saved by this client, PySpark or Scala.
 * @internal
 */
export async function loadValidator<K extends ValidatorKind>(
  session: SparkSession,
  path: string,
  kind: K,
  opts?: CallOptions,
): Promise<ValidatorKinds[K]> {
  const meta = (await readMetadataOf(
    session,
    path,
    [`pyspark.ml.tuning.${kind}`, `org.apache.spark.ml.tuning.${kind}`],
    kind,
    opts,
  )) as SavedMetadata;
  const evaluator = await loadTyped(session, joinPath(path, 'evaluator'), 'evaluator', Evaluator, opts);
  const estimator = await loadTyped(session, joinPath(path, 'estimator'), 'estimator', Estimator, opts);
  const stages = stagesByUid(estimator);
  stages.set(evaluator.uid, evaluator);
  const loaded: unknown[] = [];
  try {
    return await build(session, path, kind, meta, estimator, evaluator, stages, loaded, opts);
  } catch (e) {
    for (const x of loaded) await releaseLoaded(x);
    throw e;
  }
}

async function releaseLoaded(x: unknown): Promise<void> {
  if (x instanceof JavaModel || x instanceof PipelineModel) await x.release().catch(() => undefined);
}

/** The rest of loadValidator: param maps, settings, the best model; `loaded` collects models. */
async function build<K extends ValidatorKind>(
  session: SparkSession,
  path: string,
  kind: K,
  meta: SavedMetadata,
  estimator: Estimator<object, Transformer<object>>,
  evaluator: Evaluator<object>,
  stages: ReadonlyMap<string, Params<object>>,
  loaded: unknown[],
  opts?: CallOptions,
): Promise<ValidatorKinds[K]> {
  const estimatorParamMaps = await decodeParamMaps(
    meta.paramMap.estimatorParamMaps,
    stages,
    meta.class.startsWith('pyspark.ml.'),
    async (rel) => {
      const x = await loadAny(session, joinPath(path, rel), opts);
      loaded.push(x);
      return x;
    },
    meta.class.startsWith('pyspark.ml.') && writesRawValues(meta.sparkVersion),
  );
  const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
  const isSeed = (v: unknown) => isInt(v) || typeof v === 'bigint';
  const common = {
    estimator,
    evaluator,
    estimatorParamMaps,
    parallelism: param(meta, 'parallelism', 1, isInt),
  };
  const isCv = kind.startsWith('CrossValidator');
  const settings: CrossValidatorSettings | TrainValidationSplitSettings = isCv
    ? {
        ...common,
        numFolds: param(meta, 'numFolds', 3, isInt),
        foldCol: param(meta, 'foldCol', '', (v) => typeof v === 'string'),
        seed: param<number | bigint>(meta, 'seed', CROSS_VALIDATOR_SEED, isSeed),
      }
    : {
        ...common,
        trainRatio: param(meta, 'trainRatio', 0.75, (v) => typeof v === 'number'),
        seed: param<number | bigint>(meta, 'seed', TRAIN_VALIDATION_SPLIT_SEED, isSeed),
      };
  if (!kind.endsWith('Model')) {
    const v = isCv
      ? new CrossValidator(settings as CrossValidatorSettings)
      : new TrainValidationSplit(settings as TrainValidationSplitSettings);
    v.uid = meta.uid;
    return v as ValidatorKinds[K];
  }
  const avg = metrics(meta, isCv ? 'avgMetrics' : 'validationMetrics', true);
  const std = isCv ? metrics(meta, 'stdMetrics', false) : [];
  if (avg.length !== estimatorParamMaps.length || (std.length > 0 && std.length !== avg.length))
    throw new TypeError(
      `The ML metadata at ${path} has ${avg.length} metrics for ${estimatorParamMaps.length} param maps`,
    );
  const bestModel = await loadTyped(session, joinPath(path, 'bestModel'), 'bestModel', Transformer, opts);
  loaded.push(bestModel);
  const uid = meta.uid;
  return (
    isCv
      ? new CrossValidatorModel({
          bestModel,
          avgMetrics: avg,
          stdMetrics: std,
          settings: settings as CrossValidatorSettings,
          uid,
        })
      : new TrainValidationSplitModel({
          bestModel,
          validationMetrics: avg,
          settings: settings as TrainValidationSplitSettings,
          uid,
        })
  ) as ValidatorKinds[K];
}
