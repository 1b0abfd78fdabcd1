/**
 * Complex Spark data types: ArrayType, MapType, StructField / StructType and UserDefinedType.
 */

import {
  type BinaryType,
  type BooleanType,
  type ByteType,
  type CalendarIntervalType,
  type CharType,
  canonicalJson,
  DataType,
  type DateType,
  type DayTimeIntervalType,
  type DecimalType,
  type DoubleType,
  type FloatType,
  type GeographyType,
  type GeometryType,
  type IntegerType,
  type JsonValue,
  type LongType,
  type Metadata,
  type NullType,
  type ShortType,
  StringType,
  type TimestampNTZType,
  type TimestampType,
  type TimeType,
  type VarcharType,
  type VariantType,
  type YearMonthIntervalType,
} from './data-types.js';
import { parseDataType } from './ddl.js';
import type { TimestampLTZNanosType, TimestampNTZNanosType } from './timestamp-nanos-types.js';

/** Metadata key under which Spark's JSON schema format keeps non-default string collations. */
export const COLLATIONS_METADATA_KEY = '__COLLATIONS';

/**
 * `array<elementType>`; values are JS arrays.
 *
 * @example
 * new ArrayType(new IntegerType(), false).simpleString(); // 'array<int>'
 */
export class ArrayType extends DataType {
  readonly kind = 'array' as const;
  /**
   * @param elementType type of the elements
   * @param containsNull whether elements may be null (default true)
   */
  constructor(
    readonly elementType: DataType,
    readonly containsNull: boolean = true,
  ) {
    super();
  }
  typeName(): string {
    return 'array';
  }
  simpleString(): string {
    return `array<${this.elementType.simpleString()}>`;
  }
  sql(): string {
    return `ARRAY<${this.elementType.sql()}>`;
  }
  treeTypeName(): string {
    return 'array';
  }
  jsonValue(): JsonValue {
    return { type: 'array', elementType: this.elementType.jsonValue(), containsNull: this.containsNull };
  }
  equals(other: DataType): boolean {
    return (
      other instanceof ArrayType &&
      other.containsNull === this.containsNull &&
      this.elementType.equals(other.elementType)
    );
  }
  toString(): string {
    return `ArrayType(${this.elementType.toString()}, ${pyBool(this.containsNull)})`;
  }
}

/**
 * `map<keyType, valueType>`; values are JS `Map`s (keys never null).
 *
 * @example
 * new MapType(new StringType(), new LongType()).simpleString(); // 'map<string,bigint>'
 */
export class MapType extends DataType {
  readonly kind = 'map' as const;
  /**
   * @param keyType type of the keys
   * @param valueType type of the values
   * @param valueContainsNull whether values may be null (default true)
   */
  constructor(
    readonly keyType: DataType,
    readonly valueType: DataType,
    readonly valueContainsNull: boolean = true,
  ) {
    super();
  }
  typeName(): string {
    return 'map';
  }
  simpleString(): string {
    return `map<${this.keyType.simpleString()},${this.valueType.simpleString()}>`;
  }
  sql(): string {
    return `MAP<${this.keyType.sql()}, ${this.valueType.sql()}>`;
  }
  treeTypeName(): string {
    return 'map';
  }
  jsonValue(): JsonValue {
    return {
      type: 'map',
      keyType: this.keyType.jsonValue(),
      valueType: this.valueType.jsonValue(),
      valueContainsNull: this.valueContainsNull,
    };
  }
  equals(other: DataType): boolean {
    return (
      other instanceof MapType &&
      other.valueContainsNull === this.valueContainsNull &&
      this.keyType.equals(other.keyType) &&
      this.valueType.equals(other.valueType)
    );
  }
  toString(): string {
    return `MapType(${this.keyType.toString()}, ${this.valueType.toString()}, ${pyBool(this.valueContainsNull)})`;
  }
}

/**
 * One field of a StructType.
 *
 * @example
 * new StructField('id', new LongType(), false);
 * new StructField('name', new StringType(), true, { comment: 'display name' });
 */
export class StructField {
  /** The field metadata (a JSON object); never contains Spark's internal `__COLLATIONS` key. */
  readonly metadata: Readonly<Metadata>;
  /**
   * @param name the field name (any string; duplicates are allowed in a struct)
   * @param dataType the field type
   * @param nullable whether values may be null (default true)
   * @param metadata JSON metadata (default `{}`); the `comment` key holds the column comment
   */
  constructor(
    readonly name: string,
    readonly dataType: DataType,
    readonly nullable: boolean = true,
    metadata: Metadata = {},
  ) {
    this.metadata = metadata;
  }

