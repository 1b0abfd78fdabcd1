/**
 * `spark.catalog`: the Catalog API, like PySpark's. Each call runs a `Catalog` relation on the
 * server and reads its rows into plain typed objects.
 */
import type { ActionOptions } from '../dataframe/dataframe.js';
import { DataFrame } from '../dataframe/dataframe.js';
import { StorageLevel, type StorageLevelName } from '../dataframe/storage-level.js';
import { ProtocolError } from '../errors/base.js';
import { node } from '../plan/nodes.js';
import { type Row, StructType, toProtoDataType } from '../types/index.js';
import {
  bool,
  type CatalogColumn,
  type CatalogFunction,
  type CatalogInit,
  type CatalogMetadata,
  type CatalogTable,
  type CreateTableOptions,
  type Database,
  name,
  optName,
  str,
  strOrNull,
  type TablePartition,
  toDatabase,
  toFunction,
  toTable,
} from './catalog-rows.js';
import type { FeatureName } from './features.js';
import type { SparkSession } from './spark-session.js';

export type {
  CatalogColumn,
  CatalogFunction,
  CatalogMetadata,
  CatalogTable,
  CreateTableOptions,
  Database,
  TablePartition,
} from './catalog-rows.js';

/**
 * The session's catalog: databases, tables, columns, functions, caching.
 *
 * @example
 * await spark.catalog.setCurrentDatabase('sales');
 * for (const t of await spark.catalog.listTables()) console.log(t.name, t.tableType);
 * if (await spark.catalog.tableExists('orders')) await spark.catalog.cacheTable('orders');
 */
export class Catalog {
  /** @internal Use `spark.catalog`. */
  constructor(private readonly session: SparkSession) {}

  private async rows(catalog: CatalogInit['catType'], opts?: ActionOptions): Promise<Row[]> {
    return new DataFrame(this.session, node({ kind: 'catalog', catalog: { catType: catalog } })).collect(
      opts,
    );
  }

  /** Rows of a catalog call that needs a feature; a server that answers it lacks it gets the feature error. */
  private featureRows(
    feature: FeatureName,
    catalog: CatalogInit['catType'],
    opts?: ActionOptions,
  ): Promise<Row[]> {
    return this.session.withFeature(feature, () => this.rows(catalog, opts));
  }

  private async first(catalog: CatalogInit['catType'], what: string, opts?: ActionOptions): Promise<Row> {
    const rows = await this.rows(catalog, opts);
    if (rows.length === 0) throw new ProtocolError(`${what}: the server returned no row`);
    return rows[0];
  }

  private async scalar(
    catalog: CatalogInit['catType'],
    what: string,
    opts?: ActionOptions,
  ): Promise<unknown> {
    return (await this.first(catalog, what, opts)).get(0);
  }

  private async bool(catalog: CatalogInit['catType'], what: string, opts?: ActionOptions): Promise<boolean> {
    const v = await this.scalar(catalog, what, opts);
    if (typeof v !== 'boolean') throw new ProtocolError(`${what}: expected a boolean from the server`);
    return v;
  }

  /** The current catalog's name. @example await spark.catalog.currentCatalog() // 'spark_catalog' */
  async currentCatalog(opts?: ActionOptions): Promise<string> {
    return String(await this.scalar({ case: 'currentCatalog', value: {} }, 'currentCatalog()', opts));
  }

  /** Sets the current catalog. @example await spark.catalog.setCurrentCatalog('spark_catalog') */
  async setCurrentCatalog(catalogName: string, opts?: ActionOptions): Promise<void> {
    await this.rows(
      { case: 'setCurrentCatalog', value: { catalogName: name(catalogName, 'catalogName') } },
      opts,
    );
  }

  /** The catalogs (matching an optional SQL LIKE-style pattern). @example await spark.catalog.listCatalogs() */
  async listCatalogs(pattern?: string, opts?: ActionOptions): Promise<CatalogMetadata[]> {
    const p = optName(pattern, 'pattern');
    const rows = await this.rows(
      { case: 'listCatalogs', value: p === undefined ? {} : { pattern: p } },
      opts,
    );
    return rows.map((r) => ({ name: str(r, 0, 'name'), description: strOrNull(r, 1, 'description') }));
  }

