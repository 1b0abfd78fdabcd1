/**
 * Column-wise results (`df.collectColumns()`): the record batches of a result turned into one
 * array per column instead of one Row per record. Wide results then cost per column, not per row.
 *
 * Numeric and boolean columns become typed arrays; the Arrow data buffer of every batch is copied
 * once into the whole-result array (byte-wise, so any source alignment or offset works), not value
 * by value. Every other type becomes a plain array of the values `Row.get` gives for it, through
 * the same converters as the rows (converters.ts). Nulls are a separate byte mask.
 */

import { type Data, type RecordBatch, Type } from 'apache-arrow';
import { ProtocolError } from '../errors/base.js';
import type { StructType } from '../types/complex-types.js';
import type { DataType } from '../types/data-types.js';
import { isValid, nullsOf } from './arrow-data.js';
import { type ColumnFactory, type ConverterOptions, columnFor, type ValueReader } from './converters.js';

/** The typed array of each Spark type whose column comes as a typed array. */
export interface TypedColumnArrays {
  /** 1 for true, 0 for false (and for null). */
  boolean: Uint8Array;
  byte: Int8Array;
  short: Int16Array;
  integer: Int32Array;
  long: BigInt64Array;
  float: Float32Array;
  double: Float64Array;
}

/** A Spark type kind whose column comes as a typed array. */
export type TypedColumnKind = keyof TypedColumnArrays;

/** One of the typed arrays of `TypedColumnArrays`. */
export type TypedColumnArray = TypedColumnArrays[TypedColumnKind];

type TypedArrayCtor = new (length: number) => TypedColumnArray;

const TYPED: Record<TypedColumnKind, { ctor: TypedArrayCtor; arrow: Type }> = {
  boolean: { ctor: Uint8Array, arrow: Type.Bool },
  byte: { ctor: Int8Array, arrow: Type.Int },
  short: { ctor: Int16Array, arrow: Type.Int },
  integer: { ctor: Int32Array, arrow: Type.Int },
  long: { ctor: BigInt64Array, arrow: Type.Int },
  float: { ctor: Float32Array, arrow: Type.Float },
  double: { ctor: Float64Array, arrow: Type.Float },
};

function typedKind(type: DataType): TypedColumnKind | undefined {
  const kind = type.kind;
  return Object.hasOwn(TYPED, kind) ? (kind as TypedColumnKind) : undefined;
}

/**
 * One column of a `ColumnarResult`.
 *
 * `values` is a typed array for boolean (`Uint8Array` of 0/1), byte, short, integer, long
 * (`BigInt64Array`), float and double columns, with 0 at null positions; for every other type it
 * is an array of the values `Row.get` gives (strings, decimal strings, Dates, SparkTimestamps,
 * Rows, arrays, Maps, ...), with null at null positions. `nulls` marks the nulls of either kind.
 *
 * @example
 * const price = result.column('price');
 * const v = price.valuesAs('double'); // Float64Array
 * let sum = 0;
 * for (let i = 0; i < v.length; i++) if (!price.isNull(i)) sum += v[i];
 */
export class ResultColumn {
  /** The field name. */
  readonly name: string;
  /** The position of the field in the schema. */
  readonly index: number;
  /** The Spark type of the field. */
  readonly dataType: DataType;
  /** The values: a typed array (see the class doc) or an array of JS values. */
  readonly values: TypedColumnArray | readonly unknown[];
  /** One byte per row, 1 where the value is null; undefined when the column has no null. */
  readonly nulls: Uint8Array | undefined;
  /** The number of nulls. */
  readonly nullCount: number;

  /** @internal */
  constructor(
    index: number,
    name: string,
    dataType: DataType,
    values: TypedColumnArray | unknown[],
    nulls: Uint8Array | undefined,
    nullCount: number,
  ) {
    this.index = index;
    this.name = name;
    this.dataType = dataType;
    this.values = values;
    this.nulls = nullCount === 0 ? undefined : nulls;
    this.nullCount = nullCount;
  }

  /** The number of values (the result's numRows). */
  get length(): number {
    return this.values.length;
  }

  /** Whether `values` is a typed array. @example if (col.isTyped) console.log(col.values.byteLength) */
  get isTyped(): boolean {
    return !Array.isArray(this.values);
  }

  /** Whether the value at row `i` is null. @example col.isNull(0) */
  isNull(i: number): boolean {
    return this.nulls !== undefined && this.nulls[i] === 1;
  }

  /**
   * The value at row `i` as `Row.get` gives it (booleans as booleans, null for nulls).
   * @example result.column('id').get(0) // 0n
   * @throws RangeError for an index out of range
   */
  get(i: number): unknown {
    if (!Number.isInteger(i) || i < 0 || i >= this.values.length) {
      throw new RangeError(
        `Row index ${i} is out of range [0, ${this.values.length}) of column '${this.name}'`,
      );
    }
    if (this.isNull(i)) return null;
    const v = this.values[i];
    return this.dataType.kind === 'boolean' ? v === 1 : v;
  }

