/**
 * Spark `variant` values (Spark 4.0+): the raw value/metadata bytes plus a decoder of the Variant
 * binary encoding (as specified by Apache Parquet's VariantEncoding) into JS values and JSON.
 */

import { SparkConnectError } from '../errors/base.js';
import type { JsonValue } from './data-types.js';
import { bigintToJson, formatDecimal, numberToJson, pad2, pad4Year, toBase64 } from './format.js';
import { formatDateUTC, LocalTime, SparkTimestamp, SparkTimestampNTZ } from './values.js';

/** A decoded variant as native JS values (see `VariantValue.toValue()`). */
export type VariantNative =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Date
  | LocalTime
  | VariantNative[]
  | { [key: string]: VariantNative };

/** Malformed variant bytes. */
export class VariantDecodeError extends SparkConnectError {}

/**
 * A Spark `variant` value: the encoded `value` and `metadata` bytes, decoded on demand.
 *
 * - `toValue()`: native JS values, lossless: objects → plain objects, arrays → arrays, integers →
 *   number (bigint beyond 2^53), decimals → exact strings, float/double → number, date → Date at
 *   UTC midnight, timestamp → SparkTimestamp, timestamp_ntz → SparkTimestampNTZ, time → LocalTime,
 *   binary → Uint8Array, uuid → string.
 * - `toJSON()`: JSON-safe values (what `JSON.stringify` uses): integers beyond 2^53 and decimals
 *   with more than 15 significant digits become strings; dates, timestamps, binary (base64) and
 *   uuids become strings; NaN/Infinity become strings.
 * - `toString()`: JSON text with exact numbers, in the style of Spark's `to_json(variant)`;
 *   timestamps print in the session time zone given at construction (default UTC).
 *
 * @example
 * const v = row.get('v') as VariantValue;
 * v.toJSON();   // { a: 1, b: [true, null] }
 * `${v}`;       // '{"a":1,"b":[true,null]}'
 */
export class VariantValue {
  /**
   * @param value the encoded variant value
   * @param metadata the encoded variant metadata (the key dictionary)
   * @param timeZone IANA zone for printing timestamps in `toString()`/`toJSON()` (default UTC)
   */
  constructor(
    readonly value: Uint8Array,
    readonly metadata: Uint8Array,
    readonly timeZone: string = 'UTC',
  ) {}

  /** The value as native JS values (lossless). */
  toValue(): VariantNative {
    return toNative(this.decode());
  }

  /** The value as JSON-safe values. */
  toJSON(): JsonValue {
    return toJsonSafe(this.decode(), this.timeZone);
  }

  /** The value as JSON text with exact numbers. */
  toString(): string {
    return toJsonText(this.decode(), this.timeZone);
  }

  private decode(): Node {
    return new Decoder(this.value, this.metadata).node(0);
  }
}

type Node =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: bigint }
  | { t: 'double'; v: number }
  | { t: 'decimal'; v: string }
  | { t: 'string'; v: string }
  | { t: 'binary'; v: Uint8Array }
  | { t: 'date'; v: number }
  | { t: 'timestamp'; micros: bigint; ntz: boolean }
  | { t: 'time'; micros: bigint }
  | { t: 'uuid'; v: string }
  | { t: 'object'; v: [string, Node][] }
  | { t: 'array'; v: Node[] };

const utf8 = new TextDecoder();

class Decoder {
  private readonly view: DataView;
  private readonly keys: string[];

  constructor(
    private readonly bytes: Uint8Array,
    meta: Uint8Array,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.keys = readDictionary(meta);
  }

  private uint(pos: number, size: number): number {
    if (pos + size > this.bytes.length) throw new VariantDecodeError('Variant value is truncated');
    let n = 0;
    for (let i = size - 1; i >= 0; i--) n = n * 256 + this.bytes[pos + i];
    return n;
  }

  private check(pos: number, size: number): void {
    if (pos + size > this.bytes.length) throw new VariantDecodeError('Variant value is truncated');
  }

