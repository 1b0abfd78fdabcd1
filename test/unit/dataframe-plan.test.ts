import { describe, expect, it } from 'vitest';
import { DataFrame } from '../../src/dataframe/dataframe.js';
import { UnsupportedServerVersionError } from '../../src/errors/base.js';
import type { Expression } from '../../src/gen/spark/connect/expressions_pb.js';
import {
  Aggregate_GroupType,
  Join_JoinType,
  type Relation,
  SetOperation_SetOpType,
} from '../../src/gen/spark/connect/relations_pb.js';
import { col, expr, functions as F, lit } from '../../src/index.js';
import { lowerPlan } from '../../src/plan/lower.js';
import { node } from '../../src/plan/nodes.js';
import type { SparkSession } from '../../src/session/spark-session.js';
import { featureGate } from './fake-session.js';

function fakeSession(version: string, sessionId = 's1'): SparkSession {
  return {
    version,
    sessionId,
    ...featureGate(version),
  } as unknown as SparkSession;
}

const spark = fakeSession('4.1.0');
const df = new DataFrame(spark, node({ kind: 'range', start: 0n, end: 10n, step: 1n }));
const other = new DataFrame(spark, node({ kind: 'table', name: 't', options: {} }));

type RelType = Relation['relType'];
type Case = NonNullable<RelType['case']>;
type ValueOf<C extends Case> = Extract<RelType, { case: C }>['value'];

/** Lowers a DataFrame and returns the value of its root relation, checking the case and plan id. */
function lowered<C extends Case>(d: DataFrame, c: C): ValueOf<C> {
  const r = lowerPlan(d.plan);
  expect(r.relType.case).toBe(c);
  expect(r.common?.planId).toBe(BigInt(d.plan.planId));
  return r.relType.value as ValueOf<C>;
}

function attr(e: Expression | undefined): string | undefined {
  return e?.exprType.case === 'unresolvedAttribute' ? e.exprType.value.unparsedIdentifier : undefined;
}

function fnName(e: Expression | undefined): string | undefined {
  return e?.exprType.case === 'unresolvedFunction' ? e.exprType.value.functionName : undefined;
}

function inputIs(v: { input?: Relation }, d: DataFrame = df): void {
  expect(v.input?.common?.planId).toBe(BigInt(d.plan.planId));
}

