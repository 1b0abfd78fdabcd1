import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CalendarInterval,
  LocalTime,
  parseDDL,
  Row,
  SparkTimestamp,
  SparkTimestampNTZ,
  StructType,
  VariantValue,
} from '../../src/types/index.js';

const schema = parseDDL(
  'id BIGINT NOT NULL, name STRING, age INT, score DOUBLE, ratio FLOAT, ok BOOLEAN, tiny TINYINT, small SMALLINT, ' +
    'price DECIMAL(10,2), born DATE, seen TIMESTAMP, local TIMESTAMP_NTZ, raw BINARY, tags ARRAY<STRING>, ' +
    'attrs MAP<STRING, INT>, pos STRUCT<x: INT, y: INT>, dur INTERVAL DAY TO SECOND, months INTERVAL YEAR TO MONTH, ' +
    'cal INTERVAL, t TIME(6), v VARIANT, c CHAR(3)',
);

const seen = SparkTimestamp.fromEpochMicros(1_700_000_000_123_456n);
const local = SparkTimestampNTZ.fromEpochMicros(1_704_164_645_000_001n);
const posSchema = schema.get('pos').dataType as StructType;
// Variant {"k":"v"}: metadata dictionary ["k"], object with one short string.
const variant = new VariantValue(
  Uint8Array.from([0x02, 1, 0, 0, 2, 0x05, 0x76]),
  Uint8Array.from([0x01, 1, 0, 1, 0x6b]),
);

function fullRow(): Row {
  return new Row(schema, [
    42n,
    'alice',
    30,
    1.5,
    Math.fround(0.25),
    true,
    -1,
    300,
    '12.50',
    new Date(Date.UTC(1990, 4, 17)),
    seen,
    local,
    Uint8Array.from([0, 255, 16]),
    ['a', null],
    new Map<string, number | null>([
      ['k', 1],
      ['n', null],
    ]),
    new Row(posSchema, [1, 2]),
    -86_400_000_001n,
    14,
    new CalendarInterval(1, 2, 3n),
    LocalTime.of(13, 45, 30, 123_456_000),
    variant,
    'abc',
  ]);
}

function nullRow(): Row {
  return new Row(
    schema,
    schema.fields.map((f) => (f.name === 'id' ? 1n : null)),
  );
}

describe('Row access', () => {
  it('gets by index and by name; length, schema, fieldIndex', () => {
    const r = fullRow();
    expect(r.length).toBe(22);
    expect(r.schema).toBe(schema);
    expect(r.get(0)).toBe(42n);
    expect(r.get('name')).toBe('alice');
    expect(r.fieldIndex('age')).toBe(2);
    expect(r.isNullAt('name')).toBe(false);
    expect(nullRow().isNullAt('name')).toBe(true);
    expect(nullRow().isNullAt(3)).toBe(true);
  });

  it('is iterable over its values', () => {
    const r = new Row(parseDDL('a INT, b STRING'), [1, 'x']);
    const [a, b] = r;
    expect([a, b]).toEqual([1, 'x']);
    expect([...r]).toEqual([1, 'x']);
    expect(r.toArray()).toEqual([1, 'x']);
  });

  it('throws RangeError for bad indexes and unknown names, listing the fields', () => {
    const r = new Row(parseDDL('a INT, b STRING'), [1, 'x']);
    expect(() => r.get(2)).toThrow(RangeError);
    expect(() => r.get(2)).toThrow('Field index 2 is out of range [0, 2)');
    expect(() => r.get(-1)).toThrow(RangeError);
    expect(() => r.get(0.5)).toThrow(RangeError);
    expect(() => r.get('c')).toThrow(RangeError);
    expect(() => r.get('c')).toThrow("No field named 'c'; available fields: 'a', 'b'");
    expect(() => r.getInt('zz')).toThrow("No field named 'zz'");
  });

  it('checks the value count', () => {
    expect(() => new Row(parseDDL('a INT, b INT'), [1])).toThrow(
      'Row has 1 values but its schema has 2 fields',
    );
  });
});

