/**
 * OneVsRest over Spark Connect, compared with PySpark's own client on the same server and data
 * (test/fixtures/ml/pyspark_ovr.py): sub-model coefficients and intercepts, raw predictions and
 * predictions, and save/load both ways (a OneVsRestModel, a OneVsRest, and a PipelineModel with a
 * OneVsRest stage). On Sail and Spark 3.5, the clear error a user gets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DataFrame,
  MlModelNotFoundError,
  ml,
  type SparkSession,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { FEATURES } from '../../src/session/features.js';
import {
  atLeast,
  errorOf,
  firstAndNewest,
  isSail,
  itIf,
  newSession,
  serverMatrix,
} from '../support/matrix.js';
import { expectClose, ML_DATA, ML_DATA_PATH, ML_FIXTURES } from '../support/ml.js';
import { PYSPARK_TIMEOUT_MS, runPySparkJson } from '../support/pyspark.js';

// biome-ignore lint/suspicious/noExplicitAny: the reference is untyped JSON
type Ref = Record<string, Record<string, any>>;

async function scores(
  df: DataFrame,
  rawCol = 'rawPrediction',
  predictionCol = 'prediction',
): Promise<{ rawPrediction: number[][]; prediction: number[] }> {
  const rows = await df.orderBy('x1', 'x2').select(rawCol, predictionCol).collect();
  return {
    rawPrediction: rows.map((r) => (r.get(0) as ml.Vector).toArray()),
    prediction: rows.map((r) => r.get(1) as number),
  };
}

const assembler = () => new ml.VectorAssembler({ inputCols: ['x1', 'x2'], outputCol: 'features' });

// Spark ML over Connect is Spark 4.0+; Sail and older lines get the error below instead.
const mlLines = serverMatrix().filter(([v]) => !isSail(v) && atLeast(v, 4, 0));
// The comparison with PySpark runs PySpark's own client (about 40 s a line): on the first and the
// newest line of the run from 4.1, as ml-reference.test.ts does; the rest of the file on every line.
// Not on 4.0: PySpark 4.0's OneVsRestModel scores with Python UDFs, which need numpy in the
// server's Python workers (the test servers' python has none: PythonException, no module numpy);
// from 4.1 it sends SQL expressions, as this client does on 4.0 too.
const pysparkLines = new Set(firstAndNewest(mlLines.filter(([v]) => atLeast(v, 4, 1))).map(([v]) => v));

describe.each(mlLines)('OneVsRest on Spark %s', (version, url) => {
  let spark: SparkSession;
  let raw: DataFrame;
  let df: DataFrame;
  let dir: string;

  beforeAll(async () => {
    spark = await newSession(url);
    dir = mkdtempSync(join(tmpdir(), 'sct-ml-ovr-'));
    raw = await spark.createDataFrame(ML_DATA.multiclass.rows, ML_DATA.multiclass.schema);
    df = assembler().transform(raw);
  });
  afterAll(async () => {
    await spark?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  itIf(pysparkLines.has(version))(
    'fits and predicts as PySpark; models, estimators and pipelines save and load both ways',
    async () => {
      const lr = new ml.LogisticRegression({ maxIter: 10, regParam: 0.01 });
      // Two classes at a time here, one after the other in PySpark: the same models.
      const ovr = new ml.OneVsRest({ classifier: lr, parallelism: 2 });
      await using model = await ovr.fit(df);
      expect(model.numClasses).toBe(3);
      expect(model.uid).toMatch(/^OneVsRestModel_/);
      expect(model.getClassifier()).toBe(lr);
      const coefficients: number[][] = [];
      const intercepts: number[] = [];
      for (const m of model.models as ml.LogisticRegressionModel[]) {
        coefficients.push((await m.attr('coefficients')).toArray());
        intercepts.push((await m.attr('intercept')) as number);
      }
      const ours = await scores(model.transform(df));
      // The input's columns come through, then the two outputs.
      expect(await model.transform(df).columns()).toEqual([
        'x1',
        'x2',
        'label',
        'features',
        'rawPrediction',
        'prediction',
      ]);
      await model.save(join(dir, 'ts-ovrm'));
      await new ml.OneVsRest({
        classifier: new ml.LogisticRegression({ maxIter: 7 }),
        labelCol: 'label',
        weightCol: 'w',
        parallelism: 2,
      }).save(join(dir, 'ts-ovr'), { session: spark });
      // A OneVsRest inside a Pipeline; the grid entry for its classifier reaches the sub-models.
      const inner = new ml.LogisticRegression({ maxIter: 5 });
      const pipeline = new ml.Pipeline({
        stages: [assembler(), new ml.OneVsRest({ classifier: inner, predictionCol: 'p' })],
      });
      await using pm = await pipeline.fit(raw, undefined, [[inner, 'regParam', 0.5]]);
      const ovrStage = pm.stages[1] as ml.OneVsRestModel;
      expect(ovrStage).toBeInstanceOf(ml.OneVsRestModel);
      expect(ovrStage.models.map((m) => m.getOrDefault('regParam' as never))).toEqual([0.5, 0.5, 0.5]);
      await pm.save(join(dir, 'ts-pm'));
      const ourPipelinePrediction = (await pm.transform(raw).orderBy('x1', 'x2').select('p').collect()).map(
        (r) => r.get(0),
      );

      const py = await runPySparkJson<Ref>(version, join(ML_FIXTURES, 'pyspark_ovr.py'), [
        url,
        ML_DATA_PATH,
        dir,
      ]);

      // Same numbers as PySpark's own OneVsRest on the same server.
      expectClose(coefficients, py.fit.coefficients, 'coefficients');
      expectClose(intercepts, py.fit.intercepts, 'intercepts');
      expectClose(ours.rawPrediction, py.fit.rawPrediction, 'rawPrediction');
      expect(ours.prediction).toEqual(py.fit.prediction);
      expect(new Set(ours.prediction)).toEqual(new Set([0, 1, 2]));
      expect(py.fit.labelCols).toEqual(['mc2b$0', 'mc2b$1', 'mc2b$2']);
      expect(model.models.map((m) => m.uid)).toEqual(Array(3).fill(lr.uid));
      expect(py.fit.modelUids).toEqual(Array(3).fill(py.fit.modelUids[0]));

      // PySpark loaded what we saved and predicts the same.
      expect(py.tsModel).toMatchObject({
        uid: model.uid,
        numModels: 3,
        modelUids: Array(3).fill(lr.uid),
        classifier: 'LogisticRegression',
        classifierMaxIter: 10,
      });
      expectClose(py.tsModel.coefficients, coefficients, 'tsModel.coefficients');
      expectClose(py.tsModel.rawPrediction, ours.rawPrediction, 'tsModel.rawPrediction');
      expect(py.tsModel.prediction).toEqual(ours.prediction);
      expect(py.tsOvr).toMatchObject({
        classifier: 'LogisticRegression',
        maxIter: 7,
        labelCol: 'label',
        parallelism: 2,
        weightCol: 'w',
      });
      expect(py.tsPipeline).toMatchObject({
        uid: pipeline.uid,
        stages: ['VectorAssembler', 'OneVsRestModel'],
        regParams: [0.5, 0.5, 0.5],
        prediction: ourPipelinePrediction,
      });

      // We load what PySpark saved, and predict as PySpark did.
      await using loaded = await ml.OneVsRestModel.load(spark, join(dir, 'py-ovrm'));
      expect(loaded.uid).toBe(py.pyModel.uid);
      expect(loaded.numClasses).toBe(3);
      expect(loaded.models[0]).toBeInstanceOf(ml.LogisticRegressionModel);
      expect(loaded.getClassifier()).toBeInstanceOf(ml.LogisticRegression);
      expect((loaded.getClassifier() as ml.LogisticRegression).getMaxIter()).toBe(10);
      const theirs = await scores(loaded.transform(df));
      expectClose(theirs.rawPrediction, py.fit.rawPrediction, 'loaded.rawPrediction');
      expect(theirs.prediction).toEqual(py.fit.prediction);
      const loadedOvr = await ml.OneVsRest.load(spark, join(dir, 'py-ovr'));
      expect([loadedOvr.uid, loadedOvr.getClassifier().uid]).toEqual([py.pyOvr.uid, py.pyOvr.classifierUid]);
      expect(loadedOvr.getParallelism()).toBe(1);
      await using loadedPm = await ml.PipelineModel.load(spark, join(dir, 'py-pm'));
      expect(loadedPm.uid).toBe(py.pyPipeline.uid);
      expect(loadedPm.stages[1]).toBeInstanceOf(ml.OneVsRestModel);
      expect(
        (await loadedPm.transform(raw).orderBy('x1', 'x2').select('p').collect()).map((r) => r.get(0)),
      ).toEqual(py.pyPipeline.prediction);
      // Our own files load back here too; the kind is checked.
      const again = await ml.OneVsRest.load(spark, join(dir, 'ts-ovr'));
      expect(again.explicitParams()).toMatchObject({ weightCol: 'w', parallelism: 2 });
      expect((again.getClassifier() as ml.LogisticRegression).getMaxIter()).toBe(7);
      await expect(ml.OneVsRestModel.load(spark, join(dir, 'ts-ovr'))).rejects.toThrow(
        /is a pyspark\.ml\.classification\.OneVsRest, not a OneVsRestModel/,
      );
      // Saving again needs overwrite, which replaces the directory.
      await expect(model.save(join(dir, 'ts-ovrm'))).rejects.toThrow();
      await model.save(join(dir, 'ts-ovrm'), { overwrite: true });
    },
    PYSPARK_TIMEOUT_MS,
  );

  it('other classifiers, column names and parallelism; release frees every sub-model; bad labels are clear errors', async () => {
    const renamed = df.withColumnRenamed('label', 'y').withColumnRenamed('features', 'f');
    const ovr = new ml.OneVsRest({
      classifier: new ml.LinearSVC({ maxIter: 5 }),
      labelCol: 'y',
      featuresCol: 'f',
      predictionCol: 'guess',
      rawPredictionCol: 'scores',
      parallelism: 3,
    });
    const model = await ovr.fit(renamed);
    // Fitted all at once, each model in its class's place; the input's cache is left as it was
    // (fit caches the columns it reads only while it runs).
    expect(model.models.map((m) => m.getOrDefault('labelCol' as never))).toEqual([
      'mc2b$0',
      'mc2b$1',
      'mc2b$2',
    ]);
    expect(await renamed.isCached()).toBe(false);
    const out = model.transform(renamed);
    expect(await out.columns()).toEqual(['x1', 'x2', 'y', 'f', 'scores', 'guess']);
    const rows = await out.orderBy('x1', 'x2').collect();
    for (const r of rows) {
      const s = (r.get('scores') as ml.Vector).toArray();
      expect(s).toHaveLength(3);
      expect(r.get('guess')).toBe(s.indexOf(Math.max(...s)));
    }
    const accuracy = rows.filter((r) => r.get('guess') === r.get('y')).length / rows.length;
    expect(accuracy).toBeGreaterThan(0.6);
    await model.release();
    expect(model.isReleased).toBe(true);
    expect(model.models.every((m) => m.isReleased)).toBe(true);
    expect(() => model.transform(renamed)).toThrow(MlModelNotFoundError);

    const negative = await spark.createDataFrame([[1.0, -1.0]], 'x1 DOUBLE, label DOUBLE');
    await expect(
      new ml.OneVsRest({ classifier: new ml.LogisticRegression() }).fit(
        new ml.VectorAssembler({ inputCols: ['x1'], outputCol: 'features' }).transform(negative),
      ),
    ).rejects.toThrow(/labels in 'label' must be 0, 1, \.\.\., numClasses - 1; their maximum is -1/);
  });
});

// No Spark ML over Connect: Spark 3.5 (the version gate, before any request) and Sail (it
// reports Spark 4.2, so max(label) is asked first, as PySpark does; its answer to the first ML
// command is what fails).
describe.each(serverMatrix({ sail: true }).filter(([v]) => isSail(v) || !atLeast(v, 4, 0)))(
  'OneVsRest on %s',
  (_version, url) => {
    let spark: SparkSession;
    beforeAll(async () => {
      spark = await newSession(url);
    });
    afterAll(async () => {
      await spark?.stop();
    });

    it('fit fails with the error naming Spark ML', async () => {
      // Plain columns (an ML transformer would fail first, with its own error).
      const raw = await spark.createDataFrame(ML_DATA.multiclass.rows, ML_DATA.multiclass.schema);
      const ovr = new ml.OneVsRest({ classifier: new ml.LogisticRegression(), featuresCol: 'x1' });
      const err = await errorOf(() => ovr.fit(raw));
      expect(err, err.message).toBeInstanceOf(UnsupportedServerVersionError);
      expect(err.message).toContain(FEATURES.ml.api);
    });
  },
);
