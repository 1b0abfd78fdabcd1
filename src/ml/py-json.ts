/**
 * JSON as Python's `json` module reads and writes it, for ML metadata files: integers beyond
 * 2^53 (seeds are 64-bit) parse to bigint instead of losing digits, `NaN` / `Infinity` /
 * `-Infinity` parse (Python writes them for such metrics), and writing marks doubles so that
 * an integral double keeps Python's `1.0` form and non-ASCII text is escaped as Python does.
 */

/** A number written as a Python float (`1.0`, not `1`). */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** What the parser answers and the writer takes. */
export type PyJsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PyFloat
  | readonly PyJsonValue[]
  | { readonly [key: string]: PyJsonValue | undefined };

function floatText(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return 'Infinity';
  if (v === Number.NEGATIVE_INFINITY) return '-Infinity';
  return Number.isInteger(v) && Math.abs(v) < 1e16 ? `${v}.0` : String(v);
}

function stringText(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Python's `json.dumps(value)` (`compact`: with `separators=(",", ":")`).
 * @example dumpsPyJson([new PyFloat(1), 2n]) // '[1.0, 2]'
 */
export function dumpsPyJson(value: PyJsonValue, compact = false): string {
  const [item, key] = compact ? [',', ':'] : [', ', ': '];
  const go = (v: PyJsonValue | undefined): string => {
    if (v === null || v === undefined) return 'null';
    if (v instanceof PyFloat) return floatText(v.value);
    switch (typeof v) {
      case 'boolean':
        return v ? 'true' : 'false';
      case 'bigint':
        return v.toString();
      case 'number':
        return Number.isInteger(v) ? String(v) : floatText(v);
      case 'string':
        return stringText(v);
    }
    if (Array.isArray(v)) return `[${v.map(go).join(item)}]`;
    const entries = Object.entries(v as Record<string, PyJsonValue | undefined>).filter(
      ([, x]) => x !== undefined,
    );
    return `{${entries.map(([k, x]) => `${stringText(k)}${key}${go(x)}`).join(item)}}`;
  };
  return go(value);
}

/**
 * Parses JSON as Python's `json.loads` does, keeping big integers exact (as bigint).
 * @example parsePyJson('{"seed": 769951063141433795}') // { seed: 769951063141433795n }
 */
export function parsePyJson(text: string): unknown {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`Invalid JSON at position ${i}: ${what}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string, value: unknown) => {
    if (!text.startsWith(word, i)) fail(`expected ${word}`);
    i += word.length;
    return value;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const k = str();
        ws();
        if (text[i++] !== ':') fail('expected :');
        Object.defineProperty(out, k, {
          value: value(),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        ws();
        if (text[i] === ',') i++;
        else if (text[i++] === '}') return out;
        else fail('expected , or }');
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i++] === ']') return out;
        else fail('expected , or ]');
      }
    }
    if (c === '"') return str();
    if (c === 't') return literal('true', true);
    if (c === 'f') return literal('false', false);
    if (c === 'n') return literal('null', null);
    if (c === 'N') return literal('NaN', Number.NaN);
    if (c === 'I') return literal('Infinity', Number.POSITIVE_INFINITY);
    if (c === '-' && text[i + 1] === 'I') return literal('-Infinity', Number.NEGATIVE_INFINITY);
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m === null) return fail('unexpected character');
    i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : BigInt(m[0]);
    }
    return Number(m[0]);
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const out = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return out;
}
