/**
 * Schema-driven conversions of row values: to plain objects, to JSON-safe values and to a
 * PySpark-like `repr` text. Used by Row.
 */

import type { AnyDataType } from './complex-types.js';
import type { DataType, JsonValue } from './data-types.js';
import { bigintToJson, numberToJson, toBase64 } from './format.js';
import {
  CalendarInterval,
  formatDateUTC,
  LocalTime,
  SparkTimestamp,
  SparkTimestampNanos,
  SparkTimestampNTZNanos,
} from './values.js';
import { VariantValue } from './variant.js';

/** What Row exposes to these helpers (avoids an import cycle with row.ts). */
export interface RowLike {
  toObject(): Record<string, unknown>;
  toJSON(): { [key: string]: JsonValue };
  toString(): string;
}

function isRowLike(v: unknown): v is RowLike {
  return typeof v === 'object' && v !== null && typeof (v as RowLike).toObject === 'function';
}

/** Recursively replaces nested Rows by plain objects (inside arrays and maps too). */
export function toPlain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (isRowLike(v)) return v.toObject();
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const [k, x] of v) out.set(toPlain(k), toPlain(x));
    return out;
  }
  return v;
}

/** A JSON-safe form of a value of type `t` (see Row.toJSON for the mapping). */
export function jsonOf(v: unknown, t: DataType): JsonValue {
  if (v === null || v === undefined) return null;
  const type = t as AnyDataType;
  switch (type.kind) {
    case 'date':
      return v instanceof Date ? formatDateUTC(v) : jsonOfUnknown(v);
    case 'timestamp_ntz_nanos':
    case 'timestamp_ltz_nanos':
      return v instanceof Date ? tsText(v) : jsonOfUnknown(v);
    case 'timestamp':
    case 'timestamp_ntz':
      if (v instanceof SparkTimestamp) return v.toISOStringMicros();
      if (v instanceof Date) {
        const iso = v.toISOString();
        return type.kind === 'timestamp' ? iso : iso.slice(0, -1);
      }
      return jsonOfUnknown(v);
    case 'array':
      return Array.isArray(v) ? v.map((x) => jsonOf(x, type.elementType)) : jsonOfUnknown(v);
    case 'map': {
      if (!(v instanceof Map)) return jsonOfUnknown(v);
      const k = (type.keyType as AnyDataType).kind;
      if (k === 'string' || k === 'char' || k === 'varchar') {
        const out: { [key: string]: JsonValue } = {};
        for (const [key, x] of v) out[String(key)] = jsonOf(x, type.valueType);
        return out;
      }
      const pairs: JsonValue[] = [];
      for (const [key, x] of v) pairs.push([jsonOf(key, type.keyType), jsonOf(x, type.valueType)]);
      return pairs;
    }
    case 'udt':
      return type.sqlType === undefined ? jsonOfUnknown(v) : jsonOf(v, type.sqlType);
    default:
      return jsonOfUnknown(v);
  }
}

/** ISO text of a timestamp value: nine fraction digits for nanosecond ones, else six (three for a plain Date). */
function tsText(v: Date): string {
  if (v instanceof SparkTimestampNanos || v instanceof SparkTimestampNTZNanos) return v.toISOStringNanos();
  return v instanceof SparkTimestamp ? v.toISOStringMicros() : v.toISOString();
}

/** A JSON-safe form of a value, judged by its JS type only. */
export function jsonOfUnknown(v: unknown): JsonValue {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return numberToJson(v);
    case 'bigint':
      return bigintToJson(v);
    case 'undefined':
      return null;
    case 'object':
      break;
    default:
      return String(v);
  }
  if (v === null) return null;
  if (v instanceof SparkTimestamp) return tsText(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return toBase64(v);
  if (Array.isArray(v)) return v.map(jsonOfUnknown);
  if (v instanceof Map) {
    const keys = [...v.keys()];
    if (keys.every((k) => typeof k === 'string')) {
      const out: { [key: string]: JsonValue } = {};
      for (const [k, x] of v) out[k as string] = jsonOfUnknown(x);
      return out;
    }
    return [...v].map(([k, x]) => [jsonOfUnknown(k), jsonOfUnknown(x)]);
  }
  const withToJSON = v as { toJSON?: () => unknown };
  if (typeof withToJSON.toJSON === 'function') return jsonOfUnknown(withToJSON.toJSON());
  const out: { [key: string]: JsonValue } = {};
  for (const [k, x] of Object.entries(v)) out[k] = jsonOfUnknown(x);
  return out;
}

