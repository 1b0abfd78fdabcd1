/**
 * The `client_type` string sent with every request: a user agent prefix followed by the client,
 * Spark (proto), OS and Node versions, like PySpark's `<user_agent> spark/.. os/.. python/..`.
 */
import { InvalidConnectionStringError } from '../errors/base.js';
import { CLIENT_VERSION, SPARK_PROTO_VERSION } from '../version.js';

/** Longest user agent accepted, counted after URL escaping (as PySpark counts it). */
export const MAX_USER_AGENT_LENGTH = 2048;

/** Characters Python's `urllib.parse.quote` leaves unescaped (its default `safe='/'`). */
const QUOTE_SAFE = /[A-Za-z0-9_.\-~/]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/** Length of `value` once percent-encoded the way Python's `urllib.parse.quote` does it. */
function quotedLength(value: string): number {
  let n = 0;
  for (const ch of value) {
    if (QUOTE_SAFE.test(ch)) {
      n += 1;
    } else {
      n += 3 * Buffer.byteLength(ch, 'utf8');
    }
  }
  return n;
}

/**
 * Checks a user agent like PySpark does: at most 2048 characters after URL escaping. Control
 * characters (newlines, tabs, NUL, ...) are refused too: the value ends up in server logs and UIs.
 *
 * @throws InvalidConnectionStringError naming the problem.
 * @example
 * validateUserAgent('my_app'); // ok
 */
export function validateUserAgent(userAgent: string): void {
  if (userAgent.length === 0) {
    throw new InvalidConnectionStringError("'user_agent' must not be empty");
  }
  const len = quotedLength(userAgent);
  if (len > MAX_USER_AGENT_LENGTH) {
    throw new InvalidConnectionStringError(
      `'user_agent' must not exceed ${MAX_USER_AGENT_LENGTH} characters after URL escaping, found ${len}`,
    );
  }
  if (CONTROL_CHARS.test(userAgent)) {
    throw new InvalidConnectionStringError("'user_agent' must not contain control characters");
  }
}

/**
 * The `client_type` of every request:
 * `<user_agent> spark-connect-ts/<version> spark/<proto version> os/<platform> node/<version>`,
 * without the leading `<user_agent> ` when there is none.
 *
 * @param userAgent the connection string's `user_agent`; default: the environment variable
 *   `SPARK_CONNECT_USER_AGENT` (as in PySpark), else none.
 * @throws InvalidConnectionStringError when the user agent is too long or has control characters.
 * @example
 * clientType('etl_job'); // 'etl_job spark-connect-ts/0.1.0 spark/4.3.0 os/linux node/20.19.0'
 */
export function clientType(userAgent: string | undefined = envUserAgent()): string {
  const parts: string[] = [];
  if (userAgent !== undefined) {
    validateUserAgent(userAgent);
    parts.push(userAgent);
  }
  parts.push(
    `spark-connect-ts/${CLIENT_VERSION}`,
    `spark/${SPARK_PROTO_VERSION}`,
    `os/${process.platform}`,
    `node/${process.versions.node}`,
  );
  return parts.join(' ');
}

function envUserAgent(): string | undefined {
  const v = process.env.SPARK_CONNECT_USER_AGENT;
  return v === undefined || v === '' ? undefined : v;
}
