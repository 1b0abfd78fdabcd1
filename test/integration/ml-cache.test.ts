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
import { FEATURES } from '../../src/session/features.js';
import {
  atLeast,
  errorOf,
  isSail,
  newSession,
  recordSailResult,
  serverMatrix,
  versionOf,
} from '../support/matrix.js';
import { ML_DATA } from '../support/ml.js';
import { sailNote } from '../support/sail.js';
import { portBase, REPO_ROOT, startServer, stopServer } from '../support/servers.js';

async function trainingData(spark: SparkSession): Promise<DataFrame> {
  const raw = await spark.createDataFrame(ML_DATA.classification.rows, ML_DATA.classification.schema);
  return new ml.VectorAssembler({ inputCols: ['x1', 'x2'], outputCol: 'features' }).transform(raw);
}

const mlLines = serverMatrix().filter(([v]) => !isSail(v) && atLeast(v, 4, 0));

describe.each(mlLines)('the ML cache on Spark %s', (version, url) => {
  let spark: SparkSession;
  let train: DataFrame;

  beforeAll(async () => {
    spark = await newSession(url);
    train = await trainingData(spark);
  });
  afterAll(async () => {
    await spark?.stop();
  });

  it('modelSize, mlCacheInfo and cleanMlCache (4.1+; a clear error on 4.0)', async () => {
    await using model = await new ml.LogisticRegression({ maxIter: 5 }).fit(train);
    if (!atLeast(version, 4, 1)) {
      for (const call of [
        () => model.modelSize(),
        () => ml.mlCacheInfo(spark),
        () => ml.cleanMlCache(spark),
      ]) {
        const err = await errorOf(call);
        expect(err).toBeInstanceOf(UnsupportedServerVersionError);
        expect(err.message).toContain('needs Spark 4.1');
      }
      return;
    }
    const size = await model.modelSize();
    expect(size).toBeGreaterThan(1000n);
    // Each entry names a cached object (plain text on 4.1, JSON from 4.2) with its size.
    const info = await ml.mlCacheInfo(spark);
    const entry = info.find((e) => e.includes(model.refId));
    expect(entry, info.join('\n')).toBeDefined();
    expect(entry).toContain('LogisticRegressionModel');
    expect(entry).toContain(String(size));

    await ml.cleanMlCache(spark);
    expect(model.isReleased).toBe(true);
    await expect(model.attr('coefficients')).rejects.toBeInstanceOf(MlModelNotFoundError);
    expect((await ml.mlCacheInfo(spark)).filter((e) => e.includes(model.refId))).toEqual([]);
    // The session goes on: a new model trains and answers.
    await using again = await new ml.LogisticRegression({ maxIter: 5 }).fit(train);
    expect((await again.attr('coefficients')).toArray()).toHaveLength(2);
  });
});

/** The port of this file's server of a Spark line. */
function offloadPort(version: string): number {
  return portBase() + 660 + (versionOf(version)[1] % 10);
}

const OFFLOAD_CONF = {
  // One LogisticRegressionModel of the test data is about 6.3 kB: a second one offloads the first.
  'spark.connect.session.connectML.mlCache.memoryControl.maxInMemorySize': '10000',
  'spark.driver.resource.gpu.amount': '2',
  'spark.driver.resource.gpu.discoveryScript': join(REPO_ROOT, 'test', 'fixtures', 'gpu-discovery.sh'),
};

/** Servers of their own cost a start each: the first line with the ML cache (4.1) and the newest. */
const offloadLines = (() => {
  const lines = serverMatrix().filter(([v]) => !isSail(v) && atLeast(v, 4, 1));
  return lines.length <= 2 ? lines : [lines[0], lines[lines.length - 1]];
})();

describe.each(offloadLines)('offloaded models and driver resources on Spark %s', (version) => {
  let spark: SparkSession;
  const port = offloadPort(version);

  beforeAll(async () => {
    const url = await startServer(version, { port, conf: OFFLOAD_CONF });
    spark = await newSession(url);
  }, 1_500_000);
  afterAll(async () => {
    await spark?.stop();
    await stopServer(version, port);
  }, 180_000);

  it('a summary the server dropped on offload is recomputed over the training data', async () => {
    const train = await trainingData(spark);
    await using first = await new ml.LogisticRegression({ maxIter: 10, regParam: 0.01 }).fit(train);
    const accuracy = await first.summary.attr('accuracy');
    const auc = await first.summary.attr('areaUnderROC');
    await using second = await new ml.LogisticRegression({ maxIter: 5, regParam: 0.1 }).fit(train);
    expect((await ml.mlCacheInfo(spark)).some((e) => e.includes(first.refId))).toBe(false);
    // Asked directly, the server says the summary is lost...
    const lost = await errorOf(
      first.callChain([
        { method: 'summary', args: [] },
        { method: 'accuracy', args: [] },
      ]),
    );
    expect(lost).toBeInstanceOf(SparkConnectError);
    expect(lost.errorClass).toBe('CONNECT_ML.MODEL_SUMMARY_LOST');
    // ...and the summary API restores it (createSummary) and answers the same values.
    expect(await first.summary.attr('accuracy')).toBe(accuracy);
    expect(await first.summary.attr('areaUnderROC')).toBe(auc);
    expect(await second.summary.attr('accuracy')).toBeGreaterThan(0.5);
  });

  it('spark.resources() lists the driver resources the server discovered', async () => {
    expect(await spark.resources()).toEqual({ gpu: { name: 'gpu', addresses: ['0', '1'] } });
  });
});

describe.each(serverMatrix({ sail: true }).filter(([v]) => isSail(v)))(
  'the ML cache on %s',
  (_version, url) => {
    it('mlCacheInfo and cleanMlCache fail with the error naming Spark ML', async () => {
      const spark = await newSession(url);
      try {
        const info = await errorOf(() => ml.mlCacheInfo(spark));
        expect(info).toBeInstanceOf(UnsupportedServerVersionError);
        expect(info.message).toContain(`${FEATURES.ml.api} is not supported by this server`);
        expect(info.message).toContain('java.lang.UnsupportedOperationException: ml command');
        // Known from then on: cleaning fails at once with the same error.
        const clean = await errorOf(() => ml.cleanMlCache(spark));
        expect(clean).toBeInstanceOf(UnsupportedServerVersionError);
        expect(clean.message).toBe(info.message);
        recordSailResult(FEATURES.mlCacheInfo.api, 'lacks', sailNote(info));
      } finally {
        await spark.stop();
      }
    });
  },
);
