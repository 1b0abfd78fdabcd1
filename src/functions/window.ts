/**
 * Window specifications for window functions and aggregates over windows, as PySpark's `Window` /
 * `WindowSpec`: partitioning, ordering and a ROWS or RANGE frame.
 */
import { Column, type WindowSpecLike } from '../column/column.js';
import type { ExprNode, FrameBoundary, WindowSpecNode } from '../column/nodes.js';
import type { ColumnsArg } from '../dataframe/ops.js';
import { type ColumnOrName, colNode, describeArg } from './args.js';

const JVM_LONG_MIN = -(2n ** 63n);
const JVM_LONG_MAX = 2n ** 63n - 1n;
const JVM_INT_MIN = -(2n ** 31n);
const JVM_INT_MAX = 2n ** 31n - 1n;
/** Boundaries at or beyond these are unbounded (PySpark's thresholds). */
const PRECEDING_THRESHOLD = -(2n ** 63n - 1n);
const FOLLOWING_THRESHOLD = 2n ** 63n - 1n;

/** A frame boundary: an offset from the current row, or one of the `Window` constants. */
export type FrameBound = number | bigint;

function flatCols(what: string, cols: readonly ColumnsArg[]): ColumnOrName[] {
  const list =
    cols.length === 1 && Array.isArray(cols[0]) ? (cols[0] as ColumnOrName[]) : (cols as ColumnOrName[]);
  return list.map((c, i) => {
    if (!(c instanceof Column) && typeof c !== 'string') {
      throw new TypeError(`${what}: argument ${i} must be a Column or a column name, got ${describeArg(c)}`);
    }
    return c;
  });
}

/** Normalizes a boundary to a bigint, mapping values beyond the thresholds to unbounded. */
function toBound(what: string, v: FrameBound, which: 'start' | 'end'): bigint {
  if (typeof v === 'number') {
    if (v === Number.NEGATIVE_INFINITY) return JVM_LONG_MIN;
    if (v === Number.POSITIVE_INFINITY) return JVM_LONG_MAX;
    if (!Number.isInteger(v))
      throw new TypeError(`${what}: '${which}' must be an integer, got ${describeArg(v)}`);
    v = BigInt(v);
  } else if (typeof v !== 'bigint') {
    throw new TypeError(`${what}: '${which}' must be an integer, got ${describeArg(v)}`);
  }
  if (which === 'start' && v <= PRECEDING_THRESHOLD) return JVM_LONG_MIN;
  if (which === 'end' && v >= FOLLOWING_THRESHOLD) return JVM_LONG_MAX;
  return v;
}

function boundary(what: string, v: bigint, rows: boolean, which: 'start' | 'end'): FrameBoundary {
  if (v === 0n) return { kind: 'currentRow' };
  if (v === (which === 'start' ? JVM_LONG_MIN : JVM_LONG_MAX)) return { kind: 'unbounded' };
  if (rows) {
    // ROWS offsets are 32-bit integers on the server.
    if (v < JVM_INT_MIN || v > JVM_INT_MAX) {
      throw new RangeError(`${what}: '${which}' must be between ${JVM_INT_MIN} and ${JVM_INT_MAX}, got ${v}`);
    }
    return { kind: 'value', value: { kind: 'literal', value: Number(v) } };
  }
  // RANGE offsets are sent as 64-bit literals, as PySpark does.
  return { kind: 'value', value: { kind: 'literal', value: v } };
}

/**
 * A window specification: partitioning, ordering and frame. Immutable; each method returns a new
 * spec. Make one with the static methods of `Window`.
 *
 * @example
 * const w = Window.partitionBy('dept').orderBy(F.desc('salary'));
 * df.select('name', F.rank().over(w).alias('rank'));
 */
export class WindowSpec implements WindowSpecLike {
  /** @internal The window spec node lowered with the window expression. */
  readonly specNode: WindowSpecNode;

  /** @internal Use the static methods of `Window`. */
  constructor(specNode: WindowSpecNode) {
    this.specNode = specNode;
  }

  /**
   * Partitions by the given columns (replacing any partitioning).
   *
   * @example Window.orderBy('ts').partitionBy('user')
   */
  partitionBy(...cols: ColumnsArg[]): WindowSpec {
    const partitionBy: ExprNode[] = flatCols('partitionBy()', cols).map(colNode);
    return new WindowSpec({ ...this.specNode, partitionBy });
  }