  /** The column comment kept in the metadata, if any. */
  get comment(): string | undefined {
    const c = this.metadata.comment;
    return typeof c === 'string' ? c : undefined;
  }

  /** A copy of this field with the given comment. */
  withComment(comment: string): StructField {
    return new StructField(this.name, this.dataType, this.nullable, { ...this.metadata, comment });
  }

  /** `name:type`, as inside `struct<...>`. */
  simpleString(): string {
    return `${this.name}:${this.dataType.simpleString()}`;
  }

  /** The field as Spark's JSON schema format, with collations moved into `metadata.__COLLATIONS`. */
  jsonValue(): JsonValue {
    const collations: Record<string, JsonValue> = {};
    collectCollations(this.dataType, this.name, collations);
    const metadata: Metadata =
      Object.keys(collations).length > 0
        ? { ...this.metadata, [COLLATIONS_METADATA_KEY]: collations }
        : { ...this.metadata };
    return { name: this.name, type: this.dataType.jsonValue(), nullable: this.nullable, metadata };
  }

  /** The field as a DDL column: `` `my col` INT NOT NULL COMMENT 'x' ``. */
  toDDL(): string {
    return `${quoteIdentifier(this.name)} ${this.dataType.sql()}${this.ddlSuffix()}`;
  }

  /** The field as inside `STRUCT<...>`: `name: INT NOT NULL COMMENT 'x'`. */
  sql(): string {
    return `${quoteIdentifier(this.name)}: ${this.dataType.sql()}${this.ddlSuffix()}`;
  }

  private ddlSuffix(): string {
    const comment = this.comment;
    return (
      (this.nullable ? '' : ' NOT NULL') + (comment === undefined ? '' : ` COMMENT '${escapeSql(comment)}'`)
    );
  }

  /** Structural equality, including nullability and metadata. */
  equals(other: StructField): boolean {
    return (
      other instanceof StructField &&
      other.name === this.name &&
      other.nullable === this.nullable &&
      this.dataType.equals(other.dataType) &&
      canonicalJson(this.metadata as Metadata) === canonicalJson(other.metadata as Metadata)
    );
  }

  toString(): string {
    return `StructField('${this.name}', ${this.dataType.toString()}, ${pyBool(this.nullable)})`;
  }
}

/**
 * `struct<...>`: a schema or a nested record; values are `Row`s.
 *
 * StructType is immutable: `add()` returns a new StructType.
 *
 * @example
 * const schema = new StructType([new StructField('a', new IntegerType())]).add('b', 'array<string>');
 * schema.simpleString(); // 'struct<a:int,b:array<string>>'
 * schema.fieldNames();   // ['a', 'b']
 * console.log(schema.treeString());
 * // root
 * //  |-- a: integer (nullable = true)
 * //  |-- b: array (nullable = true)
 * //  |    |-- element: string (containsNull = true)
 */
export class StructType extends DataType implements Iterable<StructField> {
  readonly kind = 'struct' as const;
  readonly fields: readonly StructField[];
  private nameIndex: Map<string, number> | undefined;

  /** @param fields the fields, in order (default none) */
  constructor(fields: readonly StructField[] = []) {
    super();
    for (const f of fields) {
      if (!(f instanceof StructField))
        throw new TypeError(`StructType fields must be StructFields, got ${String(f)}`);
    }
    this.fields = Object.freeze([...fields]);
  }

  /** Number of fields. */
  get length(): number {
    return this.fields.length;
  }

  /** The field names, in order. */
  fieldNames(): string[] {
    return this.fields.map((f) => f.name);
  }

  /**
   * A new StructType with one more field. The type may be a DataType or a DDL type string.
   *
   * @example
   * new StructType().add('id', new LongType(), false).add('tags', 'array<string>');
   */
  add(field: StructField): StructType;
  add(name: string, dataType: DataType | string, nullable?: boolean, metadata?: Metadata): StructType;
  add(
    nameOrField: string | StructField,
    dataType?: DataType | string,
    nullable = true,
    metadata: Metadata = {},
  ): StructType {
    if (nameOrField instanceof StructField) return new StructType([...this.fields, nameOrField]);
    if (dataType === undefined) throw new TypeError(`StructType.add('${nameOrField}'): missing data type`);
    const type = typeof dataType === 'string' ? parseDataType(dataType) : dataType;
    return new StructType([...this.fields, new StructField(nameOrField, type, nullable, metadata)]);
  }