describe('DataFrame column operations lower to their relations', () => {
  it('withColumnRenamed / withColumnsRenamed send one form: the 4.x list, or the map to 3.5', () => {
    const v = lowered(df.withColumnsRenamed({ a: 'x', b: 'y' }), 'withColumnsRenamed');
    inputIs(v);
    expect(v.renameColumnsMap).toEqual({});
    expect(v.renames.map((r) => [r.colName, r.newColName])).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
    const old = lowered(
      new DataFrame(fakeSession('3.5.7'), df.plan).withColumnsRenamed({ a: 'x' }),
      'withColumnsRenamed',
    );
    expect(old.renameColumnsMap).toEqual({ a: 'x' });
    expect(old.renames).toEqual([]);
    const one = lowered(df.withColumnRenamed('a', 'b'), 'withColumnsRenamed');
    expect(one.renames.map((r) => [r.colName, r.newColName])).toEqual([['a', 'b']]);
    expect(() => df.withColumnsRenamed({ a: 1 } as never)).toThrow(/new name of 'a'/);
    expect(() => df.withColumnsRenamed('a' as never)).toThrow(TypeError);
  });

  it('drop keeps names and Columns apart', () => {
    const v = lowered(df.drop('a', col('b'), 'c'), 'drop');
    inputIs(v);
    expect(v.columnNames).toEqual(['a', 'c']);
    expect(v.columns.map(attr)).toEqual(['b']);
    expect(() => df.drop(1 as never)).toThrow(/column names or Columns/);
  });

  it('toDF, to(schema), withMetadata, toJSON, colRegex, metadataColumn', () => {
    expect(lowered(df.toDF('x', 'y'), 'toDf').columnNames).toEqual(['x', 'y']);
    const to = lowered(df.to('id bigint, name string'), 'toSchema');
    expect(to.schema?.kind.case).toBe('struct');
    expect(() => df.to(42 as never)).toThrow(TypeError);
    const md = lowered(df.withMetadata('id', { comment: 'c' }), 'withColumns');
    expect(md.aliases[0].metadata).toBe('{"comment":"c"}');
    expect(
      md.aliases[0].expr?.exprType.case === 'unresolvedAttribute' && md.aliases[0].expr.exprType.value.planId,
    ).toBe(BigInt(df.plan.planId));
    const json = lowered(df.toJSON(), 'project').expressions[0];
    expect(json.exprType.case === 'alias' && json.exprType.value.name).toEqual(['value']);
    if (json.exprType.case !== 'alias') return;
    expect(fnName(json.exprType.value.expr)).toBe('to_json');
    const re = df.colRegex('`a.*`').node;
    expect(re).toEqual({ kind: 'regex', pattern: '`a.*`', planId: df.plan.planId });
    expect(df.metadataColumn('_metadata').node).toEqual({
      kind: 'attribute',
      name: '_metadata',
      planId: df.plan.planId,
      isMetadataColumn: true,
    });
  });

  it('transform calls the function and insists on a DataFrame', () => {
    const t = df.transform((d, n: number) => d.limit(n), 3);
    expect(lowered(t, 'limit').limit).toBe(3);
    expect(() => df.transform(() => 1 as never)).toThrow(/not a DataFrame/);
  });

  it('distinct / dropDuplicates / dropDuplicatesWithinWatermark', () => {
    const d = lowered(df.distinct(), 'deduplicate');
    expect([d.allColumnsAsKeys, d.columnNames, d.withinWatermark]).toEqual([true, [], undefined]);
    const s = lowered(df.dropDuplicates(['a', 'b']), 'deduplicate');
    expect([s.allColumnsAsKeys, s.columnNames]).toEqual([false, ['a', 'b']]);
    expect(lowered(df.drop_duplicates(), 'deduplicate').allColumnsAsKeys).toBe(true);
    const w = lowered(df.dropDuplicatesWithinWatermark(['a']), 'deduplicate');
    expect([w.columnNames, w.withinWatermark]).toEqual([['a'], true]);
    expect(() => df.dropDuplicates('a' as never)).toThrow(/array of column names/);
    expect(() => df.dropDuplicates([1] as never)).toThrow(/column name strings/);
  });
});

