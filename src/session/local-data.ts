/**
 * `spark.createDataFrame`: local JS data → a DataFrame, with PySpark's schema inference adapted
 * to JS values. The data is encoded as an Arrow IPC stream (src/arrow/encode.ts) and sent inline
 * as a `LocalRelation`, or, at or above the session's `spark.sql.session.localRelationCacheThreshold`,
 * uploaded through the artifact cache (in chunks on Spark 4.1+; see local-cache.ts).
 *
 * Inference rules (types from the values; columns merged over all rows):
 *
 * | JS value | Spark type |
 * | --- | --- |
 * | `null` / `undefined` | (unknown: merges with anything; a column of only nulls is an error) |
 * | boolean | boolean |
 * | number, integer | bigint (long), as PySpark infers Python ints |
 * | number, fractional / NaN / ±Infinity | double (a column mixing both is double) |
 * | bigint | bigint (long) |
 * | string | string |
 * | Date / SparkTimestamp | timestamp |
 * | SparkTimestampNTZ | timestamp_ntz (a column mixing both is timestamp) |
 * | Uint8Array | binary |
 * | CalendarInterval / LocalTime / VariantValue | interval / time / variant |
 * | `typed.*(...)` | exactly that type (decimals widen to fit every value) |
 * | Array | array (element types merged; empty arrays alone are an error) |
 * | Map | map (key and value types merged) |
 * | plain object | struct (fields in first-seen key order) |
 * | Row | its own schema |
 *
 * Rows are plain objects (columns named by their keys, in first-seen order), arrays (columns
 * `_1`, `_2`, ... or the names given), Rows (their field names), or single values (one column
 * `_1`). Types merge as in PySpark 4.x: strings with booleans or numbers make a string column (the
 * others written as text: `true`, `1`, `1.5`, `1e-07`); pairs PySpark cannot merge (a number and
 * a boolean, an array and a string) are an error naming the column and both types, and so are
 * strings mixed with dates, timestamps, binary, intervals or times, whose text PySpark takes from
 * Python's `str()` (no exact JS form). Day-time and year-month intervals cannot be told from
 * bigints and numbers: give a schema.
 */
import { type Table as ArrowTable, isArrowTable } from 'apache-arrow';
import { encodeBatch } from '../arrow/encode.js';
import { converterFor, structTypeFromArrowSchema } from '../arrow/index.js';
import type { CallOptions } from '../client/session-rpc.js';
import { TypedValue } from '../column/literal.js';
import type { ExprNode } from '../column/nodes.js';
import { DataFrame } from '../dataframe/dataframe.js';
import { node } from '../plan/nodes.js';
import {
  ArrayType,
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
  LocalTime,
  LongType,
  MapType,
  NullType,
  parseDataType,
  Row,
  ShortType,
  SparkTimestampNanos,
  SparkTimestampNTZ,
  SparkTimestampNTZNanos,
  StringType,
  StructField,
  StructType,
  TimestampNTZType,
  TimestampType,
  TimeType,
  VariantType,
  VariantValue,
  YearMonthIntervalType,
} from '../types/index.js';
import { CalendarInterval } from '../types/values.js';
import { cachedLocalData } from './local-cache.js';
import type { SparkSession } from './spark-session.js';

/** Local data for `createDataFrame`: an array of rows, or an apache-arrow Table. */
export type LocalData = readonly unknown[] | ArrowTable;

/**
 * The schema of `createDataFrame`: a StructType, a DDL string (`'a INT, b STRING'`), a single
 * data type (or type string, e.g. `'int'`) for a one-column DataFrame named `value`, or column
 * names for inferred types.
 */
export type CreateDataFrameSchema = StructType | DataType | string | readonly string[];

export { CACHE_THRESHOLD_CONF, parseByteSize } from './local-cache.js';

/**
 * Builds the DataFrame of local data (see the module doc). Used by `SparkSession.createDataFrame`.
 * @internal
 */
