/**
 * `df.mergeInto(table, condition)`: MergeIntoWriter, lowered to a MergeIntoTableCommand (Spark
 * 4.0+). The target must be a table whose catalog supports row-level MERGE (e.g. Delta, Iceberg);
 * the built-in session catalog's file tables do not.
 */
import type { MessageInitShape } from '@bufbuild/protobuf';
import { Column } from '../column/column.js';
import { lowerExpr } from '../column/lower.js';
import type { ExprNode } from '../column/nodes.js';
import {
  type ExpressionSchema,
  MergeAction_ActionType,
  type MergeActionSchema,
} from '../gen/spark/connect/expressions_pb.js';
import type { Relation } from '../gen/spark/connect/relations_pb.js';
import { describeValue } from './args.js';
import type { ActionOptions } from './core.js';
import type { DataFrame } from './dataframe.js';
import { runCommand } from './writer.js';

type MergeActionInit = MessageInitShape<typeof MergeActionSchema>;
type ExpressionInit = MessageInitShape<typeof ExpressionSchema>;

/** Column assignments of an update or insert: target column name → value. */
export type MergeAssignments = Record<string, Column> | Map<string, Column>;

function checkCondition(condition: unknown, what: string): ExprNode | undefined {
  if (condition === undefined || condition === null) return undefined;
  if (!(condition instanceof Column)) {
    throw new TypeError(`${what} condition must be a Column, got ${describeValue(condition)}`);
  }
  return condition.node;
}

interface PendingAction {
  type: MergeAction_ActionType;
  condition: ExprNode | undefined;
  assignments: [string, ExprNode][] | undefined;
}

function checkAssignments(assignments: unknown, what: string): [string, ExprNode][] {
  if (assignments === null || typeof assignments !== 'object' || Array.isArray(assignments)) {
    throw new TypeError(
      `${what} assignments must be an object or Map of column name → Column, got ${describeValue(assignments)}`,
    );
  }
  const entries = assignments instanceof Map ? [...assignments] : Object.entries(assignments);
  return entries.map(([k, v]) => {
    if (typeof k !== 'string' || k.length === 0) {
      throw new TypeError(`${what} assignments keys must be non-empty column names`);
    }
    if (!(v instanceof Column)) {
      throw new TypeError(`${what} assignment '${k}' must be a Column, got ${describeValue(v)}`);
    }
    return [k, v.node];
  });
}

function lowerAction(a: PendingAction): ExpressionInit {
  const value: MergeActionInit = {
    actionType: a.type,
    ...(a.condition === undefined ? {} : { condition: lowerExpr(a.condition) }),
    assignments: (a.assignments ?? []).map(([k, v]) => ({
      key: lowerExpr({ kind: 'expressionString', expr: k }),
      value: lowerExpr(v),
    })),
  };
  return { exprType: { case: 'mergeAction', value } };
}

/**
 * Merges the rows of a source DataFrame into a target table: conditional updates, inserts and
 * deletes (SQL's MERGE INTO). Build it with `df.mergeInto(table, condition)`, add `whenMatched`,
 * `whenNotMatched` and `whenNotMatchedBySource` clauses (applied in the order given), then run it
 * with `merge()`. Spark 4.0+; the target table's catalog must support MERGE.
 *
 * @example
 * await source
 *   .mergeInto('target', col('target.id').eq(col('source.id')))
 *   .whenMatched().updateAll()
 *   .whenNotMatched().insertAll()
 *   .merge();
 */
export class MergeIntoWriter {
  private readonly matched: PendingAction[] = [];
  private readonly notMatched: PendingAction[] = [];
  private readonly notMatchedBySource: PendingAction[] = [];
  private schemaEvolution = false;

  /** @internal Use `df.mergeInto(table, condition)`. */
  constructor(
    private readonly df: DataFrame,
    private readonly table: string,
    private readonly condition: ExprNode,
  ) {}

  /**
   * Actions for target rows that have a match in the source (optionally only where `condition`
   * holds). @example writer.whenMatched(col('source.deleted')).delete()
   */
  whenMatched(condition?: Column): WhenMatched {
    return new WhenMatched(this, checkCondition(condition, 'whenMatched()'));
  }

  /**
   * Actions for source rows with no match in the target.
   * @example writer.whenNotMatched().insertAll()
   */
  whenNotMatched(condition?: Column): WhenNotMatched {
    return new WhenNotMatched(this, checkCondition(condition, 'whenNotMatched()'));
  }

  /**
   * Actions for target rows with no match in the source.
   * @example writer.whenNotMatchedBySource().delete()
   */
  whenNotMatchedBySource(condition?: Column): WhenNotMatchedBySource {
    return new WhenNotMatchedBySource(this, checkCondition(condition, 'whenNotMatchedBySource()'));
  }

