import { crc32 } from 'node:zlib';
import { type Field, Type, tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { stringOfScalar } from '../../src/arrow/column-builders.js';
import { arrowTypeFor, encodeRows, unscaledDecimal } from '../../src/arrow/encode.js';
import { decodeArrowBatches, RowDecoder } from '../../src/arrow/index.js';
import { addArtifactsRequests, sha256Hex } from '../../src/client/artifacts.js';
import { typed } from '../../src/column/literal.js';
import { inferSchema, mergeTypes, parseByteSize, rowsOfArrowTable } from '../../src/session/local-data.js';
import {
  ArrayType,
  BooleanType,
  CalendarInterval,
  DateType,
  DecimalType,
  DoubleType,
  IntegerType,
  LocalTime,
  LongType,
  parseDDL,
  Row,
  SparkTimestamp,
  SparkTimestampNTZ,
  StringType,
  StructField,
  StructType,
  TimestampNTZType,
  TimestampType,
  VariantValue,
} from '../../src/types/index.js';

function roundTrip(ddl: string | StructType, rows: unknown[]): Row[] {
  const schema = typeof ddl === 'string' ? parseDDL(ddl) : ddl;
  const ipc = encodeRows(schema, rows);
  const decoder = new RowDecoder(schema, { timeZone: 'UTC' });
  return decodeArrowBatches(ipc).flatMap((b) => [...decoder.decode(b)]);
}

function arrowField(ddl: string): Field {
  const schema = parseDDL(ddl);
  const batches = decodeArrowBatches(encodeRows(schema, []));
  return batches.length > 0 ? batches[0].schema.fields[0] : (undefined as unknown as Field);
}

describe('Arrow types of local data', () => {
  const cases: [string, string][] = [
    ['boolean', 'Bool'],
    ['tinyint', 'Int8'],
    ['smallint', 'Int16'],
    ['int', 'Int32'],
    ['bigint', 'Int64'],
    ['float', 'Float32'],
    ['double', 'Float64'],
    ['decimal(10,2)', 'Decimal[10e+2]'],
    ['string', 'Utf8'],
    ['binary', 'Binary'],
    ['date', 'Date32<DAY>'],
    ['timestamp', 'Timestamp<MICROSECOND, UTC>'],
    ['timestamp_ntz', 'Timestamp<MICROSECOND>'],
    ['interval day to second', 'Duration<MICROSECOND>'],
    ['interval year to month', 'Interval<YEAR_MONTH>'],
    ['time(6)', 'Time64<NANOSECOND>'],
    ['array<int>', 'List<Int32>'],
    ['map<string,bigint>', 'Map<{key:Utf8, value:Int64}>'],
    ['struct<a:int,b:string>', 'Struct<{a:Int32, b:Utf8}>'],
    ['void', 'Null'],
  ];
  it.each(cases)('%s is %s, as Spark encodes it', (ddl, arrow) => {
    expect(String(arrowTypeFor(parseDDL(`c ${ddl}`).fields[0].dataType))).toBe(arrow);
  });

  it('calendar intervals are MONTH_DAY_NANO intervals and variants are tagged structs', () => {
    const ci = arrowTypeFor(parseDDL('c interval').fields[0].dataType);
    expect(ci.typeId).toBe(Type.Interval);
    expect(String(ci)).toContain('MONTH_DAY_NANO');
    const v = arrowTypeFor(parseDDL('c variant').fields[0].dataType) as unknown as { children: Field[] };
    expect(v.children.map((f) => f.name)).toEqual(['value', 'metadata']);
    expect(v.children[1].metadata.get('variant')).toBe('true');
  });

  it('map keys are non-null and field nullability follows the schema', () => {
    const m = arrowTypeFor(parseDDL('c map<string,int>').fields[0].dataType) as unknown as {
      children: { type: { children: Field[] } }[];
    };
    expect(m.children[0].type.children.map((f) => f.nullable)).toEqual([false, true]);
    expect(arrowField('c int not null')).toBeUndefined(); // no rows: no batch
    const [batch] = decodeArrowBatches(encodeRows(parseDDL('a int not null, b int'), [[1, null]]));
    expect(batch.schema.fields.map((f) => f.nullable)).toEqual([false, true]);
  });

  it('duplicate struct field names are renamed _0, _1, ... in Arrow (Spark reads by position)', () => {
    const t = arrowTypeFor(parseDDL('c struct<a:int,a:string>').fields[0].dataType) as unknown as {
      children: Field[];
    };
    expect(t.children.map((f) => f.name)).toEqual(['_0', '_1']);
  });
});

describe('encoding values', () => {
  it('round-trips every scalar type exactly, with nulls', () => {
    const ddl =
      'b boolean, y tinyint, s smallint, i int, l bigint, f float, d double, dec decimal(38,18), str string, ' +
      'bin binary, dt date, ts timestamp, ntz timestamp_ntz, dti interval day to second, ' +
      'ymi interval year to month, ci interval, t time(6)';
    const values = [
      true,
      -128,
      32767,
      -2147483648,
      9223372036854775807n,
      1.5,
      Number.NEGATIVE_INFINITY,
      '-12345678901234567890.123456789012345678',
      'héllo ✓',
      new Uint8Array([0, 255, 16]),
      new Date('1969-12-31T00:00:00Z'),
      SparkTimestamp.fromEpochMicros(-1n),
      SparkTimestampNTZ.fromEpochMicros(1_700_000_000_123_456n),
      -86_400_000_001n,
      -14,
      new CalendarInterval(-3, 7, -1_000_001n),
      LocalTime.of(23, 59, 59, 999_999_000),
    ];
    const [r, n] = roundTrip(ddl, [values, values.map(() => null)]);
    expect(r.getBoolean('b')).toBe(true);
    expect(r.getByte('y')).toBe(-128);
    expect(r.getShort('s')).toBe(32767);
    expect(r.getInt('i')).toBe(-2147483648);
    expect(r.getLong('l')).toBe(9223372036854775807n);
    expect(r.getFloat('f')).toBe(1.5);
    expect(r.getDouble('d')).toBe(Number.NEGATIVE_INFINITY);
    expect(r.getDecimal('dec')).toBe('-12345678901234567890.123456789012345678');
    expect(r.getString('str')).toBe('héllo ✓');
    expect([...(r.getBinary('bin') as Uint8Array)]).toEqual([0, 255, 16]);
    expect(r.getDate('dt')?.toISOString()).toBe('1969-12-31T00:00:00.000Z');
    expect(r.getTimestampMicros('ts')).toBe(-1n);
    expect(r.getTimestampMicros('ntz')).toBe(1_700_000_000_123_456n);
    expect(r.get('ntz')).toBeInstanceOf(SparkTimestampNTZ);
    expect(r.getDayTimeInterval('dti')).toBe(-86_400_000_001n);
    expect(r.getYearMonthInterval('ymi')).toBe(-14);
    expect(r.getCalendarInterval('ci')?.equals(new CalendarInterval(-3, 7, -1_000_001n))).toBe(true);
    expect(r.getTime('t')?.toString()).toBe('23:59:59.999999');
    for (let i = 0; i < n.length; i++) expect(n.isNullAt(i)).toBe(true);
  });

  it('round-trips nested arrays, maps with null values and structs', () => {
    const [r] = roundTrip(
      'a array<array<int>>, m map<string,array<bigint>>, s struct<x: int, y: struct<z: string>>',
      [
        [
          [[1, null], null, []],
          new Map<string, bigint[] | null>([
            ['k', [1n, 2n]],
            ['n', null],
          ]),
          { x: null, y: { z: 'deep' } },
        ],
      ],
    );
    expect(r.get('a')).toEqual([[1, null], null, []]);
    expect(r.get('m')).toEqual(
      new Map<string, bigint[] | null>([
        ['k', [1n, 2n]],
        ['n', null],
      ]),
    );
    expect((r.getStruct('s') as Row).isNullAt('x')).toBe(true);
    expect(((r.getStruct('s') as Row).getStruct('y') as Row).getString('z')).toBe('deep');
  });

  it('rows and structs may be arrays, Rows or plain objects; missing object keys are null', () => {
    const schema = parseDDL('a int, b string');
    const rows = roundTrip(schema, [[1, 'x'], new Row(schema, [2, 'y']), { b: 'z' }, { a: 4, b: undefined }]);
    expect(rows.map((r) => r.toArray())).toEqual([
      [1, 'x'],
      [2, 'y'],
      [null, 'z'],
      [4, null],
    ]);
  });

  it('accepts the documented alternative JS forms', () => {
    const [r] = roundTrip('l bigint, d double, dec decimal(5,2), dt date, ts timestamp, m map<string,int>', [
      [42, 3n, 1.5, '2024-02-29', 1_700_000_000_000_001n, { a: 1 }],
    ]);
    expect(r.getLong('l')).toBe(42n);
    expect(r.getDouble('d')).toBe(3);
    expect(r.getDecimal('dec')).toBe('1.50');
    expect(r.getDate('dt')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(r.getTimestampMicros('ts')).toBe(1_700_000_000_000_001n);
    expect(r.get('m')).toEqual(new Map([['a', 1]]));
  });

  it('unwraps typed values and encodes variants', () => {
    const v = new VariantValue(new Uint8Array([12, 1]), new Uint8Array([1, 0, 0]));
    const [r] = roundTrip('i int, d decimal(4,1), v variant', [[typed.int(7), typed.decimal('1.5'), v]]);
    expect(r.getInt('i')).toBe(7);
    expect(r.getDecimal('d')).toBe('1.5');
    expect([...(r.getVariant('v') as VariantValue).value]).toEqual([12, 1]);
  });

  it('rejects wrong and lossy values with a TypeError naming the row and column', () => {
    const bad: [string, unknown[], RegExp][] = [
      ['a int', [1.5], /Row 0: column 'a' of type int takes integers/],
      ['a int', [2 ** 31], /integers in \[-2147483648, 2147483647\]/],
      ['a tinyint', [128], /column 'a' of type tinyint/],
      ['a bigint', [2 ** 53], /bigints or safe integer numbers/],
      ['a bigint', [2n ** 63n], /bigints or safe integer numbers/],
      ['a double', [2n ** 60n + 1n], /numbers \(or bigints the type holds exactly\)/],
      ['a decimal(5,2)', ['1.234'], /at most 2 fraction digits without rounding/],
      ['a decimal(5,2)', ['1234.5'], /at most 5 digits/],
      ['a decimal(5,2)', ['1e3'], /decimal strings/],
      [
        'a string',
        [new Date(0)],
        /column 'a' of type string takes strings \(or booleans, numbers and bigints, as text\), got/,
      ],
      ['a binary', ['x'], /takes Uint8Arrays/],
      ['a date', ['2024-1-1'], /Dates or 'YYYY-MM-DD' strings/],
      ['a timestamp', [new Date(Number.NaN)], /Dates or bigint epoch microseconds/],
      ['a array<int>', [new Set([1])], /takes arrays/],
      ['a struct<x:int>', [{ y: 1 }], /field 'y' that is not in the schema \(x\)/],
      ['a struct<x:int>', [[1, 2]], /has 2 values but the schema has 1 fields/],
      ['a int not null', [null], /column 'a' is not nullable but got null/],
      ['a map<string,int>', [new Map([[null, 1]])], /column 'a.key' is not nullable/],
      ['a void', [1], /takes only null/],
      ['a interval day', [90_000_000_000n], /takes bigint microseconds in whole days/],
      ['a interval hour to minute', [60_000_001n], /in whole minutes/],
      ['a interval year', [13], /whole years/],
      // Found by the createDataFrame property: the time part used to wrap around silently.
      ['a interval', [new CalendarInterval(0, 0, 9_223_372_036_854_776n)], /fit 64-bit nanoseconds/],
      ['a interval', [new CalendarInterval(0, 0, -(2n ** 62n))], /fit 64-bit nanoseconds/],
    ];
    for (const [ddl, row, msg] of bad) {
      expect(() => encodeRows(parseDDL(ddl), [row]), ddl).toThrow(TypeError);
      expect(() => encodeRows(parseDDL(ddl), [row]), ddl).toThrow(msg);
    }
    const noNullElements = new StructType([new StructField('a', new ArrayType(new IntegerType(), false))]);
    expect(() => encodeRows(noNullElements, [[[1, null]]])).toThrow(
      /Row 0: column 'a\[\]' is not nullable but got null/,
    );
    expect(() => encodeRows(parseDDL('a int, b int'), [[1]])).toThrow(
      /a row has 1 values but the schema has 2 fields/,
    );
    expect(() => encodeRows(parseDDL('a int'), [null])).toThrow(/Row 0: a row must not be null/);
    expect(() => encodeRows(parseDDL('a int'), ['x'])).toThrow(/rows must be arrays, Rows or plain objects/);
  });

  it('unscaledDecimal pads, strips zero digits and checks precision', () => {
    expect(unscaledDecimal('1.5', 10, 3)).toEqual({ value: 1500n });
    expect(unscaledDecimal('-0.100', 3, 1)).toEqual({ value: -1n });
    expect(unscaledDecimal('.5', 3, 1)).toEqual({ value: 5n });
    expect(unscaledDecimal(12n, 2, 0)).toEqual({ value: 12n });
    expect('error' in unscaledDecimal(123n, 2, 0)).toBe(true);
    expect('error' in unscaledDecimal('.', 2, 0)).toBe(true);
  });
});

describe('schema inference', () => {
  const ddlOf = (rows: unknown[]) => inferSchema(rows).toDDL();

  it('maps JS values to Spark types as documented', () => {
    expect(
      ddlOf([
        {
          int: 1,
          frac: 1.5,
          big: 2n,
          s: 'x',
          b: true,
          d: new Date(0),
          ntz: SparkTimestampNTZ.fromEpochMicros(0n),
          bin: new Uint8Array(1),
          arr: [1, null],
          m: new Map([['k', 1.5]]),
          st: { x: 'y' },
          ci: new CalendarInterval(1, 0, 0n),
          t: LocalTime.of(1, 2),
          dec: typed.decimal('1.50'),
          i32: typed.int(3),
          dt: typed.date('2024-01-01'),
        },
      ]),
    ).toBe(
      'int BIGINT,frac DOUBLE,big BIGINT,s STRING,b BOOLEAN,d TIMESTAMP,ntz TIMESTAMP_NTZ,bin BINARY,' +
        'arr ARRAY<BIGINT>,m MAP<STRING, DOUBLE>,st STRUCT<x: STRING>,ci INTERVAL,t TIME(6),' +
        'dec DECIMAL(3,2),i32 INT,dt DATE',
    );
  });

  it('merges columns over rows: nulls, new keys, number kinds, decimals, timestamps', () => {
    expect(ddlOf([{ a: null, b: 1 }, { a: 'x', c: [1] }, { b: 2.5 }])).toBe(
      'a STRING,b DOUBLE,c ARRAY<BIGINT>',
    );
    expect(ddlOf([[typed.decimal('1.5')], [typed.decimal('123.25')]])).toBe('_1 DECIMAL(5,2)');
    expect(ddlOf([[new Date(0)], [SparkTimestampNTZ.fromEpochMicros(0n)]])).toBe('_1 TIMESTAMP');
    expect(ddlOf([[[]], [[1]]])).toBe('_1 ARRAY<BIGINT>');
  });

  it('strings merge with booleans and numbers into a string column, as in PySpark 4.x', () => {
    expect(ddlOf([[1], ['apple'], [2]])).toBe('_1 STRING');
    expect(inferSchema([[true], ['x']], ['c']).fields[0].name).toBe('c');
    expect(ddlOf([{ a: [1, 'x'] }, { a: ['y'] }])).toBe('a ARRAY<STRING>');
    expect(ddlOf([[new Map([['k', 1]])], [new Map([['k', 'v']])]])).toBe('_1 MAP<STRING, STRING>');
    expect(ddlOf([[typed.decimal('1.50')], ['x']])).toBe('_1 STRING');
  });

  it('booleans and numbers in a string column are written as PySpark writes them', () => {
    const cases: [unknown, string][] = [
      [true, 'true'],
      [false, 'false'],
      [1, '1'],
      [-0, '0'],
      [1e20, '100000000000000000000'],
      [12345678901234567890n, '12345678901234567890'],
      [1.5, '1.5'],
      [0.0001, '0.0001'],
      [1e-7, '1e-07'],
      [-2.5e-10, '-2.5e-10'],
      [Number.NaN, 'nan'],
      [Number.POSITIVE_INFINITY, 'inf'],
      [Number.NEGATIVE_INFINITY, '-inf'],
    ];
    for (const [v, text] of cases) expect([v, stringOfScalar(v)]).toEqual([v, text]);
    expect(stringOfScalar(new Date(0))).toBeUndefined();
  });

  it('Rows infer as their own schema', () => {
    const schema = parseDDL('a INT NOT NULL, b DECIMAL(4,2)');
    expect(inferSchema([new Row(schema, [1, '1.00'])]).equals(schema)).toBe(true);
  });

  it('rejects undeterminable and unmergeable columns, naming them', () => {
    expect(() => inferSchema([{ a: null }])).toThrow(/cannot determine the type of column 'a'/);
    expect(() => inferSchema([{ a: [] }])).toThrow(/column 'a\[\]'/);
    expect(() => inferSchema([{ a: 1 }, { a: [1] }])).toThrow(
      /column 'a' mixes bigint and array<bigint> values \(PySpark cannot merge them either\)/,
    );
    expect(() => inferSchema([{ a: { b: true } }, { a: { b: 1 } }])).toThrow(
      /column 'a.b' mixes boolean and bigint/,
    );
    expect(() => inferSchema([[new Date(0)], ['x']], ['when'])).toThrow(
      /column 'when' mixes timestamp and string values; PySpark would turn the timestamp values into Python's str\(\)/,
    );
    expect(() => inferSchema([{ a: Symbol('x') }])).toThrow(/column 'a' holds a symbol/);
    expect(() => inferSchema([{ a: new Set() }])).toThrow(/column 'a' holds a Set, which has no Spark type/);
    expect(() => inferSchema([null])).toThrow(/row 0 is null/);
  });

  it('mergeTypes follows the documented widening rules', () => {
    expect(mergeTypes(new LongType(), new DoubleType(), 'c')).toEqual(new DoubleType());
    expect(mergeTypes(new TimestampNTZType(), new TimestampType(), 'c')).toEqual(new TimestampType());
    expect(mergeTypes(new DecimalType(10, 0), new DecimalType(5, 4), 'c')).toEqual(new DecimalType(14, 4));
    expect(mergeTypes(new StringType(), new LongType(), 'c')).toEqual(new StringType());
    expect(mergeTypes(new BooleanType(), new StringType(), 'c')).toEqual(new StringType());
    expect(() => mergeTypes(new BooleanType(), new LongType(), 'c')).toThrow(TypeError);
    expect(() => mergeTypes(new DateType(), new StringType(), 'c')).toThrow(TypeError);
  });

  it('parses Spark byte sizes', () => {
    expect(parseByteSize('67108864')).toBe(67108864);
    expect(parseByteSize('64m')).toBe(64 * 1024 * 1024);
    expect(parseByteSize('1KB')).toBe(1024);
    expect(() => parseByteSize('1.5m')).toThrow(TypeError);
  });
});

describe('apache-arrow Table input', () => {
  it('decodes a table (dictionary strings, unsigned ints, floats) into rows and a Spark schema', () => {
    const table = tableFromArrays({
      a: Int32Array.from([1, 2]),
      s: ['x', 'y'],
      u: Uint8Array.from([255, 0]),
      f: Float64Array.from([0.5, -1]),
    });
    const { rows, schema } = rowsOfArrowTable(table);
    // Typed-array columns are non-nullable in Arrow, and stay so.
    expect(schema.toDDL()).toBe('a INT NOT NULL,s STRING,u SMALLINT NOT NULL,f DOUBLE NOT NULL');
    expect(rows).toEqual([
      [1, 'x', 255, 0.5],
      [2, 'y', 0, -1],
    ]);
    // Re-encoded with Spark's Arrow types.
    const [batch] = decodeArrowBatches(encodeRows(schema, rows));
    expect(batch.schema.fields.map((f) => String(f.type))).toEqual(['Int32', 'Utf8', 'Int16', 'Float64']);
  });
});

describe('artifact upload requests', () => {
  const rpc = { common: () => ({ sessionId: 's', userContext: undefined, clientType: 't' }) } as never;

  it('batches small artifacts into one message with a CRC per artifact', () => {
    const a = new Uint8Array([1, 2, 3]);
    const b = new Uint8Array([4]);
    const reqs = addArtifactsRequests(rpc, [
      { name: 'cache/a', data: a },
      { name: 'cache/b', data: b },
    ]);
    expect(reqs).toHaveLength(1);
    const payload = reqs[0].payload as {
      case: 'batch';
      value: { artifacts: { name: string; data: { crc: bigint } }[] };
    };
    expect(payload.case).toBe('batch');
    expect(payload.value.artifacts.map((x) => [x.name, x.data.crc])).toEqual([
      ['cache/a', BigInt(crc32(a))],
      ['cache/b', BigInt(crc32(b))],
    ]);
  });

  it('chunks a large artifact: begin_chunk with the total size and chunk count, then chunks', () => {
    const data = new Uint8Array(25).map((_, i) => i);
    const reqs = addArtifactsRequests(rpc, [{ name: 'cache/big', data }], 10);
    expect(reqs.map((r) => r.payload?.case)).toEqual(['beginChunk', 'chunk', 'chunk']);
    const begin = reqs[0].payload?.value as {
      name: string;
      totalBytes: bigint;
      numChunks: bigint;
      initialChunk: { data: Uint8Array; crc: bigint };
    };
    expect([begin.name, begin.totalBytes, begin.numChunks]).toEqual(['cache/big', 25n, 3n]);
    expect([...begin.initialChunk.data]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const last = reqs[2].payload?.value as { data: Uint8Array; crc: bigint };
    expect([...last.data]).toEqual([20, 21, 22, 23, 24]);
    expect(last.crc).toBe(BigInt(crc32(last.data)));
  });

  it('hashes with sha-256 hex', () => {
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
