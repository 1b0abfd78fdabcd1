import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { encodeBatch } from '../../src/arrow/encode.js';
import { lowerPlan } from '../../src/plan/lower.js';
import { node } from '../../src/plan/nodes.js';
import { batchesOf, encodeChunks } from '../../src/session/local-cache.js';
import { parseDataType, type StructType } from '../../src/types/index.js';

const schema = parseDataType('id BIGINT, text STRING') as StructType;
const rows = Array.from({ length: 5000 }, (_, i) => [i, `row ${i} ${'x'.repeat(i % 50)}`]);
const { batch, ipc: whole } = encodeBatch(schema, rows);

function idsOf(chunks: Uint8Array[]): bigint[] {
  return chunks.flatMap((c) => [...tableFromIPC(c).getChild('id')!].map((v) => BigInt(v as bigint)));
}

describe('encodeChunks', () => {
  it('cuts rows into Arrow IPC streams of at most the given rows, in order, losing none', () => {
    const chunks = encodeChunks(batch, { rows: 1200, bytes: 1 << 30 }, whole.byteLength);
    expect(chunks.map((c) => tableFromIPC(c).numRows)).toEqual([1200, 1200, 1200, 1200, 200]);
    expect(idsOf(chunks)).toEqual(rows.map((r) => BigInt(r[0] as number)));
  });

  it('keeps every chunk within the byte limit, however the first estimate falls', () => {
    const limit = 20_000;
    const chunks = encodeChunks(batch, { rows: 10_000, bytes: limit }, whole.byteLength);
    expect(chunks.length).toBeGreaterThan(whole.byteLength / limit);
    for (const c of chunks) expect(c.byteLength).toBeLessThanOrEqual(limit);
    expect(idsOf(chunks)).toEqual(rows.map((r) => BigInt(r[0] as number)));
    // A wrong size estimate (here: 100 times too small) is corrected by halving.
    const halved = encodeChunks(batch, { rows: 10_000, bytes: limit }, whole.byteLength / 100);
    for (const c of halved) expect(c.byteLength).toBeLessThanOrEqual(limit);
    expect(idsOf(halved)).toEqual(rows.map((r) => BigInt(r[0] as number)));
  });

  it('puts a row larger than the byte limit in a chunk of its own', () => {
    const big = [
      [1, 'a'.repeat(10_000)],
      [2, 'b'],
      [3, 'c'],
    ];
    // An estimate of 100 bytes a row puts all three in one first cut, which halving splits.
    const chunks = encodeChunks(encodeBatch(schema, big).batch, { rows: 10, bytes: 2000 }, 300);
    expect(chunks.map((c) => tableFromIPC(c).numRows)).toEqual([1, 2]);
    expect(chunks[1].byteLength).toBeLessThanOrEqual(2000);
    expect(idsOf(chunks)).toEqual([1n, 2n, 3n]);
  });
});

describe('encodeChunks of every column layout', () => {
  // Slices start at odd rows, so bitmaps, offsets and nested children are cut mid-byte.
  const rich = parseDataType(
    'b BOOLEAN, i INT, l BIGINT, d DOUBLE, dec DECIMAL(20,3), s STRING, bin BINARY, dt DATE, ts TIMESTAMP, ' +
      'arr ARRAY<STRING>, m MAP<STRING, INT>, st STRUCT<x: INT, y: ARRAY<BIGINT>>',
  ) as StructType;
  const data = Array.from({ length: 101 }, (_, i) =>
    i % 5 === 3
      ? Array.from({ length: 12 }, () => null)
      : [
          i % 3 === 0,
          i - 50,
          BigInt(i) * 10_000_000_000n,
          i / 3,
          `${i}.${i % 1000}`,
          `s${i}é${'z'.repeat(i % 7)}`,
          new Uint8Array([i, i + 1]),
          new Date(Date.UTC(2020, 0, 1 + i)),
          new Date(1_700_000_000_000 + i),
          i % 4 === 0 ? null : [`a${i}`, null, 'b'],
          new Map([[`k${i}`, i]]),
          i % 7 === 0 ? null : { x: i, y: [BigInt(i), null] },
        ],
  );
  const text = (ipc: Uint8Array) =>
    tableFromIPC(ipc)
      .toArray()
      .map((r) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)));

  it('gives chunks whose rows are exactly the rows of the whole stream', () => {
    const { batch: whole, ipc } = encodeBatch(rich, data);
    const chunks = encodeChunks(whole, { rows: 7, bytes: 1 << 30 }, ipc.byteLength);
    expect(chunks.length).toBe(15);
    expect(chunks.flatMap(text)).toEqual(text(ipc));
  });
});

describe('batchesOf', () => {
  it('groups chunks in order up to the batch size, a larger chunk alone', () => {
    const b = (n: number) => new Uint8Array(n);
    const sizes = batchesOf([b(3), b(4), b(2), b(9), b(1)], 7).map((batch) => batch.map((x) => x.byteLength));
    expect(sizes).toEqual([[3, 4], [2], [9], [1]]);
  });
});

describe('chunkedCachedLocalRelation lowering', () => {
  it('lowers to ChunkedCachedLocalRelation with the data hashes in order and the schema hash', () => {
    const rel = lowerPlan(
      node({ kind: 'chunkedCachedLocalRelation', dataHashes: ['aa', 'bb', 'cc'], schemaHash: 'ss' }),
    );
    expect(rel.relType.case).toBe('chunkedCachedLocalRelation');
    if (rel.relType.case !== 'chunkedCachedLocalRelation') return;
    expect(rel.relType.value.dataHashes).toEqual(['aa', 'bb', 'cc']);
    expect(rel.relType.value.schemaHash).toBe('ss');
  });
});