  /**
   * Lets the merge add the source's new columns to the target's schema.
   * @example writer.withSchemaEvolution().whenNotMatched().insertAll()
   */
  withSchemaEvolution(): this {
    this.schemaEvolution = true;
    return this;
  }

  /** @internal Adds a clause's action. */
  add(
    clause: 'matched' | 'notMatched' | 'notMatchedBySource',
    type: MergeAction_ActionType,
    condition: ExprNode | undefined,
    assignments?: [string, ExprNode][],
  ): this {
    const list =
      clause === 'matched'
        ? this.matched
        : clause === 'notMatched'
          ? this.notMatched
          : this.notMatchedBySource;
    list.push({ type, condition, assignments });
    return this;
  }

  /** @internal The MergeIntoTableCommand over the source's lowered plan. */
  command(sourceTablePlan: Relation) {
    return {
      case: 'mergeIntoTableCommand' as const,
      value: {
        targetTableName: this.table,
        sourceTablePlan,
        mergeCondition: lowerExpr(this.condition),
        matchActions: this.matched.map(lowerAction),
        notMatchedActions: this.notMatched.map(lowerAction),
        notMatchedBySourceActions: this.notMatchedBySource.map(lowerAction),
        withSchemaEvolution: this.schemaEvolution,
      },
    };
  }

  /**
   * Runs the merge. Resolves when the server has finished; the source DataFrame's
   * `executionInfo` then describes the run.
   * @example await writer.whenMatched().updateAll().merge()
   */
  async merge(opts?: ActionOptions): Promise<void> {
    await runCommand(this.df, (input) => this.command(input), opts);
  }
}

/** The actions of `whenMatched()`. @example writer.whenMatched().update({ n: col('source.n') }) */
export class WhenMatched {
  /** @internal */
  constructor(
    private readonly writer: MergeIntoWriter,
    private readonly condition: ExprNode | undefined,
  ) {}

  /** Sets every target column from the source column of the same name. @example .whenMatched().updateAll() */
  updateAll(): MergeIntoWriter {
    return this.writer.add('matched', MergeAction_ActionType.UPDATE_STAR, this.condition);
  }

  /** Sets the given target columns. @example .whenMatched().update({ total: col('t.total').plus(col('s.n')) }) */
  update(assignments: MergeAssignments): MergeIntoWriter {
    const list = checkAssignments(assignments, 'whenMatched().update()');
    return this.writer.add('matched', MergeAction_ActionType.UPDATE, this.condition, list);
  }

  /** Deletes the target row. @example .whenMatched(col('s.deleted')).delete() */
  delete(): MergeIntoWriter {
    return this.writer.add('matched', MergeAction_ActionType.DELETE, this.condition);
  }
}

/** The actions of `whenNotMatched()`. @example writer.whenNotMatched().insertAll() */
export class WhenNotMatched {
  /** @internal */
  constructor(
    private readonly writer: MergeIntoWriter,
    private readonly condition: ExprNode | undefined,
  ) {}

  /** Inserts the source row, column by name. @example .whenNotMatched().insertAll() */
  insertAll(): MergeIntoWriter {
    return this.writer.add('notMatched', MergeAction_ActionType.INSERT_STAR, this.condition);
  }

  /** Inserts a row with the given column values. @example .whenNotMatched().insert({ id: col('s.id'), n: lit(0) }) */
  insert(assignments: MergeAssignments): MergeIntoWriter {
    const list = checkAssignments(assignments, 'whenNotMatched().insert()');
    return this.writer.add('notMatched', MergeAction_ActionType.INSERT, this.condition, list);
  }
}

/** The actions of `whenNotMatchedBySource()`. @example writer.whenNotMatchedBySource().delete() */
export class WhenNotMatchedBySource {
  /** @internal */
  constructor(
    private readonly writer: MergeIntoWriter,
    private readonly condition: ExprNode | undefined,
  ) {}

  /** Sets every target column from the source column of the same name. @example .whenNotMatchedBySource().updateAll() */
  updateAll(): MergeIntoWriter {
    return this.writer.add('notMatchedBySource', MergeAction_ActionType.UPDATE_STAR, this.condition);
  }

  /** Sets the given target columns. @example .whenNotMatchedBySource().update({ active: lit(false) }) */
  update(assignments: MergeAssignments): MergeIntoWriter {
    const list = checkAssignments(assignments, 'whenNotMatchedBySource().update()');
    return this.writer.add('notMatchedBySource', MergeAction_ActionType.UPDATE, this.condition, list);
  }

  /** Deletes the target row. @example .whenNotMatchedBySource().delete() */
  delete(): MergeIntoWriter {
    return this.writer.add('notMatchedBySource', MergeAction_ActionType.DELETE, this.condition);
  }
}
