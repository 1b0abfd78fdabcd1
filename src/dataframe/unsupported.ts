/** PySpark DataFrame methods this client does not offer, and why. */

/**
 * PySpark DataFrame (and GroupedData) methods with no equivalent here, each with the reason. Most
 * run user Python code on the cluster (UDFs), which a JavaScript client cannot ship.
 *
 * @example
 * UNSUPPORTED_DATAFRAME_METHODS.mapInPandas; // 'needs Python UDFs (pandas) ...'
 */
export const UNSUPPORTED_DATAFRAME_METHODS: Readonly<Record<string, string>> = Object.freeze({
  rdd: 'RDDs are not part of Spark Connect',
  mapInPandas: 'needs Python UDFs (pandas) run by the executors',
  mapInArrow: 'needs Python UDFs (PyArrow) run by the executors',
  applyInPandas: 'GroupedData method; needs Python UDFs (pandas) run by the executors',
  applyInArrow: 'GroupedData method; needs Python UDFs (PyArrow) run by the executors',
  applyInPandasWithState: 'GroupedData method; needs Python UDFs (pandas) run by the executors',
  transformWithStateInPandas: 'GroupedData method; needs Python UDFs (pandas) run by the executors',
  cogroup: 'GroupedData method; only useful with applyInPandas / applyInArrow (Python UDFs)',
  toPandas: 'pandas is Python-only; use toArrow() for an Arrow table or collect() for rows',
  pandas_api: 'pandas-on-Spark is Python-only',
  to_pandas_on_spark: 'pandas-on-Spark is Python-only',
  plot: 'needs Python plotting libraries',
});
