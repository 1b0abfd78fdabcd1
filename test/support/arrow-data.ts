/** Arrow test data built from raw buffers, so every value is exact (shared by the unit tests). */
import {
  Binary,
  type Data,
  Decimal,
  type DurationMicrosecond,
  Field,
  type Int64,
  LargeBinary,
  LargeUtf8,
  List,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  type TimestampMicrosecond,
  type TimestampNanosecond,
  tableToIPC,
  Utf8,
} from 'apache-arrow';
import { decodeArrowBatches, RowDecoder } from '../../src/arrow/index.js';
import { type DataType, parseDataType, StructField, StructType } from '../../src/types/index.js';

/** A validity bitmap (true = valid) and its null count. */
export function validity(valid: boolean[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(valid.length / 8) || 1);
  let nullCount = 0;
  valid.forEach((v, i) => {
    if (v) nullBitmap[i >> 3] |= 1 << (i & 7);
    else nullCount++;
  });
  return { nullBitmap, nullCount };
}

/** Validity of values where null / undefined mean null. */
export function validOf(values: readonly unknown[]): { nullBitmap: Uint8Array; nullCount: number } {
  return validity(values.map((v) => v !== null && v !== undefined));
}

const enc = new TextEncoder();

export function utf8Data(values: (string | null)[], large = false): Data {
  const parts = values.map((v) => enc.encode(v ?? ''));
  const offsets = new Int32Array(values.length + 1);
  parts.forEach((p, i) => {
    offsets[i + 1] = offsets[i] + p.length;
  });
  const bytes = new Uint8Array(offsets[values.length]);
  parts.forEach((p, i) => {
    bytes.set(p, offsets[i]);
  });
  if (large) {
    return makeData({
      type: new LargeUtf8(),
      length: values.length,
      data: bytes,
      valueOffsets: BigInt64Array.from(offsets, (x) => BigInt(x)),
      ...validOf(values),
    });
  }
  return makeData({
    type: new Utf8(),
    length: values.length,
    data: bytes,
    valueOffsets: offsets,
    ...validOf(values),
  });
}

export function binaryData(values: (number[] | null)[], large = false): Data {
  const offsets = new Int32Array(values.length + 1);
  values.forEach((v, i) => {
    offsets[i + 1] = offsets[i] + (v?.length ?? 0);
  });
  const bytes = new Uint8Array(offsets[values.length]);
  values.forEach((v, i) => {
    bytes.set(v ?? [], offsets[i]);
  });
  if (large) {
    return makeData({
      type: new LargeBinary(),
      length: values.length,
      data: bytes,
      valueOffsets: BigInt64Array.from(offsets, (x) => BigInt(x)),
      ...validOf(values),
    });
  }
  return makeData({
    type: new Binary(),
    length: values.length,
    data: bytes,
    valueOffsets: offsets,
    ...validOf(values),
  });
}

/** Decimal128 data from unscaled values. */
export function decimalData(unscaled: (bigint | null)[], precision: number, scale: number): Data {
  const words = new Uint32Array(4 * unscaled.length);
  unscaled.forEach((v, i) => {
    let u = BigInt.asUintN(128, v ?? 0n);
    for (let k = 0; k < 4; k++) {
      words[4 * i + k] = Number(u & 0xffffffffn);
      u >>= 32n;
    }
  });
  return makeData({
    type: new Decimal(scale, precision, 128),
    length: unscaled.length,
    data: words,
    ...validOf(unscaled),
  });
}

export function int64Data(
  type: TimestampMicrosecond | TimestampNanosecond | DurationMicrosecond | Int64,
  values: (bigint | null)[],
) {
  const data = BigInt64Array.from(values, (v) => v ?? 0n);
  return makeData({ type, length: values.length, data, ...validOf(values) } as {
    type: Int64;
    data: BigInt64Array;
  });
}

export function listData(child: Data, offsets: number[], valid: boolean[]): Data {
  return makeData({
    type: new List(new Field('element', child.type, true)),
    length: offsets.length - 1,
    valueOffsets: Int32Array.from(offsets),
    child,
    ...validity(valid),
  });
}

export function structData(fields: Field[], children: Data[], valid?: boolean[]): Data {
  return makeData({
    type: new Struct(fields),
    length: children[0]?.length ?? 0,
    children,
    ...(valid ? validity(valid) : {}),
  });
}

/** A record batch of named columns. */
export function batchOf(columns: [string, Data, Map<string, string>?][]): RecordBatch {
  const fields = columns.map(([name, data, meta]) => new Field(name, data.type, true, meta));
  const length = columns[0]?.[1].length ?? 0;
  return new RecordBatch(
    new Schema(fields),
    makeData({ type: new Struct(fields), length, children: columns.map((c) => c[1]) }),
  );
}

/** Writes batches as one IPC stream (as the server does) and reads them back. */
export function viaIpc(...batches: RecordBatch[]): RecordBatch[] {
  return decodeArrowBatches(tableToIPC(new Table(batches), 'stream'));
}

/** Decodes one column of Arrow data as the given Spark type, through an IPC round trip. */
export function decodeColumn(
  sparkType: DataType | string,
  data: Data,
  meta?: Map<string, string>,
): unknown[] {
  const t = typeof sparkType === 'string' ? parseDataType(sparkType) : sparkType;
  const [batch] = viaIpc(batchOf([['c', data, meta]]));
  return new RowDecoder(new StructType([new StructField('c', t)]), { timeZone: 'UTC' })
    .decode(batch)
    .map((r) => r.get(0));
}
