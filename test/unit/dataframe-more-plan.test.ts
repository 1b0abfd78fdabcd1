import { describe, expect, it, vi } from 'vitest';
import { DataFrame } from '../../src/dataframe/dataframe.js';
import { AnalysisException } from '../../src/errors/spark-exceptions.js';
import { col, lit } from '../../src/functions/index.js';
import type { Plan } from '../../src/gen/spark/connect/base_pb.js';
import { MergeAction_ActionType } from '../../src/gen/spark/connect/expressions_pb.js';
import {
  DataFrameReader,
  StructType,
  UNSUPPORTED_DATAFRAME_METHODS,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { lowerPlan } from '../../src/plan/lower.js';
import { node } from '../../src/plan/nodes.js';
import { artifactName } from '../../src/session/session-artifacts.js';
import { TableValuedFunction } from '../../src/session/tvf.js';
import { fakeSession } from './fake-session.js';

function rangeDf(version = '4.3.0') {
  const fake = fakeSession(version);
  const df = new DataFrame(fake.session, node({ kind: 'range', start: 0n, end: 3n, step: 1n }));
  return { ...fake, df };
}

function command(plan: Plan) {
  if (plan.opType.case !== 'command') throw new Error('not a command');
  return plan.opType.value.commandType;
}

describe('zip, zipWithIndex, repartitionById', () => {
  it('zip lowers to a Zip relation of both plans', () => {
    const { df } = rangeDf();
    const other = df.selectExpr('id * 10 AS x');
    const r = lowerPlan(df.zip(other).plan);
    expect(r.relType.case).toBe('zip');
    if (r.relType.case !== 'zip') return;
    expect(r.relType.value.left?.relType.case).toBe('range');
    expect(r.relType.value.right?.relType.case).toBe('project');
    expect(r.common?.planId).toBeDefined();
  });

  it('zip checks its argument and the server version', () => {
    const { df } = rangeDf();
    expect(() => df.zip({} as DataFrame)).toThrow(TypeError);
    const old = rangeDf('4.2.0').df;
    expect(() => old.zip(old)).toThrow(UnsupportedServerVersionError);
    expect(() => old.zip(old)).toThrow(/Spark 4\.3 or newer/);
  });

  it('zipWithIndex selects * and distributed_sequence_id() as the index column', () => {
    const { df } = rangeDf('3.5.0');
    const r = lowerPlan(df.zipWithIndex().plan);
    if (r.relType.case !== 'project') throw new Error(r.relType.case);
    const [star, idx] = r.relType.value.expressions;
    expect(star.exprType.case).toBe('unresolvedStar');
    if (idx.exprType.case !== 'alias') throw new Error(idx.exprType.case);
    expect(idx.exprType.value.name).toEqual(['index']);
    const fn = idx.exprType.value.expr?.exprType;
    expect(fn?.case).toBe('unresolvedFunction');
    if (fn?.case === 'unresolvedFunction') {
      expect(fn.value.functionName).toBe('distributed_sequence_id');
      expect(fn.value.arguments).toEqual([]);
    }
    const named = lowerPlan(df.zipWithIndex('row_no').plan);
    if (named.relType.case !== 'project') throw new Error('not a project');
    const alias = named.relType.value.expressions[1].exprType;
    expect(alias.case === 'alias' && alias.value.name).toEqual(['row_no']);
    expect(() => df.zipWithIndex('')).toThrow(/indexColName/);
  });

  it('repartitionById lowers to RepartitionByExpression over a DirectShufflePartitionID', () => {
    const { df } = rangeDf('4.1.0');
    const r = lowerPlan(df.repartitionById(4, col('id')).plan);
    if (r.relType.case !== 'repartitionByExpression') throw new Error(r.relType.case);
    expect(r.relType.value.numPartitions).toBe(4);
    expect(r.relType.value.partitionExprs).toHaveLength(1);
    const e = r.relType.value.partitionExprs[0].exprType;
    expect(e.case).toBe('directShufflePartitionId');
    if (e.case === 'directShufflePartitionId') {
      const child = e.value.child?.exprType;
      expect(child?.case === 'unresolvedAttribute' && child.value.unparsedIdentifier).toBe('id');
    }
    const byName = lowerPlan(df.repartitionById(2, 'id').plan);
    expect(byName.relType.case).toBe('repartitionByExpression');
  });

  it('repartitionById checks numPartitions and partitionIdCol by name, and the version', () => {
    const { df } = rangeDf('4.1.0');
    expect(() => df.repartitionById(0, 'id')).toThrow(/numPartitions must be a positive/);
    expect(() => df.repartitionById(1.5, 'id')).toThrow(/numPartitions must be an integer/);
    expect(() => df.repartitionById(true as unknown as number, 'id')).toThrow(/numPartitions/);
    expect(() => df.repartitionById(2, 3 as unknown as string)).toThrow(/partitionIdCol/);
    expect(() => rangeDf('4.0.0').df.repartitionById(2, 'id')).toThrow(UnsupportedServerVersionError);
  });
});

describe('nearestByJoin', () => {
  const { df } = rangeDf();
  const other = df.select(col('id').alias('p'));
  const rank = col('id').minus(col('p'));

  it('lowers to a NearestByJoin relation with the arguments as given', () => {
    const r = lowerPlan(
      df.nearestByJoin(other, rank, 2, 'EXACT', 'distance', { joinType: 'left_outer' }).plan,
    );
    if (r.relType.case !== 'nearestByJoin') throw new Error(r.relType.case);
    const v = r.relType.value;
    expect(v.left?.relType.case).toBe('range');
    expect(v.right?.relType.case).toBe('project');
    expect(v.rankingExpression?.exprType.case).toBe('unresolvedFunction');
    expect([v.numResults, v.joinType, v.mode, v.direction]).toEqual([2, 'left_outer', 'EXACT', 'distance']);
    const d = lowerPlan(df.nearestByJoin(other, rank, 1, 'approx', 'similarity').plan);
    expect(d.relType.case === 'nearestByJoin' && d.relType.value.joinType).toBe('inner');
  });

  it('validates like Spark: AnalysisException with the NEAREST_BY_JOIN error classes', () => {
    const cls = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(AnalysisException);
        return (e as AnalysisException).errorClass;
      }
      throw new Error('no error');
    };
    expect(cls(() => df.nearestByJoin(other, rank, 0, 'exact', 'distance'))).toBe(
      'NEAREST_BY_JOIN.NUM_RESULTS_OUT_OF_RANGE',
    );
    expect(cls(() => df.nearestByJoin(other, rank, 100_001, 'exact', 'distance'))).toBe(
      'NEAREST_BY_JOIN.NUM_RESULTS_OUT_OF_RANGE',
    );
    expect(cls(() => df.nearestByJoin(other, rank, 1, 'exact', 'distance', { joinType: 'full' }))).toBe(
      'NEAREST_BY_JOIN.UNSUPPORTED_JOIN_TYPE',
    );
    expect(cls(() => df.nearestByJoin(other, rank, 1, 'fuzzy', 'distance'))).toBe(
      'NEAREST_BY_JOIN.UNSUPPORTED_MODE',
    );
    expect(cls(() => df.nearestByJoin(other, rank, 1, 'exact', 'up'))).toBe(
      'NEAREST_BY_JOIN.UNSUPPORTED_DIRECTION',
    );
  });

  it('type-checks its arguments by name and gates on Spark 4.2', () => {
    expect(() =>
      df.nearestByJoin(other, 'x' as unknown as ReturnType<typeof col>, 1, 'exact', 'distance'),
    ).toThrow(/rankingExpression must be a Column/);
    expect(() => df.nearestByJoin(other, rank, 1.5, 'exact', 'distance')).toThrow(
      /numResults must be an integer/,
    );
    expect(() => df.nearestByJoin(other, rank, 1, 1 as unknown as string, 'distance')).toThrow(
      /mode must be/,
    );
    expect(() => df.nearestByJoin(null as unknown as DataFrame, rank, 1, 'exact', 'distance')).toThrow(
      TypeError,
    );
    const old = rangeDf('4.1.0').df;
    expect(() => old.nearestByJoin(old, rank, 1, 'exact', 'distance')).toThrow(UnsupportedServerVersionError);
  });
});