  node(pos: number): Node {
    this.check(pos, 1);
    const header = this.bytes[pos];
    const basic = header & 3;
    const vh = header >> 2;
    const v = this.view;
    switch (basic) {
      case 1:
        this.check(pos + 1, vh);
        return { t: 'string', v: utf8.decode(this.bytes.subarray(pos + 1, pos + 1 + vh)) };
      case 2: {
        const offSize = (vh & 3) + 1;
        const idSize = ((vh >> 2) & 3) + 1;
        const countSize = (vh >> 4) & 1 ? 4 : 1;
        const n = this.uint(pos + 1, countSize);
        const idStart = pos + 1 + countSize;
        const offStart = idStart + n * idSize;
        const dataStart = offStart + (n + 1) * offSize;
        const entries: [string, Node][] = new Array(n);
        for (let i = 0; i < n; i++) {
          const id = this.uint(idStart + i * idSize, idSize);
          const key = this.keys[id];
          if (key === undefined)
            throw new VariantDecodeError(`Variant field id ${id} is not in the metadata`);
          entries[i] = [key, this.node(dataStart + this.uint(offStart + i * offSize, offSize))];
        }
        return { t: 'object', v: entries };
      }
      case 3: {
        const offSize = (vh & 3) + 1;
        const countSize = (vh >> 2) & 1 ? 4 : 1;
        const n = this.uint(pos + 1, countSize);
        const offStart = pos + 1 + countSize;
        const dataStart = offStart + (n + 1) * offSize;
        const items: Node[] = new Array(n);
        for (let i = 0; i < n; i++)
          items[i] = this.node(dataStart + this.uint(offStart + i * offSize, offSize));
        return { t: 'array', v: items };
      }
    }
    const p = pos + 1;
    switch (vh) {
      case 0:
        return { t: 'null' };
      case 1:
        return { t: 'bool', v: true };
      case 2:
        return { t: 'bool', v: false };
      case 3:
        this.check(p, 1);
        return { t: 'int', v: BigInt(v.getInt8(p)) };
      case 4:
        this.check(p, 2);
        return { t: 'int', v: BigInt(v.getInt16(p, true)) };
      case 5:
        this.check(p, 4);
        return { t: 'int', v: BigInt(v.getInt32(p, true)) };
      case 6:
        this.check(p, 8);
        return { t: 'int', v: v.getBigInt64(p, true) };
      case 7:
        this.check(p, 8);
        return { t: 'double', v: v.getFloat64(p, true) };
      case 8:
        this.check(p, 5);
        return { t: 'decimal', v: formatDecimal(v.getInt32(p + 1, true), v.getUint8(p)) };
      case 9:
        this.check(p, 9);
        return { t: 'decimal', v: formatDecimal(v.getBigInt64(p + 1, true), v.getUint8(p)) };
      case 10: {
        this.check(p, 17);
        const unscaled = (v.getBigInt64(p + 9, true) << 64n) | v.getBigUint64(p + 1, true);
        return { t: 'decimal', v: formatDecimal(unscaled, v.getUint8(p)) };
      }
      case 11:
        this.check(p, 4);
        return { t: 'date', v: v.getInt32(p, true) };
      case 12:
      case 13:
        this.check(p, 8);
        return { t: 'timestamp', micros: v.getBigInt64(p, true), ntz: vh === 13 };
      case 14:
        this.check(p, 4);
        return { t: 'double', v: v.getFloat32(p, true) };
      case 15:
      case 16: {
        const len = this.uint(p, 4);
        this.check(p + 4, len);
        const data = this.bytes.subarray(p + 4, p + 4 + len);
        return vh === 15 ? { t: 'binary', v: data.slice() } : { t: 'string', v: utf8.decode(data) };
      }
      case 17:
        this.check(p, 8);
        return { t: 'time', micros: v.getBigInt64(p, true) };
      case 18:
      case 19: {
        this.check(p, 8);
        // Nanosecond timestamps: kept to microseconds (floor), like Spark's own types.
        const nanos = v.getBigInt64(p, true);
        const micros = nanos >= 0n ? nanos / 1000n : -((-nanos + 999n) / 1000n);
        return { t: 'timestamp', micros, ntz: vh === 19 };
      }
      case 20: {
        this.check(p, 16);
        let hex = '';
        for (let i = 0; i < 16; i++) hex += this.bytes[p + i].toString(16).padStart(2, '0');
        return {
          t: 'uuid',
          v: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
        };
      }
      default:
        throw new VariantDecodeError(`Unknown variant primitive type id ${vh}`);
    }
  }
}

