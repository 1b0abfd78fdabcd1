/**
 * The Spark Connect connection string, `sc://host:port/;key=value;key=value`, parsed strictly per
 * Spark's client connection string specification: a valid URI with scheme `sc`, an empty path,
 * case-sensitive keys, and every unknown key sent as gRPC metadata.
 *
 * Error messages name the offending part but never contain a token (or any other header value).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { InvalidConnectionStringError } from '../errors/base.js';
import { validateUserAgent } from './user-agent.js';

/** The port used when the connection string has none. */
export const DEFAULT_PORT = 15002;

/** Default limit of one gRPC message, in both directions (128 MiB, as in PySpark and Scala). */
export const DEFAULT_GRPC_MAX_MESSAGE_SIZE = 128 * 1024 * 1024;

/** The largest message size gRPC's 4-byte length prefix can express. */
const MAX_GRPC_MESSAGE_SIZE = 0xffffffff;

/** The largest timer delay Node accepts (2^31 - 1 ms), the bound of the keep-alive keys. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A parsed `sc://` connection string. */
export interface ConnectionConfig {
  /** Host name or IP address; IPv6 addresses without their brackets (`::1`). */
  host: string;
  /** TCP port, default 15002. */
  port: number;
  /** Bearer token (`authorization: Bearer <token>`). */
  token?: string;
  /**
   * Whether to use TLS. `use_ssl` when given; otherwise true when there is a token, except for the
   * host `localhost`, where (like PySpark) a token is sent over a plaintext loopback connection.
   */
  useSsl: boolean;
  /** UserContext.user_id of every request. */
  userId?: string;
  /** Prefix of the client_type of every request. */
  userAgent?: string;
  /** The session id (a UUID) for the first session. */
  sessionId?: string;
  /** Limit of one gRPC message in bytes, in both directions (default 128 MiB). */
  grpcMaxMessageSize: number;
  /** Custom gRPC metadata (every key that is not one of the known parameters), names lowercased. */
  headers: Record<string, string>;
  /**
   * The `grpc_keepalive_*` keys that were given (`enabled`, `timeMs`, `timeoutMs`,
   * `withoutCalls`); absent keys take the defaults (on, 60 s, 20 s, also without calls).
   */
  keepalive?: { enabled?: boolean; timeMs?: number; timeoutMs?: number; withoutCalls?: boolean };
}

/** Keys the connection string interprets itself; every other key becomes a header. */
const KNOWN_KEYS = [
  'token',
  'use_ssl',
  'user_id',
  'user_agent',
  'session_id',
  'grpc_max_message_size',
  'grpc_keepalive_enabled',
  'grpc_keepalive_time_ms',
  'grpc_keepalive_timeout_ms',
  'grpc_keepalive_without_calls',
] as const;
type KnownKey = (typeof KNOWN_KEYS)[number];

/** Keys whose values are secrets: never shown in messages, replaced by `***` when redacting. */
const SECRET_KEYS = new Set(['token', 'authorization']);

/** Header names a connection string may not set: the transport or HTTP/2 owns them. */
const RESERVED_HEADERS = new Set([
  'content-type',
  'te',
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
]);

/** Characters a URI may contain (RFC 3986 unreserved, reserved and '%'). */
const URI_CHAR = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEADER_NAME_RE = /^[A-Za-z0-9_.-]+$/;
const HEADER_VALUE_RE = /^[\x20-\x7e]*$/;
const HOST_LABEL_RE = /^[A-Za-z0-9_-]{1,63}$/;

/**
 * Parses a Spark Connect connection string.
 *
 * @throws InvalidConnectionStringError naming the offending part (scheme, host, port, path or
 *   parameter); token values never appear in the message.
 * @example
 * const cfg = parseConnectionString('sc://spark.example.com:443/;use_ssl=true;token=abc');
 * // { host: 'spark.example.com', port: 443, useSsl: true, token: 'abc', headers: {}, ... }
 */
