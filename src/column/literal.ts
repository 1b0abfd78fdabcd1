/**
 * JavaScript values -> Spark literals. The mapping (documented in the README):
 *
 * | JS value                         | Spark type                                    |
 * | -------------------------------- | --------------------------------------------- |
 * | `null`                           | void (NULL)                                   |
 * | boolean                          | boolean                                       |
 * | number, integer in int32 range   | int                                           |
 * | number, other integer (safe)     | bigint (long)                                 |
 * | number, non-integer / NaN / ±Inf | double                                        |
 * | bigint (int64 range)             | bigint (long)                                 |
 * | string                           | string                                        |
 * | Date                             | timestamp                                     |
 * | LocalTime                        | time(6) (microseconds; Spark 4.1+)            |
 * | CalendarInterval                 | interval (months, days, microseconds)         |
 * | Uint8Array / Buffer              | binary                                        |
 * | Array                            | array (element type from the first non-null)  |
 * | Map                              | map (key/value types from the first entry)    |
 * | plain object                     | struct (fields in key order)                  |
 * | `typed.*(...)` wrappers          | exactly the type named (decimal, date, ...,   |
 * |                                  | yearMonthInterval, dayTimeInterval)           |
 *
 * `undefined`, functions, symbols and other objects are rejected with a TypeError.
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { type Expression_Literal, Expression_LiteralSchema } from '../gen/spark/connect/expressions_pb.js';
import { DataTypeSchema, type DataType as ProtoDataType } from '../gen/spark/connect/types_pb.js';
import {
  CalendarInterval,
  LocalTime,
  SparkTimestamp,
  SparkTimestampNanos,
  SparkTimestampNTZ,
  SparkTimestampNTZNanos,
} from '../types/values.js';

/** A JS value with an explicit Spark type, made by the `typed` helpers. */
export class TypedValue {
  /** @internal */
  constructor(
    readonly kind:
      | 'byte'
      | 'short'
      | 'int'
      | 'long'
      | 'float'
      | 'double'
      | 'decimal'
      | 'date'
      | 'timestamp'
      | 'timestampNtz'
      | 'string'
      | 'binary'
      | 'yearMonthInterval'
      | 'dayTimeInterval',
    readonly value: unknown,
    readonly precision?: number,
    readonly scale?: number,
  ) {}
}

const DECIMAL_RE = /^[+-]?(\d+)(?:\.(\d+))?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INT_RANGES = { byte: [-128, 127], short: [-32768, 32767], int: [-2147483648, 2147483647] } as const;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function checkInt(kind: 'byte' | 'short' | 'int', v: unknown): number {
  const [lo, hi] = INT_RANGES[kind];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new TypeError(`typed.${kind}: ${String(v)} is not an integer in [${lo}, ${hi}]`);
  }
  return v;
}

/**
 * Explicitly typed literal values, for types JS cannot express on its own.
 *
 * @example
 * spark.sql('SELECT :d + 1', { d: typed.decimal('12.345') });
 * F.lit(typed.date('2024-02-29'));
 */
