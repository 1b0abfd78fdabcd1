import { create } from '@bufbuild/protobuf';
import {
  type Data,
  Field,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampNanosecond,
  tableToIPC,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { arrowSchemaFor } from '../../src/arrow/arrow-types.js';
import { encodeRows } from '../../src/arrow/encode.js';
import { decodeArrowBatches, RowDecoder, structTypeFromArrowSchema } from '../../src/arrow/index.js';
import { DataTypeSchema } from '../../src/gen/spark/connect/types_pb.js';
import {
  DataTypeParseError,
  dataTypeFromJson,
  fromProtoDataType,
  parseDataType,
  parseDDL,
  Row,
  SparkTimestamp,
  SparkTimestampNanos,
  SparkTimestampNTZ,
  SparkTimestampNTZNanos,
  StructField,
  StructType,
  TimestampLTZNanosType,
  TimestampNTZNanosType,
  TimestampNTZType,
  TimestampType,
  toProtoDataType,
  UnsupportedDataTypeError,
} from '../../src/index.js';

describe('TimestampNTZNanosType / TimestampLTZNanosType', () => {
  it('prints as Spark 4.3 does', () => {
    const ntz = new TimestampNTZNanosType(9);
    const ltz = new TimestampLTZNanosType(7);
    expect([ntz.simpleString(), ntz.sql(), ntz.json(), ntz.typeName(), ntz.toString()]).toEqual([
      'timestamp_ntz(9)',
      'TIMESTAMP_NTZ(9)',
      '"timestamp_ntz(9)"',
      'timestamp_ntz(9)',
      'TimestampNTZNanosType(9)',
    ]);
    expect([ltz.simpleString(), ltz.sql(), ltz.json()]).toEqual([
      'timestamp_ltz(7)',
      'TIMESTAMP_LTZ(7)',
      '"timestamp_ltz(7)"',
    ]);
    expect(new TimestampNTZNanosType().precision).toBe(9);
    expect(new StructType([new StructField('a', ntz), new StructField('b', ltz)]).simpleString()).toBe(
      'struct<a:timestamp_ntz(9),b:timestamp_ltz(7)>',
    );
  });

  it('compares by kind and precision', () => {
    expect(new TimestampNTZNanosType(9).equals(new TimestampNTZNanosType(9))).toBe(true);
    expect(new TimestampNTZNanosType(9).equals(new TimestampNTZNanosType(8))).toBe(false);
    expect(new TimestampNTZNanosType(9).equals(new TimestampLTZNanosType(9))).toBe(false);
    expect(new TimestampNTZNanosType(9).equals(new TimestampNTZType())).toBe(false);
  });

  it('rejects precisions outside 7..9', () => {
    for (const p of [6, 10, 0, 7.5]) {
      expect(() => new TimestampNTZNanosType(p)).toThrow(RangeError);
      expect(() => new TimestampLTZNanosType(p)).toThrow(/out of range \[7, 9\]/);
    }
  });

  it('parses from DDL: TIMESTAMP(p) is ltz, precision 6 is the microsecond type', () => {
    expect(parseDataType('timestamp_ntz(9)').equals(new TimestampNTZNanosType(9))).toBe(true);
    expect(parseDataType('TIMESTAMP_LTZ( 8 )').equals(new TimestampLTZNanosType(8))).toBe(true);
    expect(parseDataType('timestamp(7)').equals(new TimestampLTZNanosType(7))).toBe(true);
    expect(parseDataType('timestamp_ntz(6)')).toBeInstanceOf(TimestampNTZType);
    expect(parseDataType('timestamp(6)')).toBeInstanceOf(TimestampType);
    expect(parseDataType('timestamp_ntz')).toBeInstanceOf(TimestampNTZType);
    expect(parseDDL('a TIMESTAMP_NTZ(9),b TIMESTAMP_LTZ(7)').toDDL()).toBe(
      'a TIMESTAMP_NTZ(9),b TIMESTAMP_LTZ(7)',
    );
    expect(() => parseDataType('timestamp_ntz(3)')).toThrow(DataTypeParseError);
    expect(() => parseDataType('timestamp_ltz(10)')).toThrow(/out of range/);
  });

  it('parses from JSON schema and round-trips', () => {
    const s = new StructType([
      new StructField('a', new TimestampNTZNanosType(9)),
      new StructField('b', new TimestampLTZNanosType(8), false),
    ]);
    const back = dataTypeFromJson(JSON.parse(s.json()));
    expect(back.equals(s)).toBe(true);
    expect(dataTypeFromJson('timestamp_ltz(6)')).toBeInstanceOf(TimestampType);
    expect(() => dataTypeFromJson('timestamp_ntz(5)')).toThrow(DataTypeParseError);
  });

  it('converts to and from protobuf', () => {
    const p = toProtoDataType(new TimestampNTZNanosType(7));
    expect(p.kind).toMatchObject({ case: 'timestampNtzNanos', value: { precision: 7 } });
    expect(toProtoDataType(new TimestampLTZNanosType(9)).kind).toMatchObject({
      case: 'timestampLtzNanos',
      value: { precision: 9 },
    });
    const ntz = fromProtoDataType(
      create(DataTypeSchema, { kind: { case: 'timestampNtzNanos', value: { precision: 8 } } }),
    );
    expect(ntz.equals(new TimestampNTZNanosType(8))).toBe(true);
    const ltz = fromProtoDataType(create(DataTypeSchema, { kind: { case: 'timestampLtzNanos', value: {} } }));
    expect(ltz.equals(new TimestampLTZNanosType(9))).toBe(true);
    expect(() =>
      fromProtoDataType(
        create(DataTypeSchema, { kind: { case: 'timestampLtzNanos', value: { precision: 4 } } }),
      ),
    ).toThrow(UnsupportedDataTypeError);
  });
});

describe('SparkTimestampNanos / SparkTimestampNTZNanos', () => {
  it('keeps epoch nanoseconds exactly, also before 1970', () => {
    for (const n of [1_704_067_200_123_456_789n, -876_543_300n, -1n, 0n, 253_402_300_799_999_999_999n]) {
      expect(SparkTimestampNanos.fromEpochNanos(n).epochNanos).toBe(n);
      expect(SparkTimestampNTZNanos.fromEpochNanos(n).epochNanos).toBe(n);
    }
    const neg = SparkTimestampNTZNanos.fromEpochNanos(-1n);
    expect([neg.getTime(), neg.microsOfMillisecond, neg.nanosOfMicrosecond]).toEqual([-1, 999, 999]);
    expect(neg.epochMicros).toBe(-1n);
  });

  it('prints nine fraction digits; ltz with Z, ntz without', () => {
    const ltz = SparkTimestampNanos.fromEpochNanos(1_704_067_200_123_456_789n);
    expect(ltz.toISOStringNanos()).toBe('2024-01-01T00:00:00.123456789Z');
    expect(JSON.stringify({ t: ltz })).toBe('{"t":"2024-01-01T00:00:00.123456789Z"}');
    expect(ltz.toISOStringMicros()).toBe('2024-01-01T00:00:00.123456Z');
    expect(ltz.toISOString()).toBe('2024-01-01T00:00:00.123Z');
    const ntz = SparkTimestampNTZNanos.fromEpochNanos(-876_543_300n);
    expect(ntz.toJSON()).toBe('1969-12-31T23:59:59.123456700');
    expect(ntz).toBeInstanceOf(SparkTimestampNTZ);
    expect(ltz).toBeInstanceOf(SparkTimestamp);
  });

  it('rejects nanosOfMicrosecond outside 0..999', () => {
    expect(() => new SparkTimestampNanos(0, 0, 1000)).toThrow(RangeError);
    expect(() => new SparkTimestampNTZNanos(0, 0, -1)).toThrow(RangeError);
  });

  it('leaves microsecond timestamps as they were', () => {
    const t = SparkTimestamp.fromEpochMicros(1_700_000_000_123_456n);
    expect(t.toJSON()).toBe('2023-11-14T22:13:20.123456Z');
    expect('nanosOfMicrosecond' in t).toBe(false);
  });
});

/** One nullable timestamp[ns] column (optionally with a zone) through an IPC round trip. */
function nanosBatch(values: (bigint | null)[], tz: string | null, precision: string): RecordBatch[] {
  const type = new TimestampNanosecond(tz);
  const valid = values.map((v) => v !== null);
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  valid.forEach((ok, i) => {
    if (ok) bitmap[i >> 3] |= 1 << (i & 7);
  });
  const data = makeData({
    type,
    length: values.length,
    nullCount: valid.filter((v) => !v).length,
    nullBitmap: bitmap,
    data: BigInt64Array.from(values.map((v) => v ?? 0n)) as unknown as Int32Array,
  }) as Data;
  const meta = new Map([['SPARK::timestampNanos::precision', precision]]);
  const field = new Field('c', type, true, meta);
  const batch = new RecordBatch(
    new Schema([field]),
    makeData({ type: new Struct([field]), length: values.length, children: [data] }),
  );
  return decodeArrowBatches(tableToIPC(new Table([batch]), 'stream'));
}

describe('decoding Arrow timestamp[ns] columns', () => {
  it('decodes timestamp_ntz(p) exactly, nulls kept', () => {
    const [batch] = nanosBatch([1_704_067_200_123_456_789n, null, -876_543_300n], null, '7');
    const schema = new StructType([new StructField('c', new TimestampNTZNanosType(7))]);
    const rows = new RowDecoder(schema, { timeZone: 'UTC' }).decode(batch);
    expect(rows.map((r) => r.getTimestampNanos('c'))).toEqual([
      1_704_067_200_123_456_789n,
      null,
      -876_543_300n,
    ]);
    expect(rows[0].get('c')).toBeInstanceOf(SparkTimestampNTZNanos);
    expect(rows[0].getTimestamp('c')?.toISOString()).toBe('2024-01-01T00:00:00.123Z');
    expect(rows[0].getTimestampMicros('c')).toBe(1_704_067_200_123_456n);
    expect(rows[2].toJSON()).toEqual({ c: '1969-12-31T23:59:59.123456700' });
    expect(rows[1].toJSON()).toEqual({ c: null });
  });

  it('decodes timestamp_ltz(p) (timestamp[ns, tz]) exactly', () => {
    const [batch] = nanosBatch([1_704_096_000_123_456_789n], 'America/Los_Angeles', '9');
    const schema = new StructType([new StructField('c', new TimestampLTZNanosType(9))]);
    const [row] = new RowDecoder(schema, { timeZone: 'America/Los_Angeles' }).decode(batch);
    expect(row.get('c')).toBeInstanceOf(SparkTimestampNanos);
    expect(row.getTimestampNanos('c')).toBe(1_704_096_000_123_456_789n);
    expect(row.toJSON()).toEqual({ c: '2024-01-01T08:00:00.123456789Z' });
  });

  it('maps the Arrow schema with the Spark precision metadata to the nanosecond types', () => {
    const [ntz] = nanosBatch([0n], null, '8');
    const [ltz] = nanosBatch([0n], 'UTC', '9');
    expect(structTypeFromArrowSchema(ntz.schema).simpleString()).toBe('struct<c:timestamp_ntz(8)>');
    expect(structTypeFromArrowSchema(ltz.schema).simpleString()).toBe('struct<c:timestamp_ltz(9)>');
  });

  it('getTimestampNanos also reads microsecond timestamps', () => {
    const schema = new StructType([new StructField('t', new TimestampType())]);
    const row = new Row(schema, [SparkTimestamp.fromEpochMicros(-1n)]);
    expect(row.getTimestampNanos('t')).toBe(-1000n);
  });
});

describe('encoding', () => {
  it('local data of a nanosecond timestamp type is a clear TypeError naming the type', () => {
    const schema = new StructType([new StructField('t', new TimestampNTZNanosType(9))]);
    expect(() => arrowSchemaFor(schema)).toThrow(/timestamp_ntz\(9\) is not supported/);
    expect(() => encodeRows(schema, [[SparkTimestampNTZNanos.fromEpochNanos(1n)]])).toThrow(TypeError);
  });
});