export async function createDataFrame(
  session: SparkSession,
  data: LocalData,
  schema?: CreateDataFrameSchema,
  opts?: CallOptions,
): Promise<DataFrame> {
  if (data instanceof DataFrame) throw new TypeError('createDataFrame() takes local data, not a DataFrame');
  const given = schema === undefined ? undefined : parseSchemaArg(schema);
  let rows: readonly unknown[];
  let struct: StructType;
  if (isArrowTable(data)) {
    const table = data as ArrowTable;
    const decoded = rowsOfArrowTable(table);
    rows = decoded.rows;
    struct = given?.struct ?? decoded.schema;
    if (given?.names !== undefined) struct = renamed(struct, given.names);
    if (struct.fields.length !== decoded.schema.fields.length) {
      throw new TypeError(
        `createDataFrame(): the schema has ${struct.fields.length} fields but the Arrow table has ${decoded.schema.fields.length} columns`,
      );
    }
  } else if (Array.isArray(data)) {
    const list = data as readonly unknown[];
    if (given?.struct !== undefined) {
      struct = given.struct;
      const first = list.find((r) => r !== null && r !== undefined);
      rows = given.wrap || (first !== undefined && !isRowShaped(first)) ? list.map((v) => [v]) : list;
    } else {
      if (list.length === 0) {
        throw new TypeError('createDataFrame(): cannot infer a schema from empty data; pass a schema');
      }
      rows = isRowShaped(list.find((r) => r !== null && r !== undefined)) ? list : list.map((v) => [v]);
      struct = inferSchema(rows, given?.names);
      if (given?.names !== undefined) struct = renamed(struct, given.names);
    }
  } else {
    throw new TypeError('createDataFrame() takes an array of rows or an apache-arrow Table');
  }
  // Like Spark itself, DataFrames hold char/varchar columns as strings (a local relation with
  // char/varchar output is an internal error on the server).
  struct = charVarcharAsString(struct) as StructType;
  if (rows.length === 0) {
    return new DataFrame(session, node({ kind: 'localRelation', schema: struct.json() }));
  }
  const { batch, ipc } = encodeBatch(struct, rows);
  // Arrow carries only whole-range ANSI intervals (day to second, year to month); narrower ones
  // travel as those and are cast back on the server (the encoder checked they fit).
  const sent = widenIntervals(struct) as StructType;
  const schemaJson = sent.json();
  const cached = await cachedLocalData(session, { batch, ipc, schemaJson }, opts);
  const df = new DataFrame(session, node(cached ?? { kind: 'localRelation', data: ipc, schema: schemaJson }));
  if (sent.equals(struct)) return df;
  const exprs = struct.fields.map((f, i): ExprNode => {
    const ref: ExprNode = { kind: 'attribute', name: quoteName(f.name), planId: df.plan.planId };
    if (f.dataType.equals(sent.fields[i].dataType)) return ref;
    return { kind: 'alias', expr: { kind: 'cast', expr: ref, to: f.dataType }, names: [f.name] };
  });
  return df.withPlan({ kind: 'project', input: df.plan, exprs });
}

