/**
 * Property-based tests (fast-check) of the parsers a user feeds: connection strings and schema
 * strings (DDL and JSON), as parse ∘ print round trips over thousands of generated cases. A
 * failure prints the seed and the shrunk counterexample (fast-check does).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConnectionString } from '../../src/client/connection-string.js';
import { InvalidConnectionStringError } from '../../src/errors/base.js';
import type * as T from '../../src/types/all.js';
import { DataTypes } from '../../src/types/data-types-factory.js';
import { parseDataType, parseDDL } from '../../src/types/ddl.js';
import { dataTypeFromJson, structTypeFromJson } from '../../src/types/json-schema.js';

const RUNS = 2000;

// ----------------------------------------------------------------------------------------------
// Connection strings

/** DNS labels with a letter (all-digit names are IPv4 shorthands, rejected on purpose). */
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/).filter((l) => /[a-z]/.test(l));
const hostname = fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('.'));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
/** Printable ASCII without the characters a URI needs encoded, then percent-encoded as needed. */
const paramValue = fc.string({
  unit: fc.constantFrom(..."abcXYZ019-_.~ %;=/?#@!$&'()*+,:[]".split('')),
  minLength: 1,
  maxLength: 20,
});
const headerName = fc.stringMatching(/^x-[a-z0-9_.-]{1,12}$/);

describe('connection strings (properties)', () => {
  it('a string built from valid parts parses back to those parts', () => {
    fc.assert(
      fc.property(
        fc.oneof(hostname, ipv4),
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        fc.option(paramValue, { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { nil: undefined }),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.dictionary(headerName, paramValue, { maxKeys: 3 }),
        (host, port, userId, keepaliveMs, useSsl, headers) => {
          const params: string[] = [];
          if (userId !== undefined) params.push(`user_id=${encodeURIComponent(userId)}`);
          if (keepaliveMs !== undefined) params.push(`grpc_keepalive_time_ms=${keepaliveMs}`);
          if (useSsl !== undefined) params.push(`use_ssl=${useSsl}`);
          for (const [k, v] of Object.entries(headers)) params.push(`${k}=${encodeURIComponent(v)}`);
          const url = `sc://${host}${port === undefined ? '' : `:${port}`}/${params.map((p) => `;${p}`).join('')}`;
          const cfg = parseConnectionString(url);
          expect(cfg.host).toBe(host);
          expect(cfg.port).toBe(port ?? 15002);
          expect(cfg.userId).toBe(userId);
          expect(cfg.useSsl).toBe(useSsl ?? false);
          expect(cfg.keepalive?.timeMs).toBe(keepaliveMs);
          expect(cfg.headers).toEqual(headers);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('any string either parses or fails with InvalidConnectionStringError, never showing the token', () => {
    const secret = 'S3cr3tT0ken';
    const fragment = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        'sc://',
        'h',
        ':',
        '/',
        ';',
        '=',
        'token=',
        `token=${secret}`,
        'use_ssl=',
        '[::1]',
        '%',
        '%zz',
        '@',
        '?',
      ),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 8 }), (parts) => {
        const url = parts.join('');
        try {
          parseConnectionString(url);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidConnectionStringError);
          expect((e as Error).message).not.toContain(secret);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

// ----------------------------------------------------------------------------------------------
// Schemas: DDL and JSON

const D = DataTypes;
const atomic: fc.Arbitrary<T.DataType> = fc.oneof(
  fc.constantFrom<T.DataType>(
    D.boolean,
    D.byte,
    D.short,
    D.int,
    D.long,
    D.float,
    D.double,
    D.string,
    D.binary,
    D.date,
    D.timestamp,
    D.timestampNTZ,
    D.calendarInterval,
    D.variant,
  ),
  fc.integer({ min: 1, max: 38 }).chain((p) => fc.integer({ min: 0, max: p }).map((s) => D.decimal(p, s))),
  fc.integer({ min: 1, max: 255 }).map((n) => D.char(n)),
  fc.integer({ min: 1, max: 255 }).map((n) => D.varchar(n)),
  fc
    .constantFrom(0, 1, 2, 3)
    .chain((a) => fc.integer({ min: a, max: 3 }).map((b) => D.dayTimeInterval(a, b))),
  fc.constantFrom(0, 1).chain((a) => fc.integer({ min: a, max: 1 }).map((b) => D.yearMonthInterval(a, b))),
);
/** Field names: anything, including backticks, spaces, dots, unicode. */
const fieldName = fc.oneof(
  fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const comment = fc.option(fc.string({ maxLength: 10 }), { nil: undefined });

/**
 * Any type. DDL (like Spark's) cannot say that array elements or map values are non-null: for DDL
 * round trips, `nullableElements` keeps them nullable.
 */
const anyType = (nullableElements: boolean): fc.Arbitrary<T.DataType> => {
  const elementNull = nullableElements ? fc.constant(true) : fc.boolean();
  return fc.letrec<{ t: T.DataType; s: T.StructType }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atomic,
      fc.tuple(tie('t'), elementNull).map(([e, n]) => D.array(e, n)),
      fc.tuple(atomic, tie('t'), elementNull).map(([k, v, n]) => D.map(k, v, n)),
      tie('s'),
    ),
    s: fc
      .uniqueArray(fc.tuple(fieldName, tie('t'), fc.boolean(), comment), {
        maxLength: 4,
        selector: ([name]) => name,
      })
      .map((fs) =>
        D.struct(
          fs.map(([name, t, nullable, c]) =>
            D.field(name, t, nullable, c === undefined ? {} : { comment: c }),
          ),
        ),
      ),
  })).t;
};
const dataType = anyType(false);

const schemaOf = (t: fc.Arbitrary<T.DataType>) =>
  fc
    .uniqueArray(fc.tuple(fieldName, t, fc.boolean(), comment), {
      minLength: 1,
      maxLength: 5,
      selector: ([n]) => n,
    })
    .map((fs) =>
      D.struct(
        fs.map(([name, t, nullable, c]) => D.field(name, t, nullable, c === undefined ? {} : { comment: c })),
      ),
    );
const schema = schemaOf(dataType);
const ddlSchema = schemaOf(anyType(true));

describe('schema strings (properties)', () => {
  it('parseDDL(schema.toDDL()) gives the schema back', () => {
    fc.assert(
      fc.property(ddlSchema, (s) => {
        const back = parseDDL(s.toDDL());
        expect(back.jsonValue()).toEqual(s.jsonValue());
      }),
      { numRuns: RUNS },
    );
  });

  it('parseDataType(type.simpleString()) gives the type back for types without struct fields', () => {
    const noStruct = anyType(true).filter((t) => !JSON.stringify(t.jsonValue()).includes('"struct"'));
    fc.assert(
      fc.property(noStruct, (t) => {
        expect(parseDataType(t.simpleString()).jsonValue()).toEqual(t.jsonValue());
      }),
      { numRuns: RUNS },
    );
  });

  it('the JSON schema string round-trips (structTypeFromJson, dataTypeFromJson)', () => {
    fc.assert(
      fc.property(schema, dataType, (s, t) => {
        expect(structTypeFromJson(JSON.stringify(s.jsonValue())).jsonValue()).toEqual(s.jsonValue());
        expect(dataTypeFromJson(JSON.stringify(t.jsonValue())).jsonValue()).toEqual(t.jsonValue());
      }),
      { numRuns: RUNS },
    );
  });
});
