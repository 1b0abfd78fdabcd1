/** Reading result streams: Arrow batches, 4.1 chunk reassembly, row-count and offset checks. */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { newResultState, readArrowBatches } from '../../src/client/results.js';
import { ProtocolError } from '../../src/errors/base.js';
import { type ExecutePlanResponse, ExecutePlanResponseSchema } from '../../src/gen/spark/connect/base_pb.js';

function ipc(from: number, n: number): Uint8Array {
  return tableToIPC(tableFromArrays({ id: Int32Array.from({ length: n }, (_, i) => from + i) }), 'stream');
}

function batch(
  data: Uint8Array,
  rowCount: number,
  extra: { startOffset?: number; chunkIndex?: number; numChunksInBatch?: number } = {},
): ExecutePlanResponse {
  return create(ExecutePlanResponseSchema, {
    responseType: {
      case: 'arrowBatch',
      value: {
        data,
        rowCount: BigInt(rowCount),
        ...(extra.startOffset === undefined ? {} : { startOffset: BigInt(extra.startOffset) }),
        ...(extra.chunkIndex === undefined ? {} : { chunkIndex: BigInt(extra.chunkIndex) }),
        ...(extra.numChunksInBatch === undefined ? {} : { numChunksInBatch: BigInt(extra.numChunksInBatch) }),
      },
    },
  } as MessageInitShape<typeof ExecutePlanResponseSchema>);
}

function chunks(data: Uint8Array, n: number): Uint8Array[] {
  const size = Math.ceil(data.byteLength / n);
  return Array.from({ length: n }, (_, i) =>
    data.subarray(i * size, Math.min(data.byteLength, (i + 1) * size)),
  );
}

async function* stream(...responses: ExecutePlanResponse[]): AsyncGenerator<ExecutePlanResponse> {
  yield* responses;
}

async function ids(responses: ExecutePlanResponse[]) {
  const state = newResultState();
  const out: number[] = [];
  for await (const b of readArrowBatches(stream(...responses), state)) {
    for (let i = 0; i < b.numRows; i++) out.push(b.getChild('id')?.get(i) as number);
  }
  return { out, state };
}

describe('readArrowBatches', () => {
  it('reads every batch, checking row counts and start offsets', async () => {
    const { out, state } = await ids([
      batch(ipc(0, 3), 3, { startOffset: 0 }),
      batch(ipc(3, 2), 2, { startOffset: 3 }),
    ]);
    expect(out).toEqual([0, 1, 2, 3, 4]);
    expect(state.rowCount).toBe(5n);
    expect(state.chunkedBatches).toBe(0);
  });

  it('reassembles a batch sent in chunks (Spark 4.1+), between whole batches', async () => {
    const parts = chunks(ipc(2, 1000), 3);
    const { out, state } = await ids([
      batch(ipc(0, 2), 2, { startOffset: 0, chunkIndex: 0, numChunksInBatch: 1 }),
      ...parts.map((p, i) => batch(p, 1000, { startOffset: 2, chunkIndex: i, numChunksInBatch: 3 })),
      batch(ipc(1002, 1), 1, { startOffset: 1002 }),
    ]);
    expect(out).toEqual(Array.from({ length: 1003 }, (_, i) => i));
    expect(state.chunkedBatches).toBe(1);
  });

  it('rejects chunks out of order, chunks of another batch, and a stream ending mid-batch', async () => {
    const parts = chunks(ipc(0, 100), 2);
    await expect(
      ids([batch(parts[1], 100, { startOffset: 0, chunkIndex: 1, numChunksInBatch: 2 })]),
    ).rejects.toThrow(/chunk 1 arrived, expected chunk 0/);
    await expect(
      ids([
        batch(parts[0], 100, { startOffset: 0, chunkIndex: 0, numChunksInBatch: 2 }),
        batch(parts[1], 99, { startOffset: 0, chunkIndex: 1, numChunksInBatch: 2 }),
      ]),
    ).rejects.toBeInstanceOf(ProtocolError);
    await expect(
      ids([batch(parts[0], 100, { startOffset: 0, chunkIndex: 0, numChunksInBatch: 2 })]),
    ).rejects.toThrow(/ended in the middle of a chunked Arrow batch/);
  });

  it('rejects a wrong row count or start offset', async () => {
    await expect(ids([batch(ipc(0, 3), 4)])).rejects.toThrow(/declared 4 rows but carried 3/);
    await expect(
      ids([batch(ipc(0, 3), 3, { startOffset: 0 }), batch(ipc(3, 3), 3, { startOffset: 2 })]),
    ).rejects.toThrow(/start_offset 2 does not match the 3 rows received so far/);
  });

  it('keeps unknown response kinds aside instead of failing', async () => {
    const other = create(ExecutePlanResponseSchema, {
      responseType: { case: 'checkpointCommandResult', value: {} },
    } as MessageInitShape<typeof ExecutePlanResponseSchema>);
    const { out, state } = await ids([batch(ipc(0, 1), 1), other]);
    expect(out).toEqual([0]);
    expect(state.otherResponses).toEqual([other]);
  });
});
