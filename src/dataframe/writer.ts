/**
 * `df.write`: DataFrameWriter (WriteOperation command), the temporary view commands
 * (CreateDataFrameViewCommand), and the helper that runs a command built from a DataFrame.
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { newResultState, type ResultState, readArrowBatches } from '../client/results.js';
import { PlanSchema } from '../gen/spark/connect/base_pb.js';
import type { CommandSchema } from '../gen/spark/connect/commands_pb.js';
import {
  WriteOperation_SaveMode,
  WriteOperation_SaveTable_TableSaveMethod,
} from '../gen/spark/connect/commands_pb.js';
import type { Relation } from '../gen/spark/connect/relations_pb.js';
import { lowerPlan } from '../plan/lower.js';
import type { ActionOptions } from './core.js';
import type { DataFrame } from './dataframe.js';
import { type JdbcWriteOptions, jdbcWriteArgs } from './jdbc.js';
import { addOptions, columnNames, DataSourceOptions, type OptionValue, requireName } from './options.js';

type CommandType = MessageInitShape<typeof CommandSchema>['commandType'];

/**
 * Runs a command built from a DataFrame's (prepared, lowered) plan and waits for it to finish.
 * Observations of the plan receive their metrics; resolves with what the stream told. @internal
 */
export async function runCommand(
  df: DataFrame,
  build: (input: Relation) => CommandType,
  opts?: ActionOptions,
): Promise<ResultState> {
  const plan = await df.preparedPlan(df.plan, opts);
  const proto = create(PlanSchema, {
    opType: { case: 'command', value: { commandType: build(lowerPlan(plan)) } },
  });
  const state = newResultState();
  for await (const _ of readArrowBatches(df.sparkSession.execute(proto, opts), state)) {
    // Commands answer without rows.
  }
  df.onActionComplete(plan, state);
  return state;
}

/** Creates a temporary view of a DataFrame (CreateDataFrameViewCommand). @internal */
export async function createView(
  df: DataFrame,
  name: string,
  global: boolean,
  replace: boolean,
  opts?: ActionOptions,
): Promise<void> {
  if (typeof name !== 'string' || name.length === 0)
    throw new TypeError('A view name must be a non-empty string');
  await runCommand(
    df,
    (input) => ({ case: 'createDataframeView', value: { input, name, isGlobal: global, replace } }),
    opts,
  );
}

/** Save modes (case-insensitive). `error`, `errorifexists` and `default` fail when data exists. */
export type SaveMode = 'append' | 'overwrite' | 'error' | 'errorifexists' | 'ignore' | 'default';

const SAVE_MODES: Record<SaveMode, WriteOperation_SaveMode> = {
  append: WriteOperation_SaveMode.APPEND,
  overwrite: WriteOperation_SaveMode.OVERWRITE,
  error: WriteOperation_SaveMode.ERROR_IF_EXISTS,
  errorifexists: WriteOperation_SaveMode.ERROR_IF_EXISTS,
  default: WriteOperation_SaveMode.ERROR_IF_EXISTS,
  ignore: WriteOperation_SaveMode.IGNORE,
};

/** The proto save mode of a mode name. @throws TypeError naming the valid modes */
export function parseSaveMode(mode: unknown): WriteOperation_SaveMode {
  const key = typeof mode === 'string' ? mode.toLowerCase() : undefined;
  if (key === undefined || !Object.hasOwn(SAVE_MODES, key)) {
    throw new TypeError(
      `Unknown save mode ${JSON.stringify(mode)}; use one of append, overwrite, error, errorifexists, ignore`,
    );
  }
  return SAVE_MODES[key as SaveMode];
}

/** Options of `save()` / `saveAsTable()`: format, mode, partitioning and data source options. */
export type SaveOptions = {
  format?: string;
  mode?: SaveMode;
  partitionBy?: string | readonly string[];
} & Record<string, OptionValue | readonly string[] | null | undefined>;

/** Options of `write.parquet()` / `write.orc()`. */
export interface ParquetWriteOptions {
  mode?: SaveMode;
  partitionBy?: string | readonly string[];
  compression?: string;
}

