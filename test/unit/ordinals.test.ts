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
