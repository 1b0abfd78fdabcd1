import { describe, expect, it } from 'vitest';
import { lowerExpr } from '../../src/column/lower.js';
import { DataFrame } from '../../src/dataframe/dataframe.js';
import { UnsupportedServerVersionError } from '../../src/errors/base.js';
import {
  type Expression,
  type SubqueryExpression,
  SubqueryExpression_SubqueryType,
} from '../../src/gen/spark/connect/expressions_pb.js';
import { Join_JoinType, type Relation } from '../../src/gen/spark/connect/relations_pb.js';
import { Column, col, functions as F, TableArg } from '../../src/index.js';
import { lowerPlan } from '../../src/plan/lower.js';
import { node, walkPlan } from '../../src/plan/nodes.js';
import type { SparkSession } from '../../src/session/spark-session.js';
import { featureGate } from './fake-session.js';

function fakeSession(version: string): SparkSession {
  return {
    version,
    sessionId: 's1',
    ...featureGate(version),
  } as unknown as SparkSession;
}

const spark = fakeSession('4.1.0');
const t = new DataFrame(spark, node({ kind: 'table', name: 't', options: {} }));
const u = new DataFrame(spark, node({ kind: 'table', name: 'u', options: {} }));

function relOf<C extends NonNullable<Relation['relType']['case']>>(r: Relation | undefined, c: C) {
  if (r?.relType.case !== c) throw new Error(`expected ${c}, got ${r?.relType.case}`);
  return r.relType.value as Extract<Relation['relType'], { case: C }>['value'];
}

function subqueryOf(e: Expression | undefined): SubqueryExpression {
  if (e?.exprType.case !== 'subqueryExpression') throw new Error(`not a subquery: ${e?.exprType.case}`);
  return e.exprType.value;
}

describe('subquery expressions lower to SubqueryExpression with the plan in WithRelations', () => {
  it('scalar subquery in select: WithRelations(root = project, references = [subquery plan])', () => {
    const sub = u.select(F.max('x'));
    const df = t.select(col('a'), sub.scalar().alias('m'));
    const r = lowerPlan(df.plan);
    // The wrapper carries the node's plan id (df.col() and outer subqueries name it); the root none.
    expect(r.common?.planId).toBe(BigInt(df.plan.planId));
    const w = relOf(r, 'withRelations');
    expect(w.root?.common?.planId).toBeUndefined();
    const project = relOf(w.root, 'project');
    expect(project.input?.common?.planId).toBe(BigInt(t.plan.planId));
    expect(w.references).toHaveLength(1);
    expect(w.references[0].common?.planId).toBe(BigInt(sub.plan.planId));
    expect(relOf(w.references[0], 'project').expressions).toHaveLength(1);
    const alias = project.expressions[1].exprType;
    if (alias.case !== 'alias') throw new Error('not an alias');
    const q = subqueryOf(alias.value.expr);
    expect(q.planId).toBe(BigInt(sub.plan.planId));
    expect(q.subqueryType).toBe(SubqueryExpression_SubqueryType.SCALAR);
    expect(q.tableArgOptions).toBeUndefined();
    expect(q.inSubqueryValues).toEqual([]);
  });

  it('exists in filter; outer() sends the attribute as is (the server resolves outer names)', () => {
    const sub = u.alias('o').where(col('o.k').eq(col('t.k').outer()));
    const df = t.alias('t').where(sub.exists());
    const w = relOf(lowerPlan(df.plan), 'withRelations');
    const filter = relOf(w.root, 'filter');
    const q = subqueryOf(filter.condition);
    expect(q.subqueryType).toBe(SubqueryExpression_SubqueryType.EXISTS);
    expect(q.planId).toBe(BigInt(sub.plan.planId));
    const ref = relOf(w.references[0], 'filter');
    const cond = ref.condition?.exprType;
    if (cond?.case !== 'unresolvedFunction') throw new Error('not a function');
    expect(cond.value.arguments[1].exprType).toEqual(lowerExpr(col('t.k').node).exprType);
    expect(col('t.k').outer().node).toEqual(col('t.k').node);
  });

  it('isin(df): IN subquery with the left-hand values; struct(...) compares several columns', () => {
    const sub = u.select('k');
    const q = subqueryOf(lowerExpr(col('a').isin(sub).node));
    expect(q.subqueryType).toBe(SubqueryExpression_SubqueryType.IN);
    expect(q.planId).toBe(BigInt(sub.plan.planId));
    expect(q.inSubqueryValues.map((v) => v.exprType.case)).toEqual(['unresolvedAttribute']);
    const multi = subqueryOf(lowerExpr(F.struct('a', 'b').isin(u.select('k', 'l')).node));
    expect(multi.inSubqueryValues).toHaveLength(2);
    // Plain values still make the `in` function.
    const plain = lowerExpr(col('a').isin(1, 2).node).exprType;
    expect(plain.case === 'unresolvedFunction' && plain.value.functionName).toBe('in');
    expect(() => col('a').isin(1, sub as never)).toThrow(/one DataFrame alone/);
  });

  it('the same subquery twice is one reference; nested subqueries carry their own WithRelations', () => {
    const inner = u.select(F.min('x'));
    const mid = u.where(col('x').gt(inner.scalar())).select(F.max('x'));
    const df = t.select(mid.scalar().alias('a'), mid.scalar().alias('b'));
    const w = relOf(lowerPlan(df.plan), 'withRelations');
    expect(w.references.map((r) => r.common?.planId)).toEqual([BigInt(mid.plan.planId)]);
    // mid = project over a filter that uses `inner`: the filter is wrapped, with inner's plan.
    const midProject = relOf(w.references[0], 'project');
    expect(midProject.input?.common?.planId).toBe(BigInt(mid.plan.planId - 1));
    const filterWith = relOf(midProject.input, 'withRelations');
    expect(filterWith.references.map((r) => r.common?.planId)).toEqual([BigInt(inner.plan.planId)]);
    relOf(filterWith.root, 'filter');
  });

  it('walkPlan visits subquery plans too (so they are prepared before lowering)', () => {
    const sub = u.where(col('x').gt(1)).select(F.max('x'));
    const df = t.where(col('a').lt(sub.scalar())).select('a');
    const ids = [...walkPlan(df.plan)].map((n) => n.planId);
    expect(ids).toEqual([
      df.plan.planId,
      df.plan.planId - 1,
      t.plan.planId,
      sub.plan.planId,
      sub.plan.planId - 1,
      u.plan.planId,
    ]);
  });

  it('nodes without subqueries are not wrapped', () => {
    expect(lowerPlan(t.select('a').plan).relType.case).toBe('project');
    expect(lowerPlan(t.where(col('a').gt(1)).plan).relType.case).toBe('filter');
  });

  it('subqueries in withColumn, agg and orderBy are attached too', () => {
    const sub = u.select(F.max('x'));
    for (const df of [
      t.withColumn('m', sub.scalar()),
      t.groupBy('k').agg(F.sum(col('v').plus(sub.scalar()))),
      t.orderBy(sub.scalar()),
    ]) {
      const w = relOf(lowerPlan(df.plan), 'withRelations');
      expect(w.references.map((r) => r.common?.planId)).toEqual([BigInt(sub.plan.planId)]);
    }
  });
});

