import { describe, expect, it } from 'vitest';
import { Column } from '../../src/column/column.js';
import { typed } from '../../src/column/literal.js';
import { lowerExpr } from '../../src/column/lower.js';
import type { DataFrame } from '../../src/dataframe/dataframe.js';
import * as F from '../../src/functions/index.js';
import { Window } from '../../src/functions/window.js';
import type { Expression } from '../../src/gen/spark/connect/expressions_pb.js';
import { DataTypes } from '../../src/types/index.js';

/** Renders a lowered expression compactly: `name(args)`, `'str'`, `1`, `2L`, `0.5D`, lambdas. */
function render(e: Expression, vars: Map<string, string>): string {
  const t = e.exprType;
  const v = (name: string) => {
    if (!vars.has(name)) vars.set(name, `v${vars.size}`);
    return vars.get(name) as string;
  };
  switch (t.case) {
    case 'unresolvedFunction':
      return `${t.value.functionName}(${t.value.isDistinct ? 'DISTINCT ' : ''}${t.value.arguments.map((a) => render(a, vars)).join(', ')})`;
    case 'callFunction':
      return `call_function:${t.value.functionName}(${t.value.arguments.map((a) => render(a, vars)).join(', ')})`;
    case 'unresolvedAttribute':
      return t.value.unparsedIdentifier;
    case 'unresolvedStar':
      return t.value.unparsedTarget ?? '*';
    case 'expressionString':
      return `expr(${t.value.expression})`;
    case 'literal': {
      const l = t.value.literalType;
      switch (l.case) {
        case 'string':
          return `'${l.value}'`;
        case 'integer':
          return String(l.value);
        case 'long':
          return `${l.value}L`;
        case 'double':
          return `${l.value}D`;
        case 'boolean':
          return String(l.value);
        case 'null':
          return 'NULL';
        case 'decimal':
          return `${l.value.value}BD(${l.value.precision},${l.value.scale})`;
        default:
          return `<${l.case}>`;
      }
    }
    case 'lambdaFunction':
      return `(${t.value.arguments.map((a) => v(a.nameParts[0])).join(', ')}) -> ${render(t.value.function as Expression, vars)}`;
    case 'unresolvedNamedLambdaVariable':
      return v(t.value.nameParts[0]);
    case 'sortOrder':
      return `${render(t.value.child as Expression, vars)} ${t.value.direction === 1 ? 'ASC' : 'DESC'} NULLS ${t.value.nullOrdering === 1 ? 'FIRST' : 'LAST'}`;
    default:
      return `<${t.case}>`;
  }
}

function sql(c: Column): string {
  return render(lowerExpr(c.node), new Map());
}

function windowOf(c: Column) {
  const e = lowerExpr(c.node);
  if (e.exprType.case !== 'window') throw new Error(`not a window: ${e.exprType.case}`);
  return e.exprType.value;
}

