/** CrossValidator / TrainValidationSplit persistence: PySpark's metadata JSON and input checks, without a server. */
import { describe, expect, it } from 'vitest';
import { ml, type SparkSession } from '../../src/index.js';
import { dumpsPyJson, PyFloat, parsePyJson } from '../../src/ml/py-json.js';
import {
  decodeParamMaps,
  encodeParamMaps,
  stagesByUid,
  validatorMetadata,
  writesRawValues,
} from '../../src/ml/tuning-io.js';

/** A CrossValidator over a Pipeline(VectorAssembler, LogisticRegression), with fixed uids. */
function crossValidator() {
  const va = new ml.VectorAssembler({ inputCols: ['x1', 'x2'], outputCol: 'features' });
  const lr = new ml.LogisticRegression({ maxIter: 10 });
  va.uid = 'VectorAssembler_a8e8cebabd59';
  lr.uid = 'LogisticRegression_122a6e9973bd';
  const pipe = new ml.Pipeline({ stages: [va, lr] });
  pipe.uid = 'Pipeline_15751c761a42';
  const grid = new ml.ParamGridBuilder()
    .addGrid(lr, 'regParam', [0.01, 1])
    .addGrid(lr, 'fitIntercept', [true, false])
    .build();
  const evaluator = new ml.BinaryClassificationEvaluator();
  const cv = new ml.CrossValidator({
    estimator: pipe,
    estimatorParamMaps: grid,
    evaluator,
    numFolds: 2,
    seed: 11,
  });
  cv.uid = 'CrossValidator_9bff7b446f89';
  return { va, lr, pipe, grid, evaluator, cv };
}

/** The param maps of crossValidator() exactly as PySpark 4.3 wrote them (its own save of the same grid). */
const PYSPARK_PARAM_MAPS =
  '[[{"parent":"LogisticRegression_122a6e9973bd","name":"regParam","value":"0.01","isJson":true},{"parent":"LogisticRegression_122a6e9973bd","name":"fitIntercept","value":"true","isJson":true}],[{"parent":"LogisticRegression_122a6e9973bd","name":"regParam","value":"0.01","isJson":true},{"parent":"LogisticRegression_122a6e9973bd","name":"fitIntercept","value":"false","isJson":true}],[{"parent":"LogisticRegression_122a6e9973bd","name":"regParam","value":"1.0","isJson":true},{"parent":"LogisticRegression_122a6e9973bd","name":"fitIntercept","value":"true","isJson":true}],[{"parent":"LogisticRegression_122a6e9973bd","name":"regParam","value":"1.0","isJson":true},{"parent":"LogisticRegression_122a6e9973bd","name":"fitIntercept","value":"false","isJson":true}]]';

const noLoad = async (): Promise<never> => {
  throw new Error('no stage values expected');
};