export function parseConnectionString(url: string): ConnectionConfig {
  if (typeof url !== 'string') {
    throw new InvalidConnectionStringError('The connection string must be a string');
  }
  const secrets = secretValues(url);
  const fail = (message: string): InvalidConnectionStringError =>
    new InvalidConnectionStringError(scrub(message, secrets));

  for (let i = 0; i < url.length; i++) {
    const ch = url[i];
    if (!URI_CHAR.test(ch)) {
      const secretKey = secretKeyAt(url, i);
      if (secretKey !== undefined) {
        throw fail(
          `Invalid parameter '${secretKey}': its value contains a character that is not allowed in a URI; percent-encode it`,
        );
      }
      throw fail(
        `Invalid connection string: ${describeChar(ch)} at position ${i} is not allowed in a URI; ` +
          'percent-encode it (e.g. a space as %20)',
      );
    }
  }

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  if (scheme === null) {
    throw fail("Invalid connection string: it must start with 'sc://', e.g. 'sc://localhost:15002'");
  }
  if (scheme[1].toLowerCase() !== 'sc') {
    throw fail(
      `Unsupported scheme '${scheme[1]}': a Spark Connect connection string must start with 'sc://'`,
    );
  }
  let rest = url.slice(scheme[0].length);
  if (!rest.startsWith('//')) {
    throw fail(
      "Invalid connection string: 'sc:' must be followed by '//' and a host, e.g. 'sc://localhost:15002'",
    );
  }
  rest = rest.slice(2);

  const special = rest.search(/[?#]/);
  if (special >= 0) {
    const what = rest[special] === '?' ? "a query ('?')" : "a fragment ('#')";
    throw fail(
      `Invalid connection string: ${what} is not allowed; parameters go after '/;' ` +
        "(percent-encode '?' as %3F and '#' as %23 inside values)",
    );
  }

  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const pathAndParams = slash < 0 ? '' : rest.slice(slash);
  if (authority.includes(';')) {
    throw fail(
      "Invalid connection string: parameters must follow '/' after the host and port, e.g. 'sc://host:15002/;key=value'",
    );
  }
  if (authority.includes('@')) {
    throw fail(
      "Invalid connection string: user information ('...@') is not supported; use the user_id and token parameters",
    );
  }
  const { host, port } = parseAuthority(authority, fail);

  const semi = pathAndParams.indexOf(';');
  const path = semi < 0 ? pathAndParams : pathAndParams.slice(0, semi);
  if (path !== '' && path !== '/') {
    throw fail(
      `Invalid path '${path}': the path must be empty; parameters go after '/;', e.g. 'sc://host:15002/;key=value'`,
    );
  }
  const params = semi < 0 ? new Map<string, string>() : parseParams(pathAndParams.slice(semi + 1), fail);

  const cfg: ConnectionConfig = {
    host,
    port,
    useSsl: false,
    grpcMaxMessageSize: DEFAULT_GRPC_MAX_MESSAGE_SIZE,
    headers: {},
  };
  let useSsl: boolean | undefined;
  const headerKeys = new Map<string, string>();
  const bool = (key: string, value: string): boolean => {
    const v = value.toLowerCase();
    if (v !== 'true' && v !== 'false')
      throw fail(`Invalid value '${value}' for '${key}': expected 'true' or 'false'`);
    return v === 'true';
  };
  const millis = (key: string, value: string): number => {
    const n = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_TIMER_MS) {
      throw fail(
        `Invalid value '${value}' for '${key}': expected a positive integer (milliseconds) at most ${MAX_TIMER_MS}`,
      );
    }
    return n;
  };
  for (const [key, value] of params) {
    if ((KNOWN_KEYS as readonly string[]).includes(key)) {
      switch (key as KnownKey) {
        case 'token':
          if (value === '') throw fail("Invalid parameter 'token': the token must not be empty");
          if (!HEADER_VALUE_RE.test(value)) {
            throw fail("Invalid parameter 'token': the token must consist of printable ASCII characters");
          }
          cfg.token = value;
          break;
        case 'use_ssl': {
          const v = value.toLowerCase();
          if (v !== 'true' && v !== 'false') {
            throw fail(`Invalid value '${value}' for 'use_ssl': expected 'true' or 'false'`);
          }
          useSsl = v === 'true';
          break;
        }
        case 'user_id':
          cfg.userId = value;
          break;
        case 'user_agent':
          try {
            validateUserAgent(value);
          } catch (e) {
            throw fail(`Invalid parameter ${(e as Error).message}`);
          }
          cfg.userAgent = value;
          break;
        case 'session_id':
          if (!UUID_RE.test(value)) {
            throw fail(
              `Invalid value '${value}' for 'session_id': expected a UUID like 550e8400-e29b-41d4-a716-446655440000`,
            );
          }
          cfg.sessionId = value;
          break;
        case 'grpc_max_message_size': {
          const n = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
          if (!Number.isSafeInteger(n) || n < 1 || n > MAX_GRPC_MESSAGE_SIZE) {
            throw fail(
              `Invalid value '${value}' for 'grpc_max_message_size': expected a positive integer (bytes) at most ${MAX_GRPC_MESSAGE_SIZE}`,
            );
          }
          cfg.grpcMaxMessageSize = n;
          break;
        }
        case 'grpc_keepalive_enabled':
          cfg.keepalive = { ...cfg.keepalive, enabled: bool(key, value) };
          break;
        case 'grpc_keepalive_without_calls':
          cfg.keepalive = { ...cfg.keepalive, withoutCalls: bool(key, value) };
          break;
        case 'grpc_keepalive_time_ms':
          cfg.keepalive = { ...cfg.keepalive, timeMs: millis(key, value) };
          break;
        case 'grpc_keepalive_timeout_ms':
          cfg.keepalive = { ...cfg.keepalive, timeoutMs: millis(key, value) };
          break;
      }
      continue;
    }
    const nearMiss = KNOWN_KEYS.find((k) => k === key.toLowerCase());
    if (nearMiss !== undefined) {
      throw fail(
        `Invalid parameter '${key}': parameter keys are case sensitive; did you mean '${nearMiss}'?`,
      );
    }
    const name = validateHeader(key, value, fail);
    const previous = headerKeys.get(name);
    if (previous !== undefined) {
      throw fail(
        `Parameters '${previous}' and '${key}' name the same header '${name}' (header names ignore case)`,
      );
    }
    headerKeys.set(name, key);
    cfg.headers[name] = value;
  }
  if (cfg.token !== undefined && 'authorization' in cfg.headers) {
    throw fail("Invalid connection string: give either 'token' or an 'authorization' header, not both");
  }
  cfg.useSsl = useSsl ?? (cfg.token !== undefined && cfg.host.toLowerCase() !== 'localhost');
  return cfg;
}

/**
 * The connection string in the environment variable `SPARK_REMOTE`, or undefined when it is unset
 * or blank.
 *
 * @example
 * const url = connectionStringFromEnv() ?? 'sc://localhost:15002';
 */
export function connectionStringFromEnv(): string | undefined {
  const v = process.env.SPARK_REMOTE;
  if (v === undefined || v.trim() === '') return undefined;
  return v.trim();
}

/**
 * `host:port` of a connection (IPv6 hosts in brackets), safe to show: it holds no credentials.
 *
 * @example
 * describeEndpoint(parseConnectionString('sc://[::1]/')); // '[::1]:15002'
 */
export function describeEndpoint(cfg: Pick<ConnectionConfig, 'host' | 'port'>): string {
  const host = cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host;
  return `${host}:${cfg.port}`;
}

/**
 * The connection string with the values of `token` (and an `authorization` header, and the
 * password of any user information) replaced by `***`, for logs and error messages. Works on
 * malformed strings too.
 *
 * @example
 * redactConnectionString('sc://h/;token=abc;x=1'); // 'sc://h/;token=***;x=1'
 */
export function redactConnectionString(url: string): string {
  return url
    .replace(/(;\s*(?:token|authorization)\s*=)[^;]*/gi, '$1***')
    .replace(/^([^:/?#;]*:\/\/[^/?#;@:]*:)[^/?#;@]*@/, '$1***@');
}

/** Splits `host[:port]`, `[v6][:port]`; validates both. */
function parseAuthority(
  authority: string,
  fail: (message: string) => InvalidConnectionStringError,
): { host: string; port: number } {
  let host: string;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) throw fail(`Invalid host '${authority}': missing ']' after the IPv6 address`);
    host = authority.slice(1, close);
    if (!isIPv6(host)) throw fail(`Invalid host '${authority.slice(0, close + 1)}': not an IPv6 address`);
    const after = authority.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) throw fail(`Invalid host '${authority}': expected ':port' after ']'`);
      portText = after.slice(1);
    }
  } else {
    const colons = authority.split(':').length - 1;
    if (colons > 1) {
      throw fail(`Invalid host '${authority}': IPv6 addresses must be in brackets, e.g. 'sc://[::1]:15002'`);
    }
    const colon = authority.indexOf(':');
    host = colon < 0 ? authority : authority.slice(0, colon);
    portText = colon < 0 ? undefined : authority.slice(colon + 1);
    if (host === '')
      throw fail("Invalid connection string: the host is missing, e.g. 'sc://localhost:15002'");
    validateHostName(host, fail);
  }
  let port = DEFAULT_PORT;
  if (portText !== undefined) {
    const n = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
    if (!(n >= 1 && n <= 65535)) {
      throw fail(`Invalid port '${portText}': expected an integer between 1 and 65535`);
    }
    port = n;
  }
  return { host, port };
}