describe('Row typed getters', () => {
  it('return the mapped values', () => {
    const r = fullRow();
    expect(r.getLong('id')).toBe(42n);
    expect(r.getString('name')).toBe('alice');
    expect(r.getString('c')).toBe('abc');
    expect(r.getInt('age')).toBe(30);
    expect(r.getDouble('score')).toBe(1.5);
    expect(r.getFloat('ratio')).toBe(0.25);
    expect(r.getBoolean('ok')).toBe(true);
    expect(r.getByte('tiny')).toBe(-1);
    expect(r.getShort('small')).toBe(300);
    expect(r.getDecimal('price')).toBe('12.50');
    expect(r.getDate('born')?.toISOString()).toBe('1990-05-17T00:00:00.000Z');
    expect(r.getTimestamp('seen')).toBe(seen);
    expect(r.getTimestampMicros('seen')).toBe(1_700_000_000_123_456n);
    expect(r.getTimestampMicros('local')).toBe(1_704_164_645_000_001n);
    expect([...(r.getBinary('raw') ?? [])]).toEqual([0, 255, 16]);
    expect(r.getArray<string | null>('tags')).toEqual(['a', null]);
    expect(r.getMap<string, number | null>('attrs')?.get('k')).toBe(1);
    expect(r.getStruct<{ x: number; y: number }>('pos')?.get('y')).toBe(2);
    expect(r.getDayTimeInterval('dur')).toBe(-86_400_000_001n);
    expect(r.getYearMonthInterval('months')).toBe(14);
    expect(r.getCalendarInterval('cal')?.days).toBe(2);
    expect(r.getTime('t')?.toString()).toBe('13:45:30.123456');
    expect(r.getVariant('v')?.toJSON()).toEqual({ k: 'v' });
    expect(r.getAs<number>('age')).toBe(30);
  });

  it('allow exact widenings', () => {
    const r = fullRow();
    expect(r.getLong('age')).toBe(30n);
    expect(r.getLong('tiny')).toBe(-1n);
    expect(r.getInt('small')).toBe(300);
    expect(r.getDouble('ratio')).toBe(0.25);
    expect(r.getDouble('age')).toBe(30);
    expect(r.getShort('tiny')).toBe(-1);
  });

  it('throw TypeError naming the field and both types on the wrong type', () => {
    const r = fullRow();
    expect(() => r.getInt('name')).toThrow(TypeError);
    expect(() => r.getInt('name')).toThrow("getInt('name'): field 'name' is string, not int");
    expect(() => r.getInt('id')).toThrow("getInt('id'): field 'id' is bigint, not int");
    expect(() => r.getString(0)).toThrow("getString(0): field 'id' is bigint, not string");
    expect(() => r.getDecimal('score')).toThrow("field 'score' is double, not decimal");
    expect(() => r.getTimestamp('born')).toThrow("field 'born' is date, not timestamp");
    expect(() => r.getDate('seen')).toThrow("field 'seen' is timestamp, not date");
    expect(() => r.getFloat('score')).toThrow("field 'score' is double, not float");
    expect(() => r.getBoolean('age')).toThrow(TypeError);
    expect(() => r.getStruct('tags')).toThrow("field 'tags' is array<string>, not struct");
    expect(() => r.getArray('attrs')).toThrow(TypeError);
  });

  it('null: primitive getters throw, object getters return null', () => {
    const r = nullRow();
    for (const [name, get] of [
      ['age', () => r.getInt('age')],
      ['score', () => r.getDouble('score')],
      ['ratio', () => r.getFloat('ratio')],
      ['ok', () => r.getBoolean('ok')],
      ['tiny', () => r.getByte('tiny')],
      ['small', () => r.getShort('small')],
      ['dur', () => r.getDayTimeInterval('dur')],
      ['months', () => r.getYearMonthInterval('months')],
    ] as const) {
      expect(get).toThrow(TypeError);
      expect(get).toThrow(`field '${name}' is null (check isNullAt() or use get())`);
    }
    expect(() => new Row(parseDDL('n BIGINT'), [null]).getLong(0)).toThrow("getLong(0): field 'n' is null");
    expect(r.getString('name')).toBeNull();
    expect(r.getDecimal('price')).toBeNull();
    expect(r.getDate('born')).toBeNull();
    expect(r.getTimestamp('seen')).toBeNull();
    expect(r.getTimestampMicros('seen')).toBeNull();
    expect(r.getBinary('raw')).toBeNull();
    expect(r.getArray('tags')).toBeNull();
    expect(r.getMap('attrs')).toBeNull();
    expect(r.getStruct('pos')).toBeNull();
    expect(r.getVariant('v')).toBeNull();
    expect(r.getTime('t')).toBeNull();
    expect(r.getCalendarInterval('cal')).toBeNull();
    expect(r.get('name')).toBeNull();
  });

  it('getTimestamp / getTimestampMicros accept plain Dates too', () => {
    const r = new Row(parseDDL('t TIMESTAMP'), [new Date(1000)]);
    expect(r.getTimestamp(0)).toBeInstanceOf(SparkTimestamp);
    expect(r.getTimestampMicros(0)).toBe(1_000_000n);
  });
});