describe('validator metadata in PySpark layout', () => {
  it('a CrossValidator writes the line PySpark writes (param maps by parent uid, JSON values)', () => {
    const { cv } = crossValidator();
    const { json, stageValues } = validatorMetadata(cv, '4.3.0', 1796391771722);
    expect(stageValues).toEqual([]);
    // PySpark 4.3's own line for the same validator, but for the default seed (its default is
    // a per-process string hash; ours is fixed).
    expect(json).toBe(
      '{"class":"pyspark.ml.tuning.CrossValidator","timestamp":1796391771722,"sparkVersion":"4.3.0","uid":"CrossValidator_9bff7b446f89",' +
        `"paramMap":{"collectSubModels":false,"parallelism":1,"seed":11,"numFolds":2,"foldCol":"","estimatorParamMaps":${PYSPARK_PARAM_MAPS}},` +
        '"defaultParamMap":{"collectSubModels":false,"parallelism":1,"seed":769951063141433795,"numFolds":3,"foldCol":""}}',
    );
  });

  it('models add their metrics as doubles; TrainValidationSplit writes trainRatio and its seed', () => {
    const { pipe, grid, evaluator, cv, va } = crossValidator();
    const cvm = new ml.CrossValidatorModel({
      bestModel: va,
      avgMetrics: [1, 0.5, 0.25, Number.NaN],
      stdMetrics: [0, 0.1, 0.2, 0.3],
      settings: cv.init,
      uid: 'CrossValidatorModel_62015e624a1d',
    });
    const m = parsePyJson(validatorMetadata(cvm, '4.1.1', 5).json) as Record<string, Record<string, unknown>>;
    expect(m.class).toBe('pyspark.ml.tuning.CrossValidatorModel');
    expect(Object.keys(m.paramMap)).toEqual(['seed', 'numFolds', 'foldCol', 'estimatorParamMaps']);
    expect(m.defaultParamMap).toEqual({ seed: 769951063141433795n, numFolds: 3, foldCol: '' });
    expect(validatorMetadata(cvm, '4.1.1', 5).json).toContain(
      '"avgMetrics":[1.0,0.5,0.25,NaN],"persistSubModels":false,"stdMetrics":[0.0,0.1,0.2,0.3]}',
    );
    const tvs = new ml.TrainValidationSplit({
      estimator: pipe,
      estimatorParamMaps: grid,
      evaluator,
      trainRatio: 0.5,
    });
    const t = validatorMetadata(tvs, '4.1.1', 5).json;
    expect(t).toContain(
      '"paramMap":{"collectSubModels":false,"parallelism":1,"seed":-3580212129356179973,"trainRatio":0.5,"estimatorParamMaps":',
    );
    expect(t).toContain(
      '"defaultParamMap":{"collectSubModels":false,"parallelism":1,"seed":-3580212129356179973,"trainRatio":0.75}}',
    );
    const tvsm = new ml.TrainValidationSplitModel({
      bestModel: va,
      validationMetrics: [1, 2, 3, 4],
      settings: tvs.init,
    });
    const tm = validatorMetadata(tvsm, '4.1.1', 5).json;
    expect(tm).toContain('"paramMap":{"seed":-3580212129356179973,"trainRatio":0.5,"estimatorParamMaps":');
    expect(tm.endsWith('"validationMetrics":[1.0,2.0,3.0,4.0],"persistSubModels":false}')).toBe(true);
    expect(tvsm.validationMetrics).toEqual([1, 2, 3, 4]);
    expect(tvsm.avgMetrics).toEqual([1, 2, 3, 4]);
    expect(cvm.extra.stdMetrics).toBe(cvm.stdMetrics);
  });

  it('values follow the param type: ints stay ints, doubles keep .0, arrays and strings as json.dumps', () => {
    const lr = new ml.LogisticRegression();
    const grid = new ml.ParamGridBuilder()
      .addGrid(lr, 'maxIter', [5])
      .addGrid(lr, 'thresholds', [[0.5, 1]])
      .addGrid(lr, 'family', ['multinomial'])
      .build();
    const cv = new ml.CrossValidator({
      estimator: lr,
      estimatorParamMaps: grid,
      evaluator: new ml.BinaryClassificationEvaluator(),
      seed: 123456789012345678901n,
    });
    const meta = parsePyJson(validatorMetadata(cv, '4.3.0').json) as {
      paramMap: { seed: bigint; estimatorParamMaps: { value: string }[][] };
    };
    expect(meta.paramMap.estimatorParamMaps[0].map((p) => p.value)).toEqual([
      '5',
      '[0.5, 1.0]',
      '"multinomial"',
    ]);
    expect(meta.paramMap.seed).toBe(123456789012345678901n);
  });

  it('refuses param maps PySpark could not load: unknown uid, vector values, duplicate uids', () => {
    const { lr, evaluator, pipe } = crossValidator();
    const stranger = new ml.LinearRegression();
    const bad = new ml.CrossValidator({
      estimator: pipe,
      estimatorParamMaps: new ml.ParamGridBuilder().addGrid(stranger, 'regParam', [0.1]).build(),
      evaluator,
    });
    expect(() => validatorMetadata(bad, '4.3.0')).toThrow(
      new RegExp(
        `estimatorParamMaps\\[0\\] sets ${stranger.uid}\\.regParam, but ${stranger.uid} is not a stage of the estimator`,
      ),
    );
    const vectors = new ml.CrossValidator({
      estimator: lr,
      estimatorParamMaps: [[[lr, 'lowerBoundsOnIntercepts', ml.Vectors.dense(0)]]],
      evaluator,
    });
    expect(() => validatorMetadata(vectors, '4.3.0')).toThrow(TypeError);
    expect(() => validatorMetadata(vectors, '4.3.0')).toThrow(
      /cannot be saved: PySpark keeps JSON values and stages only/,
    );
    const twice = new ml.Pipeline({ stages: [lr, lr] });
    expect(() => stagesByUid(twice)).toThrow(/duplicate uids/);
  });

  it('save() and load() check their arguments before any request', async () => {
    const { cv, grid, pipe } = crossValidator();
    await expect(cv.save('')).rejects.toThrow(new TypeError('save() takes a path'));
    await expect(ml.CrossValidator.load({} as SparkSession, '/tmp/x')).rejects.toThrow(
      new TypeError('load() takes a SparkSession first'),
    );
    await expect(
      ml.TrainValidationSplitModel.load(undefined as unknown as SparkSession, '/x'),
    ).rejects.toThrow(TypeError);
    class LocalEvaluator extends ml.Evaluator {
      async evaluate(): Promise<number> {
        return 0;
      }
    }
    const local = new ml.CrossValidator({
      estimator: pipe,
      estimatorParamMaps: grid,
      evaluator: new LocalEvaluator('Local', undefined),
    });
    await expect(local.save('/tmp/x')).rejects.toThrow(
      /the evaluator Local \(Local_[0-9a-f]{12}\) cannot be saved/,
    );
    expect(
      () =>
        new ml.CrossValidator({
          estimator: pipe,
          estimatorParamMaps: grid,
          evaluator: cv.init.evaluator,
          parallelism: 0,
        }),
    ).toThrow(/parallelism must be an integer >= 1/);
  });
});

