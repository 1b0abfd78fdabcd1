/**
 * Proto literal → JS value, for values the server sends as literals (observed metrics). The
 * mapping is the one rows use (see Row): long → bigint, decimal → string, date → Date at UTC
 * midnight, timestamp → SparkTimestamp, struct → Row, ...
 */
import type { Expression_Literal } from '../gen/spark/connect/expressions_pb.js';
import {
  CalendarInterval,
  fromProtoDataType,
  LocalTime,
  Row,
  SparkTimestamp,
  SparkTimestampNanos,
  SparkTimestampNTZ,
  SparkTimestampNTZNanos,
  StructType,
} from '../types/index.js';

const MS_PER_DAY = 86_400_000;

/** Converts a proto literal to the JS value a Row would hold. */
export function literalToJs(lit: Expression_Literal): unknown {
  // Exhaustive: a new literal kind does not compile until it is decoded here.
  const t = lit.literalType;
  switch (t.case) {
    case undefined:
    case 'null':
      return null;
    case 'binary':
    case 'boolean':
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
    case 'string':
    case 'yearMonthInterval':
    case 'dayTimeInterval':
      return t.value;
    case 'decimal':
      return t.value.value;
    case 'date':
      return new Date(t.value * MS_PER_DAY);
    case 'timestamp':
      return SparkTimestamp.fromEpochMicros(t.value);
    case 'timestampNtz':
      return SparkTimestampNTZ.fromEpochMicros(t.value);
    case 'calendarInterval':
      return new CalendarInterval(t.value.months, t.value.days, t.value.microseconds);
    case 'time':
      return new LocalTime(Number(t.value.nano));
    case 'timestampNtzNanos':
      return SparkTimestampNTZNanos.fromEpochNanos(
        t.value.epochMicros * 1000n + BigInt(t.value.nanosWithinMicro),
      );
    case 'timestampLtzNanos':
      return SparkTimestampNanos.fromEpochNanos(
        t.value.epochMicros * 1000n + BigInt(t.value.nanosWithinMicro),
      );
    case 'array':
      return t.value.elements.map(literalToJs);
    case 'map': {
      const m = new Map<unknown, unknown>();
      t.value.keys.forEach((k, i) => {
        m.set(literalToJs(k), literalToJs(t.value.values[i]));
      });
      return m;
    }
    case 'struct': {
      const values = t.value.elements.map(literalToJs);
      const st = t.value.structType === undefined ? undefined : fromProtoDataType(t.value.structType);
      if (st instanceof StructType && st.fields.length === values.length) return new Row(st, values);
      return values;
    }
    case 'specializedArray': {
      const v = t.value.valueType;
      return v.case === undefined ? [] : [...v.value.values];
    }
  }
  const unhandled: never = t;
  return unhandled;
}
