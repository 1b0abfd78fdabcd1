/**
 * Arrow decimals (128 and 256 bits, two's complement, little-endian 32-bit words) to their exact
 * text with `scale` fraction digits, with integer arithmetic for values below 2^52.
 */

import type { Decimal as ArrowDecimal, Data } from 'apache-arrow';
import { formatDecimal } from '../types/format.js';
import { TWO_32 } from './arrow-data.js';
import type { ValueReader } from './converters.js';

/** Decimal128/256 → exact string with `scale` fraction digits. */
export function decimalReader(data: Data): ValueReader {
  const t = data.type as ArrowDecimal;
  const scale = t.scale;
  const words = data.values as Uint32Array;
  const stride = t.bitWidth / 32;
  if (stride === 4) return (i) => decimal128At(words, 4 * i, scale);
  const bits = stride * 32;
  return (i) => {
    let u = 0n;
    for (let k = stride - 1; k >= 0; k--) u = (u << 32n) | BigInt(words[stride * i + k]);
    return formatDecimal(BigInt.asIntN(bits, u), scale);
  };
}

/** The Decimal128 at word index `b` as its exact string. */
export function decimal128At(words: Uint32Array, b: number, scale: number): string {
  const w0 = words[b];
  const w1 = words[b + 1];
  const w2 = words[b + 2];
  const w3 = words[b + 3];
  // Fast paths: |v| < 2^52, exact in a double.
  if (w2 === 0 && w3 === 0 && w1 < 0x100000) return smallDecimal(w1 * TWO_32 + w0, scale);
  if (w2 === 0xffffffff && w3 === 0xffffffff && w1 > 0xfff00000) {
    return smallDecimal((w1 - TWO_32) * TWO_32 + w0, scale);
  }
  const u = (BigInt(w3) << 96n) | (BigInt(w2) << 64n) | (BigInt(w1) << 32n) | BigInt(w0);
  return formatDecimal(BigInt.asIntN(128, u), scale);
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/** Zero-padded fraction strings for scales 1..4, built on first use. */
const FRACTIONS: (string[] | undefined)[] = [];

function fractions(scale: number): string[] {
  let table = FRACTIONS[scale];
  if (table === undefined) {
    table = new Array(POW10[scale]);
    for (let f = 0; f < table.length; f++) table[f] = String(f).padStart(scale, '0');
    FRACTIONS[scale] = table;
  }
  return table;
}

/** formatDecimal for an unscaled integer |v| < 2^52, with integer arithmetic instead of digit strings. */
function smallDecimal(v: number, scale: number): string {
  if (scale <= 0 || scale > 15) return formatDecimal(v, scale);
  const negative = v < 0;
  const a = negative ? -v : v;
  const p = POW10[scale];
  let whole = Math.floor(a / p);
  let frac = a - whole * p;
  if (frac < 0) {
    whole -= 1;
    frac += p;
  } else if (frac >= p) {
    whole += 1;
    frac -= p;
  }
  const f = scale <= 4 ? fractions(scale)[frac] : String(frac).padStart(scale, '0');
  return negative ? `-${whole}.${f}` : `${whole}.${f}`;
}