describe('param maps saved by PySpark or Scala resolve to the loaded stages', () => {
  it("PySpark's param maps become [stage, name, value] entries of the stages with those uids", async () => {
    const { pipe, lr } = crossValidator();
    const maps = await decodeParamMaps(JSON.parse(PYSPARK_PARAM_MAPS), stagesByUid(pipe), true, noLoad);
    expect(maps.map((m) => m.map(([s, n, v]) => [s, n, v]))).toEqual([
      [
        [lr, 'regParam', 0.01],
        [lr, 'fitIntercept', true],
      ],
      [
        [lr, 'regParam', 0.01],
        [lr, 'fitIntercept', false],
      ],
      [
        [lr, 'regParam', 1],
        [lr, 'fitIntercept', true],
      ],
      [
        [lr, 'regParam', 1],
        [lr, 'fitIntercept', false],
      ],
    ]);
    expect(maps[0][0][0]).toBe(lr);
  });

  it("Scala's writer keeps isJson and stage paths as JSON text; stage values load from their path", async () => {
    const lr = new ml.LogisticRegression();
    const stages = stagesByUid(lr);
    const scala = [
      [
        { parent: lr.uid, name: 'maxIter', value: '7', isJson: 'true' },
        { parent: lr.uid, name: 'weightCol', value: '"epm_weightCol0"', isJson: 'false' },
      ],
    ];
    const seen: string[] = [];
    const maps = await decodeParamMaps(scala, stages, false, async (rel) => {
      seen.push(rel);
      return 'loaded';
    });
    expect(maps[0].map(([, n, v]) => [n, v])).toEqual([
      ['maxIter', 7],
      ['weightCol', 'loaded'],
    ]);
    expect(seen).toEqual(['epm_weightCol0']);
  });

  it('an unknown uid, an unknown param or a value of the wrong type is a TypeError', async () => {
    const lr = new ml.LogisticRegression();
    const stages = stagesByUid(lr);
    const one = (p: object) => decodeParamMaps([[p]], stages, true, noLoad);
    await expect(
      one({ parent: 'LinearRegression_000000000000', name: 'regParam', value: '0.1', isJson: true }),
    ).rejects.toThrow(
      new RegExp(
        `refers to LinearRegression_000000000000\\.regParam, but no loaded stage has uid LinearRegression_000000000000 \\(${lr.uid}\\)`,
      ),
    );
    await expect(one({ parent: lr.uid, name: 'k', value: '2', isJson: true })).rejects.toThrow(
      /has no param 'k'/,
    );
    await expect(one({ parent: lr.uid, name: 'maxIter', value: '"ten"', isJson: true })).rejects.toThrow(
      /param 'maxIter' takes int/,
    );
    await expect(decodeParamMaps({}, stages, true, noLoad)).rejects.toThrow(/no estimatorParamMaps list/);
  });
});

