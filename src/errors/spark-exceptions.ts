/**
 * Exceptions raised on the Spark Connect server, mirrored as subclasses of {@link SparkConnectError}
 * (the same family as PySpark's `pyspark.errors`), and the one table that maps server exception
 * classes to them.
 */

import { SparkConnectError, type SparkConnectErrorInit } from './base.js';

/**
 * A query failed analysis on the server: unknown table or column, wrong types, ...
 *
 * @example
 * try { await spark.sql('SELECT * FROM missing').collect(); } catch (e) {
 *   if (e instanceof AnalysisException) console.log(e.errorClass); // TABLE_OR_VIEW_NOT_FOUND
 * }
 */
export class AnalysisException extends SparkConnectError {}

/**
 * SQL text could not be parsed. Its `queryContext` points at the offending fragment.
 *
 * @example
 * try { await spark.sql('SELEC 1'); } catch (e) {
 *   if (e instanceof ParseException) console.log(e.errorClass); // PARSE_SYNTAX_ERROR
 * }
 */
export class ParseException extends AnalysisException {}

/** A table or view does not exist (server `NoSuchTableException`). */
export class TableNotFoundException extends AnalysisException {}

/** A table or view already exists (server `TableAlreadyExistsException`). */
export class TableAlreadyExistsException extends AnalysisException {}

/** A temporary view already exists (server `TempTableAlreadyExistsException`). */
export class TempTableAlreadyExistsException extends AnalysisException {}

/** A namespace (database) does not exist (server `NoSuchNamespaceException` / `NoSuchDatabaseException`). */
export class NamespaceNotFoundException extends AnalysisException {}

/** A namespace (database) already exists (server `NamespaceAlreadyExistsException`). */
export class NamespaceAlreadyExistsException extends AnalysisException {}

/** The exception that stopped a streaming query. */
export class StreamingQueryException extends SparkConnectError {}

/** A query failed while executing. */
export class QueryExecutionException extends SparkConnectError {}

/** An illegal or inappropriate argument was passed to a server-side API or function. */
export class IllegalArgumentException extends SparkConnectError {}

/**
 * A string could not be converted to a number (e.g. `CAST('x' AS INT)` with ANSI mode on).
 *
 * @example
 * try { await spark.sql("SELECT CAST('x' AS INT)").collect(); } catch (e) {
 *   if (e instanceof NumberFormatException) console.log(e.errorClass); // CAST_INVALID_INPUT
 * }
 */
export class NumberFormatException extends IllegalArgumentException {}

/** An arithmetic error such as division by zero or overflow (with ANSI mode on). */
export class ArithmeticException extends SparkConnectError {}

/** The server does not support the requested operation. */
export class UnsupportedOperationException extends SparkConnectError {}

/** An array index was out of bounds (with ANSI mode on). */
export class ArrayIndexOutOfBoundsException extends SparkConnectError {}

/** A date/time value could not be parsed or is out of range. */
export class DateTimeException extends SparkConnectError {}

/** A runtime failure raised by Spark while executing a query. */
export class SparkRuntimeException extends SparkConnectError {}

/** Behaviour changed in a Spark upgrade; the message names the config that restores the old one. */
export class SparkUpgradeException extends SparkConnectError {}

/** A requested element (a config key, a map key with ANSI mode, ...) does not exist. */
export class SparkNoSuchElementException extends SparkConnectError {}

/** A generic Spark failure (server `SparkException` and subclasses without a more specific mapping). */
export class SparkException extends SparkConnectError {}

/** Python code run by the server (a Python UDF or data source) raised an exception. */
export class PythonException extends SparkConnectError {}

/**
 * A server exception whose class has no more specific mapping, or a fatal server error. The server
 * class name, when known, is in `serverClassName`.
 *
 * @example
 * if (e instanceof UnknownSparkException) console.log(e.serverClassName); // e.g. java.io.IOException
 */
export class UnknownSparkException extends SparkConnectError {}

/**
 * The server interrupted the operation: `interruptAll()`, `interruptTag()`, `interruptOperation()`
 * (from this or another client) or an aborted action's interrupt. Spark error class
 * `OPERATION_CANCELED`.
 *
 * @example
 * try { await df.collect({ tags: ['report'] }); } catch (e) {
 *   if (e instanceof OperationCanceledException) console.log('cancelled'); // after interruptTag('report')
 * }
 */
export class OperationCanceledException extends SparkConnectError {}

