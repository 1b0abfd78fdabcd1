import type { RecordBatch } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { encodeBatch } from '../../src/arrow/encode.js';
import { decodeArrowBatches } from '../../src/arrow/index.js';
import { RowIterator } from '../../src/dataframe/row-iterator.js';
import { parseDDL, type Row } from '../../src/types/index.js';

const schema = parseDDL('id BIGINT, name STRING');

function batch(from: number, n: number): RecordBatch {
  const rows = Array.from({ length: n }, (_, k) => [BigInt(from + k), `n${from + k}`]);
  const [b] = decodeArrowBatches(encodeBatch(schema, rows).ipc);
  return b ?? decodeArrowBatches(encodeBatch(schema, [[0n, 'x']]).ipc)[0].slice(0, 0);
}

/** A batch source that records how it was driven. */
function source(batches: (RecordBatch | Error)[]) {
  const log = { pulled: 0, returned: 0, schemaAsked: 0 };
  async function* gen(): AsyncGenerator<RecordBatch> {
    try {
      for (const b of batches) {
        log.pulled++;
        await new Promise((r) => setTimeout(r, 1));
        if (b instanceof Error) throw b;
        yield b;
      }
    } finally {
      log.returned++;
    }
  }
  const it = new RowIterator(gen(), async () => {
    log.schemaAsked++;
    return schema;
  });
  return { it, log };
}

const ids = (rows: Row[]) => rows.map((r) => Number(r.get('id')));

describe('RowIterator', () => {
  it('gives every row of every batch in order, skipping empty batches, asking the schema once', async () => {
    const { it: rows, log } = source([batch(0, 3), batch(3, 0), batch(3, 2), batch(5, 0)]);
    const got: Row[] = [];
    for await (const r of rows) got.push(r);
    expect(ids(got)).toEqual([0, 1, 2, 3, 4]);
    expect(got[4].get('name')).toBe('n4');
    expect(log).toEqual({ pulled: 4, returned: 1, schemaAsked: 1 });
    // Done stays done.
    expect(await rows.next()).toEqual({ value: undefined, done: true });
  });

  it('starts nothing before the first pull', async () => {
    const { it: rows, log } = source([batch(0, 1)]);
    expect(log.pulled).toBe(0);
    expect((await rows.next()).value?.get('id')).toBe(0n);
    expect(log.pulled).toBe(1);
  });

  it('breaking out returns the batch source (which releases the query) and drops the rest', async () => {
    const { it: rows, log } = source([batch(0, 3), batch(3, 3), batch(6, 3)]);
    const got: Row[] = [];
    for await (const r of rows) {
      got.push(r);
      if (got.length === 4) break;
    }
    expect(ids(got)).toEqual([0, 1, 2, 3]);
    expect(log.returned).toBe(1);
    expect(log.pulled).toBe(2);
    expect(await rows.next()).toEqual({ value: undefined, done: true });
  });

  it("the source's error reaches the consumer after the rows before it", async () => {
    const { it: rows } = source([batch(0, 2), new Error('lost the stream')]);
    const got: Row[] = [];
    await expect(
      (async () => {
        for await (const r of rows) got.push(r);
      })(),
    ).rejects.toThrow('lost the stream');
    expect(ids(got)).toEqual([0, 1]);
    expect(await rows.next()).toEqual({ value: undefined, done: true });
  });

  it('next() called again before the previous one settled gives the rows in order', async () => {
    const { it: rows } = source([batch(0, 1), batch(1, 2)]);
    const results = await Promise.all([rows.next(), rows.next(), rows.next(), rows.next()]);
    expect(results.map((r) => (r.done ? 'done' : Number(r.value.get('id'))))).toEqual([0, 1, 2, 'done']);
  });
});
