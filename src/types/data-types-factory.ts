/**
 * `DataTypes`: short names for building schemas, in the spirit of Spark's Java `DataTypes`.
 */
import * as T from './all.js';

/**
 * Shared instances of the parameterless types and short factories for the others.
 *
 * @example
 * const T = DataTypes;
 * const schema = T.struct([
 *   T.field('id', T.long, false),
 *   T.field('price', T.decimal(10, 2)),
 *   T.field('tags', T.array(T.string)),
 * ]);
 * // same as parseDDL('id BIGINT NOT NULL, price DECIMAL(10,2), tags ARRAY<STRING>')
 */
export const DataTypes = Object.freeze({
  null: new T.NullType(),
  boolean: new T.BooleanType(),
  byte: new T.ByteType(),
  short: new T.ShortType(),
  int: new T.IntegerType(),
  long: new T.LongType(),
  float: new T.FloatType(),
  double: new T.DoubleType(),
  string: new T.StringType(),
  binary: new T.BinaryType(),
  date: new T.DateType(),
  timestamp: new T.TimestampType(),
  timestampNTZ: new T.TimestampNTZType(),
  calendarInterval: new T.CalendarIntervalType(),
  variant: new T.VariantType(),
  /** `decimal(precision, scale)`, default decimal(10,0). */
  decimal: (precision = 10, scale = 0): T.DecimalType => new T.DecimalType(precision, scale),
  /** `string collate <collation>`. */
  collatedString: (collation: string): T.StringType => new T.StringType(collation),
  char: (length: number): T.CharType => new T.CharType(length),
  varchar: (length: number): T.VarcharType => new T.VarcharType(length),
  /** `time(precision)`, default time(6). */
  time: (precision = 6): T.TimeType => new T.TimeType(precision),
  /** `interval day to second` by default; pass DayTimeIntervalType.DAY..SECOND for sub-ranges. */
  dayTimeInterval: (startField = 0, endField = 3): T.DayTimeIntervalType =>
    new T.DayTimeIntervalType(startField, endField),
  /** `interval year to month` by default. */
  yearMonthInterval: (startField = 0, endField = 1): T.YearMonthIntervalType =>
    new T.YearMonthIntervalType(startField, endField),
  array: (elementType: T.DataType, containsNull = true): T.ArrayType =>
    new T.ArrayType(elementType, containsNull),
  map: (keyType: T.DataType, valueType: T.DataType, valueContainsNull = true): T.MapType =>
    new T.MapType(keyType, valueType, valueContainsNull),
  field: (name: string, dataType: T.DataType, nullable = true, metadata: T.Metadata = {}): T.StructField =>
    new T.StructField(name, dataType, nullable, metadata),
  struct: (fields: readonly T.StructField[] = []): T.StructType => new T.StructType(fields),
});
