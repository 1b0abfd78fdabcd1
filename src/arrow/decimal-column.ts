/**
 * Decimal columns of local data: JS values → Decimal128 (see the table in encode.ts). Plain
 * decimal strings that fit 15 digits are parsed straight into 32-bit words; everything else goes
 * through `unscaledDecimal`, which also words every error.
 */

import { type Data, Decimal, makeData } from 'apache-arrow';
import type { DataType } from '../types/data-types.js';
import { Base, grown, TWO_32 } from './column-builders.js';

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * The unscaled value of a decimal in `scale` digits, or a message why it does not fit. Extra
 * fraction digits are accepted only when they are zeros (no rounding).
 */
export function unscaledDecimal(
  v: unknown,
  precision: number,
  scale: number,
): { value: bigint } | { error: string } {
  let text: string;
  if (typeof v === 'string') text = v.trim();
  else if (typeof v === 'bigint') text = v.toString();
  else if (typeof v === 'number' && Number.isFinite(v)) text = String(v);
  else return { error: 'decimal strings, bigints or finite numbers' };
  const m = DECIMAL_RE.exec(text);
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) {
    return { error: `decimal strings like '-12.50' (got ${JSON.stringify(text)})` };
  }
  const intPart = m[2] === '' ? '0' : m[2];
  let frac = m[3] ?? '';
  if (frac.length > scale) {
    if (!/^0*$/.test(frac.slice(scale))) {
      return { error: `at most ${scale} fraction digits without rounding (got ${text})` };
    }
    frac = frac.slice(0, scale);
  }
  frac = frac.padEnd(scale, '0');
  let unscaled = BigInt(intPart + frac);
  if (unscaled.toString().length > precision && unscaled !== 0n) {
    return { error: `at most ${precision} digits (got ${text})` };
  }
  if (m[1] === '-') unscaled = -unscaled;
  return { value: unscaled };
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The unscaled value of a plain decimal string (`[+-]digits[.digits]`, at most `scale` fraction
 * digits, at most 15 digits once scaled, so exact in a double) that fits `precision`, or
 * undefined for anything else (which `unscaledDecimal` then takes, with its errors).
 */
export function smallUnscaled(text: string, precision: number, scale: number): number | undefined {
  const len = text.length;
  if (len === 0 || len > 17 || scale > 15) return undefined;
  let j = 0;
  let c = text.charCodeAt(0);
  const negative = c === 45; // '-'
  if (negative || c === 43) j = 1; // '+'
  let acc = 0;
  let digits = 0;
  let fraction = -1; // fraction digits, -1 before the point
  for (; j < len; j++) {
    c = text.charCodeAt(j);
    if (c >= 48 && c <= 57) {
      acc = acc * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0)
      fraction = 0; // '.'
    else return undefined;
  }
  if (fraction < 0) fraction = 0;
  if (digits === 0 || fraction > scale || digits - fraction + scale > 15) return undefined;
  acc *= POW10[scale - fraction];
  if (precision <= 15 && acc >= POW10[precision]) return undefined;
  return negative ? -acc : acc;
}

export class DecimalColumn extends Base {
  private words = new Uint32Array(256);
  private n = 0;
  constructor(
    type: DataType,
    path: string,
    nullable: boolean,
    private readonly precision: number,
    private readonly scale: number,
  ) {
    super(type, path, nullable);
  }
  private next(): number {
    if (4 * this.n === this.words.length) this.words = grown(this.words, 4 * this.n + 4);
    return 4 * this.n++;
  }
  protected appendNull(): void {
    const b = this.next();
    this.words.fill(0, b, b + 4);
  }
  protected appendValue(v: unknown): void {
    const small = typeof v === 'string' ? smallUnscaled(v, this.precision, this.scale) : undefined;
    if (small !== undefined) {
      // Two's complement: the high words are the sign's extension.
      const b = this.next();
      const hi = Math.floor(small / TWO_32);
      this.words[b] = small - hi * TWO_32;
      this.words[b + 1] = hi;
      this.words[b + 2] = this.words[b + 3] = small < 0 ? 0xffffffff : 0;
      return;
    }
    const r = unscaledDecimal(v, this.precision, this.scale);
    if ('error' in r) throw this.fail(v, r.error);
    const b = this.next();
    let u = BigInt.asUintN(128, r.value);
    for (let k = 0; k < 4; k++) {
      this.words[b + k] = Number(u & 0xffffffffn);
      u >>= 32n;
    }
  }
  finish(): Data {
    return makeData({
      type: new Decimal(this.scale, this.precision, 128),
      ...this.nullProps(),
      data: this.words.subarray(0, 4 * this.n),
    });
  }
}
