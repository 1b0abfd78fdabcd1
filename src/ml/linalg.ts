/**
 * Spark ML vectors and matrices (`pyspark.ml.linalg`): dense and sparse values, read from results
 * (the VectorUDT / MatrixUDT columns arrive as their underlying struct) and sent as params or
 * method arguments (a struct literal typed with the UDT, as PySpark does).
 */
import { create } from '@bufbuild/protobuf';
import { type Expression_Literal, Expression_LiteralSchema } from '../gen/spark/connect/expressions_pb.js';
import { DataTypeSchema, type DataType as ProtoDataType } from '../gen/spark/connect/types_pb.js';

export const VECTOR_UDT = 'org.apache.spark.ml.linalg.VectorUDT';
export const MATRIX_UDT = 'org.apache.spark.ml.linalg.MatrixUDT';

function checkFinite(values: readonly number[], what: string): Float64Array {
  for (const v of values) {
    if (typeof v !== 'number') throw new TypeError(`${what} values must be numbers, got ${typeof v}`);
  }
  return Float64Array.from(values);
}

function checkIndex(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 2147483647) {
    throw new TypeError(`${what} must be a non-negative 32-bit integer, got ${v}`);
  }
  return v;
}

/** A dense vector. @example Vectors.dense(1, 0, 3).toArray() // [1, 0, 3] */
export class DenseVector {
  readonly values: Float64Array;
  constructor(values: readonly number[] | Float64Array) {
    this.values = values instanceof Float64Array ? values : checkFinite(values, 'DenseVector');
  }
  /** The number of elements. @example Vectors.dense(1, 2).size // 2 */
  get size(): number {
    return this.values.length;
  }
  /** The elements as an array. @example Vectors.dense(1, 2).toArray() // [1, 2] */
  toArray(): number[] {
    return [...this.values];
  }
  /** Element `i`. @example Vectors.dense(4, 5).get(1) // 5 */
  get(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.size)
      throw new RangeError(`Index ${i} out of range 0..${this.size - 1}`);
    return this.values[i];
  }
  toString(): string {
    return `[${this.toArray().join(',')}]`;
  }
  toJSON(): { type: 'dense'; values: number[] } {
    return { type: 'dense', values: this.toArray() };
  }
}

/** A sparse vector: a size plus sorted indices and their values. @example Vectors.sparse(4, [1, 3], [2, 5]) */
export class SparseVector {
  readonly size: number;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  constructor(
    size: number,
    indices: readonly number[] | Int32Array,
    values: readonly number[] | Float64Array,
  ) {
    this.size = checkIndex(size, 'SparseVector size');
    this.indices =
      indices instanceof Int32Array
        ? indices
        : Int32Array.from(indices.map((i) => checkIndex(i, 'SparseVector index')));
    this.values = values instanceof Float64Array ? values : checkFinite(values, 'SparseVector');
    if (this.indices.length !== this.values.length) {
      throw new TypeError(`SparseVector has ${this.indices.length} indices but ${this.values.length} values`);
    }
    for (let k = 0; k < this.indices.length; k++) {
      if (this.indices[k] >= this.size)
        throw new RangeError(`SparseVector index ${this.indices[k]} >= size ${this.size}`);
      if (k > 0 && this.indices[k] <= this.indices[k - 1])
        throw new TypeError('SparseVector indices must be strictly increasing');
    }
  }
  /** The dense elements. @example Vectors.sparse(3, [1], [7]).toArray() // [0, 7, 0] */
  toArray(): number[] {
    const out = new Array<number>(this.size).fill(0);
    this.indices.forEach((i, k) => {
      out[i] = this.values[k];
    });
    return out;
  }
  /** Element `i`. @example Vectors.sparse(3, [1], [7]).get(1) // 7 */
  get(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.size)
      throw new RangeError(`Index ${i} out of range 0..${this.size - 1}`);
    const k = this.indices.indexOf(i);
    return k < 0 ? 0 : this.values[k];
  }
  toString(): string {
    return `(${this.size},[${[...this.indices].join(',')}],[${[...this.values].join(',')}])`;
  }
  toJSON(): { type: 'sparse'; size: number; indices: number[]; values: number[] } {
    return { type: 'sparse', size: this.size, indices: [...this.indices], values: [...this.values] };
  }
}

