/** Spark ML: params, plan lowering and command shapes, without a server. */
import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { DataFrame } from '../../src/dataframe/dataframe.js';
import {
  type ExecutePlanResponse,
  ExecutePlanResponseSchema,
  type Plan,
} from '../../src/gen/spark/connect/base_pb.js';
import { MlOperator_OperatorType } from '../../src/gen/spark/connect/ml_common_pb.js';
import { ml, UnsupportedServerVersionError } from '../../src/index.js';
import {
  linalgFromLiteral,
  linalgFromStruct,
  linalgToLiteral,
  MATRIX_UDT,
  VECTOR_UDT,
} from '../../src/ml/linalg.js';
import { lowerPlan } from '../../src/plan/lower.js';
import { node } from '../../src/plan/nodes.js';
import type { SparkSession } from '../../src/session/spark-session.js';
import { featureGate } from './fake-session.js';

/** A session that records plans and answers every ML command with a model reference. */
function mlSession(version = '4.1.0') {
  const plans: Plan[] = [];
  const hooks: (() => Promise<void>)[] = [];
  const session = {
    version,
    ...featureGate(version),
    isStopped: false,
    addStopHook: (h: () => Promise<void>) => hooks.push(h),
    execute(plan: Plan): AsyncIterable<ExecutePlanResponse> {
      plans.push(plan);
      const isFetch = mlCommand(plan).case === 'fetch';
      return (async function* () {
        if (isFetch) {
          yield create(ExecutePlanResponseSchema, {
            responseType: {
              case: 'mlCommandResult',
              value: { resultType: { case: 'param', value: { literalType: { case: 'double', value: 1 } } } },
            },
          });
          return;
        }
        yield create(ExecutePlanResponseSchema, {
          responseType: {
            case: 'mlCommandResult',
            value: {
              resultType: {
                case: 'operatorInfo',
                value: { type: { case: 'objRef', value: { id: 'ref-1' } } },
              },
            },
          },
        });
      })();
    },
  } as unknown as SparkSession;
  return {
    session,
    plans,
    hooks,
    df: new DataFrame(session, node({ kind: 'range', start: 0n, end: 3n, step: 1n })),
  };
}

function mlCommand(p: Plan) {
  if (p.opType.case !== 'command' || p.opType.value.commandType.case !== 'mlCommand')
    throw new Error('not an ML command');
  return p.opType.value.commandType.value.command;
}

