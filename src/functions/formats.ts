/**
 * CSV, JSON, XML and VARIANT functions. Names, argument orders and defaults are PySpark's;
 * arguments are converted as in args.ts.
 */
import { Column } from '../column/column.js';
import type { ExprNode } from '../column/nodes.js';
import { DataType, type StructType } from '../types/index.js';
import { type ColumnOrName, call, describeArg, type FunctionOptions, litNode } from './args.js';

/**
 * Parses a CSV string with a DDL schema (a string or a Column). Spark SQL `from_csv`.
 *
 * @example F.from_csv('line', 'a INT, b STRING')
 */
export function from_csv(col: ColumnOrName, schema: string | Column, options?: FunctionOptions): Column {
  return call('from_csv').col('col', col).str('schema', schema).options('options', options).build();
}

/**
 * The DDL schema inferred from a CSV string (a literal string or a Column). Spark SQL
 * `schema_of_csv`.
 *
 * @example F.schema_of_csv('1,abc')
 */
export function schema_of_csv(csv: string | Column, options?: FunctionOptions): Column {
  return call('schema_of_csv').str('csv', csv).options('options', options).build();
}

/**
 * Formats a struct as a CSV string. Spark SQL `to_csv`.
 *
 * @example F.to_csv('col')
 */
export function to_csv(col: ColumnOrName, options?: FunctionOptions): Column {
  return call('to_csv').col('col', col).options('options', options).build();
}

/**
 * Extracts a JSON value by JSONPath ('$.a.b') as a string. Spark SQL `get_json_object`.
 *
 * @example F.get_json_object('json', '$.a')
 */
export function get_json_object(col: ColumnOrName, path: string | Column): Column {
  return call('get_json_object').col('col', col).str('path', path).build();
}

/**
 * Number of elements of the outermost JSON array. Spark SQL `json_array_length`.
 *
 * @example F.json_array_length('col')
 */
export function json_array_length(col: ColumnOrName): Column {
  return call('json_array_length').col('col', col).build();
}

/**
 * The keys of the outermost JSON object. Spark SQL `json_object_keys`.
 *
 * @example F.json_object_keys('col')
 */
export function json_object_keys(col: ColumnOrName): Column {
  return call('json_object_keys').col('col', col).build();
}

/**
 * The DDL schema inferred from a JSON string (a literal string or a Column). Spark SQL
 * `schema_of_json`.
 *
 * @example F.schema_of_json('{"a": 1}')
 */
export function schema_of_json(json: string | Column, options?: FunctionOptions): Column {
  return call('schema_of_json').str('json', json).options('options', options).build();
}

/**
 * Formats a struct, array, map or variant as a JSON string. Spark SQL `to_json`.
 *
 * @example F.to_json(F.struct('a', 'b'))
 */
export function to_json(col: ColumnOrName, options?: FunctionOptions): Column {
  return call('to_json').col('col', col).options('options', options).build();
}

/**
 * True if the value is a valid variant (Spark 4.3+). Spark SQL `is_valid_variant`.
 *
 * @example F.is_valid_variant('v')
 */
export function is_valid_variant(v: ColumnOrName): Column {
  return call('is_valid_variant').col('v', v).build();
}

/**
 * True if the variant holds a JSON null (Spark 4.0+). Spark SQL `is_variant_null`.
 *
 * @example F.is_variant_null('v')
 */
export function is_variant_null(v: ColumnOrName): Column {
  return call('is_variant_null').col('v', v).build();
}

/**
 * Parses a JSON string to a variant (Spark 4.0+). Spark SQL `parse_json`.
 *
 * @example F.parse_json('col')
 */
export function parse_json(col: ColumnOrName): Column {
  return call('parse_json').col('col', col).build();
}

/**
 * The schema of a variant (Spark 4.0+). Spark SQL `schema_of_variant`.
 *
 * @example F.schema_of_variant('v')
 */
export function schema_of_variant(v: ColumnOrName): Column {
  return call('schema_of_variant').col('v', v).build();
}

/**
 * The merged schema of the variants of the group (Spark 4.0+). Spark SQL `schema_of_variant_agg`.
 *
 * @example F.schema_of_variant_agg('v')
 */
export function schema_of_variant_agg(v: ColumnOrName): Column {
  return call('schema_of_variant_agg').col('v', v).build();
}

/**
 * Like `variant_get`, null instead of a cast error (Spark 4.0+). Spark SQL `try_variant_get`.
 *
 * @example F.try_variant_get('v', '$.a', 'int')
 */
export function try_variant_get(v: ColumnOrName, path: string | Column, targetType: string | Column): Column {
  return call('try_variant_get').col('v', v).str('path', path).str('targetType', targetType).build();
}

/**
 * Appends a value to the variant array at `path` (Spark 4.3+). Spark SQL `variant_array_append`.
 *
 * @example F.variant_array_append('v', '$.arr', F.parse_json(F.lit('1')))
 */