export type Vector = DenseVector | SparseVector;

/** Factory methods, as `pyspark.ml.linalg.Vectors`. */
export const Vectors = {
  /** @example Vectors.dense(1, 2, 3) or Vectors.dense([1, 2, 3]) */
  dense(...values: number[] | [readonly number[]]): DenseVector {
    const flat =
      values.length === 1 && Array.isArray(values[0])
        ? (values[0] as readonly number[])
        : (values as number[]);
    return new DenseVector(flat);
  },
  /** @example Vectors.sparse(4, [0, 3], [1.5, -2]) */
  sparse(size: number, indices: readonly number[], values: readonly number[]): SparseVector {
    return new SparseVector(size, indices, values);
  },
  /** @example Vectors.zeros(3) // [0,0,0] */
  zeros(size: number): DenseVector {
    return new DenseVector(new Float64Array(checkIndex(size, 'size')));
  },
};

/** A dense column-major matrix (row-major when `isTransposed`). @example Matrices.dense(2, 2, [1, 2, 3, 4]) */
export class DenseMatrix {
  constructor(
    readonly numRows: number,
    readonly numCols: number,
    readonly values: Float64Array,
    readonly isTransposed = false,
  ) {
    if (values.length !== numRows * numCols) {
      throw new TypeError(
        `DenseMatrix ${numRows}x${numCols} needs ${numRows * numCols} values, got ${values.length}`,
      );
    }
  }
  /** Element (i, j). @example Matrices.dense(2, 2, [1, 2, 3, 4]).get(1, 0) // 2 */
  get(i: number, j: number): number {
    if (i < 0 || i >= this.numRows || j < 0 || j >= this.numCols)
      throw new RangeError(`(${i}, ${j}) out of range`);
    return this.isTransposed ? this.values[i * this.numCols + j] : this.values[j * this.numRows + i];
  }
  /** The rows as arrays. @example Matrices.dense(1, 2, [1, 2]).toArray() // [[1, 2]] */
  toArray(): number[][] {
    return Array.from({ length: this.numRows }, (_, i) =>
      Array.from({ length: this.numCols }, (_, j) => this.get(i, j)),
    );
  }
  toJSON(): { type: 'dense'; numRows: number; numCols: number; values: number[]; isTransposed: boolean } {
    return {
      type: 'dense',
      numRows: this.numRows,
      numCols: this.numCols,
      values: [...this.values],
      isTransposed: this.isTransposed,
    };
  }
}

/** A sparse matrix in CSC form (CSR when `isTransposed`). @example Matrices.sparse(2, 2, [0, 1, 2], [0, 1], [5, 6]) */
export class SparseMatrix {
  constructor(
    readonly numRows: number,
    readonly numCols: number,
    readonly colPtrs: Int32Array,
    readonly rowIndices: Int32Array,
    readonly values: Float64Array,
    readonly isTransposed = false,
  ) {
    const major = isTransposed ? numRows : numCols;
    if (colPtrs.length !== major + 1)
      throw new TypeError(`SparseMatrix needs ${major + 1} column pointers, got ${colPtrs.length}`);
    if (rowIndices.length !== values.length)
      throw new TypeError('SparseMatrix rowIndices and values differ in length');
  }
  /** Element (i, j). @example Matrices.sparse(2, 2, [0, 1, 2], [0, 1], [5, 6]).get(1, 1) // 6 */
  get(i: number, j: number): number {
    if (i < 0 || i >= this.numRows || j < 0 || j >= this.numCols)
      throw new RangeError(`(${i}, ${j}) out of range`);
    const [major, minor] = this.isTransposed ? [i, j] : [j, i];
    for (let k = this.colPtrs[major]; k < this.colPtrs[major + 1]; k++) {
      if (this.rowIndices[k] === minor) return this.values[k];
    }
    return 0;
  }
  /** The rows as dense arrays. @example m.toArray() */
  toArray(): number[][] {
    return Array.from({ length: this.numRows }, (_, i) =>
      Array.from({ length: this.numCols }, (_, j) => this.get(i, j)),
    );
  }
  toJSON(): Record<string, unknown> {
    return {
      type: 'sparse',
      numRows: this.numRows,
      numCols: this.numCols,
      colPtrs: [...this.colPtrs],
      rowIndices: [...this.rowIndices],
      values: [...this.values],
      isTransposed: this.isTransposed,
    };
  }
}

