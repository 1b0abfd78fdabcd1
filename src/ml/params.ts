/**
 * Params: the named settings of an ML stage, as `pyspark.ml.param.Params`. A stage knows its
 * params (names, value types, PySpark defaults) from its spec; only the params set explicitly are
 * sent to the server, as literals of the param's type. A stage driven by class name alone (no
 * spec) accepts any param name and sends the literal its JS value maps to (`typed.double(0)` etc.
 * pick an exact type).
 */
import { randomBytes } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { TypedValue, toLiteral } from '../column/literal.js';
import { literalToJs } from '../dataframe/literal-values.js';
import { type Expression_Literal, Expression_LiteralSchema } from '../gen/spark/connect/expressions_pb.js';
import { type MlParams, MlParamsSchema } from '../gen/spark/connect/ml_common_pb.js';
import { DataTypeSchema } from '../gen/spark/connect/types_pb.js';
import { isLinalgValue, linalgFromLiteral, linalgToLiteral } from './linalg.js';
import type { ParamSpecs, ParamType } from './spec.js';

/** A param value: what a param of any type holds. */
export type ParamValue = unknown;

/** A PySpark-style uid: the class name, `_`, 12 hex digits. */
export function randomUid(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

const ELEMENT: Partial<Record<ParamType, ParamType>> = {
  'double[]': 'double',
  'int[]': 'int',
  'string[]': 'string',
  'double[][]': 'double[]',
};

const PROTO_ELEMENT: Record<string, 'integer' | 'double' | 'string'> = {
  int: 'integer',
  double: 'double',
  string: 'string',
};

function fail(owner: string, name: string, type: ParamType, value: unknown): never {
  const shown =
    typeof value === 'object'
      ? value === null
        ? 'null'
        : (value.constructor?.name ?? 'object')
      : JSON.stringify(value);
  throw new TypeError(`${owner}: param '${name}' takes ${type}, got ${shown}`);
}

/** Checks a value against a param type; returns it normalized (arrays copied). */
export function checkParamValue(owner: string, name: string, type: ParamType, value: unknown): unknown {
  switch (type) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < -2147483648 || value > 2147483647)
        fail(owner, name, type, value);
      return value;
    case 'long':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      if (typeof value !== 'bigint') fail(owner, name, type, value);
      return value;
    case 'double':
      if (typeof value !== 'number') fail(owner, name, type, value);
      return value;
    case 'string':
      if (typeof value !== 'string') fail(owner, name, type, value);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') fail(owner, name, type, value);
      return value;
    case 'vector':
      if (!isLinalgValue(value) || !('size' in value)) fail(owner, name, type, value);
      return value;
    case 'matrix':
      if (!isLinalgValue(value) || !('numRows' in value)) fail(owner, name, type, value);
      return value;
    default: {
      const el = ELEMENT[type] as ParamType;
      if (!Array.isArray(value)) fail(owner, name, type, value);
      return value.map((v, i) => checkParamValue(owner, `${name}[${i}]`, el, v));
    }
  }
}

function arrayLiteral(type: ParamType, values: readonly unknown[]): Expression_Literal {
  const el = ELEMENT[type] as ParamType;
  const elementType =
    el === 'double[]'
      ? create(DataTypeSchema, {
          kind: {
            case: 'array',
            value: {
              elementType: create(DataTypeSchema, { kind: { case: 'double', value: {} } }),
              containsNull: false,
            },
          },
        })
      : create(DataTypeSchema, { kind: { case: PROTO_ELEMENT[el], value: {} } } as Parameters<
          typeof create<typeof DataTypeSchema>
        >[1]);
  return create(Expression_LiteralSchema, {
    literalType: {
      case: 'array',
      value: { elementType, elements: values.map((v) => typedParamLiteral(el, v)) },
    },
  });
}

