/**
 * Hash, URL, encryption, partition transform and miscellaneous functions. Names, argument orders
 * and defaults are PySpark's; arguments are converted as in args.ts.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call, describeArg } from './args.js';
import { colFn, colsFn, named, noArgFn } from './shapes.js';

/** `name(url, partToExtract, key?)`: `parse_url` and `try_parse_url`. */
function parseUrlFn(
  name: string,
): (url: ColumnOrName, partToExtract: ColumnOrName, key?: ColumnOrName) => Column {
  return named(name, (url: ColumnOrName, partToExtract: ColumnOrName, key?: ColumnOrName) =>
    call(name).col('url', url).col('partToExtract', partToExtract).optCol('key', key).build(),
  );
}

/** `name(input, key, mode?, padding?, aad?)`: `aes_decrypt` and `try_aes_decrypt`. */
function aesDecryptFn(
  name: string,
): (
  input: ColumnOrName,
  key: ColumnOrName,
  mode?: ColumnOrName,
  padding?: ColumnOrName,
  aad?: ColumnOrName,
) => Column {
  return named(
    name,
    (
      input: ColumnOrName,
      key: ColumnOrName,
      mode?: ColumnOrName,
      padding?: ColumnOrName,
      aad?: ColumnOrName,
    ) =>
      call(name)
        .col('input', input)
        .col('key', key)
        .colOr('mode', mode, 'GCM')
        .colOr('padding', padding, 'DEFAULT')
        .colOr('aad', aad, '')
        .build(),
  );
}

/**
 * CRC-32 checksum of a binary value. Spark SQL `crc32`.
 *
 * @example F.crc32('col')
 */
export const crc32 = colFn('crc32');

/**
 * Murmur3 hash of the columns, as an int. Spark SQL `hash`.
 *
 * @example F.hash('a', 'b')
 */
export const hash = colsFn('hash');

/**
 * MD5 digest as a hex string. Spark SQL `md5`.
 *
 * @example F.md5('col')
 */
export const md5 = colFn('md5');

/**
 * SHA-1 digest as a hex string. Spark SQL `sha`.
 *
 * @example F.sha('col')
 */
export const sha = colFn('sha');

/**
 * SHA-1 digest as a hex string. Spark SQL `sha1`.
 *
 * @example F.sha1('col')
 */
export const sha1 = colFn('sha1');

/**
 * xxHash64 of the columns, as a long. Spark SQL `xxhash64`.
 *
 * @example F.xxhash64('a', 'b')
 */
export const xxhash64 = colsFn('xxhash64');

/**
 * A part ('HOST', 'PATH', 'QUERY', ...) of a URL; `partToExtract` and `key` are columns. Spark SQL
 * `parse_url`.
 *
 * @example F.parse_url('url', F.lit('HOST'))
 */
export const parse_url = parseUrlFn('parse_url');

/**
 * Like `parse_url`, null instead of an error (Spark 4.0+). Spark SQL `try_parse_url`.
 *
 * @example F.try_parse_url('url', 'partToExtract')
 */
export const try_parse_url = parseUrlFn('try_parse_url');

/**
 * Decodes an application/x-www-form-urlencoded string. Spark SQL `url_decode`.
 *
 * @example F.url_decode('str')
 */
export function url_decode(str: ColumnOrName): Column {
  return call('url_decode').col('str', str).build();
}

/**
 * Encodes a string as application/x-www-form-urlencoded. Spark SQL `url_encode`.
 *
 * @example F.url_encode('str')
 */
export function url_encode(str: ColumnOrName): Column {
  return call('url_encode').col('str', str).build();
}

/**
 * Like `url_decode`, null instead of an error (Spark 4.0+). Spark SQL `try_url_decode`.
 *
 * @example F.try_url_decode('str')
 */
export function try_url_decode(str: ColumnOrName): Column {
  return call('try_url_decode').col('str', str).build();
}

