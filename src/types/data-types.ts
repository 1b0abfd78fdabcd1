/**
 * The Spark SQL data type model: the atomic and parameterised types. Complex types (array, map,
 * struct, UDT) live in `./complex-types.ts`.
 *
 * Names and string forms follow Spark: `typeName()` as in PySpark, `simpleString()` /
 * `jsonValue()` / `sql()` as Spark prints them (`int`, `decimal(10,2)`, `interval day to second`).
 */

/** A JSON value, as found in Spark's JSON schema format and in struct field metadata. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Struct field metadata: a JSON object (Spark's `Metadata`). The `comment` key holds a column comment. */
export type Metadata = { [key: string]: JsonValue };

/** Discriminant of every concrete data type class; lets converters switch exhaustively. */
export type DataTypeKind =
  | 'null'
  | 'boolean'
  | 'byte'
  | 'short'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'decimal'
  | 'string'
  | 'char'
  | 'varchar'
  | 'binary'
  | 'date'
  | 'timestamp'
  | 'timestamp_ntz'
  | 'timestamp_ntz_nanos'
  | 'timestamp_ltz_nanos'
  | 'day_time_interval'
  | 'year_month_interval'
  | 'calendar_interval'
  | 'time'
  | 'variant'
  | 'geometry'
  | 'geography'
  | 'array'
  | 'map'
  | 'struct'
  | 'udt';

/**
 * Base class of all Spark SQL data types.
 *
 * @example
 * new DecimalType(10, 2).simpleString(); // 'decimal(10,2)'
 * new ArrayType(new StringType()).sql();  // 'ARRAY<STRING>'
 */
export abstract class DataType {
  /** Which concrete type this is; a stable discriminant for `switch` statements. */
  abstract readonly kind: DataTypeKind;

  /** The type's name as PySpark's `typeName()` gives it, e.g. `'integer'`, `'decimal'`, `'struct'`. */
  abstract typeName(): string;

  /** Spark's short readable form, e.g. `int`, `decimal(10,2)`, `struct<a:int,b:array<string>>`. */
  abstract simpleString(): string;

  /** The type in SQL syntax, e.g. `INT`, `DECIMAL(10,2)`, `STRUCT<a: INT, b: ARRAY<STRING>>`. */
  abstract sql(): string;

  /**
   * The type's name as Spark's Scala API reports it (used by `treeString()`): `integer`, `long`,
   * `decimal(10,2)`, `array`, `struct`.
   */
  abstract treeTypeName(): string;

  /** The type in Spark's JSON schema format, as a JSON value. */
  abstract jsonValue(): JsonValue;

  /** Structural equality (parameters, nested types, nullability and metadata). */
  abstract equals(other: DataType): boolean;

  /** A readable constructor-like form, e.g. `DecimalType(10,2)`. */
  abstract toString(): string;

  /** The type in Spark's JSON schema format, as compact JSON text. */
  json(): string {
    return JSON.stringify(this.jsonValue());
  }

  /**
   * The type as a DDL string: same as `sql()`, except that a StructType gives its field list
   * (`a INT,b STRING`), as Spark's `StructType.toDDL`.
   */
  toDDL(): string {
    return this.sql();
  }
}

/**
 * Base class of types without parameters. Instances of the same class are equal.
 * @internal
 */
abstract class SimpleType extends DataType {
  protected abstract readonly name: string;
  protected abstract readonly sqlName: string;

  simpleString(): string {
    return this.name;
  }
  sql(): string {
    return this.sqlName;
  }
  treeTypeName(): string {
    return this.typeName();
  }
  jsonValue(): JsonValue {
    return this.typeName();
  }
  equals(other: DataType): boolean {
    return other instanceof DataType && other.kind === this.kind;
  }
  toString(): string {
    return `${this.constructor.name}()`;
  }
}

/** The type of `NULL` literals (`void`). Values are always `null`. */
export class NullType extends SimpleType {
  readonly kind = 'null' as const;
  protected readonly name = 'void';
  protected readonly sqlName = 'VOID';
  typeName(): string {
    return 'void';
  }
}

/** `boolean`; values are JS booleans. */
export class BooleanType extends SimpleType {
  readonly kind = 'boolean' as const;
  protected readonly name = 'boolean';
  protected readonly sqlName = 'BOOLEAN';
  typeName(): string {
    return 'boolean';
  }
}

/** `tinyint` (8-bit signed); values are numbers. */
export class ByteType extends SimpleType {
  readonly kind = 'byte' as const;
  protected readonly name = 'tinyint';
  protected readonly sqlName = 'TINYINT';
  typeName(): string {
    return 'byte';
  }
}

/** `smallint` (16-bit signed); values are numbers. */
export class ShortType extends SimpleType {
  readonly kind = 'short' as const;
  protected readonly name = 'smallint';
  protected readonly sqlName = 'SMALLINT';
  typeName(): string {
    return 'short';
  }
}

