/** OneVsRest: param validation and the plan OneVsRestModel.transform builds, without a server. */
import { type JsonObject, type JsonValue, toJson } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { DataFrame } from '../../src/dataframe/dataframe.js';
import { RelationSchema } from '../../src/gen/spark/connect/relations_pb.js';
import { MlModelNotFoundError, ml, UnsupportedServerVersionError } from '../../src/index.js';
import { lowerPlan } from '../../src/plan/lower.js';
import { node } from '../../src/plan/nodes.js';
import type { SparkSession } from '../../src/session/spark-session.js';
import { featureGate } from './fake-session.js';

/** A session that only gates features and tracks models (nothing here reaches a server). */
function session(version = '4.1.0'): SparkSession {
  return {
    version,
    ...featureGate(version),
    isStopped: true, // release() then only marks the model released
    addStopHook: () => undefined,
  } as unknown as SparkSession;
}

function frame(s: SparkSession): DataFrame {
  return new DataFrame(s, node({ kind: 'range', start: 0n, end: 3n, step: 1n }));
}

function models(s: SparkSession, n: number): ml.LogisticRegressionModel[] {
  return Array.from({ length: n }, (_, i) => new ml.LogisticRegressionModel(s, `ref-${i}`));
}

type J = JsonObject;
const obj = (v: JsonValue | undefined): J => v as J;

/** The relation kinds from the root down the `input` chain (ML transforms by their model ref). */
function chain(rel: J): string[] {
  const out: string[] = [];
  let r: J | undefined = rel;
  while (r !== undefined) {
    const kind = Object.keys(r).find((k) => k !== 'common') as string;
    let body = obj(r[kind]);
    if (kind === 'mlRelation') {
      body = obj(body.transform);
      out.push(`transform(${obj(body.objRef).id})`);
    } else out.push(kind);
    r = body.input === undefined ? undefined : obj(body.input);
  }
  return out;
}

/** The relation at `depth` down the input chain. */
function at(rel: J, depth: number): J {
  let r = rel;
  for (let i = 0; i < depth; i++) {
    const kind = Object.keys(r).find((k) => k !== 'common') as string;
    const body = kind === 'mlRelation' ? obj(obj(r[kind]).transform) : obj(r[kind]);
    r = obj(body.input);
  }
  return r;
}

/** Every function name called in a JSON tree. */
function functionNames(v: JsonValue | undefined, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const e of v) functionNames(e, out);
  else if (v !== null && typeof v === 'object') {
    const f = (v as J).unresolvedFunction;
    if (f !== undefined) out.add(obj(f).functionName as string);
    for (const e of Object.values(v)) functionNames(e, out);
  }
  return out;
}