export const typed = {
  /** A decimal given exactly as a string; precision/scale default to the digits given. */
  decimal(value: string, precision?: number, scale?: number): TypedValue {
    const m = typeof value === 'string' ? DECIMAL_RE.exec(value.trim()) : null;
    if (!m) throw new TypeError(`typed.decimal: '${String(value)}' is not a decimal number`);
    // Significant integer digits: '0.5' has none, so it fits decimal(1,1) as in Spark.
    const intDigits = m[1].replace(/^0+/, '').length;
    const s = scale ?? m[2]?.length ?? 0;
    const p = precision ?? Math.max(intDigits + s, 1);
    if (p < 1 || p > 38 || s < 0 || s > p) throw new TypeError(`typed.decimal: invalid decimal(${p},${s})`);
    const frac = m[2] ?? '';
    if (frac.length > s) {
      throw new TypeError(
        `typed.decimal: '${value.trim()}' has more than ${s} fraction digits (decimal(${p},${s}))`,
      );
    }
    if (intDigits > p - s) {
      throw new TypeError(`typed.decimal: '${value.trim()}' does not fit decimal(${p},${s})`);
    }
    // One form on the wire: exactly `scale` fraction digits (a server may read the digits as the
    // unscaled value at that scale, as Sail does: '12.5' at scale 2 would be 1.25).
    const sign = value.trim().startsWith('-') ? '-' : '';
    const digits = s === 0 ? m[1] : `${m[1]}.${frac.padEnd(s, '0')}`;
    return new TypedValue('decimal', `${sign}${digits}`, p, s);
  },
  /** A DATE from `'YYYY-MM-DD'` or a Date (its UTC calendar day). */
  date(value: string | Date): TypedValue {
    if (typeof value === 'string' && !DATE_RE.test(value)) {
      throw new TypeError(`typed.date: '${value}' is not a date in YYYY-MM-DD form`);
    }
    return new TypedValue('date', value);
  },
  /** A TIMESTAMP (instant) from a Date, or microseconds since the epoch as a bigint. */
  timestamp(value: Date | bigint): TypedValue {
    return new TypedValue('timestamp', value);
  },
  /** A TIMESTAMP_NTZ whose wall-clock fields are the Date's UTC fields (or microseconds as bigint). */
  timestampNtz(value: Date | bigint): TypedValue {
    return new TypedValue('timestampNtz', value);
  },
  byte(value: number): TypedValue {
    return new TypedValue('byte', checkInt('byte', value));
  },
  short(value: number): TypedValue {
    return new TypedValue('short', checkInt('short', value));
  },
  int(value: number): TypedValue {
    return new TypedValue('int', checkInt('int', value));
  },
  long(value: number | bigint): TypedValue {
    return new TypedValue('long', typeof value === 'number' ? BigInt(value) : value);
  },
  float(value: number): TypedValue {
    return new TypedValue('float', value);
  },
  double(value: number): TypedValue {
    return new TypedValue('double', value);
  },
  /**
   * An INTERVAL YEAR TO MONTH of `months` months (the number a row holds for that type).
   * @example lit(typed.yearMonthInterval(14)) // INTERVAL '1-2' YEAR TO MONTH
   */
  yearMonthInterval(months: number): TypedValue {
    if (
      typeof months !== 'number' ||
      !Number.isInteger(months) ||
      months < -2147483648 ||
      months > 2147483647
    ) {
      throw new TypeError(
        `typed.yearMonthInterval: ${String(months)} is not a 32-bit integer number of months`,
      );
    }
    return new TypedValue('yearMonthInterval', months);
  },
  /**
   * An INTERVAL DAY TO SECOND of `micros` microseconds (the bigint a row holds for that type).
   * @example lit(typed.dayTimeInterval(90_000_000n)) // INTERVAL '0 00:01:30' DAY TO SECOND
   */
  dayTimeInterval(micros: bigint | number): TypedValue {
    const v = typeof micros === 'number' && Number.isSafeInteger(micros) ? BigInt(micros) : micros;
    if (typeof v !== 'bigint' || v < LONG_MIN || v > LONG_MAX) {
      throw new TypeError(
        `typed.dayTimeInterval: ${String(micros)} is not a 64-bit integer number of microseconds`,
      );
    }
    return new TypedValue('dayTimeInterval', v);
  },
};

type LiteralInit = MessageInitShape<typeof Expression_LiteralSchema>['literalType'];
type DataTypeInit = MessageInitShape<typeof DataTypeSchema>['kind'];

function dt(kind: DataTypeInit): ProtoDataType {
  return create(DataTypeSchema, { kind });
}

function lit(literalType: LiteralInit): Expression_Literal {
  return create(Expression_LiteralSchema, { literalType });
}

function micros(d: Date | bigint, what: string): bigint {
  if (typeof d === 'bigint') return d;
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new TypeError(`${what}: invalid Date`);
  return BigInt(ms) * 1000n;
}

