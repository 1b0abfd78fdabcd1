import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  AnalysisException,
  type DataFrame,
  functions as F,
  type SparkSession,
  Window,
} from '../../src/index.js';
import { atLeast, newSession, serverMatrix } from '../support/matrix.js';
import { sailIt } from '../support/sail.js';

async function rows(df: DataFrame): Promise<Record<string, unknown>[]> {
  return (await df.collect()).map((r) => r.toObject());
}

describe.each(serverMatrix({ sail: true }))(
  'functions: aggregates and windows on Spark %s',
  (version, url) => {
    const test = sailIt(version, 'functions: aggregates');
    let spark: SparkSession;
    let data: DataFrame;
    beforeAll(async () => {
      spark = await newSession(url);
      data = await spark.sql(
        `SELECT * FROM VALUES
         ('a', 1, 2.0D, 'p', true), ('a', 2, 4.0D, 'q', true), ('a', 3, 6.0D, 'p', false),
         ('b', 10, 1.0D, NULL, true), ('b', NULL, 3.0D, 'r', true)
       AS t(g, x, y, s, ok)`,
      );
    });
    afterAll(async () => {
      await spark?.stop();
    });

    test('grouped aggregates: counts, sums, distinct aggregates, collections, booleans', async () => {
      const out = await rows(
        data
          .groupBy('g')
          .agg(
            F.count('*').alias('n'),
            F.count('x').alias('nx'),
            F.sum('x').alias('sum'),
            F.avg('x').alias('avg'),
            F.mean('y').alias('mean'),
            F.min('x').alias('min'),
            F.max('s').alias('max'),
            F.count_distinct('s').alias('ds'),
            F.countDistinct('s', 'ok').alias('ds2'),
            F.sum_distinct(F.col('y').cast('int').mod(2)).alias('sd'),
            F.approx_count_distinct('s').alias('acd'),
            F.sort_array(F.collect_list('x')).alias('xs'),
            F.sort_array(F.collect_set('s'), false).alias('ss'),
            F.bool_and('ok').alias('all'),
            F.bool_or('ok').alias('any'),
            F.every('ok').alias('every'),
            F.some('ok').alias('some'),
            F.count_if(F.col('ok')).alias('nok'),
            F.max_by('s', 'y').alias('s_at_max_y'),
            F.min_by('s', 'y').alias('s_at_min_y'),
            F.product('y').alias('prod'),
            F.first('x', true).alias('first_nn'),
            F.bit_or('x').alias('bor'),
            F.bit_and('x').alias('band'),
            F.bit_xor('x').alias('bxor'),
          )
          .orderBy('g'),
      );
      expect(out).toEqual([
        {
          g: 'a',
          n: 3n,
          nx: 3n,
          sum: 6n,
          avg: 2,
          mean: 4,
          min: 1,
          max: 'q',
          ds: 2n,
          ds2: 3n,
          sd: 0n,
          acd: 2n,
          xs: [1, 2, 3],
          ss: ['q', 'p'],
          all: false,
          any: true,
          every: false,
          some: true,
          nok: 2n,
          s_at_max_y: 'p',
          s_at_min_y: 'p',
          prod: 48,
          first_nn: 1,
          bor: 3,
          band: 0,
          bxor: 0,
        },
        {
          g: 'b',
          n: 2n,
          nx: 1n,
          sum: 10n,
          avg: 10,
          mean: 2,
          min: 10,
          max: 'r',
          ds: 1n,
          ds2: 1n,
          sd: 1n,
          acd: 1n,
          xs: [10],
          ss: ['r'],
          all: true,
          any: true,
          every: true,
          some: true,
          nok: 2n,
          s_at_max_y: 'r',
          s_at_min_y: null,
          prod: 3,
          first_nn: 10,
          bor: 10,
          band: 10,
          bxor: 10,
        },
      ]);
    });

    test('statistical aggregates: moments, correlation, regression, percentiles', async () => {
      const [r] = await rows(
        data
          .filter(F.col('g').eq('a'))
          .agg(
            F.stddev('x').alias('sd'),
            F.stddev_pop('y').alias('sdp'),
            F.variance('x').alias('var'),
            F.var_pop('x').alias('varp'),
            F.corr('x', 'y').alias('corr'),
            F.covar_samp('x', 'y').alias('cov'),
            F.regr_slope('y', 'x').alias('slope'),
            F.regr_intercept('y', 'x').alias('icpt'),
            F.regr_count('y', 'x').alias('rc'),
            F.median('y').alias('median'),
            F.percentile('x', [0, 0.5, 1]).alias('pcts'),
            F.percentile_approx('x', 0.5).alias('papprox'),
            F.approx_percentile('y', [0.5], 100).alias('apct'),
            F.mode('s').alias('mode'),
            F.skewness('x').alias('skew'),
            F.kurtosis('x').alias('kurt'),
            F.histogram_numeric('x', F.lit(3)).alias('hist'),
            F.length(F.count_min_sketch('x', 0.1, 0.9)).alias('cms'),
            F.hll_sketch_estimate(F.hll_sketch_agg('x')).alias('hll'),
          ),
      );
      expect(r.sd).toBeCloseTo(1, 12);
      expect(r.sdp).toBeCloseTo(Math.sqrt(8 / 3), 12);
      expect(r.var).toBeCloseTo(1, 12);
      expect(r.varp).toBeCloseTo(2 / 3, 12);
      expect(r.corr).toBeCloseTo(1, 12);
      expect(r.cov).toBeCloseTo(2, 12);
      expect(r.slope).toBeCloseTo(2, 12);
      expect(r.icpt).toBeCloseTo(0, 12);
      expect(r.rc).toBe(3n);
      expect(r.median).toBe(4);
      expect(r.pcts).toEqual([1, 2, 3]);
      expect(r.papprox).toBe(2);
      expect(r.apct).toEqual([4]);
      expect(r.mode).toBe('p');
      expect(r.skew).toBeCloseTo(0, 12);
      expect(r.kurt).toBeCloseTo(-1.5, 12);
      // The default random seed of count_min_sketch is an INT, which Spark 3.5 requires.
      expect(r.cms as number).toBeGreaterThan(0);
      expect(r.hll).toBe(3n);
      expect(r.hist).toEqual([
        { x: 1, y: 1 },
        { x: 2, y: 1 },
        { x: 3, y: 1 },
      ]);
    });

    test('rollup with grouping / grouping_id', async () => {
      const out = await rows(
        data
          .rollup('g')
          .agg(F.sum('x').alias('sum'), F.grouping('g').alias('gr'), F.grouping_id().alias('gid'))
          .orderBy(F.asc_nulls_last('g')),
      );
      expect(out).toEqual([
        { g: 'a', sum: 6n, gr: 0, gid: 0n },
        { g: 'b', sum: 10n, gr: 0, gid: 0n },
        { g: null, sum: 16n, gr: 1, gid: 1n },
      ]);
    });

    test('ranking and analytic window functions', async () => {
      const w = Window.partitionBy('g').orderBy(F.desc('y'));
      const out = await rows(
        data
          .select(
            'g',
            'y',
            F.row_number().over(w).alias('rn'),
            F.rank().over(Window.partitionBy('g').orderBy('ok')).alias('rk'),
            F.dense_rank().over(Window.partitionBy('g').orderBy('ok')).alias('drk'),
            F.percent_rank().over(w).alias('prk'),
            F.cume_dist().over(w).alias('cd'),
            F.ntile(2).over(w).alias('tile'),
            F.lag('y').over(w).alias('prev'),
            F.lag('y', 1, 0).over(w).alias('prev0'),
            F.lead('y', 2).over(w).alias('next2'),
            F.nth_value('y', 2)
              .over(w.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing))
              .alias('second'),
          )
          .orderBy('g', F.desc('y')),
      );
      expect(out).toEqual([
        {
          g: 'a',
          y: 6,
          rn: 1,
          rk: 1,
          drk: 1,
          prk: 0,
          cd: 1 / 3,
          tile: 1,
          prev: null,
          prev0: 0,
          next2: 2,
          second: 4,
        },
        {
          g: 'a',
          y: 4,
          rn: 2,
          rk: 2,
          drk: 2,
          prk: 0.5,
          cd: 2 / 3,
          tile: 1,
          prev: 6,
          prev0: 6,
          next2: null,
          second: 4,
        },
        {
          g: 'a',
          y: 2,
          rn: 3,
          rk: 2,
          drk: 2,
          prk: 1,
          cd: 1,
          tile: 2,
          prev: 4,
          prev0: 4,
          next2: null,
          second: 4,
        },
        {
          g: 'b',
          y: 3,
          rn: 1,
          rk: 1,
          drk: 1,
          prk: 0,
          cd: 0.5,
          tile: 1,
          prev: null,
          prev0: 0,
          next2: null,
          second: 1,
        },
        {
          g: 'b',
          y: 1,
          rn: 2,
          rk: 1,
          drk: 1,
          prk: 1,
          cd: 1,
          tile: 2,
          prev: 3,
          prev0: 3,
          next2: null,
          second: 1,
        },
      ]);
    });

    test('aggregates over ROWS and RANGE frames and over the whole partition', async () => {
      const byY = Window.partitionBy('g').orderBy('y');
      const out = await rows(
        data
          .select(
            'g',
            'y',
            F.sum('y').over(byY.rowsBetween(Window.unboundedPreceding, Window.currentRow)).alias('running'),
            F.sum('y').over(byY.rowsBetween(-1, 1)).alias('moving'),
            F.count('*').over(byY.rangeBetween(-2, 0)).alias('within2'),
            F.max('y').over(Window.partitionBy('g')).alias('gmax'),
            F.sum('y').over(byY.rowsBetween(1, Window.unboundedFollowing)).alias('rest'),
          )
          .orderBy('g', 'y'),
      );
      expect(out).toEqual([
        { g: 'a', y: 2, running: 2, moving: 6, within2: 1n, gmax: 6, rest: 10 },
        { g: 'a', y: 4, running: 6, moving: 12, within2: 2n, gmax: 6, rest: 6 },
        { g: 'a', y: 6, running: 12, moving: 10, within2: 2n, gmax: 6, rest: null },
        { g: 'b', y: 1, running: 1, moving: 4, within2: 1n, gmax: 3, rest: 3 },
        { g: 'b', y: 3, running: 4, moving: 4, within2: 2n, gmax: 3, rest: null },
      ]);
    });

    test('listagg / string_agg exist from Spark 4.0; older servers answer UNRESOLVED_ROUTINE', async () => {
      const df = data
        .filter(F.col('g').eq('a'))
        .agg(F.listagg('s', ',').alias('l'), F.string_agg_distinct('s').alias('d'));
      if (atLeast(version, 4, 0)) {
        const [r] = await rows(df);
        expect((r.l as string).split(',').sort()).toEqual(['p', 'p', 'q']);
        expect((r.d as string).split('').sort()).toEqual(['p', 'q']);
      } else {
        const err = await df.collect().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AnalysisException);
        expect((err as AnalysisException).errorClass).toBe('UNRESOLVED_ROUTINE');
        expect((err as AnalysisException).message).toMatch(/listagg/);
      }
    });
  },
);
