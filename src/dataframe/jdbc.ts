/**
 * The argument checks and option building of `spark.read.jdbc()` and `df.write.jdbc()`. As in
 * PySpark's Connect client, a JDBC read or write is the `jdbc` data source with the options
 * `url` and `dbtable` (which win over the same keys in `properties`), the connection
 * `properties` as further options and, for a read partitioned by a column, the options
 * `partitionColumn`, `lowerBound`, `upperBound` and `numPartitions`. A read partitioned by
 * predicates sends them as `Read.DataSource.predicates`: one partition per predicate.
 */
import { addOptions, type OptionsObject, optionString, requireName } from './options.js';
import type { SaveMode } from './writer.js';

/** A bound of a partition column: an integer, or a string (e.g. a date or timestamp literal). */
export type JdbcBound = number | bigint | string;

/**
 * The optional arguments of `spark.read.jdbc()` (PySpark's keyword arguments).
 *
 * Either all of `column`, `lowerBound`, `upperBound` and `numPartitions` (one partition per
 * stride of `column` between the bounds; the bounds only choose the strides, rows outside them
 * are still read), or `predicates` (one partition per WHERE condition), or neither (one partition).
 */
export interface JdbcReadOptions {
  /** The partition column (numeric, date or timestamp); PySpark's `column` (`partitionColumn`). */
  column?: string;
  /** The lowest stride boundary of `column`. */
  lowerBound?: JdbcBound;
  /** The highest stride boundary of `column`. */
  upperBound?: JdbcBound;
  /** The number of partitions (a positive integer). */
  numPartitions?: number;
  /** WHERE conditions, one per partition (a row matching several is read several times). */
  predicates?: readonly string[];
  /** JDBC connection properties (`user`, `password`, `driver`, `fetchsize`, ...), sent as options. */
  properties?: OptionsObject;
}

/** The optional arguments of `df.write.jdbc()`. */
export interface JdbcWriteOptions {
  /** What to do when the table exists: `error` (the default), `append`, `overwrite` or `ignore`. */
  mode?: SaveMode;
  /** JDBC connection properties (`user`, `password`, `driver`, `batchsize`, ...), sent as options. */
  properties?: OptionsObject;
}

const READ_KEYS = ['column', 'lowerBound', 'upperBound', 'numPartitions', 'predicates', 'properties'];
const PARTITION_KEYS = ['column', 'lowerBound', 'upperBound', 'numPartitions'] as const;
const WRITE_KEYS = ['mode', 'properties'];

/** @internal Throws unless `options` is undefined or an object with only `known` keys. */
function checkKeys(options: unknown, what: string, known: readonly string[]): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${what} options must be an object`);
  }
  for (const k of Object.keys(options)) {
    if (!known.includes(k)) {
      throw new TypeError(`${what} has no option '${k}'; its options are ${known.join(', ')}`);
    }
  }
  return options as Record<string, unknown>;
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function bound(name: string, value: unknown): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new TypeError(
      `jdbc() ${name} must be an integer (use a bigint or a string beyond 2^53), got ${String(value)}`,
    );
  }
  if (typeof value === 'string' && value.trim().length === 0) {
    throw new TypeError(`jdbc() ${name} must not be an empty string`);
  }
  if (typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'string') {
    throw new TypeError(`jdbc() ${name} must be an integer, bigint or string, got ${typeof value}`);
  }
  return optionString(name, value);
}

/** The options `url` and `dbtable`, checked. */
function target(url: unknown, table: unknown): { url: string; dbtable: string } {
  return {
    url: requireName(url, 'jdbc() takes a JDBC URL (a non-empty string)'),
    dbtable: requireName(table, 'jdbc() takes a table name (a non-empty string)'),
  };
}

/**
 * @internal The options (in PySpark's order: partitioning, properties, then url and dbtable) and
 * the predicates (or undefined) of `read.jdbc()`, or a TypeError naming the problem.
 */
export function jdbcReadArgs(
  url: unknown,
  table: unknown,
  options: JdbcReadOptions | undefined,
): { options: Record<string, string>; predicates: string[] | undefined } {
  const { url: u, dbtable } = target(url, table);
  const o = checkKeys(options, 'jdbc()', READ_KEYS);
  const out: Record<string, string> = {};
  const given = PARTITION_KEYS.filter((k) => present(o[k]));
  if (given.length > 0 && given.length < PARTITION_KEYS.length) {
    const missing = PARTITION_KEYS.filter((k) => !present(o[k]));
    throw new TypeError(
      `jdbc() partitions by a column only with column, lowerBound, upperBound and numPartitions together; missing ${missing.join(', ')}`,
    );
  }
  let predicates: string[] | undefined;
  if (present(o.predicates)) {
    if (given.length > 0) {
      throw new TypeError(
        'jdbc() takes either column partitioning (column, lowerBound, upperBound, numPartitions) or predicates, not both',
      );
    }
    const p = o.predicates;
    if (!Array.isArray(p) || p.some((x) => typeof x !== 'string' || x.trim().length === 0)) {
      throw new TypeError('jdbc() predicates must be an array of non-empty WHERE conditions');
    }
    if (p.length === 0) {
      throw new TypeError(
        'jdbc() predicates must not be empty (one partition per predicate); omit it to read the whole table',
      );
    }
    predicates = [...(p as string[])];
  }
  if (given.length > 0) {
    out.partitionColumn = requireName(o.column, 'jdbc() column must be a non-empty column name');
    out.lowerBound = bound('lowerBound', o.lowerBound);
    out.upperBound = bound('upperBound', o.upperBound);
    const n = o.numPartitions;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 2147483647) {
      throw new TypeError(`jdbc() numPartitions must be a positive integer, got ${String(n)}`);
    }
    out.numPartitions = String(n);
  }
  addOptions(out, o.properties as Record<string, unknown> | undefined, 'jdbc() properties');
  out.url = u;
  out.dbtable = dbtable;
  return { options: out, predicates };
}

/**
 * @internal The mode (or undefined) and options (properties, then url and dbtable) of
 * `write.jdbc()`, or a TypeError naming the problem.
 */
export function jdbcWriteArgs(
  url: unknown,
  table: unknown,
  options: JdbcWriteOptions | undefined,
): { mode: SaveMode | undefined; options: Record<string, string> } {
  const { url: u, dbtable } = target(url, table);
  const o = checkKeys(options, 'write.jdbc()', WRITE_KEYS);
  const out: Record<string, string> = {};
  addOptions(out, o.properties as Record<string, unknown> | undefined, 'write.jdbc() properties');
  out.url = u;
  out.dbtable = dbtable;
  return { mode: present(o.mode) ? (o.mode as SaveMode) : undefined, options: out };
}
