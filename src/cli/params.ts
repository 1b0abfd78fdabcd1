/**
 * `--param` values for SQL named parameters (`:name` in the statement):
 *
 * - `name=value`            a STRING
 * - `name:type=value`       typed: int, bigint (long), smallint (short), tinyint (byte), double,
 *                           float, boolean, string, date (YYYY-MM-DD), timestamp (ISO 8601),
 *                           decimal or decimal(p,s) (exact, from the text)
 * - `name:null=`            NULL
 */
import { type LiteralValue, typed } from '../index.js';
import { UsageError } from './options.js';

const PARAM_RE = /^([A-Za-z_][A-Za-z0-9_]*)(?::([a-z_]+(?:\(\s*\d+\s*,\s*\d+\s*\))?))?=([\s\S]*)$/;
const INT_RE = /^[+-]?\d+$/;

function typedValue(name: string, type: string, raw: string): LiteralValue {
  const bad = (what: string) => new UsageError(`--param ${name}: '${raw}' is not ${what}`);
  const decimal = /^decimal(?:\(\s*(\d+)\s*,\s*(\d+)\s*\))?$/.exec(type);
  if (decimal) {
    try {
      return decimal[1] === undefined
        ? typed.decimal(raw)
        : typed.decimal(raw, Number(decimal[1]), Number(decimal[2]));
    } catch (e) {
      throw new UsageError(`--param ${name}: ${(e as Error).message}`);
    }
  }
  switch (type) {
    case 'string':
      return raw;
    case 'int':
    case 'smallint':
    case 'tinyint': {
      if (!INT_RE.test(raw)) throw bad('an integer');
      try {
        const v = Number(raw);
        return type === 'int' ? typed.int(v) : type === 'smallint' ? typed.short(v) : typed.byte(v);
      } catch (e) {
        throw new UsageError(`--param ${name}: ${(e as Error).message}`);
      }
    }
    case 'bigint':
    case 'long': {
      if (!INT_RE.test(raw)) throw bad('an integer');
      const v = BigInt(raw);
      if (v < -(2n ** 63n) || v >= 2n ** 63n) throw bad('in the 64-bit range');
      return typed.long(v);
    }
    case 'double':
    case 'float': {
      const v = Number(raw);
      if (raw.trim() === '' || Number.isNaN(v)) throw bad('a number');
      return type === 'double' ? typed.double(v) : typed.float(v);
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw bad('true or false');
      return raw === 'true';
    case 'date':
      try {
        return typed.date(raw);
      } catch (e) {
        throw new UsageError(`--param ${name}: ${(e as Error).message}`);
      }
    case 'timestamp': {
      const d = new Date(raw);
      if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(d.getTime())) throw bad('an ISO 8601 timestamp');
      return typed.timestamp(d);
    }
    case 'null':
      if (raw !== '') throw new UsageError(`--param ${name}:null takes no value (write ${name}:null=)`);
      return null;
    default:
      throw new UsageError(
        `--param ${name}: unknown type '${type}'; use string, int, bigint, smallint, tinyint, double, ` +
          'float, boolean, date, timestamp, decimal, decimal(p,s) or null',
      );
  }
}

/**
 * Parses `--param` options into named SQL arguments.
 *
 * @example
 * parseParams(['n:int=5', 'who=ann']); // { n: typed.int(5), who: 'ann' }
 */
export function parseParams(params: readonly string[]): Record<string, LiteralValue> {
  const out: Record<string, LiteralValue> = {};
  for (const p of params) {
    const m = PARAM_RE.exec(p);
    if (!m) throw new UsageError(`--param expects name=value or name:type=value, got '${p}'`);
    const [, name, type, raw] = m;
    if (name in out) throw new UsageError(`--param ${name} is given twice`);
    out[name] = type === undefined ? raw : typedValue(name, type, raw);
  }
  return out;
}
