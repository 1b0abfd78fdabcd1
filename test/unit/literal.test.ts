import { describe, expect, it } from 'vitest';
import { toLiteral, typed } from '../../src/column/literal.js';
import {
  SparkTimestamp,
  SparkTimestampNanos,
  SparkTimestampNTZ,
  SparkTimestampNTZNanos,
} from '../../src/types/values.js';

const kind = (v: unknown) => toLiteral(v).literalType;

describe('JS -> Spark literal mapping', () => {
  it('maps scalars per the documented table', () => {
    expect(kind(null).case).toBe('null');
    expect(kind(true)).toEqual({ case: 'boolean', value: true });
    expect(kind(7)).toEqual({ case: 'integer', value: 7 });
    expect(kind(-2147483648)).toEqual({ case: 'integer', value: -2147483648 });
    expect(kind(2147483648)).toEqual({ case: 'long', value: 2147483648n });
    expect(kind(1.25)).toEqual({ case: 'double', value: 1.25 });
    expect(kind(Number.NaN)).toEqual({ case: 'double', value: Number.NaN });
    expect(kind(Number.POSITIVE_INFINITY)).toEqual({ case: 'double', value: Number.POSITIVE_INFINITY });
    expect(kind(2n ** 63n - 1n)).toEqual({ case: 'long', value: 2n ** 63n - 1n });
    expect(kind('s')).toEqual({ case: 'string', value: 's' });
    expect(kind(new Date('2024-01-01T00:00:00.123Z'))).toEqual({
      case: 'timestamp',
      value: 1704067200123000n,
    });
    expect(kind(new Uint8Array([1, 2]))).toEqual({ case: 'binary', value: new Uint8Array([1, 2]) });
  });

  it('maps typed values exactly', () => {
    expect(kind(typed.decimal('-12.340'))).toMatchObject({
      case: 'decimal',
      value: { value: '-12.340', precision: 5, scale: 3 },
    });
    expect(kind(typed.decimal('1', 38, 10))).toMatchObject({
      case: 'decimal',
      value: { value: '1.0000000000', precision: 38, scale: 10 },
    });
    // One wire form: exactly `scale` fraction digits.
    expect(kind(typed.decimal('+12.5', 10, 2))).toMatchObject({
      case: 'decimal',
      value: { value: '12.50', precision: 10, scale: 2 },
    });
    expect(() => typed.decimal('12.345', 10, 2)).toThrow(/more than 2 fraction digits/);
    expect(() => typed.decimal('123', 3, 1)).toThrow(/does not fit decimal\(3,1\)/);
    // A leading zero is not an integer digit: these fit decimal(p,p), as in Spark.
    expect(kind(typed.decimal('-0.58', 2, 2))).toMatchObject({
      case: 'decimal',
      value: { value: '-0.58', precision: 2, scale: 2 },
    });
    expect(kind(typed.decimal('0.5'))).toMatchObject({ value: { precision: 1, scale: 1 } });
    expect(() => typed.decimal('1.5', 2, 2)).toThrow(/does not fit decimal\(2,2\)/);
    expect(kind(typed.date('1970-01-02'))).toEqual({ case: 'date', value: 1 });
    expect(kind(typed.date('1969-12-31'))).toEqual({ case: 'date', value: -1 });
    expect(kind(typed.timestampNtz(5n))).toEqual({ case: 'timestampNtz', value: 5n });
    expect(kind(typed.byte(-128))).toEqual({ case: 'byte', value: -128 });
    expect(kind(typed.short(300))).toEqual({ case: 'short', value: 300 });
    expect(kind(typed.long(5))).toEqual({ case: 'long', value: 5n });
    expect(kind(typed.float(0.5))).toEqual({ case: 'float', value: 0.5 });
  });

  it('maps arrays, maps and objects with element types', () => {
    const arr = kind([1, null, 3]);
    expect(arr.case).toBe('array');
    if (arr.case !== 'array') return;
    expect(arr.value.elementType?.kind.case).toBe('integer');
    expect(arr.value.elements.map((e) => e.literalType.case)).toEqual(['integer', 'null', 'integer']);
    const m = kind(new Map([['a', 1.5]]));
    expect(m.case === 'map' && [m.value.keyType?.kind.case, m.value.valueType?.kind.case]).toEqual([
      'string',
      'double',
    ]);
    const s = kind({ x: 1, y: 'z', nested: { q: true } });
    expect(s.case).toBe('struct');
    if (s.case !== 'struct') return;
    const st = s.value.structType?.kind;
    expect(st?.case === 'struct' && st.value.fields.map((f) => [f.name, f.dataType?.kind.case])).toEqual([
      ['x', 'integer'],
      ['y', 'string'],
      ['nested', 'struct'],
    ]);
  });

  it('timestamps read from Spark keep their microseconds, their kind and their nanoseconds', () => {
    expect(kind(SparkTimestamp.fromEpochMicros(1_700_000_000_123_456n))).toEqual({
      case: 'timestamp',
      value: 1_700_000_000_123_456n,
    });
    expect(kind(SparkTimestampNTZ.fromEpochMicros(-1n))).toEqual({ case: 'timestampNtz', value: -1n });
    expect(kind(new Date(1_000))).toEqual({ case: 'timestamp', value: 1_000_000n });
    const ntz = kind(SparkTimestampNTZNanos.fromEpochNanos(1_704_067_200_123_456_789n));
    expect(ntz.case).toBe('timestampNtzNanos');
    expect(ntz.value).toMatchObject({
      epochMicros: 1_704_067_200_123_456n,
      nanosWithinMicro: 789,
      precision: 9,
    });
    const ltz = kind(SparkTimestampNanos.fromEpochNanos(-1n));
    expect(ltz.case).toBe('timestampLtzNanos');
    expect(ltz.value).toMatchObject({ epochMicros: -1n, nanosWithinMicro: 999, precision: 9 });
  });

  it('rejects what has no Spark literal, naming the problem', () => {
    expect(() => toLiteral(undefined)).toThrow(/undefined/);
    expect(() => toLiteral(() => 1)).toThrow(/function/);
    expect(() => toLiteral(2n ** 63n)).toThrow(/64-bit/);
    expect(() => toLiteral([1, 'a'])).toThrow(/one type/);
    expect(() => toLiteral(new (class Foo {})())).toThrow(/Foo/);
    expect(() => typed.decimal('1.2.3')).toThrow(/not a decimal/);
    expect(() => typed.date('2024/01/01')).toThrow(/YYYY-MM-DD/);
    expect(() => typed.byte(200)).toThrow(/-128/);
    expect(() => toLiteral(new Date('invalid'))).toThrow(/invalid Date/);
  });
});
