/**
 * Where the Arrow IPC bytes of an ExecutePlanResponse begin inside its serialized message, read
 * from the first bytes of the message only.
 *
 * apache-arrow reads a record batch body in place only when it starts at an 8-byte aligned address;
 * otherwise it copies the body first. A large response reaches the client in many HTTP/2 DATA
 * chunks and is assembled into one buffer anyway, so the stream places the message in that buffer
 * such that `arrow_batch.data` (and with it every body of the IPC stream, which Arrow pads to 8
 * bytes) lands 8-byte aligned: one copy of the result instead of two.
 */

/** ExecutePlanResponse.arrow_batch and ExecutePlanResponse.ArrowBatch.data (both field 2). */
const ARROW_BATCH_FIELD = 2;
const DATA_FIELD = 2;

/**
 * The offset of `arrow_batch.data`'s first byte inside the serialized ExecutePlanResponse whose
 * first bytes are `head`, or undefined when `head` ends before it or the message has no Arrow
 * batch. Never throws: bytes it cannot read are simply not aligned.
 *
 * @example arrowDataOffset(firstChunkOfMessage) // 47: place the buffer so that 47 is 8-aligned
 */
export function arrowDataOffset(head: Uint8Array): number | undefined {
  const batch = findField(head, 0, head.length, ARROW_BATCH_FIELD);
  if (batch === undefined) return undefined;
  return findField(head, batch.start, Math.min(head.length, batch.end), DATA_FIELD)?.start;
}

/** The first length-delimited field `field` of the message in head[from, to): its content's range. */
function findField(
  head: Uint8Array,
  from: number,
  to: number,
  field: number,
): { start: number; end: number } | undefined {
  let pos = from;
  while (pos < to) {
    const tag = readVarint(head, pos, to);
    if (tag === undefined) return undefined;
    pos = tag.next;
    const wireType = tag.value & 7;
    const number = Math.floor(tag.value / 8);
    switch (wireType) {
      case 0: {
        const v = readVarint(head, pos, to);
        if (v === undefined) return undefined;
        pos = v.next;
        break;
      }
      case 1:
        pos += 8;
        break;
      case 5:
        pos += 4;
        break;
      case 2: {
        const len = readVarint(head, pos, to);
        if (len === undefined) return undefined;
        if (number === field) return { start: len.next, end: len.next + len.value };
        pos = len.next + len.value;
        break;
      }
      default:
        return undefined;
    }
  }
  return undefined;
}

/** A varint of at most 5 bytes (tags and lengths of messages below 4 GiB). */
function readVarint(buf: Uint8Array, pos: number, to: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (pos + i >= to) return undefined;
    const b = buf[pos + i];
    value += (b & 0x7f) * 2 ** (7 * i);
    if (b < 0x80) return { value, next: pos + i + 1 };
  }
  return undefined;
}