describe('mergeInto', () => {
  it('lowers clauses, in order, to a MergeIntoTableCommand', async () => {
    const { df, plans } = rangeDf('4.0.0');
    await df
      .alias('s')
      .mergeInto('db.target', col('target.id').eq(col('s.id')))
      .whenMatched(col('s.deleted'))
      .delete()
      .whenMatched()
      .update({ v: col('s.v'), n: lit(1) })
      .whenMatched()
      .updateAll()
      .whenNotMatched(col('s.v').isNotNull())
      .insert(new Map([['id', col('s.id')]]))
      .whenNotMatched()
      .insertAll()
      .whenNotMatchedBySource(col('target.v').isNull())
      .update({ v: lit('gone') })
      .whenNotMatchedBySource()
      .updateAll()
      .whenNotMatchedBySource()
      .delete()
      .withSchemaEvolution()
      .merge();
    expect(plans).toHaveLength(1);
    const c = command(plans[0]);
    if (c.case !== 'mergeIntoTableCommand') throw new Error(String(c.case));
    const m = c.value;
    expect(m.targetTableName).toBe('db.target');
    expect(m.sourceTablePlan?.relType.case).toBe('subqueryAlias');
    expect(m.mergeCondition?.exprType.case).toBe('unresolvedFunction');
    expect(m.withSchemaEvolution).toBe(true);
    const actions = (list: typeof m.matchActions) =>
      list.map((e) => {
        if (e.exprType.case !== 'mergeAction') throw new Error(String(e.exprType.case));
        const a = e.exprType.value;
        return {
          type: a.actionType,
          cond: a.condition !== undefined,
          keys: a.assignments.map((x) =>
            x.key?.exprType.case === 'expressionString' ? x.key.exprType.value.expression : '?',
          ),
        };
      });
    expect(actions(m.matchActions)).toEqual([
      { type: MergeAction_ActionType.DELETE, cond: true, keys: [] },
      { type: MergeAction_ActionType.UPDATE, cond: false, keys: ['v', 'n'] },
      { type: MergeAction_ActionType.UPDATE_STAR, cond: false, keys: [] },
    ]);
    expect(actions(m.notMatchedActions)).toEqual([
      { type: MergeAction_ActionType.INSERT, cond: true, keys: ['id'] },
      { type: MergeAction_ActionType.INSERT_STAR, cond: false, keys: [] },
    ]);
    expect(actions(m.notMatchedBySourceActions)).toEqual([
      { type: MergeAction_ActionType.UPDATE, cond: true, keys: ['v'] },
      { type: MergeAction_ActionType.UPDATE_STAR, cond: false, keys: [] },
      { type: MergeAction_ActionType.DELETE, cond: false, keys: [] },
    ]);
    const value = m.matchActions[1].exprType;
    if (value.case === 'mergeAction') expect(value.value.assignments[1].value?.exprType.case).toBe('literal');
  });

  it('without schema evolution or clauses sends empty lists', async () => {
    const { df, plans } = rangeDf('4.0.0');
    await df.mergeInto('t', col('a').eq(col('b'))).merge();
    const c = command(plans[0]);
    if (c.case !== 'mergeIntoTableCommand') throw new Error('not a merge');
    expect(c.value.withSchemaEvolution).toBe(false);
    expect(c.value.matchActions).toEqual([]);
  });

  it('checks table, condition and assignments by name, and gates on Spark 4.0', () => {
    const { df } = rangeDf('4.0.0');
    expect(() => df.mergeInto('', col('a'))).toThrow(/mergeInto\(\) table/);
    expect(() => df.mergeInto('t', 'a = b' as unknown as ReturnType<typeof col>)).toThrow(
      /condition must be a Column/,
    );
    const w = df.mergeInto('t', col('a'));
    expect(() => w.whenMatched('x' as unknown as ReturnType<typeof col>)).toThrow(
      /whenMatched\(\) condition/,
    );
    expect(() => w.whenMatched().update({ a: 1 as unknown as ReturnType<typeof col> })).toThrow(
      /assignment 'a' must be a Column/,
    );
    expect(() => w.whenNotMatched().insert([] as unknown as Record<string, never>)).toThrow(
      /assignments must be/,
    );
    expect(() => rangeDf('3.5.0').df.mergeInto('t', col('a'))).toThrow(UnsupportedServerVersionError);
  });
});