function quoteName(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** The type with every day-time / year-month interval widened to its full range. */
function widenIntervals(t: DataType): DataType {
  if (t instanceof DayTimeIntervalType) return new DayTimeIntervalType();
  if (t instanceof YearMonthIntervalType) return new YearMonthIntervalType();
  if (t instanceof StructType) {
    return new StructType(
      t.fields.map((f) => new StructField(f.name, widenIntervals(f.dataType), f.nullable, f.metadata)),
    );
  }
  if (t instanceof ArrayType) return new ArrayType(widenIntervals(t.elementType), t.containsNull);
  if (t instanceof MapType)
    return new MapType(widenIntervals(t.keyType), widenIntervals(t.valueType), t.valueContainsNull);
  return t;
}

interface ParsedSchema {
  struct?: StructType;
  /** Rows are single values of a one-column (`value`) schema. */
  wrap?: boolean;
  names?: readonly string[];
}

function parseSchemaArg(schema: CreateDataFrameSchema): ParsedSchema {
  if (Array.isArray(schema)) {
    for (const n of schema) {
      if (typeof n !== 'string') throw new TypeError('createDataFrame(): column names must be strings');
    }
    return { names: schema as readonly string[] };
  }
  const t = typeof schema === 'string' ? parseDataType(schema) : schema;
  if (t instanceof StructType) return { struct: t };
  if (t !== null && typeof t === 'object' && typeof (t as DataType).simpleString === 'function') {
    return { struct: new StructType([new StructField('value', t as DataType, true)]), wrap: true };
  }
  throw new TypeError(
    'createDataFrame() schema must be a StructType, a DataType, a DDL string or column names',
  );
}

function renamed(struct: StructType, names: readonly string[]): StructType {
  if (names.length !== struct.fields.length) {
    throw new TypeError(
      `createDataFrame(): ${names.length} column names given for ${struct.fields.length} columns (${struct.fieldNames().join(', ')})`,
    );
  }
  return new StructType(
    struct.fields.map((f, i) => new StructField(names[i], f.dataType, f.nullable, f.metadata)),
  );
}

/** The rows of an apache-arrow Table as arrays, with its Spark schema. @internal */
export function rowsOfArrowTable(table: ArrowTable): { rows: unknown[][]; schema: StructType } {
  const schema = structTypeFromArrowSchema(table.schema);
  const rows: unknown[][] = [];
  const converters = schema.fields.map((f) => converterFor(f.dataType, f.name, { timeZone: 'UTC' }));
  for (const batch of table.batches) {
    const readers = converters.map((c, i) => c(batch.data.children[i]));
    for (let r = 0; r < batch.numRows; r++) rows.push(readers.map((read) => read(r)));
  }
  return { rows, schema };
}

/** The type with char(n) / varchar(n) replaced by string, at any depth. */
function charVarcharAsString(t: DataType): DataType {
  if (t.kind === 'char' || t.kind === 'varchar') return new StringType();
  if (t instanceof StructType) {
    return new StructType(
      t.fields.map((f) => new StructField(f.name, charVarcharAsString(f.dataType), f.nullable, f.metadata)),
    );
  }
  if (t instanceof ArrayType) return new ArrayType(charVarcharAsString(t.elementType), t.containsNull);
  if (t instanceof MapType) {
    return new MapType(charVarcharAsString(t.keyType), charVarcharAsString(t.valueType), t.valueContainsNull);
  }
  return t;
}

// ---- inference -----------------------------------------------------------------------------

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isRowShaped(v: unknown): boolean {
  return Array.isArray(v) || v instanceof Row || isPlainObject(v);
}

/**
 * The schema of rows (objects, arrays or Rows), merged over all rows. Array rows' columns are
 * named by `names` when given (so errors name the user's columns), else `_1`, `_2`, ...
 * @internal
 */
export function inferSchema(rows: readonly unknown[], names: readonly string[] = []): StructType {
  let merged: StructType | undefined;
  rows.forEach((row, i) => {
    if (row === null || row === undefined) throw new TypeError(`createDataFrame(): row ${i} is null`);
    let t: StructType;
    if (row instanceof Row) t = row.schema;
    else if (Array.isArray(row))
      t = new StructType(
        row.map((v, k) => {
          const name = names[k] ?? `_${k + 1}`;
          return new StructField(name, inferType(v, name));
        }),
      );
    else if (isPlainObject(row)) t = structOf(row, '');
    else
      throw new TypeError(
        `createDataFrame(): row ${i} is ${describe(row)}; rows must all be objects, arrays or Rows`,
      );
    merged = merged === undefined ? t : (mergeTypes(merged, t, '') as StructType);
  });
  const schema = merged ?? new StructType([]);
  checkDetermined(schema, '');
  return schema;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `a ${(v as object).constructor?.name ?? 'object'}`;
  return `a ${typeof v}`;
}

function structOf(obj: Record<string, unknown>, path: string): StructType {
  return new StructType(Object.entries(obj).map(([k, v]) => new StructField(k, inferType(v, join(path, k)))));
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

const TYPED_KINDS: Record<string, () => DataType> = {
  byte: () => new ByteType(),
  short: () => new ShortType(),
  int: () => new IntegerType(),
  long: () => new LongType(),
  float: () => new FloatType(),
  double: () => new DoubleType(),
  date: () => new DateType(),
  timestamp: () => new TimestampType(),
  timestampNtz: () => new TimestampNTZType(),
  string: () => new StringType(),
  binary: () => new BinaryType(),
};

/** The Spark type of one JS value (see the module doc). @internal */
export function inferType(v: unknown, path: string): DataType {
  if (v === null || v === undefined) return new NullType();
  if (v instanceof TypedValue) {
    if (v.kind === 'decimal') return new DecimalType(v.precision ?? 38, v.scale ?? 18);
    return TYPED_KINDS[v.kind]();
  }
  switch (typeof v) {
    case 'boolean':
      return new BooleanType();
    case 'number':
      return Number.isInteger(v) ? new LongType() : new DoubleType();
    case 'bigint':
      return new LongType();
    case 'string':
      return new StringType();
    case 'object':
      break;
    default:
      throw new TypeError(`createDataFrame(): column '${path}' holds a ${typeof v}, which has no Spark type`);
  }
  if (v instanceof SparkTimestampNanos || v instanceof SparkTimestampNTZNanos) {
    throw new TypeError(
      `createDataFrame(): column '${path}' holds a nanosecond timestamp; nanosecond types cannot be uploaded yet (give a schema with timestamp / timestamp_ntz for values without nanoseconds)`,
    );
  }
  if (v instanceof SparkTimestampNTZ) return new TimestampNTZType();
  if (v instanceof Date) return new TimestampType();
  if (v instanceof Uint8Array) return new BinaryType();
  if (v instanceof CalendarInterval) return new CalendarIntervalType();
  if (v instanceof LocalTime) return new TimeType();
  if (v instanceof VariantValue) return new VariantType();
  if (v instanceof Row) return v.schema;
  if (Array.isArray(v)) {
    let element: DataType = new NullType();
    for (const e of v) element = mergeTypes(element, inferType(e, `${path}[]`), `${path}[]`);
    return new ArrayType(element, true);
  }
  if (v instanceof Map) {
    let key: DataType = new NullType();
    let value: DataType = new NullType();
    for (const [k, val] of v) {
      key = mergeTypes(key, inferType(k, `${path}.key`), `${path}.key`);
      value = mergeTypes(value, inferType(val, `${path}.value`), `${path}.value`);
    }
    return new MapType(key, value, true);
  }
  if (isPlainObject(v)) return structOf(v, path);
  throw new TypeError(`createDataFrame(): column '${path}' holds ${describe(v)}, which has no Spark type`);
}

/**
 * The types that merge with string into string, as PySpark 4.x merges any atomic type with
 * string; their values are written as text (see `stringOfScalar`). Dates, timestamps, binary,
 * intervals and times have no JS text form PySpark's `str()` would give, so they do not.
 */
const TEXT_MERGEABLE: ReadonlySet<string> = new Set([
  'boolean',
  'byte',
  'short',
  'integer',
  'long',
  'float',
  'double',
  'decimal',
]);

/** Merges the types of two values of one column (PySpark's `_merge_type`, adapted). @internal */
export function mergeTypes(a: DataType, b: DataType, path: string): DataType {
  if (a instanceof NullType) return b;
  if (b instanceof NullType) return a;
  if (a.equals(b)) return a;
  if (a instanceof StringType && TEXT_MERGEABLE.has(b.kind)) return a;
  if (b instanceof StringType && TEXT_MERGEABLE.has(a.kind)) return b;
  if (a instanceof LongType && b instanceof DoubleType) return b;
  if (a instanceof DoubleType && b instanceof LongType) return a;
  if (a instanceof TimestampType && b instanceof TimestampNTZType) return a;
  if (a instanceof TimestampNTZType && b instanceof TimestampType) return b;
  if (a instanceof DecimalType && b instanceof DecimalType) {
    const scale = Math.max(a.scale, b.scale);
    const intDigits = Math.max(a.precision - a.scale, b.precision - b.scale);
    return new DecimalType(Math.min(38, intDigits + scale), scale);
  }
  if (a instanceof ArrayType && b instanceof ArrayType) {
    return new ArrayType(
      mergeTypes(a.elementType, b.elementType, `${path}[]`),
      a.containsNull || b.containsNull,
    );
  }
  if (a instanceof MapType && b instanceof MapType) {
    return new MapType(
      mergeTypes(a.keyType, b.keyType, `${path}.key`),
      mergeTypes(a.valueType, b.valueType, `${path}.value`),
      a.valueContainsNull || b.valueContainsNull,
    );
  }
  if (a instanceof StructType && b instanceof StructType) {
    const fields = a.fields.map((f) => {
      const other = b.getFieldIndex(f.name);
      if (other === undefined) return new StructField(f.name, f.dataType, true, f.metadata);
      const g = b.fields[other];
      return new StructField(
        f.name,
        mergeTypes(f.dataType, g.dataType, join(path, f.name)),
        f.nullable || g.nullable,
        f.metadata,
      );
    });
    for (const g of b.fields) {
      if (a.getFieldIndex(g.name) === undefined)
        fields.push(new StructField(g.name, g.dataType, true, g.metadata));
    }
    return new StructType(fields);
  }
  const where = path === '' ? 'rows' : `column '${path}'`;
  if (a instanceof StringType || b instanceof StringType) {
    const other = a instanceof StringType ? b : a;
    throw new TypeError(
      `createDataFrame(): ${where} mixes ${a.simpleString()} and ${b.simpleString()} values; PySpark would turn the ${other.simpleString()} values into Python's str() of them, which has no exact JavaScript form: convert them to strings or pass a schema`,
    );
  }
  throw new TypeError(
    `createDataFrame(): ${where} mixes ${a.simpleString()} and ${b.simpleString()} values (PySpark cannot merge them either); pass a schema or make the values one type`,
  );
}

function checkDetermined(t: DataType, path: string): void {
  if (t instanceof NullType) {
    throw new TypeError(
      `createDataFrame(): cannot determine the type of column '${path}' from the data (it holds only nulls or empty collections); pass a schema`,
    );
  }
  if (t instanceof StructType) for (const f of t.fields) checkDetermined(f.dataType, join(path, f.name));
  else if (t instanceof ArrayType) checkDetermined(t.elementType, `${path}[]`);
  else if (t instanceof MapType) {
    checkDetermined(t.keyType, `${path}.key`);
    checkDetermined(t.valueType, `${path}.value`);
  }
}
