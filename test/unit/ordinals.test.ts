/** Integer column positions (`df.sort(1)`, `df.sort(-1)`, `df.groupBy(1)`): checks and lowering. */
import { describe, expect, it } from 'vitest';
import { DataFrame } from '../../src/dataframe/dataframe.js';
import type { Expression } from '../../src/gen/spark/connect/expressions_pb.js';
import { Expression_SortOrder_SortDirection } from '../../src/gen/spark/connect/expressions_pb.js';
import { col } from '../../src/index.js';
import { lowerPlan } from '../../src/plan/lower.js';
import { node } from '../../src/plan/nodes.js';
import type { SparkSession } from '../../src/session/spark-session.js';
import { LongType, StringType, StructField, StructType, toProtoDataType } from '../../src/types/index.js';
import { featureGate } from './fake-session.js';

const schema = new StructType([
  new StructField('age', new LongType()),
  new StructField('name', new StringType()),
]);

/** A session whose schema requests answer `schema` and are counted. */
function session(): { spark: SparkSession; analyzeCalls: () => number } {
  let calls = 0;
  const spark = {
    version: '4.1.0',
    ...featureGate('4.1.0'),
    rpc: {
      analyze: async () => {
        calls++;
        return { result: { case: 'schema', value: { schema: toProtoDataType(schema) } } };
      },
    },
  } as unknown as SparkSession;
  return { spark, analyzeCalls: () => calls };
}

function attr(e: Expression | undefined): string | undefined {
  return e?.exprType.case === 'unresolvedAttribute' ? e.exprType.value.unparsedIdentifier : undefined;
}

const table = (spark: SparkSession) => new DataFrame(spark, node({ kind: 'table', name: 't', options: {} }));

describe('integer column positions', () => {
  it('sort(2, -1) names the columns from the input schema, the negative one descending', async () => {
    const { spark, analyzeCalls } = session();
    const df = table(spark).sort(2, -1);
    const r = lowerPlan(await df.preparedPlan());
    if (r.relType.case !== 'sort') throw new Error(`expected a sort, got ${r.relType.case}`);
    const [a, b] = r.relType.value.order;
    expect([attr(a.child), a.direction]).toEqual(['name', Expression_SortOrder_SortDirection.ASCENDING]);
    expect([attr(b.child), b.direction]).toEqual(['age', Expression_SortOrder_SortDirection.DESCENDING]);
    expect(analyzeCalls()).toBe(1);
  });

  it('groupBy(1) groups by the first column; names and Columns mix with positions', async () => {
    const { spark } = session();
    const r = lowerPlan(await table(spark).groupBy(1, col('x'), 'y').count().preparedPlan());
    if (r.relType.case !== 'aggregate') throw new Error(`expected an aggregate, got ${r.relType.case}`);
    expect(r.relType.value.groupingExpressions.map(attr)).toEqual(['age', 'x', 'y']);
  });

  it('a position past the last column is a RangeError naming the columns, when the plan is prepared', async () => {
    const { spark } = session();
    const df = table(spark).orderBy(3);
    await expect(df.preparedPlan()).rejects.toThrow(RangeError);
    await expect(df.preparedPlan()).rejects.toThrow(
      'orderBy(): column position 3 is out of range; the DataFrame has 2 columns (age, name)',
    );
  });

  it('0 in a sort, and 0 or a negative position in a grouping, are RangeErrors at the call', () => {
    const { spark } = session();
    const df = table(spark);
    expect(() => df.sort(0)).toThrow(RangeError);
    expect(() => df.sort(0)).toThrow(/sort\(\): column position 0 is not allowed/);
    expect(() => df.groupBy(0)).toThrow(/groupBy\(\): a column position must be positive \(1-based\), got 0/);
    expect(() => df.rollup(-1)).toThrow(/rollup\(\): a column position must be positive/);
    expect(() => df.groupingSets([[1], [-2]], 1)).toThrow(/groupingSets\(\).*got -2/);
  });

  it('a non-integer position or another value is a TypeError', () => {
    const df = table(session().spark);
    expect(() => df.sort(1.5)).toThrow(TypeError);
    expect(() => df.groupBy(Number.NaN)).toThrow(/must be an integer/);
    expect(() => df.sort(true as unknown as number)).toThrow(
      /sort\(\) takes Columns, column names or column positions, got boolean/,
    );
  });

  it('lowering an unprepared position fails loudly instead of sending a wrong plan', () => {
    expect(() => lowerPlan(table(session().spark).sort(1).plan)).toThrow(/needs the input schema/);
  });
});

