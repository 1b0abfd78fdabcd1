/**
 * Spark ML over Spark Connect (Spark 4.0+), as `pyspark.ml`: typed stages under PySpark's names,
 * the generic server-backed layer (any allow-listed class by its Scala name), pipelines, model
 * selection, vectors and matrices.
 */
export type { MlArg, ModelFactory } from './base.js';
export {
  Estimator,
  Evaluator,
  JavaEstimator,
  JavaEvaluator,
  JavaModel,
  JavaTransformer,
  MlSummary,
  Model,
  PipelineStage,
  Transformer,
} from './base.js';
export { cleanMlCache, mlCacheInfo } from './cache.js';
export * from './classes.js';
export type { Matrix, Vector } from './linalg.js';
export { DenseMatrix, DenseVector, Matrices, SparseMatrix, SparseVector, Vectors } from './linalg.js';
export type { Classifier, OneVsRestModelParams, OneVsRestParams } from './one-vs-rest.js';
export { OneVsRest, OneVsRestModel } from './one-vs-rest.js';
export { Params } from './params.js';
export type { ParamMap } from './pipeline.js';
export { Pipeline, PipelineModel } from './pipeline.js';
export type { MlSaveOptions, WritableStage } from './readwrite.js';
export type {
  AttrKind,
  AttrValueOf,
  JsOf,
  MlClassSpec,
  ModelSpec,
  ParamSpec,
  ParamSpecs,
  ParamType,
  ParamValuesOf,
  SummarySpec,
} from './spec.js';
export type {
  CrossValidatorModelInit,
  CrossValidatorSettings,
  TrainValidationSplitModelInit,
  TrainValidationSplitSettings,
  ValidatorInit,
} from './tuning.js';
export {
  CrossValidator,
  CrossValidatorModel,
  ParamGridBuilder,
  TrainValidationSplit,
  TrainValidationSplitModel,
  ValidatorModel,
} from './tuning.js';
export type { TypedStage, TypedStageClass } from './wrappers.js';