describe('functions: argument handling like PySpark', () => {
  it('columns are Columns or column names; most functions keep their Spark SQL name', () => {
    expect(sql(F.acos('x'))).toBe('acos(x)');
    expect(sql(F.acos(F.col('x')))).toBe('acos(x)');
    expect(sql(F.concat('a', F.col('b'), 'c'))).toBe('concat(a, b, c)');
    expect(sql(F.coalesce())).toBe('coalesce()');
    expect(sql(F.current_date())).toBe('current_date()');
    expect(sql(F.col('t.*'))).toBe('t.*');
    expect(sql(F.struct('t.*'))).toBe('struct(t.*)');
  });

  it('some PySpark names call a differently named Spark function', () => {
    expect(sql(F.negate('x'))).toBe('negative(x)');
    expect(sql(F.pow('x', 2))).toBe('power(x, 2)');
    expect(sql(F.bitwise_not('x'))).toBe('~(x)');
    expect(sql(F.bitwiseNOT('x'))).toBe('~(x)');
    expect(sql(F.mean('x'))).toBe('avg(x)');
    expect(sql(F.toDegrees('x'))).toBe('degrees(x)');
    expect(sql(F.shiftLeft('x', 1))).toBe('shiftleft(x, 1)');
    expect(sql(F.create_map('k', 'v'))).toBe('map(k, v)');
    expect(sql(F.timestamp_diff('HOUR', 'a', 'b'))).toBe("timestampdiff('HOUR', a, b)");
    expect(sql(F.timestamp_add('DAY', 'n', 'ts'))).toBe("timestampadd('DAY', n, ts)");
    expect(sql(F.random(1))).toBe('rand(1)');
    expect(sql(F.log('x'))).toBe('ln(x)');
    // PySpark's base is a float: lit(2.0), a DOUBLE, which names the column LOG(2.0, x).
    expect(sql(F.log(2, 'x'))).toBe('log(2D, x)');
    expect(sql(F.log(F.col('b'), 'x'))).toBe('log(b, x)');
    expect(sql(F.typeof('x'))).toBe('typeof(x)');
    expect(sql(F.call_udf('my_fn', 'a', F.lit(1)))).toBe('my_fn(a, 1)');
    expect(sql(F.call_function('abs', 'a'))).toBe('call_function:abs(a)');
  });

  it('Python values become literals, strings where PySpark takes a column are column names', () => {
    // date_format(col, format: str): the format is a literal.
    expect(sql(F.date_format('d', 'yyyy-MM-dd'))).toBe("date_format(d, 'yyyy-MM-dd')");
    expect(sql(F.date_format('d', F.col('fmt')))).toBe('date_format(d, fmt)');
    // date_add(start, days: ColumnOrName | int): a number is a literal, a string a column.
    expect(sql(F.date_add('d', 3))).toBe('date_add(d, 3)');
    expect(sql(F.date_add('d', 'n'))).toBe('date_add(d, n)');
    // array_contains(col, value: Any): every JS value is a literal, a Column is used as is.
    expect(sql(F.array_contains('tags', 'spark'))).toBe("array_contains(tags, 'spark')");
    expect(sql(F.array_contains('tags', F.col('t')))).toBe('array_contains(tags, t)');
    expect(sql(F.element_at('m', 'k'))).toBe("element_at(m, 'k')");
    // lpad(col, len: int, pad: str), from_utc_timestamp(ts, tz: str), split(str, pattern, limit).
    expect(sql(F.lpad('id', 5, '0'))).toBe("lpad(id, 5, '0')");
    expect(sql(F.from_utc_timestamp('ts', 'Europe/Paris'))).toBe("from_utc_timestamp(ts, 'Europe/Paris')");
    expect(sql(F.split('s', ',', 'lim'))).toBe("split(s, ',', lim)");
    // binary math: numbers are literals, strings columns.
    expect(sql(F.atan2(1.5, 'x'))).toBe('atan2(1.5D, x)');
    // to_char's format is a ColumnOrName in PySpark: a string is a column name.
    expect(sql(F.to_char('x', 'fmt'))).toBe('to_char(x, fmt)');
    expect(sql(F.regexp_extract('s', '(\\d+)', 1))).toBe("regexp_extract(s, '(\\d+)', 1)");
    expect(sql(F.concat_ws('-', 'a', 'b'))).toBe("concat_ws('-', a, b)");
    expect(sql(F.sha2('s', 256))).toBe('sha2(s, 256)');
    expect(sql(F.when(F.col('a').gt(1), 'big'))).toBe("when(>(a, 1), 'big')");
    expect(sql(F.when(F.col('a').gt(1), 'big').otherwise(F.col('a')))).toBe("when(>(a, 1), 'big', a)");
  });

  it('a JS array is array(lit, ...) as PySpark lit(list) does, so Spark unifies the element type', () => {
    expect(sql(F.lit([1, 2.5]))).toBe('array(1, 2.5D)');
    expect(sql(F.percentile('x', [0, 0.5, 1]))).toBe('percentile(x, array(0, 0.5D, 1), 1)');
    expect(sql(F.percentile_approx('x', 0.5))).toBe('percentile_approx(x, 0.5D, 10000)');
    expect(sql(F.array_contains('nested', [1, 2]))).toBe('array_contains(nested, array(1, 2))');
    expect(() => F.lit([F.col('a')] as never)).toThrow(/Column/);
  });

  it('optional arguments are left out when not given, and defaulted exactly as PySpark does', () => {
    expect(sql(F.round('x'))).toBe('round(x)');
    expect(sql(F.round('x', 2))).toBe('round(x, 2)');
    expect(sql(F.to_date('s'))).toBe('to_date(s)');
    expect(sql(F.to_date('s', 'dd/MM/yyyy'))).toBe("to_date(s, 'dd/MM/yyyy')");
    expect(sql(F.lag('x'))).toBe('lag(x, 1)');
    expect(sql(F.lag('x', 2, 0))).toBe('lag(x, 2, 0)');
    expect(sql(F.lead('x', 1, null as never))).toBe('lead(x, 1)');
    expect(sql(F.nth_value('x', 2))).toBe('nth_value(x, 2, false)');
    expect(sql(F.first('x'))).toBe('first(x, false)');
    expect(sql(F.first_value('x'))).toBe('first_value(x)');
    expect(sql(F.first_value('x', true))).toBe('first_value(x, true)');
    expect(sql(F.unix_timestamp())).toBe('unix_timestamp()');
    expect(sql(F.unix_timestamp('s'))).toBe("unix_timestamp(s, 'yyyy-MM-dd HH:mm:ss')");
    expect(sql(F.from_unixtime('t'))).toBe("from_unixtime(t, 'yyyy-MM-dd HH:mm:ss')");
    expect(sql(F.locate('b', 's'))).toBe("locate('b', s, 1)");
    expect(sql(F.overlay('s', 'r', 2))).toBe('overlay(s, r, 2, -1)');
    expect(sql(F.split('s', ','))).toBe("split(s, ',', -1)");
    expect(sql(F.months_between('a', 'b'))).toBe('months_between(a, b, true)');
    expect(sql(F.sort_array('a'))).toBe('sort_array(a, true)');
    expect(sql(F.mask('s'))).toBe("mask(s, 'X', 'x', 'n', NULL)");
    expect(sql(F.mask('s', F.lit('U')))).toBe("mask(s, 'U', 'x', 'n', NULL)");
    expect(sql(F.str_to_map('t'))).toBe("str_to_map(t, ',', ':')");
    expect(sql(F.sentences('t'))).toBe("sentences(t, '', '')");
    expect(sql(F.aes_encrypt('i', 'k'))).toBe("aes_encrypt(i, k, 'GCM', 'DEFAULT', '', '')");
    expect(sql(F.tuple_union_double('a', 'b'))).toBe("tuple_union_double(a, b, 12, 'sum')");
    expect(sql(F.instr('s', 'b'))).toBe("instr(s, 'b')");
    expect(sql(F.instr('s', 'b', undefined, 2))).toBe("instr(s, 'b', 1, 2)");
    expect(sql(F.approx_count_distinct('x'))).toBe('approx_count_distinct(x)');
    expect(sql(F.approx_count_distinct('x', 0.1))).toBe('approx_count_distinct(x, 0.1D)');
    expect(sql(F.convert_timezone(undefined, F.lit('UTC'), 'ts'))).toBe("convert_timezone('UTC', ts)");
    expect(sql(F.current_time())).toBe('current_time()');
    expect(sql(F.current_time(3))).toBe('current_time(3)');
  });

  it('interval builders default missing fields to 0 and take fields positionally or by name', () => {
    expect(sql(F.make_dt_interval())).toBe('make_dt_interval(0, 0, 0, 0BD(10,0))');
    expect(sql(F.make_interval({ days: 'd', hours: F.col('h') }))).toBe(
      'make_interval(0, 0, 0, d, h, 0, 0BD(10,0))',
    );
    expect(sql(F.make_interval('y', 'm'))).toBe('make_interval(y, m, 0, 0, 0, 0, 0BD(10,0))');
    expect(sql(F.make_ym_interval(undefined, 'm'))).toBe('make_ym_interval(0, m)');
    expect(() => F.make_interval({ day: 'd' } as never)).toThrow(/unknown field 'day'/);
  });

  it('trim functions send the trim characters first, as Spark expects', () => {
    expect(sql(F.trim('s'))).toBe('trim(s)');
    expect(sql(F.trim('s', F.lit('xy')))).toBe("trim('xy', s)");
    expect(sql(F.ltrim('s', 't'))).toBe('ltrim(t, s)');
    expect(sql(F.btrim('s', 't'))).toBe('btrim(s, t)');
  });

  it('make_timestamp takes fields or { date, time, timezone? }, not both', () => {
    expect(sql(F.make_timestamp('y', 'mo', 'd', 'h', 'mi', 's'))).toBe('make_timestamp(y, mo, d, h, mi, s)');
    expect(sql(F.make_timestamp('y', 'mo', 'd', 'h', 'mi', 's', 'tz'))).toBe(
      'make_timestamp(y, mo, d, h, mi, s, tz)',
    );
    expect(sql(F.make_timestamp({ date: 'd', time: 't', timezone: 'tz' }))).toBe('make_timestamp(d, t, tz)');
    expect(sql(F.make_timestamp_ntz({ date: 'd', time: 't' }))).toBe('make_timestamp_ntz(d, t)');
    expect(() => (F.make_timestamp as (...a: unknown[]) => Column)({ date: 'd', time: 't' }, 'x')).toThrow(
      /not both/,
    );
    expect(() => (F.make_timestamp as (...a: unknown[]) => Column)('y', 'mo')).toThrow(/'days' is required/);
  });

  it('distinct aggregates set isDistinct; count("*") counts rows as count(1)', () => {
    expect(sql(F.count_distinct('a', F.col('b')))).toBe('count(DISTINCT a, b)');
    expect(sql(F.countDistinct('a'))).toBe('count(DISTINCT a)');
    expect(sql(F.sum_distinct('a'))).toBe('sum(DISTINCT a)');
    expect(sql(F.listagg_distinct('a', ','))).toBe("listagg(DISTINCT a, ',')");
    expect(sql(F.string_agg_distinct('a'))).toBe('string_agg(DISTINCT a)');
    expect(sql(F.count('*'))).toBe('count(1)');
    expect(sql(F.count(F.col('*')))).toBe('count(1)');
    expect(sql(F.count('a'))).toBe('count(a)');
  });

  it('options maps become map(key, value, ...) of strings', () => {
    expect(sql(F.from_json('j', 'a INT', { mode: 'FAILFAST', allowComments: true, n: 2 }))).toBe(
      "from_json(j, 'a INT', map('mode', 'FAILFAST', 'allowComments', 'true', 'n', '2'))",
    );
    expect(sql(F.to_csv('s', new Map([['sep', ';']])))).toBe("to_csv(s, map('sep', ';'))");
    expect(sql(F.to_json('s'))).toBe('to_json(s)');
    expect(() => F.to_json('s', { bad: {} as never })).toThrow(/to_json\(\): 'options.bad'/);
  });

  it('schemas: DataType as JSON, DDL string or Column', () => {
    const st = DataTypes.struct([DataTypes.field('a', DataTypes.int)]);
    expect(sql(F.from_json('j', st))).toBe(`from_json(j, '${st.json()}')`);
    expect(st.json()).toContain('"type":"struct"');
    expect(sql(F.from_json('j', F.col('s')))).toBe('from_json(j, s)');
    expect(sql(F.from_csv('c', 'a INT'))).toBe("from_csv(c, 'a INT')");
    expect(sql(F.schema_of_json('{"a":1}'))).toBe(`schema_of_json('{"a":1}')`);
  });

  it('random functions fix a random 63-bit seed when none is given', () => {
    const seeded = lowerExpr(F.rand().node);
    const arg =
      seeded.exprType.case === 'unresolvedFunction' ? seeded.exprType.value.arguments[0] : undefined;
    const lit = arg?.exprType.case === 'literal' ? arg.exprType.value.literalType : undefined;
    expect(lit?.case).toBe('long');
    const seed = lit?.value as bigint;
    expect(seed >= 0n && seed < 2n ** 63n).toBe(true);
    expect(sql(F.rand(42))).toBe('rand(42)');
    // count_min_sketch's seed is an INT on Spark 3.5: its random seed is 32-bit.
    expect(sql(F.count_min_sketch('x', 0.1, 0.9))).toMatch(/^count_min_sketch\(x, 0\.1D, 0\.9D, \d+\)$/);
    // eps and confidence are DOUBLEs even when written as whole numbers (Spark refuses an INT).
    expect(sql(F.count_min_sketch('x', 1, 1, 2))).toBe('count_min_sketch(x, 1D, 1D, 2)');
    expect(sql(F.uniform(0, 10, 7))).toBe('uniform(0, 10, 7)');
    expect(sql(F.shuffle('a', 3))).toBe('shuffle(a, 3)');
    expect(sql(F.uuid(5n))).toBe('uuid(5L)');
    // Each call fixes its own seed.
    const seeds = new Set([0, 1, 2, 3].map(() => sql(F.randn())));
    expect(seeds.size).toBe(4);
  });

  it('time windows: slide defaults to the window duration when only a start time is given', () => {
    expect(sql(F.window('ts', '10 minutes'))).toBe("window(ts, '10 minutes')");
    expect(sql(F.window('ts', '10 minutes', '5 minutes'))).toBe("window(ts, '10 minutes', '5 minutes')");
    expect(sql(F.window('ts', '10 minutes', undefined, '2 minutes'))).toBe(
      "window(ts, '10 minutes', '10 minutes', '2 minutes')",
    );
    expect(sql(F.session_window('ts', '5 minutes'))).toBe("session_window(ts, '5 minutes')");
    expect(() => F.window('ts', 10 as never)).toThrow(
      /window\(\): 'windowDuration' must be a duration string/,
    );
  });

  it('partition transforms are also under F.partitioning', () => {
    expect(sql(F.partitioning.bucket(4, 'id'))).toBe('bucket(4, id)');
    expect(sql(F.bucket(4, 'id'))).toBe('bucket(4, id)');
    expect(sql(F.partitioning.years('d'))).toBe('years(d)');
  });
});

