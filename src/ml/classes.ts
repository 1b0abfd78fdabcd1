/**
 * The typed ML classes under PySpark's names, built from the generated specs (see wrappers.ts).
 */

import {
  DecisionTreeClassifierSpec,
  GBTClassifierSpec,
  LinearSVCSpec,
  LogisticRegressionSpec,
  NaiveBayesSpec,
  RandomForestClassifierSpec,
} from './specs/classification.js';
import { BisectingKMeansSpec, GaussianMixtureSpec, KMeansSpec } from './specs/clustering.js';
import {
  BinaryClassificationEvaluatorSpec,
  ClusteringEvaluatorSpec,
  MulticlassClassificationEvaluatorSpec,
  MultilabelClassificationEvaluatorSpec,
  RankingEvaluatorSpec,
  RegressionEvaluatorSpec,
} from './specs/evaluation.js';
import {
  BucketizerSpec,
  HashingTFSpec,
  IDFSpec,
  ImputerSpec,
  MinMaxScalerSpec,
  OneHotEncoderSpec,
  PCASpec,
  StandardScalerSpec,
  StringIndexerSpec,
  TokenizerSpec,
  VectorAssemblerSpec,
} from './specs/feature.js';
import { ALSSpec, FPGrowthSpec } from './specs/recommendation-fpm.js';
import {
  DecisionTreeRegressorSpec,
  GBTRegressorSpec,
  LinearRegressionSpec,
  RandomForestRegressorSpec,
} from './specs/regression.js';
import { estimatorClass, evaluatorClass, modelClass, transformerClass } from './wrappers.js';