describe('executionInfo', () => {
  it('is null before an action and records metrics and observed metrics of collect()', async () => {
    const { df, answers } = rangeDf();
    expect(df.executionInfo).toBeNull();
    answers.push({ schema: new StructType().add('id', 'long'), rows: [[0n]] });
    await df.collect();
    const info = df.executionInfo;
    expect(info).not.toBeNull();
    expect(info?.metrics).toBeNull();
    expect(info?.flows).toEqual([]);
  });

  it('actions that wrap the plan (take, count) leave it unchanged', async () => {
    const { df, answers } = rangeDf();
    answers.push({ schema: new StructType().add('id', 'long'), rows: [[0n]] });
    await df.take(1);
    expect(df.executionInfo).toBeNull();
  });
});

describe('foreach, foreachPartition, registerTempTable', () => {
  it('foreach awaits the function for every row, in order', async () => {
    const { df, answers } = rangeDf();
    answers.push({ schema: new StructType().add('id', 'long'), rows: [[1n], [2n], [3n]] });
    const seen: unknown[] = [];
    await df.foreach(async (r) => {
      await new Promise((res) => setTimeout(res, 1));
      seen.push(r.get('id'));
    });
    expect(seen).toEqual([1n, 2n, 3n]);
    await expect(df.foreach('x' as unknown as () => void)).rejects.toThrow(
      /foreach\(\) f must be a function/,
    );
  });

  it('foreachPartition groups consecutive rows by spark_partition_id and skips unread rows', async () => {
    const { df, answers, plans } = rangeDf();
    const schema = new StructType()
      .add('__foreach_row', new StructType().add('id', 'long'))
      .add('__foreach_partition_id', 'int');
    answers.push({
      schema,
      rows: [
        [{ id: 1n }, 0],
        [{ id: 2n }, 0],
        [{ id: 3n }, 1],
        [{ id: 4n }, 2],
        [{ id: 5n }, 2],
      ],
    });
    const parts: unknown[][] = [];
    await df.foreachPartition(async (rows) => {
      const p: unknown[] = [];
      for await (const r of rows) {
        p.push(r.get('id'));
        if (parts.length === 2) break; // the third partition reads one row only
      }
      parts.push(p);
    });
    expect(parts).toEqual([[1n, 2n], [3n], [4n]]);
    const root = plans[0].opType;
    expect(root.case === 'root' && root.value.relType.case).toBe('project');
    await expect(df.foreachPartition(null as unknown as () => void)).rejects.toThrow(
      /foreachPartition\(\) f/,
    );
  });

  it('registerTempTable warns once (DeprecationWarning) and creates or replaces a temp view', async () => {
    const { df, plans } = rangeDf();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      await df.registerTempTable('v1');
      await df.registerTempTable('v2');
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][1]).toMatchObject({ type: 'DeprecationWarning' });
    } finally {
      warn.mockRestore();
    }
    const c = command(plans[0]);
    if (c.case !== 'createDataframeView') throw new Error(String(c.case));
    expect([c.value.name, c.value.isGlobal, c.value.replace]).toEqual(['v1', false, true]);
    expect(UNSUPPORTED_DATAFRAME_METHODS.registerTempTable).toBeUndefined();
    expect(UNSUPPORTED_DATAFRAME_METHODS.foreach).toBeUndefined();
  });
});