  /** The current database. @example await spark.catalog.currentDatabase() // 'default' */
  async currentDatabase(opts?: ActionOptions): Promise<string> {
    return String(await this.scalar({ case: 'currentDatabase', value: {} }, 'currentDatabase()', opts));
  }

  /** Sets the current database. @example await spark.catalog.setCurrentDatabase('sales') */
  async setCurrentDatabase(dbName: string, opts?: ActionOptions): Promise<void> {
    await this.rows({ case: 'setCurrentDatabase', value: { dbName: name(dbName, 'dbName') } }, opts);
  }

  /** The databases (matching an optional pattern, e.g. `'sal*'`). @example await spark.catalog.listDatabases() */
  async listDatabases(pattern?: string, opts?: ActionOptions): Promise<Database[]> {
    const p = optName(pattern, 'pattern');
    const rows = await this.rows(
      { case: 'listDatabases', value: p === undefined ? {} : { pattern: p } },
      opts,
    );
    return rows.map(toDatabase);
  }

  /** One database; rejects when it does not exist. @example await spark.catalog.getDatabase('default') */
  async getDatabase(dbName: string, opts?: ActionOptions): Promise<Database> {
    return toDatabase(
      await this.first(
        { case: 'getDatabase', value: { dbName: name(dbName, 'dbName') } },
        'getDatabase()',
        opts,
      ),
    );
  }

  /** Whether a database exists. @example await spark.catalog.databaseExists('sales') */
  async databaseExists(dbName: string, opts?: ActionOptions): Promise<boolean> {
    return this.bool(
      { case: 'databaseExists', value: { dbName: name(dbName, 'dbName') } },
      'databaseExists()',
      opts,
    );
  }

  /**
   * The tables and views of a database (default: the current one), including temporary views.
   * @example await spark.catalog.listTables('sales', 'ord*')
   */
  async listTables(dbName?: string, pattern?: string, opts?: ActionOptions): Promise<CatalogTable[]> {
    const db = optName(dbName, 'dbName');
    const p = optName(pattern, 'pattern');
    const rows = await this.rows(
      {
        case: 'listTables',
        value: { ...(db === undefined ? {} : { dbName: db }), ...(p === undefined ? {} : { pattern: p }) },
      },
      opts,
    );
    return rows.map(toTable);
  }

  /** One table or view (name may be qualified: `db.t`); rejects when missing. @example await spark.catalog.getTable('people') */
  async getTable(tableName: string, opts?: ActionOptions): Promise<CatalogTable> {
    return toTable(
      await this.first(
        { case: 'getTable', value: { tableName: name(tableName, 'tableName') } },
        'getTable()',
        opts,
      ),
    );
  }

  /** Whether a table or view exists (`dbName` is deprecated: qualify the name instead). @example await spark.catalog.tableExists('db.t') */
  async tableExists(tableName: string, dbName?: string, opts?: ActionOptions): Promise<boolean> {
    const db = optName(dbName, 'dbName');
    return this.bool(
      {
        case: 'tableExists',
        value: { tableName: name(tableName, 'tableName'), ...(db === undefined ? {} : { dbName: db }) },
      },
      'tableExists()',
      opts,
    );
  }

  /** The columns of a table or view. @example await spark.catalog.listColumns('people') */
  async listColumns(tableName: string, dbName?: string, opts?: ActionOptions): Promise<CatalogColumn[]> {
    const db = optName(dbName, 'dbName');
    const rows = await this.rows(
      {
        case: 'listColumns',
        value: { tableName: name(tableName, 'tableName'), ...(db === undefined ? {} : { dbName: db }) },
      },
      opts,
    );
    return rows.map((r) => ({
      name: str(r, 0, 'name'),
      description: strOrNull(r, 1, 'description'),
      dataType: str(r, 2, 'dataType'),
      nullable: bool(r, 3, 'nullable'),
      isPartition: bool(r, 4, 'isPartition'),
      isBucket: bool(r, 5, 'isBucket'),
      // Spark 3.5 has no isCluster column (no clustering there).
      isCluster: r.schema.fields.length > 6 ? bool(r, 6, 'isCluster') : false,
    }));
  }

