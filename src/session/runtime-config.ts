/** `spark.conf`: the session's runtime configuration on the server. */
import type { CallOptions, SessionRpc } from '../client/session-rpc.js';

export type ConfValue = string | number | boolean;

function confString(key: string, value: ConfValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new TypeError(
    `Configuration '${key}' must be a string, finite number or boolean, got ${String(value)}`,
  );
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0)
    throw new TypeError('Configuration keys must be non-empty strings');
}

/**
 * Runtime configuration of a session, like PySpark's `spark.conf`.
 *
 * @example
 * await spark.conf.set('spark.sql.shuffle.partitions', 4);
 * await spark.conf.get('spark.sql.shuffle.partitions'); // '4'
 */
export class RuntimeConfig {
  /** @internal */
  constructor(private readonly rpc: SessionRpc) {}

  /** Sets a configuration value. */
  async set(key: string, value: ConfValue, opts?: CallOptions): Promise<void> {
    checkKey(key);
    await this.rpc.config({ case: 'set', value: { pairs: [{ key, value: confString(key, value) }] } }, opts);
  }

  /** Sets several configuration values in one call. */
  async setAll(values: Record<string, ConfValue>, opts?: CallOptions): Promise<void> {
    const pairs = Object.entries(values).map(([key, value]) => {
      checkKey(key);
      return { key, value: confString(key, value) };
    });
    if (pairs.length > 0) await this.rpc.config({ case: 'set', value: { pairs } }, opts);
  }

  /**
   * The value of a key. Without a default, an unset key without a server default is an error
   * (like PySpark); with a default (`null` allowed), that default is returned instead.
   */
  async get(key: string): Promise<string>;
  async get(key: string, defaultValue: string | null, opts?: CallOptions): Promise<string | null>;
  async get(key: string, defaultValue?: string | null, opts?: CallOptions): Promise<string | null> {
    checkKey(key);
    if (defaultValue === undefined) {
      const resp = await this.rpc.config({ case: 'get', value: { keys: [key] } }, opts);
      return resp.pairs[0]?.value ?? null;
    }
    if (defaultValue === null) {
      const resp = await this.rpc.config({ case: 'getOption', value: { keys: [key] } }, opts);
      return resp.pairs[0]?.value ?? null;
    }
    const resp = await this.rpc.config(
      { case: 'getWithDefault', value: { pairs: [{ key, value: defaultValue }] } },
      opts,
    );
    return resp.pairs[0]?.value ?? null;
  }

  /** Resets a key to its default. */
  async unset(key: string, opts?: CallOptions): Promise<void> {
    checkKey(key);
    await this.rpc.config({ case: 'unset', value: { keys: [key] } }, opts);
  }

  /** All set configuration values (optionally those starting with `prefix`). */
  async getAll(prefix?: string, opts?: CallOptions): Promise<Record<string, string>> {
    const resp = await this.rpc.config(
      { case: 'getAll', value: prefix === undefined ? {} : { prefix } },
      opts,
    );
    const out: Record<string, string> = {};
    // The server answers keys with the prefix stripped; give them back whole.
    for (const p of resp.pairs) out[prefix === undefined ? p.key : `${prefix}${p.key}`] = p.value ?? '';
    return out;
  }

  /** Whether a key can be changed at runtime in this session. */
  async isModifiable(key: string, opts?: CallOptions): Promise<boolean> {
    checkKey(key);
    const resp = await this.rpc.config({ case: 'isModifiable', value: { keys: [key] } }, opts);
    return resp.pairs[0]?.value === 'true';
  }
}
