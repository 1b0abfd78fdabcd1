/**
 * The functions module, like `pyspark.sql.functions`: every PySpark function under its PySpark
 * name and argument order (see `FUNCTION_NAMES`, and `UNSUPPORTED_FUNCTIONS` for the Python UDF
 * family). Columns may be given as a Column or a column-name string where PySpark accepts both;
 * where PySpark takes a Python value (a format, a count, a value to look for) a JavaScript value
 * is sent as a literal. Functions newer than the connected server are sent as is: the server
 * answers with an AnalysisException (e.g. UNRESOLVED_ROUTINE).
 *
 * @example
 * import { functions as F, Window } from 'spark-connect-ts';
 * df.select(F.col('a'), F.upper('name').alias('NAME'), F.date_format('ts', 'yyyy-MM-dd'));
 * df.select(F.transform('xs', (x) => x.multiply(2)), F.row_number().over(Window.orderBy('a')));
 */

export * from './aggregate.js';
export * from './aggregate-stats.js';
export {
  type ColumnOrName,
  colNode,
  type FunctionOptions,
  invoke,
  type LambdaFn1,
  type LambdaFn2,
  type LambdaFn3,
} from './args.js';
export * from './bitwise.js';
export * from './collection.js';
export * from './conditional.js';
export * from './core.js';
export * from './datetime.js';
export * from './datetime-construct.js';
export * from './formats.js';
export * from './higher-order.js';
export * from './math.js';
export * from './misc.js';
export * from './names.js';
export * from './random.js';
export * from './sketches.js';
export * from './sketches-tuple.js';
export * from './spatial-vector.js';
export * from './string.js';
export * from './string-format.js';
export * from './window-functions.js';