describe('aggregation lowers to Aggregate relations', () => {
  it('groupBy().agg with Columns or a { col: fn } object; count; DataFrame.agg', () => {
    const a = lowered(df.groupBy('k', col('j')).agg(F.sum('v'), F.max('v')), 'aggregate');
    inputIs(a);
    expect(a.groupType).toBe(Aggregate_GroupType.GROUPBY);
    expect(a.groupingExpressions.map(attr)).toEqual(['k', 'j']);
    expect(a.aggregateExpressions.map(fnName)).toEqual(['sum', 'max']);
    const d = lowered(df.groupby(['k']).agg({ v: 'max', w: 'avg' }), 'aggregate');
    expect(d.aggregateExpressions.map(fnName)).toEqual(['max', 'avg']);
    expect(
      d.aggregateExpressions.map(
        (e) => e.exprType.case === 'unresolvedFunction' && attr(e.exprType.value.arguments[0]),
      ),
    ).toEqual(['v', 'w']);
    const c = lowered(df.groupBy('k').count(), 'aggregate').aggregateExpressions[0];
    expect(c.exprType.case === 'alias' && c.exprType.value.name).toEqual(['count']);
    const whole = lowered(df.agg({ v: 'min' }), 'aggregate');
    expect([whole.groupingExpressions.length, whole.aggregateExpressions.map(fnName)]).toEqual([0, ['min']]);
    expect(() => df.agg()).toThrow(/at least one/);
    expect(() => df.groupBy('k').agg('v' as never)).toThrow(TypeError);
    expect(() => df.groupBy('k').agg({ v: 1 } as never)).toThrow(/function name/);
  });

  it('sum / avg / mean / min / max with names; without names they wait for the schema', () => {
    const s = lowered(df.groupBy('k').sum('a', 'b'), 'aggregate');
    expect(s.aggregateExpressions.map(fnName)).toEqual(['sum', 'sum']);
    expect(lowered(df.groupBy('k').mean('a'), 'aggregate').aggregateExpressions.map(fnName)).toEqual(['avg']);
    expect(lowered(df.groupBy('k').min('a'), 'aggregate').aggregateExpressions.map(fnName)).toEqual(['min']);
    expect(lowered(df.groupBy('k').max('a'), 'aggregate').aggregateExpressions.map(fnName)).toEqual(['max']);
    const deferred = df.groupBy('k').avg();
    expect(() => lowerPlan(deferred.plan)).toThrow(/needs the input schema/);
    const p = deferred.plan;
    if (p.kind !== 'aggregate' || p.numeric === undefined) throw new Error('expected a numeric aggregation');
    p.numeric.columns = ['x', 'y'];
    expect(lowered(deferred, 'aggregate').aggregateExpressions.map(fnName)).toEqual(['avg', 'avg']);
    expect(() => df.groupBy('k').sum(1 as never)).toThrow(/column names/);
  });

  it('rollup, cube, pivot (with and without values), groupingSets', () => {
    expect(lowered(df.rollup('a', 'b').count(), 'aggregate').groupType).toBe(Aggregate_GroupType.ROLLUP);
    expect(lowered(df.cube('a').count(), 'aggregate').groupType).toBe(Aggregate_GroupType.CUBE);
    const p = lowered(df.groupBy('year').pivot('course', ['java', 'net']).sum('earnings'), 'aggregate');
    expect(p.groupType).toBe(Aggregate_GroupType.PIVOT);
    expect(attr(p.pivot?.col)).toBe('course');
    expect(p.pivot?.col?.exprType.case === 'unresolvedAttribute' && p.pivot.col.exprType.value.planId).toBe(
      BigInt(df.plan.planId),
    );
    expect(p.pivot?.values.map((v) => v.literalType.value)).toEqual(['java', 'net']);
    expect(lowered(df.groupBy('y').pivot(col('c')).count(), 'aggregate').pivot?.values).toEqual([]);
    expect(() => df.rollup('a').pivot('b')).toThrow(/not supported after rollup/);
    expect(() => df.groupBy('a').pivot('b').pivot('c')).toThrow(/cannot be repeated/);
    const g = lowered(df.groupingSets([['a', 'b'], ['a'], []], 'a', 'b').count(), 'aggregate');
    expect(g.groupType).toBe(Aggregate_GroupType.GROUPING_SETS);
    expect(g.groupingSets.map((s) => s.groupingSet.map(attr))).toEqual([['a', 'b'], ['a'], []]);
    expect(g.groupingExpressions.map(attr)).toEqual(['a', 'b']);
  });

  it('groupingSets and transpose need Spark 4.0: a clear error on 3.5', () => {
    const old = new DataFrame(fakeSession('3.5.7'), df.plan);
    expect(() => old.groupingSets([['a']], 'a')).toThrow(UnsupportedServerVersionError);
    expect(() => old.groupingSets([['a']], 'a')).toThrow(/Spark 4\.0 or newer.*3\.5\.7/);
    expect(() => old.transpose()).toThrow(UnsupportedServerVersionError);
    expect(lowered(df.transpose('name'), 'transpose').indexColumns.map(attr)).toEqual(['name']);
  });
});