/** Options of `write.csv()` (PySpark's keyword arguments). */
export interface CsvWriteOptions {
  mode?: SaveMode;
  compression?: string;
  sep?: string;
  quote?: string;
  escape?: string;
  header?: boolean | string;
  nullValue?: string;
  escapeQuotes?: boolean | string;
  quoteAll?: boolean | string;
  dateFormat?: string;
  timestampFormat?: string;
  ignoreLeadingWhiteSpace?: boolean | string;
  ignoreTrailingWhiteSpace?: boolean | string;
  charToEscapeQuoteEscaping?: string;
  encoding?: string;
  emptyValue?: string;
  lineSep?: string;
}

/** Options of `write.json()`. */
export interface JsonWriteOptions {
  mode?: SaveMode;
  compression?: string;
  dateFormat?: string;
  timestampFormat?: string;
  lineSep?: string;
  encoding?: string;
  ignoreNullFields?: boolean | string;
}

/** Options of `write.text()`. */
export interface TextWriteOptions {
  mode?: SaveMode;
  compression?: string;
  lineSep?: string;
}

/** Options of `write.xml()` (Spark 4.0+). */
export interface XmlWriteOptions {
  mode?: SaveMode;
  rowTag?: string;
  attributePrefix?: string;
  valueTag?: string;
  rootTag?: string;
  declaration?: boolean | string;
  arrayElementName?: string;
  nullValue?: string;
  dateFormat?: string;
  timestampFormat?: string;
  compression?: string;
  encoding?: string;
  validateName?: boolean | string;
}

/** The options of `write.parquet()` and `write.orc()`. */
const COLUMNAR_WRITE = ['partitionBy', 'compression'];

const CSV_WRITE = [
  'compression',
  'sep',
  'quote',
  'escape',
  'header',
  'nullValue',
  'escapeQuotes',
  'quoteAll',
  'dateFormat',
  'timestampFormat',
  'ignoreLeadingWhiteSpace',
  'ignoreTrailingWhiteSpace',
  'charToEscapeQuoteEscaping',
  'encoding',
  'emptyValue',
  'lineSep',
];
const JSON_WRITE = [
  'compression',
  'dateFormat',
  'timestampFormat',
  'lineSep',
  'encoding',
  'ignoreNullFields',
];
const XML_WRITE = [
  'rowTag',
  'attributePrefix',
  'valueTag',
  'rootTag',
  'declaration',
  'arrayElementName',
  'nullValue',
  'dateFormat',
  'timestampFormat',
  'compression',
  'encoding',
  'validateName',
];

/**
 * Writes a DataFrame to files, tables and other data sources: `df.write`. Configure with the
 * builder methods, then run with `save`, `saveAsTable`, `insertInto` or a format shortcut.
 *
 * @example
 * await df.write.mode('overwrite').partitionBy('year').parquet('/data/out');
 * await df.write.format('json').option('compression', 'gzip').save('/data/json');
 * await df.write.saveAsTable('people', { mode: 'append' });
 */
export class DataFrameWriter extends DataSourceOptions {
  private source: string | undefined;
  private saveMode: WriteOperation_SaveMode = WriteOperation_SaveMode.UNSPECIFIED;
  private partitioning: string[] = [];
  private clustering: string[] = [];
  private bucketing: { numBuckets: number; columns: string[] } | undefined;
  private sorting: string[] = [];

  /** @internal Use `df.write`. */
  constructor(private readonly df: DataFrame) {
    super();
  }

  /**
   * What to do when data already exists: `append`, `overwrite`, `error` / `errorifexists`
   * (the default: fail), or `ignore` (do nothing). Other values throw a TypeError.
   * @example df.write.mode('append')
   */
  mode(saveMode: SaveMode): this {
    this.saveMode = parseSaveMode(saveMode);
    return this;
  }

  /** The output format (`parquet`, `csv`, `json`, `orc`, `text`, ...). @example df.write.format('orc') */
  format(source: string): this {
    this.source = requireName(source, 'format() takes a format name');
    return this;
  }

  /** Partitions the output by columns (one directory per value). @example df.write.partitionBy('year', 'month') */
  partitionBy(...cols: (string | readonly string[])[]): this {
    this.partitioning = columnNames(cols, 'partitionBy()');
    return this;
  }

