/**
 * Conversion between the protobuf `spark.connect.DataType` and the DataType model.
 */

import { create, type MessageInitShape } from '@bufbuild/protobuf';
import {
  DataTypeSchema,
  type DataType as ProtoDataType,
  type DataType_StructField as ProtoStructField,
} from '../gen/spark/connect/types_pb.js';
import * as T from './all.js';
import { DataTypeParseError, parseDataType } from './ddl.js';

/** A data type the model or the protocol does not know. */
export class UnsupportedDataTypeError extends DataTypeParseError {}

/** A nanosecond timestamp type; precision defaults to 9 as in Spark's proto. */
function nanosType(
  Cls: typeof T.TimestampNTZNanosType | typeof T.TimestampLTZNanosType,
  name: string,
  precision: number | undefined,
): T.DataType {
  const p = precision ?? 9;
  if (!Number.isInteger(p) || p < 7 || p > 9) {
    throw new UnsupportedDataTypeError(`${name}(${p}): nanosecond timestamp precision must be 7..9`);
  }
  return new Cls(p);
}

type ProtoKind = NonNullable<ProtoDataType['kind']['case']>;
type ProtoValue<K extends ProtoKind> = Extract<ProtoDataType['kind'], { case: K }>['value'];

/** One converter per proto oneof case: a missing case fails to compile. */
const FROM_PROTO: { [K in ProtoKind]: (v: ProtoValue<K>) => T.DataType } = {
  null: () => new T.NullType(),
  binary: () => new T.BinaryType(),
  boolean: () => new T.BooleanType(),
  byte: () => new T.ByteType(),
  short: () => new T.ShortType(),
  integer: () => new T.IntegerType(),
  long: () => new T.LongType(),
  float: () => new T.FloatType(),
  double: () => new T.DoubleType(),
  decimal: (v) => new T.DecimalType(v.precision ?? 10, v.scale ?? 0),
  string: (v) => new T.StringType(v.collation === '' ? undefined : v.collation),
  char: (v) => new T.CharType(v.length),
  varChar: (v) => new T.VarcharType(v.length),
  date: () => new T.DateType(),
  timestamp: () => new T.TimestampType(),
  timestampNtz: () => new T.TimestampNTZType(),
  // Spark 4.3: nanosecond timestamps (behind spark.sql.timestampNanosTypes.enabled).
  timestampNtzNanos: (v) => nanosType(T.TimestampNTZNanosType, 'TIMESTAMP_NTZ', v.precision),
  timestampLtzNanos: (v) => nanosType(T.TimestampLTZNanosType, 'TIMESTAMP_LTZ', v.precision),
  calendarInterval: () => new T.CalendarIntervalType(),
  yearMonthInterval: (v) =>
    new T.YearMonthIntervalType(
      v.startField ?? T.YearMonthIntervalType.YEAR,
      v.endField ?? T.YearMonthIntervalType.MONTH,
    ),
  dayTimeInterval: (v) =>
    new T.DayTimeIntervalType(
      v.startField ?? T.DayTimeIntervalType.DAY,
      v.endField ?? T.DayTimeIntervalType.SECOND,
    ),
  array: (v) =>
    new T.ArrayType(fromProtoDataType(requireType(v.elementType, 'array element')), v.containsNull),
  struct: (v) => new T.StructType(v.fields.map(fieldFromProto)),
  map: (v) =>
    new T.MapType(
      fromProtoDataType(requireType(v.keyType, 'map key')),
      fromProtoDataType(requireType(v.valueType, 'map value')),
      v.valueContainsNull,
    ),
  variant: () => new T.VariantType(),
  udt: (v) =>
    new T.UserDefinedType({
      jvmClass: v.jvmClass,
      pythonClass: v.pythonClass,
      serializedPythonClass: v.serializedPythonClass,
      sqlType: v.sqlType === undefined ? undefined : fromProtoDataType(v.sqlType),
    }),
  geometry: (v) => new T.GeometryType(v.srid === -1 ? 'ANY' : v.srid),
  geography: (v) => new T.GeographyType(v.srid === -1 ? 'ANY' : v.srid),
  unparsed: (v) => parseDataType(v.dataTypeString),
  time: (v) => new T.TimeType(v.precision ?? T.TimeType.DEFAULT_PRECISION),
};

function requireType(t: ProtoDataType | undefined, what: string): ProtoDataType {
  if (t === undefined) throw new UnsupportedDataTypeError(`Protobuf DataType is missing the ${what} type`);
  return t;
}

