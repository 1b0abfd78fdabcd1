import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnalysisException,
  type DataFrame,
  functions as F,
  type SparkSession,
  SparkTimestamp,
} from '../../src/index.js';
import { atLeast, newSession, serverMatrix } from '../support/matrix.js';
import { expectFamily, sailIt } from '../support/sail.js';

async function one(df: DataFrame): Promise<Record<string, unknown>> {
  const rows = await df.collect();
  expect(rows).toHaveLength(1);
  return rows[0].toObject();
}

describe.each(serverMatrix({ sail: true }))('functions: scalar families on Spark %s', (version, url) => {
  const test = sailIt(version, 'functions');
  let spark: SparkSession;
  let row: DataFrame;
  beforeAll(async () => {
    spark = await newSession(url);
    await spark.conf.set('spark.sql.session.timeZone', 'Asia/Tokyo');
    row = await spark.sql(
      `SELECT '  Hello World  ' AS padded, 'hello world' AS s, 'a,b,,c' AS csv, 'Spark' AS name,
              -7 AS neg, 2.345D AS d, 255 AS n, 5 AS five, CAST(NULL AS INT) AS nul`,
    );
  });
  afterAll(async () => {
    await spark?.stop();
  });

  it('string functions', async () => {
    await expectFamily(
      version,
      row,
      'functions: string functions',
      {
        upper: F.upper('s'),
        initcap: F.initcap('s'),
        trim: F.trim('padded'),
        ltrim: F.ltrim('padded'),
        rtrim: F.rtrim('padded'),
        trimChars: F.trim(F.lit('xxhixx'), F.lit('x')),
        length: F.length('s'),
        substring: F.substring('s', 1, 5),
        substr: F.substr('s', F.lit(7)),
        concat_ws: F.concat_ws('-', 's', 'name'),
        lpad: F.lpad('name', 8, '*'),
        rpad: F.rpad('name', 7, '!'),
        regexp_replace: F.regexp_replace('s', 'o', '0'),
        regexp_extract: F.regexp_extract('s', '(\\w+) (\\w+)', 2),
        split: F.split('csv', ','),
        splitLimit: F.split('csv', ',', 2),
        locate: F.locate('o', 's'),
        locateFrom: F.locate('o', 's', 6),
        instr: F.instr('s', 'world'),
        repeat: F.repeat('name', 2),
        reverse: F.reverse('name'),
        translate: F.translate('name', 'Sk', 'sK'),
        format_string: F.format_string('%s has %d chars', 'name', F.length('name')),
        format_number: F.format_number('d', 1),
        ascii: F.ascii('name'),
        base64: F.base64(F.encode('name', 'UTF-8')),
        decoded: F.decode(F.unbase64(F.lit('U3Bhcms=')), 'UTF-8'),
        soundex: F.soundex('name'),
        levenshtein: F.levenshtein('name', F.lit('Spork')),
        overlay: F.overlay('name', F.lit('ee'), 3),
        left: F.left('name', F.lit(2)),
        right: F.right('name', F.lit(3)),
        startswith: F.startswith('name', F.lit('Sp')),
        endswith: F.endswith('name', F.lit('x')),
        contains: F.contains('s', F.lit('lo w')),
        like: F.like('name', F.lit('S%k')),
        ilike: F.ilike('name', F.lit('s%K')),
        rlike: F.rlike('name', F.lit('^S.a')),
        mask: F.mask(F.lit('Ab-12')),
        btrim: F.btrim(F.lit('xyHixy'), F.lit('xy')),
        split_part: F.split_part('csv', F.lit(','), F.lit(2)),
        char_length: F.char_length('name'),
        octet_length: F.octet_length(F.lit('é')),
        find_in_set: F.find_in_set(F.lit('b'), 'csv'),
        sentences: F.sentences(F.lit('Hi there. Bye!')),
        substring_index: F.substring_index(F.lit('a.b.c'), '.', 2),
        printf: F.printf(F.lit('%s-%s'), 'name', 'five'),
      },
      {
        upper: 'HELLO WORLD',
        initcap: 'Hello World',
        trim: 'Hello World',
        ltrim: 'Hello World  ',
        rtrim: '  Hello World',
        trimChars: 'hi',
        length: 11,
        substring: 'hello',
        substr: 'world',
        concat_ws: 'hello world-Spark',
        lpad: '***Spark',
        rpad: 'Spark!!',
        regexp_replace: 'hell0 w0rld',
        regexp_extract: 'world',
        split: ['a', 'b', '', 'c'],
        splitLimit: ['a', 'b,,c'],
        locate: 5,
        locateFrom: 8,
        instr: 7,
        repeat: 'SparkSpark',
        reverse: 'krapS',
        translate: 'sparK',
        format_string: 'Spark has 5 chars',
        format_number: '2.3',
        ascii: 83,
        base64: 'U3Bhcms=',
        decoded: 'Spark',
        soundex: 'S162',
        levenshtein: 1,
        overlay: 'Speek',
        left: 'Sp',
        right: 'ark',
        startswith: true,
        endswith: false,
        contains: true,
        like: true,
        ilike: true,
        rlike: true,
        mask: 'Xx-nn',
        btrim: 'Hi',
        split_part: 'b',
        char_length: 5,
        octet_length: 2,
        find_in_set: 2,
        sentences: [['Hi', 'there'], ['Bye']],
        substring_index: 'a.b',
        printf: 'Spark-5',
      },
    );
  });

  it('math functions', async () => {
    await expectFamily(
      version,
      row,
      'functions: math functions',
      {
        abs: F.abs('neg'),
        sqrt: F.sqrt(F.lit(16)),
        pow: F.pow('five', 2),
        power: F.power(2, 'five'),
        round: F.round('d', 2),
        round0: F.round('d'),
        bround: F.bround(F.lit(2.5)),
        ceil: F.ceil('d'),
        floor: F.floor('d'),
        exp: F.exp(F.lit(0)),
        ln: F.log(F.lit(1)),
        log2base: F.log(2, F.lit(8)),
        log10: F.log10(F.lit(1000)),
        log2: F.log2(F.lit(8)),
        cbrt: F.cbrt(F.lit(27)),
        signum: F.signum('neg'),
        greatest: F.greatest('five', 'n', 'neg'),
        least: F.least('five', 'n', 'neg'),
        hypot: F.hypot(3, 4),
        pmod: F.pmod('neg', 3),
        factorial: F.factorial('five'),
        hex: F.hex('n'),
        unhex: F.decode(F.unhex(F.lit('537061726B')), 'UTF-8'),
        conv: F.conv(F.lit('ff'), 16, 10),
        bin: F.bin('five'),
        degrees: F.degrees(F.pi()),
        e: F.e(),
        negative: F.negative('five'),
        negate: F.negate('neg'),
        positive: F.positive('neg'),
        try_divide: F.try_divide('five', F.lit(0)),
        try_add: F.try_add(F.lit(2147483647), F.lit(1)),
        width_bucket: F.width_bucket(F.lit(5.3), F.lit(0.2), F.lit(10.6), 5),
        nanvl: F.nanvl(F.lit(Number.NaN), F.lit(1.5)),
        isnan: F.isnan(F.lit(Number.NaN)),
        ceil1: F.ceil('d', 1),
      },
      {
        abs: 7,
        sqrt: 4,
        pow: 25,
        power: 32,
        round: 2.35,
        round0: 2,
        bround: 2,
        ceil: 3n,
        floor: 2n,
        exp: 1,
        ln: 0,
        log2base: 3,
        log10: 3,
        log2: 3,
        cbrt: 3,
        signum: -1,
        greatest: 255,
        least: -7,
        hypot: 5,
        pmod: 2,
        factorial: 120n,
        hex: 'FF',
        unhex: 'Spark',
        conv: '255',
        bin: '101',
        degrees: 180,
        e: Math.E,
        negative: -5,
        negate: 7,
        positive: -7,
        try_divide: null,
        try_add: null,
        width_bucket: 3n,
        nanvl: 1.5,
        isnan: true,
        ceil1: '2.4',
      },
    );
  });

  test('rand / randn fix their seed when the column is built: every action sees the same values', async () => {
    const df = (await spark.sql('SELECT id FROM range(5)')).select(
      'id',
      F.rand().alias('r'),
      F.randn().alias('n'),
      F.rand(42).alias('r42'),
    );
    const first = (await df.collect()).map((r) => r.toObject());
    expect((await df.collect()).map((r) => r.toObject())).toEqual(first);
    for (const r of first) {
      expect(r.r as number).toBeGreaterThanOrEqual(0);
      expect(r.r as number).toBeLessThan(1);
    }
    // Built again: new unseeded values, the same seeded ones.
    const again = (
      await (
        await spark.sql('SELECT id FROM range(5)')
      )
        .select(F.rand().alias('r'), F.rand(42).alias('r42'))
        .collect()
    ).map((r) => r.toObject());
    expect(again.map((r) => r.r)).not.toEqual(first.map((r) => r.r));
    expect(again.map((r) => r.r42)).toEqual(first.map((r) => r.r42));
  });

  test('shuffle, uuid, uniform and randstr send a fixed seed as PySpark does (Spark 4.0+)', async () => {
    const base = await spark.sql('SELECT id FROM range(4)');
    const arr = F.sequence(F.lit(1), F.lit(5));
    if (!atLeast(version, 4, 0)) {
      // Spark 3.5 has shuffle() and uuid() without a seed argument: the server rejects the call,
      // and call_function sends them without one.
      for (const c of [F.shuffle(arr), F.uuid()]) {
        const err = await base
          .select(c)
          .collect()
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AnalysisException);
        expect((err as AnalysisException).errorClass).toBe('WRONG_NUM_ARGS.WITHOUT_SUGGESTION');
      }
      const [r] = await base.select(F.call_function('shuffle', arr).alias('s')).limit(1).collect();
      expect([...(r.get('s') as number[])].sort()).toEqual([1, 2, 3, 4, 5]);
      return;
    }
    const df = base.select(
      F.shuffle(arr).alias('s'),
      F.shuffle(arr, 3).alias('s3'),
      F.uuid().alias('uuid'),
      F.uniform(F.lit(10), F.lit(20)).alias('u'),
      F.randstr(6).alias('str'),
    );
    const first = (await df.collect()).map((r) => r.toObject());
    expect((await df.collect()).map((r) => r.toObject())).toEqual(first);
    for (const r of first) {
      expect([...(r.s as number[])].sort()).toEqual([1, 2, 3, 4, 5]);
      expect(r.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.u as number).toBeGreaterThanOrEqual(10);
      expect(r.u as number).toBeLessThan(20);
      expect(r.str).toMatch(/^[0-9a-zA-Z]{6}$/);
    }
    expect(new Set(first.map((r) => r.uuid)).size).toBe(4);
  });

  it('hash and bitwise functions', async () => {
    await expectFamily(
      version,
      row,
      'functions: hash and bitwise functions',
      {
        md5: F.md5('name'),
        sha1: F.sha1('name'),
        sha: F.sha('name'),
        sha2: F.sha2('name', 256),
        crc32: F.crc32('name'),
        hash: F.hash('name', F.array(F.lit(123)), F.lit(2)),
        xxhash64: F.xxhash64('name', F.array(F.lit(123)), F.lit(2)),
        not: F.bitwise_not('five'),
        shl: F.shiftleft(F.lit(1), 4),
        shr: F.shiftright(F.lit(-16), 2),
        shru: F.shiftrightunsigned(F.lit(-16), 28),
        bit_count: F.bit_count('five'),
        bit_get: F.bit_get('five', F.lit(2)),
        getbit: F.getbit('five', F.lit(1)),
      },
      {
        md5: '8cde774d6f7333752ed72cacddb05126',
        sha1: '85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c',
        sha: '85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c',
        sha2: '529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b',
        crc32: 1557323817n,
        hash: -1321691492,
        xxhash64: 5602566077635097486n,
        not: -6,
        shl: 16,
        shr: -4,
        shru: 15,
        bit_count: 2,
        bit_get: 1,
        getbit: 0,
      },
    );
  });

  it('date and time functions in a fixed session time zone (Asia/Tokyo)', async () => {
    const dt = await spark.sql(
      `SELECT DATE'2024-02-29' AS d, TIMESTAMP'2024-02-29 13:45:30.123456' AS ts, '29/02/2024' AS s,
              0L AS epoch, '2024-03-01 08:00:00' AS ts_str`,
    );
    const day = (s: string) => new Date(`${s}T00:00:00Z`);
    await expectFamily(
      version,
      dt,
      'functions: date and time functions in a fixed session time zone (Asia/Tokyo)',
      {
        tz: F.current_timezone(),
        date_format: F.date_format('ts', 'yyyy-MM-dd HH:mm:ss.SSS'),
        to_date: F.to_date('s', 'dd/MM/yyyy'),
        to_date_default: F.to_date(F.lit('2024-01-31')),
        year: F.year('d'),
        month: F.month('d'),
        day: F.dayofmonth('d'),
        dayofweek: F.dayofweek('d'),
        dayofyear: F.dayofyear('d'),
        weekofyear: F.weekofyear('d'),
        quarter: F.quarter('d'),
        hour: F.hour('ts'),
        minute: F.minute('ts'),
        second: F.second('ts'),
        last_day: F.last_day('d'),
        next_day: F.next_day('d', 'Mon'),
        add_months: F.add_months('d', 12),
        date_add: F.date_add('d', 1),
        date_sub: F.date_sub('d', 29),
        datediff: F.datediff(F.lit('2024-03-10'), 'd'),
        months_between: F.months_between(F.lit('2024-04-29'), 'd'),
        trunc: F.trunc('d', 'month'),
        date_trunc: F.date_trunc('hour', 'ts'),
        from_unixtime: F.from_unixtime('epoch'),
        unix_timestamp: F.unix_timestamp('ts_str'),
        to_timestamp: F.to_timestamp('ts_str'),
        from_utc: F.from_utc_timestamp(F.to_timestamp(F.lit('2024-01-01 00:00:00')), 'America/New_York'),
        to_utc: F.to_utc_timestamp(F.to_timestamp(F.lit('2024-01-01 09:00:00')), 'America/New_York'),
        make_date: F.make_date(F.lit(2024), F.lit(12), F.lit(31)),
        timestamp_seconds: F.timestamp_seconds('epoch'),
        unix_seconds: F.unix_seconds('ts'),
        unix_date: F.unix_date('d'),
        date_from_unix_date: F.date_from_unix_date(F.lit(1)),
        extract: F.extract(F.lit('YEAR'), 'd'),
        date_part: F.date_part(F.lit('MONTH'), 'd'),
        interval: F.make_interval({ days: F.lit(1), hours: F.lit(2) }).cast('string'),
        ym: F.make_ym_interval(F.lit(1), F.lit(2)).cast('string'),
      },
      {
        tz: 'Asia/Tokyo',
        date_format: '2024-02-29 13:45:30.123',
        to_date: day('2024-02-29'),
        to_date_default: day('2024-01-31'),
        year: 2024,
        month: 2,
        day: 29,
        dayofweek: 5,
        dayofyear: 60,
        weekofyear: 9,
        quarter: 1,
        hour: 13,
        minute: 45,
        second: 30,
        last_day: day('2024-02-29'),
        next_day: day('2024-03-04'),
        add_months: day('2025-02-28'),
        date_add: day('2024-03-01'),
        date_sub: day('2024-01-31'),
        datediff: 10,
        months_between: 2,
        trunc: day('2024-02-01'),
        date_trunc: new Date('2024-02-29T04:00:00Z'),
        from_unixtime: '1970-01-01 09:00:00',
        unix_timestamp: 1709247600n,
        to_timestamp: new Date('2024-02-29T23:00:00Z'),
        from_utc: new Date('2023-12-31T10:00:00Z'),
        to_utc: new Date('2024-01-01T05:00:00Z'),
        make_date: day('2024-12-31'),
        timestamp_seconds: new Date(0),
        unix_seconds: 1709181930n,
        unix_date: 19782,
        date_from_unix_date: day('1970-01-02'),
        extract: 2024,
        date_part: 2,
        interval: '1 days 2 hours',
        ym: "INTERVAL '1-2' YEAR TO MONTH",
      },
    );
    // Timestamps come back as SparkTimestamp (a Date with microseconds).
    const [trunc] = await dt.select(F.date_trunc('hour', 'ts').alias('t')).collect();
    expect(trunc.get('t')).toBeInstanceOf(SparkTimestamp);
  });

  test('time windows group timestamps into [start, end) structs', async () => {
    const events = await spark.sql(
      `SELECT * FROM VALUES (TIMESTAMP'2024-01-01 10:02:00', 1), (TIMESTAMP'2024-01-01 10:07:00', 2),
         (TIMESTAMP'2024-01-01 10:12:00', 3) AS t(ts, v)`,
    );
    const out = (
      await events
        .groupBy(F.window('ts', '10 minutes').alias('w'))
        .agg(F.sum('v').alias('total'))
        .select(
          F.date_format('w.start', 'HH:mm').alias('start'),
          F.date_format('w.end', 'HH:mm').alias('end'),
          'total',
        )
        .orderBy('start')
        .collect()
    ).map((x) => x.toObject());
    expect(out).toEqual([
      { start: '10:00', end: '10:10', total: 3n },
      { start: '10:10', end: '10:20', total: 3n },
    ]);
    const sliding = await events
      .groupBy(F.window('ts', '10 minutes', '5 minutes', '1 minute'))
      .count()
      .count();
    expect(sliding).toBe(4);
  });

  it('conditional, predicate and misc functions', async () => {
    await expectFamily(
      version,
      row,
      'functions: conditional, predicate and misc functions',
      {
        when: F.when(F.col('neg').gt(0), 'pos').when(F.col('neg').lt(0), 'neg').otherwise('zero'),
        whenNull: F.when(F.col('neg').gt(0), 'pos'),
        coalesce: F.coalesce('nul', 'five'),
        nvl: F.nvl('nul', F.lit(0)),
        nvl2: F.nvl2('nul', F.lit('a'), F.lit('b')),
        nullif: F.nullif('five', F.lit(5)),
        ifnull: F.ifnull('nul', 'n'),
        equal_null: F.equal_null('nul', F.lit(null).cast('int')),
        isnull: F.isnull('nul'),
        isnotnull: F.isnotnull('nul'),
        expr: F.expr('five * 2'),
        call_function: F.call_function('upper', 'name'),
        typeof: F.typeof('d'),
        current_database: F.current_database(),
        version: F.version(),
        input_file_name: F.input_file_name(),
        spark_partition_id: F.spark_partition_id(),
        assert_true: F.assert_true(F.col('five').gt(0)),
        url_encode: F.url_encode(F.lit('a b&c')),
        url_decode: F.url_decode(F.lit('a+b%26c')),
        parse_url: F.parse_url(F.lit('https://spark.apache.org/path?q=1'), F.lit('HOST')),
        parse_url_key: F.parse_url(F.lit('https://spark.apache.org/path?q=1'), F.lit('QUERY'), F.lit('q')),
        aes: F.decode(
          F.aes_decrypt(F.aes_encrypt('name', F.lit('0000111122223333')), F.lit('0000111122223333')),
          'UTF-8',
        ),
      },
      {
        when: 'neg',
        whenNull: null,
        coalesce: 5,
        nvl: 0,
        nvl2: 'b',
        nullif: null,
        ifnull: 255,
        equal_null: true,
        isnull: true,
        isnotnull: false,
        expr: 10,
        call_function: 'SPARK',
        typeof: 'double',
        current_database: 'default',
        version: expect.stringMatching(new RegExp(`^${version.replace('.', '\\.')}\\.\\d+ [0-9a-f]+$`)),
        input_file_name: '',
        spark_partition_id: 0,
        assert_true: null,
        url_encode: 'a+b%26c',
        url_decode: 'a b&c',
        parse_url: 'spark.apache.org',
        parse_url_key: '1',
        aes: 'Spark',
      },
    );
    const err = await row
      .select(F.raise_error('custom failure'))
      .collect()
      .catch((e: unknown) => e);
    expect(String(err)).toMatch(/custom failure/);
  });

  test('broadcast marks a join side with the broadcast hint', async () => {
    const big = await spark.sql('SELECT id, id * 10 AS v FROM range(4)');
    const small = await spark.sql("SELECT * FROM VALUES (1L, 'one'), (3L, 'three') AS s(id, label)");
    const joined = big.join(F.broadcast(small), 'id').orderBy('id');
    expect((await joined.collect()).map((r) => r.toObject())).toEqual([
      { id: 1n, v: 10n, label: 'one' },
      { id: 3n, v: 30n, label: 'three' },
    ]);
    const plan = await joined.explainString('extended');
    expect(String(plan)).toMatch(/broadcast/i);
  });

  test('functions newer than the server are sent as is and fail with the server error', async () => {
    // randstr (Spark 4.0) and hmac (Spark 4.3) exist on newer servers only.
    const newer = atLeast(version, 4, 3) ? undefined : atLeast(version, 4, 0) ? 'hmac' : 'randstr';
    const df = row.select(
      F.length(F.randstr(5, 1)).alias('len'),
      F.length(F.hmac(F.lit('k'), F.lit('m'))).alias('mac'),
    );
    if (newer === undefined) {
      expect(await one(df)).toEqual({ len: 5, mac: 32 });
      return;
    }
    const err = await df.collect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AnalysisException);
    expect((err as AnalysisException).errorClass).toBe('UNRESOLVED_ROUTINE');
    expect((err as AnalysisException).message).toContain(newer);
  });
});