export const VectorAssembler = transformerClass(VectorAssemblerSpec);
export type VectorAssembler = InstanceType<typeof VectorAssembler>;
export const StringIndexerModel = modelClass(StringIndexerSpec.model);
export type StringIndexerModel = InstanceType<typeof StringIndexerModel>;
export const StringIndexer = estimatorClass(StringIndexerSpec, StringIndexerModel);
export type StringIndexer = InstanceType<typeof StringIndexer>;
export const OneHotEncoderModel = modelClass(OneHotEncoderSpec.model);
export type OneHotEncoderModel = InstanceType<typeof OneHotEncoderModel>;
export const OneHotEncoder = estimatorClass(OneHotEncoderSpec, OneHotEncoderModel);
export type OneHotEncoder = InstanceType<typeof OneHotEncoder>;
export const StandardScalerModel = modelClass(StandardScalerSpec.model);
export type StandardScalerModel = InstanceType<typeof StandardScalerModel>;
export const StandardScaler = estimatorClass(StandardScalerSpec, StandardScalerModel);
export type StandardScaler = InstanceType<typeof StandardScaler>;
export const MinMaxScalerModel = modelClass(MinMaxScalerSpec.model);
export type MinMaxScalerModel = InstanceType<typeof MinMaxScalerModel>;
export const MinMaxScaler = estimatorClass(MinMaxScalerSpec, MinMaxScalerModel);
export type MinMaxScaler = InstanceType<typeof MinMaxScaler>;
export const Bucketizer = transformerClass(BucketizerSpec);
export type Bucketizer = InstanceType<typeof Bucketizer>;
export const ImputerModel = modelClass(ImputerSpec.model);
export type ImputerModel = InstanceType<typeof ImputerModel>;
export const Imputer = estimatorClass(ImputerSpec, ImputerModel);
export type Imputer = InstanceType<typeof Imputer>;
export const Tokenizer = transformerClass(TokenizerSpec);
export type Tokenizer = InstanceType<typeof Tokenizer>;
export const HashingTF = transformerClass(HashingTFSpec);
export type HashingTF = InstanceType<typeof HashingTF>;
export const IDFModel = modelClass(IDFSpec.model);
export type IDFModel = InstanceType<typeof IDFModel>;
export const IDF = estimatorClass(IDFSpec, IDFModel);
export type IDF = InstanceType<typeof IDF>;
export const PCAModel = modelClass(PCASpec.model);
export type PCAModel = InstanceType<typeof PCAModel>;
export const PCA = estimatorClass(PCASpec, PCAModel);
export type PCA = InstanceType<typeof PCA>;
export const LogisticRegressionModel = modelClass(LogisticRegressionSpec.model);
export type LogisticRegressionModel = InstanceType<typeof LogisticRegressionModel>;
export const LogisticRegression = estimatorClass(LogisticRegressionSpec, LogisticRegressionModel);
export type LogisticRegression = InstanceType<typeof LogisticRegression>;
export const DecisionTreeClassificationModel = modelClass(DecisionTreeClassifierSpec.model);
export type DecisionTreeClassificationModel = InstanceType<typeof DecisionTreeClassificationModel>;
export const DecisionTreeClassifier = estimatorClass(
  DecisionTreeClassifierSpec,
  DecisionTreeClassificationModel,
);
export type DecisionTreeClassifier = InstanceType<typeof DecisionTreeClassifier>;
export const RandomForestClassificationModel = modelClass(RandomForestClassifierSpec.model);
export type RandomForestClassificationModel = InstanceType<typeof RandomForestClassificationModel>;
export const RandomForestClassifier = estimatorClass(
  RandomForestClassifierSpec,
  RandomForestClassificationModel,
);
export type RandomForestClassifier = InstanceType<typeof RandomForestClassifier>;
export const GBTClassificationModel = modelClass(GBTClassifierSpec.model);
export type GBTClassificationModel = InstanceType<typeof GBTClassificationModel>;
export const GBTClassifier = estimatorClass(GBTClassifierSpec, GBTClassificationModel);
export type GBTClassifier = InstanceType<typeof GBTClassifier>;
export const NaiveBayesModel = modelClass(NaiveBayesSpec.model);
export type NaiveBayesModel = InstanceType<typeof NaiveBayesModel>;
export const NaiveBayes = estimatorClass(NaiveBayesSpec, NaiveBayesModel);
export type NaiveBayes = InstanceType<typeof NaiveBayes>;
export const LinearSVCModel = modelClass(LinearSVCSpec.model);
export type LinearSVCModel = InstanceType<typeof LinearSVCModel>;
export const LinearSVC = estimatorClass(LinearSVCSpec, LinearSVCModel);
export type LinearSVC = InstanceType<typeof LinearSVC>;
export const LinearRegressionModel = modelClass(LinearRegressionSpec.model);
export type LinearRegressionModel = InstanceType<typeof LinearRegressionModel>;
export const LinearRegression = estimatorClass(LinearRegressionSpec, LinearRegressionModel);
export type LinearRegression = InstanceType<typeof LinearRegression>;
export const DecisionTreeRegressionModel = modelClass(DecisionTreeRegressorSpec.model);
export type DecisionTreeRegressionModel = InstanceType<typeof DecisionTreeRegressionModel>;
export const DecisionTreeRegressor = estimatorClass(DecisionTreeRegressorSpec, DecisionTreeRegressionModel);
export type DecisionTreeRegressor = InstanceType<typeof DecisionTreeRegressor>;
export const RandomForestRegressionModel = modelClass(RandomForestRegressorSpec.model);
export type RandomForestRegressionModel = InstanceType<typeof RandomForestRegressionModel>;
export const RandomForestRegressor = estimatorClass(RandomForestRegressorSpec, RandomForestRegressionModel);
export type RandomForestRegressor = InstanceType<typeof RandomForestRegressor>;
export const GBTRegressionModel = modelClass(GBTRegressorSpec.model);
export type GBTRegressionModel = InstanceType<typeof GBTRegressionModel>;
export const GBTRegressor = estimatorClass(GBTRegressorSpec, GBTRegressionModel);
export type GBTRegressor = InstanceType<typeof GBTRegressor>;
export const KMeansModel = modelClass(KMeansSpec.model);
export type KMeansModel = InstanceType<typeof KMeansModel>;
export const KMeans = estimatorClass(KMeansSpec, KMeansModel);
export type KMeans = InstanceType<typeof KMeans>;
export const BisectingKMeansModel = modelClass(BisectingKMeansSpec.model);
export type BisectingKMeansModel = InstanceType<typeof BisectingKMeansModel>;
export const BisectingKMeans = estimatorClass(BisectingKMeansSpec, BisectingKMeansModel);
export type BisectingKMeans = InstanceType<typeof BisectingKMeans>;
export const GaussianMixtureModel = modelClass(GaussianMixtureSpec.model);
export type GaussianMixtureModel = InstanceType<typeof GaussianMixtureModel>;
export const GaussianMixture = estimatorClass(GaussianMixtureSpec, GaussianMixtureModel);
export type GaussianMixture = InstanceType<typeof GaussianMixture>;
export const ALSModel = modelClass(ALSSpec.model);
export type ALSModel = InstanceType<typeof ALSModel>;
export const ALS = estimatorClass(ALSSpec, ALSModel);
export type ALS = InstanceType<typeof ALS>;
export const FPGrowthModel = modelClass(FPGrowthSpec.model);
export type FPGrowthModel = InstanceType<typeof FPGrowthModel>;
export const FPGrowth = estimatorClass(FPGrowthSpec, FPGrowthModel);
export type FPGrowth = InstanceType<typeof FPGrowth>;
export const BinaryClassificationEvaluator = evaluatorClass(BinaryClassificationEvaluatorSpec);
export type BinaryClassificationEvaluator = InstanceType<typeof BinaryClassificationEvaluator>;
export const MulticlassClassificationEvaluator = evaluatorClass(MulticlassClassificationEvaluatorSpec);
export type MulticlassClassificationEvaluator = InstanceType<typeof MulticlassClassificationEvaluator>;
export const RegressionEvaluator = evaluatorClass(RegressionEvaluatorSpec);
export type RegressionEvaluator = InstanceType<typeof RegressionEvaluator>;
export const ClusteringEvaluator = evaluatorClass(ClusteringEvaluatorSpec);
export type ClusteringEvaluator = InstanceType<typeof ClusteringEvaluator>;
export const RankingEvaluator = evaluatorClass(RankingEvaluatorSpec);
export type RankingEvaluator = InstanceType<typeof RankingEvaluator>;
export const MultilabelClassificationEvaluator = evaluatorClass(MultilabelClassificationEvaluatorSpec);
export type MultilabelClassificationEvaluator = InstanceType<typeof MultilabelClassificationEvaluator>;