function typedLiteral(t: TypedValue): Expression_Literal {
  switch (t.kind) {
    case 'byte':
      return lit({ case: 'byte', value: checkInt('byte', t.value) });
    case 'short':
      return lit({ case: 'short', value: checkInt('short', t.value) });
    case 'int':
      return lit({ case: 'integer', value: checkInt('int', t.value) });
    case 'long': {
      const v = t.value as bigint;
      if (v < LONG_MIN || v > LONG_MAX) throw new TypeError(`typed.long: ${v} is outside the 64-bit range`);
      return lit({ case: 'long', value: v });
    }
    case 'float':
    case 'double':
      if (typeof t.value !== 'number')
        throw new TypeError(`typed.${t.kind}: ${String(t.value)} is not a number`);
      return lit({ case: t.kind, value: t.value });
    case 'decimal':
      return lit({
        case: 'decimal',
        value: { value: t.value as string, precision: t.precision, scale: t.scale },
      });
    case 'date': {
      const v = t.value as string | Date;
      const ms = typeof v === 'string' ? Date.parse(`${v}T00:00:00Z`) : v.getTime();
      if (Number.isNaN(ms)) throw new TypeError(`typed.date: invalid date ${String(v)}`);
      return lit({ case: 'date', value: Math.floor(ms / 86_400_000) });
    }
    case 'timestamp':
      return lit({ case: 'timestamp', value: micros(t.value as Date | bigint, 'typed.timestamp') });
    case 'timestampNtz':
      return lit({ case: 'timestampNtz', value: micros(t.value as Date | bigint, 'typed.timestampNtz') });
    case 'string':
      return lit({ case: 'string', value: t.value as string });
    case 'binary':
      return lit({ case: 'binary', value: t.value as Uint8Array });
    case 'yearMonthInterval':
      return lit({ case: 'yearMonthInterval', value: t.value as number });
    case 'dayTimeInterval':
      return lit({ case: 'dayTimeInterval', value: t.value as bigint });
  }
}