/** A param value as the literal of its type (int → integer, double → double, vector → UDT struct, ...). */
export function typedParamLiteral(type: ParamType, value: unknown): Expression_Literal {
  switch (type) {
    case 'int':
      return create(Expression_LiteralSchema, { literalType: { case: 'integer', value: value as number } });
    case 'long':
      return create(Expression_LiteralSchema, {
        literalType: { case: 'long', value: BigInt(value as bigint) },
      });
    case 'double':
      return create(Expression_LiteralSchema, { literalType: { case: 'double', value: value as number } });
    case 'string':
    case 'boolean':
      return toLiteral(value);
    case 'vector':
    case 'matrix':
      return linalgToLiteral(value as Parameters<typeof linalgToLiteral>[0]);
    default:
      return arrayLiteral(type, value as readonly unknown[]);
  }
}

/** A param value of a stage without spec: vectors and matrices as their UDT, the rest as `lit()` does. */
export function untypedParamLiteral(value: unknown): Expression_Literal {
  if (isLinalgValue(value)) return linalgToLiteral(value);
  if (value instanceof TypedValue) return toLiteral(value);
  return toLiteral(value);
}

/** A literal the server sent (param values, attributes) → JS value; vectors and matrices decoded. */
export function paramFromLiteral(l: Expression_Literal): unknown {
  if (l.literalType.case === 'array') return l.literalType.value.elements.map(paramFromLiteral);
  return linalgFromLiteral(l) ?? literalToJs(l);
}

/**
 * The params of a stage. Setters change the stage and return it (as PySpark's do).
 *
 * @example
 * const lr = new LogisticRegression({ maxIter: 10 });
 * lr.set('regParam', 0.01).getOrDefault('maxIter'); // 10
 */
export class Params<V extends object = Record<string, unknown>> {
  /** The stage's unique id (PySpark's form: `ClassName_` + 12 hex digits). */
  uid: string;
  /** @internal The params this stage knows; undefined for a stage driven by class name only. */
  readonly paramSpecs: ParamSpecs | undefined;
  /** @internal */
  readonly paramMap = new Map<string, unknown>();
  /** @internal A label for errors. */
  readonly ownerName: string;

  /** @internal */
  constructor(ownerName: string, specs: ParamSpecs | undefined, values?: Partial<V>, uid?: string) {
    this.ownerName = ownerName;
    this.paramSpecs = specs;
    this.uid = uid ?? randomUid(ownerName.slice(ownerName.lastIndexOf('.') + 1));
    if (values !== undefined) this.setParams(values);
  }

  /** @internal */
  specOf(name: string): ParamType | undefined {
    if (typeof name !== 'string' || name.length === 0)
      throw new TypeError(`${this.ownerName}: a param name must be a non-empty string`);
    if (this.paramSpecs === undefined) return undefined;
    const s = this.paramSpecs[name];
    if (s === undefined) {
      throw new TypeError(
        `${this.ownerName} has no param '${name}'; its params: ${Object.keys(this.paramSpecs).join(', ')}`,
      );
    }
    return s[0];
  }

  /** True when the stage has a param of that name (always true for a stage without spec). @example lr.hasParam('maxIter') */
  hasParam(name: string): boolean {
    return this.paramSpecs === undefined || Object.hasOwn(this.paramSpecs, name);
  }

  /** The names of the known params (empty for a stage without spec). @example lr.paramNames() */
  paramNames(): string[] {
    return Object.keys(this.paramSpecs ?? {});
  }

  /** Sets one param. @example lr.set('maxIter', 20) */
  set<K extends keyof V & string>(name: K, value: NonNullable<V[K]>): this {
    const type = this.specOf(name);
    if (value === undefined || value === null)
      throw new TypeError(`${this.ownerName}: param '${name}' cannot be set to ${value}`);
    this.paramMap.set(name, type === undefined ? value : checkParamValue(this.ownerName, name, type, value));
    return this;
  }