function validateHostName(host: string, fail: (message: string) => InvalidConnectionStringError): void {
  const labels = (host.endsWith('.') ? host.slice(0, -1) : host).split('.');
  if (host.length > 253 || labels.some((l) => !HOST_LABEL_RE.test(l))) {
    throw fail(`Invalid host '${host}': expected a host name (letters, digits, '-', '.') or an IP address`);
  }
  if (labels.every((l) => /^[0-9]+$/.test(l)) && !isIPv4(host)) {
    throw fail(`Invalid host '${host}': not a valid IPv4 address`);
  }
}

/** `k=v;k=v` into an ordered map of decoded values. */
function parseParams(
  text: string,
  fail: (message: string) => InvalidConnectionStringError,
): Map<string, string> {
  const params = new Map<string, string>();
  if (text === '') return params; // 'sc://host/;' has no parameters (as in PySpark)
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      const shown = part === '' ? "''" : `'${maskPart(part)}'`;
      throw fail(
        `Invalid parameter ${shown}: parameters must be key=value pairs separated by ';' (no empty ones), e.g. 'use_ssl=true'`,
      );
    }
    const key = part.slice(0, eq);
    if (key === '') throw fail("Invalid parameter '=...': the key is empty");
    if (params.has(key)) throw fail(`Duplicate parameter '${key}'`);
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1));
    } catch {
      throw fail(`Invalid parameter '${key}': its value is not valid percent-encoding (UTF-8)`);
    }
    params.set(key, value);
  }
  return params;
}