describe('functions: lambdas of higher-order functions', () => {
  it('callbacks build lambda functions over fresh, unique variables', () => {
    const c = F.transform('xs', (x) => x.plus(1));
    expect(sql(c)).toBe('transform(xs, (v0) -> +(v0, 1))');
    const e = lowerExpr(c.node);
    const lambda = e.exprType.case === 'unresolvedFunction' ? e.exprType.value.arguments[1] : undefined;
    const name =
      lambda?.exprType.case === 'lambdaFunction' ? lambda.exprType.value.arguments[0].nameParts[0] : '';
    expect(name).toMatch(/^x_\d+$/);
    // Nested lambdas get distinct names, so the inner one can use the outer variable.
    const nested = lowerExpr(F.transform('xss', (xs) => F.transform(xs, (x) => x.plus(xs.getItem(0)))).node);
    const names = JSON.stringify(nested).match(/x_\d+/g) ?? [];
    expect(new Set(names).size).toBe(2);
  });

  it('arity picks the form: transform/filter take (x) or (x, i); map_zip_with three arguments', () => {
    expect(sql(F.transform('xs', (x, i) => x.plus(i)))).toBe('transform(xs, (v0, v1) -> +(v0, v1))');
    expect(sql(F.filter('xs', (x) => x.gt(0)))).toBe('filter(xs, (v0) -> >(v0, 0))');
    expect(sql(F.map_zip_with('a', 'b', (_k, v1, v2) => F.coalesce(v1, v2)))).toBe(
      'map_zip_with(a, b, (v0, v1, v2) -> coalesce(v1, v2))',
    );
    expect(
      sql(
        F.aggregate(
          'xs',
          F.lit(0),
          (acc, x) => acc.plus(x),
          (acc) => acc.multiply(10),
        ),
      ),
    ).toBe('aggregate(xs, 0, (v0, v1) -> +(v0, v1), (v2) -> *(v2, 10))');
    expect(sql(F.reduce('xs', F.lit(0), (acc, x) => acc.plus(x)))).toBe(
      'reduce(xs, 0, (v0, v1) -> +(v0, v1))',
    );
    expect(sql(F.array_sort('xs'))).toBe('array_sort(xs)');
    expect(sql(F.array_sort('xs', (a, b) => b.minus(a)))).toBe('array_sort(xs, (v0, v1) -> -(v1, v0))');
    expect(sql(F.transform_values('m', (_k, v) => v.plus(1)))).toBe(
      'transform_values(m, (v0, v1) -> +(v1, 1))',
    );
  });

  it('a callback declaring fewer parameters gets the smallest form, as JavaScript ignores extra arguments', () => {
    expect(sql(F.transform_keys('m', (k) => F.upper(k)))).toBe('transform_keys(m, (v0, v1) -> upper(v0))');
    expect(sql(F.map_zip_with('a', 'b', () => F.lit(0)))).toBe('map_zip_with(a, b, (v0, v1, v2) -> 0)');
    expect(sql(F.transform('xs', () => F.lit(1)))).toBe('transform(xs, (v0) -> 1)');
  });

  it('too many parameters or a non-Column result is a clear TypeError', () => {
    expect(() => F.exists('xs', ((x: Column, y: Column) => x.plus(y)) as never)).toThrow(
      /exists\(\): 'f' must be a function of 1 argument\(s\), got one of 2/,
    );
    expect(() =>
      F.transform('xs', ((x: Column, y: Column, z: Column) => x.plus(y).plus(z)) as never),
    ).toThrow(/1 or 2 argument/);
    expect(() => F.transform('xs', (() => 1) as never)).toThrow(TypeError);
    expect(() => F.forall('xs', ((_x: Column) => true) as never)).toThrow(/'f result' must be a Column/);
  });
});