describe('ML params', () => {
  it('have PySpark names and defaults; only explicitly set params are sent, typed by the param', () => {
    const lr = new ml.LogisticRegression({ maxIter: 10, regParam: 0 });
    expect(lr.uid).toMatch(/^LogisticRegression_[0-9a-f]{12}$/);
    expect(lr.getOrDefault('maxIter')).toBe(10);
    expect(lr.getOrDefault('tol')).toBe(1e-6);
    expect(lr.getOrDefault('family')).toBe('auto');
    expect(lr.isSet('tol')).toBe(false);
    expect(lr.isDefined('weightCol')).toBe(false);
    expect(() => lr.getOrDefault('weightCol')).toThrow(/not set and has no default/);
    const sent = lr.toMlParams().params;
    expect(Object.keys(sent).sort()).toEqual(['maxIter', 'regParam']);
    expect(sent.maxIter.literalType).toEqual({ case: 'integer', value: 10 });
    // 0 is an integer in JS, but regParam is a double param.
    expect(sent.regParam.literalType).toEqual({ case: 'double', value: 0 });
    const rf = new ml.RandomForestClassifier({ seed: 42 });
    expect(rf.toMlParams().params.seed.literalType).toEqual({ case: 'long', value: 42n });
    const va = new ml.VectorAssembler({ inputCols: ['a', 'b'] });
    const cols = va.toMlParams().params.inputCols.literalType;
    expect(cols.case).toBe('array');
    expect(cols.case === 'array' && cols.value.elements.map((e) => e.literalType.value)).toEqual(['a', 'b']);
  });

  it('reject unknown names and wrong value types with a TypeError naming the param', () => {
    expect(() => new ml.KMeans({ k: 2.5 })).toThrow("KMeans: param 'k' takes int, got 2.5");
    expect(() => new ml.LogisticRegression({ family: 3 } as never)).toThrow(/param 'family' takes string/);
    expect(() => new ml.KMeans().set('nope' as never, 1 as never)).toThrow(
      /KMeans has no param 'nope'; its params: /,
    );
    expect(() => new ml.VectorAssembler({ inputCols: ['a', 1] as never })).toThrow(
      /inputCols\[1\]' takes string/,
    );
    expect(
      () => new ml.LogisticRegression({ lowerBoundsOnCoefficients: ml.Vectors.dense(1) as never }),
    ).toThrow(/takes matrix/);
  });

  it('copy() keeps the uid and isolates the values; isLargerBetter follows the metric', () => {
    const km = new ml.KMeans({ k: 2 });
    const c = km.copy({ k: 5 });
    expect([c.uid, c.getOrDefault('k'), km.getOrDefault('k')]).toEqual([km.uid, 5, 2]);
    expect(c).toBeInstanceOf(ml.KMeans);
    expect(new ml.RegressionEvaluator().isLargerBetter()).toBe(false); // rmse
    expect(new ml.RegressionEvaluator({ metricName: 'r2' }).isLargerBetter()).toBe(true);
    expect(new ml.MulticlassClassificationEvaluator({ metricName: 'logLoss' }).isLargerBetter()).toBe(false);
    expect(new ml.BinaryClassificationEvaluator().isLargerBetter()).toBe(true);
  });

  it("setX / getX accessors under PySpark's names, checked and chainable", () => {
    const lr = new ml.LogisticRegression().setMaxIter(5).setRegParam(0.1).setFamily('binomial');
    expect([lr.getMaxIter(), lr.getRegParam(), lr.getFamily(), lr.getTol()]).toEqual([
      5,
      0.1,
      'binomial',
      1e-6,
    ]);
    expect(lr.explicitParams()).toEqual({ maxIter: 5, regParam: 0.1, family: 'binomial' });
    expect(() => lr.setMaxIter(1.5)).toThrow(/takes int/);
    expect(() => lr.getWeightCol()).toThrow(/param 'weightCol' is not set and has no default/);
    const va = new ml.VectorAssembler().setInputCols(['a', 'b']).setOutputCol('features');
    expect([va.getInputCols(), va.getOutputCol(), va.getHandleInvalid()]).toEqual([
      ['a', 'b'],
      'features',
      'error',
    ]);
    expect(new ml.RegressionEvaluator().setMetricName('mae').getMetricName()).toBe('mae');
    expect(ml.LogisticRegression.className).toBe('org.apache.spark.ml.classification.LogisticRegression');
    expect(ml.LogisticRegression.name).toBe('LogisticRegression');
    expect(typeof (lr as unknown as Record<string, unknown>).setBogus).toBe('undefined');
  });

  it('ParamGridBuilder builds the product, last grid fastest, and checks values', () => {
    const lr = new ml.LogisticRegression();
    const grid = new ml.ParamGridBuilder()
      .addGrid(lr, 'regParam', [0.1, 1])
      .addGrid(lr, 'maxIter', [5, 10, 20])
      .build();
    expect(grid.map((m) => m.map(([, n, v]) => `${n}=${v}`).join(','))).toEqual([
      'regParam=0.1,maxIter=5',
      'regParam=0.1,maxIter=10',
      'regParam=0.1,maxIter=20',
      'regParam=1,maxIter=5',
      'regParam=1,maxIter=10',
      'regParam=1,maxIter=20',
    ]);
    expect(() => new ml.ParamGridBuilder().addGrid(lr, 'maxIter', [1.5])).toThrow(/takes int/);
  });
});

