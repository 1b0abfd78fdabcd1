/**
 * Integer column positions on real servers, with PySpark 4.3's results on the same data
 * (`df.sort(1)`, `df.sort(-2)`, `df.orderBy(2, -1)`, `df.groupBy(1)`, `df.rollup(1)`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataFrame, SparkSession } from '../../src/index.js';
import { newSession, serverMatrix } from '../support/matrix.js';

describe.each(serverMatrix({ sail: true }))('column positions on Spark %s', (_version, url) => {
  let spark: SparkSession;
  let df: DataFrame;
  beforeAll(async () => {
    spark = await newSession(url);
    df = await spark.createDataFrame(
      [
        [5, 'Bob', 2.0],
        [2, 'Alice', 1.0],
        [5, 'Carl', 3.0],
      ],
      'age int, name string, x double',
    );
  });
  afterAll(async () => {
    await spark?.stop();
  });

  const names = async (d: DataFrame) => (await d.collect()).map((r) => r.get('name'));

  it('sort(1) sorts by the first column, sort(-2) by the second descending', async () => {
    expect((await df.sort(1, 2).collect()).map((r) => [r.get('age'), r.get('name')])).toEqual([
      [2, 'Alice'],
      [5, 'Bob'],
      [5, 'Carl'],
    ]);
    expect(await names(df.sort(-2))).toEqual(['Carl', 'Bob', 'Alice']);
    expect(await names(df.orderBy(-1, 2))).toEqual(['Bob', 'Carl', 'Alice']);
  });

  it('groupBy(1) groups by the first column and keeps its name', async () => {
    const counts = df.groupBy(1).count().orderBy(1);
    expect(await counts.columns()).toEqual(['age', 'count']);
    expect((await counts.collect()).map((r) => r.toObject())).toEqual([
      { age: 2, count: 1n },
      { age: 5, count: 2n },
    ]);
    const rolled = await df.rollup(1).count().orderBy(-2, 1).collect();
    expect(rolled.map((r) => [r.get('age'), r.get('count')])).toEqual([
      [null, 3n],
      [5, 2n],
      [2, 1n],
    ]);
  });

  it('a position past the last column fails before anything runs, naming the columns', async () => {
    await expect(df.sort(4).collect()).rejects.toThrow(
      'sort(): column position 4 is out of range; the DataFrame has 3 columns (age, name, x)',
    );
    expect(() => df.groupBy(0)).toThrow(RangeError);
  });
});
