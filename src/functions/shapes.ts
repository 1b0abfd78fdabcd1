/**
 * @internal Builders of the functions that only pass their arguments on, so that each one is
 * declared in one line under its own JSDoc (`export const md5 = colFn('md5');`) and its signature
 * is written once per shape. A built function converts its arguments as in args.ts (errors name
 * the function and the parameter) and carries the function's name, like a declared function.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call } from './args.js';

/** Gives a built function its name (`md5.name === 'md5'`), as a function declaration has. */
export function named<F extends (...args: never[]) => Column>(name: string, f: F): F {
  return Object.defineProperty(f, 'name', { value: name });
}

/** `name()`: no arguments. @example export const version = noArgFn('version'); */
export function noArgFn(name: string): () => Column {
  return named(name, () => call(name).build());
}

/** `name(col)`: one Column or column name. @example export const md5 = colFn('md5'); */
export function colFn(name: string): (col: ColumnOrName) => Column {
  return named(name, (col: ColumnOrName) => call(name).col('col', col).build());
}

/** `name(...cols)`: Columns or column names. @example export const hash = colsFn('hash'); */
export function colsFn(name: string): (...cols: ColumnOrName[]) => Column {
  return named(name, (...cols: ColumnOrName[]) => call(name).cols('cols', cols).build());
}

/** `name(col1, col2)`: two Columns or column names. @example colPairFn('tuple_union_double') */
export function colPairFn(name: string): (col1: ColumnOrName, col2: ColumnOrName) => Column {
  return named(name, (col1: ColumnOrName, col2: ColumnOrName) =>
    call(name).col('col1', col1).col('col2', col2).build(),
  );
}
