/**
 * A parser for Spark's DDL type strings: schemas (`a INT NOT NULL, b ARRAY<STRING> COMMENT 'x'`)
 * and single types (`decimal(10,2)`, `map<string,array<int>>`, `struct<a:int>`).
 */

import { SparkConnectError } from '../errors/base.js';
import * as T from './all.js';

/** A DDL or JSON schema string could not be parsed. The message names the offending token. */
export class DataTypeParseError extends SparkConnectError {
  /** 0-based position in the input where parsing failed, when known. */
  readonly position: number | undefined;
  constructor(message: string, init: { cause?: unknown; position?: number } = {}) {
    super(message, init.cause === undefined ? {} : { cause: init.cause });
    this.position = init.position;
  }
}

/**
 * Parses a DDL schema string into a StructType. Accepts a field list
 * (`a INT, b ARRAY<STRING> NOT NULL, c STRUCT<x: DECIMAL(10,2)> COMMENT 'c'`, optionally with
 * `name: type` and backquoted names) or a whole `struct<...>` type.
 *
 * @example
 * parseDDL('a INT, b ARRAY<STRING>, `c d` STRUCT<x: DECIMAL(10,2)> NOT NULL');
 * @throws DataTypeParseError naming the offending token and its position
 */
export function parseDDL(ddl: string): T.StructType {
  const p = new Parser(ddl);
  if (p.peek().type === 'eof') return new T.StructType([]);
  if (p.peekWord('STRUCT') && p.peek(1).text === '<') {
    const t = p.dataType();
    p.expectEnd();
    return t as T.StructType;
  }
  const fields = p.fieldList();
  p.expectEnd();
  return new T.StructType(fields);
}

/**
 * Parses a DDL type string into a DataType: a single type (`int`, `decimal(10,2)`,
 * `array<struct<a:int>>`) or, like PySpark, a field list (`a int, b string`) giving a StructType.
 *
 * @example
 * parseDataType('map<string, array<bigint>>'); // MapType(StringType(), ArrayType(LongType(), True), True)
 * @throws DataTypeParseError naming the offending token and its position
 */
export function parseDataType(ddl: string): T.DataType {
  let typeError: DataTypeParseError;
  try {
    const p = new Parser(ddl);
    const t = p.dataType();
    p.expectEnd();
    return t;
  } catch (e) {
    if (!(e instanceof DataTypeParseError)) throw e;
    typeError = e;
  }
  try {
    const p = new Parser(ddl);
    const fields = p.fieldList();
    p.expectEnd();
    return new T.StructType(fields);
  } catch (e) {
    if (!(e instanceof DataTypeParseError)) throw e;
    throw (e.position ?? 0) > (typeError.position ?? 0) ? e : typeError;
  }
}

type TokenType = 'word' | 'quoted' | 'string' | 'punct' | 'eof';

interface Token {
  type: TokenType;
  /** Source text (for words, upper-cased comparisons use `upper`). */
  text: string;
  /** Decoded value: identifier name, string contents. */
  value: string;
  upper: string;
  pos: number;
}

const WORD = /[\p{L}\p{N}_]/u;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', Z: '\x1a' };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (msg: string, pos: number): never => {
    throw new DataTypeParseError(`Cannot parse '${src}': ${msg} at position ${pos}`, { position: pos });
  };
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '`') {
      let name = '';
      i++;
      for (;;) {
        if (i >= src.length) fail('unterminated backquoted name', start);
        if (src[i] === '`') {
          if (src[i + 1] === '`') {
            name += '`';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        name += src[i++];
      }
      tokens.push({
        type: 'quoted',
        text: src.slice(start, i),
        value: name,
        upper: name.toUpperCase(),
        pos: start,
      });
    } else if (c === "'" || c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= src.length) fail('unterminated string literal', start);
        const d = src[i];
        if (d === c) {
          i++;
          break;
        }
        if (d === '\\' && i + 1 < src.length) {
          const e = src[i + 1];
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
            value += String.fromCharCode(Number.parseInt(src.slice(i + 2, i + 6), 16));
            i += 6;
          } else {
            value += ESCAPES[e] ?? e;
            i += 2;
          }
          continue;
        }
        value += d;
        i++;
      }
      tokens.push({
        type: 'string',
        text: src.slice(start, i),
        value,
        upper: value.toUpperCase(),
        pos: start,
      });
    } else if (WORD.test(c)) {
      while (i < src.length && WORD.test(src[i])) i++;
      const text = src.slice(start, i);
      tokens.push({ type: 'word', text, value: text, upper: text.toUpperCase(), pos: start });
    } else if ('<>(),:'.includes(c)) {
      i++;
      tokens.push({ type: 'punct', text: c, value: c, upper: c, pos: start });
    } else {
      fail(`unexpected character '${c}'`, start);
    }
  }
  tokens.push({ type: 'eof', text: '', value: '', upper: '', pos: src.length });
  return tokens;
}