/** `int` (32-bit signed); values are numbers. */
export class IntegerType extends SimpleType {
  readonly kind = 'integer' as const;
  protected readonly name = 'int';
  protected readonly sqlName = 'INT';
  typeName(): string {
    return 'integer';
  }
}

/** `bigint` (64-bit signed); values are bigints. */
export class LongType extends SimpleType {
  readonly kind = 'long' as const;
  protected readonly name = 'bigint';
  protected readonly sqlName = 'BIGINT';
  typeName(): string {
    return 'long';
  }
}

/** `float` (32-bit IEEE 754); values are numbers. */
export class FloatType extends SimpleType {
  readonly kind = 'float' as const;
  protected readonly name = 'float';
  protected readonly sqlName = 'FLOAT';
  typeName(): string {
    return 'float';
  }
}

/** `double` (64-bit IEEE 754); values are numbers. */
export class DoubleType extends SimpleType {
  readonly kind = 'double' as const;
  protected readonly name = 'double';
  protected readonly sqlName = 'DOUBLE';
  typeName(): string {
    return 'double';
  }
}

/** `binary`; values are `Uint8Array`s. */
export class BinaryType extends SimpleType {
  readonly kind = 'binary' as const;
  protected readonly name = 'binary';
  protected readonly sqlName = 'BINARY';
  typeName(): string {
    return 'binary';
  }
}

/** `date` (days since the epoch); values are `Date`s at UTC midnight. */
export class DateType extends SimpleType {
  readonly kind = 'date' as const;
  protected readonly name = 'date';
  protected readonly sqlName = 'DATE';
  typeName(): string {
    return 'date';
  }
}

/** `timestamp` (an instant, microsecond precision); values are `SparkTimestamp`s (a `Date`). */
export class TimestampType extends SimpleType {
  readonly kind = 'timestamp' as const;
  protected readonly name = 'timestamp';
  protected readonly sqlName = 'TIMESTAMP';
  typeName(): string {
    return 'timestamp';
  }
}

/**
 * `timestamp_ntz` (a wall-clock date-time without time zone, microsecond precision); values are
 * `SparkTimestamp`s whose UTC fields are the wall-clock fields.
 */
export class TimestampNTZType extends SimpleType {
  readonly kind = 'timestamp_ntz' as const;
  protected readonly name = 'timestamp_ntz';
  protected readonly sqlName = 'TIMESTAMP_NTZ';
  typeName(): string {
    return 'timestamp_ntz';
  }
}

/** `interval` (months, days and microseconds); values are `CalendarInterval`s. */
export class CalendarIntervalType extends SimpleType {
  readonly kind = 'calendar_interval' as const;
  protected readonly name = 'interval';
  protected readonly sqlName = 'INTERVAL';
  typeName(): string {
    return 'interval';
  }
}

/** `variant` (Spark 4.0+, semi-structured data); values are `VariantValue`s. */
export class VariantType extends SimpleType {
  readonly kind = 'variant' as const;
  protected readonly name = 'variant';
  protected readonly sqlName = 'VARIANT';
  typeName(): string {
    return 'variant';
  }
}

/**
 * `decimal(precision, scale)`: exact decimal numbers; values are strings with exactly `scale`
 * fraction digits (e.g. `'-12.50'` for decimal(10,2)).
 *
 * @example
 * new DecimalType(38, 18).simpleString(); // 'decimal(38,18)'
 */
export class DecimalType extends DataType {
  readonly kind = 'decimal' as const;
  /** Largest precision Spark supports. */
  static readonly MAX_PRECISION = 38;

  /**
   * @param precision total number of digits, 1..38 (default 10)
   * @param scale digits after the decimal point, at most `precision` (default 0)
   */
  constructor(
    readonly precision: number = 10,
    readonly scale: number = 0,
  ) {
    super();
    if (!Number.isInteger(precision) || precision < 1 || precision > DecimalType.MAX_PRECISION) {
      throw new RangeError(
        `Decimal precision ${precision} is out of range [1, ${DecimalType.MAX_PRECISION}]`,
      );
    }
    if (!Number.isInteger(scale) || scale > precision) {
      throw new RangeError(
        `Decimal scale ${scale} must be an integer not greater than precision ${precision}`,
      );
    }
  }
  typeName(): string {
    return 'decimal';
  }
  simpleString(): string {
    return `decimal(${this.precision},${this.scale})`;
  }
  sql(): string {
    return `DECIMAL(${this.precision},${this.scale})`;
  }
  treeTypeName(): string {
    return this.simpleString();
  }
  jsonValue(): JsonValue {
    return this.simpleString();
  }
  equals(other: DataType): boolean {
    return other instanceof DecimalType && other.precision === this.precision && other.scale === this.scale;
  }
  toString(): string {
    return `DecimalType(${this.precision},${this.scale})`;
  }
}