export function variant_array_append(v: ColumnOrName, path: string | Column, value: ColumnOrName): Column {
  return call('variant_array_append').col('v', v).str('path', path).col('value', value).build();
}

/**
 * Like `variant_array_append`, null instead of an error (Spark 4.3+). Spark SQL
 * `try_variant_array_append`.
 *
 * @example F.try_variant_array_append('v', '$.arr', F.parse_json(F.lit('1')))
 */
export function try_variant_array_append(
  v: ColumnOrName,
  path: string | Column,
  value: ColumnOrName,
): Column {
  return call('try_variant_array_append').col('v', v).str('path', path).col('value', value).build();
}

/**
 * Removes null object fields (and array elements if `include_arrays`) (Spark 4.3+). Spark SQL
 * `variant_strip_nulls`.
 *
 * @example F.variant_strip_nulls('v')
 */
export function variant_strip_nulls(v: ColumnOrName, include_arrays: boolean | Column = true): Column {
  return call('variant_strip_nulls').col('v', v).bool('include_arrays', include_arrays).build();
}

/**
 * The value at a JSON path ('$.a') cast to a type (Spark 4.0+). Spark SQL `variant_get`.
 *
 * @example F.variant_get('v', '$.a', 'int')
 */
export function variant_get(v: ColumnOrName, path: string | Column, targetType: string | Column): Column {
  return call('variant_get').col('v', v).str('path', path).str('targetType', targetType).build();
}

/**
 * Inserts a value at `path` of a variant (Spark 4.3+). Spark SQL `variant_insert`.
 *
 * @example F.variant_insert('v', '$.b', F.parse_json(F.lit('2')))
 */
export function variant_insert(v: ColumnOrName, path: string | Column, value: ColumnOrName): Column {
  return call('variant_insert').col('v', v).str('path', path).col('value', value).build();
}

/**
 * Like `variant_insert`, null instead of an error (Spark 4.3+). Spark SQL `try_variant_insert`.
 *
 * @example F.try_variant_insert('v', '$.b', F.parse_json(F.lit('2')))
 */
export function try_variant_insert(v: ColumnOrName, path: string | Column, value: ColumnOrName): Column {
  return call('try_variant_insert').col('v', v).str('path', path).col('value', value).build();
}

/**
 * Sets the value at `path` of a variant (Spark 4.3+). Spark SQL `variant_set`.
 *
 * @example F.variant_set('v', '$.a', F.parse_json(F.lit('3')))
 */
export function variant_set(
  v: ColumnOrName,
  path: string | Column,
  value: ColumnOrName,
  create_if_missing: boolean | Column = true,
): Column {
  return call('variant_set')
    .col('v', v)
    .str('path', path)
    .col('value', value)
    .bool('create_if_missing', create_if_missing)
    .build();
}

/**
 * Like `variant_set`, null instead of an error (Spark 4.3+). Spark SQL `try_variant_set`.
 *
 * @example F.try_variant_set('v', '$.a', F.parse_json(F.lit('3')))
 */
export function try_variant_set(
  v: ColumnOrName,
  path: string | Column,
  value: ColumnOrName,
  create_if_missing: boolean | Column = true,
): Column {
  return call('try_variant_set')
    .col('v', v)
    .str('path', path)
    .col('value', value)
    .bool('create_if_missing', create_if_missing)
    .build();
}

/**
 * Parses a JSON string to a variant; null when invalid (Spark 4.0+). Spark SQL `try_parse_json`.
 *
 * @example F.try_parse_json('col')
 */
export function try_parse_json(col: ColumnOrName): Column {
  return call('try_parse_json').col('col', col).build();
}

/**
 * Converts a struct, map or array to a variant object (Spark 4.0+). Spark SQL `to_variant_object`.
 *
 * @example F.to_variant_object('col')
 */
export function to_variant_object(col: ColumnOrName): Column {
  return call('to_variant_object').col('col', col).build();
}

/**
 * The DDL schema inferred from an XML string (Spark 4.0+). Spark SQL `schema_of_xml`.
 *
 * @example F.schema_of_xml('<p><a>1</a></p>')
 */
export function schema_of_xml(xml: string | Column, options?: FunctionOptions): Column {
  return call('schema_of_xml').str('xml', xml).options('options', options).build();
}

/**
 * Formats a struct as an XML string (Spark 4.0+). Spark SQL `to_xml`.
 *
 * @example F.to_xml('col')
 */
export function to_xml(col: ColumnOrName, options?: FunctionOptions): Column {
  return call('to_xml').col('col', col).options('options', options).build();
}

/**
 * Values of the nodes matching an XPath (a column) as a string array. Spark SQL `xpath`.
 *
 * @example F.xpath('xml', 'path')
 */
export function xpath(xml: ColumnOrName, path: ColumnOrName): Column {
  return call('xpath').col('xml', xml).col('path', path).build();
}

/**
 * True if the XPath (a column) matches. Spark SQL `xpath_boolean`.
 *
 * @example F.xpath_boolean('xml', 'path')
 */