describe('joins and set operations', () => {
  it('accepts every PySpark join type spelling', () => {
    const expected: Record<string, Join_JoinType> = {
      inner: Join_JoinType.INNER,
      cross: Join_JoinType.CROSS,
      outer: Join_JoinType.FULL_OUTER,
      full: Join_JoinType.FULL_OUTER,
      fullouter: Join_JoinType.FULL_OUTER,
      full_outer: Join_JoinType.FULL_OUTER,
      left: Join_JoinType.LEFT_OUTER,
      leftouter: Join_JoinType.LEFT_OUTER,
      left_outer: Join_JoinType.LEFT_OUTER,
      right: Join_JoinType.RIGHT_OUTER,
      rightouter: Join_JoinType.RIGHT_OUTER,
      right_outer: Join_JoinType.RIGHT_OUTER,
      semi: Join_JoinType.LEFT_SEMI,
      leftsemi: Join_JoinType.LEFT_SEMI,
      left_semi: Join_JoinType.LEFT_SEMI,
      anti: Join_JoinType.LEFT_ANTI,
      leftanti: Join_JoinType.LEFT_ANTI,
      left_anti: Join_JoinType.LEFT_ANTI,
      LEFT_OUTER: Join_JoinType.LEFT_OUTER,
    };
    for (const [how, t] of Object.entries(expected)) {
      expect(lowered(df.join(other, 'id', how), 'join').joinType).toBe(t);
    }
    expect(lowered(df.join(other, 'id'), 'join').joinType).toBe(Join_JoinType.INNER);
  });

  it('an unknown join type is a TypeError listing the valid ones', () => {
    expect(() => df.join(other, 'id', 'sideways')).toThrow(TypeError);
    expect(() => df.join(other, 'id', 'sideways')).toThrow(
      /Unsupported join type "sideways".*'inner'.*'full_outer'.*'left_semi'.*'left_anti'/,
    );
    expect(() => df.join(other, 'id', 3 as never)).toThrow(/Unsupported join type 3/);
  });

  it('on: a name or names (using), a Column or Columns (ANDed), or nothing', () => {
    const using = lowered(df.join(other, ['a', 'b'], 'left'), 'join');
    expect([using.usingColumns, using.joinCondition]).toEqual([['a', 'b'], undefined]);
    expect(using.left?.common?.planId).toBe(BigInt(df.plan.planId));
    expect(using.right?.common?.planId).toBe(BigInt(other.plan.planId));
    expect(lowered(df.join(other, 'a'), 'join').usingColumns).toEqual(['a']);
    const cond = lowered(df.join(other, df.col('a').eq(other.col('a'))), 'join');
    expect([cond.usingColumns, fnName(cond.joinCondition)]).toEqual([[], '==']);
    const both = lowered(df.join(other, [col('a').eq(col('b')), col('c').gt(1)]), 'join');
    expect(fnName(both.joinCondition)).toBe('and');
    const none = lowered(df.join(other), 'join');
    expect([none.usingColumns, none.joinCondition]).toEqual([[], undefined]);
    expect(() => df.join(other, ['a', col('b')] as never)).toThrow(/all column names or all Columns/);
    expect(() => df.join(other, 5 as never)).toThrow(TypeError);
    expect(() => df.join('t' as never)).toThrow(/takes a DataFrame/);
    const foreign = new DataFrame(fakeSession('4.1.0', 's2'), other.plan);
    expect(() => df.join(foreign, 'id')).toThrow(/same SparkSession/);
    expect(lowered(df.crossJoin(other), 'join').joinType).toBe(Join_JoinType.CROSS);
  });

  it('union, unionAll, unionByName, intersect(All), subtract, exceptAll', () => {
    const cases: [DataFrame, SetOperation_SetOpType, boolean, boolean, boolean][] = [
      [df.union(other), SetOperation_SetOpType.UNION, true, false, false],
      [df.unionAll(other), SetOperation_SetOpType.UNION, true, false, false],
      [df.unionByName(other), SetOperation_SetOpType.UNION, true, true, false],
      [df.unionByName(other, true), SetOperation_SetOpType.UNION, true, true, true],
      [df.intersect(other), SetOperation_SetOpType.INTERSECT, false, false, false],
      [df.intersectAll(other), SetOperation_SetOpType.INTERSECT, true, false, false],
      [df.subtract(other), SetOperation_SetOpType.EXCEPT, false, false, false],
      [df.exceptAll(other), SetOperation_SetOpType.EXCEPT, true, false, false],
    ];
    for (const [d, op, isAll, byName, allowMissing] of cases) {
      const v = lowered(d, 'setOp');
      expect([v.setOpType, v.isAll, v.byName, v.allowMissingColumns]).toEqual([
        op,
        isAll,
        byName,
        allowMissing,
      ]);
      expect(v.leftInput?.common?.planId).toBe(BigInt(df.plan.planId));
      expect(v.rightInput?.common?.planId).toBe(BigInt(other.plan.planId));
    }
    expect(() => df.unionByName(other, 'yes' as never)).toThrow(/boolean/);
  });
});

