/**
 * Spark's JSON schema format (`DataType.json` / `DataType.fromJson`) to the DataType model.
 */

import * as T from './all.js';
import { DataTypeParseError, parseDataType } from './ddl.js';

/**
 * Parses Spark's JSON schema format (text or an already parsed value) into a DataType.
 *
 * @example
 * dataTypeFromJson('{"type":"struct","fields":[{"name":"a","type":"integer","nullable":true,"metadata":{}}]}');
 * dataTypeFromJson('"decimal(10,2)"'); // DecimalType(10,2)
 * @throws DataTypeParseError on malformed input, naming the offending part
 */
export function dataTypeFromJson(json: string | T.JsonValue): T.DataType {
  let value: T.JsonValue = json;
  if (typeof json === 'string') {
    const trimmed = json.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('"')) {
      try {
        value = JSON.parse(trimmed) as T.JsonValue;
      } catch (e) {
        throw new DataTypeParseError(`Invalid JSON schema: ${(e as Error).message}`, { cause: e });
      }
    }
  }
  return fromJsonValue(value, '$');
}

/**
 * Parses Spark's JSON schema format, requiring a struct (a schema).
 * @throws DataTypeParseError when the JSON is not a struct type
 */
export function structTypeFromJson(json: string | T.JsonValue): T.StructType {
  const t = dataTypeFromJson(json);
  if (!(t instanceof T.StructType)) {
    throw new DataTypeParseError(`Expected a struct type in JSON schema, got ${t.simpleString()}`);
  }
  return t;
}

const SIMPLE_JSON_TYPES: Record<string, () => T.DataType> = {
  void: () => new T.NullType(),
  null: () => new T.NullType(),
  boolean: () => new T.BooleanType(),
  byte: () => new T.ByteType(),
  short: () => new T.ShortType(),
  integer: () => new T.IntegerType(),
  long: () => new T.LongType(),
  float: () => new T.FloatType(),
  double: () => new T.DoubleType(),
  string: () => new T.StringType(),
  binary: () => new T.BinaryType(),
  date: () => new T.DateType(),
  timestamp: () => new T.TimestampType(),
  timestamp_ltz: () => new T.TimestampType(),
  timestamp_ntz: () => new T.TimestampNTZType(),
  interval: () => new T.CalendarIntervalType(),
  calendarinterval: () => new T.CalendarIntervalType(),
  variant: () => new T.VariantType(),
  decimal: () => new T.DecimalType(10, 0),
};

const DAY_TIME = ['day', 'hour', 'minute', 'second'];
const YEAR_MONTH = ['year', 'month'];

function fromTypeName(name: string, path: string): T.DataType {
  const simple = SIMPLE_JSON_TYPES[name];
  if (simple !== undefined) return simple();
  let m = /^decimal\(\s*(\d+)\s*,\s*(-?\d+)\s*\)$/.exec(name);
  if (m) return new T.DecimalType(Number(m[1]), Number(m[2]));
  m = /^(char|varchar)\(\s*(\d+)\s*\)$/.exec(name);
  if (m) return m[1] === 'char' ? new T.CharType(Number(m[2])) : new T.VarcharType(Number(m[2]));
  m = /^timestamp_(ntz|ltz)\(\s*(\d+)\s*\)$/.exec(name);
  if (m) {
    const p = Number(m[2]);
    if (p === 6) return m[1] === 'ntz' ? new T.TimestampNTZType() : new T.TimestampType();
    try {
      return m[1] === 'ntz' ? new T.TimestampNTZNanosType(p) : new T.TimestampLTZNanosType(p);
    } catch (e) {
      throw new DataTypeParseError(`Invalid data type '${name}' at ${path}: ${(e as Error).message}`);
    }
  }
  m = /^time\(\s*(\d+)\s*\)$/.exec(name);
  if (m) return new T.TimeType(Number(m[1]));
  m = /^interval (\w+)(?: to (\w+))?$/.exec(name);
  if (m) {
    const start = m[1];
    const end = m[2] ?? start;
    if (DAY_TIME.includes(start) && DAY_TIME.includes(end)) {
      return new T.DayTimeIntervalType(DAY_TIME.indexOf(start), DAY_TIME.indexOf(end));
    }
    if (YEAR_MONTH.includes(start) && YEAR_MONTH.includes(end)) {
      return new T.YearMonthIntervalType(YEAR_MONTH.indexOf(start), YEAR_MONTH.indexOf(end));
    }
  }
  m = /^(geometry|geography)\(\s*([^)]*?)\s*\)$/i.exec(name);
  if (m) {
    const srid = parseSrid(m[2]);
    if (srid !== undefined)
      return m[1].toLowerCase() === 'geometry' ? new T.GeometryType(srid) : new T.GeographyType(srid);
  }
  m = /^string collate (\S+)$/i.exec(name);
  if (m) return new T.StringType(m[1]);
  // Anything else Spark can print is also valid DDL (e.g. upper case names).
  try {
    return parseDataType(name);
  } catch {
    throw new DataTypeParseError(`Unknown data type name '${name}' at ${path}`);
  }
}