/** Validates a custom header parameter; returns the lowercase header name. */
function validateHeader(
  key: string,
  value: string,
  fail: (message: string) => InvalidConnectionStringError,
): string {
  if (!HEADER_NAME_RE.test(key)) {
    throw fail(
      `Invalid parameter '${key}': a custom header name may only contain letters, digits, '-', '_' and '.'`,
    );
  }
  const name = key.toLowerCase();
  if (name.startsWith('grpc-') || RESERVED_HEADERS.has(name)) {
    throw fail(`Invalid parameter '${key}': '${name}' is a reserved header and cannot be set`);
  }
  if (!HEADER_VALUE_RE.test(value)) {
    throw fail(`Invalid parameter '${key}': a header value must consist of printable ASCII characters`);
  }
  return name;
}

/** Shows a malformed parameter, hiding anything after a secret-looking key. */
function maskPart(part: string): string {
  const lower = part.toLowerCase();
  for (const k of SECRET_KEYS) {
    if (lower.startsWith(k)) return `${part.slice(0, k.length)}***`;
  }
  return part;
}

/** Raw and decoded values of the secret keys in a (possibly malformed) connection string. */
function secretValues(url: string): string[] {
  const out = new Set<string>();
  const add = (raw: string) => {
    out.add(raw);
    try {
      out.add(decodeURIComponent(raw));
    } catch {
      // malformed encoding: the raw value is masked
    }
  };
  for (const part of url.split(';').slice(1)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (!SECRET_KEYS.has(part.slice(0, eq).trim().toLowerCase())) continue;
    add(part.slice(eq + 1));
  }
  // A secret where no parameter may be (`sc://token=abc`, `sc://h:token=abc/`) is masked too: the
  // messages about the host or port quote that part of the string.
  for (const m of url.matchAll(/(?:token|authorization)\s*=([^;]*)/gi)) {
    add(m[1]);
    for (const piece of m[1].split(/[/:@]/)) add(piece);
  }
  // Very short values would mangle messages; messages never quote secret values anyway.
  return [...out].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
}

/** The secret key whose value contains position `index`, if any. */
function secretKeyAt(url: string, index: number): string | undefined {
  let start = url.indexOf(';');
  if (start < 0 || index < start) return undefined;
  for (const part of url.slice(start + 1).split(';')) {
    const from = start + 1;
    const to = from + part.length;
    if (index >= from && index < to) {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      for (const k of SECRET_KEYS) {
        if (key.trim().toLowerCase().startsWith(k)) return k;
      }
      return undefined;
    }
    start = to;
  }
  return undefined;
}

function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code <= 0x20 || code === 0x7f)
    return `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `the character '${ch}'`;
}
