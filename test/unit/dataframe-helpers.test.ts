import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { toLiteral, typed } from '../../src/column/literal.js';
import { literalToJs } from '../../src/dataframe/literal-values.js';
import { ExecutePlanResponse_ObservedMetricsSchema } from '../../src/gen/spark/connect/base_pb.js';
import {
  col,
  functions as F,
  lit,
  Observation,
  Row,
  SparkTimestamp,
  StorageLevel,
  UNSUPPORTED_DATAFRAME_METHODS,
} from '../../src/index.js';
import { childPlans, node, walkPlan } from '../../src/plan/nodes.js';

describe('StorageLevel', () => {
  it("has PySpark's constants, rendering and equality", () => {
    expect(StorageLevel.MEMORY_AND_DISK_DESER.toString()).toBe('Disk Memory Deserialized 1x Replicated');
    expect(StorageLevel.DISK_ONLY_2.toString()).toBe('Disk Serialized 2x Replicated');
    expect(StorageLevel.OFF_HEAP.toString()).toBe('Disk Memory OffHeap Serialized 1x Replicated');
    expect(StorageLevel.NONE.toString()).toBe('Serialized 1x Replicated');
    expect(new StorageLevel(false, true, false, false).equals(StorageLevel.MEMORY_ONLY)).toBe(true);
    expect(StorageLevel.MEMORY_ONLY.equals(StorageLevel.MEMORY_ONLY_2)).toBe(false);
    expect(new StorageLevel(true, true, false, false, 2).name).toBe('MEMORY_AND_DISK_2');
    expect(new StorageLevel(true, false, true, true, 5).name).toBeUndefined();
  });

  it('resolves names and rejects unknown ones', () => {
    expect(StorageLevel.of('DISK_ONLY_3')).toBe(StorageLevel.DISK_ONLY_3);
    expect(StorageLevel.of(StorageLevel.OFF_HEAP)).toBe(StorageLevel.OFF_HEAP);
    expect(() => StorageLevel.of('MEMORY_SOMETIMES' as never)).toThrow(
      /Unknown storage level "MEMORY_SOMETIMES".*DISK_ONLY/,
    );
    expect(() => StorageLevel.of('toString' as never)).toThrow(TypeError);
    expect(() => new StorageLevel(true, true, false, false, 0)).toThrow(/replication/);
    expect(() => new StorageLevel('yes' as never, true, false, false)).toThrow(/useDisk/);
  });

  it('round-trips through the protocol message', () => {
    const p = StorageLevel.MEMORY_AND_DISK_2.toProto();
    expect([p.useDisk, p.useMemory, p.useOffHeap, p.deserialized, p.replication]).toEqual([
      true,
      true,
      false,
      false,
      2,
    ]);
    expect(StorageLevel.fromProto(p).equals(StorageLevel.MEMORY_AND_DISK_2)).toBe(true);
  });
});

describe('Observation', () => {
  const metrics = (keys: string[], values: unknown[]) =>
    create(ExecutePlanResponse_ObservedMetricsSchema, {
      name: 'o',
      keys,
      values: values.map((v) => toLiteral(v)),
    });

  it('refuses get() before observe() and before an action', () => {
    const o = new Observation('o');
    expect(() => o.get()).toThrow(/not attached/);
    o.attach();
    expect(() => o.get()).toThrow(/no metrics yet/);
    expect(() => o.attach()).toThrow(/already attached/);
    expect(() => new Observation('')).toThrow(/empty/);
    expect(() => new Observation(5 as never)).toThrow(/string/);
  });

  it('keeps the server names (4.x) or falls back to the metric aliases (3.5)', () => {
    const o = new Observation('o');
    o.attach();
    const exprs = [F.count(lit(1)).alias('n').node, col('m').node, F.max('x').node];
    o.deliver(metrics(['rows', 'mx'], [3n, 1.5]), exprs);
    expect(o.get()).toEqual({ rows: 3n, mx: 1.5 });
    o.deliver(metrics([], [4n, 'a', null]), exprs);
    expect(o.get()).toEqual({ n: 4n, m: 'a', metric_2: null });
  });
});

describe('literalToJs', () => {
  it('maps literals the way rows map values', () => {
    expect(literalToJs(toLiteral(null))).toBeNull();
    expect(literalToJs(toLiteral(7))).toBe(7);
    expect(literalToJs(toLiteral(2n ** 40n))).toBe(2n ** 40n);
    expect(literalToJs(toLiteral(typed.decimal('1.50')))).toBe('1.50');
    expect((literalToJs(toLiteral(typed.date('2024-02-29'))) as Date).toISOString()).toBe(
      '2024-02-29T00:00:00.000Z',
    );
    const ts = literalToJs(toLiteral(typed.timestamp(1_700_000_000_123_456n)));
    expect(ts).toBeInstanceOf(SparkTimestamp);
    expect((ts as SparkTimestamp).epochMicros).toBe(1_700_000_000_123_456n);
    expect(literalToJs(toLiteral([1, 2]))).toEqual([1, 2]);
    expect(literalToJs(toLiteral(new Map([['a', 1]])))).toEqual(new Map([['a', 1]]));
    const s = literalToJs(toLiteral({ a: 1, b: 'x' }));
    expect(s).toBeInstanceOf(Row);
    expect((s as Row).toObject()).toEqual({ a: 1, b: 'x' });
  });
});

describe('plan walking', () => {
  it('visits inputs, left and right sides', () => {
    const a = node({ kind: 'range', start: 0n, end: 1n, step: 1n });
    const b = node({ kind: 'table', name: 't', options: {} });
    const f = node({ kind: 'filter', input: a, condition: col('x').node });
    const j = node({ kind: 'join', left: f, right: b, joinType: 'inner', usingColumns: [] });
    expect(childPlans(j)).toEqual([f, b]);
    expect([...walkPlan(j)].map((n) => n.kind)).toEqual(['join', 'filter', 'range', 'table']);
  });
});

describe('UNSUPPORTED_DATAFRAME_METHODS', () => {
  it('names the Python-only methods with a reason', () => {
    for (const m of ['rdd', 'mapInPandas', 'mapInArrow', 'toPandas', 'pandas_api', 'applyInPandas']) {
      expect(UNSUPPORTED_DATAFRAME_METHODS[m]).toMatch(/\w{5,}/);
    }
    expect(UNSUPPORTED_DATAFRAME_METHODS.mapInPandas).toMatch(/Python UDFs/);
    // foreach / foreachPartition run the user's function on the client now (src/dataframe/foreach.ts).
    expect(UNSUPPORTED_DATAFRAME_METHODS.foreach).toBeUndefined();
    expect(Object.isFrozen(UNSUPPORTED_DATAFRAME_METHODS)).toBe(true);
  });
});