export type Matrix = DenseMatrix | SparseMatrix;

/** Factory methods, as `pyspark.ml.linalg.Matrices`. */
export const Matrices = {
  /** Column-major values. @example Matrices.dense(2, 2, [1, 2, 3, 4]) */
  dense(numRows: number, numCols: number, values: readonly number[]): DenseMatrix {
    return new DenseMatrix(
      checkIndex(numRows, 'numRows'),
      checkIndex(numCols, 'numCols'),
      checkFinite(values, 'DenseMatrix'),
    );
  },
  /** CSC form. @example Matrices.sparse(2, 2, [0, 1, 2], [0, 1], [5, 6]) */
  sparse(
    numRows: number,
    numCols: number,
    colPtrs: readonly number[],
    rowIndices: readonly number[],
    values: readonly number[],
  ): SparseMatrix {
    return new SparseMatrix(
      checkIndex(numRows, 'numRows'),
      checkIndex(numCols, 'numCols'),
      Int32Array.from(colPtrs),
      Int32Array.from(rowIndices),
      checkFinite(values, 'SparseMatrix'),
    );
  },
};

/** True for the JVM class of the ML vector and matrix UDTs. */
export function isLinalgUdt(jvmClass: string): boolean {
  return jvmClass === VECTOR_UDT || jvmClass === MATRIX_UDT;
}

/** True for the ML vector and matrix classes. */
export function isLinalgValue(v: unknown): v is Vector | Matrix {
  return (
    v instanceof DenseVector ||
    v instanceof SparseVector ||
    v instanceof DenseMatrix ||
    v instanceof SparseMatrix
  );
}

/**
 * A value of the VectorUDT / MatrixUDT struct (as rows decode it: an object or array of its
 * fields in order) → Vector / Matrix. Fields: vector (type, size, indices, values); matrix
 * (type, numRows, numCols, colPtrs, rowIndices, values, isTransposed); type 0 sparse, 1 dense.
 */
export function linalgFromStruct(jvmClass: string, fields: readonly unknown[]): Vector | Matrix {
  const nums = (v: unknown): number[] =>
    v === null || v === undefined
      ? []
      : (v as ArrayLike<number>) && Array.from(v as ArrayLike<number>, Number);
  const tpe = Number(fields[0]);
  if (jvmClass === VECTOR_UDT) {
    if (tpe === 1) return new DenseVector(Float64Array.from(nums(fields[3])));
    if (tpe === 0)
      return new SparseVector(
        Number(fields[1]),
        Int32Array.from(nums(fields[2])),
        Float64Array.from(nums(fields[3])),
      );
  } else if (jvmClass === MATRIX_UDT) {
    const [numRows, numCols] = [Number(fields[1]), Number(fields[2])];
    const values = Float64Array.from(nums(fields[5]));
    const transposed = fields[6] === true;
    if (tpe === 1) return new DenseMatrix(numRows, numCols, values, transposed);
    if (tpe === 0) {
      return new SparseMatrix(
        numRows,
        numCols,
        Int32Array.from(nums(fields[3])),
        Int32Array.from(nums(fields[4])),
        values,
        transposed,
      );
    }
  } else {
    throw new TypeError(`Unknown ML user-defined type ${jvmClass}`);
  }
  throw new TypeError(`Unknown ${jvmClass.endsWith('VectorUDT') ? 'vector' : 'matrix'} type tag ${tpe}`);
}

