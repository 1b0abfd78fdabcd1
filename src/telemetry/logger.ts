/**
 * Logging of the library: silent unless the user passes a `logger` (console, pino, winston, or any
 * object with debug/info/warn/error methods) or sets `SPARK_CONNECT_LOG_LEVEL` (like PySpark, which
 * then logs to stderr). Every message is one self-describing line (`spark-connect: ... key=value`),
 * so it reads the same in every logger; known secrets (the token, an authorization header) are
 * replaced by `***` in every message before it leaves the library.
 */

/** What the library logs to: `console`, a pino or winston logger, or any object with these methods. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Log levels, from the most verbose; `off` logs nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'off'];

/** The environment variable that turns logging on (PySpark's name): debug, info, warn, error. */
export const LOG_LEVEL_ENV = 'SPARK_CONNECT_LOG_LEVEL';

/** Logging options of the client and the builder. */
export interface LoggingOptions {
  /** Where logs go. Default: nowhere, unless `SPARK_CONNECT_LOG_LEVEL` is set (then stderr). */
  logger?: Logger;
  /**
   * The lowest level logged. Default: `SPARK_CONNECT_LOG_LEVEL`, else the logger's own `level`
   * property when it is one of these names (pino, winston), else `debug`.
   */
  logLevel?: LogLevel;
}

function parseLevel(value: string, what: string): LogLevel {
  const v = value.trim().toLowerCase();
  const level = (v === 'warning' ? 'warn' : v === 'none' ? 'off' : v) as LogLevel;
  if (!LEVELS.includes(level)) {
    throw new TypeError(`${what} must be one of ${LEVELS.join(', ')}, got '${value}'`);
  }
  return level;
}

function isLogger(value: unknown): value is Logger {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return ['debug', 'info', 'warn', 'error'].every((m) => typeof v[m] === 'function');
}

const stderrLogger: Logger = {
  debug: (m) => process.stderr.write(`DEBUG ${m}\n`),
  info: (m) => process.stderr.write(`INFO ${m}\n`),
  warn: (m) => process.stderr.write(`WARN ${m}\n`),
  error: (m) => process.stderr.write(`ERROR ${m}\n`),
};

/**
 * The library's logger: level checks are cheap (`log.debugOn`), messages are built only when
 * enabled, and secrets are redacted from every message.
 */
export class Log {
  /** True when debug messages are logged; check it before building a costly message. */
  readonly debugOn: boolean;
  private readonly rank: number;
  private secrets: readonly string[] = [];

  private constructor(
    private readonly sink: Logger | undefined,
    level: LogLevel,
  ) {
    this.rank = sink === undefined ? LEVELS.indexOf('off') : LEVELS.indexOf(level);
    this.debugOn = this.rank <= 0;
    Object.defineProperty(this, 'secrets', { enumerable: false });
  }

  /** A logger that logs nothing. */
  static readonly silent: Log = new Log(undefined, 'off');

  /** Resolves the options and the environment into a Log. Bad options are a TypeError. */
  static from(opts: LoggingOptions = {}, env: NodeJS.ProcessEnv = process.env): Log {
    if (opts.logger !== undefined && !isLogger(opts.logger)) {
      throw new TypeError('logger must be an object with debug, info, warn and error methods (e.g. console)');
    }
    const fromEnv = env[LOG_LEVEL_ENV];
    const envLevel =
      fromEnv === undefined || fromEnv.trim() === '' ? undefined : parseLevel(fromEnv, LOG_LEVEL_ENV);
    const explicit = opts.logLevel === undefined ? undefined : parseLevel(String(opts.logLevel), 'logLevel');
    if (opts.logger === undefined) {
      const level = explicit ?? envLevel;
      return level === undefined || level === 'off' ? Log.silent : new Log(stderrLogger, level);
    }
    const own = (opts.logger as { level?: unknown }).level;
    const ownLevel =
      typeof own === 'string' && LEVELS.includes(own as LogLevel) ? (own as LogLevel) : undefined;
    return new Log(opts.logger, explicit ?? envLevel ?? ownLevel ?? 'debug');
  }

  /** A copy that redacts these secrets too. */
  withSecrets(secrets: readonly string[]): Log {
    if (this.sink === undefined || secrets.length === 0) return this;
    const copy = Object.create(Log.prototype) as Log;
    Object.assign(copy, this);
    Object.defineProperty(copy, 'secrets', {
      value: [...this.secrets, ...secrets.filter((s) => s.length > 0)],
      enumerable: false,
    });
    return copy;
  }

  enabled(level: Exclude<LogLevel, 'off'>): boolean {
    return this.rank <= LEVELS.indexOf(level);
  }

  debug(message: string | (() => string)): void {
    if (this.debugOn) this.write('debug', message);
  }

  info(message: string | (() => string)): void {
    if (this.rank <= 1) this.write('info', message);
  }

  warn(message: string | (() => string)): void {
    if (this.rank <= 2) this.write('warn', message);
  }

  error(message: string | (() => string)): void {
    if (this.rank <= 3) this.write('error', message);
  }

  private write(level: Exclude<LogLevel, 'off'>, message: string | (() => string)): void {
    let text = `spark-connect: ${typeof message === 'function' ? message() : message}`;
    for (const s of this.secrets) text = text.split(s).join('***');
    try {
      this.sink?.[level](text);
    } catch {
      // a failing logger never fails a Spark call
    }
  }
}

/** Formats `key=value` pairs for a log line, skipping undefined values. */
export function kv(fields: Record<string, string | number | bigint | boolean | undefined>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    const s = String(v);
    parts.push(`${k}=${/[\s"=]/.test(s) ? JSON.stringify(s) : s}`);
  }
  return parts.join(' ');
}