describe('functions: bad input', () => {
  it('names the function and the parameter', () => {
    expect(() => F.date_format('d', 5 as never)).toThrow(
      "date_format(): 'format' must be a string or a Column, got number 5",
    );
    expect(() => F.round('x', 1.5)).toThrow(
      /round\(\): 'scale' must be a Column, a column name or an integer/,
    );
    expect(() => F.acos(3 as never)).toThrow(
      /acos\(\): 'col' must be a Column or a column name, got number 3/,
    );
    expect(() => F.ntile(2.5)).toThrow(/ntile\(\): 'n' must be an integer/);
    expect(() => F.sort_array('a', 'yes' as never)).toThrow(/'asc' must be a boolean/);
    expect(() => F.col(5 as never)).toThrow(TypeError);
    expect(() => F.lit(undefined as never)).toThrow(/undefined/);
    expect(() => F.lit((() => 1) as never)).toThrow(TypeError);
    expect(() => F.when('a' as never, 1)).toThrow(/when\(\): 'condition' must be a Column/);
    expect(() => F.sha2('s', 100)).toThrow(/numBits/);
    expect(() => F.greatest('a')).toThrow(/at least 2/);
    expect(() => F.json_tuple('j')).toThrow(/at least one field/);
    expect(() => F.variant_delete('v')).toThrow(/at least one path/);
    expect(() => F.array_contains('a', undefined as never)).toThrow(/'value'/);
    expect(() => F.call_function('')).toThrow(/funcName/);
    expect(() => F.broadcast({} as DataFrame)).toThrow(/broadcast\(\): takes a DataFrame/);
  });

  it('broadcast hints the DataFrame', () => {
    const calls: string[] = [];
    const fake = {
      hint: (name: string) => {
        calls.push(name);
        return fake;
      },
    } as unknown as DataFrame;
    expect(F.broadcast(fake)).toBe(fake);
    expect(calls).toEqual(['broadcast']);
  });

  it('lit keeps Columns and typed values', () => {
    const c = F.col('a');
    expect(F.lit(c)).toBe(c);
    expect(sql(F.lit(typed.decimal('1.50')))).toBe('1.50BD(3,2)');
    expect(sql(F.lit(null))).toBe('NULL');
    expect(F.lit(1)).toBeInstanceOf(Column);
  });
});

