import { describe, expect, it } from 'vitest';
import type { Column } from '../../src/column/column.js';
import { lowerExpr } from '../../src/column/lower.js';
import { col, expr, lit, when } from '../../src/functions/index.js';
import { lowerPlan } from '../../src/plan/lower.js';
import { node } from '../../src/plan/nodes.js';

function fnOf(c: Column) {
  const e = lowerExpr(c.node);
  if (e.exprType.case !== 'unresolvedFunction') throw new Error(`not a function: ${e.exprType.case}`);
  return e.exprType.value;
}

describe('column lowering', () => {
  it('comparison and arithmetic operators lower to Spark function names', () => {
    expect(fnOf(col('a').eq(1)).functionName).toBe('==');
    expect(fnOf(col('a').gt(1)).functionName).toBe('>');
    expect(fnOf(col('a').geq(1)).functionName).toBe('>=');
    expect(fnOf(col('a').lt(1)).functionName).toBe('<');
    expect(fnOf(col('a').leq(1)).functionName).toBe('<=');
    expect(fnOf(col('a').eqNullSafe(1)).functionName).toBe('<=>');
    expect(fnOf(col('a').plus(1)).functionName).toBe('+');
    expect(fnOf(col('a').mod(2)).functionName).toBe('%');
    const neq = fnOf(col('a').neq(1));
    expect(neq.functionName).toBe('not');
    expect(neq.arguments[0].exprType.case).toBe('unresolvedFunction');
    const isin = fnOf(col('a').isin(1, 2, 3));
    expect(isin.functionName).toBe('in');
    expect(isin.arguments).toHaveLength(4);
    const between = fnOf(col('a').between(1, 5));
    expect(between.functionName).toBe('and');
  });

  it('col() parses stars and qualified stars; literals carry their type', () => {
    expect(lowerExpr(col('*').node).exprType.case).toBe('unresolvedStar');
    const star = lowerExpr(col('t.*').node);
    expect(star.exprType.case === 'unresolvedStar' && star.exprType.value.unparsedTarget).toBe('t.*');
    const a = lowerExpr(col('a.b').node);
    expect(a.exprType.case === 'unresolvedAttribute' && a.exprType.value.unparsedIdentifier).toBe('a.b');
    const l = lowerExpr(lit(5n).node);
    expect(l.exprType.case === 'literal' && l.exprType.value.literalType.case).toBe('long');
  });

  it('alias, cast, sort order defaults follow Spark', () => {
    const alias = lowerExpr(col('a').alias('b').node);
    expect(alias.exprType.case === 'alias' && alias.exprType.value.name).toEqual(['b']);
    const cast = lowerExpr(col('a').cast('bigint').node);
    expect(cast.exprType.case === 'cast' && cast.exprType.value.castToType).toEqual({
      case: 'typeStr',
      value: 'bigint',
    });
    const asc = lowerExpr(col('a').asc().node);
    expect(
      asc.exprType.case === 'sortOrder' && [asc.exprType.value.direction, asc.exprType.value.nullOrdering],
    ).toEqual([1, 1]);
    const desc = lowerExpr(col('a').desc().node);
    expect(
      desc.exprType.case === 'sortOrder' && [desc.exprType.value.direction, desc.exprType.value.nullOrdering],
    ).toEqual([2, 2]);
  });

  it('when / otherwise builds one CASE WHEN function and rejects misuse', () => {
    const c = when(col('a').gt(1), 'big').when(col('a').gt(0), 'small').otherwise('none');
    const f = fnOf(c);
    expect(f.functionName).toBe('when');
    expect(f.arguments).toHaveLength(5);
    expect(() => col('a').otherwise(1)).toThrow(/when\(\)/);
    expect(() => c.otherwise(2)).toThrow(/once/);
  });

  it('expr() lowers to an expression string', () => {
    const e = lowerExpr(expr('a + 1').node);
    expect(e.exprType.case === 'expressionString' && e.exprType.value.expression).toBe('a + 1');
  });
});

describe('plan lowering', () => {
  it('every node carries its plan id and its input', () => {
    const range = node({ kind: 'range', start: 0n, end: 10n, step: 1n });
    const filter = node({ kind: 'filter', input: range, condition: col('id').gt(3).node });
    const limit = node({ kind: 'limit', input: filter, limit: 5 });
    const rel = lowerPlan(limit);
    expect(rel.common?.planId).toBe(BigInt(limit.planId));
    expect(rel.relType.case).toBe('limit');
    if (rel.relType.case !== 'limit') return;
    expect(rel.relType.value.limit).toBe(5);
    const f = rel.relType.value.input;
    expect(f?.relType.case).toBe('filter');
    expect(f?.common?.planId).toBe(BigInt(filter.planId));
    if (f?.relType.case !== 'filter') return;
    const r = f.relType.value.input;
    expect(
      r?.relType.case === 'range' && [r.relType.value.start, r.relType.value.end, r.relType.value.step],
    ).toEqual([0n, 10n, 1n]);
  });

  it('sort wraps plain columns in ascending sort orders; showString keeps its options', () => {
    const range = node({ kind: 'range', start: 0n, end: 1n, step: 1n });
    const sort = lowerPlan(
      node({ kind: 'sort', input: range, order: [col('a').node, col('b').desc().node], isGlobal: true }),
    );
    expect(sort.relType.case === 'sort' && sort.relType.value.order.map((o) => o.direction)).toEqual([1, 2]);
    const show = lowerPlan(
      node({ kind: 'showString', input: range, numRows: 7, truncate: 0, vertical: true }),
    );
    expect(
      show.relType.case === 'showString' && [
        show.relType.value.numRows,
        show.relType.value.truncate,
        show.relType.value.vertical,
      ],
    ).toEqual([7, 0, true]);
  });

  it('sql nodes carry named and positional literal args', () => {
    const rel = lowerPlan(node({ kind: 'sql', query: 'SELECT :a, ?', args: { a: 1 }, posArgs: ['x'] }));
    expect(rel.relType.case).toBe('sql');
    if (rel.relType.case !== 'sql') return;
    expect(rel.relType.value.args.a.literalType).toEqual({ case: 'integer', value: 1 });
    expect(rel.relType.value.posArgs[0].literalType).toEqual({ case: 'string', value: 'x' });
  });
});
