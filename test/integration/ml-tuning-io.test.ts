/**
 * Save and load of CrossValidator, TrainValidationSplit and their models in PySpark's layout,
 * both ways with PySpark's own ML client on the same server: metrics, param maps (resolved to
 * the right stages by uid) and the best model's predictions. Without Spark ML (Spark 3.5, Sail)
 * the clear error naming it.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DataFrame,
  ml,
  SparkConnectError,
  type SparkSession,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { FEATURES } from '../../src/session/features.js';
import { atLeast, errorOf, firstAndNewest, isSail, newSession, serverMatrix } from '../support/matrix.js';
import { expectClose, ML_DATA, ML_DATA_PATH, ML_FIXTURES } from '../support/ml.js';
import { PYSPARK_TIMEOUT_MS, runPySparkJson } from '../support/pyspark.js';

/** What pyspark_tuning.py reports of a validator it loaded or built. */
interface PyValidator {
  uid: string;
  seed: string;
  estimator: string;
  estimatorUid: string;
  stageUids: string[];
  evaluator: string;
  metricName: string;
  paramMaps: { parent: string; name: string; value: unknown }[][];
  numFolds?: number;
  foldCol?: string;
  trainRatio?: number;
  parallelism?: number;
}
interface PyModel extends PyValidator {
  avgMetrics?: number[];
  stdMetrics?: number[];
  validationMetrics?: number[];
  best: { values: (number | number[])[]; coefficients: number[]; intercept: number; bestType: string };
}
interface PyReport {
  ts: { cv: PyValidator; cvm: PyModel; tvs: PyValidator; tvsm: PyModel };
  py: { cv: PyValidator; cvm: PyModel; tvs: PyValidator; tvsm: PyModel };
}

/** A param map as [stage uid, name, value] triples. */
const triples = (maps: readonly ml.ParamMap[]) => maps.map((m) => m.map(([s, n, v]) => [s.uid, n, v]));
const pyTriples = (maps: PyValidator['paramMaps']) =>
  maps.map((m) => m.map((p) => [p.parent, p.name, p.value]));

/** The stages of a validator's estimator (a Pipeline's stages, or the estimator itself). */
const stagesOf = (est: ml.Estimator<object, ml.Transformer<object>>) =>
  est instanceof ml.Pipeline ? est.getStages() : [est];

/** The coefficients of the LinearRegression / LogisticRegression model inside a best model. */
async function coefficients(best: ml.Transformer<object>): Promise<number[]> {
  const m = best instanceof ml.PipelineModel ? best.stages[best.stages.length - 1] : best;
  return ((await (m as ml.JavaModel).attr('coefficients')) as ml.Vector).toArray();
}

