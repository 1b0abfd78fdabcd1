/** Argument checking and normalization shared by the DataFrame methods. */
import { randomBytes } from 'node:crypto';
import { Column } from '../column/column.js';
import type { JoinType } from '../plan/nodes.js';

/** Flattens varargs where each item may also be an array (PySpark accepts both). */
export function flatten<T>(items: readonly (T | readonly T[])[]): T[] {
  const out: T[] = [];
  for (const i of items) {
    if (Array.isArray(i)) out.push(...(i as T[]));
    else out.push(i as T);
  }
  return out;
}

/** A non-negative 32-bit integer. */
export function checkCount(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`${what} must be a non-negative integer, got ${n}`);
  if (n > 2147483647) throw new TypeError(`${what} must fit in a 32-bit integer, got ${n}`);
  return n;
}

/** A positive 32-bit integer. */
export function checkPositive(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0 || n > 2147483647) {
    throw new TypeError(`${what} must be a positive 32-bit integer, got ${String(n)}`);
  }
  return n;
}

/** A non-empty string. */
export function checkName(s: unknown, what: string): string {
  if (typeof s !== 'string' || s.length === 0) {
    throw new TypeError(`${what} must be a non-empty string, got ${s === '' ? "''" : typeof s}`);
  }
  return s;
}

/** A list of strings (column names). */
export function checkNames(list: unknown, what: string): string[] {
  if (!Array.isArray(list)) throw new TypeError(`${what} must be an array of column names`);
  for (const s of list) {
    if (typeof s !== 'string')
      throw new TypeError(`${what} must contain column name strings, got ${typeof s}`);
  }
  return [...list];
}

/** A finite number. */
export function checkNumber(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new TypeError(`${what} must be a finite number`);
  return n;
}

/** A Column. */
export function checkColumn(c: unknown, what: string): Column {
  if (!(c instanceof Column)) throw new TypeError(`${what} must be a Column, got ${describeValue(c)}`);
  return c;
}

/** A short description of a value's type for error messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** A 64-bit seed; a random one when not given (fixed now, so every action sees the same sample). */
export function toSeed(seed: number | bigint | undefined, what = 'seed'): bigint {
  if (seed === undefined || seed === null) return randomBytes(8).readBigInt64BE() & LONG_MAX;
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) throw new TypeError(`${what} must be an integer, got ${seed}`);
    return BigInt(seed);
  }
  if (typeof seed === 'bigint') {
    if (seed < LONG_MIN || seed > LONG_MAX) throw new TypeError(`${what} must fit in 64 bits, got ${seed}`);
    return seed;
  }
  throw new TypeError(`${what} must be a number or bigint, got ${typeof seed}`);
}

/** PySpark's accepted join type spellings. */
export const JOIN_TYPE_NAMES: readonly string[] = [
  'inner',
  'cross',
  'outer',
  'full',
  'fullouter',
  'full_outer',
  'left',
  'leftouter',
  'left_outer',
  'right',
  'rightouter',
  'right_outer',
  'semi',
  'leftsemi',
  'left_semi',
  'anti',
  'leftanti',
  'left_anti',
];

const JOIN_TYPES: Record<string, JoinType> = {
  inner: 'inner',
  cross: 'cross',
  outer: 'fullOuter',
  full: 'fullOuter',
  fullouter: 'fullOuter',
  left: 'leftOuter',
  leftouter: 'leftOuter',
  right: 'rightOuter',
  rightouter: 'rightOuter',
  semi: 'leftSemi',
  leftsemi: 'leftSemi',
  anti: 'leftAnti',
  leftanti: 'leftAnti',
};

/** Parses a join type like PySpark (case-insensitive, underscores ignored); unknown types throw. */
export function parseJoinType(how: unknown): JoinType {
  if (how === undefined || how === null) return 'inner';
  const key = typeof how === 'string' ? how.toLowerCase().replaceAll('_', '') : undefined;
  if (key === undefined || !Object.hasOwn(JOIN_TYPES, key)) {
    const names = JOIN_TYPE_NAMES.map((n) => `'${n}'`).join(', ');
    throw new TypeError(
      `Unsupported join type ${JSON.stringify(how)}. Supported join types include: ${names}`,
    );
  }
  return JOIN_TYPES[key];
}
