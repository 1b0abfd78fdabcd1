/**
 * Integer column ordinals, as PySpark 4.x has them: `df.sort(1)`, `df.sort(-1)` (descending),
 * `df.groupBy(1)`. Positions are 1-based. PySpark looks the name up in the DataFrame's columns
 * when the method is called; transformations here are synchronous, so an ordinal stays a
 * placeholder node until the plan is prepared for the server (`DataFrame.preparedPlan`), which
 * asks the input's schema once and names the column.
 */
import { Column } from '../column/column.js';
import type { ExprNode } from '../column/nodes.js';
import { type ColumnOrName, colNode } from '../functions/index.js';
import type { PlanNode } from '../plan/nodes.js';
import type { StructType } from '../types/index.js';
import { describeValue } from './args.js';

/** A column, a column name, or a 1-based column position (PySpark's `ColumnOrNameOrOrdinal`). */
export type ColumnOrNameOrOrdinal = ColumnOrName | number;

/** Columns, names or ordinals, each also as an array (PySpark accepts both). */
export type OrdinalColumnsArg = ColumnOrNameOrOrdinal | readonly ColumnOrNameOrOrdinal[];

type OrdinalNode = Extract<ExprNode, { kind: 'ordinal' }>;

function checkInteger(c: number, what: string): void {
  if (!Number.isInteger(c)) {
    throw new TypeError(`${what}: a column position must be an integer (1-based), got ${c}`);
  }
}

/**
 * @internal A sort column: a negative position sorts that column descending, as in PySpark;
 * 0 is a RangeError.
 */
export function sortColumnNode(c: ColumnOrNameOrOrdinal, what: string): ExprNode {
  if (typeof c !== 'number') return argNode(c, what);
  checkInteger(c, what);
  if (c === 0) {
    throw new RangeError(
      `${what}: column position 0 is not allowed; positions are 1-based (a negative one sorts descending)`,
    );
  }
  const ordinal: OrdinalNode = { kind: 'ordinal', position: Math.abs(c), api: what };
  return c > 0 ? ordinal : { kind: 'sortOrder', expr: ordinal, direction: 'desc', nulls: 'nullsLast' };
}

/** @internal A grouping column: a position must be positive (RangeError otherwise). */
export function groupColumnNode(c: ColumnOrNameOrOrdinal, what: string): ExprNode {
  if (typeof c !== 'number') return argNode(c, what);
  checkInteger(c, what);
  if (c < 1) throw new RangeError(`${what}: a column position must be positive (1-based), got ${c}`);
  return { kind: 'ordinal', position: c, api: what };
}

function argNode(c: ColumnOrName, what: string): ExprNode {
  if (typeof c === 'string' || c instanceof Column) return colNode(c);
  throw new TypeError(`${what} takes Columns, column names or column positions, got ${describeValue(c)}`);
}

function ordinalIn(e: ExprNode): OrdinalNode | undefined {
  if (e.kind === 'ordinal') return e;
  if (e.kind === 'sortOrder' && e.expr.kind === 'ordinal') return e.expr;
  return undefined;
}

/** @internal The ordinals of a plan node still waiting for their column names. */
export function unresolvedOrdinals(n: PlanNode): OrdinalNode[] {
  let exprs: readonly ExprNode[] = [];
  if (n.kind === 'sort') exprs = n.order;
  else if (n.kind === 'aggregate') exprs = [...n.grouping, ...(n.groupingSets ?? []).flat()];
  const out: OrdinalNode[] = [];
  for (const e of exprs) {
    const o = ordinalIn(e);
    if (o !== undefined && o.name === undefined) out.push(o);
  }
  return out;
}

/** @internal Names the columns of ordinals from their input's schema; out of range is a RangeError. */
export function resolveOrdinals(ordinals: readonly OrdinalNode[], input: StructType): void {
  const names = input.fields.map((f) => f.name);
  for (const o of ordinals) {
    if (o.position > names.length) {
      throw new RangeError(
        `${o.api}: column position ${o.position} is out of range; the DataFrame has ${names.length} ` +
          `column${names.length === 1 ? '' : 's'} (${names.join(', ')})`,
      );
    }
    o.name = names[o.position - 1];
  }
}

/** PySpark's `ascending` keyword of sort / orderBy / sortWithinPartitions. */
export interface SortOptions {
  /** `false` sorts every column descending; a list gives each column's direction, in order. */
  ascending?: boolean | readonly boolean[];
}

/** Sort columns, optionally followed by `{ ascending }`. */
export type SortArgs = OrdinalColumnsArg[] | [...OrdinalColumnsArg[], SortOptions];

function isSortOptions(v: unknown): v is SortOptions {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Column);
}

/** @internal Splits a trailing `{ ascending }` off sort arguments; unknown keys are a TypeError. */
export function splitSortOptions(
  args: SortArgs,
  what: string,
): { cols: OrdinalColumnsArg[]; ascending: boolean | readonly boolean[] | undefined } {
  const last = args[args.length - 1];
  if (!isSortOptions(last)) return { cols: args as OrdinalColumnsArg[], ascending: undefined };
  for (const key of Object.keys(last)) {
    if (key !== 'ascending')
      throw new TypeError(`${what}: unknown option '${key}'; the only option is 'ascending'`);
  }
  const asc = last.ascending;
  const ok =
    asc === undefined ||
    typeof asc === 'boolean' ||
    (Array.isArray(asc) && asc.every((a) => typeof a === 'boolean'));
  if (!ok)
    throw new TypeError(
      `${what}: ascending must be a boolean or a list of booleans, got ${describeValue(asc)}`,
    );
  return { cols: args.slice(0, -1) as OrdinalColumnsArg[], ascending: asc };
}

/**
 * @internal Applies `ascending` to sort columns as PySpark does: `false` (or `false` at a column's
 * place in the list) sorts it descending, nulls last. A column that already is a sort order
 * (`asc()`, `desc()`, a negative position) keeps its own. A list must name every column.
 */
export function applyAscending(
  order: ExprNode[],
  ascending: boolean | readonly boolean[] | undefined,
  what: string,
): ExprNode[] {
  if (ascending === undefined || ascending === true) return order;
  if (Array.isArray(ascending) && ascending.length !== order.length) {
    throw new RangeError(
      `${what}: ascending has ${ascending.length} values for ${order.length} columns; give one per column`,
    );
  }
  return order.map((node, i) => {
    const asc = typeof ascending === 'boolean' ? ascending : ascending[i];
    if (asc || node.kind === 'sortOrder') return node;
    return { kind: 'sortOrder', expr: node, direction: 'desc', nulls: 'nullsLast' };
  });
}