describe('ordering, sampling, partitioning, hints', () => {
  it('sortWithinPartitions is a local sort', () => {
    const v = lowered(df.sortWithinPartitions('a', col('b').desc()), 'sort');
    expect([v.isGlobal, v.order.map((o) => o.direction)]).toEqual([false, [1, 2]]);
    expect(() => df.sortWithinPartitions()).toThrow(/at least one column/);
  });

  it("sample takes PySpark's flexible arguments and fixes a seed", () => {
    const a = lowered(df.sample(0.5, 42), 'sample');
    expect([a.lowerBound, a.upperBound, a.withReplacement, a.seed, a.deterministicOrder]).toEqual([
      0,
      0.5,
      false,
      42n,
      false,
    ]);
    const b = lowered(df.sample(true, 0.3, 7n), 'sample');
    expect([b.withReplacement, b.upperBound, b.seed]).toEqual([true, 0.3, 7n]);
    const c = lowered(df.sample({ fraction: 0.2 }), 'sample');
    expect(typeof c.seed).toBe('bigint');
    const s = df.sample(0.1);
    expect(lowered(s, 'sample').seed).toBe(lowered(s, 'sample').seed); // fixed at creation
    expect(() => df.sample(-0.1)).toThrow(/non-negative/);
    expect(() => df.sample(0.1, 1.5)).toThrow(/integer/);
    expect(() => df.sample(0.1 as never, 1, 2)).toThrow(/withReplacement first/);
    expect(() => df.sample('x' as never)).toThrow(TypeError);
  });

  it('randomSplit normalizes weights into adjacent deterministic ranges with one seed', () => {
    const parts = df.randomSplit([1, 3], 5);
    const v = parts.map((p) => lowered(p, 'sample'));
    expect(v.map((x) => [x.lowerBound, x.upperBound, x.seed, x.deterministicOrder])).toEqual([
      [0, 0.25, 5n, true],
      [0.25, 1, 5n, true],
    ]);
    expect(() => df.randomSplit([1, -1])).toThrow(/non-negative/);
    expect(() => df.randomSplit([0, 0])).toThrow(/sum/);
  });

  it('repartition, repartitionByRange, coalesce', () => {
    expect(lowered(df.repartition(4), 'repartition')).toMatchObject({ numPartitions: 4, shuffle: true });
    const byCol = lowered(df.repartition(3, 'a', col('b')), 'repartitionByExpression');
    expect([byCol.numPartitions, byCol.partitionExprs.map(attr)]).toEqual([3, ['a', 'b']]);
    const onlyCols = lowered(df.repartition('a'), 'repartitionByExpression');
    expect([onlyCols.numPartitions, onlyCols.partitionExprs.map(attr)]).toEqual([undefined, ['a']]);
    const range = lowered(df.repartitionByRange(2, 'a', col('b').desc()), 'repartitionByExpression');
    expect(
      range.partitionExprs.map((e) => e.exprType.case === 'sortOrder' && e.exprType.value.direction),
    ).toEqual([1, 2]);
    expect(lowered(df.repartitionByRange('a'), 'repartitionByExpression').numPartitions).toBeUndefined();
    expect(lowered(df.coalesce(1), 'repartition')).toMatchObject({ numPartitions: 1, shuffle: false });
    expect(() => df.repartition(0)).toThrow(/positive/);
    expect(() => df.coalesce(1.5)).toThrow(/positive/);
    expect(() => df.repartitionByRange(2)).toThrow(/at least one column/);
  });

  it('hint carries literal, list and Column parameters', () => {
    const h = lowered(df.hint('repartition', 3, 'a', [1, 2], col('c')), 'hint');
    expect(h.name).toBe('repartition');
    expect(h.parameters.map((p) => p.exprType.case)).toEqual([
      'literal',
      'literal',
      'literal',
      'unresolvedAttribute',
    ]);
    expect(
      h.parameters[2].exprType.case === 'literal' && h.parameters[2].exprType.value.literalType.case,
    ).toBe('array');
    expect(lowered(df.hint('broadcast'), 'hint').parameters).toEqual([]);
    expect(() => df.hint('x', {} as never)).toThrow(/hint\(\) parameters/);
    expect(() => df.hint('')).toThrow(/non-empty/);
  });
});