  /**
   * Orders by the given columns or sort orders (replacing any ordering); names sort ascending.
   *
   * @example Window.partitionBy('user').orderBy(F.desc('ts'))
   */
  orderBy(...cols: ColumnsArg[]): WindowSpec {
    const orderBy: ExprNode[] = flatCols('orderBy()', cols).map((c) => {
      const n = colNode(c);
      return n.kind === 'sortOrder'
        ? n
        : { kind: 'sortOrder', expr: n, direction: 'asc', nulls: 'nullsFirst' };
    });
    return new WindowSpec({ ...this.specNode, orderBy });
  }

  /**
   * A ROWS frame from `start` to `end` rows relative to the current row (negative = preceding);
   * `Window.unboundedPreceding`, `Window.unboundedFollowing` and `Window.currentRow` are the
   * special boundaries. Offsets must fit in 32 bits.
   *
   * @example Window.orderBy('t').rowsBetween(-1, Window.currentRow)
   */
  rowsBetween(start: FrameBound, end: FrameBound): WindowSpec {
    return this.frame('rowsBetween()', 'rows', start, end);
  }

  /**
   * A RANGE frame from `start` to `end` relative to the ordering value of the current row.
   *
   * @example Window.orderBy('day').rangeBetween(-7, Window.currentRow)
   */
  rangeBetween(start: FrameBound, end: FrameBound): WindowSpec {
    return this.frame('rangeBetween()', 'range', start, end);
  }

  private frame(what: string, type: 'rows' | 'range', start: FrameBound, end: FrameBound): WindowSpec {
    const lower = boundary(what, toBound(what, start, 'start'), type === 'rows', 'start');
    const upper = boundary(what, toBound(what, end, 'end'), type === 'rows', 'end');
    return new WindowSpec({ ...this.specNode, frame: { type, lower, upper } });
  }

  /**
   * A readable form of the spec.
   *
   * @example String(Window.orderBy('a')) // 'WindowSpec(orderBy(a ASC))'
   */
  toString(): string {
    const parts: string[] = [];
    const s = this.specNode;
    const show = (n: ExprNode) => String(new Column(n)).replace(/^Column<'(.*)'>$/s, '$1');
    if (s.partitionBy.length > 0) parts.push(`partitionBy(${s.partitionBy.map(show).join(', ')})`);
    if (s.orderBy.length > 0) parts.push(`orderBy(${s.orderBy.map(show).join(', ')})`);
    if (s.frame) {
      const b = (x: FrameBoundary) =>
        x.kind === 'value' ? show(x.value) : x.kind === 'unbounded' ? 'UNBOUNDED' : 'CURRENT ROW';
      parts.push(`${s.frame.type}Between(${b(s.frame.lower)}, ${b(s.frame.upper)})`);
    }
    return `WindowSpec(${parts.join(', ')})`;
  }
}

const EMPTY = new WindowSpec({ partitionBy: [], orderBy: [] });

/**
 * Builds window specs, as PySpark's `Window`.
 *
 * @example
 * const w = Window.partitionBy('dept').orderBy('salary').rowsBetween(Window.unboundedPreceding,
 * Window.currentRow);
 * df.select('name', F.sum('salary').over(w).alias('running_total'));
 */
export const Window = Object.freeze({
  /** The start of the partition (PySpark's value: the minimum 64-bit integer). */
  unboundedPreceding: JVM_LONG_MIN as bigint,
  /** The end of the partition (PySpark's value: the maximum 64-bit integer). */
  unboundedFollowing: JVM_LONG_MAX as bigint,
  /** The current row (0). */
  currentRow: 0 as number,

  /**
   * A spec partitioned by the given columns.
   *
   * @example Window.partitionBy('dept')
   */
  partitionBy(...cols: ColumnsArg[]): WindowSpec {
    return EMPTY.partitionBy(...cols);
  },

  /**
   * A spec ordered by the given columns or sort orders.
   *
   * @example Window.orderBy(F.desc('score'))
   */
  orderBy(...cols: ColumnsArg[]): WindowSpec {
    return EMPTY.orderBy(...cols);
  },

  /**
   * A spec with a ROWS frame.
   *
   * @example Window.rowsBetween(Window.unboundedPreceding, Window.currentRow)
   */
  rowsBetween(start: FrameBound, end: FrameBound): WindowSpec {
    return EMPTY.rowsBetween(start, end);
  },

  /**
   * A spec with a RANGE frame.
   *
   * @example Window.rangeBetween(-1, 1)
   */
  rangeBetween(start: FrameBound, end: FrameBound): WindowSpec {
    return EMPTY.rangeBetween(start, end);
  },
});