function fieldFromProto(f: ProtoStructField): T.StructField {
  let metadata: T.Metadata = {};
  if (f.metadata !== undefined && f.metadata !== '') {
    try {
      const parsed = JSON.parse(f.metadata) as T.JsonValue;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) metadata = parsed;
    } catch (e) {
      throw new DataTypeParseError(`Invalid metadata JSON for field '${f.name}': ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
  return new T.StructField(
    f.name,
    fromProtoDataType(requireType(f.dataType, `'${f.name}' field`)),
    f.nullable,
    metadata,
  );
}

/**
 * Converts a protobuf `spark.connect.DataType` (e.g. the schema in an ExecutePlan response) into
 * the DataType model.
 *
 * @example
 * const schema = fromProtoDataType(response.responseType.value.schema) as StructType;
 * @throws UnsupportedDataTypeError for an empty or unknown `kind`
 * @internal Takes a raw protobuf message: kept out of the API reference (generated types are not a
 * stable public surface), still exported for tooling and tests.
 */
export function fromProtoDataType(dt: ProtoDataType): T.DataType {
  const kind = dt.kind;
  if (kind.case === undefined) {
    throw new UnsupportedDataTypeError(
      'Protobuf DataType has no kind set (unknown or unsupported data type)',
    );
  }
  const convert = FROM_PROTO[kind.case] as ((v: unknown) => T.DataType) | undefined;
  if (convert === undefined) {
    throw new UnsupportedDataTypeError(`Unsupported protobuf DataType kind '${String(kind.case)}'`);
  }
  return convert(kind.value);
}

/**
 * Converts a model DataType into a protobuf `spark.connect.DataType` (e.g. for casts or schemas).
 *
 * @example
 * toProtoDataType(new DecimalType(10, 2)); // { kind: { case: 'decimal', value: { precision: 10, scale: 2 } } }
 * @throws UnsupportedDataTypeError for a DataType subclass the model does not define
 * @internal Returns a raw protobuf message: kept out of the API reference (generated types are not
 * a stable public surface), still exported for tooling and tests.
 */
export function toProtoDataType(dt: T.DataType): ProtoDataType {
  return create(DataTypeSchema, { kind: toProtoKind(dt as T.AnyDataType) });
}

type ProtoKindInit = NonNullable<MessageInitShape<typeof DataTypeSchema>['kind']>;

function toProtoKind(t: T.AnyDataType): ProtoKindInit {
  switch (t.kind) {
    case 'null':
      return { case: 'null', value: {} };
    case 'boolean':
      return { case: 'boolean', value: {} };
    case 'byte':
      return { case: 'byte', value: {} };
    case 'short':
      return { case: 'short', value: {} };
    case 'integer':
      return { case: 'integer', value: {} };
    case 'long':
      return { case: 'long', value: {} };
    case 'float':
      return { case: 'float', value: {} };
    case 'double':
      return { case: 'double', value: {} };
    case 'binary':
      return { case: 'binary', value: {} };
    case 'date':
      return { case: 'date', value: {} };
    case 'timestamp':
      return { case: 'timestamp', value: {} };
    case 'timestamp_ntz':
      return { case: 'timestampNtz', value: {} };
    case 'timestamp_ntz_nanos':
      return { case: 'timestampNtzNanos', value: { precision: t.precision } };
    case 'timestamp_ltz_nanos':
      return { case: 'timestampLtzNanos', value: { precision: t.precision } };
    case 'calendar_interval':
      return { case: 'calendarInterval', value: {} };
    case 'variant':
      return { case: 'variant', value: {} };
    case 'decimal':
      return { case: 'decimal', value: { precision: t.precision, scale: t.scale } };
    case 'string':
      // The default collation is sent as '' so that servers without collations (3.5) see a plain string.
      return {
        case: 'string',
        value: { collation: t.isDefaultCollation ? '' : t.collation },
      };
    case 'char':
      return { case: 'char', value: { length: t.length } };
    case 'varchar':
      return { case: 'varChar', value: { length: t.length } };
    case 'day_time_interval':
      return {
        case: 'dayTimeInterval',
        value: { startField: t.startField, endField: t.endField },
      };
    case 'year_month_interval':
      return {
        case: 'yearMonthInterval',
        value: { startField: t.startField, endField: t.endField },
      };
    case 'time':
      return { case: 'time', value: { precision: t.precision } };
    case 'geometry':
      return { case: 'geometry', value: { srid: t.srid } };
    case 'geography':
      return { case: 'geography', value: { srid: t.srid } };
    case 'array':
      return {
        case: 'array',
        value: { elementType: toProtoDataType(t.elementType), containsNull: t.containsNull },
      };
    case 'map':
      return {
        case: 'map',
        value: {
          keyType: toProtoDataType(t.keyType),
          valueType: toProtoDataType(t.valueType),
          valueContainsNull: t.valueContainsNull,
        },
      };
    case 'struct':
      return {
        case: 'struct',
        value: {
          fields: t.fields.map((f) => ({
            name: f.name,
            dataType: toProtoDataType(f.dataType),
            nullable: f.nullable,
            metadata: Object.keys(f.metadata).length > 0 ? JSON.stringify(f.metadata) : undefined,
          })),
        },
      };
    case 'udt':
      return {
        case: 'udt',
        value: {
          type: 'udt',
          jvmClass: t.jvmClass,
          pythonClass: t.pythonClass,
          serializedPythonClass: t.serializedPythonClass,
          sqlType: t.sqlType === undefined ? undefined : toProtoDataType(t.sqlType),
        },
      };
    default: {
      const unknown: never = t;
      throw new UnsupportedDataTypeError(
        `Cannot convert data type ${String((unknown as T.DataType).toString())} to protobuf`,
      );
    }
  }
}