function readDictionary(meta: Uint8Array): string[] {
  if (meta.length < 1) throw new VariantDecodeError('Variant metadata is empty');
  const header = meta[0];
  const version = header & 0x0f;
  if (version !== 1) throw new VariantDecodeError(`Unsupported variant metadata version ${version}`);
  const size = ((header >> 6) & 3) + 1;
  const uint = (pos: number): number => {
    if (pos + size > meta.length) throw new VariantDecodeError('Variant metadata is truncated');
    let n = 0;
    for (let i = size - 1; i >= 0; i--) n = n * 256 + meta[pos + i];
    return n;
  };
  const count = uint(1);
  const stringsStart = 1 + size * (count + 2);
  const keys: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const from = stringsStart + uint(1 + size * (i + 1));
    const to = stringsStart + uint(1 + size * (i + 2));
    if (to > meta.length || from > to) throw new VariantDecodeError('Variant metadata is truncated');
    keys[i] = utf8.decode(meta.subarray(from, to));
  }
  return keys;
}

function toNative(n: Node): VariantNative {
  switch (n.t) {
    case 'null':
      return null;
    case 'bool':
    case 'double':
    case 'decimal':
    case 'string':
    case 'binary':
    case 'uuid':
      return n.v;
    case 'int': {
      const x = Number(n.v);
      return Number.isSafeInteger(x) ? x : n.v;
    }
    case 'date':
      return new Date(n.v * 86_400_000);
    case 'timestamp':
      return n.ntz ? SparkTimestampNTZ.fromEpochMicros(n.micros) : SparkTimestamp.fromEpochMicros(n.micros);
    case 'time':
      return new LocalTime(Number(n.micros) * 1000);
    case 'object': {
      const out: { [key: string]: VariantNative } = {};
      for (const [k, v] of n.v) out[k] = toNative(v);
      return out;
    }
    case 'array':
      return n.v.map(toNative);
  }
}

function toJsonSafe(n: Node, tz: string): JsonValue {
  switch (n.t) {
    case 'null':
      return null;
    case 'bool':
    case 'string':
    case 'uuid':
      return n.v;
    case 'int':
      return bigintToJson(n.v);
    case 'double':
      return numberToJson(n.v);
    case 'decimal': {
      const significant = n.v.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length;
      return significant <= 15 ? Number(n.v) : n.v;
    }
    case 'object': {
      const out: { [key: string]: JsonValue } = {};
      for (const [k, v] of n.v) out[k] = toJsonSafe(v, tz);
      return out;
    }
    case 'array':
      return n.v.map((x) => toJsonSafe(x, tz));
    default:
      return scalarText(n, tz);
  }
}

function toJsonText(n: Node, tz: string): string {
  switch (n.t) {
    case 'null':
      return 'null';
    case 'bool':
      return String(n.v);
    case 'int':
      return n.v.toString();
    case 'decimal':
      return n.v;
    case 'double':
      return Number.isFinite(n.v) ? String(n.v) : JSON.stringify(String(n.v));
    case 'object':
      return `{${n.v.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v, tz)}`).join(',')}}`;
    case 'array':
      return `[${n.v.map((x) => toJsonText(x, tz)).join(',')}]`;
    case 'string':
    case 'uuid':
      return JSON.stringify(n.v);
    default:
      return JSON.stringify(scalarText(n, tz));
  }
}

/** Text of dates, timestamps, times and binary values. */
function scalarText(n: Node, tz: string): string {
  switch (n.t) {
    case 'date':
      return formatDateUTC(new Date(n.v * 86_400_000));
    case 'timestamp': {
      const ts = SparkTimestamp.fromEpochMicros(n.micros);
      const frac = String(ts.getUTCMilliseconds() * 1000 + ts.microsOfMillisecond).padStart(6, '0');
      if (n.ntz)
        return `${formatDateUTC(ts)} ${pad2(ts.getUTCHours())}:${pad2(ts.getUTCMinutes())}:${pad2(ts.getUTCSeconds())}.${frac}`;
      return formatZoned(ts, frac, tz);
    }
    case 'time':
      return new LocalTime(Number(n.micros) * 1000).toString();
    case 'binary':
      return toBase64(n.v);
    default:
      return '';
  }
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD HH:MM:SS.ffffff+HH:MM` of an instant in an IANA time zone. */
function formatZoned(d: Date, frac: string, tz: string): string {
  let fmt = zoneFormats.get(tz);
  if (fmt === undefined) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    zoneFormats.set(tz, fmt);
  }
  const parts: Record<string, string> = {};
  for (const p of fmt.formatToParts(d)) parts[p.type] = p.value;
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  const year = pad4Year(Number(parts.year));
  return `${year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}.${frac}${offset}`;
}