/** Name of Spark's default collation (binary UTF-8 comparison). */
export const DEFAULT_COLLATION = 'UTF8_BINARY';

/**
 * `string`, optionally with a collation (Spark 4.0+); values are strings.
 *
 * @example
 * new StringType().simpleString();             // 'string'
 * new StringType('UTF8_LCASE').simpleString(); // 'string collate UTF8_LCASE'
 */
export class StringType extends DataType {
  readonly kind = 'string' as const;

  /** @param collation the collation name, e.g. `UTF8_LCASE`, `UNICODE_CI`; default `UTF8_BINARY`. */
  constructor(readonly collation: string = DEFAULT_COLLATION) {
    super();
  }
  /** True for the default collation (`UTF8_BINARY`). */
  get isDefaultCollation(): boolean {
    return this.collation.toUpperCase() === DEFAULT_COLLATION;
  }
  typeName(): string {
    return 'string';
  }
  simpleString(): string {
    return this.isDefaultCollation ? 'string' : `string collate ${this.collation}`;
  }
  sql(): string {
    return this.isDefaultCollation ? 'STRING' : `STRING COLLATE ${this.collation}`;
  }
  treeTypeName(): string {
    return this.simpleString();
  }
  /** Always `"string"`: Spark keeps collations in the enclosing field's metadata (`__COLLATIONS`). */
  jsonValue(): JsonValue {
    return 'string';
  }
  equals(other: DataType): boolean {
    return other instanceof StringType && other.collation.toUpperCase() === this.collation.toUpperCase();
  }
  toString(): string {
    return this.isDefaultCollation ? 'StringType()' : `StringType('${this.collation}')`;
  }
}

/**
 * Base of the types with one integer parameter printed as `name(n)`: `char(n)`, `varchar(n)`,
 * `timestamp_ntz(p)`, `timestamp_ltz(p)`. @internal
 */
export abstract class OneParameterType extends DataType {
  protected abstract readonly name: string;
  /** The parameter (a length or a precision). */
  protected abstract get parameter(): number;
  simpleString(): string {
    return `${this.name}(${this.parameter})`;
  }
  sql(): string {
    return this.simpleString().toUpperCase();
  }
  treeTypeName(): string {
    return this.simpleString();
  }
  jsonValue(): JsonValue {
    return this.simpleString();
  }
  equals(other: DataType): boolean {
    return (
      other instanceof OneParameterType && other.kind === this.kind && other.parameter === this.parameter
    );
  }
  toString(): string {
    return `${this.constructor.name}(${this.parameter})`;
  }
}

/** Base of `char(n)` and `varchar(n)`. @internal */
abstract class LengthType extends OneParameterType {
  constructor(readonly length: number) {
    super();
    if (!Number.isInteger(length) || length < 0) {
      throw new RangeError(`${new.target.name} length must be a non-negative integer, got ${length}`);
    }
  }
  protected get parameter(): number {
    return this.length;
  }
  typeName(): string {
    return this.name;
  }
}

/** `char(n)`: fixed-length string; values are strings. */
export class CharType extends LengthType {
  readonly kind = 'char' as const;
  protected readonly name = 'char';
}

/** `varchar(n)`: string with a maximum length; values are strings. */
export class VarcharType extends LengthType {
  readonly kind = 'varchar' as const;
  protected readonly name = 'varchar';
}

const DAY_TIME_FIELDS = ['day', 'hour', 'minute', 'second'] as const;
const YEAR_MONTH_FIELDS = ['year', 'month'] as const;

/** Base of the ANSI interval types. @internal */
abstract class AnsiIntervalType extends DataType {
  protected abstract readonly fieldNames: readonly string[];
  constructor(
    readonly startField: number,
    readonly endField: number,
    maxField: number,
  ) {
    super();
    if (
      !Number.isInteger(startField) ||
      !Number.isInteger(endField) ||
      startField < 0 ||
      endField > maxField ||
      startField > endField
    ) {
      throw new RangeError(`Invalid ${new.target.name} fields: start ${startField}, end ${endField}`);
    }
  }
  simpleString(): string {
    const start = this.fieldNames[this.startField];
    return this.startField === this.endField
      ? `interval ${start}`
      : `interval ${start} to ${this.fieldNames[this.endField]}`;
  }
  sql(): string {
    return this.simpleString().toUpperCase();
  }
  treeTypeName(): string {
    return this.simpleString();
  }
  jsonValue(): JsonValue {
    return this.simpleString();
  }
  equals(other: DataType): boolean {
    return (
      other instanceof DataType &&
      other.kind === this.kind &&
      (other as AnsiIntervalType).startField === this.startField &&
      (other as AnsiIntervalType).endField === this.endField
    );
  }
  toString(): string {
    return `${this.constructor.name}(${this.startField}, ${this.endField})`;
  }
}