describe('Row conversions', () => {
  it('toObject gives plain objects, nested Rows included (in arrays and maps too)', () => {
    const s = parseDDL(
      'a BIGINT, s STRUCT<x: INT, inner: STRUCT<y: STRING>>, arr ARRAY<STRUCT<z: INT>>, m MAP<STRING, STRUCT<w: INT>>',
    );
    const sType = s.get('s').dataType as StructType;
    const innerType = sType.get('inner').dataType as StructType;
    const zType = parseDDL('z INT');
    const wType = parseDDL('w INT');
    const r = new Row(s, [
      5n,
      new Row(sType, [1, new Row(innerType, ['deep'])]),
      [new Row(zType, [7]), null],
      new Map([['k', new Row(wType, [9])]]),
    ]);
    expect(r.toObject()).toEqual({
      a: 5n,
      s: { x: 1, inner: { y: 'deep' } },
      arr: [{ z: 7 }, null],
      m: new Map([['k', { w: 9 }]]),
    });
    const shallow = r.asDict(false);
    expect(shallow.s).toBeInstanceOf(Row);
    expect(r.asDict()).toEqual(r.toObject());
  });

  it('toObject: the last of duplicate names wins', () => {
    const s = new StructType().add('a', 'int').add('a', 'string');
    expect(new Row(s, [1, 'x']).toObject()).toEqual({ a: 'x' });
    expect(new Row(s, [1, 'x']).get('a')).toBe(1);
  });

  it('toJSON is JSON-safe and lossless', () => {
    const json = fullRow().toJSON();
    expect(json).toEqual({
      id: 42,
      name: 'alice',
      age: 30,
      score: 1.5,
      ratio: 0.25,
      ok: true,
      tiny: -1,
      small: 300,
      price: '12.50',
      born: '1990-05-17',
      seen: '2023-11-14T22:13:20.123456Z',
      local: '2024-01-02T03:04:05.000001',
      raw: 'AP8Q',
      tags: ['a', null],
      attrs: { k: 1, n: null },
      pos: { x: 1, y: 2 },
      dur: -86_400_000_001,
      months: 14,
      cal: { months: 1, days: 2, microseconds: 3 },
      t: '13:45:30.123456',
      v: { k: 'v' },
      c: 'abc',
    });
    expect(JSON.parse(JSON.stringify(fullRow()))).toEqual(json);
  });

  it('toJSON: big integers as strings, non-finite numbers as strings, non-string map keys as pairs', () => {
    const s = parseDDL(
      'big BIGINT, small BIGINT, nan DOUBLE, inf DOUBLE, m MAP<INT, STRING>, mb MAP<BIGINT, BOOLEAN>',
    );
    const r = new Row(s, [
      2n ** 63n - 1n,
      -(2n ** 53n) + 1n,
      Number.NaN,
      Number.NEGATIVE_INFINITY,
      new Map([
        [1, 'a'],
        [2, null],
      ]),
      new Map([[2n ** 60n, true]]),
    ]);
    expect(r.toJSON()).toEqual({
      big: '9223372036854775807',
      small: -9007199254740991,
      nan: 'NaN',
      inf: '-Infinity',
      m: [
        [1, 'a'],
        [2, null],
      ],
      mb: [['1152921504606846976', true]],
    });
  });

  it('toString looks like PySpark', () => {
    const r = new Row(
      parseDDL('a INT, b STRING, c DOUBLE, d BOOLEAN, e DECIMAL(5,2), f ARRAY<STRING>, g BIGINT'),
      [1, "it's", 2, false, '1.50', ['x', null], null],
    );
    expect(String(r)).toBe("Row(a=1, b='it\\'s', c=2.0, d=False, e=Decimal('1.50'), f=['x', None], g=None)");
    const t = fullRow().toString();
    expect(t).toContain('born=datetime.date(1990, 5, 17)');
    expect(t).toContain(
      'seen=datetime.datetime(2023, 11, 14, 22, 13, 20, 123456, tzinfo=datetime.timezone.utc)',
    );
    expect(t).toContain('local=datetime.datetime(2024, 1, 2, 3, 4, 5, 1)');
    expect(t).toContain("raw=b'\\x00\\xff\\x10'");
    expect(t).toContain("attrs={'k': 1, 'n': None}");
    expect(t).toContain('pos=Row(x=1, y=2)');
    expect(t).toContain('dur=datetime.timedelta(days=-2, seconds=86399, microseconds=999999)');
    expect(t).toContain('t=datetime.time(13, 45, 30, 123456)');
    expect(t).toContain('VariantVal(\'{"k":"v"}\')');
  });

  it('is typed by its generic parameter', () => {
    const r = new Row<{ id: bigint; name: string | null }>(parseDDL('id BIGINT, name STRING'), [1n, null]);
    expectTypeOf(r.get('id')).toEqualTypeOf<bigint>();
    expectTypeOf(r.toObject()).toEqualTypeOf<{ id: bigint; name: string | null }>();
    expectTypeOf(r.get(0)).toEqualTypeOf<unknown>();
    expect(r.toObject()).toEqual({ id: 1n, name: null });
  });
});
