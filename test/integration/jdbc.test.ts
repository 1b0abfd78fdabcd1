/**
 * spark.read.jdbc and df.write.jdbc against an in-memory Apache Derby database inside each server
 * (every pyspark distribution ships Derby in its jars: 10.14 with Spark 3.5, 10.16 with 4.x; the
 * class org.apache.derby.jdbc.EmbeddedDriver exists in both). Sail has no built-in JDBC source
 * (pysail's is a Python data source, which only PySpark can register): one check of its error.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AnalysisException,
  type DataFrame,
  functions as F,
  IllegalArgumentException,
  SparkException,
  type SparkSession,
} from '../../src/index.js';
import { expectUnsupportedOn, isSail, newSession, serverMatrix } from '../support/matrix.js';

const DRIVER = { driver: 'org.apache.derby.jdbc.EmbeddedDriver' };
const ROWS = [
  { ID: 1, NAME: 'a' },
  { ID: 2, NAME: 'b' },
  { ID: 3, NAME: 'c' },
  { ID: 4, NAME: 'd' },
  { ID: 5, NAME: 'e' },
  { ID: 6, NAME: 'f' },
];

function plain(rows: { toJSON(): unknown }[]): unknown[] {
  return rows.map((r) => r.toJSON());
}

/** The IDs each partition holds, by partition id. */
async function idsByPartition(df: DataFrame): Promise<Record<number, number[]>> {
  const rows = await df.select('ID', F.spark_partition_id().alias('p')).orderBy('p', 'ID').collect();
  const out: Record<number, number[]> = {};
  for (const r of rows) {
    const { ID, p } = r.toJSON() as { ID: number; p: number };
    out[p] ??= [];
    out[p].push(ID);
  }
  return out;
}

describe.each(serverMatrix({ sail: true }).filter(([v]) => isSail(v)))(
  'spark.read.jdbc / df.write.jdbc on %s',
  (version, url) => {
    it('read.jdbc and write.jdbc fail with the error naming the missing jdbc source', async () => {
      const spark = await newSession(url);
      try {
        const db = 'jdbc:derby:memory:sct_sail;create=true';
        const read = () => spark.read.jdbc(db, 'people', { properties: DRIVER }).collect();
        expect(
          await expectUnsupportedOn(version, 'DataFrameReader.jdbc', read, 'No data source found for: jdbc'),
        ).toBe(true);
        const people = await spark.createDataFrame(ROWS, 'ID INT, NAME STRING');
        const write = () => people.write.jdbc(db, 'people', { properties: DRIVER });
        expect(
          await expectUnsupportedOn(version, 'DataFrameWriter.jdbc', write, 'No data source found for: jdbc'),
        ).toBe(true);
      } finally {
        await spark.stop();
      }
    });
  },
);

