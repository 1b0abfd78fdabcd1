/**
 * `DataTypes`: short names for building schemas, in the spirit of Spark's Java `DataTypes`.
 */

import { ArrayType, MapType, StructField, StructType } from './complex-types.js';
import {
  BinaryType,
  BooleanType,
  ByteType,
  CalendarIntervalType,
  CharType,
  type DataType,
  DateType,
  DayTimeIntervalType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
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
  null: new NullType(),
  boolean: new BooleanType(),
  byte: new ByteType(),
  short: new ShortType(),
  int: new IntegerType(),
  long: new LongType(),
  float: new FloatType(),
  double: new DoubleType(),
  string: new StringType(),
  binary: new BinaryType(),
  date: new DateType(),
  timestamp: new TimestampType(),
  timestampNTZ: new TimestampNTZType(),
  calendarInterval: new CalendarIntervalType(),
  variant: new VariantType(),
  /** `decimal(precision, scale)`, default decimal(10,0). */
  decimal: (precision = 10, scale = 0): DecimalType => new DecimalType(precision, scale),
  /** `string collate <collation>`. */
  collatedString: (collation: string): StringType => new StringType(collation),
  char: (length: number): CharType => new CharType(length),
  varchar: (length: number): VarcharType => new VarcharType(length),
  /** `time(precision)`, default time(6). */
  time: (precision = 6): TimeType => new TimeType(precision),
  /** `interval day to second` by default; pass DayTimeIntervalType.DAY..SECOND for sub-ranges. */
  dayTimeInterval: (startField = 0, endField = 3): DayTimeIntervalType =>
    new DayTimeIntervalType(startField, endField),
  /** `interval year to month` by default. */
  yearMonthInterval: (startField = 0, endField = 1): YearMonthIntervalType =>
    new YearMonthIntervalType(startField, endField),
  array: (elementType: DataType, containsNull = true): ArrayType => new ArrayType(elementType, containsNull),
  map: (keyType: DataType, valueType: DataType, valueContainsNull = true): MapType =>
    new MapType(keyType, valueType, valueContainsNull),
  field: (name: string, dataType: DataType, nullable = true, metadata: Metadata = {}): StructField =>
    new StructField(name, dataType, nullable, metadata),
  struct: (fields: readonly StructField[] = []): StructType => new StructType(fields),
});
