/**
 * Arrow schema → Spark types, for when no Spark schema is at hand (the Spark schema is preferred:
 * it carries what Arrow cannot, e.g. char/varchar lengths, collations, interval fields, UDTs).
 */

import {
  type Field as ArrowField,
  type Schema as ArrowSchema,
  type DataType as ArrowType,
  IntervalUnit,
  TimeUnit,
  Type,
} from 'apache-arrow';
import { ProtocolError } from '../errors/base.js';
import { ArrayType, MapType, StructField, StructType } from '../types/complex-types.js';
import {
  BinaryType,
  BooleanType,
  ByteType,
  CalendarIntervalType,
  type DataType,
  DateType,
  DayTimeIntervalType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  NullType,
  ShortType,
  StringType,
  TimestampNTZType,
  TimestampType,
  TimeType,
  VariantType,
  YearMonthIntervalType,
} from '../types/data-types.js';
import { TimestampLTZNanosType, TimestampNTZNanosType } from '../types/timestamp-nanos-types.js';

/**
 * The Spark type matching an Arrow type, following Spark's own Arrow encoding (a struct with field
 * metadata `variant=true` is a variant).
 *
 * @example
 * sparkTypeFromArrow(new arrow.Int64()); // LongType()
 * @throws ProtocolError for Arrow types Spark does not produce (unions, 64-bit unsigned, ...)
 */
export function sparkTypeFromArrow(t: ArrowType, field?: ArrowField): DataType {
  const x = t as ArrowType & {
    bitWidth?: number;
    isSigned?: boolean;
    unit?: number;
    timezone?: string | null;
    precision?: number;
    scale?: number;
    children?: ArrowField[];
  };
  switch (t.typeId) {
    case Type.Null:
      return new NullType();
    case Type.Bool:
      return new BooleanType();
    case Type.Int: {
      const bits = x.bitWidth ?? 32;
      const signed = x.isSigned ?? true;
      if (bits === 8) return signed ? new ByteType() : new ShortType();
      if (bits === 16) return signed ? new ShortType() : new IntegerType();
      if (bits === 32) return signed ? new IntegerType() : new LongType();
      if (signed) return new LongType();
      break;
    }
    case Type.Float:
      return x.precision === 2 ? new DoubleType() : new FloatType();
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
      return new StringType();
    case Type.Binary:
    case Type.LargeBinary:
    case Type.BinaryView:
    case Type.FixedSizeBinary:
      return new BinaryType();
    case Type.Decimal:
      return new DecimalType(x.precision ?? 38, x.scale ?? 0);
    case Type.Date:
      return new DateType();
    case Type.Timestamp: {
      // Spark 4.3 marks its nanosecond timestamp columns with their precision.
      const p = field?.metadata.get('SPARK::timestampNanos::precision');
      if (p !== undefined && x.unit === TimeUnit.NANOSECOND) {
        const precision = Number(p);
        if (!Number.isInteger(precision) || precision < 7 || precision > 9) {
          throw new ProtocolError(`Arrow field '${field?.name}': bad nanosecond timestamp precision '${p}'`);
        }
        return x.timezone ? new TimestampLTZNanosType(precision) : new TimestampNTZNanosType(precision);
      }
      return x.timezone ? new TimestampType() : new TimestampNTZType();
    }
    case Type.Time:
      return new TimeType();
    case Type.Duration:
      return new DayTimeIntervalType();
    case Type.Interval:
      return x.unit === IntervalUnit.YEAR_MONTH ? new YearMonthIntervalType() : new CalendarIntervalType();
    case Type.List:
    case Type.LargeList:
    case Type.FixedSizeList: {
      const child = x.children?.[0];
      if (child === undefined) break;
      return new ArrayType(sparkTypeFromArrow(child.type, child), child.nullable);
    }
    case Type.Map: {
      const entries = x.children?.[0]?.type as (ArrowType & { children?: ArrowField[] }) | undefined;
      const [k, v] = entries?.children ?? [];
      if (k === undefined || v === undefined) break;
      return new MapType(sparkTypeFromArrow(k.type, k), sparkTypeFromArrow(v.type, v), v.nullable);
    }
    case Type.Struct: {
      if (field?.metadata.get('variant') === 'true') return new VariantType();
      return new StructType(
        (x.children ?? []).map((c) => new StructField(c.name, sparkTypeFromArrow(c.type, c), c.nullable)),
      );
    }
    case Type.Dictionary:
      return sparkTypeFromArrow((t as ArrowType & { dictionary: ArrowType }).dictionary, field);
  }
  throw new ProtocolError(`Arrow type ${String(t)} has no Spark equivalent`);
}

/**
 * The Spark schema matching an Arrow schema.
 *
 * @example
 * const schema = structTypeFromArrowSchema(decodeArrowBatches(ipc)[0].schema);
 */
export function structTypeFromArrowSchema(schema: ArrowSchema): StructType {
  return new StructType(
    schema.fields.map((f) => new StructField(f.name, sparkTypeFromArrow(f.type, f), f.nullable)),
  );
}
