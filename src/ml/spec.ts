/**
 * The shape of the generated class facts in `specs/` (scripts/gen-ml-specs): per class its Scala
 * name, kind, params (value type and PySpark default), model class and attributes.
 */
import type { Matrix, Vector } from './linalg.js';

/** The value type of a param, from PySpark's type converter. */
export type ParamType =
  | 'int'
  | 'long'
  | 'double'
  | 'string'
  | 'boolean'
  | 'double[]'
  | 'int[]'
  | 'string[]'
  | 'double[][]'
  | 'vector'
  | 'matrix';

/** `[type]` or `[type, PySpark default]`. */
export type ParamSpec = readonly [ParamType] | readonly [ParamType, unknown];

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** How an attribute comes back: a plain value, a vector, a matrix, or a DataFrame. */
export type AttrKind = 'value' | 'vector' | 'matrix' | 'frame';

export interface SummarySpec {
  /** The dataset the summary DataFrames are computed over: the training data or its transform. */
  readonly dataset: 'training' | 'transformed';
  readonly attributes: Readonly<Record<string, AttrKind>>;
}

export interface ModelSpec {
  readonly name: string;
  readonly className: string;
  readonly params: ParamSpecs;
  readonly attributes: Readonly<Record<string, AttrKind>>;
  readonly summary?: SummarySpec;
}

export interface MlClassSpec {
  readonly name: string;
  readonly kind: 'estimator' | 'transformer' | 'evaluator';
  readonly className: string;
  readonly params: ParamSpecs;
  readonly model?: ModelSpec;
}

/** The JS type of a param type. */
export type JsOf<T extends ParamType> = T extends 'int' | 'double'
  ? number
  : T extends 'long'
    ? number | bigint
    : T extends 'string'
      ? string
      : T extends 'boolean'
        ? boolean
        : T extends 'double[]' | 'int[]'
          ? readonly number[]
          : T extends 'string[]'
            ? readonly string[]
            : T extends 'double[][]'
              ? readonly (readonly number[])[]
              : T extends 'vector'
                ? Vector
                : Matrix;

/** The param values object of a spec: every param optional, typed. */
export type ParamValuesOf<P extends ParamSpecs> = { -readonly [K in keyof P]?: JsOf<P[K][0]> };

/** The JS type of an attribute kind. */
export type AttrValueOf<K extends AttrKind> = K extends 'vector'
  ? Vector
  : K extends 'matrix'
    ? Matrix
    : unknown;