describe('reshaping, streaming, observation', () => {
  it('unpivot / melt with explicit values or all other columns', () => {
    const u = lowered(df.unpivot(['id'], ['a', col('b')], 'var', 'val'), 'unpivot');
    expect([u.ids.map(attr), u.values?.values.map(attr), u.variableColumnName, u.valueColumnName]).toEqual([
      ['id'],
      ['a', 'b'],
      'var',
      'val',
    ]);
    const m = lowered(df.melt('id', null, 'k', 'v'), 'unpivot');
    expect(m.values).toBeUndefined();
    expect(() => df.unpivot('id', null, '', 'v')).toThrow(/variableColumnName/);
  });

  it('withWatermark', () => {
    expect(lowered(df.withWatermark('ts', '1 minute'), 'withWatermark')).toMatchObject({
      eventTime: 'ts',
      delayThreshold: '1 minute',
    });
    expect(() => df.withWatermark('ts', '')).toThrow(/delayThreshold/);
  });

  it('observe with a name or an Observation (used once)', async () => {
    const { Observation } = await import('../../src/dataframe/observation.js');
    const named = lowered(df.observe('m', F.count(lit(1)).alias('n')), 'collectMetrics');
    expect([named.name, named.metrics.length]).toEqual(['m', 1]);
    const obs = new Observation('stats');
    const o = lowered(df.observe(obs, F.max('a').alias('mx'), F.min('a').alias('mn')), 'collectMetrics');
    expect([o.name, o.metrics.length]).toEqual(['stats', 2]);
    expect(() => df.observe(obs, F.max('a').alias('mx'))).toThrow(/already attached/);
    expect(() => df.observe('m')).toThrow(/at least one/);
    expect(() => df.observe('m', 'a' as never)).toThrow(/Column/);
    expect(() => df.observe(3 as never, col('a'))).toThrow(/Observation or a non-empty name/);
    expect(new Observation().name).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('statistics and missing values', () => {
  it('describe and summary', () => {
    expect(lowered(df.describe('a', ['b']), 'describe').cols).toEqual(['a', 'b']);
    expect(lowered(df.describe(), 'describe').cols).toEqual([]);
    expect(lowered(df.summary('count', '25%'), 'summary').statistics).toEqual(['count', '25%']);
  });

  it('na.drop / dropna: how, thresh, subset', () => {
    const any = lowered(df.na.drop(), 'dropNa');
    expect([any.cols, any.minNonNulls]).toEqual([[], undefined]);
    expect(lowered(df.dropna('all'), 'dropNa').minNonNulls).toBe(1);
    expect(lowered(df.dropna('any', 2, 'a'), 'dropNa')).toMatchObject({ cols: ['a'], minNonNulls: 2 });
    expect(lowered(df.dropna({ thresh: 1, subset: ['a', 'b'] }), 'dropNa')).toMatchObject({
      cols: ['a', 'b'],
      minNonNulls: 1,
    });
    expect(() => df.dropna('some' as never)).toThrow(/'any' or 'all'/);
    expect(() => df.dropna('any', 1.5)).toThrow(/thresh/);
    expect(() => df.dropna('any', undefined, [1] as never)).toThrow(/subset/);
  });

  it('na.fill / fillna: one value (long or double) or a { col: value } object', () => {
    const one = lowered(df.fillna(0), 'fillNa');
    expect([one.cols, one.values.map((v) => v.literalType)]).toEqual([[], [{ case: 'long', value: 0n }]]);
    const dbl = lowered(df.na.fill(0.5, ['a']), 'fillNa');
    expect([dbl.cols, dbl.values[0].literalType]).toEqual([['a'], { case: 'double', value: 0.5 }]);
    const per = lowered(df.fillna({ a: 'x', b: true }), 'fillNa');
    expect([per.cols, per.values.map((v) => v.literalType.case)]).toEqual([
      ['a', 'b'],
      ['string', 'boolean'],
    ]);
    expect(() => df.fillna(null as never)).toThrow(/number, bigint, string or boolean/);
    expect(() => df.fillna({})).toThrow(/empty/);
  });

  it('na.replace / replace: value(s), lists, objects; numbers as doubles like PySpark', () => {
    const a = lowered(df.replace(10, 20), 'replace');
    expect(a.replacements.map((r) => [r.oldValue?.literalType, r.newValue?.literalType])).toEqual([
      [
        { case: 'double', value: 10 },
        { case: 'double', value: 20 },
      ],
    ]);
    const b = lowered(df.na.replace(['a', 'b'], ['x', null], 'name'), 'replace');
    expect(b.cols).toEqual(['name']);
    expect(b.replacements.map((r) => [r.oldValue?.literalType.value, r.newValue?.literalType.case])).toEqual([
      ['a', 'string'],
      ['b', 'null'],
    ]);
    const c = lowered(df.replace({ Alice: 'A' }), 'replace');
    expect(c.replacements.length).toBe(1);
    const m = lowered(df.replace(new Map([[true, false]])), 'replace');
    expect(m.replacements[0].oldValue?.literalType).toEqual({ case: 'boolean', value: true });
    expect(() => df.replace('a')).toThrow(/value is required/);
    expect(() => df.replace(['a', 'b'], ['x'])).toThrow(/same length/);
    expect(() => df.replace(1, 'x')).toThrow(/mixed types/);
    expect(() => df.replace({ a: 'b' }, 'c')).toThrow(/leave value out/);
  });

  it('crosstab, freqItems, sampleBy build their relations', () => {
    expect(lowered(df.crosstab('a', 'b'), 'crosstab')).toMatchObject({ col1: 'a', col2: 'b' });
    expect(lowered(df.stat.freqItems(['a']), 'freqItems')).toMatchObject({ cols: ['a'], support: 0.01 });
    expect(lowered(df.freqItems('a', 0.4), 'freqItems').support).toBe(0.4);
    const s = lowered(
      df.sampleBy(
        'k',
        new Map([
          [0, 0.1],
          [1, 0.5],
        ]),
        3,
      ),
      'sampleBy',
    );
    expect(attr(s.col)).toBe('k');
    expect(s.seed).toBe(3n);
    expect(s.fractions.map((f) => [f.stratum?.literalType.value, f.fraction])).toEqual([
      [0, 0.1],
      [1, 0.5],
    ]);
    expect(
      lowered(df.stat.sampleBy(col('k'), { a: 1 }), 'sampleBy').fractions[0].stratum?.literalType,
    ).toEqual({
      case: 'string',
      value: 'a',
    });
    expect(() => df.sampleBy('k', { a: 2 })).toThrow(/\[0, 1\]/);
    expect(() => df.crosstab('a', 1 as never)).toThrow(/col2/);
  });

  it('corr, cov and approxQuantile validate their arguments before any server call', async () => {
    await expect(df.corr('a', 'b', 'spearman')).rejects.toThrow(/'pearson'/);
    await expect(df.cov('a', 2 as never)).rejects.toThrow(/col2/);
    await expect(df.approxQuantile('a', [1.5], 0)).rejects.toThrow(/\[0, 1\]/);
    await expect(df.approxQuantile('a', [0.5], -1)).rejects.toThrow(/relativeError/);
  });
});

describe('lowering details', () => {
  it('a server relation gets the plan id of its node (so df.col() binds to it)', () => {
    const fromServer = lowerPlan(node({ kind: 'range', start: 0n, end: 1n, step: 1n }));
    const n = node({ kind: 'relation', relation: fromServer });
    const r = lowerPlan(n);
    expect(r.common?.planId).toBe(BigInt(n.planId));
    expect(fromServer.common?.planId).not.toBe(BigInt(n.planId)); // the original is not modified
  });

  it('cachedRemoteRelation (checkpoints) and selectExpr still lower', () => {
    expect(lowerPlan(node({ kind: 'cachedRemoteRelation', relationId: 'abc' })).relType).toMatchObject({
      case: 'cachedRemoteRelation',
      value: { relationId: 'abc' },
    });
    expect(lowered(df.select(expr('a + 1')), 'project').expressions[0].exprType.case).toBe(
      'expressionString',
    );
  });
});
