/**
 * Reading an Arrow `Data`'s buffers: type checks against the Spark type, validity bitmaps,
 * 64-bit words, offsets and UTF-8 text. Shared by the value readers and the column fills.
 */

import type { Data } from 'apache-arrow';
import { ProtocolError } from '../errors/base.js';
import type { DataType } from '../types/data-types.js';
import type { ValueReader } from './converters.js';

export const TWO_32 = 4294967296;
export const MS_PER_DAY = 86_400_000;

export function mismatch(path: string, type: DataType, data: Data): ProtocolError {
  return new ProtocolError(
    `Column '${path}': Arrow type ${String(data.type)} does not match Spark type ${type.simpleString()}`,
  );
}

export function expect(data: Data, path: string, type: DataType, ...typeIds: number[]): void {
  if (!typeIds.includes(data.typeId)) throw mismatch(path, type, data);
}

/** A numeric attribute of the Arrow type (unit, bitWidth, precision, listSize, byteWidth). */
export function attr(data: Data, name: 'unit' | 'bitWidth' | 'precision' | 'listSize' | 'byteWidth'): number {
  return (data.type as unknown as Record<string, number>)[name];
}

/** The validity bitmap when the data has nulls, else undefined. */
export function nullsOf(data: Data): Uint8Array | undefined {
  const bitmap = data.nullBitmap;
  return bitmap === undefined || bitmap.length === 0 || data.nullCount === 0 ? undefined : bitmap;
}

/** Bit `p` of a bitmap (validity or boolean values). */
export function isValid(bitmap: Uint8Array, p: number): boolean {
  return (bitmap[p >> 3] & (1 << (p & 7))) !== 0;
}

/** Wraps a reader with the validity bitmap check, when the data has nulls. */
export function withNulls(data: Data, read: ValueReader): ValueReader {
  const bitmap = nullsOf(data);
  if (bitmap === undefined) return read;
  const offset = data.offset;
  return (i) => (isValid(bitmap, offset + i) ? read(i) : null);
}

/** Reads 64-bit little-endian integers as two 32-bit words (avoids a BigInt per value). */
export function int32View(values: BigInt64Array | BigUint64Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length * 2);
}

/** An offsets accessor for 32-bit (Int32Array) or 64-bit (BigInt64Array) offsets. */
export function offsetsOf(data: Data): (i: number) => number {
  const off = data.valueOffsets as Int32Array | BigInt64Array;
  if (off instanceof Int32Array) return (i) => off[i];
  const w = int32View(off);
  return (i) => (w[2 * i] >>> 0) + w[2 * i + 1] * TWO_32;
}

interface NodeBuffer {
  toString(encoding: 'utf8', start: number, end: number): string;
}
interface NodeBufferCtor {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): NodeBuffer;
}

/** Decodes UTF-8 from a batch's value bytes; uses Node's Buffer (faster) when present. */
export function utf8Slicer(values: Uint8Array): (start: number, end: number) => string {
  const B = (globalThis as { Buffer?: NodeBufferCtor }).Buffer;
  if (B !== undefined) {
    const buf = B.from(values.buffer, values.byteOffset, values.byteLength);
    return (a, b) => buf.toString('utf8', a, b);
  }
  const decoder = new TextDecoder();
  return (a, b) => decoder.decode(values.subarray(a, b));
}