/**
 * AES decryption; mode, padding and aad are columns (default 'GCM', 'DEFAULT', ''). Spark SQL
 * `aes_decrypt`.
 *
 * @example F.aes_decrypt('input', 'key')
 */
export const aes_decrypt = aesDecryptFn('aes_decrypt');

/**
 * AES encryption; mode, padding, iv and aad are columns (default 'GCM', 'DEFAULT', '', ''). Spark
 * SQL `aes_encrypt`.
 *
 * @example F.aes_encrypt('input', 'key')
 */
export function aes_encrypt(
  input: ColumnOrName,
  key: ColumnOrName,
  mode?: ColumnOrName,
  padding?: ColumnOrName,
  iv?: ColumnOrName,
  aad?: ColumnOrName,
): Column {
  return call('aes_encrypt')
    .col('input', input)
    .col('key', key)
    .colOr('mode', mode, 'GCM')
    .colOr('padding', padding, 'DEFAULT')
    .colOr('iv', iv, '')
    .colOr('aad', aad, '')
    .build();
}

/**
 * Like `aes_decrypt`, null instead of an error. Spark SQL `try_aes_decrypt`.
 *
 * @example F.try_aes_decrypt('input', 'key')
 */
export const try_aes_decrypt = aesDecryptFn('try_aes_decrypt');

/**
 * Null if the value is true, else fails the query with `errMsg`. Spark SQL `assert_true`.
 *
 * @example F.assert_true(F.col('x').gt(0), 'x must be positive')
 */
export function assert_true(col: ColumnOrName, errMsg?: string | Column): Column {
  return call('assert_true').col('col', col).optStr('errMsg', errMsg).build();
}

/**
 * The current catalog. Spark SQL `current_catalog`.
 *
 * @example F.current_catalog()
 */
export const current_catalog = noArgFn('current_catalog');

/**
 * The current database (schema). Spark SQL `current_database`.
 *
 * @example F.current_database()
 */
export const current_database = noArgFn('current_database');

/**
 * The current SQL path (Spark 4.3+). Spark SQL `current_path`.
 *
 * @example F.current_path()
 */
export const current_path = noArgFn('current_path');

/**
 * The current database (schema). Spark SQL `current_schema`.
 *
 * @example F.current_schema()
 */
export const current_schema = noArgFn('current_schema');

/**
 * The current user. Spark SQL `current_user`.
 *
 * @example F.current_user()
 */
export const current_user = noArgFn('current_user');

/**
 * HMAC of a message (Spark 4.3+). Spark SQL `hmac`.
 *
 * @example F.hmac('key', 'message')
 */
export function hmac(key: ColumnOrName, message: ColumnOrName, algorithm?: ColumnOrName): Column {
  return call('hmac').col('key', key).col('message', message).optCol('algorithm', algorithm).build();
}

/**
 * Length of the file block being read, or -1. Spark SQL `input_file_block_length`.
 *
 * @example F.input_file_block_length()
 */
export const input_file_block_length = noArgFn('input_file_block_length');

/**
 * Start offset of the file block being read, or -1. Spark SQL `input_file_block_start`.
 *
 * @example F.input_file_block_start()
 */
export const input_file_block_start = noArgFn('input_file_block_start');

/**
 * Name of the file being read, or ''. Spark SQL `input_file_name`.
 *
 * @example F.input_file_name()
 */
export const input_file_name = noArgFn('input_file_name');

/**
 * Calls a static Java method by reflection (class and method names are the first two columns).
 * Spark SQL `java_method`.
 *
 * @example F.java_method('a', 'b')
 */
export const java_method = colsFn('java_method');

/**
 * A unique, increasing (not consecutive) 64-bit id per row. Spark SQL
 * `monotonically_increasing_id`.
 *
 * @example F.monotonically_increasing_id()
 */
export const monotonically_increasing_id = noArgFn('monotonically_increasing_id');

/**
 * Fails the query with a message. Spark SQL `raise_error`.
 *
 * @example F.raise_error('bad row')
 */
export function raise_error(errMsg: string | Column): Column {
  return call('raise_error').str('errMsg', errMsg).build();
}