  /**
   * Buckets the output by columns into `numBuckets` buckets (tables only: `saveAsTable`).
   * @example df.write.bucketBy(4, 'id').sortBy('id').saveAsTable('t')
   */
  bucketBy(numBuckets: number, col: string | readonly string[], ...cols: string[]): this {
    if (
      typeof numBuckets !== 'number' ||
      !Number.isInteger(numBuckets) ||
      numBuckets <= 0 ||
      numBuckets > 2147483647
    ) {
      throw new TypeError(`bucketBy() numBuckets must be a positive integer, got ${String(numBuckets)}`);
    }
    const columns = columnNames([col, ...cols], 'bucketBy()');
    if (columns.length === 0) throw new TypeError('bucketBy() needs at least one column');
    this.bucketing = { numBuckets, columns };
    return this;
  }

  /** Sorts the rows of each bucket (with `bucketBy`). @example df.write.bucketBy(2, 'k').sortBy('v') */
  sortBy(col: string | readonly string[], ...cols: string[]): this {
    this.sorting = columnNames([col, ...cols], 'sortBy()');
    if (this.sorting.length === 0) throw new TypeError('sortBy() needs at least one column');
    return this;
  }

  /** Clusters the table's data by columns (Spark 4.0+). @example df.write.clusterBy('id').saveAsTable('t') */
  clusterBy(...cols: (string | readonly string[])[]): this {
    this.clustering = columnNames(cols, 'clusterBy()');
    if (this.clustering.length === 0) throw new TypeError('clusterBy() needs at least one column');
    return this;
  }

  private applySaveOptions(options: SaveOptions | undefined, what: string): void {
    if (options === undefined) return;
    const { format, mode, partitionBy, ...rest } = options;
    if (mode !== undefined && mode !== null) this.mode(mode);
    if (format !== undefined && format !== null) this.format(format);
    if (partitionBy !== undefined && partitionBy !== null) this.partitionBy(partitionBy);
    addOptions(this.opts, rest as Record<string, unknown>, what);
  }

  private async run(
    target: { path?: string; table?: { name: string; method: WriteOperation_SaveTable_TableSaveMethod } },
    opts?: ActionOptions,
  ): Promise<void> {
    if (this.clustering.length > 0) this.df.sparkSession.requireFeature('writerClusterBy');
    const saveType =
      target.table !== undefined
        ? { case: 'table' as const, value: { tableName: target.table.name, saveMethod: target.table.method } }
        : target.path !== undefined
          ? { case: 'path' as const, value: target.path }
          : { case: undefined };
    await runCommand(
      this.df,
      (input) => ({
        case: 'writeOperation',
        value: {
          input,
          ...(this.source === undefined ? {} : { source: this.source }),
          saveType,
          mode: this.saveMode,
          sortColumnNames: this.sorting,
          partitioningColumns: this.partitioning,
          clusteringColumns: this.clustering,
          ...(this.bucketing === undefined
            ? {}
            : {
                bucketBy: {
                  bucketColumnNames: this.bucketing.columns,
                  numBuckets: this.bucketing.numBuckets,
                },
              }),
          options: { ...this.opts },
        },
      }),
      opts,
    );
  }

  /**
   * Writes to a path (or, without one, to the destination the options name, e.g. `noop`).
   * @example await df.write.format('parquet').mode('overwrite').save('/data/out')
   */
  async save(path?: string, options?: SaveOptions, opts?: ActionOptions): Promise<void> {
    if (path !== undefined && (typeof path !== 'string' || path.length === 0)) {
      throw new TypeError('save() path must be a non-empty string');
    }
    this.applySaveOptions(options, 'save()');
    await this.run(path === undefined ? {} : { path }, opts);
  }

  /**
   * Saves as a table (created when missing; with `append` / `overwrite` / `ignore` / `error`
   * semantics when it exists).
   * @example await df.write.mode('overwrite').saveAsTable('people')
   */
  async saveAsTable(name: string, options?: SaveOptions, opts?: ActionOptions): Promise<void> {
    if (typeof name !== 'string' || name.length === 0)
      throw new TypeError('saveAsTable() takes a table name');
    this.applySaveOptions(options, 'saveAsTable()');
    await this.run({ table: { name, method: WriteOperation_SaveTable_TableSaveMethod.SAVE_AS_TABLE } }, opts);
  }