  /**
   * The functions of a database (default: the current one), including built-ins and temporary
   * functions, optionally matching a pattern.
   * @example await spark.catalog.listFunctions(undefined, 'array_*')
   */
  async listFunctions(dbName?: string, pattern?: string, opts?: ActionOptions): Promise<CatalogFunction[]> {
    const db = optName(dbName, 'dbName');
    const p = optName(pattern, 'pattern');
    const rows = await this.rows(
      {
        case: 'listFunctions',
        value: { ...(db === undefined ? {} : { dbName: db }), ...(p === undefined ? {} : { pattern: p }) },
      },
      opts,
    );
    return rows.map(toFunction);
  }

  /** Whether a function exists. @example await spark.catalog.functionExists('abs') // true */
  async functionExists(functionName: string, dbName?: string, opts?: ActionOptions): Promise<boolean> {
    const db = optName(dbName, 'dbName');
    return this.bool(
      {
        case: 'functionExists',
        value: {
          functionName: name(functionName, 'functionName'),
          ...(db === undefined ? {} : { dbName: db }),
        },
      },
      'functionExists()',
      opts,
    );
  }

  /** One function; rejects when missing. @example await spark.catalog.getFunction('abs') */
  async getFunction(functionName: string, opts?: ActionOptions): Promise<CatalogFunction> {
    return toFunction(
      await this.first(
        { case: 'getFunction', value: { functionName: name(functionName, 'functionName') } },
        'getFunction()',
        opts,
      ),
    );
  }

