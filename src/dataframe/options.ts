/**
 * Data source options and the argument checks shared by the readers and writers (`spark.read`,
 * `df.write`, `df.writeTo`, and the streaming reader and writer): option values as strings, options
 * objects checked against the keys a format takes, names and column lists.
 */

/** A data source option value; booleans become `'true'` / `'false'`. */
export type OptionValue = string | number | boolean | bigint;

/** Options as an object; `null` / `undefined` values are skipped (like PySpark's `None`). */
export type OptionsObject = Record<string, OptionValue | null | undefined>;

/** The string form of an option value. @throws TypeError for other types or non-finite numbers */
export function optionString(key: string, value: unknown): string {
  if (typeof key !== 'string' || key.length === 0)
    throw new TypeError('Option keys must be non-empty strings');
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new TypeError(
    `Option '${key}' must be a string, finite number, bigint or boolean, got ${value === null ? 'null' : typeof value}`,
  );
}

/** Adds an options object to a map, skipping null/undefined; checks keys against `known` when given. */
export function addOptions(
  target: Record<string, string>,
  options: Record<string, unknown> | undefined,
  what: string,
  known?: readonly string[],
): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${what} options must be an object of key/value pairs`);
  }
  for (const [k, v] of Object.entries(options)) {
    if (known !== undefined && !known.includes(k)) {
      throw new TypeError(
        `${what} has no option '${k}'; its options are ${known.join(', ')} (use .option(key, value) for other data source options)`,
      );
    }
    if (v === undefined || v === null) continue;
    target[k] = optionString(k, v);
  }
}

/** @internal A non-empty name argument (format, provider, table), or a TypeError with `message`. */
export function requireName(name: unknown, message: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError(message);
  return name;
}

/** @internal Column names given as varargs and/or arrays, each a non-empty string. */
export function columnNames(cols: readonly (string | readonly string[])[], what: string): string[] {
  const out: string[] = [];
  for (const c of cols) {
    for (const n of typeof c === 'string' ? [c] : Array.isArray(c) ? c : [c]) {
      if (typeof n !== 'string' || n.length === 0) throw new TypeError(`${what} takes column names`);
      out.push(n);
    }
  }
  return out;
}

/**
 * The options part of the readers and writers (`spark.read`, `df.write`, `df.writeTo(table)`):
 * options set one by one or from an object, sent as strings with the operation.
 *
 * @example
 * spark.read.option('header', true).options({ sep: ';', nullValue: null }).csv('/data/in.csv');
 * await df.write.option('compression', 'zstd').parquet('/data/out');
 */
export abstract class DataSourceOptions {
  /** @internal The options set so far, as strings. */
  protected readonly opts: Record<string, string> = {};

  /** One data source option. @example spark.read.option('header', true); df.write.option('compression', 'snappy') */
  option(key: string, value: OptionValue): this {
    this.opts[key] = optionString(key, value);
    return this;
  }

  /** Several options; null/undefined values are skipped. @example df.write.options({ header: true, sep: ';' }) */
  options(options: OptionsObject): this {
    addOptions(this.opts, options, 'options()');
    return this;
  }
}