describe('ML plan lowering', () => {
  it('a stateless transformer lowers to MlRelation.Transform with its class, uid and params', () => {
    const { df } = mlSession();
    const tok = new ml.Tokenizer({ inputCol: 'text', outputCol: 'words' });
    const rel = lowerPlan(tok.transform(df).plan);
    expect(rel.relType.case).toBe('mlRelation');
    const t =
      rel.relType.case === 'mlRelation' && rel.relType.value.mlType.case === 'transform'
        ? rel.relType.value.mlType.value
        : undefined;
    expect(t?.operator.case).toBe('transformer');
    expect(t?.operator.value).toMatchObject({
      name: 'org.apache.spark.ml.feature.Tokenizer',
      uid: tok.uid,
      type: MlOperator_OperatorType.TRANSFORMER,
    });
    expect(Object.keys(t?.params?.params ?? {}).sort()).toEqual(['inputCol', 'outputCol']);
    expect(t?.input?.relType.case).toBe('range');
  });

  it('fit sends one MlCommand.fit; the model transforms by reference and fetches attributes and summaries', async () => {
    const { session, df, plans, hooks } = mlSession();
    const lr = new ml.LogisticRegression({ maxIter: 3 });
    const model = await lr.fit(df);
    const fit = mlCommand(plans[0]);
    expect(fit.case).toBe('fit');
    expect(fit.case === 'fit' && fit.value.estimator).toMatchObject({
      name: 'org.apache.spark.ml.classification.LogisticRegression',
      uid: lr.uid,
      type: MlOperator_OperatorType.ESTIMATOR,
    });
    expect(fit.case === 'fit' && Object.keys(fit.value.params?.params ?? {})).toEqual(['maxIter']);
    expect(fit.case === 'fit' && fit.value.dataset?.relType.case).toBe('range');
    expect([model.refId, model.uid, model.getOrDefault('maxIter')]).toEqual(['ref-1', lr.uid, 3]);
    expect(model).toBeInstanceOf(ml.LogisticRegressionModel);

    const tr = lowerPlan(model.transform(df).plan);
    const t =
      tr.relType.case === 'mlRelation' && tr.relType.value.mlType.case === 'transform'
        ? tr.relType.value.mlType.value
        : undefined;
    expect(t?.operator).toMatchObject({ case: 'objRef', value: { id: 'ref-1' } });

    const roc = lowerPlan(model.summary.frame('roc').plan);
    const f = roc.relType.case === 'mlRelation' ? roc.relType.value : undefined;
    expect(f?.mlType.case).toBe('fetch');
    expect(f?.mlType.case === 'fetch' && f.mlType.value.methods.map((m) => m.method)).toEqual([
      'summary',
      'roc',
    ]);
    expect(f?.modelSummaryDataset?.relType.case).toBe('range'); // LR's summary is over the training data

    expect(await model.attr('predict', ml.Vectors.dense(1, 2))).toBe(1);
    const fetch = mlCommand(plans[plans.length - 1]);
    expect(fetch.case === 'fetch' && fetch.value.methods[0].method).toBe('predict');
    const arg = fetch.case === 'fetch' ? fetch.value.methods[0].args[0].argsType : undefined;
    expect(arg?.case === 'param' && linalgFromLiteral(arg.value)).toEqual(ml.Vectors.dense(1, 2));

    // Session stop deletes the live models.
    await hooks[0]();
    const del = mlCommand(plans[plans.length - 1]);
    expect(del.case === 'delete' && del.value.objRefs.map((r) => r.id)).toEqual(['ref-1']);
    expect(model.isReleased).toBe(true);
    expect(() => model.transform(df)).toThrow(/was released \(its session was stopped\)/);
    expect(session).toBeDefined();
  });
});

describe('ML feature gate', () => {
  it('needs Spark 4.0: older servers get UnsupportedServerVersionError from the feature table', async () => {
    const { df } = mlSession('3.5.7');
    expect(() => new ml.Tokenizer().transform(df)).toThrow(UnsupportedServerVersionError);
    await expect(new ml.KMeans().fit(df)).rejects.toThrow(
      /Spark ML .* needs Spark 4\.0 or newer; this server runs Spark 3\.5\.7/,
    );
  });
});

describe('ML vectors and matrices', () => {
  it('round-trip through the UDT struct literal and decode from the struct fields', () => {
    const values = [
      ml.Vectors.dense(1, -2.5),
      ml.Vectors.sparse(5, [1, 4], [3, 7]),
      ml.Matrices.dense(2, 2, [1, 2, 3, 4]),
      ml.Matrices.sparse(2, 2, [0, 1, 2], [1, 0], [5, 6]),
    ];
    for (const v of values) expect(linalgFromLiteral(linalgToLiteral(v))).toEqual(v);
    const lit = linalgToLiteral(ml.Vectors.dense(1));
    expect(lit.literalType.case === 'struct' && lit.literalType.value.structType?.kind).toMatchObject({
      case: 'udt',
      value: { jvmClass: VECTOR_UDT },
    });
    expect(linalgFromStruct(VECTOR_UDT, [0, 3, [2], [9]])).toEqual(ml.Vectors.sparse(3, [2], [9]));
    expect(linalgFromStruct(MATRIX_UDT, [1, 1, 2, null, null, [4, 5], true]).toArray()).toEqual([[4, 5]]);
    expect(ml.Vectors.sparse(3, [1], [7]).toArray()).toEqual([0, 7, 0]);
    expect(ml.Matrices.sparse(2, 2, [0, 1, 2], [1, 0], [5, 6]).toArray()).toEqual([
      [0, 6],
      [5, 0],
    ]);
    expect(() => ml.Vectors.sparse(3, [2, 1], [1, 1])).toThrow(/strictly increasing/);
    expect(() => linalgFromStruct(VECTOR_UDT, [7, null, null, []])).toThrow(/type tag 7/);
  });
});
