/**
 * Property-based tests (fast-check) of the Arrow decoder: random record batches of every column
 * type Spark sends (built with apache-arrow, with nulls anywhere, sliced at random offsets, and
 * through an IPC round trip as the server sends them) decode to exactly the values they were
 * built from, mapped as the README documents (bigint for 64-bit, decimals as exact strings,
 * microsecond timestamps, ...). A failure prints the seed and the shrunk batch (fast-check does).
 */
import {
  Bool,
  type Data,
  DateDay,
  DurationMicrosecond,
  Field,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  makeData,
  type RecordBatch,
  TimestampMicrosecond,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowDecoder } from '../../src/arrow/index.js';
import { parseDDL, Row, SparkTimestamp, SparkTimestampNTZ } from '../../src/types/index.js';
import {
  batchOf,
  binaryData,
  decimalData,
  int64Data,
  listData,
  structData,
  utf8Data,
  validOf,
  viaIpc,
} from '../support/arrow-data.js';

const RUNS = 1000;

/** One column kind: its Spark type, a value generator, how to build Arrow data, and the expected decoded value. */
interface Kind {
  ddl: string;
  value: fc.Arbitrary<unknown>;
  build(values: unknown[]): Data;
  /** The decoded value the client must give for a generated (non-null) value, in comparable form. */
  expected(v: unknown): unknown;
  /** A decoded value in comparable form (e.g. a SparkTimestamp as its epoch microseconds). */
  comparable(v: unknown): unknown;
}

const same = (v: unknown) => v;
const LONG = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
/** 0001-01-01 .. 9999-12-31, in days and in microseconds since the epoch. */
const DAYS = { min: -719_162, max: 2_932_896 };
const MICROS = { min: -62_135_596_800_000_000n, max: 253_402_300_799_999_999n };

/** Data built by apache-arrow's own builders (vectorFromArray), nulls included. */
function arrowBuilt(type: Bool | Int8 | Int16 | Int32 | Float32 | Float64) {
  return (values: unknown[]) => vectorFromArray(values as never[], type).data[0];
}

/** An unscaled decimal as Spark's exact string (scale digits after the point). */
function decimalString(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return neg ? `-${text}` : text;
}

const scalarKinds: Kind[] = [
  { ddl: 'boolean', value: fc.boolean(), build: arrowBuilt(new Bool()), expected: same, comparable: same },
  {
    ddl: 'tinyint',
    value: fc.integer({ min: -128, max: 127 }),
    build: arrowBuilt(new Int8()),
    expected: same,
    comparable: same,
  },
  {
    ddl: 'smallint',
    value: fc.integer({ min: -32768, max: 32767 }),
    build: arrowBuilt(new Int16()),
    expected: same,
    comparable: same,
  },
  { ddl: 'int', value: fc.integer(), build: arrowBuilt(new Int32()), expected: same, comparable: same },
  {
    ddl: 'bigint',
    value: fc.bigInt(LONG),
    build: (vs) => int64Data(new Int64(), vs as (bigint | null)[]),
    expected: same,
    comparable: same,
  },
  {
    ddl: 'float',
    value: fc.float(),
    build: arrowBuilt(new Float32()),
    expected: (v) => Math.fround(v as number),
    comparable: same,
  },
  { ddl: 'double', value: fc.double(), build: arrowBuilt(new Float64()), expected: same, comparable: same },
  {
    ddl: 'string',
    value: fc.string({ unit: 'grapheme', maxLength: 12 }),
    build: (vs) => utf8Data(vs as (string | null)[]),
    expected: same,
    comparable: same,
  },
  {
    ddl: 'string',
    value: fc.string({ unit: 'grapheme', maxLength: 12 }),
    build: (vs) => utf8Data(vs as (string | null)[], true),
    expected: same,
    comparable: same,
  },
  {
    ddl: 'binary',
    value: fc.uint8Array({ maxLength: 12 }),
    build: (vs) => binaryData(vs.map((v) => (v === null ? null : [...(v as Uint8Array)]))),
    expected: (v) => [...(v as Uint8Array)],
    comparable: (v) => (v instanceof Uint8Array ? [...v] : v),
  },
  {
    ddl: 'date',
    value: fc.integer(DAYS),
    build: (vs) =>
      makeData({
        type: new DateDay(),
        length: vs.length,
        data: Int32Array.from(vs, (v) => (v as number | null) ?? 0),
        ...validOf(vs),
      }),
    expected: (days) => (days as number) * 86_400_000,
    comparable: (v) => (v instanceof Date ? v.getTime() : v),
  },
  {
    ddl: 'timestamp',
    value: fc.bigInt(MICROS),
    build: (vs) => int64Data(new TimestampMicrosecond('UTC'), vs as (bigint | null)[]),
    expected: (v) => ['ltz', v],
    comparable: (v) =>
      v instanceof SparkTimestamp ? [v instanceof SparkTimestampNTZ ? 'ntz' : 'ltz', v.epochMicros] : v,
  },
  {
    ddl: 'timestamp_ntz',
    value: fc.bigInt(MICROS),
    build: (vs) => int64Data(new TimestampMicrosecond(null), vs as (bigint | null)[]),
    expected: (v) => ['ntz', v],
    comparable: (v) =>
      v instanceof SparkTimestamp ? [v instanceof SparkTimestampNTZ ? 'ntz' : 'ltz', v.epochMicros] : v,
  },
  {
    ddl: 'interval day to second',
    value: fc.bigInt(LONG),
    build: (vs) => int64Data(new DurationMicrosecond(), vs as (bigint | null)[]),
    expected: same,
    comparable: same,
  },
];