describe.each(serverMatrix().filter(([v]) => !isSail(v)))(
  'spark.read.jdbc / df.write.jdbc (Derby) on Spark %s',
  (_version, url) => {
    let spark: SparkSession;
    let people: DataFrame;
    const db = `jdbc:derby:memory:sct_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)};create=true`;
    const table = async (name: string, props: Record<string, string | number> = DRIVER) =>
      plain(await spark.read.jdbc(db, name, { properties: props }).orderBy('ID', 'NAME').collect());

    beforeAll(async () => {
      spark = await newSession(url);
      people = await spark.createDataFrame(ROWS, 'ID INT, NAME STRING');
      await people.write.jdbc(db, 'people', { properties: DRIVER });
    });

    it('write.jdbc modes: default and error fail on an existing table, ignore keeps it, append adds, overwrite replaces', async () => {
      await people.filter('ID <= 2').write.jdbc(db, 'modes', { properties: DRIVER });
      expect(await table('modes')).toEqual(ROWS.slice(0, 2));
      for (const mode of [undefined, 'error', 'errorifexists'] as const) {
        const err = await people.write.jdbc(db, 'modes', { mode, properties: DRIVER }).catch((e) => e);
        expect(err).toBeInstanceOf(AnalysisException);
        expect((err as Error).message).toMatch(
          /Table or view 'modes' already exists\. SaveMode: ErrorIfExists/,
        );
      }
      await people.write.jdbc(db, 'modes', { mode: 'ignore', properties: DRIVER });
      expect(await table('modes')).toEqual(ROWS.slice(0, 2));
      await people.filter('ID = 6').write.jdbc(db, 'modes', { mode: 'append', properties: DRIVER });
      expect(await table('modes')).toEqual([ROWS[0], ROWS[1], ROWS[5]]);
      await people.filter('ID IN (3, 4)').write.jdbc(db, 'modes', { mode: 'overwrite', properties: DRIVER });
      expect(await table('modes')).toEqual([ROWS[2], ROWS[3]]);
    });

    it('read.jdbc reads the whole table in one partition with its schema', async () => {
      const df = spark.read.jdbc(db, 'people', { properties: DRIVER });
      expect((await df.schema()).simpleString()).toBe('struct<ID:int,NAME:string>');
      expect(plain(await df.orderBy('ID').collect())).toEqual(ROWS);
      expect(await idsByPartition(df)).toEqual({ 0: [1, 2, 3, 4, 5, 6] });
    });

    it('read.jdbc partitioned by a column makes numPartitions strides between the bounds', async () => {
      const three = spark.read.jdbc(db, 'people', {
        column: 'ID',
        lowerBound: 1,
        upperBound: 7,
        numPartitions: 3,
        properties: DRIVER,
      });
      expect(await idsByPartition(three)).toEqual({ 0: [1, 2], 1: [3, 4], 2: [5, 6] });
      // String bounds; rows outside the bounds still land in the first and last partitions.
      const two = spark.read.jdbc(db, 'people', {
        column: 'ID',
        lowerBound: '3',
        upperBound: 5n,
        numPartitions: 2,
        properties: DRIVER,
      });
      expect(await idsByPartition(two)).toEqual({ 0: [1, 2, 3], 1: [4, 5, 6] });
      expect(plain(await two.orderBy('ID').collect())).toEqual(ROWS);
    });

    it('read.jdbc with predicates reads one partition per predicate, exactly its rows', async () => {
      const df = spark.read.jdbc(db, 'people', {
        predicates: ['ID <= 2', 'ID > 4', 'ID = 3'],
        properties: DRIVER,
      });
      expect(await idsByPartition(df)).toEqual({ 0: [1, 2], 1: [5, 6], 2: [3] });
      // A row matching two predicates is read twice.
      const overlap = spark.read.jdbc(db, 'people', {
        predicates: ['ID <= 2', "CAST(NAME AS VARCHAR(8)) = 'a'"],
        properties: DRIVER,
      });
      expect(await idsByPartition(overlap)).toEqual({ 0: [1, 2], 1: [1] });
    });

    it('properties and reader options reach the JDBC source', async () => {
      expect(await table('people', { ...DRIVER, fetchsize: 2 })).toEqual(ROWS);
      // Derby itself rejects the fetch size: proof that the property was applied.
      const err = await spark.read
        .jdbc(db, 'people', { properties: { ...DRIVER, fetchsize: -1 } })
        .collect()
        .catch((e) => e);
      expect(err).toBeInstanceOf(SparkException);
      expect((err as Error).message).toMatch(/Invalid parameter value '-1' for Statement\.setFetchSize/);
      const custom = spark.read
        .option('customSchema', 'ID STRING')
        .jdbc(db, 'people', { properties: DRIVER, predicates: ['ID = 6'] });
      expect((await custom.schema()).simpleString()).toBe('struct<ID:string,NAME:string>');
      expect(plain(await custom.collect())).toEqual([{ ID: '6', NAME: 'f' }]);
      const narrow = await people.write
        .jdbc(db, 'narrow', {
          properties: { ...DRIVER, createTableColumnTypes: 'NAME VARCHAR(3)' },
        })
        .then(() => 'written');
      expect(narrow).toBe('written');
      const tooLong = await people
        .withColumn('NAME', F.lit('carol'))
        .write.jdbc(db, 'narrow2', { properties: { ...DRIVER, createTableColumnTypes: 'NAME VARCHAR(3)' } })
        .catch((e) => e);
      expect((tooLong as Error).message).toMatch(/truncation error .* shrink VARCHAR 'carol' to length 3/);
      const noDriver = await spark.read
        .jdbc(db, 'people', { properties: { driver: 'no.such.Driver' } })
        .collect()
        .catch((e) => e);
      expect((noDriver as Error).message).toMatch(/no\.such\.Driver/);
    });

    it('bad arguments: typed client errors before any request, server errors for bad bounds or columns', async () => {
      const read = () => spark.read;
      expect(() => read().jdbc(db, 'people', { column: 'ID', lowerBound: 1, upperBound: 7 })).toThrow(
        /missing numPartitions/,
      );
      expect(() => read().jdbc(db, 'people', { lowerBound: 1, upperBound: 7, numPartitions: 2 })).toThrow(
        TypeError,
      );
      expect(() =>
        read().jdbc(db, 'people', {
          column: 'ID',
          lowerBound: 1,
          upperBound: 7,
          numPartitions: 2,
          predicates: ['ID > 1'],
        }),
      ).toThrow(/not both/);
      expect(() => read().jdbc(db, 'people', { predicates: [] })).toThrow(/predicates must not be empty/);
      await expect(people.write.jdbc(db, 'people', { mode: 'merge' as never })).rejects.toThrow(TypeError);
      const reversed = await read()
        .jdbc(db, 'people', {
          column: 'ID',
          lowerBound: 7,
          upperBound: 1,
          numPartitions: 3,
          properties: DRIVER,
        })
        .collect()
        .catch((e) => e);
      expect(reversed).toBeInstanceOf(IllegalArgumentException);
      expect((reversed as Error).message).toMatch(
        /lower bound of partitioning column is larger than the upper bound/,
      );
      const noColumn = await read()
        .jdbc(db, 'people', {
          column: 'NOPE',
          lowerBound: 1,
          upperBound: 7,
          numPartitions: 3,
          properties: DRIVER,
        })
        .collect()
        .catch((e) => e);
      expect(noColumn).toBeInstanceOf(AnalysisException);
      expect((noColumn as Error).message).toMatch(/partition column NOPE not found/);
    });
  },
);
