import {
  type DataType as ArrowType,
  Binary,
  Bool,
  DateDay,
  DateMillisecond,
  Decimal,
  Dictionary,
  DurationMicrosecond,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  IntervalMonthDayNano,
  IntervalYearMonth,
  LargeList,
  LargeUtf8,
  List,
  Map_,
  makeData,
  Null,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  Table,
  TimeNanosecond,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampNanosecond,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  decodeArrowBatches,
  RowDecoder,
  sparkTypeFromArrow,
  structTypeFromArrowSchema,
} from '../../src/arrow/index.js';
import { ProtocolError } from '../../src/errors/base.js';
import {
  CalendarInterval,
  DoubleType,
  LocalTime,
  parseDataType,
  parseDDL,
  type Row,
  SparkTimestamp,
  SparkTimestampNTZ,
  StructField,
  StructType,
  UserDefinedType,
  VariantValue,
} from '../../src/types/index.js';

import {
  batchOf,
  binaryData,
  decimalData,
  decodeColumn,
  int64Data,
  listData,
  structData,
  utf8Data,
  validity,
  validOf,
} from '../support/arrow-data.js';

// ---------------------------------------------------------------------------------------------

describe('decodeArrowBatches', () => {
  it('reads every record batch of one IPC stream, in order', () => {
    const b1 = batchOf([['x', makeData({ type: new Int32(), length: 2, data: Int32Array.from([1, 2]) })]]);
    const b2 = batchOf([['x', makeData({ type: new Int32(), length: 3, data: Int32Array.from([3, 4, 5]) })]]);
    const b3 = batchOf([['x', makeData({ type: new Int32(), length: 1, data: Int32Array.from([6]) })]]);
    const ipc = tableToIPC(new Table([b1, b2, b3]), 'stream');
    const batches = decodeArrowBatches(ipc);
    expect(batches.map((b) => b.numRows)).toEqual([2, 3, 1]);
    const decoder = new RowDecoder(parseDDL('x INT'), { timeZone: 'UTC' });
    expect(decoder.decodeIpc(ipc).map((r) => r.get('x'))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(batches.flatMap((b) => decoder.decode(b)).length).toBe(6);
  });

  it('gives no batches for empty input or a schema-only stream', () => {
    expect(decodeArrowBatches(new Uint8Array(0))).toEqual([]);
    const writer = new RecordBatchStreamWriter();
    writer.reset(undefined, new Schema([new Field('x', new Int32(), true)]));
    writer.close();
    expect(decodeArrowBatches(writer.toUint8Array(true))).toEqual([]);
    expect(
      decodeArrowBatches(tableToIPC(new Table(new Schema([new Field('x', new Int32(), true)])), 'stream')),
    ).toEqual([]);
  });

  it('reads a stream at a non-zero byte offset (a protobuf bytes field)', () => {
    const ipc = tableToIPC(
      new Table([batchOf([['x', makeData({ type: new Int32(), length: 1, data: Int32Array.from([7]) })]])]),
      'stream',
    );
    const padded = new Uint8Array(ipc.length + 3);
    padded.set(ipc, 3);
    const [batch] = decodeArrowBatches(padded.subarray(3));
    expect(new RowDecoder(parseDDL('x INT'), { timeZone: 'UTC' }).decode(batch)[0].get(0)).toBe(7);
  });

  it('throws ProtocolError on garbage', () => {
    expect(() => decodeArrowBatches(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toThrow(ProtocolError);
  });
});

describe('RowDecoder value mapping', () => {
  it('boolean, with nulls across bytes', () => {
    const vals = [true, false, null, true, true, false, false, true, null, true, false];
    const bits = new Uint8Array(2);
    vals.forEach((v, i) => {
      if (v) bits[i >> 3] |= 1 << (i & 7);
    });
    expect(
      decodeColumn(
        'boolean',
        makeData({ type: new Bool(), length: vals.length, data: bits, ...validOf(vals) }),
      ),
    ).toEqual(vals);
  });

  it('tinyint, smallint, int at their limits, with nulls', () => {
    expect(
      decodeColumn(
        'tinyint',
        makeData({
          type: new Int8(),
          length: 3,
          data: Int8Array.from([-128, 0, 127]),
          ...validity([true, false, true]),
        }),
      ),
    ).toEqual([-128, null, 127]);
    expect(
      decodeColumn(
        'smallint',
        makeData({ type: new Int16(), length: 2, data: Int16Array.from([-32768, 32767]) }),
      ),
    ).toEqual([-32768, 32767]);
    expect(
      decodeColumn(
        'int',
        makeData({
          type: new Int32(),
          length: 3,
          data: Int32Array.from([-2147483648, 0, 2147483647]),
          ...validity([true, false, true]),
        }),
      ),
    ).toEqual([-2147483648, null, 2147483647]);
  });

  it('bigint as exact bigint', () => {
    const vals = [-(2n ** 63n), -1n, null, 2n ** 53n + 1n, 2n ** 63n - 1n];
    expect(decodeColumn('bigint', int64Data(new Int64(), vals))).toEqual(vals);
  });

  it('float and double keep NaN and infinities', () => {
    const f32 = makeData({
      type: new Float32(),
      length: 5,
      data: Float32Array.from([0.1, Number.NaN, Number.POSITIVE_INFINITY, -0, 0]),
      ...validity([true, true, true, true, false]),
    });
    const out = decodeColumn('float', f32);
    expect(out[0]).toBe(Math.fround(0.1));
    expect(out[1]).toBeNaN();
    expect(out[2]).toBe(Number.POSITIVE_INFINITY);
    expect(Object.is(out[3], -0)).toBe(true);
    expect(out[4]).toBeNull();
    const f64 = makeData({
      type: new Float64(),
      length: 4,
      data: Float64Array.from([0.1, Number.NaN, Number.NEGATIVE_INFINITY, Number.MAX_VALUE]),
    });
    const d = decodeColumn('double', f64);
    expect(d[0]).toBe(0.1);
    expect(d[1]).toBeNaN();
    expect(d.slice(2)).toEqual([Number.NEGATIVE_INFINITY, Number.MAX_VALUE]);
  });

  it('decimal(38,0) at both ends of the range, exactly', () => {
    const max = 10n ** 38n - 1n;
    const vals = [
      max,
      -max,
      0n,
      -1n,
      null,
      2n ** 53n,
      -(2n ** 53n),
      2n ** 53n + 1n,
      -(2n ** 53n) - 1n,
      2n ** 64n,
      -(2n ** 64n),
    ];
    expect(decodeColumn('decimal(38,0)', decimalData(vals, 38, 0))).toEqual([
      '99999999999999999999999999999999999999',
      '-99999999999999999999999999999999999999',
      '0',
      '-1',
      null,
      '9007199254740992',
      '-9007199254740992',
      '9007199254740993',
      '-9007199254740993',
      '18446744073709551616',
      '-18446744073709551616',
    ]);
  });

  it('decimal(38,18) and small scales keep exactly `scale` fraction digits', () => {
    const max = 10n ** 38n - 1n;
    expect(
      decodeColumn(
        'decimal(38,18)',
        decimalData([max, -max, 1n, -1n, 0n, 123456789012345678901234567890n], 38, 18),
      ),
    ).toEqual([
      '99999999999999999999.999999999999999999',
      '-99999999999999999999.999999999999999999',
      '0.000000000000000001',
      '-0.000000000000000001',
      '0.000000000000000000',
      '123456789012.345678901234567890',
    ]);
    expect(decodeColumn('decimal(10,2)', decimalData([1250n, -1n, 0n, -100n, null], 10, 2))).toEqual([
      '12.50',
      '-0.01',
      '0.00',
      '-1.00',
      null,
    ]);
  });

  it('string and large string (UTF-8), with nulls and empty strings', () => {
    const vals = ['héllo', '', null, '日本語 🎉', 'a'.repeat(1000)];
    expect(decodeColumn('string', utf8Data(vals))).toEqual(vals);
    expect(decodeColumn('string', utf8Data(vals, true))).toEqual(vals);
    expect(decodeColumn('varchar(5)', utf8Data(['ab']))).toEqual(['ab']);
  });

  it('binary and large binary as independent Uint8Array copies', () => {
    const vals = [[1, 2, 3], [], null, [255]];
    for (const large of [false, true]) {
      const out = decodeColumn('binary', binaryData(vals, large)) as (Uint8Array | null)[];
      expect(out.map((b) => (b === null ? null : [...b]))).toEqual(vals);
      expect(out[0]).toBeInstanceOf(Uint8Array);
      expect(out[0]?.byteLength).toBe(out[0]?.buffer.byteLength);
    }
  });

  it('date as a Date at UTC midnight, also before 1970', () => {
    const out = decodeColumn(
      'date',
      makeData({
        type: new DateDay(),
        length: 4,
        data: Int32Array.from([0, 19723, -1, -719162]),
        ...validity([true, true, true, false]),
      }),
    ) as (Date | null)[];
    expect(out.map((d) => d?.toISOString() ?? null)).toEqual([
      '1970-01-01T00:00:00.000Z',
      '2024-01-01T00:00:00.000Z',
      '1969-12-31T00:00:00.000Z',
      null,
    ]);
  });

  it('timestamp: microseconds kept, before and after 1970, at the ends of the range', () => {
    const vals = [
      1_700_000_000_123_456n,
      -1n,
      0n,
      null,
      -62_135_596_800_000_000n,
      253_402_300_799_999_999n,
      1n,
      -999n,
      -1001n,
    ];
    const out = decodeColumn(
      'timestamp',
      int64Data(new TimestampMicrosecond('America/New_York'), vals),
    ) as (SparkTimestamp | null)[];
    expect(out.map((t) => t?.epochMicros ?? null)).toEqual(vals);
    expect(out[0]).toBeInstanceOf(SparkTimestamp);
    expect(out[0]).not.toBeInstanceOf(SparkTimestampNTZ);
    expect(out[0]?.toISOString()).toBe('2023-11-14T22:13:20.123Z');
    expect(out[0]?.toISOStringMicros()).toBe('2023-11-14T22:13:20.123456Z');
    expect(out[1]?.getTime()).toBe(-1);
    expect(out[1]?.microsOfMillisecond).toBe(999);
    expect(out[4]?.toISOStringMicros()).toBe('0001-01-01T00:00:00.000000Z');
    expect(out[5]?.toISOStringMicros()).toBe('9999-12-31T23:59:59.999999Z');
  });

  it('timestamp in other Arrow units', () => {
    const ns = decodeColumn(
      'timestamp',
      int64Data(new TimestampNanosecond('UTC'), [1_500n, -1_500n]),
    ) as SparkTimestamp[];
    expect(ns.map((t) => t.epochMicros)).toEqual([1n, -2n]);
  });

  it('timestamp_ntz: UTC fields are the wall-clock fields', () => {
    const out = decodeColumn(
      'timestamp_ntz',
      int64Data(new TimestampMicrosecond(null), [1_704_164_645_123_456n, null]),
    ) as (SparkTimestampNTZ | null)[];
    expect(out[0]).toBeInstanceOf(SparkTimestampNTZ);
    expect(out[0]?.getUTCHours()).toBe(3);
    expect(out[0]?.toISOStringMicros()).toBe('2024-01-02T03:04:05.123456');
    expect(out[1]).toBeNull();
  });

  it('day-time interval as bigint microseconds', () => {
    expect(
      decodeColumn(
        'interval day to second',
        int64Data(new DurationMicrosecond(), [86_400_000_001n, -1n, null]),
      ),
    ).toEqual([86_400_000_001n, -1n, null]);
  });

  it('year-month interval as a number of months', () => {
    expect(
      decodeColumn(
        'interval year to month',
        makeData({
          type: new IntervalYearMonth(),
          length: 3,
          data: Int32Array.from([14, -3, 0]),
          ...validity([true, true, false]),
        }),
      ),
    ).toEqual([14, -3, null]);
  });

  it('calendar interval (month-day-nano) as CalendarInterval', () => {
    const words = new Int32Array(8);
    const put = (i: number, months: number, days: number, nanos: bigint) => {
      words[4 * i] = months;
      words[4 * i + 1] = days;
      const u = BigInt.asUintN(64, nanos);
      words[4 * i + 2] = Number(u & 0xffffffffn) | 0;
      words[4 * i + 3] = Number(u >> 32n) | 0;
    };
    put(0, 14, 3, 3_600_000_001_000n);
    put(1, -1, -2, -5_000n);
    const out = decodeColumn(
      'interval',
      makeData({ type: new IntervalMonthDayNano(), length: 2, data: words }),
    ) as CalendarInterval[];
    expect(out[0]).toEqual(new CalendarInterval(14, 3, 3_600_000_001n));
    expect(out[1]).toEqual(new CalendarInterval(-1, -2, -5n));
  });

  it('time (Time64 ns) as LocalTime', () => {
    const out = decodeColumn(
      'time(6)',
      int64Data(new TimeNanosecond() as unknown as Int64, [
        49_530_123_456_000n,
        0n,
        86_399_999_999_000n,
        null,
      ]),
    ) as (LocalTime | null)[];
    expect(out.map((t) => t?.toString() ?? null)).toEqual([
      '13:45:30.123456',
      '00:00:00',
      '23:59:59.999999',
      null,
    ]);
    expect(out[0]).toBeInstanceOf(LocalTime);
    expect(out[0]?.nanosOfDay).toBe(49_530_123_456_000);
  });

  it('null type', () => {
    expect(decodeColumn('void', makeData({ type: new Null(), length: 2 }))).toEqual([null, null]);
  });

  it('arrays, with nulls at every level, nested', () => {
    const ints = makeData({
      type: new Int32(),
      length: 5,
      data: Int32Array.from([1, 0, 3, 4, 5]),
      ...validity([true, false, true, true, true]),
    });
    const arrays = listData(ints, [0, 3, 3, 3, 5], [true, true, false, true]);
    expect(decodeColumn('array<int>', arrays)).toEqual([[1, null, 3], [], null, [4, 5]]);
    const nested = listData(
      listData(utf8Data(['a', 'b', null]), [0, 2, 3], [true, true]),
      [0, 2, 2],
      [true, false],
    );
    expect(decodeColumn('array<array<string>>', nested)).toEqual([[['a', 'b'], [null]], null]);
  });

  it('large lists', () => {
    const child = makeData({ type: new Int64(), length: 3, data: BigInt64Array.from([1n, 2n, 3n]) });
    const data = makeData({
      type: new LargeList(new Field('element', new Int64(), true)),
      length: 2,
      valueOffsets: BigInt64Array.from([0n, 1n, 3n]),
      child,
    });
    expect(decodeColumn('array<bigint>', data)).toEqual([[1n], [2n, 3n]]);
  });

  it('maps, keeping null values; null maps', () => {
    const keyField = new Field('key', new Utf8(), false);
    const valueField = new Field('value', new Int32(), true);
    const entries = structData(
      [keyField, valueField],
      [
        utf8Data(['a', 'b', 'c']),
        makeData({
          type: new Int32(),
          length: 3,
          data: Int32Array.from([1, 0, 3]),
          ...validity([true, false, true]),
        }),
      ],
    );
    const mapType = new Map_(
      new Field('entries', new Struct<{ key: Utf8; value: Int32 }>([keyField, valueField]), false),
    );
    const data = makeData({
      type: mapType,
      length: 3,
      valueOffsets: Int32Array.from([0, 2, 2, 3]),
      child: entries,
      ...validity([true, false, true]),
    });
    const out = decodeColumn('map<string,int>', data) as (Map<string, number | null> | null)[];
    expect(out[0]).toEqual(
      new Map<string, number | null>([
        ['a', 1],
        ['b', null],
      ]),
    );
    expect(out[1]).toBeNull();
    expect(out[2]).toEqual(new Map([['c', 3]]));
  });

  it('structs as nested Rows, nulls at every level, duplicate names mapped by position', () => {
    // Spark schema struct<a:int,a:string,s:struct<x:bigint>>; Arrow renames the duplicates _0, _1.
    const inner = structData(
      [new Field('x', new Int64(), true)],
      [int64Data(new Int64(), [10n, null, 30n])],
      [true, true, false],
    );
    const fields = [
      new Field('_0', new Int32(), true),
      new Field('_1', new Utf8(), true),
      new Field('s', inner.type, true),
    ];
    const data = structData(
      fields,
      [
        makeData({ type: new Int32(), length: 3, data: Int32Array.from([1, 2, 3]) }),
        utf8Data(['p', null, 'r']),
        inner,
      ],
      [true, false, true],
    );
    const sparkType = new StructType([
      new StructField('a', parseDataType('int')),
      new StructField('a', parseDataType('string')),
      new StructField('s', parseDataType('struct<x:bigint>')),
    ]);
    const out = decodeColumn(sparkType, data) as (Row | null)[];
    expect(out[0]?.schema).toBe(sparkType);
    const first = out[0] as Row;
    expect(first.toArray()).toEqual([1, 'p', first.get(2)]);
    expect((first.get(2) as Row).get('x')).toBe(10n);
    expect(out[1]).toBeNull();
    expect(out[2]?.toArray()).toEqual([3, 'r', null]);
    expect(out[0]?.get('a')).toBe(1);
  });

  it('variant as VariantValue, decoded to JSON', () => {
    // {"a": 1, "b": [true, null, "x"]} with metadata dictionary ["a", "b"].
    const metadata = [0x11, 2, 0, 1, 2, 0x61, 0x62];
    const value = [0x02, 2, 0, 1, 0, 2, 12, 0x0c, 0x01, 0x03, 3, 0, 1, 2, 4, 0x04, 0x00, 0x05, 0x78];
    const fields = [new Field('value', new Binary(), false), new Field('metadata', new Binary(), false)];
    const data = structData(fields, [binaryData([value, null]), binaryData([metadata, null])], [true, false]);
    const out = decodeColumn('variant', data, new Map([['variant', 'true']])) as (VariantValue | null)[];
    expect(out[0]).toBeInstanceOf(VariantValue);
    expect(out[0]?.toJSON()).toEqual({ a: 1, b: [true, null, 'x'] });
    expect(String(out[0])).toBe('{"a":1,"b":[true,null,"x"]}');
    expect([...(out[0]?.metadata ?? [])]).toEqual(metadata);
    expect(out[1]).toBeNull();
  });

  it('user-defined types decode as their SQL type', () => {
    const udt = new UserDefinedType({
      jvmClass: 'org.example.PointUDT',
      sqlType: new StructType([
        new StructField('x', new DoubleType(), false),
        new StructField('y', new DoubleType(), false),
      ]),
    });
    const fields = [new Field('x', new Float64(), false), new Field('y', new Float64(), false)];
    const data = structData(fields, [
      makeData({ type: new Float64(), length: 1, data: Float64Array.from([1.5]) }),
      makeData({ type: new Float64(), length: 1, data: Float64Array.from([-2]) }),
    ]);
    const [p] = decodeColumn(udt, data) as Row[];
    expect(p.toObject()).toEqual({ x: 1.5, y: -2 });
  });

  it('geometry / geography decode by their Arrow layout', () => {
    const wkb = [1, 1, 0, 0, 0];
    expect((decodeColumn('geometry(4326)', binaryData([wkb])) as Uint8Array[]).map((b) => [...b])).toEqual([
      wkb,
    ]);
    const fields = [new Field('srid', new Int32(), false), new Field('wkb', new Binary(), false)];
    const data = structData(fields, [
      makeData({ type: new Int32(), length: 1, data: Int32Array.from([4326]) }),
      binaryData([wkb]),
    ]);
    const [g] = decodeColumn('geography(any)', data) as Row[];
    expect(g.get('srid')).toBe(4326);
    expect([...(g.get('wkb') as Uint8Array)]).toEqual(wkb);
  });

  it('other Arrow widths and units: Decimal256, Date64, Timestamp(ms), FixedSizeList', () => {
    const words = new Uint32Array(16);
    let u = BigInt.asUintN(256, -(10n ** 40n));
    for (let k = 0; k < 8; k++) {
      words[k] = Number(u & 0xffffffffn);
      u >>= 32n;
    }
    words[8] = 5;
    const d256 = makeData({ type: new Decimal(3, 76, 256), length: 2, data: words });
    expect(decodeColumn('decimal(38,3)', d256)).toEqual([
      '-10000000000000000000000000000000000000.000',
      '0.005',
    ]);
    const d64 = makeData({ type: new DateMillisecond(), length: 1, data: BigInt64Array.from([86_400_000n]) });
    expect((decodeColumn('date', d64)[0] as Date).toISOString()).toBe('1970-01-02T00:00:00.000Z');
    const ms = int64Data(new TimestampMillisecond('UTC') as unknown as Int64, [-1n]);
    expect((decodeColumn('timestamp', ms)[0] as SparkTimestamp).epochMicros).toBe(-1000n);
    const fsl = makeData({
      type: new FixedSizeList(2, new Field('e', new Int32(), true)),
      length: 2,
      child: makeData({ type: new Int32(), length: 4, data: Int32Array.from([1, 2, 3, 4]) }),
    });
    expect(decodeColumn('array<int>', fsl)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('decodes a sliced batch (non-zero offsets in bitmaps and booleans)', () => {
    const n = 20;
    const vals = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : i));
    const bools = Array.from({ length: n }, (_, i) => (i % 4 === 0 ? null : i % 2 === 0));
    const bits = new Uint8Array(3);
    bools.forEach((v, i) => {
      if (v) bits[i >> 3] |= 1 << (i & 7);
    });
    const batch = batchOf([
      [
        'i',
        makeData({
          type: new Int32(),
          length: n,
          data: Int32Array.from(vals, (v) => v ?? 0),
          ...validOf(vals),
        }),
      ],
      ['b', makeData({ type: new Bool(), length: n, data: bits, ...validOf(bools) })],
      ['s', utf8Data(vals.map((v) => (v === null ? null : `s${v}`)))],
    ]);
    const rows = new RowDecoder(parseDDL('i INT, b BOOLEAN, s STRING'), { timeZone: 'UTC' }).decode(
      batch.slice(5, 17),
    );
    expect(rows.map((r) => r.get('i'))).toEqual(vals.slice(5, 17));
    expect(rows.map((r) => r.get('b'))).toEqual(bools.slice(5, 17));
    expect(rows.map((r) => r.get('s'))).toEqual(vals.slice(5, 17).map((v) => (v === null ? null : `s${v}`)));
  });

  it('decodes dictionary-encoded strings', () => {
    const vec = vectorFromArray(['x', 'y', 'x', null], new Dictionary(new Utf8(), new Int32()));
    const batch = batchOf([['d', vec.data[0]]]);
    const rows = new RowDecoder(parseDDL('d STRING'), { timeZone: 'UTC' }).decode(batch);
    expect(rows.map((r) => r.get(0))).toEqual(['x', 'y', 'x', null]);
  });

  it('decodes a mixed multi-batch result end to end', () => {
    const mk = (start: number, n: number) =>
      batchOf([
        [
          'id',
          int64Data(
            new Int64(),
            Array.from({ length: n }, (_, i) => BigInt(start + i)),
          ),
        ],
        ['name', utf8Data(Array.from({ length: n }, (_, i) => (i % 2 ? null : `n${start + i}`)))],
        [
          'price',
          decimalData(
            Array.from({ length: n }, (_, i) => BigInt((start + i) * 101)),
            10,
            2,
          ),
        ],
      ]);
    const rows = new RowDecoder(parseDDL('id BIGINT NOT NULL, name STRING, price DECIMAL(10,2)'), {
      timeZone: 'UTC',
    }).decodeIpc(tableToIPC(new Table([mk(0, 3), mk(3, 2)]), 'stream'));
    expect(rows.map((r) => r.toJSON())).toEqual([
      { id: 0, name: 'n0', price: '0.00' },
      { id: 1, name: null, price: '1.01' },
      { id: 2, name: 'n2', price: '2.02' },
      { id: 3, name: 'n3', price: '3.03' },
      { id: 4, name: null, price: '4.04' },
    ]);
  });
});

describe('RowDecoder errors', () => {
  it('names the column when Arrow data does not fit the Spark type', () => {
    const batch = batchOf([['name', utf8Data(['x'])]]);
    const decoder = new RowDecoder(parseDDL('name INT'), { timeZone: 'UTC' });
    expect(() => decoder.decode(batch)).toThrow(ProtocolError);
    expect(() => decoder.decode(batch)).toThrow(
      "Column 'name': Arrow type Utf8 does not match Spark type int",
    );
  });

  it('rejects a column count mismatch', () => {
    const batch = batchOf([['a', utf8Data(['x'])]]);
    expect(() => new RowDecoder(parseDDL('a STRING, b INT'), { timeZone: 'UTC' }).decode(batch)).toThrow(
      'Arrow batch has 1 columns but the schema has 2',
    );
  });

  it('names nested paths', () => {
    const batch = batchOf([['arr', listData(utf8Data(['x']), [0, 1], [true])]]);
    expect(() => new RowDecoder(parseDDL('arr ARRAY<INT>'), { timeZone: 'UTC' }).decode(batch)).toThrow(
      "Column 'arr.element'",
    );
  });
});

describe('Arrow schema → Spark types', () => {
  it('maps Spark’s Arrow encoding back', () => {
    const cases: [ArrowType, string][] = [
      [new Int8(), 'tinyint'],
      [new Int16(), 'smallint'],
      [new Int32(), 'int'],
      [new Int64(), 'bigint'],
      [new Float32(), 'float'],
      [new Float64(), 'double'],
      [new Utf8(), 'string'],
      [new LargeUtf8(), 'string'],
      [new Binary(), 'binary'],
      [new Decimal(2, 10, 128), 'decimal(10,2)'],
      [new DateDay(), 'date'],
      [new TimestampMicrosecond('UTC'), 'timestamp'],
      [new TimestampMicrosecond(null), 'timestamp_ntz'],
      [new DurationMicrosecond(), 'interval day to second'],
      [new IntervalYearMonth(), 'interval year to month'],
      [new IntervalMonthDayNano(), 'interval'],
      [new TimeNanosecond(), 'time(6)'],
      [new Null(), 'void'],
      [new List(new Field('e', new Int32(), true)), 'array<int>'],
    ];
    for (const [a, s] of cases) expect(sparkTypeFromArrow(a).simpleString()).toBe(s);
    const schema = new Schema([
      new Field(
        'v',
        new Struct([new Field('value', new Binary()), new Field('metadata', new Binary())]),
        true,
        new Map([['variant', 'true']]),
      ),
      new Field('s', new Struct([new Field('x', new Int32(), false)]), false),
    ]);
    const st = structTypeFromArrowSchema(schema);
    expect(st.simpleString()).toBe('struct<v:variant,s:struct<x:int>>');
    expect(st.get('s').nullable).toBe(false);
  });
});