export function xpath_boolean(xml: ColumnOrName, path: ColumnOrName): Column {
  return call('xpath_boolean').col('xml', xml).col('path', path).build();
}

/**
 * The XPath (a column) value as a double. Spark SQL `xpath_double`.
 *
 * @example F.xpath_double('xml', 'path')
 */
export function xpath_double(xml: ColumnOrName, path: ColumnOrName): Column {
  return call('xpath_double').col('xml', xml).col('path', path).build();
}

/**
 * The XPath (a column) value as a float. Spark SQL `xpath_float`.
 *
 * @example F.xpath_float('xml', 'path')
 */
export function xpath_float(xml: ColumnOrName, path: ColumnOrName): Column {
  return call('xpath_float').col('xml', xml).col('path', path).build();
}

/**
 * The XPath (a column) value as an int. Spark SQL `xpath_int`.
 *
 * @example F.xpath_int('xml', 'path')
 */
export function xpath_int(xml: ColumnOrName, path: ColumnOrName): Column {
  return call('xpath_int').col('xml', xml).col('path', path).build();
}

/**
 * The XPath (a column) value as a long. Spark SQL `xpath_long`.
 *
 * @example F.xpath_long('xml', 'path')
 */
export function xpath_long(xml: ColumnOrName, path: ColumnOrName): Column {
  return call('xpath_long').col('xml', xml).col('path', path).build();
}

/**
 * The XPath (a column) value as a double. Spark SQL `xpath_number`.
 *
 * @example F.xpath_number('xml', 'path')
 */
export function xpath_number(xml: ColumnOrName, path: ColumnOrName): Column {
  return call('xpath_number').col('xml', xml).col('path', path).build();
}

/**
 * The XPath (a column) value as a short. Spark SQL `xpath_short`.
 *
 * @example F.xpath_short('xml', 'path')
 */
export function xpath_short(xml: ColumnOrName, path: ColumnOrName): Column {
  return call('xpath_short').col('xml', xml).col('path', path).build();
}

/**
 * The text of the first node matching the XPath (a column). Spark SQL `xpath_string`.
 *
 * @example F.xpath_string('xml', 'path')
 */
export function xpath_string(xml: ColumnOrName, path: ColumnOrName): Column {
  return call('xpath_string').col('xml', xml).col('path', path).build();
}

/** A schema given as a DataType (sent as its JSON), a DDL string, or a Column. */
function schemaNode(fn: string, schema: DataType | Column | string): ExprNode {
  if (schema instanceof Column) return schema.node;
  if (typeof schema === 'string') return litNode(schema);
  if (schema instanceof DataType) return litNode(schema.json());
  throw new TypeError(
    `${fn}(): 'schema' must be a DataType, a DDL string or a Column, got ${describeArg(schema)}`,
  );
}

/**
 * Parses a JSON string with a schema: a DataType (struct, array or map), a DDL string, or a
 * Column. Spark SQL `from_json`.
 *
 * @example F.from_json('json', 'a INT, b STRING', { mode: 'FAILFAST' })
 */
export function from_json(
  col: ColumnOrName,
  schema: DataType | Column | string,
  options?: FunctionOptions,
): Column {
  return call('from_json')
    .col('col', col)
    .node(schemaNode('from_json', schema))
    .options('options', options)
    .build();
}

/**
 * Parses an XML string with a schema: a StructType, a DDL string, or a Column (Spark 4.0+).
 * Spark SQL `from_xml`.
 *
 * @example F.from_xml('xml', 'a INT')
 */
export function from_xml(
  col: ColumnOrName,
  schema: StructType | Column | string,
  options?: FunctionOptions,
): Column {
  return call('from_xml')
    .col('col', col)
    .node(schemaNode('from_xml', schema))
    .options('options', options)
    .build();
}

/**
 * Extracts top-level fields of a JSON string as string columns `c0`, `c1`, ... (a generator).
 * Spark SQL `json_tuple`.
 *
 * @example df.select(F.json_tuple('json', 'a', 'b'))
 */
export function json_tuple(col: ColumnOrName, ...fields: string[]): Column {
  if (fields.length === 0) throw new TypeError('json_tuple(): needs at least one field');
  const c = call('json_tuple').col('col', col);
  fields.forEach((f, i) => {
    if (typeof f !== 'string')
      throw new TypeError(`json_tuple(): field ${i} must be a string, got ${describeArg(f)}`);
    c.str(`fields[${i}]`, f);
  });
  return c.build();
}

/**
 * Deletes the values at one or more paths of a variant (Spark 4.3+). Spark SQL `variant_delete`.
 *
 * @example F.variant_delete('v', '$.a', '$.b')
 */
export function variant_delete(v: ColumnOrName, ...paths: (string | Column)[]): Column {
  if (paths.length === 0) throw new TypeError('variant_delete(): needs at least one path');
  const c = call('variant_delete').col('v', v);
  paths.forEach((p, i) => {
    c.str(`paths[${i}]`, p);
  });
  return c.build();
}