// The oldest and newest Spark ML lines only (about 80 s a line, most of it fits and PySpark's
// own run): the client's persistence does not differ by line (the ML protocol is the same in
// 4.0-4.3); SPARK_TEST_VERSIONS=4.1 runs it on another line.
describe.each(firstAndNewest(serverMatrix().filter(([v]) => !isSail(v) && atLeast(v, 4, 0))))(
  'CrossValidator and TrainValidationSplit save/load on Spark %s',
  (version, url) => {
    let spark: SparkSession;
    let dir: string;
    let cls: DataFrame;
    let reg: DataFrame;
    let regFeatures: DataFrame;

    const values = async (m: ml.Transformer<object>, df: DataFrame, column: string) =>
      (await m.transform(df).orderBy('x1', 'x2').select(column).collect()).map((r) => {
        const v = r.get(column);
        return v instanceof ml.DenseVector ? v.toArray() : (v as number);
      });
    const flat = (xs: (number | number[])[]) => xs.flat();

    beforeAll(async () => {
      spark = await newSession(url);
      dir = mkdtempSync(join(tmpdir(), 'sct-tune-'));
      cls = await spark.createDataFrame(ML_DATA.classification.rows, ML_DATA.classification.schema);
      reg = await spark.createDataFrame(ML_DATA.regression.rows, ML_DATA.regression.schema);
      regFeatures = new ml.VectorAssembler({ inputCols: ['x1', 'x2'], outputCol: 'features' }).transform(reg);
    });
    afterAll(async () => {
      await spark?.stop();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it(
      'saved here loads in PySpark and the other way round: metrics, param maps and best models agree',
      async () => {
        // CrossValidator over a Pipeline: the param maps refer to the nested LogisticRegression.
        const va = new ml.VectorAssembler({ inputCols: ['x1', 'x2'], outputCol: 'features' });
        const lr = new ml.LogisticRegression({ maxIter: 10 });
        const pipe = new ml.Pipeline({ stages: [va, lr] });
        // Two maps of two params each (as PySpark's script sets them): 5 fits a CrossValidator.
        const grid: ml.ParamMap[] = [
          [
            [lr, 'regParam', 0.01],
            [lr, 'fitIntercept', true],
          ],
          [
            [lr, 'regParam', 1.0],
            [lr, 'fitIntercept', false],
          ],
        ];
        const cv = new ml.CrossValidator({
          estimator: pipe,
          estimatorParamMaps: grid,
          evaluator: new ml.MulticlassClassificationEvaluator({ metricName: 'logLoss' }),
          numFolds: 2,
          seed: 11,
        });
        await using cvm = await cv.fit(cls);
        expect(new Set(cvm.avgMetrics).size).toBe(2);
        await cv.save(join(dir, 'ts-cv'), { session: spark });
        await cvm.save(join(dir, 'ts-cvm'));
        // TrainValidationSplit over a plain LinearRegression.
        const lin = new ml.LinearRegression({ labelCol: 'y' });
        const tvs = new ml.TrainValidationSplit({
          estimator: lin,
          estimatorParamMaps: new ml.ParamGridBuilder().addGrid(lin, 'regParam', [0.0, 5.0]).build(),
          evaluator: new ml.RegressionEvaluator({ labelCol: 'y' }),
          trainRatio: 0.7,
          seed: 5,
        });
        await using tvsm = await tvs.fit(regFeatures);
        await tvs.save(join(dir, 'ts-tvs'), { session: spark });
        await tvsm.save(join(dir, 'ts-tvsm'));
        const cvProbability = await values(cvm, cls, 'probability');
        const tvsPrediction = await values(tvsm, regFeatures, 'prediction');

        const py = await runPySparkJson<PyReport>(version, join(ML_FIXTURES, 'pyspark_tuning.py'), [
          url,
          ML_DATA_PATH,
          dir,
        ]);

        // PySpark read ours: settings, param maps on the right stages, metrics and best models.
        expect(py.ts.cv).toEqual({
          uid: cv.uid,
          seed: '11',
          estimator: 'Pipeline',
          estimatorUid: pipe.uid,
          stageUids: [va.uid, lr.uid],
          evaluator: 'MulticlassClassificationEvaluator',
          metricName: 'logLoss',
          paramMaps: triples(grid).map((m) => m.map(([parent, name, value]) => ({ parent, name, value }))),
          numFolds: 2,
          foldCol: '',
          parallelism: 1,
        });
        // PySpark's own CrossValidator of the same settings and seed has our metrics.
        expectClose(py.py.cvm.avgMetrics as number[], cvm.avgMetrics);
        expect(py.ts.cvm).toMatchObject({
          uid: cvm.uid,
          stageUids: [va.uid, lr.uid],
          numFolds: 2,
          seed: '11',
        });
        expect(py.ts.cvm.avgMetrics).toEqual(cvm.avgMetrics);
        expect(py.ts.cvm.stdMetrics).toEqual(cvm.stdMetrics);
        expect(pyTriples(py.ts.cvm.paramMaps)).toEqual(triples(grid));
        expect(py.ts.cvm.best.bestType).toBe('PipelineModel');
        expectClose(flat(py.ts.cvm.best.values), flat(cvProbability));
        expectClose(py.ts.cvm.best.coefficients, await coefficients(cvm.bestModel));
        expect(py.ts.tvs).toMatchObject({
          uid: tvs.uid,
          seed: '5',
          trainRatio: 0.7,
          parallelism: 1,
          estimator: 'LinearRegression',
          stageUids: [lin.uid],
          evaluator: 'RegressionEvaluator',
          metricName: 'rmse',
          paramMaps: [
            [{ parent: lin.uid, name: 'regParam', value: 0 }],
            [{ parent: lin.uid, name: 'regParam', value: 5 }],
          ],
        });
        expect(py.ts.tvsm.validationMetrics).toEqual(tvsm.validationMetrics);
        expect(py.ts.tvsm.best.bestType).toBe('LinearRegressionModel');
        expectClose(flat(py.ts.tvsm.best.values), flat(tvsPrediction));
        expectClose(py.ts.tvsm.best.coefficients, await coefficients(tvsm.bestModel));

        // Ours read back: the same settings, param maps on the loaded stages, metrics and predictions.
        const cv2 = await ml.CrossValidator.load(spark, join(dir, 'ts-cv'));
        expect([cv2.uid, cv2.init.numFolds, cv2.init.foldCol, cv2.init.seed, cv2.init.parallelism]).toEqual([
          cv.uid,
          2,
          '',
          11,
          1,
        ]);
        const cv2Stages = stagesOf(cv2.init.estimator);
        expect([cv2.init.estimator.uid, cv2Stages.map((s) => s.uid)]).toEqual([pipe.uid, [va.uid, lr.uid]]);
        expect(triples(cv2.init.estimatorParamMaps)).toEqual(triples(grid));
        for (const m of cv2.init.estimatorParamMaps) for (const [s] of m) expect(s).toBe(cv2Stages[1]);
        expect(cv2.init.evaluator.isLargerBetter()).toBe(false);
        await using cvm2 = await ml.CrossValidatorModel.load(spark, join(dir, 'ts-cvm'));
        expect(cvm2).toBeInstanceOf(ml.CrossValidatorModel);
        expect([cvm2.uid, cvm2.avgMetrics, cvm2.stdMetrics]).toEqual([
          cvm.uid,
          cvm.avgMetrics,
          cvm.stdMetrics,
        ]);
        expect(triples(cvm2.settings.estimatorParamMaps)).toEqual(triples(grid));
        expect(flat(await values(cvm2, cls, 'probability'))).toEqual(flat(cvProbability));
        const tvs2 = await ml.TrainValidationSplit.load(spark, join(dir, 'ts-tvs'));
        expect([tvs2.uid, tvs2.init.trainRatio, tvs2.init.seed]).toEqual([tvs.uid, 0.7, 5]);
        expect(tvs2.init.estimator).toBeInstanceOf(ml.LinearRegression);
        expect(triples(tvs2.init.estimatorParamMaps)).toEqual([
          [[lin.uid, 'regParam', 0]],
          [[lin.uid, 'regParam', 5]],
        ]);
        await using tvsm2 = await ml.TrainValidationSplitModel.load(spark, join(dir, 'ts-tvsm'));
        expect(tvsm2.validationMetrics).toEqual(tvsm.validationMetrics);
        expect(await values(tvsm2, regFeatures, 'prediction')).toEqual(tvsPrediction);

        // We read PySpark's: its uids, param maps resolved to its stages, its metrics and predictions.
        const pcv = await ml.CrossValidator.load(spark, join(dir, 'py-cv'));
        const pcvStages = stagesOf(pcv.init.estimator);
        expect([pcv.uid, pcv.init.estimator.uid, pcvStages.map((s) => s.uid)]).toEqual([
          py.py.cv.uid,
          py.py.cv.estimatorUid,
          py.py.cv.stageUids,
        ]);
        expect([pcv.init.numFolds, String(pcv.init.seed)]).toEqual([2, '11']);
        expect(triples(pcv.init.estimatorParamMaps)).toEqual(pyTriples(py.py.cv.paramMaps));
        for (const m of pcv.init.estimatorParamMaps) for (const [s] of m) expect(s).toBe(pcvStages[1]);
        expect(pcvStages[1]).toBeInstanceOf(ml.LogisticRegression);
        // Refitting PySpark's CrossValidator here selects with PySpark's metrics.
        await using refit = await pcv.fit(cls);
        expectClose(refit.avgMetrics, py.py.cvm.avgMetrics as number[]);
        await using pcvm = await ml.CrossValidatorModel.load(spark, join(dir, 'py-cvm'));
        expect([pcvm.uid, pcvm.avgMetrics, pcvm.stdMetrics]).toEqual([
          py.py.cvm.uid,
          py.py.cvm.avgMetrics,
          py.py.cvm.stdMetrics,
        ]);
        expect(triples(pcvm.settings.estimatorParamMaps)).toEqual(pyTriples(py.py.cvm.paramMaps));
        expect(pcvm.bestModel).toBeInstanceOf(ml.PipelineModel);
        expectClose(flat(await values(pcvm, cls, 'probability')), flat(py.py.cvm.best.values));
        expectClose(await coefficients(pcvm.bestModel), py.py.cvm.best.coefficients);
        const ptvs = await ml.TrainValidationSplit.load(spark, join(dir, 'py-tvs'));
        expect([ptvs.uid, ptvs.init.trainRatio, String(ptvs.init.seed)]).toEqual([py.py.tvs.uid, 0.7, '5']);
        expect(triples(ptvs.init.estimatorParamMaps)).toEqual(pyTriples(py.py.tvs.paramMaps));
        await using ptvsm = await ml.TrainValidationSplitModel.load(spark, join(dir, 'py-tvsm'));
        expect([ptvsm.uid, ptvsm.validationMetrics]).toEqual([py.py.tvsm.uid, py.py.tvsm.validationMetrics]);
        expectClose(flat(await values(ptvsm, reg, 'prediction')), flat(py.py.tvsm.best.values));
        expect(ptvsm.bestModel).toBeInstanceOf(ml.PipelineModel);
      },
      PYSPARK_TIMEOUT_MS,
    );

    it('another class at the path, a param map with an unknown uid and an existing path are clear errors', async () => {
      const lr = new ml.LogisticRegression({ maxIter: 5 });
      const cv = new ml.CrossValidator({
        estimator: new ml.Pipeline({ stages: [lr] }),
        estimatorParamMaps: new ml.ParamGridBuilder().addGrid(lr, 'regParam', [0.1, 1]).build(),
        evaluator: new ml.BinaryClassificationEvaluator(),
      });
      const at = join(dir, 'errors-cv');
      await cv.save(at, { session: spark });
      // Saving again needs overwrite (the server refuses), which replaces the directory.
      await expect(cv.save(at, { session: spark })).rejects.toBeInstanceOf(SparkConnectError);
      await cv.save(at, { session: spark, overwrite: true });
      expect((await ml.CrossValidator.load(spark, at)).uid).toBe(cv.uid);

      await expect(ml.CrossValidatorModel.load(spark, at)).rejects.toThrow(
        new TypeError(
          `The ML object at ${at} is a pyspark.ml.tuning.CrossValidator, not a CrossValidatorModel`,
        ),
      );
      await expect(ml.TrainValidationSplit.load(spark, at)).rejects.toThrow(
        /is a pyspark\.ml\.tuning\.CrossValidator, not a TrainValidationSplit/,
      );
      await expect(ml.CrossValidator.load(spark, join(at, 'estimator'))).rejects.toThrow(
        /is a pyspark\.ml\.pipeline\.Pipeline, not a CrossValidator/,
      );

      // A param map whose parent uid is no stage of the saved estimator.
      const bad = join(dir, 'errors-bad-uid');
      cpSync(at, bad, { recursive: true });
      const metaDir = join(bad, 'metadata');
      for (const f of readdirSync(metaDir)) {
        if (f.endsWith('.crc')) rmSync(join(metaDir, f));
        else if (f.startsWith('part-')) {
          const text = readFileSync(join(metaDir, f), 'utf8');
          expect(text).toContain(`"parent":"${lr.uid}"`);
          writeFileSync(
            join(metaDir, f),
            text.replaceAll(`"parent":"${lr.uid}"`, '"parent":"LogisticRegression_000000000000"'),
          );
        }
      }
      await expect(ml.CrossValidator.load(spark, bad)).rejects.toThrow(
        /estimatorParamMaps\[0\] refers to LogisticRegression_000000000000\.regParam, but no loaded stage has uid LogisticRegression_000000000000/,
      );

      // Saving a param map for a stage outside the estimator is refused before anything is written.
      const stranger = new ml.LogisticRegression();
      const outside = new ml.CrossValidator({
        estimator: lr,
        estimatorParamMaps: new ml.ParamGridBuilder().addGrid(stranger, 'maxIter', [1]).build(),
        evaluator: new ml.BinaryClassificationEvaluator(),
      });
      await expect(outside.save(join(dir, 'errors-outside'), { session: spark })).rejects.toThrow(
        /is not a stage of the estimator/,
      );
      expect(readdirSync(dir)).not.toContain('errors-outside');
    });
  },
);

// Without Spark ML over Connect (Spark 3.5, and Sail, which reports 4.2 but has none): the
// client's feature error; on Sail from the server's answer to the first ML write, after which
// the session refuses ML requests at once.
describe.each(serverMatrix({ sail: true }).filter(([v]) => isSail(v) || !atLeast(v, 4, 0)))(
  'CrossValidator save/load without Spark ML on %s',
  (version, url) => {
    it('save and load fail with the error naming Spark ML', async () => {
      // 3.5 is refused by version; Sail answers the first ML write that it has no ML.
      const why = isSail(version) ? 'is not supported by this server' : 'needs Spark 4.0 or newer';
      const spark = await newSession(url);
      const dir = mkdtempSync(join(tmpdir(), 'sct-tune-noml-'));
      try {
        const lr = new ml.LogisticRegression();
        const cv = new ml.CrossValidator({
          estimator: lr,
          estimatorParamMaps: new ml.ParamGridBuilder().addGrid(lr, 'regParam', [0.1]).build(),
          evaluator: new ml.BinaryClassificationEvaluator(),
        });
        const err = await errorOf(() => cv.save(join(dir, 'cv'), { session: spark }));
        expect(err, err.message).toBeInstanceOf(UnsupportedServerVersionError);
        expect(err.message).toContain(`${FEATURES.ml.api} ${why}`);
        expect(readdirSync(dir)).toEqual([]);
        const loadErr = await errorOf(() => ml.CrossValidatorModel.load(spark, join(dir, 'cv')));
        expect(loadErr).toBeInstanceOf(UnsupportedServerVersionError);
        expect(loadErr.message).toContain(`${FEATURES.ml.api} ${why}`);
      } finally {
        await spark.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
