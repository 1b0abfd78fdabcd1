/**
 * Spark data types, schema parsing (DDL, JSON, protobuf), Row and the JS value classes.
 */

export {
  type AnyDataType,
  ArrayType,
  MapType,
  StructField,
  StructType,
  UserDefinedType,
} from './complex-types.js';
export {
  BinaryType,
  BooleanType,
  ByteType,
  CalendarIntervalType,
  CharType,
  DataType,
  type DataTypeKind,
  DateType,
  DayTimeIntervalType,
  DEFAULT_COLLATION,
  DecimalType,
  DoubleType,
  FloatType,
  GeographyType,
  GeometryType,
  IntegerType,
  type JsonValue,
  LongType,
  type Metadata,
  NullType,
  ShortType,
  StringType,
  TimestampNTZType,
  TimestampType,
  TimeType,
  VarcharType,
  VariantType,
  YearMonthIntervalType,
} from './data-types.js';
export { DataTypes } from './data-types-factory.js';
export { DataTypeParseError, parseDataType, parseDDL } from './ddl.js';
export { dataTypeFromJson, structTypeFromJson } from './json-schema.js';
export { fromProtoDataType, toProtoDataType, UnsupportedDataTypeError } from './proto.js';
export { Row } from './row.js';
export { TimestampLTZNanosType, TimestampNTZNanosType } from './timestamp-nanos-types.js';
export {
  CalendarInterval,
  LocalTime,
  SparkTimestamp,
  SparkTimestampNanos,
  SparkTimestampNTZ,
  SparkTimestampNTZNanos,
} from './values.js';
export { VariantDecodeError, type VariantNative, VariantValue } from './variant.js';