describe('spark.tvf and spark.read.changes', () => {
  it('tvf functions lower to UnresolvedTableValuedFunction with their arguments', () => {
    const tvf = new TableValuedFunction(fakeSession('4.0.0').session);
    const r = lowerPlan(tvf.stack(lit(2), lit(1), 'c').plan);
    if (r.relType.case !== 'unresolvedTableValuedFunction') throw new Error(r.relType.case);
    expect(r.relType.value.functionName).toBe('stack');
    expect(r.relType.value.arguments.map((a) => a.exprType.case)).toEqual([
      'literal',
      'literal',
      'unresolvedAttribute',
    ]);
    const names: [string, DataFrame][] = [
      ['explode', tvf.explode(lit(1))],
      ['explode_outer', tvf.explode_outer(lit(1))],
      ['inline', tvf.inline(lit(1))],
      ['inline_outer', tvf.inline_outer(lit(1))],
      ['json_tuple', tvf.json_tuple(lit('{}'), lit('a'))],
      ['posexplode', tvf.posexplode(lit(1))],
      ['posexplode_outer', tvf.posexplode_outer(lit(1))],
      ['collations', tvf.collations()],
      ['sql_keywords', tvf.sql_keywords()],
      ['variant_explode', tvf.variant_explode(lit(1))],
      ['variant_explode_outer', tvf.variant_explode_outer(lit(1))],
      ['python_worker_logs', tvf.python_worker_logs()],
    ];
    for (const [name, df] of names) {
      const rel = lowerPlan(df.plan);
      expect(rel.relType.case === 'unresolvedTableValuedFunction' && rel.relType.value.functionName).toBe(
        name,
      );
    }
  });

  it('tvf checks arguments by name and gates on Spark 4.0', () => {
    const tvf = new TableValuedFunction(fakeSession('4.0.0').session);
    expect(() => tvf.json_tuple(lit('{}'))).toThrow(/field must not be empty/);
    expect(() => tvf.explode(1 as unknown as string)).toThrow(/explode\(\) collection must be a Column/);
    expect(() => new TableValuedFunction(fakeSession('3.5.0').session).explode(lit(1))).toThrow(
      UnsupportedServerVersionError,
    );
  });

  it('changes() lowers to RelationChanges with the reader options', () => {
    const df = new DataFrameReader(fakeSession('4.2.0').session).option('startingVersion', 3).changes('db.t');
    const r = lowerPlan(df.plan);
    if (r.relType.case !== 'relationChanges') throw new Error(r.relType.case);
    expect(r.relType.value.unparsedIdentifier).toBe('db.t');
    expect(r.relType.value.options).toEqual({ startingVersion: '3' });
    expect(r.relType.value.isStreaming).toBe(false);
  });

  it('changes() rejects a user schema like PySpark, a bad name, and old servers', () => {
    const read = () => new DataFrameReader(fakeSession('4.2.0').session);
    expect(() => read().schema('a INT').changes('t')).toThrow(AnalysisException);
    expect(() => read().changes('')).toThrow(/table name/);
    expect(() => new DataFrameReader(fakeSession('4.1.0').session).changes('t')).toThrow(
      UnsupportedServerVersionError,
    );
  });
});

