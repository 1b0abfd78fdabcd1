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