  /**
   * Creates a table (external when `path` is given) and returns a DataFrame reading it.
   * @example const t = await spark.catalog.createTable('t', { source: 'parquet', schema: new StructType().add('id', 'long') });
   */
  async createTable(
    tableName: string,
    options: CreateTableOptions = {},
    opts?: ActionOptions,
  ): Promise<DataFrame> {
    const t = name(tableName, 'tableName');
    const { path, source, schema, description, options: dsOptions, ...rest } = options;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) {
      throw new TypeError(
        `createTable() has no option '${unknown[0]}'; its options are path, source, schema, description, options`,
      );
    }
    if (schema !== undefined && !(schema instanceof StructType)) {
      throw new TypeError('createTable() schema must be a StructType');
    }
    for (const [k, v] of Object.entries(dsOptions ?? {})) {
      if (typeof v !== 'string') throw new TypeError(`createTable() option '${k}' must be a string`);
    }
    await this.rows(
      {
        case: 'createTable',
        value: {
          tableName: t,
          ...(path === undefined ? {} : { path: name(path, 'path') }),
          ...(source === undefined ? {} : { source: name(source, 'source') }),
          ...(description === undefined ? {} : { description }),
          ...(schema === undefined ? {} : { schema: toProtoDataType(schema) }),
          options: { ...(dsOptions ?? {}) },
        },
      },
      opts,
    );
    return new DataFrame(this.session, node({ kind: 'table', name: t, options: {} }));
  }

  /**
   * Deprecated since Spark 4.0 (as in PySpark): same as `createTable` without a description.
   * @example await spark.catalog.createExternalTable('t', { path: '/data/t', source: 'parquet' })
   */
  async createExternalTable(
    tableName: string,
    options: Omit<CreateTableOptions, 'description'> = {},
    opts?: ActionOptions,
  ): Promise<DataFrame> {
    return this.createTable(tableName, options, opts);
  }

  /** Drops a temporary view; false when there was none. @example await spark.catalog.dropTempView('v') */
  async dropTempView(viewName: string, opts?: ActionOptions): Promise<boolean> {
    return this.bool(
      { case: 'dropTempView', value: { viewName: name(viewName, 'viewName') } },
      'dropTempView()',
      opts,
    );
  }

  /** Drops a global temporary view; false when there was none. @example await spark.catalog.dropGlobalTempView('v') */
  async dropGlobalTempView(viewName: string, opts?: ActionOptions): Promise<boolean> {
    return this.bool(
      { case: 'dropGlobalTempView', value: { viewName: name(viewName, 'viewName') } },
      'dropGlobalTempView()',
      opts,
    );
  }

  /** Whether a table or view is cached. @example await spark.catalog.isCached('people') */
  async isCached(tableName: string, opts?: ActionOptions): Promise<boolean> {
    return this.bool(
      { case: 'isCached', value: { tableName: name(tableName, 'tableName') } },
      'isCached()',
      opts,
    );
  }

  /**
   * Caches a table or view (default storage level: MEMORY_AND_DISK).
   * @example await spark.catalog.cacheTable('people', StorageLevel.DISK_ONLY)
   */
  async cacheTable(
    tableName: string,
    storageLevel?: StorageLevel | StorageLevelName,
    opts?: ActionOptions,
  ): Promise<void> {
    const t = name(tableName, 'tableName');
    const level = storageLevel === undefined ? undefined : StorageLevel.of(storageLevel);
    await this.rows(
      {
        case: 'cacheTable',
        value: { tableName: t, ...(level === undefined ? {} : { storageLevel: level.toProto() }) },
      },
      opts,
    );
  }

  /** Removes a table or view from the cache. @example await spark.catalog.uncacheTable('people') */
  async uncacheTable(tableName: string, opts?: ActionOptions): Promise<void> {
    await this.rows({ case: 'uncacheTable', value: { tableName: name(tableName, 'tableName') } }, opts);
  }

  /** Removes everything from the cache. @example await spark.catalog.clearCache() */
  async clearCache(opts?: ActionOptions): Promise<void> {
    await this.rows({ case: 'clearCache', value: {} }, opts);
  }

  /** Invalidates and refreshes the cached data and metadata of a table. @example await spark.catalog.refreshTable('people') */
  async refreshTable(tableName: string, opts?: ActionOptions): Promise<void> {
    await this.rows({ case: 'refreshTable', value: { tableName: name(tableName, 'tableName') } }, opts);
  }

  /** Refreshes the cached data of every DataFrame reading a path. @example await spark.catalog.refreshByPath('/data/t') */
  async refreshByPath(path: string, opts?: ActionOptions): Promise<void> {
    await this.rows({ case: 'refreshByPath', value: { path: name(path, 'path') } }, opts);
  }

  /** Adds the partitions found under a partitioned table's location. @example await spark.catalog.recoverPartitions('t') */
  async recoverPartitions(tableName: string, opts?: ActionOptions): Promise<void> {
    await this.rows({ case: 'recoverPartitions', value: { tableName: name(tableName, 'tableName') } }, opts);
  }

  // ---- Spark 4.2+ --------------------------------------------------------------------------

  /** Drops a table (Spark 4.2+). @example await spark.catalog.dropTable('t', { ifExists: true }) */
  async dropTable(
    tableName: string,
    options: { ifExists?: boolean; purge?: boolean } = {},
    opts?: ActionOptions,
  ): Promise<void> {
    await this.featureRows(
      'catalogDropTable',
      {
        case: 'dropTable',
        value: {
          tableName: name(tableName, 'tableName'),
          ifExists: options.ifExists === true,
          purge: options.purge === true,
        },
      },
      opts,
    );
  }

  /** Drops a view (Spark 4.2+). @example await spark.catalog.dropView('v', { ifExists: true }) */
  async dropView(
    viewName: string,
    options: { ifExists?: boolean } = {},
    opts?: ActionOptions,
  ): Promise<void> {
    await this.featureRows(
      'catalogDropView',
      {
        case: 'dropView',
        value: { viewName: name(viewName, 'viewName'), ifExists: options.ifExists === true },
      },
      opts,
    );
  }

  /** Creates a database (Spark 4.2+). @example await spark.catalog.createDatabase('sales', { ifNotExists: true }) */
  async createDatabase(
    dbName: string,
    options: { ifNotExists?: boolean; properties?: Record<string, string> } = {},
    opts?: ActionOptions,
  ): Promise<void> {
    await this.featureRows(
      'catalogCreateDatabase',
      {
        case: 'createDatabase',
        value: {
          dbName: name(dbName, 'dbName'),
          ifNotExists: options.ifNotExists === true,
          properties: { ...(options.properties ?? {}) },
        },
      },
      opts,
    );
  }

  /** Drops a database (Spark 4.2+). @example await spark.catalog.dropDatabase('sales', { cascade: true }) */
  async dropDatabase(
    dbName: string,
    options: { ifExists?: boolean; cascade?: boolean } = {},
    opts?: ActionOptions,
  ): Promise<void> {
    await this.featureRows(
      'catalogDropDatabase',
      {
        case: 'dropDatabase',
        value: {
          dbName: name(dbName, 'dbName'),
          ifExists: options.ifExists === true,
          cascade: options.cascade === true,
        },
      },
      opts,
    );
  }

  /** The partitions of a partitioned table (Spark 4.2+). @example await spark.catalog.listPartitions('t') */
  async listPartitions(tableName: string, opts?: ActionOptions): Promise<TablePartition[]> {
    const rows = await this.featureRows(
      'catalogListPartitions',
      { case: 'listPartitions', value: { tableName: name(tableName, 'tableName') } },
      opts,
    );
    return rows.map((r) => ({ partition: String(r.get(0)) }));
  }

  /** The views of a database (Spark 4.2+). @example await spark.catalog.listViews() */
  async listViews(dbName?: string, pattern?: string, opts?: ActionOptions): Promise<CatalogTable[]> {
    this.session.requireFeature('catalogListViews');
    let db = optName(dbName, 'dbName');
    const p = optName(pattern, 'pattern');
    if (p !== undefined && db === undefined) db = await this.currentDatabase(opts);
    const rows = await this.featureRows(
      'catalogListViews',
      {
        case: 'listViews',
        value: { ...(db === undefined ? {} : { dbName: db }), ...(p === undefined ? {} : { pattern: p }) },
      },
      opts,
    );
    return rows.map(toTable);
  }

  /** A table's properties (Spark 4.2+). @example await spark.catalog.getTableProperties('t') */
  async getTableProperties(tableName: string, opts?: ActionOptions): Promise<Record<string, string>> {
    const rows = await this.featureRows(
      'catalogGetTableProperties',
      { case: 'getTableProperties', value: { tableName: name(tableName, 'tableName') } },
      opts,
    );
    return Object.fromEntries(rows.map((r) => [String(r.get(0)), String(r.get(1))]));
  }

  /** The `CREATE TABLE` statement of a table (Spark 4.2+). @example await spark.catalog.getCreateTableString('t') */
  async getCreateTableString(tableName: string, asSerde = false, opts?: ActionOptions): Promise<string> {
    const rows = await this.featureRows(
      'catalogGetCreateTableString',
      { case: 'getCreateTableString', value: { tableName: name(tableName, 'tableName'), asSerde } },
      opts,
    );
    return rows.length === 0 ? '' : String(rows[0].get(0));
  }

  /** Removes every row of a table (Spark 4.2+). @example await spark.catalog.truncateTable('t') */
  async truncateTable(tableName: string, opts?: ActionOptions): Promise<void> {
    await this.featureRows(
      'catalogTruncateTable',
      { case: 'truncateTable', value: { tableName: name(tableName, 'tableName') } },
      opts,
    );
  }

  /** Computes table statistics (Spark 4.2+). @example await spark.catalog.analyzeTable('t', true) */
  async analyzeTable(tableName: string, noScan = false, opts?: ActionOptions): Promise<void> {
    await this.featureRows(
      'catalogAnalyzeTable',
      { case: 'analyzeTable', value: { tableName: name(tableName, 'tableName'), noScan } },
      opts,
    );
  }
}