describe("sort's ascending keyword (PySpark's ascending=)", () => {
  const directions = (df: DataFrame) => {
    const r = lowerPlan(df.plan);
    if (r.relType.case !== 'sort') throw new Error(`expected a sort, got ${r.relType.case}`);
    return r.relType.value.order.map((o) => [
      attr(o.child),
      o.direction === Expression_SortOrder_SortDirection.DESCENDING ? 'desc' : 'asc',
    ]);
  };

  it('false sorts every column descending; a list gives each its own; explicit orders are kept', () => {
    const df = table(session().spark);
    expect(directions(df.orderBy('a', 'b', { ascending: false }))).toEqual([
      ['a', 'desc'],
      ['b', 'desc'],
    ]);
    expect(directions(df.sort(['a', 'b'], { ascending: [true, false] }))).toEqual([
      ['a', 'asc'],
      ['b', 'desc'],
    ]);
    expect(directions(df.sort(col('a').asc(), 'b', { ascending: false }))).toEqual([
      ['a', 'asc'],
      ['b', 'desc'],
    ]);
    expect(directions(df.sortWithinPartitions('a', { ascending: true }))).toEqual([['a', 'asc']]);
  });

  it('a list of the wrong length, a non-boolean or an unknown option is a clear error', () => {
    const df = table(session().spark);
    expect(() => df.sort('a', 'b', { ascending: [false] })).toThrow(RangeError);
    expect(() => df.sort('a', 'b', { ascending: [false] })).toThrow(
      'sort(): ascending has 1 values for 2 columns; give one per column',
    );
    expect(() => df.orderBy('a', { ascending: 'no' as unknown as boolean })).toThrow(
      /orderBy\(\): ascending must be a boolean or a list of booleans, got string/,
    );
    expect(() => df.orderBy('a', { asc: false } as unknown as { ascending: boolean })).toThrow(
      "orderBy(): unknown option 'asc'; the only option is 'ascending'",
    );
    expect(() => df.orderBy({ ascending: false })).toThrow('orderBy() needs at least one column');
  });
});

describe("alias's metadata keyword", () => {
  it('sends the metadata as JSON with one name; more names or bad metadata are TypeErrors', () => {
    const r = lowerPlan(
      table(session().spark).select(col('a').alias('b', { metadata: { unit: 'EUR' } })).plan,
    );
    if (r.relType.case !== 'project') throw new Error(`expected a project, got ${r.relType.case}`);
    const e = r.relType.value.expressions[0].exprType;
    if (e.case !== 'alias') throw new Error(`expected an alias, got ${e.case}`);
    expect([e.value.name, e.value.metadata]).toEqual([['b'], '{"unit":"EUR"}']);
    expect(() => col('a').alias('x', 'y', { metadata: { k: 1 } })).toThrow(
      'alias(): metadata can only be set with one name, got 2 names',
    );
    expect(() => col('a').alias('x', { metadata: [] as unknown as Record<string, never> })).toThrow(
      'alias(): metadata must be an object',
    );
    expect(() => col('a').alias('x', { meta: {} } as unknown as { metadata: Record<string, never> })).toThrow(
      "alias(): unknown option 'meta'; the only option is 'metadata'",
    );
    expect(() => col('a').alias({ metadata: {} })).toThrow('alias() needs one or more string names');
  });
});