/** decimal(p, s) kinds, p in 1..38, with unscaled values of up to p digits. */
const decimalKind: fc.Arbitrary<Kind> = fc
  .integer({ min: 1, max: 38 })
  .chain((p) => fc.integer({ min: 0, max: p }).map((s) => [p, s] as const))
  .map(([p, s]) => {
    const bound = 10n ** BigInt(p) - 1n;
    return {
      ddl: `decimal(${p},${s})`,
      value: fc.bigInt({ min: -bound, max: bound }),
      build: (vs) => decimalData(vs as (bigint | null)[], p, s),
      expected: (v) => decimalString(v as bigint, s),
      comparable: same,
    };
  });

const scalarKind: fc.Arbitrary<Kind> = fc.oneof(fc.constantFrom(...scalarKinds), decimalKind);

/** Values of a kind, null included. */
const valuesOf = (k: Kind, n: number) =>
  fc.array(fc.option(k.value, { nil: null }), { minLength: n, maxLength: n });

/** `array<T>` of a scalar kind: each row a list of values (or null), the child built from all elements. */
function arrayKind(el: Kind): Kind {
  return {
    ddl: `array<${el.ddl}>`,
    value: fc.array(fc.option(el.value, { nil: null }), { maxLength: 5 }),
    build: (vs) => {
      const lists = vs as (unknown[] | null)[];
      const offsets = [0];
      for (const l of lists) offsets.push(offsets[offsets.length - 1] + (l?.length ?? 0));
      const child = el.build(lists.flatMap((l) => l ?? []));
      return listData(
        child,
        offsets,
        lists.map((l) => l !== null),
      );
    },
    expected: (v) => (v as unknown[]).map((x) => (x === null ? null : el.expected(x))),
    comparable: (v) => (Array.isArray(v) ? v.map((x) => (x === null ? null : el.comparable(x))) : v),
  };
}

/** `struct<a: A, b: B>` of two scalar kinds. */
function structKind(a: Kind, b: Kind): Kind {
  return {
    ddl: `struct<a: ${a.ddl}, b: ${b.ddl}>`,
    value: fc.tuple(fc.option(a.value, { nil: null }), fc.option(b.value, { nil: null })),
    build: (vs) => {
      const pairs = vs as ([unknown, unknown] | null)[];
      const ca = a.build(pairs.map((p) => p?.[0] ?? null));
      const cb = b.build(pairs.map((p) => p?.[1] ?? null));
      return structData(
        [new Field('a', ca.type, true), new Field('b', cb.type, true)],
        [ca, cb],
        pairs.map((p) => p !== null),
      );
    },
    expected: (v) => {
      const [x, y] = v as [unknown, unknown];
      return { a: x === null ? null : a.expected(x), b: y === null ? null : b.expected(y) };
    },
    comparable: (v) => {
      if (!(v instanceof Row)) return v;
      const x = v.get('a');
      const y = v.get('b');
      return { a: x === null ? null : a.comparable(x), b: y === null ? null : b.comparable(y) };
    },
  };
}

const anyKind: fc.Arbitrary<Kind> = fc.oneof(
  { weight: 4, arbitrary: scalarKind },
  { weight: 1, arbitrary: scalarKind.map(arrayKind) },
  { weight: 1, arbitrary: fc.tuple(scalarKind, scalarKind).map(([a, b]) => structKind(a, b)) },
);

/** A random batch: 1..6 columns of random kinds, 0..40 rows, with the values it was built from. */
const randomBatch = fc
  .tuple(fc.array(anyKind, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 40 }))
  .chain(([kinds, n]) =>
    fc.tuple(fc.constant(kinds), fc.tuple(...kinds.map((k) => valuesOf(k, n)))).map(([ks, cols]) => {
      const batch = batchOf(ks.map((k, i) => [`c${i}`, k.build(cols[i])]));
      const schema = parseDDL(ks.map((k, i) => `c${i} ${k.ddl}`).join(', '));
      return { kinds: ks, columns: cols, batch, schema, rows: n };
    }),
  );

/** The rows a batch must decode to, column by column in comparable form. */
function expectedColumns(kinds: Kind[], columns: unknown[][], from = 0, to?: number): unknown[][] {
  return kinds.map((k, c) => columns[c].slice(from, to).map((v) => (v === null ? null : k.expected(v))));
}

function decodedColumns(kinds: Kind[], decoder: RowDecoder, batches: RecordBatch[]): unknown[][] {
  const rows = batches.flatMap((b) => decoder.decode(b));
  return kinds.map((k, c) => rows.map((r) => k.comparable(r.get(c))));
}

describe('the Arrow decoder (properties)', () => {
  it('random batches of every type decode to the values they were built from (through IPC)', () => {
    fc.assert(
      fc.property(randomBatch, ({ kinds, columns, batch, schema }) => {
        const decoder = new RowDecoder(schema, { timeZone: 'UTC' });
        expect(decodedColumns(kinds, decoder, viaIpc(batch))).toEqual(expectedColumns(kinds, columns));
      }),
      { numRuns: RUNS },
    );
  });

  it('a batch sliced at any offset decodes to the same slice of values, in memory and through IPC', () => {
    fc.assert(
      fc.property(
        randomBatch.chain((b) =>
          fc
            .integer({ min: 0, max: b.rows })
            .chain((from) => fc.integer({ min: from, max: b.rows }).map((to) => ({ ...b, from, to }))),
        ),
        ({ kinds, columns, batch, schema, from, to }) => {
          const decoder = new RowDecoder(schema, { timeZone: 'UTC' });
          const slice = batch.slice(from, to);
          const expected = expectedColumns(kinds, columns, from, to);
          expect(decodedColumns(kinds, decoder, [slice])).toEqual(expected);
          expect(decodedColumns(kinds, decoder, viaIpc(slice))).toEqual(expected);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
