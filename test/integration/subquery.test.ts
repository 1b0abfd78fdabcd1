import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  AnalysisException,
  col,
  type DataFrame,
  functions as F,
  ParseException,
  type SparkSession,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { atLeast, errorOf, newSession, serverMatrix } from '../support/matrix.js';
import { sailIt } from '../support/sail.js';

/** Rows as plain objects. */
async function objs(df: DataFrame): Promise<Record<string, unknown>[]> {
  return (await df.collect()).map((r) => r.toObject());
}

/** Spark 3.5 has no subqueries in Spark Connect: the method itself throws, naming the version. */
function expectNeeds40(f: () => unknown, method: string, version: string): void {
  expect(f).toThrow(UnsupportedServerVersionError);
  expect(f).toThrow(`${method} needs Spark 4.0 or newer; this server runs Spark ${version}`);
}

describe.each(serverMatrix({ sail: true }))(
  'subqueries, lateral joins and call_function on Spark %s',
  (version, url) => {
    const test = sailIt(version, 'subqueries');
    let spark: SparkSession;
    let emp: DataFrame;
    let depts: DataFrame;
    const db = `sq_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const v4 = atLeast(version, 4, 0);

    beforeAll(async () => {
      spark = await newSession(url);
      emp = await spark.createDataFrame(
        [
          [1, 'alice', 100, 10],
          [2, 'bob', 80, 10],
          [3, 'carol', 90, 20],
          [4, 'dan', 40, 20],
          [5, 'erin', 70, 30],
        ],
        'id int, name string, salary int, dept int',
      );
      depts = await spark.createDataFrame(
        [
          [10, 'eng'],
          [20, 'ops'],
          [40, 'hr'],
        ],
        'dept int, title string',
      );
    });
    afterAll(async () => {
      if (spark !== undefined && v4)
        await (await spark.sql(`DROP DATABASE IF EXISTS ${db} CASCADE`)).collect();
      await spark?.stop();
    });

    test('scalar subquery, uncorrelated, in select and in filter (4.0+; 3.5: UnsupportedServerVersionError)', async () => {
      if (!v4)
        return expectNeeds40(() => emp.select(F.max('salary')).scalar(), 'DataFrame.scalar', spark.version);
      const top = emp.select(F.max('salary')).scalar();
      expect(
        await objs(emp.select('name', top.alias('top')).where(col('dept').eq(20)).orderBy('id')),
      ).toEqual([
        { name: 'carol', top: 100 },
        { name: 'dan', top: 100 },
      ]);
      const above = emp.where(col('salary').gt(emp.select(F.avg('salary')).scalar()));
      expect(await objs(above.select('name').orderBy('name'))).toEqual([
        { name: 'alice' },
        { name: 'bob' },
        { name: 'carol' },
      ]);
      // The WithRelations wrapper keeps the DataFrame's plan id: df.col() still binds to it.
      expect(await objs(above.select(above.col('id')).orderBy('id'))).toEqual([
        { id: 1 },
        { id: 2 },
        { id: 3 },
      ]);
    });

    test('scalar subquery, correlated with outer(), in filter and in select (4.0+; 3.5: UnsupportedServerVersionError)', async () => {
      if (!v4)
        return expectNeeds40(
          () =>
            emp
              .alias('e2')
              .where(col('e2.dept').eq(col('e1.dept').outer()))
              .scalar(),
          'DataFrame.scalar',
          version,
        );
      const deptAvg = emp
        .alias('e2')
        .where(col('e2.dept').eq(col('e1.dept').outer()))
        .select(F.avg('salary'))
        .scalar();
      expect(
        await objs(emp.alias('e1').where(col('salary').gt(deptAvg)).select('name').orderBy('name')),
      ).toEqual([{ name: 'alice' }, { name: 'carol' }]);
      const deptMax = emp
        .alias('e2')
        .where(col('e2.dept').eq(col('e1.dept').outer()))
        .select(F.max('salary'))
        .scalar();
      expect(await objs(emp.alias('e1').select('name', deptMax.alias('best')).orderBy('id'))).toEqual([
        { name: 'alice', best: 100 },
        { name: 'bob', best: 100 },
        { name: 'carol', best: 90 },
        { name: 'dan', best: 90 },
        { name: 'erin', best: 70 },
      ]);
    });

    test('nested scalar subqueries: each plan carries its own references (4.0+; 3.5: UnsupportedServerVersionError)', async () => {
      if (!v4)
        return expectNeeds40(() => emp.select(F.min('salary')).scalar(), 'DataFrame.scalar', spark.version);
      const minTop = emp
        .where(col('salary').gt(emp.select(F.min('salary')).scalar()))
        .select(F.min('salary'));
      expect(await objs(emp.select(minTop.scalar().alias('second')).limit(1))).toEqual([{ second: 70 }]);
      // A subquery needing the server's schema first (max() of every numeric column) is prepared too.
      const best = emp.select('salary').groupBy().max().scalar();
      expect(await objs(emp.where(col('salary').eq(best)).select('name'))).toEqual([{ name: 'alice' }]);
    });

    test('exists and not exists, correlated (4.0+; 3.5: UnsupportedServerVersionError)', async () => {
      if (!v4) return expectNeeds40(() => emp.exists(), 'DataFrame.exists', spark.version);
      const hasStaff = emp
        .alias('e')
        .where(col('e.dept').eq(col('d.dept').outer()))
        .exists();
      expect(await objs(depts.alias('d').where(hasStaff).select('title').orderBy('title'))).toEqual([
        { title: 'eng' },
        { title: 'ops' },
      ]);
      expect(await objs(depts.alias('d').where(hasStaff.not()).select('title'))).toEqual([{ title: 'hr' }]);
    });

    test('isin(df): an IN subquery, one column and several (4.1+; before: UnsupportedServerVersionError)', async () => {
      if (!atLeast(version, 4, 1)) {
        // Spark 4.0's protocol has no IN subquery (it answers "Unknown SubqueryType UNRECOGNIZED").
        const f = () => col('dept').isin(depts.select('dept'));
        expect(f).toThrow(UnsupportedServerVersionError);
        expect(f).toThrow(
          `Column.isin(DataFrame) needs Spark 4.1 or newer; this server runs Spark ${spark.version}`,
        );
        return;
      }
      const ops = emp.where(col('dept').isin(depts.where(col('title').eq('ops')).select('dept')));
      expect(await objs(ops.select('name').orderBy('name'))).toEqual([{ name: 'carol' }, { name: 'dan' }]);
      const pairs = await spark.createDataFrame(
        [
          [10, 'bob'],
          [20, 'bob'],
        ],
        'd int, n string',
      );
      expect(await objs(emp.where(F.struct('dept', 'name').isin(pairs)).select('id'))).toEqual([{ id: 2 }]);
    });

    test('lateralJoin inner, left and with a condition; right side uses outer() columns (4.0+; 3.5: UnsupportedServerVersionError)', async () => {
      if (!v4) return expectNeeds40(() => emp.lateralJoin(depts), 'DataFrame.lateralJoin', spark.version);
      const small = emp.where(col('id').leq(2)).select('id', 'salary');
      const steps = spark
        .range(2)
        .select(col('id').alias('k'), col('salary').outer().plus(col('id')).alias('s'));
      expect(await objs(small.lateralJoin(steps).select('id', 'k', 's').orderBy('id', 'k'))).toEqual([
        { id: 1, k: 0n, s: 100n },
        { id: 1, k: 1n, s: 101n },
        { id: 2, k: 0n, s: 80n },
        { id: 2, k: 1n, s: 81n },
      ]);
      // Right side empty for salary 80: inner drops the row, left keeps it with NULLs.
      const rich = spark.range(1).where(col('salary').outer().gt(90)).select(col('id').alias('flag'));
      expect(await objs(small.lateralJoin(rich).select('id', 'flag'))).toEqual([{ id: 1, flag: 0n }]);
      expect(
        await objs(small.lateralJoin(rich, undefined, 'left').select('id', 'flag').orderBy('id')),
      ).toEqual([
        { id: 1, flag: 0n },
        { id: 2, flag: null },
      ]);
      expect(
        await objs(
          small.lateralJoin(steps, col('s').gt(100), 'left_outer').select('id', 'k', 's').orderBy('id', 'k'),
        ),
      ).toEqual([
        { id: 1, k: 1n, s: 101n },
        { id: 2, k: null, s: null },
      ]);
      expect(await small.lateralJoin(steps, undefined, 'cross').count()).toBe(4);
    });

    test('call_function sends CallFunction: qualified SQL UDF names resolve (4.0+; 3.5 has no SQL UDFs)', async () => {
      if (!v4) {
        const small = emp.where(col('id').leq(2));
        expect(
          await objs(small.select(F.call_function('abs', col('id').negate()).alias('x')).orderBy('x')),
        ).toEqual([{ x: 1 }, { x: 2 }]);
        const create = await errorOf(
          spark
            .sql('CREATE TEMPORARY FUNCTION sq_add_two(x INT) RETURNS INT RETURN x + 2')
            .then((d) => d.collect()),
        );
        expect(create).toBeInstanceOf(ParseException);
        const err = await errorOf(small.select(F.call_function(`${db}.add_one`, 'id')).collect());
        expect(err).toBeInstanceOf(AnalysisException);
        expect((err as AnalysisException).errorClass).toBe('UNRESOLVED_ROUTINE');
        expect((err as Error).message).toContain(`\`${db}\`.\`add_one\``);
        return;
      }
      await (await spark.sql(`CREATE DATABASE ${db}`)).collect();
      await (await spark.sql(`CREATE FUNCTION ${db}.add_one(x INT) RETURNS INT RETURN x + 1`)).collect();
      await (
        await spark.sql('CREATE TEMPORARY FUNCTION sq_add_two(x INT) RETURNS INT RETURN x + 2')
      ).collect();
      const small = emp.where(col('id').leq(2));
      const df = small.select(
        F.call_function(`${db}.add_one`, 'salary').alias('a'),
        F.call_function(`spark_catalog.${db}.add_one`, col('id')).alias('b'),
        F.call_function('sq_add_two', 'id').alias('c'),
      );
      expect(await objs(df.orderBy('b'))).toEqual([
        { a: 101, b: 2, c: 3 },
        { a: 81, b: 3, c: 4 },
      ]);
      const sys = small
        .select(F.call_function('system.builtin.abs', col('id').negate()).alias('x'))
        .orderBy('x');
      // The server resolves `system.builtin.<name>` from Spark 4.2 on (4.2.1 and 4.3.0 checked);
      // before, the session catalog takes `system.builtin` for a two-part namespace.
      if (atLeast(version, 4, 2)) {
        expect(await objs(sys)).toEqual([{ x: 1 }, { x: 2 }]);
      } else {
        const err = await errorOf(sys.collect());
        expect(err).toBeInstanceOf(AnalysisException);
        expect((err as AnalysisException).errorClass).toBe('REQUIRES_SINGLE_PART_NAMESPACE');
      }
    });

    test('asTable(): the server receives a TABLE argument, as from SQL TABLE(...) (4.0+; 3.5: UnsupportedServerVersionError)', async () => {
      if (!v4) return expectNeeds40(() => emp.asTable(), 'DataFrame.asTable', spark.version);
      // No built-in table-valued function takes a TABLE argument (Python UDTFs do), so the proof is
      // the server's own error: it names the table argument exactly as for SQL `TABLE(...)`.
      const fromSql = await errorOf(
        spark.sql('SELECT * FROM explode(TABLE(SELECT 1 AS x))').then((d) => d.collect()),
      );
      const named = '"explode(functiontablesubqueryargumentexpression())"';
      expect((fromSql as Error).message).toContain(named);
      for (const arg of [emp.asTable(), emp.asTable().partitionBy('dept').orderBy('salary')]) {
        const err = await errorOf(emp.select(F.call_function('explode', arg)).collect());
        expect(err).toBeInstanceOf(AnalysisException);
        expect((err as AnalysisException).errorClass).toBe('DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');
        expect((err as Error).message).toContain(named);
        expect((err as AnalysisException).errorClass).toBe((fromSql as AnalysisException).errorClass);
      }
    });

    test('Column.transform applies a function to the column', async () => {
      const df = emp.where(col('id').eq(1)).select(
        col('name')
          .transform(F.upper)
          .transform((c) => c.alias('n')),
      );
      expect(await objs(df)).toEqual([{ n: 'ALICE' }]);
    });
  },
);
