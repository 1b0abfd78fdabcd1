/**
 * Hash, URL, encryption, partition transform and miscellaneous functions. Names, argument orders
 * and defaults are PySpark's; arguments are converted as in args.ts.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call, describeArg } from './args.js';

/**
 * CRC-32 checksum of a binary value. Spark SQL `crc32`.
 *
 * @example F.crc32('col')
 */
export function crc32(col: ColumnOrName): Column {
  return call('crc32').col('col', col).build();
}

/**
 * Murmur3 hash of the columns, as an int. Spark SQL `hash`.
 *
 * @example F.hash('a', 'b')
 */
export function hash(...cols: ColumnOrName[]): Column {
  return call('hash').cols('cols', cols).build();
}

/**
 * MD5 digest as a hex string. Spark SQL `md5`.
 *
 * @example F.md5('col')
 */
export function md5(col: ColumnOrName): Column {
  return call('md5').col('col', col).build();
}

/**
 * SHA-1 digest as a hex string. Spark SQL `sha`.
 *
 * @example F.sha('col')
 */
export function sha(col: ColumnOrName): Column {
  return call('sha').col('col', col).build();
}

/**
 * SHA-1 digest as a hex string. Spark SQL `sha1`.
 *
 * @example F.sha1('col')
 */
export function sha1(col: ColumnOrName): Column {
  return call('sha1').col('col', col).build();
}

/**
 * xxHash64 of the columns, as a long. Spark SQL `xxhash64`.
 *
 * @example F.xxhash64('a', 'b')
 */
export function xxhash64(...cols: ColumnOrName[]): Column {
  return call('xxhash64').cols('cols', cols).build();
}

/**
 * A part ('HOST', 'PATH', 'QUERY', ...) of a URL; `partToExtract` and `key` are columns. Spark SQL
 * `parse_url`.
 *
 * @example F.parse_url('url', F.lit('HOST'))
 */
export function parse_url(url: ColumnOrName, partToExtract: ColumnOrName, key?: ColumnOrName): Column {
  return call('parse_url').col('url', url).col('partToExtract', partToExtract).optCol('key', key).build();
}

/**
 * Like `parse_url`, null instead of an error (Spark 4.0+). Spark SQL `try_parse_url`.
 *
 * @example F.try_parse_url('url', 'partToExtract')
 */
export function try_parse_url(url: ColumnOrName, partToExtract: ColumnOrName, key?: ColumnOrName): Column {
  return call('try_parse_url').col('url', url).col('partToExtract', partToExtract).optCol('key', key).build();
}

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
export function aes_decrypt(
  input: ColumnOrName,
  key: ColumnOrName,
  mode?: ColumnOrName,
  padding?: ColumnOrName,
  aad?: ColumnOrName,
): Column {
  return call('aes_decrypt')
    .col('input', input)
    .col('key', key)
    .colOr('mode', mode, 'GCM')
    .colOr('padding', padding, 'DEFAULT')
    .colOr('aad', aad, '')
    .build();
}

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
export function try_aes_decrypt(
  input: ColumnOrName,
  key: ColumnOrName,
  mode?: ColumnOrName,
  padding?: ColumnOrName,
  aad?: ColumnOrName,
): Column {
  return call('try_aes_decrypt')
    .col('input', input)
    .col('key', key)
    .colOr('mode', mode, 'GCM')
    .colOr('padding', padding, 'DEFAULT')
    .colOr('aad', aad, '')
    .build();
}

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
export function current_catalog(): Column {
  return call('current_catalog').build();
}

/**
 * The current database (schema). Spark SQL `current_database`.
 *
 * @example F.current_database()
 */
export function current_database(): Column {
  return call('current_database').build();
}

/**
 * The current SQL path (Spark 4.3+). Spark SQL `current_path`.
 *
 * @example F.current_path()
 */
export function current_path(): Column {
  return call('current_path').build();
}

/**
 * The current database (schema). Spark SQL `current_schema`.
 *
 * @example F.current_schema()
 */
export function current_schema(): Column {
  return call('current_schema').build();
}

/**
 * The current user. Spark SQL `current_user`.
 *
 * @example F.current_user()
 */
export function current_user(): Column {
  return call('current_user').build();
}

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
export function input_file_block_length(): Column {
  return call('input_file_block_length').build();
}

/**
 * Start offset of the file block being read, or -1. Spark SQL `input_file_block_start`.
 *
 * @example F.input_file_block_start()
 */
export function input_file_block_start(): Column {
  return call('input_file_block_start').build();
}

/**
 * Name of the file being read, or ''. Spark SQL `input_file_name`.
 *
 * @example F.input_file_name()
 */
export function input_file_name(): Column {
  return call('input_file_name').build();
}

/**
 * Calls a static Java method by reflection (class and method names are the first two columns).
 * Spark SQL `java_method`.
 *
 * @example F.java_method('a', 'b')
 */
export function java_method(...cols: ColumnOrName[]): Column {
  return call('java_method').cols('cols', cols).build();
}

/**
 * A unique, increasing (not consecutive) 64-bit id per row. Spark SQL
 * `monotonically_increasing_id`.
 *
 * @example F.monotonically_increasing_id()
 */
export function monotonically_increasing_id(): Column {
  return call('monotonically_increasing_id').build();
}

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
export function reflect(...cols: ColumnOrName[]): Column {
  return call('reflect').cols('cols', cols).build();
}

/**
 * The user of the session. Spark SQL `session_user`.
 *
 * @example F.session_user()
 */
export function session_user(): Column {
  return call('session_user').build();
}

/**
 * The partition id of the row. Spark SQL `spark_partition_id`.
 *
 * @example F.spark_partition_id()
 */
export function spark_partition_id(): Column {
  return call('spark_partition_id').build();
}

/**
 * Like `reflect`, null instead of an error (Spark 4.0+). Spark SQL `try_reflect`.
 *
 * @example F.try_reflect('a', 'b')
 */
export function try_reflect(...cols: ColumnOrName[]): Column {
  return call('try_reflect').cols('cols', cols).build();
}

/**
 * The current user. Spark SQL `user`.
 *
 * @example F.user()
 */
export function user(): Column {
  return call('user').build();
}

/**
 * The Spark version and git revision. Spark SQL `version`.
 *
 * @example F.version()
 */
export function version(): Column {
  return call('version').build();
}

/**
 * Partition transform: years of a date/timestamp (for `writeTo().partitionedBy()`). Spark SQL
 * `years`.
 *
 * @example F.years('col')
 */
export function years(col: ColumnOrName): Column {
  return call('years').col('col', col).build();
}

/**
 * Partition transform: months of a date/timestamp. Spark SQL `months`.
 *
 * @example F.months('col')
 */
export function months(col: ColumnOrName): Column {
  return call('months').col('col', col).build();
}

/**
 * Partition transform: days of a date/timestamp. Spark SQL `days`.
 *
 * @example F.days('col')
 */
export function days(col: ColumnOrName): Column {
  return call('days').col('col', col).build();
}

/**
 * Partition transform: hours of a timestamp. Spark SQL `hours`.
 *
 * @example F.hours('col')
 */
export function hours(col: ColumnOrName): Column {
  return call('hours').col('col', col).build();
}

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
export function unwrap_udt(col: ColumnOrName): Column {
  return call('unwrap_udt').col('col', col).build();
}

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
