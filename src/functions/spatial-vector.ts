/**
 * Geospatial and vector functions. Names, argument orders and defaults are PySpark's; arguments
 * are converted as in args.ts.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call } from './args.js';

/**
 * Well-known binary of a geometry or geography (Spark 4.1+); `endianness` 'NDR' or 'XDR'. Spark SQL
 * `st_asbinary`.
 *
 * @example F.st_asbinary('geo')
 */
export function st_asbinary(geo: ColumnOrName, endianness?: string | Column): Column {
  return call('st_asbinary').col('geo', geo).optStr('endianness', endianness).build();
}

/**
 * A geography from well-known binary (Spark 4.1+). Spark SQL `st_geogfromwkb`.
 *
 * @example F.st_geogfromwkb('wkb')
 */
export function st_geogfromwkb(wkb: ColumnOrName): Column {
  return call('st_geogfromwkb').col('wkb', wkb).build();
}

/**
 * A geometry from well-known binary, with an optional SRID (Spark 4.1+). Spark SQL
 * `st_geomfromwkb`.
 *
 * @example F.st_geomfromwkb('wkb')
 */
export function st_geomfromwkb(wkb: ColumnOrName, srid?: ColumnOrName | number): Column {
  return call('st_geomfromwkb').col('wkb', wkb).optColOrInt('srid', srid).build();
}

/**
 * The geometry or geography with another SRID (Spark 4.1+). Spark SQL `st_setsrid`.
 *
 * @example F.st_setsrid('geo', F.col('srid'))
 */
export function st_setsrid(geo: ColumnOrName, srid: ColumnOrName | number): Column {
  return call('st_setsrid').col('geo', geo).colOrInt('srid', srid).build();
}

/**
 * The SRID of a geometry or geography (Spark 4.1+). Spark SQL `st_srid`.
 *
 * @example F.st_srid('geo')
 */
export function st_srid(geo: ColumnOrName): Column {
  return call('st_srid').col('geo', geo).build();
}

/**
 * Element-wise average of the vectors (float arrays) of the group (Spark 4.3+). Spark SQL
 * `vector_avg`.
 *
 * @example F.vector_avg('col')
 */
export function vector_avg(col: ColumnOrName): Column {
  return call('vector_avg').col('col', col).build();
}

/**
 * Cosine similarity of two vectors (Spark 4.3+). Spark SQL `vector_cosine_similarity`.
 *
 * @example F.vector_cosine_similarity('left', 'right')
 */
export function vector_cosine_similarity(left: ColumnOrName, right: ColumnOrName): Column {
  return call('vector_cosine_similarity').col('left', left).col('right', right).build();
}

/**
 * Inner product of two vectors (Spark 4.3+). Spark SQL `vector_inner_product`.
 *
 * @example F.vector_inner_product('left', 'right')
 */
export function vector_inner_product(left: ColumnOrName, right: ColumnOrName): Column {
  return call('vector_inner_product').col('left', left).col('right', right).build();
}

/**
 * Euclidean distance of two vectors (Spark 4.3+). Spark SQL `vector_l2_distance`.
 *
 * @example F.vector_l2_distance('left', 'right')
 */
export function vector_l2_distance(left: ColumnOrName, right: ColumnOrName): Column {
  return call('vector_l2_distance').col('left', left).col('right', right).build();
}

/**
 * The p-norm of a vector (Spark 4.3+); `degree` is a column (default 2). Spark SQL `vector_norm`.
 *
 * @example F.vector_norm('vector')
 */
export function vector_norm(vector: ColumnOrName, degree?: ColumnOrName): Column {
  return call('vector_norm').col('vector', vector).optCol('degree', degree).build();
}

/**
 * The vector divided by its p-norm (Spark 4.3+). Spark SQL `vector_normalize`.
 *
 * @example F.vector_normalize('vector')
 */
export function vector_normalize(vector: ColumnOrName, degree?: ColumnOrName): Column {
  return call('vector_normalize').col('vector', vector).optCol('degree', degree).build();
}

/**
 * Element-wise sum of the vectors of the group (Spark 4.3+). Spark SQL `vector_sum`.
 *
 * @example F.vector_sum('col')
 */
export function vector_sum(col: ColumnOrName): Column {
  return call('vector_sum').col('col', col).build();
}
