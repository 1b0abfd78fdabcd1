/**
 * The rows of the Catalog relation read into the Catalog API's plain objects: by position and
 * type (another Spark Connect server may spell the column names differently), with a
 * ProtocolError naming the field when a value has the wrong type.
 */
import type { MessageInitShape } from '@bufbuild/protobuf';
import { ProtocolError } from '../errors/base.js';
import type { CatalogSchema } from '../gen/spark/connect/catalog_pb.js';
import type { Row, StructType } from '../types/index.js';

/** A catalog (`listCatalogs`). */
export interface CatalogMetadata {
  name: string;
  description: string | null;
}

/** A database / namespace (`listDatabases`, `getDatabase`). */
export interface Database {
  name: string;
  catalog: string | null;
  description: string | null;
  /** Null when the server does not report one (Sail). */
  locationUri: string | null;
}

/** A table or view (`listTables`, `getTable`). `database` is the namespace when it has one part. */
export interface CatalogTable {
  name: string;
  catalog: string | null;
  namespace: string[] | null;
  description: string | null;
  tableType: string;
  isTemporary: boolean;
  database: string | null;
}

/** A column of a table (`listColumns`). */
export interface CatalogColumn {
  name: string;
  description: string | null;
  dataType: string;
  nullable: boolean;
  isPartition: boolean;
  isBucket: boolean;
  /** Always false on Spark 3.5 (no clustering there). */
  isCluster: boolean;
}

/** A function (`listFunctions`, `getFunction`). */
export interface CatalogFunction {
  name: string;
  catalog: string | null;
  namespace: string[] | null;
  description: string | null;
  /** Null for functions without a class (e.g. SQL functions). */
  className: string | null;
  isTemporary: boolean;
}

/** A partition of a table (`listPartitions`, Spark 4.2+), e.g. `year=2024/month=1`. */
export interface TablePartition {
  partition: string;
}

/** `createTable()` options. */
export interface CreateTableOptions {
  /** Location of the data: the table is external. */
  path?: string;
  /** The data source (format); default `spark.sql.sources.default`. */
  source?: string;
  schema?: StructType;
  description?: string;
  /** Data source options. */
  options?: Record<string, string>;
}

export type CatalogInit = MessageInitShape<typeof CatalogSchema>;

export function name(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new TypeError(`${what} must be a non-empty string`);
  return v;
}

export function optName(v: unknown, what: string): string | undefined {
  return v === undefined || v === null ? undefined : name(v, what);
}

// Catalog rows are read by position and type, in the column order of Spark's catalog classes:
// other servers spell the column names differently (Sail: `tableName`, `catalog`).

export function field(r: Row, i: number, what: string): unknown {
  if (i >= r.schema.fields.length) {
    throw new ProtocolError(
      `Catalog row has ${r.schema.fields.length} columns; expected ${what} at position ${i}`,
    );
  }
  return r.get(i);
}

export function str(r: Row, i: number, what: string): string {
  const v = field(r, i, what);
  if (typeof v !== 'string')
    throw new ProtocolError(`Catalog row field ${what} (column ${i}) is not a string`);
  return v;
}

export function strOrNull(r: Row, i: number, what: string): string | null {
  const v = field(r, i, what);
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string')
    throw new ProtocolError(`Catalog row field ${what} (column ${i}) is not a string`);
  return v;
}

export function bool(r: Row, i: number, what: string): boolean {
  const v = field(r, i, what);
  if (v === null || v === undefined) return false;
  if (typeof v !== 'boolean')
    throw new ProtocolError(`Catalog row field ${what} (column ${i}) is not a boolean`);
  return v;
}

export function namespaceOf(r: Row, i: number): string[] | null {
  const v = field(r, i, 'namespace');
  return Array.isArray(v) ? v.map(String) : null;
}

export function toTable(r: Row): CatalogTable {
  const namespace = namespaceOf(r, 2);
  return {
    name: str(r, 0, 'name'),
    catalog: strOrNull(r, 1, 'catalog'),
    namespace,
    description: strOrNull(r, 3, 'description'),
    tableType: str(r, 4, 'tableType'),
    isTemporary: bool(r, 5, 'isTemporary'),
    database: namespace !== null && namespace.length === 1 ? namespace[0] : null,
  };
}

export function toFunction(r: Row): CatalogFunction {
  return {
    name: str(r, 0, 'name'),
    catalog: strOrNull(r, 1, 'catalog'),
    namespace: namespaceOf(r, 2),
    description: strOrNull(r, 3, 'description'),
    className: strOrNull(r, 4, 'className'),
    isTemporary: bool(r, 5, 'isTemporary'),
  };
}

export function toDatabase(r: Row): Database {
  return {
    name: str(r, 0, 'name'),
    catalog: strOrNull(r, 1, 'catalog'),
    description: strOrNull(r, 2, 'description'),
    locationUri: strOrNull(r, 3, 'locationUri'),
  };
}
