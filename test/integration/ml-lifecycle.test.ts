/**
 * Spark ML model lifetime, save/load interop with PySpark, and driving classes by Scala name; on
 * Sail (no Spark ML over Connect) the clear error a user gets for each kind of ML request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DataFrame,
  MlModelNotFoundError,
  ml,
  SparkConnectError,
  type SparkSession,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { runMlCommandForResult } from '../../src/ml/command.js';
import { FEATURES } from '../../src/session/features.js';
import {
  atLeast,
  errorOf,
  expectUnsupportedOn,
  isSail,
  newSession,
  serverMatrix,
} from '../support/matrix.js';
import { expectClose, ML_DATA, ML_DATA_PATH, ML_FIXTURES } from '../support/ml.js';
import { PYSPARK_TIMEOUT_MS, runPySparkJson } from '../support/pyspark.js';

describe.each(serverMatrix().filter(([v]) => !isSail(v) && atLeast(v, 4, 0)))(
  'Spark ML lifetime and save/load on Spark %s',
  (version, url) => {
    let spark: SparkSession;
    let cls: DataFrame;
    let dir: string;

    beforeAll(async () => {
      spark = await newSession(url);
      dir = mkdtempSync(join(tmpdir(), 'sct-ml-'));
      const raw = await spark.createDataFrame(ML_DATA.classification.rows, ML_DATA.classification.schema);
      cls = new ml.VectorAssembler({ inputCols: ['x1', 'x2'], outputCol: 'features' }).transform(raw);
    });
    afterAll(async () => {
      await spark?.stop();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it(
      'a model saved by this client loads in PySpark, and PySpark-saved models load here',
      async () => {
        const lr = new ml.LogisticRegression({ maxIter: 10, regParam: 0.01 });
        await using model = await lr.fit(cls);
        await model.save(join(dir, 'ts-lr'));
        const ours = (await model.attr('coefficients')).toArray();
        const py = await runPySparkJson<Record<string, Record<string, unknown>>>(
          version,
          join(ML_FIXTURES, 'pyspark_reference.py'),
          [url, ML_DATA_PATH, dir],
        );
        // PySpark read our files: same coefficients, params and uid.
        expectClose(py.tsLoaded.coefficients as number[], ours);
        expect(py.tsLoaded.maxIter).toBe(10);
        expect(py.tsLoaded.regParam).toBe(0.01);
        expect(py.tsLoaded.uid).toBe(lr.uid);
        const ourProb = (await model.transform(cls).orderBy('x1', 'x2').collect()).map((r) =>
          (r.get('probability') as ml.Vector).toArray(),
        );
        (py.tsLoaded.probability as number[][]).forEach((p, i) => {
          expectClose(ourProb[i], p);
        });
        // We read PySpark's files.
        await using loaded = await ml.LogisticRegressionModel.load(spark, join(dir, 'pyspark-lr'));
        expectClose((await loaded.attr('coefficients')).toArray(), py.pysparkSaved.coefficients as number[]);
        expect(await loaded.attr('intercept')).toBeCloseTo(py.pysparkSaved.intercept as number, 12);
        expect(loaded.getOrDefault('maxIter')).toBe(10);
        expect(loaded.hasSummary).toBe(false);
      },
      PYSPARK_TIMEOUT_MS,
    );

    it('estimators, transformers and evaluators save and load with their params', async () => {
      const km = new ml.KMeans({ k: 3, maxIter: 7 });
      await km.save(join(dir, 'km'), { session: spark });
      const km2 = await ml.KMeans.load(spark, join(dir, 'km'));
      expect([km2.uid, km2.getOrDefault('k'), km2.getOrDefault('maxIter')]).toEqual([km.uid, 3, 7]);
      const tok = new ml.Tokenizer({ inputCol: 'a', outputCol: 'b' });
      await tok.save(join(dir, 'tok'), { session: spark });
      expect((await ml.Tokenizer.load(spark, join(dir, 'tok'))).getOrDefault('outputCol')).toBe('b');
      const ev = new ml.RegressionEvaluator({ metricName: 'mae' });
      await ev.save(join(dir, 'ev'), { session: spark });
      const ev2 = await ml.RegressionEvaluator.load(spark, join(dir, 'ev'));
      expect([ev2.getOrDefault('metricName'), ev2.isLargerBetter()]).toEqual(['mae', false]);
      // Saving again without overwrite fails on the server; with it, succeeds.
      await expect(ev.save(join(dir, 'ev'), { session: spark })).rejects.toBeInstanceOf(SparkConnectError);
      await ev.save(join(dir, 'ev'), { session: spark, overwrite: true });
    });

    it(
      'Pipeline and PipelineModel save and load both ways with PySpark, in its layout',
      async () => {
        const raw = await spark.createDataFrame(ML_DATA.classification.rows, ML_DATA.classification.schema);
        const pipeline = new ml.Pipeline({
          stages: [
            new ml.VectorAssembler({ inputCols: ['x1', 'x2'], outputCol: 'features' }),
            new ml.StandardScaler({ inputCol: 'features', outputCol: 'scaled' }),
            new ml.LogisticRegression({ featuresCol: 'scaled', maxIter: 10, regParam: 0.01 }),
          ],
        });
        await using pm = await pipeline.fit(raw);
        await pm.save(join(dir, 'ts-pm'));
        await pipeline.save(join(dir, 'ts-pipeline'), { session: spark });
        // Saving again needs overwrite (the server refuses), which replaces the directory.
        await expect(pm.save(join(dir, 'ts-pm'))).rejects.toBeInstanceOf(SparkConnectError);
        await pm.save(join(dir, 'ts-pm'), { overwrite: true });
        const probability = async (m: ml.PipelineModel) =>
          (await m.transform(raw).orderBy('x1', 'x2').select('probability').collect()).map((r) =>
            (r.get('probability') as ml.Vector).toArray(),
          );
        const ours = await probability(pm);
        const py = await runPySparkJson<Record<string, Record<string, unknown>>>(
          version,
          join(ML_FIXTURES, 'pyspark_pipeline.py'),
          [url, ML_DATA_PATH, dir],
        );
        // PySpark read ours: same uid, stage classes and predictions.
        expect(py.tsModel.uid).toBe(pipeline.uid);
        expect(py.tsModel.stages).toEqual([
          'VectorAssembler',
          'StandardScalerModel',
          'LogisticRegressionModel',
        ]);
        for (const [i, p] of (py.tsModel.probability as number[][]).entries()) expectClose(ours[i], p);
        expect(py.tsPipeline).toMatchObject({
          uid: pipeline.uid,
          stages: ['VectorAssembler', 'StandardScaler', 'LogisticRegression'],
          maxIter: 10,
        });
        // We read PySpark's: the fitted pipeline predicts as PySpark's did; the pipeline keeps its stages.
        await using loaded = await ml.PipelineModel.load(spark, join(dir, 'py-pm'));
        expect(loaded.uid).toBe(py.pyModel.uid);
        for (const [i, p] of (py.pyModel.probability as number[][]).entries()) expectClose(ours[i], p);
        const theirs = await probability(loaded);
        expect(theirs).toHaveLength(ours.length);
        for (const [i, p] of theirs.entries()) expectClose(p, ours[i]);
        const loadedPipeline = await ml.Pipeline.load(spark, join(dir, 'py-pipeline'));
        const stages = loadedPipeline.getStages();
        expect([loadedPipeline.uid, stages.map((s) => s.uid)]).toEqual([
          py.pyPipeline.uid,
          py.pyPipeline.stageUids,
        ]);
        expect(stages[2]).toBeInstanceOf(ml.LogisticRegression);
        expect((stages[2] as ml.LogisticRegression).getMaxIter()).toBe(10);
        await expect(ml.PipelineModel.load(spark, join(dir, 'py-pipeline'))).rejects.toThrow(
          /is a pyspark\.ml\.pipeline\.Pipeline, not a PipelineModel/,
        );
      },
      PYSPARK_TIMEOUT_MS,
    );

    it('release(), await using and session stop free models; later use is a clear error', async () => {
      const lr = new ml.LogisticRegression({ maxIter: 5 });
      const released = await lr.fit(cls);
      await released.release();
      expect(released.isReleased).toBe(true);
      await expect(released.attr('coefficients')).rejects.toThrow(/released \(release\(\) was called\)/);
      expect(() => released.transform(cls)).toThrow(MlModelNotFoundError);

      let scoped: ml.LogisticRegressionModel | undefined;
      {
        await using m = await lr.fit(cls);
        scoped = m;
        expect(m.isReleased).toBe(false);
      }
      expect(scoped.isReleased).toBe(true);

      // Deleted on the server behind the client's back: the server's cache miss becomes MlModelNotFoundError.
      const gone = await lr.fit(cls);
      await runMlCommandForResult(
        spark,
        { case: 'delete', value: { objRefs: [{ id: gone.refId }] } },
        [],
      ).catch(() => undefined);
      const err = await gone.attr('intercept').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MlModelNotFoundError);
      expect((err as Error).message).toContain(gone.refId);
      expect((err as MlModelNotFoundError).errorClass).toBe('CONNECT_ML.CACHE_INVALID');
      await expect(gone.transform(cls).collect()).rejects.toBeInstanceOf(MlModelNotFoundError);

      // Session stop deletes the session's models.
      const other = await newSession(url);
      const raw = await other.createDataFrame(ML_DATA.classification.rows, ML_DATA.classification.schema);
      const m2 = await lr.fit(
        new ml.VectorAssembler({ inputCols: ['x1', 'x2'], outputCol: 'features' }).transform(raw),
      );
      expect(typeof (await m2.attr('intercept'))).toBe('number');
      await other.stop();
      expect(m2.isReleased).toBe(true);
      await expect(m2.attr('intercept')).rejects.toThrow(/its session was stopped/);
    });

    it('drives any allow-listed class by its Scala name, with the same results as the typed wrapper', async () => {
      const generic = new ml.JavaEstimator('org.apache.spark.ml.classification.LogisticRegression', {
        maxIter: 5,
        regParam: 0.1,
      });
      await using g = await generic.fit(cls);
      await using t = await new ml.LogisticRegression({ maxIter: 5, regParam: 0.1 }).fit(cls);
      expectClose(
        ((await g.attr('coefficients')) as ml.Vector).toArray(),
        (await t.attr('coefficients')).toArray(),
      );
      const sql = new ml.JavaTransformer('org.apache.spark.ml.feature.SQLTransformer', {
        statement: 'SELECT x1 * 2 AS twice FROM __THIS__',
      });
      expect(
        (await sql.transform(cls).orderBy('twice').limit(2).collect()).map((r) => r.get('twice')),
      ).toEqual([0.4, 1.0]);
      const ev = new ml.JavaEvaluator('org.apache.spark.ml.evaluation.BinaryClassificationEvaluator', {
        metricName: 'areaUnderPR',
      });
      const pr = await ev.evaluate(t.transform(cls));
      expect(pr).toBeGreaterThan(0.5);
      expect(pr).toBeLessThanOrEqual(1);
      // A class off the allow-list is refused by the server.
      await expect(new ml.JavaEstimator('java.lang.String').fit(cls)).rejects.toBeInstanceOf(
        SparkConnectError,
      );
      // An attribute off the allow-list too.
      await expect(t.attr('notAMethod')).rejects.toBeInstanceOf(SparkConnectError);
    });

    it('vectors work as params and method arguments', async () => {
      await using m = await new ml.LogisticRegression({ maxIter: 5 }).fit(cls);
      const p = (await m.attr('predict', ml.Vectors.dense(1, 2))) as number;
      expect([0, 1]).toContain(p);
      const sparseP = (await m.attr('predict', ml.Vectors.sparse(2, [0, 1], [1, 2]))) as number;
      expect(sparseP).toBe(p);
      const raw = (await m.attr('predictRaw', ml.Vectors.dense(1, 2))) as ml.Vector;
      expect(raw).toBeInstanceOf(ml.DenseVector);
      expect(raw.size).toBe(2);
      // A matrix param: bounds on the coefficients are honoured.
      await using bounded = await new ml.LogisticRegression({
        maxIter: 5,
        lowerBoundsOnCoefficients: ml.Matrices.dense(1, 2, [0, 0]),
      }).fit(cls);
      for (const c of (await bounded.attr('coefficients')).toArray()) expect(c).toBeGreaterThanOrEqual(0);
    });
  },
);

// Sail has no Spark ML over Connect: one check per kind of ML request (the rest of the ML files
// run on Spark only). Each request goes to the server from a fresh session (a session that was
// already told refuses at once, without a request).
describe.each(serverMatrix({ sail: true }).filter(([v]) => isSail(v)))('Spark ML on %s', (version, url) => {
  const sessions: SparkSession[] = [];
  const fresh = async (): Promise<{ spark: SparkSession; cls: DataFrame }> => {
    const spark = await newSession(url);
    sessions.push(spark);
    const raw = await spark.createDataFrame(ML_DATA.classification.rows, ML_DATA.classification.schema);
    const cls = new ml.VectorAssembler({ inputCols: ['x1', 'x2'], outputCol: 'features' }).transform(raw);
    return { spark, cls };
  };
  afterAll(async () => {
    for (const s of sessions) await s.stop();
  });

  it('fit, transform, evaluate, save and load fail with an error naming Spark ML', async () => {
    // fit: Sail answers "ml command"; the client names the feature (the compatibility table's row).
    {
      const { cls } = await fresh();
      const fit = () => new ml.LogisticRegression({ maxIter: 5 }).fit(cls);
      expect(await expectUnsupportedOn(version, FEATURES.ml.api, fit)).toBe(true);
    }
    // transform in a fresh session: the ML relation reaches Sail inside a query, which names it.
    {
      const { cls } = await fresh();
      expect(
        await expectUnsupportedOn(version, 'ml.Transformer.transform', () => cls.collect(), 'ML relation'),
      ).toBe(true);
    }
    // evaluate, save and load: each the feature error, from the server's answer.
    const mlError = async (what: string, run: (s: SparkSession, cls: DataFrame) => Promise<unknown>) => {
      const { spark, cls } = await fresh();
      const err = await errorOf(() => run(spark, cls));
      expect(err, `${what}: ${err.message}`).toBeInstanceOf(UnsupportedServerVersionError);
      expect(err.message).toContain(`${FEATURES.ml.api} is not supported by this server`);
      expect(err.message).toContain('java.lang.UnsupportedOperationException: ml command');
      // The session now knows: ML requests fail at once, transform() too.
      expect(() => new ml.VectorAssembler({ inputCols: ['x1'], outputCol: 'v' }).transform(cls)).toThrow(
        UnsupportedServerVersionError,
      );
    };
    await mlError('evaluate', (_, cls) =>
      new ml.RegressionEvaluator({ metricName: 'mae', labelCol: 'label', predictionCol: 'x1' }).evaluate(cls),
    );
    await mlError('save', (spark) => new ml.KMeans({ k: 2 }).save('/tmp/sct-ml-sail-km', { session: spark }));
    await mlError('load', (spark) => ml.LogisticRegressionModel.load(spark, '/tmp/sct-ml-sail-lr'));
  });
});
