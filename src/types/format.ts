/**
 * Small, allocation-light formatting helpers shared by the value mapping: decimals, base64,
 * zero padding.
 */

/** Two-digit zero padding. */
export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A year as ISO 8601 prints it: 4 digits, or a sign and 6 digits outside 0..9999. */
export function pad4Year(y: number): string {
  if (y >= 0 && y <= 9999) return String(y).padStart(4, '0');
  return (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(6, '0');
}

/**
 * Formats an unscaled decimal integer with `scale` fraction digits, exactly:
 * `formatDecimal(-1250n, 2) === '-12.50'`, `formatDecimal(5, 3) === '0.005'`. A negative scale
 * appends zeros.
 *
 * @param unscaled the unscaled value: a bigint, or a number that is a safe integer
 */
export function formatDecimal(unscaled: bigint | number, scale: number): string {
  let digits: string;
  let negative: boolean;
  if (typeof unscaled === 'number') {
    negative = unscaled < 0;
    digits = String(negative ? -unscaled : unscaled);
  } else {
    negative = unscaled < 0n;
    digits = (negative ? -unscaled : unscaled).toString();
  }
  if (scale <= 0) {
    const whole = scale === 0 || digits === '0' ? digits : digits + '0'.repeat(-scale);
    return negative ? `-${whole}` : whole;
  }
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
  const cut = digits.length - scale;
  const text = `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return negative ? `-${text}` : text;
}

/** A bigint as a JSON-safe value: a number when it is a safe integer, else its decimal string. */
export function bigintToJson(v: bigint): number | string {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v.toString();
}

/** A number as a JSON-safe value: NaN and ±Infinity become the strings `NaN`, `Infinity`, `-Infinity`. */
export function numberToJson(n: number): number | string {
  return Number.isFinite(n) ? n : String(n);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with padding) of bytes. */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += `${B64[n >> 18]}${B64[(n >> 12) & 63]}==`;
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += `${B64[n >> 18]}${B64[(n >> 12) & 63]}${B64[(n >> 6) & 63]}=`;
  }
  return out;
}
