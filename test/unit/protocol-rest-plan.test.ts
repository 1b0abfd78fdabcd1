/** Lowering of as-of joins, checkpoint release and the newer literals (no server). */
import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { toLiteral } from '../../src/column/literal.js';
import { onCheckpointCollected } from '../../src/dataframe/checkpoint-release.js';
import { literalToJs } from '../../src/dataframe/literal-values.js';
import { Expression_LiteralSchema } from '../../src/gen/spark/connect/expressions_pb.js';
import {
  CalendarInterval,
  col,
  DataFrame,
  LocalTime,
  lit,
  SparkTimestampNanos,
  SparkTimestampNTZNanos,
  typed,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { lowerPlan } from '../../src/plan/lower.js';
import { node } from '../../src/plan/nodes.js';
import { fakeSession } from './fake-session.js';

describe('joinAsOf lowering', () => {
  const { session } = fakeSession('4.1.0');
  const left = new DataFrame(session, node({ kind: 'range', start: 0n, end: 3n, step: 1n }));
  const right = new DataFrame(session, node({ kind: 'range', start: 0n, end: 3n, step: 1n }));

  it('sends the as-of columns bound to their DataFrames and PySpark defaults', () => {
    const rel = lowerPlan(left.joinAsOf(right, 'id', 'id').plan);
    expect(rel.relType.case).toBe('asOfJoin');
    const j = rel.relType.value as Extract<typeof rel.relType, { case: 'asOfJoin' }>['value'];
    expect([j.joinType, j.direction, j.allowExactMatches, j.usingColumns]).toEqual([
      'inner',
      'backward',
      true,
      [],
    ]);
    expect(j.leftAsOf?.exprType).toMatchObject({
      case: 'unresolvedAttribute',
      value: { unparsedIdentifier: 'id', planId: BigInt(left.plan.planId) },
    });
    expect(j.rightAsOf?.exprType).toMatchObject({ value: { planId: BigInt(right.plan.planId) } });
    expect(j.joinExpr).toBeUndefined();
    expect(j.tolerance).toBeUndefined();
  });

  it('sends on as using columns or one ANDed condition, and the options', () => {
    const using = lowerPlan(left.joinAsOf(right, 'id', 'id', { on: ['k1', 'k2'], how: 'left' }).plan).relType
      .value as { usingColumns: string[]; joinType: string };
    expect([using.usingColumns, using.joinType]).toEqual([['k1', 'k2'], 'left']);
    const cond = lowerPlan(
      left.joinAsOf(right, 'id', 'id', {
        on: [col('a').eq(col('b')), col('c').eq(col('d'))],
        tolerance: lit(2),
        allowExactMatches: false,
        direction: 'nearest',
      }).plan,
    ).relType.value as {
      joinExpr?: { exprType: { case?: string; value?: { functionName?: string } } };
      tolerance?: unknown;
      allowExactMatches: boolean;
      direction: string;
    };
    expect(cond.joinExpr?.exprType.value?.functionName).toBe('and');
    expect(cond.tolerance).toBeDefined();
    expect([cond.allowExactMatches, cond.direction]).toEqual([false, 'nearest']);
  });

  it('rejects bad arguments and servers without as-of joins', () => {
    expect(() => left.joinAsOf(right, 'id', 'id', { direction: 'up' })).toThrow(/direction must be one of/);
    expect(() => left.joinAsOf(right, 1 as unknown as string, 'id')).toThrow(/leftAsOfColumn/);
    expect(() => left.joinAsOf(right, 'id', 'id', { on: ['a', col('b')] as unknown as string[] })).toThrow(
      /not a mix/,
    );
    expect(() =>
      left.joinAsOf(right, 'id', 'id', { tolerance: 2 as unknown as ReturnType<typeof lit> }),
    ).toThrow(/tolerance must be a Column/);
    const old = fakeSession('3.5.7').session;
    const a = new DataFrame(old, node({ kind: 'range', start: 0n, end: 1n, step: 1n }));
    expect(() => a.joinAsOf(a, 'id', 'id')).toThrow(UnsupportedServerVersionError);
  });
});

describe('checkpoint release', () => {
  it('a collected checkpoint sends RemoveCachedRemoteRelationCommand, unless the session stopped', async () => {
    const fake = fakeSession('4.1.0');
    onCheckpointCollected({ session: new WeakRef(fake.session), relationId: 'rel-1' });
    await new Promise((r) => setImmediate(r));
    expect(fake.plans).toHaveLength(1);
    const cmd = fake.plans[0]?.opType;
    expect(cmd?.case === 'command' && cmd.value.commandType).toMatchObject({
      case: 'removeCachedRemoteRelationCommand',
      value: { relation: { relationId: 'rel-1' } },
    });
    Object.defineProperty(fake.session, 'isStopped', { value: true });
    onCheckpointCollected({ session: new WeakRef(fake.session), relationId: 'rel-2' });
    await new Promise((r) => setImmediate(r));
    expect(fake.plans).toHaveLength(1);
  });

  it('release() applies to checkpointed DataFrames only and sends the command once', async () => {
    const fake = fakeSession('4.1.0');
    const cp = new DataFrame(fake.session, node({ kind: 'cachedRemoteRelation', relationId: 'rel-9' }));
    await cp.release();
    await cp.release();
    expect(fake.plans).toHaveLength(1);
    await expect(
      new DataFrame(fake.session, node({ kind: 'range', start: 0n, end: 1n, step: 1n })).release(),
    ).rejects.toThrow(TypeError);
  });
});

describe('literals of the values the client returns', () => {
  it('lit() of TIME, calendar / year-month / day-time intervals', () => {
    expect(toLiteral(LocalTime.of(13, 45, 30, 123_456_000)).literalType).toMatchObject({
      case: 'time',
      value: { nano: 49_530_123_456_000n, precision: 6 },
    });
    expect(() => toLiteral(LocalTime.of(0, 0, 0, 1))).toThrow(/microsecond/);
    expect(toLiteral(new CalendarInterval(14, 3, 5n)).literalType).toMatchObject({
      case: 'calendarInterval',
      value: { months: 14, days: 3, microseconds: 5n },
    });
    expect(toLiteral(typed.yearMonthInterval(-3)).literalType).toMatchObject({
      case: 'yearMonthInterval',
      value: -3,
    });
    expect(toLiteral(typed.dayTimeInterval(7)).literalType).toMatchObject({
      case: 'dayTimeInterval',
      value: 7n,
    });
    expect(() => typed.yearMonthInterval(1.5)).toThrow(TypeError);
    expect(() => typed.dayTimeInterval(2n ** 64n)).toThrow(TypeError);
    const arr = toLiteral([LocalTime.of(1, 0), null]).literalType;
    expect(arr.case === 'array' && arr.value.elementType?.kind).toMatchObject({
      case: 'time',
      value: { precision: 6 },
    });
  });

  it('decodes nanosecond timestamps (and every other kind) from literals', () => {
    const ntz = literalToJs(
      create(Expression_LiteralSchema, {
        literalType: {
          case: 'timestampNtzNanos',
          value: { epochMicros: -1n, nanosWithinMicro: 250, precision: 9 },
        },
      }),
    );
    expect(ntz).toBeInstanceOf(SparkTimestampNTZNanos);
    expect((ntz as SparkTimestampNTZNanos).epochNanos).toBe(-750n);
    const ltz = literalToJs(
      create(Expression_LiteralSchema, {
        literalType: {
          case: 'timestampLtzNanos',
          value: { epochMicros: 1_000_000n, nanosWithinMicro: 7, precision: 9 },
        },
      }),
    );
    expect(ltz).toBeInstanceOf(SparkTimestampNanos);
    expect((ltz as SparkTimestampNanos).epochNanos).toBe(1_000_000_007n);
    for (const v of [LocalTime.of(2, 3, 4, 5000), new CalendarInterval(1, 2, 3n)]) {
      expect(literalToJs(toLiteral(v))).toEqual(v);
    }
  });
});