describe('OneVsRest params', () => {
  it("have PySpark's names and defaults, and its setters and getters", () => {
    const lr = new ml.LogisticRegression({ maxIter: 5 });
    const ovr = new ml.OneVsRest({ classifier: lr });
    expect(ovr.uid).toMatch(/^OneVsRest_[0-9a-f]{12}$/);
    expect([
      ovr.getLabelCol(),
      ovr.getFeaturesCol(),
      ovr.getPredictionCol(),
      ovr.getRawPredictionCol(),
      ovr.getParallelism(),
    ]).toEqual(['label', 'features', 'prediction', 'rawPrediction', 1]);
    expect(ovr.getClassifier()).toBe(lr);
    expect(ovr.isSet('weightCol')).toBe(false);
    expect(() => ovr.getWeightCol()).toThrow(/'weightCol' is not set and has no default/);
    ovr.setLabelCol('y').setWeightCol('w').setParallelism(3).setRawPredictionCol('raw');
    expect(ovr.explicitParams()).toMatchObject({
      labelCol: 'y',
      weightCol: 'w',
      parallelism: 3,
      rawPredictionCol: 'raw',
    });
    // Any classifier of Spark ML's classification package, typed or by Scala name.
    ovr.setClassifier(new ml.LinearSVC());
    ovr.setClassifier(
      new ml.JavaEstimator('org.apache.spark.ml.classification.FMClassifier', { factorSize: 2 }),
    );
    expect(ovr.getClassifier().className).toBe('org.apache.spark.ml.classification.FMClassifier');
  });

  it('refuse what is not a classifier, and bad values, with a TypeError naming the problem', () => {
    const wrong: [unknown, RegExp][] = [
      [
        new ml.KMeans(),
        /takes a classifier estimator.*got KMeans \(org\.apache\.spark\.ml\.clustering\.KMeans\)/,
      ],
      [new ml.LinearRegression(), /got LinearRegression/],
      [new ml.VectorAssembler(), /got VectorAssembler/],
      [new ml.OneVsRest(), /got OneVsRest/],
      ['LogisticRegression', /got string "LogisticRegression"/],
      [42, /got number 42/],
    ];
    for (const [value, message] of wrong) {
      expect(() => new ml.OneVsRest({ classifier: value as ml.Classifier })).toThrow(TypeError);
      expect(() => new ml.OneVsRest().set('classifier', value as ml.Classifier)).toThrow(message);
    }
    expect(() => new ml.OneVsRest({ parallelism: 0 })).toThrow(
      /'parallelism' takes an integer >= 1, got number 0/,
    );
    expect(() => new ml.OneVsRest({ parallelism: 1.5 })).toThrow(TypeError);
    expect(() => new ml.OneVsRest({ labelCol: 7 as unknown as string })).toThrow(
      /OneVsRest: param 'labelCol' takes string, got 7/,
    );
    expect(() => new ml.OneVsRest({ maxIter: 5 } as never)).toThrow(/OneVsRest has no param 'maxIter'/);
    expect(() => new ml.OneVsRest().getClassifier()).toThrow(
      /has no classifier: pass \{ classifier \} or call setClassifier/,
    );
  });

  it('fit checks its input, the classifier and the server before any request', async () => {
    const s = session();
    await expect(new ml.OneVsRest().fit(frame(s))).rejects.toThrow(/OneVsRest has no classifier/);
    const ovr = new ml.OneVsRest({ classifier: new ml.LogisticRegression() });
    await expect(ovr.fit('df' as unknown as DataFrame)).rejects.toThrow(
      /OneVsRest.fit\(\) takes a DataFrame/,
    );
    // Spark 3.5 has no Spark ML over Connect: the feature error, as every ML call.
    await expect(ovr.fit(frame(session('3.5.7')))).rejects.toThrow(UnsupportedServerVersionError);
  });

  it('copy keeps the uid and copies the classifier (as PySpark), leaving the original alone', () => {
    const lr = new ml.LogisticRegression({ maxIter: 5 });
    const ovr = new ml.OneVsRest({ classifier: lr });
    const c = ovr.copy({ labelCol: 'y' });
    expect([c.uid, c.getLabelCol(), ovr.getLabelCol()]).toEqual([ovr.uid, 'y', 'label']);
    expect(c.getClassifier()).not.toBe(lr);
    expect(c.getClassifier().uid).toBe(lr.uid);
    (c.getClassifier() as ml.LogisticRegression).setMaxIter(9);
    expect(lr.getMaxIter()).toBe(5);
  });

  it('OneVsRestModel takes fitted models only', () => {
    expect(() => new ml.OneVsRestModel([])).toThrow(/non-empty array of classification models/);
    expect(() => new ml.OneVsRestModel([new ml.LogisticRegression() as never])).toThrow(
      /models\[0\] is not a fitted model: LogisticRegression/,
    );
    const m = new ml.OneVsRestModel(models(session(), 3));
    expect(m.uid).toMatch(/^OneVsRestModel_[0-9a-f]{12}$/);
    expect(m.numClasses).toBe(3);
    expect(() => m.set('classifier', new ml.KMeans() as never)).toThrow(/takes a classifier estimator/);
    expect(m.hasParam('parallelism')).toBe(false);
  });
});