  /**
   * The field at an index or with a name (the first one, if several have that name).
   * @throws RangeError for an index out of range or an unknown name (the message lists the fields)
   */
  get(nameOrIndex: string | number): StructField {
    return this.fields[
      typeof nameOrIndex === 'number' ? this.checkIndex(nameOrIndex) : this.fieldIndex(nameOrIndex)
    ];
  }

  /** The index of the (first) field with this name, or undefined. */
  getFieldIndex(name: string): number | undefined {
    let index = this.nameIndex;
    if (index === undefined) {
      index = new Map();
      for (let i = this.fields.length - 1; i >= 0; i--) index.set(this.fields[i].name, i);
      this.nameIndex = index;
    }
    return index.get(name);
  }

  /**
   * The index of the (first) field with this name.
   * @throws RangeError naming the field and listing the available ones
   */
  fieldIndex(name: string): number {
    const i = this.getFieldIndex(name);
    if (i === undefined) {
      throw new RangeError(
        `No field named '${name}'; available fields: ${this.fields.map((f) => `'${f.name}'`).join(', ') || '(none)'}`,
      );
    }
    return i;
  }

  /** @internal */
  checkIndex(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.fields.length) {
      throw new RangeError(`Field index ${index} is out of range [0, ${this.fields.length})`);
    }
    return index;
  }

  [Symbol.iterator](): Iterator<StructField> {
    return this.fields[Symbol.iterator]();
  }

  typeName(): string {
    return 'struct';
  }
  simpleString(): string {
    return `struct<${this.fields.map((f) => f.simpleString()).join(',')}>`;
  }
  sql(): string {
    return `STRUCT<${this.fields.map((f) => f.sql()).join(', ')}>`;
  }
  /** The field list as DDL, as Spark's `StructType.toDDL`: `a INT NOT NULL,b STRING`. */
  override toDDL(): string {
    return this.fields.map((f) => f.toDDL()).join(',');
  }
  treeTypeName(): string {
    return 'struct';
  }
  jsonValue(): JsonValue {
    return { type: 'struct', fields: this.fields.map((f) => f.jsonValue()) };
  }
  equals(other: DataType): boolean {
    return (
      other instanceof StructType &&
      other.fields.length === this.fields.length &&
      this.fields.every((f, i) => f.equals(other.fields[i]))
    );
  }
  toString(): string {
    return `StructType([${this.fields.map((f) => f.toString()).join(', ')}])`;
  }

  /**
   * The schema as a tree, in the format of Spark's `printSchema()`.
   *
   * @param maxDepth how many levels to print (default: all)
   * @example
   * new StructType().add('a', 'int').treeString(); // 'root\n |-- a: integer (nullable = true)\n'
   */
  treeString(maxDepth = Number.POSITIVE_INFINITY): string {
    const lines: string[] = ['root\n'];
    for (const f of this.fields) fieldTree(f, ' |', lines, 1, maxDepth);
    return lines.join('');
  }
}

/**
 * A user-defined type as the server describes it: class names plus the SQL type the values are
 * stored as. Values are decoded as their `sqlType`.
 */
export class UserDefinedType extends DataType {
  readonly kind = 'udt' as const;
  readonly jvmClass: string | undefined;
  readonly pythonClass: string | undefined;
  readonly serializedPythonClass: string | undefined;
  readonly sqlType: DataType | undefined;

  /**
   * @param init the JVM / Python class names and the SQL type values are stored as
   */
  constructor(init: {
    jvmClass?: string;
    pythonClass?: string;
    serializedPythonClass?: string;
    sqlType?: DataType;
  }) {
    super();
    this.jvmClass = init.jvmClass;
    this.pythonClass = init.pythonClass;
    this.serializedPythonClass = init.serializedPythonClass;
    this.sqlType = init.sqlType;
  }
  typeName(): string {
    return 'udt';
  }
  simpleString(): string {
    return this.sqlType?.simpleString() ?? 'udt';
  }
  sql(): string {
    return this.sqlType?.sql() ?? 'UDT';
  }
  /** As Scala: the class's simple name, lower case, without a `UDT` / `Type` suffix. */
  treeTypeName(): string {
    const cls = this.jvmClass ?? this.pythonClass;
    if (cls === undefined) return 'udt';
    const simple = cls.slice(cls.lastIndexOf('.') + 1).replace(/\$$/, '');
    return simple.replace(/Type$/, '').replace(/UDT$/, '').toLowerCase();
  }
  jsonValue(): JsonValue {
    const out: Record<string, JsonValue> = { type: 'udt' };
    if (this.jvmClass !== undefined) out.class = this.jvmClass;
    if (this.pythonClass !== undefined) out.pyClass = this.pythonClass;
    if (this.serializedPythonClass !== undefined) out.serializedClass = this.serializedPythonClass;
    if (this.sqlType !== undefined) out.sqlType = this.sqlType.jsonValue();
    return out;
  }
  equals(other: DataType): boolean {
    return (
      other instanceof UserDefinedType &&
      other.jvmClass === this.jvmClass &&
      other.pythonClass === this.pythonClass &&
      (other.sqlType === undefined
        ? this.sqlType === undefined
        : this.sqlType?.equals(other.sqlType) === true)
    );
  }
  toString(): string {
    return `UserDefinedType(${this.jvmClass ?? this.pythonClass ?? ''})`;
  }
}