/** The Spark type (proto) of a literal, for array / map / struct element types. */
function literalDataType(l: Expression_Literal): ProtoDataType {
  const t = l.literalType;
  switch (t.case) {
    case 'null':
      return t.value;
    case 'binary':
    case 'boolean':
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
    case 'string':
    case 'date':
    case 'timestamp':
    case 'timestampNtz':
    case 'calendarInterval':
    case 'yearMonthInterval':
    case 'dayTimeInterval':
      return dt({ case: t.case === 'integer' ? 'integer' : t.case, value: {} } as DataTypeInit);
    case 'time':
      return dt({ case: 'time', value: { precision: t.value.precision ?? 6 } });
    case 'decimal':
      return dt({ case: 'decimal', value: { precision: t.value.precision, scale: t.value.scale } });
    case 'array':
      return dt({ case: 'array', value: { elementType: t.value.elementType, containsNull: true } });
    case 'map':
      return dt({
        case: 'map',
        value: { keyType: t.value.keyType, valueType: t.value.valueType, valueContainsNull: true },
      });
    case 'struct':
      return t.value.structType ?? dt({ case: 'struct', value: { fields: [] } });
    case 'timestampNtzNanos':
    case 'timestampLtzNanos':
      return dt({ case: t.case, value: { precision: t.value.precision } } as DataTypeInit);
    case 'specializedArray':
    case undefined:
      throw new TypeError('Cannot infer the type of this literal');
  }
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Picks the element type of a collection from its first non-null literal. */
function elementType(lits: Expression_Literal[], what: string): ProtoDataType {
  const first = lits.find((l) => l.literalType.case !== 'null');
  if (!first) return dt({ case: 'null', value: {} });
  const t = literalDataType(first);
  for (const l of lits) {
    if (l.literalType.case !== 'null' && l.literalType.case !== first.literalType.case) {
      throw new TypeError(
        `${what} elements must all have one type: found ${first.literalType.case} and ${l.literalType.case}`,
      );
    }
  }
  return t;
}

/** Converts a JS value to a Spark literal (see the table above). Throws TypeError on unsupported values. */
export function toLiteral(value: unknown): Expression_Literal {
  if (value === null) return lit({ case: 'null', value: dt({ case: 'null', value: {} }) });
  if (value instanceof TypedValue) return typedLiteral(value);
  switch (typeof value) {
    case 'boolean':
      return lit({ case: 'boolean', value });
    case 'number':
      if (Number.isInteger(value) && value >= -2147483648 && value <= 2147483647) {
        return lit({ case: 'integer', value });
      }
      if (Number.isSafeInteger(value)) return lit({ case: 'long', value: BigInt(value) });
      return lit({ case: 'double', value });
    case 'bigint':
      if (value < LONG_MIN || value > LONG_MAX) {
        throw new TypeError(`bigint ${value} is outside Spark's 64-bit LONG range; use typed.decimal`);
      }
      return lit({ case: 'long', value });
    case 'string':
      return lit({ case: 'string', value });
    case 'object':
      break;
    default:
      throw new TypeError(`Cannot convert a JavaScript ${typeof value} to a Spark literal`);
  }
  const obj = value as object;
  if (obj instanceof SparkTimestampNTZNanos) {
    const value = { epochMicros: obj.epochMicros, nanosWithinMicro: obj.nanosOfMicrosecond, precision: 9 };
    return lit({ case: 'timestampNtzNanos', value });
  }
  if (obj instanceof SparkTimestampNanos) {
    const value = { epochMicros: obj.epochMicros, nanosWithinMicro: obj.nanosOfMicrosecond, precision: 9 };
    return lit({ case: 'timestampLtzNanos', value });
  }
  // SparkTimestamp(NTZ) values read from Spark keep their microseconds and their kind.
  if (obj instanceof SparkTimestampNTZ) return lit({ case: 'timestampNtz', value: obj.epochMicros });
  if (obj instanceof SparkTimestamp) return lit({ case: 'timestamp', value: obj.epochMicros });
  if (obj instanceof Date) return lit({ case: 'timestamp', value: micros(obj, 'Date literal') });
  // Spark keeps TIME values to the microsecond: the precision sent is the one the value needs.
  if (obj instanceof LocalTime) {
    const n = obj.nanosOfDay;
    if (!Number.isInteger(n) || n < 0 || n >= 86_400_000_000_000) {
      throw new TypeError(`TIME literal: ${n} is not a nanosecond of the day`);
    }
    if (n % 1000 !== 0)
      throw new TypeError(`TIME literal ${obj.toString()}: Spark keeps TIME values to the microsecond`);
    return lit({ case: 'time', value: { nano: BigInt(n), precision: 6 } });
  }
  if (obj instanceof CalendarInterval) {
    const { months, days, microseconds } = obj;
    return lit({ case: 'calendarInterval', value: { months, days, microseconds } });
  }
  if (obj instanceof Uint8Array) return lit({ case: 'binary', value: obj });
  if (Array.isArray(obj)) {
    const elements = obj.map((v, i) => {
      if (v === undefined) throw new TypeError(`Array literal element ${i} is undefined`);
      return toLiteral(v);
    });
    return lit({ case: 'array', value: { elementType: elementType(elements, 'Array literal'), elements } });
  }
  if (obj instanceof Map) {
    const keys: Expression_Literal[] = [];
    const values: Expression_Literal[] = [];
    for (const [k, v] of obj) {
      if (k === null || k === undefined) throw new TypeError('Map literal keys must not be null');
      keys.push(toLiteral(k));
      values.push(toLiteral(v));
    }
    return lit({
      case: 'map',
      value: {
        keyType: elementType(keys, 'Map literal key'),
        valueType: elementType(values, 'Map literal value'),
        keys,
        values,
      },
    });
  }
  if (isPlainObject(obj) || isRowLike(obj)) {
    const entries = isRowLike(obj) ? Object.entries(obj.toObject()) : Object.entries(obj);
    const elements: Expression_Literal[] = [];
    const fields = entries.map(([name, v]) => {
      if (v === undefined) throw new TypeError(`Struct literal field '${name}' is undefined`);
      const l = toLiteral(v);
      elements.push(l);
      return { name, dataType: literalDataType(l), nullable: true };
    });
    return lit({
      case: 'struct',
      value: { structType: dt({ case: 'struct', value: { fields } }), elements },
    });
  }
  throw new TypeError(`Cannot convert a ${obj.constructor?.name ?? 'object'} to a Spark literal`);
}

function isRowLike(v: object): v is { toObject(): Record<string, unknown> } {
  return typeof (v as { toObject?: unknown }).toObject === 'function' && !isPlainObject(v);
}