const INTERVAL_DAY_TIME = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];
const INTERVAL_YEAR_MONTH = ['YEAR', 'MONTH'];

class Parser {
  private readonly tokens: Token[];
  private i = 0;

  constructor(private readonly src: string) {
    this.tokens = tokenize(src);
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)];
  }

  peekWord(word: string): boolean {
    const t = this.peek();
    return t.type === 'word' && t.upper === word;
  }

  private fail(expected: string, token: Token = this.peek()): never {
    const found = token.type === 'eof' ? 'end of input' : `'${token.text}'`;
    throw new DataTypeParseError(
      `Cannot parse '${this.src}': expected ${expected} but found ${found} at position ${token.pos}`,
      { position: token.pos },
    );
  }

  private expectPunct(p: string): void {
    const t = this.peek();
    if (t.type !== 'punct' || t.text !== p) this.fail(`'${p}'`);
    this.i++;
  }

  private acceptPunct(p: string): boolean {
    const t = this.peek();
    if (t.type === 'punct' && t.text === p) {
      this.i++;
      return true;
    }
    return false;
  }

  private acceptWord(word: string): boolean {
    if (this.peekWord(word)) {
      this.i++;
      return true;
    }
    return false;
  }

  private expectWord(word: string): void {
    if (!this.acceptWord(word)) this.fail(word);
  }

  private integer(what: string): number {
    const t = this.peek();
    if (t.type !== 'word' || !/^\d+$/.test(t.text)) this.fail(what);
    this.i++;
    return Number(t.text);
  }

  expectEnd(): void {
    if (this.peek().type !== 'eof') this.fail(this.i === 0 ? 'a data type' : "',' or end of input");
  }

  private identifier(): string {
    const t = this.peek();
    if (t.type !== 'word' && t.type !== 'quoted') this.fail('a field name');
    this.i++;
    return t.value;
  }

  /** `field (',' field)*` */
  fieldList(): T.StructField[] {
    const fields = [this.field()];
    while (this.acceptPunct(',')) fields.push(this.field());
    return fields;
  }

  /** `name [':'] type [NOT NULL] [COMMENT 'text']` (modifiers in any order). */
  private field(): T.StructField {
    const name = this.identifier();
    this.acceptPunct(':');
    const type = this.dataType();
    let nullable = true;
    const metadata: T.Metadata = {};
    for (;;) {
      if (this.acceptWord('NOT')) {
        this.expectWord('NULL');
        nullable = false;
      } else if (this.acceptWord('COMMENT')) {
        const t = this.peek();
        if (t.type !== 'string') this.fail('a string literal after COMMENT');
        this.i++;
        metadata.comment = t.value;
      } else {
        break;
      }
    }
    return new T.StructField(name, type, nullable, metadata);
  }

  dataType(): T.DataType {
    const t = this.peek();
    if (t.type !== 'word') this.fail('a data type');
    this.i++;
    switch (t.upper) {
      case 'BOOLEAN':
        return new T.BooleanType();
      case 'TINYINT':
      case 'BYTE':
        return new T.ByteType();
      case 'SMALLINT':
      case 'SHORT':
        return new T.ShortType();
      case 'INT':
      case 'INTEGER':
        return new T.IntegerType();
      case 'BIGINT':
      case 'LONG':
        return new T.LongType();
      case 'FLOAT':
      case 'REAL':
        return new T.FloatType();
      case 'DOUBLE':
        return new T.DoubleType();
      case 'DATE':
        return new T.DateType();
      case 'TIMESTAMP':
      case 'TIMESTAMP_LTZ':
      case 'TIMESTAMP_NTZ': {
        // TIMESTAMP(p) / TIMESTAMP_LTZ(p) / TIMESTAMP_NTZ(p): 6 is the microsecond type, 7..9 Spark 4.3's nanosecond types.
        const ntz = t.upper === 'TIMESTAMP_NTZ';
        if (!this.acceptPunct('(')) return ntz ? new T.TimestampNTZType() : new T.TimestampType();
        const at = this.peek();
        const precision = this.integer('a precision');
        this.expectPunct(')');
        if (precision === 6) return ntz ? new T.TimestampNTZType() : new T.TimestampType();
        return this.build(at, () =>
          ntz ? new T.TimestampNTZNanosType(precision) : new T.TimestampLTZNanosType(precision),
        );
      }
      case 'BINARY':
        return new T.BinaryType();
      case 'VOID':
        return new T.NullType();
      case 'VARIANT':
        return new T.VariantType();
      case 'STRING': {
        if (!this.acceptWord('COLLATE')) return new T.StringType();
        const c = this.peek();
        if (c.type !== 'word' && c.type !== 'quoted') this.fail('a collation name');
        this.i++;
        return new T.StringType(c.value);
      }
      case 'CHAR':
      case 'CHARACTER':
      case 'VARCHAR': {
        this.expectPunct('(');
        const n = this.integer('a length');
        this.expectPunct(')');
        return t.upper === 'VARCHAR' ? new T.VarcharType(n) : new T.CharType(n);
      }
      case 'DECIMAL':
      case 'DEC':
      case 'NUMERIC': {
        if (!this.acceptPunct('(')) return new T.DecimalType(10, 0);
        const precision = this.integer('a precision');
        const scale = this.acceptPunct(',') ? this.integer('a scale') : 0;
        this.expectPunct(')');
        return this.build(t, () => new T.DecimalType(precision, scale));
      }
      case 'TIME': {
        if (!this.acceptPunct('(')) return new T.TimeType();
        const precision = this.integer('a precision');
        this.expectPunct(')');
        return this.build(t, () => new T.TimeType(precision));
      }
      case 'INTERVAL':
        return this.interval();
      case 'GEOMETRY':
      case 'GEOGRAPHY': {
        this.expectPunct('(');
        const s = this.peek();
        let srid: number | 'ANY';
        if (s.type === 'word' && s.upper === 'ANY') srid = 'ANY';
        else if (s.type === 'word' && /^\d+$/.test(s.text)) srid = Number(s.text);
        else this.fail('an SRID or ANY');
        this.i++;
        this.expectPunct(')');
        return t.upper === 'GEOMETRY' ? new T.GeometryType(srid) : new T.GeographyType(srid);
      }
      case 'ARRAY': {
        this.expectPunct('<');
        const element = this.dataType();
        this.expectPunct('>');
        return new T.ArrayType(element, true);
      }
      case 'MAP': {
        this.expectPunct('<');
        const key = this.dataType();
        this.expectPunct(',');
        const value = this.dataType();
        this.expectPunct('>');
        return new T.MapType(key, value, true);
      }
      case 'STRUCT': {
        this.expectPunct('<');
        const fields: T.StructField[] = [];
        if (!this.acceptPunct('>')) {
          fields.push(...this.fieldList());
          this.expectPunct('>');
        }
        return new T.StructType(fields);
      }
      default:
        this.i--;
        return this.fail('a data type');
    }
  }

  private interval(): T.DataType {
    const start = this.peek();
    const startUnit = start.type === 'word' ? start.upper : '';
    const family = INTERVAL_DAY_TIME.includes(startUnit)
      ? INTERVAL_DAY_TIME
      : INTERVAL_YEAR_MONTH.includes(startUnit)
        ? INTERVAL_YEAR_MONTH
        : undefined;
    if (family === undefined) return new T.CalendarIntervalType();
    this.i++;
    let endIndex = family.indexOf(startUnit);
    if (this.acceptWord('TO')) {
      const end = this.peek();
      const idx = end.type === 'word' ? family.indexOf(end.upper) : -1;
      if (idx <= family.indexOf(startUnit))
        this.fail(`an interval unit after ${startUnit} (${family.join(', ')})`);
      this.i++;
      endIndex = idx;
    }
    const startIndex = family.indexOf(startUnit);
    return family === INTERVAL_DAY_TIME
      ? new T.DayTimeIntervalType(startIndex, endIndex)
      : new T.YearMonthIntervalType(startIndex, endIndex);
  }

  /** Runs a constructor, turning its RangeError into a parse error at the type's token. */
  private build(at: Token, make: () => T.DataType): T.DataType {
    try {
      return make();
    } catch (e) {
      throw new DataTypeParseError(
        `Cannot parse '${this.src}': ${(e as Error).message} at position ${at.pos}`,
        {
          position: at.pos,
          cause: e,
        },
      );
    }
  }
}