describe('Window specs', () => {
  it('partitionBy / orderBy: names sort ascending nulls first, sort orders are kept', () => {
    const w = windowOf(F.row_number().over(Window.partitionBy('g', F.col('h')).orderBy('a', F.desc('b'))));
    expect(w.partitionSpec.map((p) => render(p, new Map()))).toEqual(['g', 'h']);
    expect(
      w.orderSpec.map((o) => render({ exprType: { case: 'sortOrder', value: o } } as Expression, new Map())),
    ).toEqual(['a ASC NULLS FIRST', 'b DESC NULLS LAST']);
    expect(w.frameSpec).toBeUndefined();
    expect(render(w.windowFunction as Expression, new Map())).toBe('row_number()');
    // One array of columns works too.
    expect(windowOf(F.rank().over(Window.partitionBy(['a', 'b']))).partitionSpec).toHaveLength(2);
  });

  it('specs are immutable values', () => {
    const base = Window.partitionBy('g');
    const ordered = base.orderBy('a');
    expect(base.specNode.orderBy).toHaveLength(0);
    expect(ordered.specNode.orderBy).toHaveLength(1);
    expect(ordered.specNode.partitionBy).toHaveLength(1);
    expect(String(ordered.rowsBetween(-1, 1))).toBe(
      'WindowSpec(partitionBy(g), orderBy(a ASC), rowsBetween(-1, 1))',
    );
  });

  it('frames: PySpark constants map to UNBOUNDED / CURRENT ROW; ROWS offsets are ints, RANGE longs', () => {
    expect(Window.unboundedPreceding).toBe(-(2n ** 63n));
    expect(Window.unboundedFollowing).toBe(2n ** 63n - 1n);
    expect(Window.currentRow).toBe(0);
    const rows = windowOf(
      F.sum('x').over(Window.orderBy('t').rowsBetween(Window.unboundedPreceding, Window.currentRow)),
    ).frameSpec;
    expect(rows?.frameType).toBe(1); // ROW
    expect(rows?.lower?.boundary.case).toBe('unbounded');
    expect(rows?.upper?.boundary.case).toBe('currentRow');
    const offsets = windowOf(F.sum('x').over(Window.orderBy('t').rowsBetween(-2, 3))).frameSpec;
    const lower = offsets?.lower?.boundary.value as Expression;
    expect(render(lower, new Map())).toBe('-2');
    expect(render(offsets?.upper?.boundary.value as Expression, new Map())).toBe('3');
    const range = windowOf(
      F.sum('x').over(Window.orderBy('t').rangeBetween(-7, Window.unboundedFollowing)),
    ).frameSpec;
    expect(range?.frameType).toBe(2); // RANGE
    expect(render(range?.lower?.boundary.value as Expression, new Map())).toBe('-7L');
    expect(range?.upper?.boundary.case).toBe('unbounded');
    // Beyond the thresholds (and infinities) are unbounded, as in PySpark.
    const inf = windowOf(
      F.sum('x').over(Window.rowsBetween(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)),
    ).frameSpec;
    expect([inf?.lower?.boundary.case, inf?.upper?.boundary.case]).toEqual(['unbounded', 'unbounded']);
    expect(
      windowOf(F.sum('x').over(Window.rowsBetween(-(2n ** 63n) + 1n, 0))).frameSpec?.lower?.boundary.case,
    ).toBe('unbounded');
  });

  it('bad frames fail clearly', () => {
    expect(() => Window.rowsBetween(-(2 ** 40), 0)).toThrow(RangeError);
    expect(() => Window.rowsBetween(0.5, 1)).toThrow(/rowsBetween\(\): 'start' must be an integer/);
    expect(() => Window.rangeBetween(0, 'x' as never)).toThrow(/'end' must be an integer/);
    expect(() => Window.partitionBy(1 as never)).toThrow(/partitionBy\(\): argument 0/);
  });
});
