import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { arrowDataOffset } from '../../src/client/arrow-offset.js';
import { ExecutePlanResponseSchema } from '../../src/gen/spark/connect/base_pb.js';

/** The serialized response and where its arrow_batch.data bytes really are. */
function response(init: Parameters<typeof create<typeof ExecutePlanResponseSchema>>[1]) {
  const bytes = toBinary(ExecutePlanResponseSchema, create(ExecutePlanResponseSchema, init));
  return bytes;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('arrowDataOffset', () => {
  const data = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8]);

  it('finds arrow_batch.data after any fields that precede it, from the first bytes only', () => {
    for (const sessionId of ['', 's', 'a-much-longer-session-id-'.repeat(9)]) {
      const bytes = response({
        sessionId,
        responseType: { case: 'arrowBatch', value: { rowCount: 300n, data, startOffset: 7n } },
        operationId: 'op',
        responseId: 'r',
      });
      const expected = indexOf(bytes, data);
      expect(expected).toBeGreaterThan(0);
      expect(arrowDataOffset(bytes)).toBe(expected);
      // The head of the message is enough: the data itself need not have arrived yet.
      expect(arrowDataOffset(bytes.subarray(0, expected))).toBe(expected);
    }
  });

  it('is undefined for responses without an Arrow batch and for heads that end too early', () => {
    const schemaOnly = response({ sessionId: 's', schema: { kind: { case: 'long', value: {} } } });
    expect(arrowDataOffset(schemaOnly)).toBeUndefined();
    const done = response({ sessionId: 's', responseType: { case: 'resultComplete', value: {} } });
    expect(arrowDataOffset(done)).toBeUndefined();
    const bytes = response({
      sessionId: 'session',
      responseType: { case: 'arrowBatch', value: { rowCount: 1n, data } },
    });
    expect(arrowDataOffset(bytes.subarray(0, 4))).toBeUndefined();
    expect(arrowDataOffset(new Uint8Array(0))).toBeUndefined();
    // Bytes that are not a message: no answer, no exception.
    expect(arrowDataOffset(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBeUndefined();
    expect(arrowDataOffset(new Uint8Array([0x17, 0x01]))).toBeUndefined();
  });
});