/**
 * A server-side ML object (model or summary) is not in the session's ML cache: released with
 * `model.release()`, freed when its session stopped, or evicted by the server. Spark error class
 * `CONNECT_ML.CACHE_INVALID` (Spark 4.0+).
 *
 * @example
 * await model.release();
 * try { await model.attr('coefficients'); } catch (e) { if (e instanceof MlModelNotFoundError) console.log('fit again'); }
 */
export class MlModelNotFoundError extends SparkException {}

/** A constructor of a server exception class. */
export type SparkExceptionClass = new (message: string, init?: SparkConnectErrorInit) => SparkConnectError;

const ANALYSIS = 'org.apache.spark.sql.catalyst.analysis';

/**
 * Fully qualified server exception class name, or Spark error class, → exception class. The same
 * classes PySpark maps, plus the catalog already-exists / not-found exceptions, the `Spark*`
 * variants of the Java exceptions, and the error classes Spark raises under a generic exception
 * class (`OPERATION_CANCELED` comes as a `SparkSQLException`, a `java.sql.SQLException`). Error
 * class keys are upper case and never collide with the dotted lower-case package names.
 */
const SERVER_EXCEPTION_CLASSES: ReadonlyMap<string, SparkExceptionClass> = new Map<
  string,
  SparkExceptionClass
>([
  ['OPERATION_CANCELED', OperationCanceledException],
  ['CONNECT_ML.CACHE_INVALID', MlModelNotFoundError],
  ['org.apache.spark.sql.catalyst.parser.ParseException', ParseException],
  [`${ANALYSIS}.NoSuchTableException`, TableNotFoundException],
  [`${ANALYSIS}.TableAlreadyExistsException`, TableAlreadyExistsException],
  [`${ANALYSIS}.TempTableAlreadyExistsException`, TempTableAlreadyExistsException],
  [`${ANALYSIS}.NoSuchNamespaceException`, NamespaceNotFoundException],
  [`${ANALYSIS}.NoSuchDatabaseException`, NamespaceNotFoundException],
  [`${ANALYSIS}.NamespaceAlreadyExistsException`, NamespaceAlreadyExistsException],
  [`${ANALYSIS}.DatabaseAlreadyExistsException`, NamespaceAlreadyExistsException],
  ['org.apache.spark.sql.AnalysisException', AnalysisException],
  ['org.apache.spark.sql.streaming.StreamingQueryException', StreamingQueryException],
  ['org.apache.spark.sql.execution.QueryExecutionException', QueryExecutionException],
  ['org.apache.spark.SparkNumberFormatException', NumberFormatException],
  ['java.lang.NumberFormatException', NumberFormatException],
  ['org.apache.spark.SparkIllegalArgumentException', IllegalArgumentException],
  ['java.lang.IllegalArgumentException', IllegalArgumentException],
  ['org.apache.spark.SparkArithmeticException', ArithmeticException],
  ['java.lang.ArithmeticException', ArithmeticException],
  ['org.apache.spark.SparkUnsupportedOperationException', UnsupportedOperationException],
  ['java.lang.UnsupportedOperationException', UnsupportedOperationException],
  ['org.apache.spark.SparkArrayIndexOutOfBoundsException', ArrayIndexOutOfBoundsException],
  ['java.lang.ArrayIndexOutOfBoundsException', ArrayIndexOutOfBoundsException],
  ['org.apache.spark.SparkDateTimeException', DateTimeException],
  ['java.time.DateTimeException', DateTimeException],
  ['org.apache.spark.SparkRuntimeException', SparkRuntimeException],
  ['org.apache.spark.SparkUpgradeException', SparkUpgradeException],
  ['org.apache.spark.api.python.PythonException', PythonException],
  ['org.apache.spark.SparkNoSuchElementException', SparkNoSuchElementException],
  ['org.apache.spark.SparkException', SparkException],
]);

/**
 * The exception class for a server error: its error class when the table has it, else its class
 * hierarchy (most specific class first), where the first class found in the table wins, so a
 * subclass maps before its parents; nothing found → {@link UnknownSparkException}.
 *
 * @example
 * exceptionClassForHierarchy(['org.apache.spark.SparkNumberFormatException',
 *   'java.lang.NumberFormatException', 'java.lang.IllegalArgumentException']); // NumberFormatException
 * exceptionClassForHierarchy(['org.apache.spark.SparkSQLException'], 'OPERATION_CANCELED'); // OperationCanceledException
 */
export function exceptionClassForHierarchy(
  hierarchy: readonly string[],
  errorClass?: string,
): SparkExceptionClass {
  for (const className of errorClass === undefined ? hierarchy : [errorClass, ...hierarchy]) {
    const found = SERVER_EXCEPTION_CLASSES.get(className);
    if (found !== undefined) return found;
  }
  return UnknownSparkException;
}