  /**
   * Inserts into an existing table, matching columns by position; `overwrite` replaces its data.
   * @example await df.write.insertInto('people'); await df.write.insertInto('people', true)
   */
  async insertInto(tableName: string, overwrite?: boolean, opts?: ActionOptions): Promise<void> {
    if (typeof tableName !== 'string' || tableName.length === 0)
      throw new TypeError('insertInto() takes a table name');
    if (overwrite !== undefined) {
      if (typeof overwrite !== 'boolean') throw new TypeError('insertInto() overwrite must be a boolean');
      this.mode(overwrite ? 'overwrite' : 'append');
    }
    await this.run(
      { table: { name: tableName, method: WriteOperation_SaveTable_TableSaveMethod.INSERT_INTO } },
      opts,
    );
  }

  private async shortcut(
    format: string,
    path: string,
    options: Record<string, unknown> | undefined,
    known: readonly string[],
    opts: ActionOptions | undefined,
  ): Promise<void> {
    const { mode, partitionBy, ...rest } = options ?? {};
    if (mode !== undefined && mode !== null) this.mode(mode as SaveMode);
    if (partitionBy !== undefined && partitionBy !== null) {
      if (!known.includes('partitionBy')) throw new TypeError(`${format}() has no option 'partitionBy'`);
      this.partitionBy(partitionBy as string | readonly string[]);
    }
    addOptions(
      this.opts,
      rest,
      `write.${format}()`,
      known.filter((k) => k !== 'partitionBy'),
    );
    if (typeof path !== 'string' || path.length === 0) throw new TypeError(`${format}() takes a path`);
    this.format(format);
    await this.run({ path }, opts);
  }

  /** Writes Parquet files. @example await df.write.parquet('/out', { mode: 'overwrite', compression: 'zstd' }) */
  parquet(path: string, options?: ParquetWriteOptions, opts?: ActionOptions): Promise<void> {
    return this.shortcut('parquet', path, options as Record<string, unknown>, COLUMNAR_WRITE, opts);
  }

  /** Writes ORC files. @example await df.write.orc('/out', { mode: 'overwrite' }) */
  orc(path: string, options?: ParquetWriteOptions, opts?: ActionOptions): Promise<void> {
    return this.shortcut('orc', path, options as Record<string, unknown>, COLUMNAR_WRITE, opts);
  }

  /** Writes CSV files. @example await df.write.csv('/out', { header: true, mode: 'overwrite' }) */
  csv(path: string, options?: CsvWriteOptions, opts?: ActionOptions): Promise<void> {
    return this.shortcut('csv', path, options as Record<string, unknown>, CSV_WRITE, opts);
  }

  /** Writes JSON Lines files. @example await df.write.json('/out', { mode: 'append' }) */
  json(path: string, options?: JsonWriteOptions, opts?: ActionOptions): Promise<void> {
    return this.shortcut('json', path, options as Record<string, unknown>, JSON_WRITE, opts);
  }

  /** Writes text files (one string column). @example await df.write.text('/out') */
  text(path: string, options?: TextWriteOptions, opts?: ActionOptions): Promise<void> {
    return this.shortcut('text', path, options as Record<string, unknown>, ['compression', 'lineSep'], opts);
  }

  /** Writes XML files (Spark 4.0+). @example await df.write.xml('/out', { rowTag: 'row' }) */
  xml(path: string, options?: XmlWriteOptions, opts?: ActionOptions): Promise<void> {
    return this.shortcut('xml', path, options as Record<string, unknown>, XML_WRITE, opts);
  }

  /**
   * Writes to a database table over JDBC: the `jdbc` source with the options `url`, `dbtable`
   * and the connection `properties`. The table is created when missing; when it exists, `mode`
   * decides (`error` by default). The driver must be on the server's classpath.
   * @example
   * await df.write.jdbc('jdbc:postgresql://db/shop', 'orders', {
   *   mode: 'append',
   *   properties: { user: 'spark', password: 'secret', batchsize: 500 },
   * });
   */
  async jdbc(url: string, table: string, options?: JdbcWriteOptions, opts?: ActionOptions): Promise<void> {
    const args = jdbcWriteArgs(url, table, options);
    if (args.mode !== undefined) this.mode(args.mode);
    Object.assign(this.opts, args.options);
    this.format('jdbc');
    await this.run({}, opts);
  }
}