  /** Sets several params (undefined values are ignored). @example lr.setParams({ maxIter: 5, regParam: 0.1 }) */
  setParams(values: Partial<V>): this {
    if (values === null || typeof values !== 'object')
      throw new TypeError(`${this.ownerName}: params must be an object`);
    for (const [k, v] of Object.entries(values)) {
      if (v !== undefined) this.set(k as keyof V & string, v as NonNullable<V[keyof V & string]>);
    }
    return this;
  }

  /** Removes an explicitly set value. @example lr.clear('maxIter') */
  clear(name: keyof V & string): this {
    this.specOf(name);
    this.paramMap.delete(name);
    return this;
  }

  /** True when the param was set explicitly. @example lr.isSet('maxIter') */
  isSet(name: keyof V & string): boolean {
    this.specOf(name);
    return this.paramMap.has(name);
  }

  /** True when PySpark has a default for the param. @example lr.hasDefault('maxIter') // true */
  hasDefault(name: keyof V & string): boolean {
    this.specOf(name);
    return this.paramSpecs?.[name]?.length === 2;
  }

  /** True when the param is set or has a default. @example lr.isDefined('weightCol') // false */
  isDefined(name: keyof V & string): boolean {
    return this.isSet(name) || this.hasDefault(name);
  }

  /** The set value, else PySpark's default; throws when neither exists. @example lr.getOrDefault('maxIter') // 100 */
  getOrDefault<K extends keyof V & string>(name: K): NonNullable<V[K]> {
    this.specOf(name);
    if (this.paramMap.has(name)) return this.paramMap.get(name) as NonNullable<V[K]>;
    const s = this.paramSpecs?.[name];
    if (s !== undefined && s.length === 2) return s[1] as NonNullable<V[K]>;
    throw new TypeError(`${this.ownerName}: param '${name}' is not set and has no default`);
  }

  /** Every defined param: defaults overlaid with the set values. @example lr.extractParamMap().maxIter */
  extractParamMap(): Partial<V> {
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(this.paramSpecs ?? {})) if (s.length === 2) out[k] = s[1];
    for (const [k, v] of this.paramMap) out[k] = v;
    return out as Partial<V>;
  }

  /** The explicitly set params only. @example lr.explicitParams() */
  explicitParams(): Partial<V> {
    return Object.fromEntries(this.paramMap) as Partial<V>;
  }

  /** One line per param: name, value type, default and current value. @example console.log(lr.explainParams()) */
  explainParams(): string {
    return Object.entries(this.paramSpecs ?? {})
      .map(([k, s]) => {
        const parts = [`type: ${s[0]}`];
        if (s.length === 2) parts.push(`default: ${JSON.stringify(s[1])}`);
        if (this.paramMap.has(k)) parts.push(`current: ${JSON.stringify(this.paramMap.get(k))}`);
        return `${k} (${parts.join(', ')})`;
      })
      .join('\n');
  }

  /**
   * A copy of this stage (same uid) with `extra` params set on the copy.
   * @example const lr2 = lr.copy({ regParam: 0.5 });
   */
  copy(extra?: Partial<V>): this {
    const c = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(c, this);
    Object.defineProperty(c, 'paramMap', { value: new Map(this.paramMap), enumerable: true });
    if (extra !== undefined) c.setParams(extra);
    return c;
  }

  /** @internal Copies explicitly set values this stage shares with `to` onto it. */
  copyValuesTo(to: Params<object>): void {
    for (const [k, v] of this.paramMap) if (to.hasParam(k)) to.paramMap.set(k, v);
  }

  /** @internal Sets values the server sent (read results), by name, without type checks. */
  setFromServer(values: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(values)) this.paramMap.set(k, v);
  }

  /** @internal The explicitly set params as the protocol's MlParams. */
  toMlParams(): MlParams {
    const params: Record<string, Expression_Literal> = {};
    for (const [k, v] of this.paramMap) {
      const type = this.paramSpecs?.[k]?.[0];
      params[k] = type === undefined ? untypedParamLiteral(v) : typedParamLiteral(type, v);
    }
    return create(MlParamsSchema, { params });
  }
}