describe("Python's json for ML metadata", () => {
  it('parses 64-bit integers exactly, NaN and infinities, and nested values', () => {
    expect(
      parsePyJson('{"seed":-4551550271606189549,"m":[1.0,NaN,Infinity,-Infinity],"s":"\\u00e9","n":null}'),
    ).toEqual({
      seed: -4551550271606189549n,
      m: [1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
      s: 'é',
      n: null,
    });
    expect(parsePyJson(' [9007199254740991, 9007199254740993, 1e3] ')).toEqual([
      9007199254740991,
      9007199254740993n,
      1000,
    ]);
    expect(() => parsePyJson('{"a":1,}')).toThrow(SyntaxError);
    expect(() => parsePyJson('[1] x')).toThrow(/trailing characters/);
  });

  it('writes as json.dumps does: float markers, ASCII-only strings, both separator styles', () => {
    expect(dumpsPyJson([new PyFloat(1), 2, 2n ** 63n, 'é', { a: true }])).toBe(
      '[1.0, 2, 9223372036854775808, "\\u00e9", {"a": true}]',
    );
    expect(dumpsPyJson({ a: [new PyFloat(0.5), new PyFloat(Number.NaN)] }, true)).toBe('{"a":[0.5,NaN]}');
  });

  it("param map values follow the writer's Spark line: the value itself before 4.1, JSON text from 4.1", async () => {
    expect(writesRawValues('4.0.5')).toBe(true);
    expect(writesRawValues('3.5.7')).toBe(true);
    expect(writesRawValues('4.1.4')).toBe(false);
    expect(writesRawValues('4.3.0')).toBe(false);
    expect(writesRawValues(undefined)).toBe(false);
    const lr = new ml.LogisticRegression();
    const grid = new ml.ParamGridBuilder()
      .addGrid(lr, 'regParam', [0.01, 1])
      .addGrid(lr, 'fitIntercept', [false])
      .build();
    const raw = encodeParamMaps(lr, grid, true).encoded;
    const text = encodeParamMaps(lr, grid).encoded;
    expect(raw[1][0].value).toEqual(new PyFloat(1));
    expect(raw[1][1].value).toBe(false);
    expect(text[1][0].value).toBe('1.0');
    expect(text[1][1].value).toBe('false');
    // What PySpark 4.0 wrote loads with the values themselves.
    const stages = stagesByUid(lr);
    const saved = [[{ parent: lr.uid, name: 'regParam', value: 0.01, isJson: true }]];
    const maps = await decodeParamMaps(saved, stages, true, noLoad, true);
    expect(maps[0][0][2]).toBe(0.01);
    await expect(decodeParamMaps(saved, stages, true, noLoad)).rejects.toThrow(/has no JSON value/);
  });
});