describe('asTable(): TABLE_ARG subquery with TableArgOptions', () => {
  it('partitionBy / orderBy / withSinglePartition', () => {
    const plain = subqueryOf(lowerExpr(t.asTable().node));
    expect(plain.subqueryType).toBe(SubqueryExpression_SubqueryType.TABLE_ARG);
    expect(plain.planId).toBe(BigInt(t.plan.planId));
    expect(plain.tableArgOptions?.partitionSpec).toEqual([]);
    expect(plain.tableArgOptions?.withSinglePartition).toBeUndefined();

    const arg = t.asTable().partitionBy('k', col('j')).orderBy(col('v').desc(), 'w');
    const q = subqueryOf(lowerExpr(arg.node));
    expect(q.tableArgOptions?.partitionSpec.map((p) => p.exprType.case)).toEqual([
      'unresolvedAttribute',
      'unresolvedAttribute',
    ]);
    const order = q.tableArgOptions?.orderSpec ?? [];
    expect(
      order.map((o) => [
        o.child?.exprType.value &&
          (o.child.exprType.value as { unparsedIdentifier: string }).unparsedIdentifier,
        o.direction,
      ]),
    ).toEqual([
      ['v', 2],
      ['w', 1],
    ]);
    const single = subqueryOf(lowerExpr(t.asTable().withSinglePartition().orderBy('v').node));
    expect(single.tableArgOptions?.withSinglePartition).toBe(true);
    expect(single.tableArgOptions?.orderSpec).toHaveLength(1);
  });

  it('misuse is a TypeError naming the rule', () => {
    expect(() => t.asTable().orderBy('v')).toThrow(/needs partitionBy\(\) or withSinglePartition\(\) first/);
    expect(() => t.asTable().partitionBy('k').partitionBy('j')).toThrow(/cannot follow/);
    expect(() => t.asTable().withSinglePartition().partitionBy('k')).toThrow(/cannot follow/);
    expect(() => t.asTable().partitionBy()).toThrow(/at least one column/);
    expect(() => t.asTable().partitionBy(1 as never)).toThrow(TypeError);
    expect(t.asTable()).toBeInstanceOf(TableArg);
  });

  it('a TableArg is an argument of call_function; the plan goes to WithRelations', () => {
    const arg = u.asTable().partitionBy('k');
    const df = t.select(F.call_function('my_tvf', arg, 'a'));
    const w = relOf(lowerPlan(df.plan), 'withRelations');
    expect(w.references.map((r) => r.common?.planId)).toEqual([BigInt(u.plan.planId)]);
    const e = relOf(w.root, 'project').expressions[0].exprType;
    if (e.case !== 'callFunction') throw new Error(`not a callFunction: ${e.case}`);
    expect(e.value.functionName).toBe('my_tvf');
    expect(subqueryOf(e.value.arguments[0]).subqueryType).toBe(SubqueryExpression_SubqueryType.TABLE_ARG);
    expect(e.value.arguments[1].exprType.case).toBe('unresolvedAttribute');
  });
});