  /**
   * The typed array of the column, checked against the column's type.
   * @example const ids = result.column('id').valuesAs('long'); // BigInt64Array
   * @throws TypeError when the column is not of that type
   */
  valuesAs<K extends TypedColumnKind>(kind: K): TypedColumnArrays[K] {
    if (!Object.hasOwn(TYPED, kind)) {
      throw new TypeError(
        `valuesAs() takes one of ${Object.keys(TYPED).join(', ')}, got ${JSON.stringify(kind)}`,
      );
    }
    if (this.dataType.kind !== kind) {
      throw new TypeError(
        `Column '${this.name}' is of type ${this.dataType.simpleString()}, not ${kind}` +
          (this.isTyped ? '' : ': its values are a plain array'),
      );
    }
    return this.values as TypedColumnArrays[K];
  }

  /**
   * The values as `Row.get` gives them, nulls as null, in a new plain array.
   * @example result.column('flag').toArray() // [true, null, false]
   */
  toArray(): unknown[] {
    const n = this.values.length;
    const out: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.get(i);
    return out;
  }
}

/**
 * A whole result, column by column: what `df.collectColumns()` returns.
 *
 * @example
 * const result = await spark.range(0, 1000).selectExpr('id', 'id / 2 AS half').collectColumns();
 * result.numRows; // 1000
 * result.column('half').valuesAs('double')[10]; // 5
 * result.columns.map((c) => c.name); // ['id', 'half']
 */
export class ColumnarResult {
  /** The Spark schema of the result (the same as the rows of `collect()` carry). */
  readonly schema: StructType;
  /** The number of rows. */
  readonly numRows: number;
  /** One column per field of the schema, in order. */
  readonly columns: readonly ResultColumn[];

  /** @internal */
  constructor(schema: StructType, numRows: number, columns: ResultColumn[]) {
    this.schema = schema;
    this.numRows = numRows;
    this.columns = columns;
  }

  /**
   * A column by position or by name (the first field of that name).
   * @example result.column(0); result.column('id')
   * @throws RangeError for an index out of range or an unknown name
   */
  column(indexOrName: number | string): ResultColumn {
    if (typeof indexOrName === 'number') return this.columns[this.schema.checkIndex(indexOrName)];
    if (typeof indexOrName === 'string') return this.columns[this.schema.fieldIndex(indexOrName)];
    throw new TypeError(`column() takes a field index or name, got ${typeof indexOrName}`);
  }
}

/** Options of ColumnarDecoder. */
export interface ColumnarDecoderOptions {
  /** The session time zone (IANA id); used to print variant timestamps. */
  timeZone: string;
}

/**
 * Collects record batches and turns them into a `ColumnarResult` (see the module doc). The
 * converters are built once, in the constructor.
 *
 * @example
 * const decoder = new ColumnarDecoder(schema, { timeZone: 'UTC' });
 * for (const batch of decodeArrowBatches(ipc)) decoder.add(batch);
 * const result = decoder.finish();
 */
export class ColumnarDecoder {
  /** The Spark schema of the result. */
  readonly schema: StructType;
  private readonly factories: ColumnFactory[];
  private batches: RecordBatch[] = [];
  private rows = 0;

  constructor(schema: StructType, options: ColumnarDecoderOptions) {
    this.schema = schema;
    const opts: ConverterOptions = { timeZone: options.timeZone };
    this.factories = schema.fields.map((f) => columnFor(f.dataType, f.name, opts));
  }

  /**
   * Adds a record batch (kept until `finish()`).
   * @throws ProtocolError when the batch's columns do not fit the schema
   */
  add(batch: RecordBatch): void {
    const ncols = batch.data.children.length;
    if (ncols !== this.factories.length) {
      throw new ProtocolError(
        `Arrow batch has ${ncols} columns but the schema has ${this.factories.length} (${this.schema.simpleString()})`,
      );
    }
    this.batches.push(batch);
    this.rows += batch.numRows;
  }

  /**
   * The columns of every batch added so far, copied into whole-result arrays. The decoder lets go
   * of each batch once it is copied, so it can be used once only.
   * @throws ProtocolError when a batch's column data does not fit its Spark type
   */
  finish(): ColumnarResult {
    const total = this.rows;
    const fields = this.schema.fields;
    const sinks = fields.map((f, k) => newSink(f.dataType, this.factories[k], f.name, total));
    const batches = this.batches;
    this.batches = [];
    let pos = 0;
    for (let b = 0; b < batches.length; b++) {
      const children = batches[b].data.children;
      const n = batches[b].numRows;
      for (let k = 0; k < sinks.length; k++) sinks[k].copy(children[k], pos, n);
      batches[b] = undefined as unknown as RecordBatch; // let go of the batch's buffers early
      pos += n;
    }
    const columns = sinks.map(
      (s, k) => new ResultColumn(k, fields[k].name, fields[k].dataType, s.values, s.nulls, s.nullCount),
    );
    return new ColumnarResult(this.schema, total, columns);
  }
}