/** SRID from `4326`, `ANY`, `EPSG:4326`, `SRID:4326` or `OGC:CRS84` (4326). */
export function parseSrid(text: string): number | 'ANY' | undefined {
  const t = text.trim().toUpperCase();
  if (t === 'ANY') return 'ANY';
  if (t === 'OGC:CRS84') return 4326;
  const m = /^(?:(?:EPSG|SRID):)?(\d+)$/.exec(t);
  return m ? Number(m[1]) : undefined;
}

function isObject(v: T.JsonValue | undefined): v is { [key: string]: T.JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fromJsonValue(v: T.JsonValue, path: string): T.DataType {
  if (typeof v === 'string') return fromTypeName(v, path);
  if (!isObject(v))
    throw new DataTypeParseError(`Expected a type name or object at ${path}, got ${JSON.stringify(v)}`);
  const type = v.type;
  switch (type) {
    case 'array': {
      const element = required(v, 'elementType', path);
      return new T.ArrayType(
        fromJsonValue(element, `${path}.elementType`),
        bool(v, 'containsNull', path, true),
      );
    }
    case 'map':
      return new T.MapType(
        fromJsonValue(required(v, 'keyType', path), `${path}.keyType`),
        fromJsonValue(required(v, 'valueType', path), `${path}.valueType`),
        bool(v, 'valueContainsNull', path, true),
      );
    case 'struct': {
      const fields = v.fields ?? [];
      if (!Array.isArray(fields)) throw new DataTypeParseError(`Expected an array at ${path}.fields`);
      return new T.StructType(fields.map((f, i) => fieldFromJson(f, `${path}.fields[${i}]`)));
    }
    case 'udt': {
      const sqlType = v.sqlType;
      return new T.UserDefinedType({
        jvmClass: typeof v.class === 'string' ? v.class : undefined,
        pythonClass: typeof v.pyClass === 'string' ? v.pyClass : undefined,
        serializedPythonClass: typeof v.serializedClass === 'string' ? v.serializedClass : undefined,
        sqlType:
          sqlType === undefined || sqlType === null ? undefined : fromJsonValue(sqlType, `${path}.sqlType`),
      });
    }
    default:
      throw new DataTypeParseError(`Unknown complex type ${JSON.stringify(type ?? null)} at ${path}`);
  }
}

function required(v: { [key: string]: T.JsonValue }, key: string, path: string): T.JsonValue {
  const x = v[key];
  if (x === undefined) throw new DataTypeParseError(`Missing '${key}' at ${path}`);
  return x;
}

function bool(v: { [key: string]: T.JsonValue }, key: string, path: string, dflt: boolean): boolean {
  const x = v[key];
  if (x === undefined) return dflt;
  if (typeof x !== 'boolean') throw new DataTypeParseError(`Expected a boolean at ${path}.${key}`);
  return x;
}

function fieldFromJson(f: T.JsonValue, path: string): T.StructField {
  if (!isObject(f)) throw new DataTypeParseError(`Expected a struct field object at ${path}`);
  const name = f.name;
  if (typeof name !== 'string') throw new DataTypeParseError(`Missing field 'name' at ${path}`);
  let type = fromJsonValue(required(f, 'type', path), `${path}.type`);
  const rawMeta = f.metadata ?? {};
  if (!isObject(rawMeta)) throw new DataTypeParseError(`Expected an object at ${path}.metadata`);
  let metadata: T.Metadata = rawMeta;
  const collations = rawMeta[T.COLLATIONS_METADATA_KEY];
  if (collations !== undefined) {
    if (!isObject(collations))
      throw new DataTypeParseError(`Expected an object at ${path}.metadata.__COLLATIONS`);
    type = applyCollations(type, name, collations, path);
    const { [T.COLLATIONS_METADATA_KEY]: _dropped, ...rest } = rawMeta;
    metadata = rest;
  }
  return new T.StructField(name, type, bool(f, 'nullable', path, true), metadata);
}

function applyCollations(
  t: T.DataType,
  at: string,
  collations: { [key: string]: T.JsonValue },
  path: string,
): T.DataType {
  if (t instanceof T.StringType) {
    const c = collations[at];
    if (c === undefined) return t;
    if (typeof c !== 'string')
      throw new DataTypeParseError(`Expected a collation name for '${at}' at ${path}`);
    // Identifiers are provider-qualified (`spark.UTF8_LCASE`, `icu.UNICODE_CI`), maybe with a version.
    const parts = c.split('.');
    return new T.StringType(parts.length >= 2 ? parts[1] : c);
  }
  if (t instanceof T.ArrayType) {
    return new T.ArrayType(applyCollations(t.elementType, `${at}.element`, collations, path), t.containsNull);
  }
  if (t instanceof T.MapType) {
    return new T.MapType(
      applyCollations(t.keyType, `${at}.key`, collations, path),
      applyCollations(t.valueType, `${at}.value`, collations, path),
      t.valueContainsNull,
    );
  }
  return t;
}