describe('lateralJoin', () => {
  it('lowers to LateralJoin with the join type and optional condition', () => {
    const right = u.select(col('a').outer().plus(col('x')).alias('s'));
    const inner = relOf(lowerPlan(t.lateralJoin(right).plan), 'lateralJoin');
    expect(inner.joinType).toBe(Join_JoinType.INNER);
    expect(inner.left?.common?.planId).toBe(BigInt(t.plan.planId));
    expect(inner.right?.common?.planId).toBe(BigInt(right.plan.planId));
    expect(inner.joinCondition).toBeUndefined();
    const left = relOf(lowerPlan(t.lateralJoin(right, col('s').gt(1), 'left_outer').plan), 'lateralJoin');
    expect(left.joinType).toBe(Join_JoinType.LEFT_OUTER);
    expect(left.joinCondition?.exprType.case).toBe('unresolvedFunction');
    expect(
      relOf(lowerPlan(t.lateralJoin(right, undefined, 'LEFT' as 'left').plan), 'lateralJoin').joinType,
    ).toBe(Join_JoinType.LEFT_OUTER);
    expect(relOf(lowerPlan(t.lateralJoin(right, undefined, 'cross').plan), 'lateralJoin').joinType).toBe(
      Join_JoinType.CROSS,
    );
  });

  it('other join types are a TypeError naming the type', () => {
    for (const how of ['right', 'full_outer', 'left_semi', 'anti', 'bogus']) {
      expect(() => t.lateralJoin(u, undefined, how as never)).toThrow(
        new RegExp(`lateralJoin\\(\\) does not support join type "${how}"`),
      );
    }
    expect(() => t.lateralJoin(u, 'a' as never)).toThrow(/on must be a Column/);
  });
});

describe('call_function sends CallFunction', () => {
  it('keeps the (qualified) name and the arguments', () => {
    const e = lowerExpr(F.call_function('system.builtin.abs', 'a', F.lit(1)).node).exprType;
    if (e.case !== 'callFunction') throw new Error(`not a callFunction: ${e.case}`);
    expect(e.value.functionName).toBe('system.builtin.abs');
    expect(e.value.arguments.map((a) => a.exprType.case)).toEqual(['unresolvedAttribute', 'literal']);
    expect(() => F.call_function('abs', 1 as never)).toThrow(
      /'cols\[0\]' must be a Column, a column name or a TableArg/,
    );
  });
});

describe('Column.transform and version gates', () => {
  it('transform(f) is f(column); f must return a Column', () => {
    const c = col('a').transform((x) => x.plus(1));
    expect(c.node).toEqual(col('a').plus(1).node);
    expect(() => col('a').transform((() => 1) as never)).toThrow(/must return a Column, got number/);
    expect(() => col('a').transform('upper' as never)).toThrow(/takes a function/);
    expect(col('a').transform(F.upper)).toBeInstanceOf(Column);
  });

  it('on a Spark 3.5 server every subquery method is an UnsupportedServerVersionError', () => {
    const old = new DataFrame(fakeSession('3.5.7'), t.plan);
    for (const [name, f] of [
      ['DataFrame.scalar', () => old.scalar()],
      ['DataFrame.exists', () => old.exists()],
      ['DataFrame.asTable', () => old.asTable()],
      ['DataFrame.lateralJoin', () => old.lateralJoin(old)],
    ] as const) {
      expect(f).toThrow(UnsupportedServerVersionError);
      expect(f).toThrow(`${name} needs Spark 4.0 or newer; this server runs Spark 3.5.7`);
    }
  });

  it('an IN subquery (Column.isin(DataFrame)) needs Spark 4.1: 4.0 has no IN subquery type', () => {
    for (const v of ['3.5.7', '4.0.5']) {
      const old = new DataFrame(fakeSession(v), t.plan);
      expect(() => col('a').isin(old)).toThrow(
        `Column.isin(DataFrame) needs Spark 4.1 or newer; this server runs Spark ${v}`,
      );
    }
    const ok = new DataFrame(fakeSession('4.1.4'), t.plan);
    expect(col('a').isin(ok).node).toMatchObject({ kind: 'subquery', subquery: { type: 'in' } });
  });
});
