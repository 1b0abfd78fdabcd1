import { Dictionary, Float64, Int32, type RecordBatch, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { encodeBatch } from '../../src/arrow/encode.js';
import { ColumnarDecoder, decodeArrowBatches, RowDecoder } from '../../src/arrow/index.js';
import { ProtocolError } from '../../src/errors/base.js';
import { parseDDL, type StructType } from '../../src/types/index.js';
import { batchOf, utf8Data } from '../support/arrow-data.js';

const UTC = { timeZone: 'UTC' };

const DDL = [
  'b BOOLEAN',
  'i8 TINYINT',
  'i16 SMALLINT',
  'i32 INT',
  'i64 BIGINT',
  'f32 FLOAT',
  'f64 DOUBLE',
  's STRING',
  'dec DECIMAL(10, 2)',
  'd DATE',
  'ts TIMESTAMP',
  'ntz TIMESTAMP_NTZ',
  'bin BINARY',
  'arr ARRAY<INT>',
  'm MAP<STRING, INT>',
  'st STRUCT<x: INT, y: STRING>',
].join(', ');

/** Row `i` of the every-type schema; every 7th value of every column is null. */
function row(i: number): unknown[] {
  const v = (x: unknown, k: number) => ((i + k) % 7 === 0 ? null : x);
  return [
    v(i % 3 === 0, 0),
    v((i % 256) - 128, 1),
    v(i * 7 - 30000, 2),
    v(i * 1_000_003 - 2 ** 30, 3),
    v(BigInt(i) * 10_000_000_000n - 2n ** 62n, 4),
    v(i / 4, 5),
    v(i / 3, 6),
    v(`s${i}é`, 0),
    v(`${i}.${String(i % 100).padStart(2, '0')}`, 1),
    v(new Date(Date.UTC(2020, 0, 1 + i)), 2),
    v(new Date(1_700_000_000_000 + i * 1001), 3),
    v(new Date(1_600_000_000_000 + i), 4),
    v(new Uint8Array([i & 255, 1, 2]), 5),
    v([i, null, i + 1], 6),
    v(new Map([[`k${i}`, i]]), 0),
    v({ x: i, y: `y${i}` }, 1),
  ];
}

function batchesOf(schema: StructType, sizes: number[]): RecordBatch[] {
  const out: RecordBatch[] = [];
  let start = 0;
  for (const n of sizes) {
    const rows = Array.from({ length: n }, (_, i) => row(start + i));
    out.push(...decodeArrowBatches(encodeBatch(schema, rows).ipc));
    start += n;
  }
  return out;
}

function columnsOf(schema: StructType, batches: RecordBatch[]) {
  const decoder = new ColumnarDecoder(schema, UTC);
  for (const b of batches) decoder.add(b);
  return decoder.finish();
}

/** What collect() gives: the rows' values, column by column. */
function rowValues(schema: StructType, batches: RecordBatch[]): unknown[][] {
  const decoder = new RowDecoder(schema, UTC);
  const rows = batches.flatMap((b) => decoder.decode(b));
  return schema.fields.map((_, k) => rows.map((r) => r.get(k)));
}

describe('ColumnarDecoder (df.collectColumns)', () => {
  const schema = parseDDL(DDL);

  it('gives, for every type, the values Row.get gives, across batches, with nulls', () => {
    const batches = batchesOf(schema, [20, 1, 37]);
    const result = columnsOf(schema, batches);
    const expected = rowValues(schema, batches);
    expect(result.numRows).toBe(58);
    expect(result.schema).toBe(schema);
    expect(result.columns.map((c) => c.name)).toEqual(schema.fieldNames());
    for (const [k, col] of result.columns.entries()) {
      expect(col.index).toBe(k);
      expect(col.length).toBe(58);
      expect(col.toArray(), col.name).toEqual(expected[k]);
      const nullAt = expected[k].flatMap((v, i) => (v === null ? [i] : []));
      expect(col.nullCount, col.name).toBe(nullAt.length);
      expect(nullAt.length).toBeGreaterThan(0);
      expect(
        Array.from(col.nulls ?? []).flatMap((v, i) => (v === 1 ? [i] : [])),
        col.name,
      ).toEqual(nullAt);
    }
  });

  it('gives typed arrays for numeric and boolean columns, 0 at nulls, plain arrays for the rest', () => {
    const batches = batchesOf(schema, [10, 11]);
    const r = columnsOf(schema, batches);
    expect(r.column('b').values).toBeInstanceOf(Uint8Array);
    expect(r.column('i8').values).toBeInstanceOf(Int8Array);
    expect(r.column('i16').values).toBeInstanceOf(Int16Array);
    expect(r.column('i32').values).toBeInstanceOf(Int32Array);
    expect(r.column('i64').values).toBeInstanceOf(BigInt64Array);
    expect(r.column('f32').values).toBeInstanceOf(Float32Array);
    expect(r.column('f64').values).toBeInstanceOf(Float64Array);
    for (const name of ['s', 'dec', 'd', 'ts', 'ntz', 'bin', 'arr', 'm', 'st']) {
      expect(Array.isArray(r.column(name).values), name).toBe(true);
      expect(r.column(name).isTyped).toBe(false);
    }
    // Row 0 of i64 ((0 + 4) % 7) is valid, row 3 is null: its slot holds 0.
    const i64 = r.column('i64').valuesAs('long');
    expect(i64[0]).toBe(-(2n ** 62n));
    expect(r.column('i64').isNull(3)).toBe(true);
    expect(i64[3]).toBe(0n);
    expect(Array.from(r.column('b').valuesAs('boolean').subarray(0, 7))).toEqual([0, 0, 0, 1, 0, 0, 1]);
    expect(r.column('b').get(3)).toBe(true);
    expect(r.column('b').get(0)).toBe(null);
    expect(r.column('f64').valuesAs('double')[20]).toBe(20 / 3);
  });

  it('copies sliced batches (non-zero offsets) and unaligned IPC bodies exactly', () => {
    const [whole] = batchesOf(schema, [64]);
    const sliced = [whole.slice(3, 30), whole.slice(30, 61)];
    expect(columnsOf(schema, sliced).columns.map((c) => c.toArray())).toEqual(rowValues(schema, sliced));

    const ipc = encodeBatch(
      schema,
      Array.from({ length: 33 }, (_, i) => row(i)),
    ).ipc;
    const shifted = new Uint8Array(ipc.byteLength + 3);
    shifted.set(ipc, 3);
    const unaligned = decodeArrowBatches(shifted.subarray(3));
    expect(columnsOf(schema, unaligned).columns.map((c) => c.toArray())).toEqual(
      rowValues(schema, unaligned),
    );
  });

  it('reads dictionary-encoded numeric and string columns through the converters', () => {
    const s = parseDDL('i INT, x DOUBLE, t STRING');
    const batch = batchOf([
      ['i', vectorFromArray([5, null, 5, 7], new Dictionary(new Int32(), new Int32())).data[0]],
      ['x', vectorFromArray([1.5, 2.5, null, 1.5], new Dictionary(new Float64(), new Int32())).data[0]],
      ['t', utf8Data(['a', null, 'c', 'd'])],
    ]);
    const r = columnsOf(s, [batch]);
    expect(Array.from(r.column('i').valuesAs('integer'))).toEqual([5, 0, 5, 7]);
    expect(r.column('i').toArray()).toEqual([5, null, 5, 7]);
    expect(r.column('x').toArray()).toEqual([1.5, 2.5, null, 1.5]);
    expect(r.column('t').toArray()).toEqual(['a', null, 'c', 'd']);
    expect(r.columns.map((c) => c.toArray())).toEqual(rowValues(s, [batch]));
  });

  it('gives empty columns of the right kinds for an empty result', () => {
    const r = columnsOf(schema, []);
    expect(r.numRows).toBe(0);
    expect(r.columns).toHaveLength(schema.fields.length);
    expect(r.column('i64').values).toEqual(new BigInt64Array(0));
    expect(r.column('s').values).toEqual([]);
    expect(r.column('s').nulls).toBeUndefined();
  });

  it('names what is wrong: unknown columns, wrong typed kinds, indexes out of range', () => {
    const r = columnsOf(
      parseDDL('id BIGINT, name STRING'),
      batchesOf(parseDDL('id BIGINT, name STRING'), []),
    );
    expect(() => r.column('nope')).toThrow(/No field named 'nope'; available fields: 'id', 'name'/);
    expect(() => r.column(2)).toThrow(RangeError);
    expect(() => r.column(true as unknown as string)).toThrow(TypeError);
    expect(() => r.column('id').valuesAs('double')).toThrow(/Column 'id' is of type bigint, not double/);
    expect(() => r.column('name').valuesAs('long')).toThrow(/plain array/);
    expect(() => r.column('id').valuesAs('int' as 'integer')).toThrow(/valuesAs\(\) takes one of boolean/);
    expect(() => r.column('id').get(0)).toThrow(/Row index 0 is out of range \[0, 0\) of column 'id'/);
  });

  it('refuses batches that do not fit the schema', () => {
    const s = parseDDL('a BIGINT, b STRING');
    const d = new ColumnarDecoder(s, UTC);
    expect(() => d.add(batchOf([['a', utf8Data(['x'])]]))).toThrow(ProtocolError);
    const wrong = new ColumnarDecoder(parseDDL('a BIGINT'), UTC);
    wrong.add(batchOf([['a', utf8Data(['x'])]]));
    expect(() => wrong.finish()).toThrow(/Column 'a': Arrow type Utf8 does not match Spark type bigint/);
  });
});