describe('OneVsRestModel.transform', () => {
  it("builds PySpark's plan: one transform per class, scores into an array, then vector and argmax", () => {
    const s = session();
    const df = frame(s);
    const model = new ml.OneVsRestModel(models(s, 3));
    const rel = toJson(RelationSchema, lowerPlan(model.transform(df).plan)) as J;
    const perClass = (i: number) => [
      'withColumnsRenamed',
      'project',
      'withColumns',
      'project',
      `transform(ref-${i})`,
    ];
    expect(chain(rel)).toEqual([
      'drop',
      'withColumns', // prediction
      'withColumns', // rawPrediction
      ...perClass(2),
      ...perClass(1),
      ...perClass(0),
      'withColumns', // the accumulator
      'range',
    ]);
    // The accumulator starts as an empty array<double>; the input's columns are kept by its plan id.
    const init = obj(at(rel, 18).withColumns);
    const accAlias = obj(obj(init.aliases as JsonValue[])[0]);
    const acc = (accAlias.name as string[])[0];
    expect(acc).toMatch(/^mbc\$acc[0-9a-f-]{36}$/);
    expect(obj(obj(accAlias.expr).cast)).toMatchObject({ typeStr: 'array<double>' });
    expect(obj(rel.drop).columnNames).toEqual([acc]);
    const inputPlanId = obj(at(rel, 19).common).planId;
    const select = obj(at(rel, 6).project).expressions as J[];
    expect(select[0]).toEqual({ unresolvedStar: { planId: inputPlanId } });
    expect(obj(select[1]).unresolvedAttribute).toEqual({ unparsedIdentifier: 'rawPrediction' });
    // rawPrediction[1] appended with PySpark's vector_get expression.
    const append = obj(obj(obj(at(rel, 5).withColumns).aliases as JsonValue[])[0]);
    expect(obj(obj(append.expr).unresolvedFunction).functionName).toBe('array_append');
    expect([...functionNames(append.expr as J)].sort()).toEqual(
      [
        '<',
        '==',
        '>=',
        'and',
        'array_append',
        'array_binary_search',
        'array_size',
        'get',
        'printf',
        'raise_error',
        'unwrap_udt',
        'when',
      ].sort(),
    );
    // rawPrediction = array_to_vector(acc); prediction = the argmax fold, cast to double.
    const raw = obj(obj(obj(at(rel, 2).withColumns).aliases as JsonValue[])[0]);
    expect(raw.name).toEqual(['rawPrediction']);
    expect(obj(obj(raw.expr).unresolvedFunction)).toMatchObject({
      functionName: 'array_to_vector',
      arguments: [{ unresolvedAttribute: { unparsedIdentifier: acc } }],
    });
    const pred = obj(obj(obj(at(rel, 1).withColumns).aliases as JsonValue[])[0]);
    expect(pred.name).toEqual(['prediction']);
    const cast = obj(obj(pred.expr).cast);
    expect(cast.type ?? cast.typeStr).toBeDefined();
    expect(obj(obj(cast.expr).unresolvedFunction).functionName).toBe('aggregate');
    expect(functionNames(cast.expr as J)).toEqual(
      new Set(['aggregate', 'struct', 'when', 'and', 'not', 'isNaN', 'isNull', '>', '+']),
    );
  });

  it('reads each sub-model from its own rawPredictionCol, and leaves out outputs set to ""', () => {
    const s = session();
    const subs = models(s, 2);
    subs[1].setRawPredictionCol('r1');
    const model = new ml.OneVsRestModel(subs).setPredictionCol('').setRawPredictionCol('scores');
    const rel = toJson(RelationSchema, lowerPlan(model.transform(frame(s)).plan)) as J;
    expect(chain(rel).slice(0, 3)).toEqual(['drop', 'withColumns', 'withColumnsRenamed']);
    expect(obj(obj(obj(at(rel, 1).withColumns).aliases as JsonValue[])[0]).name).toEqual(['scores']);
    const selected = (i: number) =>
      obj(obj(obj(at(rel, i).project).expressions as JsonValue[])[1]).unresolvedAttribute;
    expect(selected(5)).toEqual({ unparsedIdentifier: 'r1' }); // class 1
    expect(selected(10)).toEqual({ unparsedIdentifier: 'rawPrediction' }); // class 0
  });

  it('fails at once on a server without Spark ML, and on a released sub-model', async () => {
    const old = session('3.5.7');
    expect(() => new ml.OneVsRestModel(models(old, 2)).transform(frame(old))).toThrow(
      UnsupportedServerVersionError,
    );
    const s = session();
    const model = new ml.OneVsRestModel(models(s, 2));
    expect(model.isReleased).toBe(false);
    await model.release();
    expect(model.isReleased).toBe(true);
    expect(model.models.every((m) => m.isReleased)).toBe(true);
    expect(() => model.transform(frame(s))).toThrow(MlModelNotFoundError);
  });

  it('copy keeps the uid and the sub-models, with its own params', () => {
    const model = new ml.OneVsRestModel(models(session(), 2));
    const c = model.copy({ predictionCol: 'p' });
    expect([c.uid, c.getPredictionCol(), model.getPredictionCol()]).toEqual([model.uid, 'p', 'prediction']);
    expect(c.models.map((m) => m.refId)).toEqual(['ref-0', 'ref-1']);
  });
});

describe('OneVsRest save and load', () => {
  it('check their arguments before any request', async () => {
    const s = session();
    await expect(new ml.OneVsRest().save('/tmp/x', { session: s })).rejects.toThrow(
      /OneVsRest cannot be saved without a classifier/,
    );
    await expect(new ml.OneVsRestModel(models(s, 2)).save('')).rejects.toThrow(/save\(\) takes a path/);
    await expect(ml.OneVsRest.load('spark' as unknown as SparkSession, '/tmp/x')).rejects.toThrow(
      /load\(\) takes a SparkSession first/,
    );
  });
});
