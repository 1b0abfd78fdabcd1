/**
 * The encoder's fast paths (plain decimal strings without a bigint, Dates and safe-integer
 * numbers as 64-bit words without a bigint, ASCII strings byte by byte, object keys checked
 * without Object.keys) must give exactly what the general path gives, at their edges.
 */
import { type Table, tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { encodeRows, unscaledDecimal } from '../../src/arrow/encode.js';
import { parseDataType, SparkTimestamp, type StructType } from '../../src/types/index.js';

function column(ddl: string, values: unknown[]): { words: ArrayLike<number | bigint>; table: Table } {
  const table = tableFromIPC(
    encodeRows(
      parseDataType(ddl) as StructType,
      values.map((v) => [v]),
    ),
  );
  return { words: table.getChildAt(0)!.data[0].values as ArrayLike<number | bigint>, table };
}

/** The Decimal128 at `i` as a bigint. */
function decimalAt(words: ArrayLike<number | bigint>, i: number): bigint {
  let u = 0n;
  for (let k = 3; k >= 0; k--) u = (u << 32n) | BigInt(words[4 * i + k] as number);
  return BigInt.asIntN(128, u);
}

describe('decimal strings', () => {
  const cases: [string, string[]][] = [
    [
      'DECIMAL(12,2)',
      [
        '0',
        '-0',
        '+1.5',
        '-1.5',
        '.5',
        '5.',
        '00012.30',
        '-0.01',
        '9999999999.99',
        '-9999999999.99',
        ' 1.5 ',
        '1.50000',
      ],
    ],
    ['DECIMAL(15,0)', ['999999999999999', '-999999999999999', '-4294967296', '4294967295', '4294967296']],
    ['DECIMAL(18,3)', ['123456789012.345', '-123456789012.345', '999999999999999.999', '1234567890123.4']],
    ['DECIMAL(38,10)', ['12345.6789012345', '-0.0000000001', '99999.9999999999']],
    ['DECIMAL(4,4)', ['0.1234', '-0.9999', '.0001']],
  ];
  it.each(cases)('%s: every value is the unscaled value of the general parser', (ddl, values) => {
    const t = parseDataType(`d ${ddl}`) as StructType;
    const { precision, scale } = t.fields[0].dataType as unknown as { precision: number; scale: number };
    const { words } = column(`d ${ddl}`, values);
    values.forEach((v, i) => {
      const r = unscaledDecimal(v, precision, scale);
      if ('error' in r) throw new Error(r.error);
      expect([v, decimalAt(words, i)]).toEqual([v, r.value]);
    });
  });

  it.each([
    ['DECIMAL(5,2)', '1000.00', /at most 5 digits/],
    ['DECIMAL(12,2)', '1.234', /at most 2 fraction digits/],
    ['DECIMAL(12,2)', '1e5', /decimal strings like/],
    ['DECIMAL(12,2)', '.', /decimal strings like/],
    ['DECIMAL(12,2)', '--1', /decimal strings like/],
    ['DECIMAL(12,2)', '1.2.3', /decimal strings like/],
  ])('%s refuses %j with the general error', (ddl, v, msg) => {
    expect(() => column(`d ${ddl}`, [v])).toThrow(msg);
  });
});

describe('64-bit values without bigints', () => {
  it('writes safe-integer numbers of a bigint column exactly', () => {
    const values = [
      0,
      -1,
      1,
      2 ** 32,
      -(2 ** 32),
      2 ** 32 + 5,
      -(2 ** 31) - 1,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
    ];
    const { words } = column('l BIGINT', values);
    expect([...(words as BigInt64Array)]).toEqual(values.map((v) => BigInt(v)));
  });

  it('writes Dates and SparkTimestamps as exact microseconds, at the double limit and beyond', () => {
    const limit = Math.floor(Number.MAX_SAFE_INTEGER / 1000); // the last ms whose µs are safe
    const values = [
      new Date(0),
      new Date(-1),
      new SparkTimestamp(-1, 1),
      new SparkTimestamp(1_700_000_000_123, 999),
      new SparkTimestamp(limit, 991),
      new SparkTimestamp(limit, 992), // one past 2^53 - 1 µs: the bigint path
      new SparkTimestamp(-limit, 0),
      new Date(8.64e15),
      new Date(-8.64e15),
    ];
    const { words } = column('t TIMESTAMP', values);
    expect([...(words as BigInt64Array)]).toEqual(
      values.map(
        (d) => BigInt(d.getTime()) * 1000n + BigInt(d instanceof SparkTimestamp ? d.microsOfMillisecond : 0),
      ),
    );
  });

  it('still refuses invalid Dates', () => {
    expect(() => column('t TIMESTAMP', [new Date(Number.NaN)])).toThrow(/column 't' of type timestamp takes/);
  });
});

describe('strings', () => {
  it('writes ASCII, non-ASCII, lone surrogates and long strings as TextEncoder does', () => {
    const values = [
      '',
      'abc',
      'é',
      'a😀b',
      '\ud800x',
      'x'.repeat(64),
      `${'y'.repeat(63)}é`,
      'z'.repeat(5000),
      null,
      'ok',
    ];
    const { table } = column('s STRING', values);
    const dec = new TextDecoder();
    const enc = new TextEncoder();
    expect([...table.getChildAt(0)!]).toEqual(
      values.map((v) => (v === null ? null : dec.decode(enc.encode(v)))),
    );
  });
});

describe('object rows', () => {
  const schema = parseDataType('a INT, b STRING') as StructType;
  it('refuses a key that is not a field, as before', () => {
    expect(() =>
      encodeRows(schema, [
        { a: 1, b: 'x' },
        { a: 1, c: 'y' },
      ]),
    ).toThrow("Row 1: a row has a field 'c' that is not in the schema (a, b)");
  });
  it('accepts null-prototype objects, and a missing key as null', () => {
    const row = Object.create(null) as Record<string, unknown>;
    row.a = 2;
    row.b = 'z';
    const table = tableFromIPC(encodeRows(schema, [{ a: 1 }, row]));
    expect(table.toArray().map((r) => r.toJSON())).toEqual([
      { a: 1, b: null },
      { a: 2, b: 'z' },
    ]);
  });
});

describe('columns that outgrow their first buffers', () => {
  it('keeps every value of 1000 rows (buffers start at 64 values and grow)', () => {
    const schema = parseDataType(
      'l BIGINT, n BIGINT, i INT, d DOUBLE, dec DECIMAL(20,2), s STRING, t TIMESTAMP, dt DATE',
    ) as StructType;
    const rows = Array.from({ length: 1000 }, (_, i) =>
      i % 13 === 0
        ? [null, null, null, null, null, null, null, null]
        : [
            BigInt(i) << 40n,
            -i,
            i,
            i / 4,
            `${i}.25`,
            `s${i}`,
            new Date(i * 1000),
            new Date(Date.UTC(2001, 0, 1 + i)),
          ],
    );
    const table = tableFromIPC(encodeRows(schema, rows));
    const got = table.toArray().map((r) => Object.values(r.toJSON()));
    rows.forEach((row, i) => {
      const expected =
        i % 13 === 0
          ? row
          : [
              BigInt(i) << 40n,
              BigInt(-i),
              i,
              i / 4,
              null, // compared below as unscaled words
              `s${i}`,
              i * 1000, // apache-arrow gives timestamps in milliseconds
              Math.floor(Date.UTC(2001, 0, 1 + i) / 86_400_000) * 86_400_000,
            ];
      const actual = [...got[i]];
      if (i % 13 !== 0) actual[4] = null;
      expect([i, ...actual]).toEqual([i, ...expected]);
    });
    const words = table.getChild('dec')!.data[0].values as Uint32Array;
    expect(decimalAt(words, 999)).toBe(99_925n);
  });
});