describe('artifact names (PySpark rules)', () => {
  const none = { pyfile: false, archive: false, file: false };
  it('names jars, files, pyfiles and archives', () => {
    expect(artifactName('/x/a.jar', none)).toEqual({ name: 'jars/a.jar', path: '/x/a.jar' });
    expect(artifactName('/x/a.txt', { ...none, file: true }).name).toBe('files/a.txt');
    expect(artifactName('file:///x/a.jar', { ...none, file: true }).name).toBe('files/a.jar');
    expect(artifactName('/x/m.py', { ...none, pyfile: true }).name).toBe('pyfiles/m.py');
    expect(artifactName('/x/d.tar.gz#data', { ...none, archive: true })).toEqual({
      name: 'archives/d.tar.gz#data',
      path: '/x/d.tar.gz',
    });
  });

  it('rejects what the server would not take', () => {
    expect(() => artifactName('/x/a.txt', none)).toThrow(/only \.jar files/);
    expect(() => artifactName('/x/a.txt', { ...none, pyfile: true })).toThrow(/pyfile: true takes/);
    expect(() => artifactName('/x/a.jar#n', none)).toThrow(/needs archive: true/);
    expect(() => artifactName('hdfs://nn/a.jar', none)).toThrow(/'hdfs' scheme/);
  });
});