function udtType(jvmClass: string): ProtoDataType {
  return create(DataTypeSchema, { kind: { case: 'udt', value: { type: 'udt', jvmClass } } });
}

const lit = (literalType: Expression_Literal['literalType']): Expression_Literal =>
  create(Expression_LiteralSchema, { literalType });
const nullLit = (): Expression_Literal =>
  lit({ case: 'null', value: { kind: { case: 'null', value: {} } } } as Expression_Literal['literalType']);
const ints = (v: ArrayLike<number>): Expression_Literal =>
  lit({
    case: 'specializedArray',
    value: { valueType: { case: 'ints', value: { values: Array.from(v) } } },
  } as Expression_Literal['literalType']);
const doubles = (v: ArrayLike<number>): Expression_Literal =>
  lit({
    case: 'specializedArray',
    value: { valueType: { case: 'doubles', value: { values: Array.from(v) } } },
  } as Expression_Literal['literalType']);

/** A Vector / Matrix as the struct literal typed with its UDT (the form ML params and arguments take). */
export function linalgToLiteral(v: Vector | Matrix): Expression_Literal {
  let jvmClass: string;
  let elements: Expression_Literal[];
  if (v instanceof SparseVector) {
    jvmClass = VECTOR_UDT;
    elements = [
      lit({ case: 'byte', value: 0 }),
      lit({ case: 'integer', value: v.size }),
      ints(v.indices),
      doubles(v.values),
    ];
  } else if (v instanceof DenseVector) {
    jvmClass = VECTOR_UDT;
    elements = [lit({ case: 'byte', value: 1 }), nullLit(), nullLit(), doubles(v.values)];
  } else if (v instanceof SparseMatrix) {
    jvmClass = MATRIX_UDT;
    elements = [
      lit({ case: 'byte', value: 0 }),
      lit({ case: 'integer', value: v.numRows }),
      lit({ case: 'integer', value: v.numCols }),
      ints(v.colPtrs),
      ints(v.rowIndices),
      doubles(v.values),
      lit({ case: 'boolean', value: v.isTransposed }),
    ];
  } else {
    jvmClass = MATRIX_UDT;
    elements = [
      lit({ case: 'byte', value: 1 }),
      lit({ case: 'integer', value: v.numRows }),
      lit({ case: 'integer', value: v.numCols }),
      nullLit(),
      nullLit(),
      doubles(v.values),
      lit({ case: 'boolean', value: v.isTransposed }),
    ];
  }
  return lit({
    case: 'struct',
    value: { structType: udtType(jvmClass), elements },
  } as Expression_Literal['literalType']);
}

/** A literal the server sent (a UDT struct or a plain literal's value) → Vector / Matrix, or undefined. */
export function linalgFromLiteral(l: Expression_Literal): Vector | Matrix | undefined {
  if (l.literalType.case !== 'struct') return undefined;
  const st = l.literalType.value.structType;
  if (st?.kind.case !== 'udt') return undefined;
  const fields = l.literalType.value.elements.map((e) => {
    const t = e.literalType;
    if (t.case === 'specializedArray')
      return t.value.valueType.case === undefined ? [] : [...t.value.valueType.value.values].map(Number);
    if (t.case === 'null' || t.case === undefined) return null;
    if (t.case === 'array') return t.value.elements.map((x) => Number(x.literalType.value));
    return t.value;
  });
  return linalgFromStruct(st.kind.value.jvmClass ?? '', fields);
}
