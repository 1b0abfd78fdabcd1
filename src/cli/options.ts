/**
 * What every spark-connect command shares: the connection options (connection string, TLS files,
 * headers, token, configs), how they become a SparkSession, and the usage error.
 */
import { readFileSync } from 'node:fs';
import { SparkSession, type TlsOptions } from '../index.js';

/** Bad command-line usage: exit status 2 with the message and the usage text. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Where a command writes (stdout, stderr), so tests can capture it. */
export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Binary output (Arrow, Parquet) to standard output; absent: binary formats need --output. */
  outBytes?: (b: Uint8Array) => void;
}

/** parseArgs definitions of the connection options, shared by every command. */
export const CONNECTION_OPTIONS = {
  remote: { type: 'string', short: 'r' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  servername: { type: 'string' },
  header: { type: 'string', short: 'H', multiple: true },
  conf: { type: 'string', short: 'c', multiple: true },
} as const;

export const CONNECTION_USAGE = `Connection options:
  -r, --remote <url>     sc:// connection string (default: $SPARK_REMOTE)
      --ca <file>        PEM file of the CA to trust (turns TLS on)
      --cert <file>      PEM client certificate (mTLS)
      --key <file>       PEM client key (mTLS)
      --servername <n>   TLS server name to verify
  -H, --header <k=v>     gRPC header sent on every call (repeatable)
  -c, --conf <k=v>       Session configuration (repeatable)
`;

export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function pairs(values: unknown, what: string): [string, string][] {
  const list = Array.isArray(values) ? values : [];
  return list.map((kv) => {
    const s = String(kv);
    const i = s.indexOf('=');
    if (i <= 0) throw new UsageError(`${what} expects key=value, got '${s}'`);
    return [s.slice(0, i), s.slice(i + 1)];
  });
}

/** TLS options from --ca/--cert/--key/--servername (undefined when none is given). */
export function tlsOptions(values: Values): TlsOptions | undefined {
  const tls: TlsOptions = {};
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file);
    } catch (e) {
      throw new UsageError(`Cannot read ${what} file '${file}': ${(e as Error).message}`);
    }
  };
  if (typeof values.ca === 'string') tls.ca = read(values.ca, '--ca');
  if (typeof values.cert === 'string') tls.cert = read(values.cert, '--cert');
  if (typeof values.key === 'string') tls.key = read(values.key, '--key');
  if (typeof values.servername === 'string') tls.servername = values.servername;
  return Object.keys(tls).length > 0 ? tls : undefined;
}

/** The connection string from --remote or SPARK_REMOTE. */
export function remoteOf(values: Values): string {
  const remote = typeof values.remote === 'string' ? values.remote : process.env.SPARK_REMOTE;
  if (remote === undefined || remote === '')
    throw new UsageError('No server: pass --remote sc://host:port or set SPARK_REMOTE');
  return remote;
}

/** A session builder configured from the connection options. */
export function builderFor(values: Values, appName = 'spark-connect-cli') {
  const builder = SparkSession.builder().remote(remoteOf(values)).appName(appName);
  const tls = tlsOptions(values);
  if (tls) builder.tls(tls);
  const headers = Object.fromEntries(pairs(values.header, '--header'));
  if (Object.keys(headers).length > 0) builder.headers(headers);
  for (const [k, v] of pairs(values.conf, '--conf')) builder.config(k, v);
  return builder;
}

/** Opens a session from the connection options. */
export function connect(values: Values): Promise<SparkSession> {
  return builderFor(values).create();
}

/** A positive integer option, or the default. */
export function intOption(values: Values, name: string, dflt: number, min = 0): number {
  const raw = values[name];
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be an integer >= ${min}, got '${String(raw)}'`);
  return n;
}

/** An error as one line: class name, error class and SQL state when Spark sent them. */
export function errorLine(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return `${e.name}: ${e.message}`;
}