/** The whole-result arrays of one column, filled batch by batch. */
interface Sink {
  values: TypedColumnArray | unknown[];
  nulls: Uint8Array | undefined;
  nullCount: number;
  /** Copies `n` values of one batch's column data to rows `pos ..`. */
  copy(data: Data, pos: number, n: number): void;
}

function newSink(type: DataType, factory: ColumnFactory, path: string, total: number): Sink {
  const kind = typedKind(type);
  return kind === undefined ? new ValuesSink(factory, total) : new TypedSink(kind, factory, path, total);
}

/** Any type: the converters' values (as Row.get gives them); nulls where a value is null. */
class ValuesSink implements Sink {
  readonly values: unknown[];
  nulls: Uint8Array | undefined;
  nullCount = 0;
  private readonly total: number;

  constructor(
    private readonly factory: ColumnFactory,
    total: number,
  ) {
    this.total = total;
    this.values = new Array(total);
  }

  copy(data: Data, pos: number, n: number): void {
    const read = this.factory(data).read;
    const values = this.values;
    for (let i = 0; i < n; i++) {
      const v = read(i);
      values[pos + i] = v;
      if (v === null) {
        this.nulls ??= new Uint8Array(this.total);
        this.nulls[pos + i] = 1;
        this.nullCount++;
      }
    }
  }
}

/** Numeric and boolean types: a typed array, one buffer copy per batch where the layout allows. */
class TypedSink implements Sink {
  readonly values: TypedColumnArray;
  nulls: Uint8Array | undefined;
  nullCount = 0;
  private readonly bytes: Uint8Array;
  private readonly ctor: TypedArrayCtor;
  private readonly arrowType: Type;

  constructor(
    private readonly kind: TypedColumnKind,
    private readonly factory: ColumnFactory,
    private readonly path: string,
    private readonly total: number,
  ) {
    const spec = TYPED[kind];
    this.ctor = spec.ctor;
    this.arrowType = spec.arrow;
    this.values = new spec.ctor(total);
    this.bytes = new Uint8Array(this.values.buffer);
  }

  copy(data: Data, pos: number, n: number): void {
    if (data.typeId === this.arrowType && this.kind === 'boolean') this.copyBits(data, pos, n);
    else if (data.typeId === this.arrowType && data.values instanceof this.ctor)
      this.copyBuffer(data, pos, n);
    else this.copyRead(this.factory(data).read, pos, n);
    const bm = nullsOf(data);
    if (bm !== undefined) this.markNulls(bm, data.offset, pos, n);
  }

  /** The batch's data buffer (already at the data's offset) into the result, byte-wise. */
  private copyBuffer(data: Data, pos: number, n: number): void {
    const src = data.values as TypedColumnArray;
    const bpe = src.BYTES_PER_ELEMENT;
    if (src.length < n) {
      throw new ProtocolError(
        `Column '${this.path}': Arrow data buffer holds ${src.length} values, the batch has ${n} rows`,
      );
    }
    this.bytes.set(new Uint8Array(src.buffer, src.byteOffset, n * bpe), pos * bpe);
  }

  private copyBits(data: Data, pos: number, n: number): void {
    const bits = data.values as Uint8Array;
    const o = data.offset;
    const out = this.values as Uint8Array;
    for (let i = 0; i < n; i++) out[pos + i] = isValid(bits, o + i) ? 1 : 0;
  }

  /** Other Arrow layouts (dictionaries, narrower or half-precision data): through the converter. */
  private copyRead(read: ValueReader, pos: number, n: number): void {
    const out = this.values;
    if (out instanceof BigInt64Array) {
      for (let i = 0; i < n; i++) {
        const v = read(i);
        out[pos + i] = v === null ? 0n : BigInt(v as bigint | number);
      }
      return;
    }
    const num = out as Exclude<TypedColumnArray, BigInt64Array>;
    for (let i = 0; i < n; i++) {
      const v = read(i);
      num[pos + i] = v === null ? 0 : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
    }
  }

  /** Nulls from the validity bitmap; their values become 0 whatever the buffer held. */
  private markNulls(bm: Uint8Array, o: number, pos: number, n: number): void {
    this.nulls ??= new Uint8Array(this.total);
    const nulls = this.nulls;
    const out = this.values;
    const zero = out instanceof BigInt64Array ? 0n : 0;
    for (let i = 0; i < n; i++) {
      if (isValid(bm, o + i)) continue;
      nulls[pos + i] = 1;
      (out as unknown as { [i: number]: number | bigint })[pos + i] = zero;
      this.nullCount++;
    }
  }
}
