import { Field, makeData, RecordBatch, Schema, Struct, TimestampMicrosecond, Utf8 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { RowDecoder } from '../../src/arrow/index.js';
import {
  parseDataType,
  SparkTimestamp,
  SparkTimestampNTZ,
  StructField,
  StructType,
} from '../../src/types/index.js';
import { decimalData, decodeColumn, utf8Data } from '../support/arrow-data.js';

/** Reference: the exact decimal string of an unscaled value, by BigInt digits. */
function decimalRef(v: bigint, scale: number): string {
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString();
  if (scale === 0) return (neg ? '-' : '') + digits;
  const padded = digits.padStart(scale + 1, '0');
  const cut = padded.length - scale;
  return `${neg ? '-' : ''}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

describe('decimal fast path (|unscaled| < 2^52) and its BigInt fallback', () => {
  const P52 = 2n ** 52n;
  const edges = [
    0n,
    1n,
    -1n,
    9n,
    -9n,
    10n,
    -10n,
    99n,
    -100n,
    P52 - 1n,
    -(P52 - 1n),
    P52,
    -P52,
    P52 + 1n,
    -P52 - 1n,
  ];

  it.each([0, 1, 2, 3, 4, 5, 9, 15, 16, 18])('decimal(38,%i): both sides of 2^52, signs, zero', (scale) => {
    expect(decodeColumn(`decimal(38,${scale})`, decimalData(edges, 38, scale))).toEqual(
      edges.map((v) => decimalRef(v, scale)),
    );
  });

  it('scale = precision: only a fraction, with a leading 0', () => {
    expect(decodeColumn('decimal(5,5)', decimalData([12345n, -1n, 0n, 99999n, null], 5, 5))).toEqual([
      '0.12345',
      '-0.00001',
      '0.00000',
      '0.99999',
      null,
    ]);
    const max = 10n ** 38n - 1n;
    expect(decodeColumn('decimal(38,38)', decimalData([max, -max, 1n, -1n], 38, 38))).toEqual([
      `0.${'9'.repeat(38)}`,
      `-0.${'9'.repeat(38)}`,
      `0.${'0'.repeat(37)}1`,
      `-0.${'0'.repeat(37)}1`,
    ]);
  });

  it('scale 0 and precision 38 extremes', () => {
    const max = 10n ** 38n - 1n;
    const vals = [max, -max, 2n ** 96n, -(2n ** 96n), 2n ** 64n - 1n, -(2n ** 64n) + 1n];
    expect(decodeColumn('decimal(38,0)', decimalData(vals, 38, 0))).toEqual(vals.map((v) => v.toString()));
  });

  it('every fraction of the small-scale tables pads to `scale` digits', () => {
    for (const scale of [1, 2, 3, 4]) {
      const vals = Array.from({ length: 10 ** scale + 2 }, (_, f) => BigInt(f) * (f % 2 === 0 ? 1n : -1n));
      expect(decodeColumn(`decimal(18,${scale})`, decimalData(vals, 18, scale))).toEqual(
        vals.map((v) => decimalRef(v, scale)),
      );
    }
  });
});

describe('microsecond timestamps without BigInt', () => {
  const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
  const vals = [
    -1n,
    -999n,
    -1000n,
    -1001n,
    -86_400_000_000n - 1n, // 1969-12-30T23:59:59.999999
    -62_135_596_800_000_000n, // 0001-01-01
    999n,
    1000n,
    1001n,
    2n ** 32n - 1n, // the low word at its maximum
    2n ** 32n,
    -(2n ** 32n),
    MAX_SAFE, // 2255-06-05, microseconds beyond 2^53 stay exact
    MAX_SAFE + 1n,
    -MAX_SAFE - 2n,
    253_402_300_799_999_999n, // 9999-12-31T23:59:59.999999
  ];
  const data = () =>
    makeData({ type: new TimestampMicrosecond('UTC'), length: vals.length, data: BigInt64Array.from(vals) });

  it('timestamp: exact epochMicros, millis floored, micros of millisecond in 0..999', () => {
    const out = decodeColumn('timestamp', data()) as SparkTimestamp[];
    expect(out.map((t) => t.epochMicros)).toEqual(vals);
    for (const [i, t] of out.entries()) {
      expect(t).toBeInstanceOf(SparkTimestamp);
      const ms = vals[i] / 1000n - (vals[i] % 1000n < 0n ? 1n : 0n);
      expect(t.getTime()).toBe(Number(ms));
      expect(t.microsOfMillisecond).toBe(Number(vals[i] - ms * 1000n));
    }
    expect(out[0].toISOStringMicros()).toBe('1969-12-31T23:59:59.999999Z');
    expect(out[4].toISOStringMicros()).toBe('1969-12-30T23:59:59.999999Z');
    expect(out[12].toJSON()).toBe('2255-06-05T23:47:34.740991Z');
    expect(out[15].toISOStringMicros()).toBe('9999-12-31T23:59:59.999999Z');
  });

  it('timestamp_ntz takes the same path', () => {
    const out = decodeColumn('timestamp_ntz', data()) as SparkTimestampNTZ[];
    expect(out[0]).toBeInstanceOf(SparkTimestampNTZ);
    expect(out.map((t) => t.epochMicros)).toEqual(vals);
    expect(out[0].toISOStringMicros()).toBe('1969-12-31T23:59:59.999999');
  });
});

describe('UTF-8 columns decoded once per batch', () => {
  it('all-ASCII batch: short and long values, empty strings, nulls', () => {
    const vals = [
      '',
      'a',
      null,
      'user_12345',
      'exactly13char',
      'x'.repeat(12),
      'y'.repeat(200),
      '',
      null,
      '~',
    ];
    expect(decodeColumn('string', utf8Data(vals))).toEqual(vals);
  });

  it('a batch with non-ASCII values decodes each value on its own', () => {
    const vals = ['abc', 'héllo', '', null, '日本語 🎉', 'plain ascii value', 'ß'];
    expect(decodeColumn('string', utf8Data(vals))).toEqual(vals);
  });

  it('a batch of only empty strings and nulls', () => {
    expect(decodeColumn('string', utf8Data(['', null, '']))).toEqual(['', null, '']);
  });

  it('a sliced batch (values start past byte 0)', () => {
    const vals = ['first', 'second', 'third-is-longer-than-13', 'é', 'x'];
    const field = new Field('c', new Utf8(), true);
    const all = utf8Data(vals);
    const batch = new RecordBatch(
      new Schema([field]),
      makeData({ type: new Struct([field]), length: all.length, children: [all] }),
    ).slice(1, 3);
    const rows = new RowDecoder(new StructType([new StructField('c', parseDataType('string'))]), {
      timeZone: 'UTC',
    }).decode(batch);
    expect(rows.map((r) => r.get(0))).toEqual(['second', 'third-is-longer-than-13']);
    const ascii = batch.slice(0, 1);
    expect(
      new RowDecoder(new StructType([new StructField('c', parseDataType('string'))]), { timeZone: 'UTC' })
        .decode(ascii)
        .map((r) => r.get(0)),
    ).toEqual(['second']);
  });
});
