/**
 * Spark types → the Arrow types Spark itself uses for them (see the table in encode.ts), for local
 * data sent to the server.
 */

import {
  List as ArrowList,
  type DataType as ArrowType,
  Binary,
  Bool,
  DateDay,
  Decimal,
  DurationMicrosecond,
  Field,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  IntervalMonthDayNano,
  IntervalYearMonth,
  Map_,
  Null,
  Schema,
  Struct,
  TimeNanosecond,
  TimestampMicrosecond,
  Utf8,
} from 'apache-arrow';
import type { AnyDataType, StructType } from '../types/complex-types.js';
import type { DataType } from '../types/data-types.js';

/** The Arrow type Spark uses for a Spark type. @throws TypeError for types local data cannot carry */
export function arrowTypeFor(type: DataType): ArrowType {
  const t = type as AnyDataType;
  switch (t.kind) {
    case 'null':
      return new Null();
    case 'boolean':
      return new Bool();
    case 'byte':
      return new Int8();
    case 'short':
      return new Int16();
    case 'integer':
      return new Int32();
    case 'long':
      return new Int64();
    case 'float':
      return new Float32();
    case 'double':
      return new Float64();
    case 'decimal':
      return new Decimal(t.scale, t.precision, 128);
    case 'string':
    case 'char':
    case 'varchar':
      return new Utf8();
    case 'binary':
      return new Binary();
    case 'date':
      return new DateDay();
    case 'timestamp':
      return new TimestampMicrosecond('UTC');
    case 'timestamp_ntz':
      return new TimestampMicrosecond(null);
    case 'day_time_interval':
      return new DurationMicrosecond();
    case 'year_month_interval':
      return new IntervalYearMonth();
    case 'calendar_interval':
      return new IntervalMonthDayNano();
    case 'time':
      return new TimeNanosecond();
    case 'variant':
      return new Struct([
        new Field('value', new Binary(), false),
        new Field('metadata', new Binary(), false, new Map([['variant', 'true']])),
      ]);
    case 'array':
      return new ArrowList(arrowFieldFor('element', t.elementType, t.containsNull));
    case 'map':
      return new Map_(
        new Field(
          'entries',
          new Struct([
            arrowFieldFor('key', t.keyType, false),
            arrowFieldFor('value', t.valueType, t.valueContainsNull),
          ]),
          false,
        ) as unknown as ConstructorParameters<typeof Map_>[0],
        false,
      );
    case 'struct':
      return new Struct(structFields(t));
    case 'udt':
      if (t.sqlType !== undefined) return arrowTypeFor(t.sqlType);
      throw new TypeError(`Cannot encode user-defined type ${t.toString()} without its SQL type`);
    case 'geometry':
    case 'geography':
    case 'timestamp_ntz_nanos':
    case 'timestamp_ltz_nanos':
      throw new TypeError(`Local data of type ${t.simpleString()} is not supported`);
    default: {
      const unknown: never = t;
      throw new TypeError(`No Arrow type for ${String(unknown)}`);
    }
  }
}

/** An Arrow field for a Spark field. */
export function arrowFieldFor(name: string, type: DataType, nullable: boolean): Field {
  return new Field(name, arrowTypeFor(type), nullable);
}

/** Arrow fields of a struct; duplicate names are renamed `_0`, `_1`, ... as Spark does. */
export function structFields(t: StructType): Field[] {
  const names = t.fields.map((f) => f.name);
  const dup = new Set(names).size !== names.length;
  return t.fields.map((f, i) => arrowFieldFor(dup ? `_${i}` : f.name, f.dataType, f.nullable));
}

/** The Arrow schema Spark uses for a Spark schema. */
export function arrowSchemaFor(schema: StructType): Schema {
  return new Schema(structFields(schema));
}