/**
 * Calls a static Java method by reflection (class and method names are the first two columns).
 * Spark SQL `reflect`.
 *
 * @example F.reflect('a', 'b')
 */
export const reflect = colsFn('reflect');

/**
 * The user of the session. Spark SQL `session_user`.
 *
 * @example F.session_user()
 */
export const session_user = noArgFn('session_user');

/**
 * The partition id of the row. Spark SQL `spark_partition_id`.
 *
 * @example F.spark_partition_id()
 */
export const spark_partition_id = noArgFn('spark_partition_id');

/**
 * Like `reflect`, null instead of an error (Spark 4.0+). Spark SQL `try_reflect`.
 *
 * @example F.try_reflect('a', 'b')
 */
export const try_reflect = colsFn('try_reflect');

/**
 * The current user. Spark SQL `user`.
 *
 * @example F.user()
 */
export const user = noArgFn('user');

/**
 * The Spark version and git revision. Spark SQL `version`.
 *
 * @example F.version()
 */
export const version = noArgFn('version');

/**
 * Partition transform: years of a date/timestamp (for `writeTo().partitionedBy()`). Spark SQL
 * `years`.
 *
 * @example F.years('col')
 */
export const years = colFn('years');

/**
 * Partition transform: months of a date/timestamp. Spark SQL `months`.
 *
 * @example F.months('col')
 */
export const months = colFn('months');

/**
 * Partition transform: days of a date/timestamp. Spark SQL `days`.
 *
 * @example F.days('col')
 */
export const days = colFn('days');

/**
 * Partition transform: hours of a timestamp. Spark SQL `hours`.
 *
 * @example F.hours('col')
 */
export const hours = colFn('hours');

/**
 * Partition transform: hash buckets of a column. Spark SQL `bucket`.
 *
 * @example F.bucket(8, 'id')
 */
export function bucket(numBuckets: number | Column, col: ColumnOrName): Column {
  return call('bucket').int('numBuckets', numBuckets).col('col', col).build();
}

/**
 * The underlying value of a user-defined type. Spark SQL `unwrap_udt`.
 *
 * @example F.unwrap_udt('col')
 */
export const unwrap_udt = colFn('unwrap_udt');

/**
 * Calls a function registered in the session (e.g. a SQL UDF or a function of a JAR) by name,
 * with Column or column-name arguments. Spark SQL: the function itself.
 *
 * @example F.call_udf('my_udf', 'a')
 */
export function call_udf(udfName: string, ...cols: ColumnOrName[]): Column {
  if (typeof udfName !== 'string' || udfName.length === 0) {
    throw new TypeError(`call_udf(): 'udfName' must be a function name, got ${describeArg(udfName)}`);
  }
  return call('call_udf', udfName).cols('cols', cols).build();
}

/**
 * The type of the value as a Spark SQL type string. Spark SQL `typeof`. (`typeof` is a reserved
 * word in JavaScript: call it as `F.typeof(...)`.)
 *
 * @example F.typeof('a')
 */
function typeof_(col: ColumnOrName): Column {
  return call('typeof').col('col', col).build();
}

export { typeof_ as typeof };

/**
 * SHA-2 digest as a hex string; `numBits` is 224, 256, 384, 512 or 0 (= 256). Spark SQL `sha2`.
 *
 * @example F.sha2('s', 256)
 */
export function sha2(col: ColumnOrName, numBits: number): Column {
  if (![0, 224, 256, 384, 512].includes(numBits)) {
    throw new TypeError(
      `sha2(): 'numBits' must be one of 0, 224, 256, 384, 512, got ${describeArg(numBits)}`,
    );
  }
  return call('sha2').col('col', col).int('numBits', numBits).build();
}

/**
 * Partition transforms, as PySpark's `pyspark.sql.functions.partitioning`.
 *
 * @example df.writeTo('t').partitionedBy(F.partitioning.days('ts')).create()
 */
export const partitioning = Object.freeze({ years, months, days, hours, bucket });