function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}

/** Backquotes a name unless it is a plain identifier (letters, digits, `_`, not all digits). */
export function quoteIdentifier(name: string): string {
  return /^[A-Za-z0-9_]+$/.test(name) && !/^[0-9]+$/.test(name) ? name : '`' + name.replace(/`/g, '``') + '`';
}

/** Escapes a string for a single-quoted SQL literal (backslash style, as Spark). */
export function escapeSql(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

function escapeMeta(s: string): string {
  return s
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\f/g, '\\f')
    .replaceAll('\b', '\\b')
    .replace(/\v/g, '\\v')
    .replaceAll('\x07', '\\a');
}

function fieldTree(f: StructField, prefix: string, out: string[], depth: number, maxDepth: number): void {
  if (depth > maxDepth) return;
  out.push(`${prefix}-- ${escapeMeta(f.name)}: ${f.dataType.treeTypeName()} (nullable = ${f.nullable})\n`);
  typeTree(f.dataType, `${prefix}    |`, out, depth + 1, maxDepth);
}

function typeTree(t: DataType, prefix: string, out: string[], depth: number, maxDepth: number): void {
  if (depth > maxDepth) return;
  if (t instanceof StructType) {
    for (const f of t.fields) fieldTree(f, prefix, out, depth, maxDepth);
  } else if (t instanceof ArrayType) {
    out.push(`${prefix}-- element: ${t.elementType.treeTypeName()} (containsNull = ${t.containsNull})\n`);
    typeTree(t.elementType, `${prefix}    |`, out, depth + 1, maxDepth);
  } else if (t instanceof MapType) {
    out.push(`${prefix}-- key: ${t.keyType.treeTypeName()}\n`);
    typeTree(t.keyType, `${prefix}    |`, out, depth + 1, maxDepth);
    out.push(
      `${prefix}-- value: ${t.valueType.treeTypeName()} (valueContainsNull = ${t.valueContainsNull})\n`,
    );
    typeTree(t.valueType, `${prefix}    |`, out, depth + 1, maxDepth);
  }
}

/** Spark's collation identifier in JSON metadata: provider-qualified, e.g. `spark.UTF8_LCASE`. */
function collationIdentifier(name: string): string {
  return name.toUpperCase().startsWith('UTF8') ? `spark.${name}` : `icu.${name}`;
}

function collectCollations(t: DataType, path: string, out: Record<string, JsonValue>): void {
  if (t instanceof StringType) {
    if (!t.isDefaultCollation) out[path] = collationIdentifier(t.collation);
  } else if (t instanceof ArrayType) {
    collectCollations(t.elementType, `${path}.element`, out);
  } else if (t instanceof MapType) {
    collectCollations(t.keyType, `${path}.key`, out);
    collectCollations(t.valueType, `${path}.value`, out);
  }
}

/** Every concrete DataType class of the model, as a union: lets a `switch` on `kind` be exhaustive. */
export type AnyDataType =
  | NullType
  | BooleanType
  | ByteType
  | ShortType
  | IntegerType
  | LongType
  | FloatType
  | DoubleType
  | DecimalType
  | StringType
  | CharType
  | VarcharType
  | BinaryType
  | DateType
  | TimestampType
  | TimestampNTZType
  | TimestampNTZNanosType
  | TimestampLTZNanosType
  | DayTimeIntervalType
  | YearMonthIntervalType
  | CalendarIntervalType
  | TimeType
  | VariantType
  | GeometryType
  | GeographyType
  | ArrayType
  | MapType
  | StructType
  | UserDefinedType;