/**
 * `interval day to second` and its sub-ranges; values are bigint microseconds.
 *
 * @example
 * new DayTimeIntervalType(DayTimeIntervalType.HOUR, DayTimeIntervalType.SECOND).simpleString();
 * // 'interval hour to second'
 */
export class DayTimeIntervalType extends AnsiIntervalType {
  readonly kind = 'day_time_interval' as const;
  static readonly DAY = 0;
  static readonly HOUR = 1;
  static readonly MINUTE = 2;
  static readonly SECOND = 3;
  protected readonly fieldNames = DAY_TIME_FIELDS;
  constructor(startField: number = DayTimeIntervalType.DAY, endField: number = DayTimeIntervalType.SECOND) {
    super(startField, endField, DayTimeIntervalType.SECOND);
  }
  typeName(): string {
    return 'daytimeinterval';
  }
}

/** `interval year to month` and its sub-ranges; values are numbers of months. */
export class YearMonthIntervalType extends AnsiIntervalType {
  readonly kind = 'year_month_interval' as const;
  static readonly YEAR = 0;
  static readonly MONTH = 1;
  protected readonly fieldNames = YEAR_MONTH_FIELDS;
  constructor(
    startField: number = YearMonthIntervalType.YEAR,
    endField: number = YearMonthIntervalType.MONTH,
  ) {
    super(startField, endField, YearMonthIntervalType.MONTH);
  }
  typeName(): string {
    return 'yearmonthinterval';
  }
}

/** `time(p)` (Spark 4.1+): time of day with 0..6 fraction digits; values are `LocalTime`s. */
export class TimeType extends DataType {
  readonly kind = 'time' as const;
  static readonly DEFAULT_PRECISION = 6;
  constructor(readonly precision: number = TimeType.DEFAULT_PRECISION) {
    super();
    if (!Number.isInteger(precision) || precision < 0 || precision > 6) {
      throw new RangeError(`TimeType precision ${precision} is out of range [0, 6]`);
    }
  }
  typeName(): string {
    return 'time';
  }
  simpleString(): string {
    return `time(${this.precision})`;
  }
  sql(): string {
    return `TIME(${this.precision})`;
  }
  treeTypeName(): string {
    return this.simpleString();
  }
  jsonValue(): JsonValue {
    return this.simpleString();
  }
  equals(other: DataType): boolean {
    return other instanceof TimeType && other.precision === this.precision;
  }
  toString(): string {
    return `TimeType(${this.precision})`;
  }
}

/** Base of the spatial types. @internal */
abstract class SpatialType extends DataType {
  protected abstract readonly name: string;
  /** The spatial reference id, or -1 (`MIXED_SRID`) for `ANY` (mixed ids). */
  readonly srid: number;
  /** @param srid a spatial reference id (e.g. 4326), or `'ANY'` for mixed ids. */
  constructor(srid: number | 'ANY' | 'any') {
    super();
    this.srid = typeof srid === 'string' ? -1 : srid;
    if (!Number.isInteger(this.srid) || this.srid < -1) throw new RangeError(`Invalid SRID ${String(srid)}`);
  }
  typeName(): string {
    return this.name;
  }
  private sridText(): string {
    return this.srid === -1 ? 'any' : String(this.srid);
  }
  simpleString(): string {
    return `${this.name}(${this.sridText()})`;
  }
  sql(): string {
    return `${this.name.toUpperCase()}(${this.sridText().toUpperCase()})`;
  }
  treeTypeName(): string {
    return this.simpleString();
  }
  jsonValue(): JsonValue {
    return this.simpleString();
  }
  equals(other: DataType): boolean {
    return other instanceof DataType && other.kind === this.kind && (other as SpatialType).srid === this.srid;
  }
  toString(): string {
    return `${this.constructor.name}(${this.srid === -1 ? "'ANY'" : this.srid})`;
  }
}

/** `geometry(srid)` (Spark 4.1+): planar spatial objects. Use `'ANY'` for mixed SRIDs. */
export class GeometryType extends SpatialType {
  readonly kind = 'geometry' as const;
  /** The SRID value standing for `ANY` (mixed SRIDs). */
  static readonly MIXED_SRID = -1;
  protected readonly name = 'geometry';
}

/** `geography(srid)` (Spark 4.1+): geographic spatial objects. Use `'ANY'` for mixed SRIDs. */
export class GeographyType extends SpatialType {
  readonly kind = 'geography' as const;
  /** The SRID value standing for `ANY` (mixed SRIDs). */
  static readonly MIXED_SRID = -1;
  protected readonly name = 'geography';
}

/** Deterministic JSON text of a JSON value (object keys sorted), for equality of metadata. */
export function canonicalJson(value: JsonValue | undefined): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}
