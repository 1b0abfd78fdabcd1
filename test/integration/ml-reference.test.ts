import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataFrame, ml, SparkConnectError, type SparkSession } from '../../src/index.js';
import { atLeast, firstAndNewest, isSail, newSession, serverMatrix } from '../support/matrix.js';
import { expectClose, ML_DATA, ML_DATA_PATH, ML_FIXTURES } from '../support/ml.js';
import { PYSPARK_TIMEOUT_MS, runPySparkJson } from '../support/pyspark.js';

// biome-ignore lint/suspicious/noExplicitAny: the reference is untyped JSON
type Ref = Record<string, Record<string, any>>;

const vec = (v: unknown): number[] => (v as ml.Vector).toArray();
const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

async function colValues(df: DataFrame, c: string, order: string[]): Promise<unknown[]> {
  return (await df.orderBy(...order).collect()).map((r) => r.get(c));
}
async function vecCol(df: DataFrame, c: string, order: string[]): Promise<number[][]> {
  return (await colValues(df, c, order)).map(vec);
}

// On the first and the newest 4.x line of the run (the comparison runs PySpark's own client, about
// 90 s a line; ml-lifecycle covers the API on every line). Not on Sail: it has no Spark ML over
// Connect, so neither client has numbers to compare; ml-lifecycle asserts the error there.
describe.each(firstAndNewest(serverMatrix().filter(([v]) => !isSail(v) && atLeast(v, 4, 0))))(
  'Spark ML equals PySpark on Spark %s',
  (version, url) => {
    let spark: SparkSession;
    let ref: Ref;
    let cls: DataFrame;
    let reg: DataFrame;
    const frame = (name: string) => spark.createDataFrame(ML_DATA[name].rows, ML_DATA[name].schema);
    const assembler = () => new ml.VectorAssembler({ inputCols: ['x1', 'x2'], outputCol: 'features' });

    beforeAll(async () => {
      ref = await runPySparkJson<Ref>(version, join(ML_FIXTURES, 'pyspark_reference.py'), [
        url,
        ML_DATA_PATH,
      ]);
      spark = await newSession(url);
      cls = assembler().transform(await frame('classification'));
      reg = assembler().transform(await frame('regression'));
    }, PYSPARK_TIMEOUT_MS);
    afterAll(async () => {
      await spark?.stop();
    });

    it('LogisticRegression: coefficients, intercept, summary, probabilities and evaluators', async () => {
      await using m = await new ml.LogisticRegression({ maxIter: 10, regParam: 0.01 }).fit(cls);
      const pred = m.transform(cls);
      expectClose(vec(await m.attr('coefficients')), ref.lr.coefficients, 'coefficients');
      expectClose(await m.attr('intercept'), ref.lr.intercept, 'intercept');
      expectClose(await m.summary.attr('accuracy'), ref.lr.accuracy, 'accuracy');
      expectClose(await m.summary.attr('areaUnderROC'), ref.lr.areaUnderROC, 'areaUnderROC');
      expect(await m.summary.frame('roc').count()).toBe(ref.lr.rocPoints);
      expectClose(await vecCol(pred, 'probability', ['x1', 'x2']), ref.lr.probability, 'probability');
      expectClose(await new ml.BinaryClassificationEvaluator().evaluate(pred), ref.lr.auc, 'auc');
      expectClose(
        await new ml.MulticlassClassificationEvaluator({ metricName: 'f1' }).evaluate(pred),
        ref.lr.f1,
        'f1',
      );
    });

    it('LinearRegression: coefficients, summary and RegressionEvaluator', async () => {
      await using m = await new ml.LinearRegression({ labelCol: 'y' }).fit(reg);
      const pred = m.transform(reg);
      expectClose(vec(await m.attr('coefficients')), ref.linreg.coefficients);
      expectClose(await m.attr('intercept'), ref.linreg.intercept);
      expectClose(await m.summary.attr('r2'), ref.linreg.r2);
      expectClose(await m.summary.attr('rootMeanSquaredError'), ref.linreg.rmse);
      expectClose(await new ml.RegressionEvaluator({ labelCol: 'y' }).evaluate(pred), ref.linreg.evalRmse);
      expectClose(
        await new ml.RegressionEvaluator({ labelCol: 'y', metricName: 'r2' }).evaluate(pred),
        ref.linreg.evalR2,
      );
    });

    it('tree ensembles: feature importances and predictions', async () => {
      const cases: [string, ml.Estimator<object, ml.JavaModel<object>>, DataFrame][] = [
        ['dtc', new ml.DecisionTreeClassifier({ maxDepth: 3, seed: 7 }), cls],
        ['rfc', new ml.RandomForestClassifier({ numTrees: 3, maxDepth: 3, seed: 7 }), cls],
        ['gbtc', new ml.GBTClassifier({ maxIter: 3, maxDepth: 2, seed: 7 }), cls],
        ['dtr', new ml.DecisionTreeRegressor({ maxDepth: 3, labelCol: 'y', seed: 7 }), reg],
        ['rfr', new ml.RandomForestRegressor({ numTrees: 3, maxDepth: 3, labelCol: 'y', seed: 7 }), reg],
        ['gbtr', new ml.GBTRegressor({ maxIter: 3, maxDepth: 2, labelCol: 'y', seed: 7 }), reg],
      ];
      for (const [name, est, ds] of cases) {
        await using m = await est.fit(ds);
        expectClose(
          vec(await m.attr('featureImportances')),
          ref[name].featureImportances,
          `${name}.featureImportances`,
        );
        expectClose(
          await colValues(m.transform(ds), 'prediction', ['x1', 'x2']),
          ref[name].prediction,
          `${name}.prediction`,
        );
      }
    });

    it('NaiveBayes and LinearSVC', async () => {
      await using nb = await new ml.NaiveBayes({ smoothing: 1.0 }).fit(cls);
      expectClose(vec(await nb.attr('pi')), ref.nb.pi);
      expectClose(await colValues(nb.transform(cls), 'prediction', ['x1', 'x2']), ref.nb.prediction);
      await using svc = await new ml.LinearSVC({ maxIter: 5, regParam: 0.1 }).fit(cls);
      expectClose(vec(await svc.attr('coefficients')), ref.svc.coefficients);
      expectClose(await svc.attr('intercept'), ref.svc.intercept);
    });

    it('clustering: KMeans, BisectingKMeans, GaussianMixture and ClusteringEvaluator', async () => {
      const sortRows = (rows: number[][]) => [...rows].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      await using km = await new ml.KMeans({ k: 2, seed: 1, maxIter: 5 }).fit(cls);
      // As PySpark: the centers are the rows of the allow-listed clusterCenterMatrix.
      expectClose(
        sortRows(((await km.attr('clusterCenterMatrix')) as ml.Matrix).toArray()),
        ref.kmeans.centers,
      );
      expectClose(await new ml.ClusteringEvaluator().evaluate(km.transform(cls)), ref.kmeans.silhouette);
      expectClose(await km.summary.attr('trainingCost'), ref.kmeans.trainingCost);
      await using bkm = await new ml.BisectingKMeans({ k: 2, seed: 1, maxIter: 5 }).fit(cls);
      expectClose(
        sortRows(((await bkm.attr('clusterCenterMatrix')) as ml.Matrix).toArray()),
        ref.bkm.centers,
      );
      await using gm = await new ml.GaussianMixture({ k: 2, seed: 1, maxIter: 5 }).fit(cls);
      expectClose(
        [...((await gm.attr('weights')) as number[])].sort((a, b) => a - b),
        ref.gmm.weights,
      );
      expectClose(await gm.summary.attr('logLikelihood'), ref.gmm.logLikelihood);
    });

    it('feature transformers and their models', async () => {
      const order = ['x1', 'x2'];
      const f = ref.features;
      await using si = await new ml.StringIndexer({ inputCol: 'cat', outputCol: 'catIdx' }).fit(cls);
      expect(await si.attr('labels')).toEqual(f.labels);
      const indexed = si.transform(cls);
      expectClose(await colValues(indexed, 'catIdx', order), f.catIdx);
      await using ohe = await new ml.OneHotEncoder({ inputCols: ['catIdx'], outputCols: ['catVec'] }).fit(
        indexed,
      );
      expectClose(await vecCol(ohe.transform(indexed), 'catVec', order), f.catVec);
      await using sc = await new ml.StandardScaler({
        inputCol: 'features',
        outputCol: 'scaled',
        withMean: true,
      }).fit(cls);
      expectClose(vec(await sc.attr('mean')), f.scaledMean);
      expectClose(vec(await sc.attr('std')), f.scaledStd);
      expectClose(await vecCol(sc.transform(cls), 'scaled', order), f.scaled);
      await using mm = await new ml.MinMaxScaler({ inputCol: 'features', outputCol: 'mm' }).fit(cls);
      expectClose(await vecCol(mm.transform(cls), 'mm', order), f.mm);
      const buck = new ml.Bucketizer({
        splits: [Number.NEGATIVE_INFINITY, 1, 3, Number.POSITIVE_INFINITY],
        inputCol: 'x1',
        outputCol: 'b',
      });
      expectClose(await colValues(buck.transform(cls), 'b', order), f.bucket);
      const missing = await frame('missing');
      await using imp = await new ml.Imputer({ inputCols: ['a', 'b'], outputCols: ['a2', 'b2'] }).fit(
        missing,
      );
      const imputed = (await imp.transform(missing).orderBy('a2', 'b2').collect()).map((r) => [
        r.get('a2'),
        r.get('b2'),
      ]);
      expectClose(imputed, f.imputed);
      const words = new ml.Tokenizer({ inputCol: 'text', outputCol: 'words' }).transform(await frame('text'));
      expect(await colValues(words, 'words', ['id'])).toEqual(f.words);
      const tf = new ml.HashingTF({ inputCol: 'words', outputCol: 'tf', numFeatures: 16 }).transform(words);
      await using idf = await new ml.IDF({ inputCol: 'tf', outputCol: 'tfidf' }).fit(tf);
      expectClose(await vecCol(idf.transform(tf), 'tfidf', ['id']), f.tfidf);
      expectClose(vec(await idf.attr('idf')), f.idf);
      await using pca = await new ml.PCA({ k: 1, inputCol: 'features', outputCol: 'pc' }).fit(cls);
      expectClose(vec(await pca.attr('explainedVariance')), f.pcaVariance);
    });

    it('ALS and FPGrowth (DataFrame attributes)', async () => {
      const ratings = await frame('ratings');
      await using als = await new ml.ALS({
        rank: 2,
        maxIter: 3,
        regParam: 0.1,
        seed: 42,
        userCol: 'user',
        itemCol: 'item',
        ratingCol: 'rating',
      }).fit(ratings);
      expectClose(
        await colValues(als.transform(ratings), 'prediction', ['user', 'item']),
        ref.als.prediction,
      );
      expect(num(await als.attr('rank'))).toBe(ref.als.rank);
      const fpg = new ml.FPGrowth({ itemsCol: 'items', minSupport: 0.4, minConfidence: 0.6 });
      if (ref.fpgrowth.errorClass !== undefined) {
        // The server refuses FPGrowth for PySpark too (4.1: model cache offloading): the same error here.
        const err = await fpg.fit(await frame('baskets')).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(SparkConnectError);
        expect((err as SparkConnectError).errorClass).toBe(ref.fpgrowth.errorClass);
        expect((err as SparkConnectError).message).toContain('FPGrowth');
        return;
      }
      await using fp = await fpg.fit(await frame('baskets'));
      const sets = (await fp.frame('freqItemsets').collect())
        .map((r) => [[...(r.get('items') as string[])].sort(), num(r.get('freq'))])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      const expected = [...ref.fpgrowth.freqItemsets].sort((a, b) =>
        JSON.stringify(a).localeCompare(JSON.stringify(b)),
      );
      expect(sets).toEqual(expected);
      expect(await fp.frame('associationRules').count()).toBe(ref.fpgrowth.rules);
    });

    it('ranking and multilabel evaluators', async () => {
      const rk = await spark.createDataFrame(
        [
          [[1, 2, 3].map(Number), [1, 3]],
          [
            [4, 5],
            [5, 6],
          ],
          [[7], [7, 8]],
        ].map(([p, l]) => [p.map((x) => x + 0.0), l]),
        'prediction ARRAY<DOUBLE>, label ARRAY<DOUBLE>',
      );
      expectClose(await new ml.RankingEvaluator().evaluate(rk), ref.ranking.map);
      expectClose(
        await new ml.RankingEvaluator({ metricName: 'ndcgAtK', k: 2 }).evaluate(rk),
        ref.ranking.ndcgAt2,
      );
      expectClose(await new ml.MultilabelClassificationEvaluator().evaluate(rk), ref.ranking.multilabelF1);
      const hamming = new ml.MultilabelClassificationEvaluator({ metricName: 'hammingLoss' });
      expect(hamming.isLargerBetter()).toBe(false);
      expectClose(await hamming.evaluate(rk), ref.ranking.hamming);
    });

    it('Pipeline, CrossValidator and TrainValidationSplit (client-side, stage by stage)', async () => {
      const data = await frame('classification');
      const lr = new ml.LogisticRegression({ maxIter: 10 });
      const pipe = new ml.Pipeline({
        stages: [
          new ml.StringIndexer({ inputCol: 'cat', outputCol: 'catIdx' }),
          new ml.VectorAssembler({ inputCols: ['x1', 'x2', 'catIdx'], outputCol: 'features' }),
          lr,
        ],
      });
      await using pm = await pipe.fit(data);
      expect(pm.stages.map((s) => s.constructor.name)).toEqual([
        'StringIndexerModel',
        'VectorAssembler',
        'LogisticRegressionModel',
      ]);
      expectClose(await vecCol(pm.transform(data), 'probability', ['x1', 'x2']), ref.pipeline.probability);
      const grid = new ml.ParamGridBuilder().addGrid(lr, 'regParam', [0.01, 1.0]).build();
      const cv = new ml.CrossValidator({
        estimator: pipe,
        estimatorParamMaps: grid,
        // logLoss depends on every probability of every fold (and is minimised: argmin).
        evaluator: new ml.MulticlassClassificationEvaluator({ metricName: 'logLoss' }),
        numFolds: 2,
        seed: 11,
      });
      await using cvm = await cv.fit(data);
      expect(new Set(cvm.avgMetrics).size).toBe(2);
      expectClose(cvm.avgMetrics, ref.tuning.cvAvgMetrics);
      expectClose(cvm.extra.stdMetrics, ref.tuning.cvStdMetrics);
      const tvsLr = new ml.LinearRegression({ labelCol: 'y' });
      const tvs = new ml.TrainValidationSplit({
        estimator: tvsLr,
        estimatorParamMaps: new ml.ParamGridBuilder().addGrid(tvsLr, 'regParam', [0.0, 5.0]).build(),
        evaluator: new ml.RegressionEvaluator({ labelCol: 'y' }),
        trainRatio: 0.7,
        seed: 5,
      });
      await using tvsm = await tvs.fit(reg);
      expectClose(tvsm.extra.validationMetrics, ref.tuning.tvsMetrics);
      expectClose(
        vec(await (tvsm.bestModel as ml.LinearRegressionModel).attr('coefficients')),
        ref.tuning.tvsBestCoefficients,
      );
    });
  },
);