/** Python `repr` of a string: single quotes, backslash escapes. */
function pyStr(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/** Python `repr` of bytes, as PySpark 4.1+ gives BINARY values (`bytes`; 3.5 and 4.0 gave `bytearray`). */
function pyBytes(b: Uint8Array): string {
  let out = "b'";
  for (const c of b) {
    if (c === 0x5c) out += '\\\\';
    else if (c === 0x27) out += "\\'";
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return `${out}'`;
}

function pyFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? n.toFixed(1) : String(n);
}

function pyDateTime(d: Date, micros: number, utc: boolean): string {
  const f = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  const s = d.getUTCSeconds();
  if (s !== 0 || micros !== 0) f.push(s);
  if (micros !== 0) f.push(micros);
  return `datetime.datetime(${f.join(', ')}${utc ? ', tzinfo=datetime.timezone.utc' : ''})`;
}

function pyTimedelta(us: bigint): string {
  const day = 86_400_000_000n;
  let days = us / day;
  let rest = us % day;
  if (rest < 0n) {
    rest += day;
    days -= 1n;
  }
  const seconds = rest / 1_000_000n;
  const micros = rest % 1_000_000n;
  const parts: string[] = [];
  if (days !== 0n) parts.push(`days=${days}`);
  if (seconds !== 0n) parts.push(`seconds=${seconds}`);
  if (micros !== 0n) parts.push(`microseconds=${micros}`);
  return `datetime.timedelta(${parts.length === 0 ? '0' : parts.join(', ')})`;
}

/** A PySpark-like `repr` of a value of type `t`, e.g. `'x'`, `None`, `Decimal('1.50')`. */
export function reprOf(v: unknown, t: DataType): string {
  if (v === null || v === undefined) return 'None';
  const type = t as AnyDataType;
  switch (type.kind) {
    case 'boolean':
      return v ? 'True' : 'False';
    case 'float':
    case 'double':
      return typeof v === 'number' ? pyFloat(v) : reprOfUnknown(v);
    case 'decimal':
      return `Decimal(${pyStr(String(v))})`;
    case 'date':
      return v instanceof Date
        ? `datetime.date(${v.getUTCFullYear()}, ${v.getUTCMonth() + 1}, ${v.getUTCDate()})`
        : reprOfUnknown(v);
    case 'timestamp':
    case 'timestamp_ntz':
      if (!(v instanceof Date)) return reprOfUnknown(v);
      return pyDateTime(
        v,
        v.getUTCMilliseconds() * 1000 + (v instanceof SparkTimestamp ? v.microsOfMillisecond : 0),
        type.kind === 'timestamp',
      );
    case 'day_time_interval':
      return typeof v === 'bigint' ? pyTimedelta(v) : reprOfUnknown(v);
    case 'time':
      if (!(v instanceof LocalTime)) return reprOfUnknown(v);
      return `datetime.time(${[v.hour, v.minute, v.second, Math.floor(v.nanosecond / 1000)].join(', ')})`;
    case 'array':
      return Array.isArray(v)
        ? `[${v.map((x) => reprOf(x, type.elementType)).join(', ')}]`
        : reprOfUnknown(v);
    case 'map':
      if (!(v instanceof Map)) return reprOfUnknown(v);
      return `{${[...v].map(([k, x]) => `${reprOf(k, type.keyType)}: ${reprOf(x, type.valueType)}`).join(', ')}}`;
    case 'udt':
      return type.sqlType === undefined ? reprOfUnknown(v) : reprOf(v, type.sqlType);
    default:
      return reprOfUnknown(v);
  }
}

function reprOfUnknown(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  switch (typeof v) {
    case 'string':
      return pyStr(v);
    case 'boolean':
      return v ? 'True' : 'False';
    case 'number':
    case 'bigint':
      return String(v);
  }
  if (v instanceof Uint8Array) return pyBytes(v);
  if (v instanceof VariantValue) return `VariantVal(${pyStr(v.toString())})`;
  if (v instanceof CalendarInterval) {
    return `CalendarInterval(months=${v.months}, days=${v.days}, microseconds=${v.microseconds})`;
  }
  if (v instanceof SparkTimestamp) return pyStr(tsText(v));
  if (v instanceof Date) return pyStr(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(reprOfUnknown).join(', ')}]`;
  if (v instanceof Map)
    return `{${[...v].map(([k, x]) => `${reprOfUnknown(k)}: ${reprOfUnknown(x)}`).join(', ')}}`;
  return String(v);
}
