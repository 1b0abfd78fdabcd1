import { DataFrame } from '../dataframe/dataframe.js';
import { DataSourceOptions, type OptionValue } from '../dataframe/options.js';
import {
  addOptions,
  CSV_OPTIONS,
  type CsvReadOptions,
  checkSchema,
  dataSourceNode,
  JSON_OPTIONS,
  type JsonReadOptions,
  ORC_OPTIONS,
  type OrcReadOptions,
  PARQUET_OPTIONS,
  type ParquetReadOptions,
  TEXT_OPTIONS,
  type TextReadOptions,
  XML_OPTIONS,
  type XmlReadOptions,
} from '../dataframe/reader.js';
import { node } from '../plan/nodes.js';
import type { SparkSession } from '../session/spark-session.js';
import type { StructType } from '../types/index.js';

/** Options every streaming file source takes besides its format's options. */
export interface StreamFileOptions {
  /** At most this many new files per micro-batch. */
  maxFilesPerTrigger?: number | string;
  /** At most this many new bytes per micro-batch (a soft limit). */
  maxBytesPerTrigger?: number | string;
  /** Process the newest files first. */
  latestFirst?: boolean | string;
  /** Identify new files by file name only, not full path. */
  fileNameOnly?: boolean | string;
  /** Ignore files older than this (e.g. `'7d'`) relative to the newest file. */
  maxFileAge?: string;
  /** What to do with processed files: `'archive'`, `'delete'` or `'off'`. */
  cleanSource?: 'archive' | 'delete' | 'off' | string;
  /** Where `cleanSource: 'archive'` moves processed files. */
  sourceArchiveDir?: string;
}
const STREAM_FILE_OPTIONS = [
  'maxFilesPerTrigger',
  'maxBytesPerTrigger',
  'latestFirst',
  'fileNameOnly',
  'maxFileAge',
  'cleanSource',
  'sourceArchiveDir',
];

/** `readStream.load()` options: the format, the schema, and data source options. */
export type StreamLoadOptions = { format?: string; schema?: StructType | string } & Record<
  string,
  OptionValue | StructType | null | undefined
>;

function checkPath(path: unknown, what: string): string {
  if (typeof path !== 'string' || path.trim().length === 0) {
    throw new TypeError(
      `${what} takes one non-empty path (a directory to watch), got ${JSON.stringify(path)}`,
    );
  }
  return path;
}

/**
 * Loads a streaming DataFrame from a streaming source: `spark.readStream`. Start a query on it
 * with `df.writeStream`. File sources need a schema (unless the server enables
 * `spark.sql.streaming.schemaInference`).
 *
 * @example
 * const lines = spark.readStream.schema('id INT, name STRING').json('/data/incoming');
 * const ticks = spark.readStream.format('rate').option('rowsPerSecond', 10).load();
 */
export class DataStreamReader extends DataSourceOptions {
  private source: string | undefined;
  private userSchema: StructType | string | undefined;
  private sourceName: string | undefined;

  /** @internal Use `spark.readStream`. */
  constructor(private readonly session: SparkSession) {
    super();
  }

  /**
   * Names the source (ASCII letters, digits and underscores), so its checkpoint state stays
   * attached to the name when the query's sources change (Spark 4.2+; older servers would ignore
   * it, so it throws UnsupportedServerVersionError). Applies to `load()` and the file formats.
   * @example spark.readStream.format('rate').name('ticks').load()
   */
  name(sourceName: string): this {
    if (typeof sourceName !== 'string') {
      throw new TypeError(`name() takes a source name string, got ${typeof sourceName}`);
    }
    if (!/^[A-Za-z0-9_]+$/.test(sourceName)) {
      throw new TypeError(
        `name() source name ${JSON.stringify(sourceName)} must contain only ASCII letters, digits and underscores`,
      );
    }
    this.session.requireFeature('readStreamName');
    this.sourceName = sourceName;
    return this;
  }

  private noSourceName(what: string): void {
    if (this.sourceName !== undefined) {
      throw new TypeError(
        `readStream.${what} cannot carry a source name (name('${this.sourceName}')); only load() and the file formats can`,
      );
    }
  }

  /** The source format (`rate`, `json`, `csv`, `parquet`, `kafka`, ...). @example spark.readStream.format('rate') */
  format(source: string): this {
    if (typeof source !== 'string' || source.length === 0)
      throw new TypeError('format() takes a format name');
    this.source = source;
    return this;
  }

  /**
   * The schema of the source, as a StructType or a DDL string.
   * @example spark.readStream.schema('id INT, name STRING').csv('/data/in')
   */
  schema(schema: StructType | string): this {
    this.userSchema = checkSchema(schema, 'schema()');
    return this;
  }

  /**
   * A streaming DataFrame of the source (the format set with `format()`, or Spark's default).
   * @example spark.readStream.load('/data/in', { format: 'json', schema: 'id INT' })
   */
  load(path?: string, options?: StreamLoadOptions): DataFrame {
    const paths = path === undefined ? [] : [checkPath(path, 'load()')];
    if (options !== undefined) {
      const { format, schema, ...rest } = options;
      if (format !== undefined) this.format(format);
      if (schema !== undefined) this.schema(schema);
      addOptions(this.opts, rest as Record<string, unknown>, 'load()');
    }
    const node = dataSourceNode(this.source, this.userSchema, this.opts, paths, {
      ...(this.sourceName === undefined ? {} : { sourceName: this.sourceName }),
    });
    return new DataFrame(this.session, node);
  }

  /** A streaming DataFrame of a table's new rows. @example spark.readStream.table('events') */
  table(tableName: string): DataFrame {
    if (typeof tableName !== 'string' || tableName.length === 0)
      throw new TypeError('table() takes a table name');
    this.noSourceName('table()');
    return new DataFrame(
      this.session,
      node({ kind: 'table', name: tableName, options: { ...this.opts }, isStreaming: true }),
    );
  }

  /**
   * A streaming DataFrame of a table's row-level changes (change data capture; Spark 4.2+, for
   * Data Source V2 tables whose catalog provides a changelog). Options such as the starting
   * version go through `option()`; a schema is not allowed. Older servers throw
   * UnsupportedServerVersionError.
   * @example spark.readStream.option('startingVersion', '10').changes('cat.db.events')
   */
  changes(tableName: string): DataFrame {
    if (typeof tableName !== 'string' || tableName.length === 0)
      throw new TypeError('changes() takes a table name');
    if (this.userSchema !== undefined) {
      throw new TypeError('readStream.changes() does not take a schema: the table defines it');
    }
    this.noSourceName('changes()');
    this.session.requireFeature('readStreamChanges');
    return new DataFrame(
      this.session,
      node({ kind: 'relationChanges', tableName, options: { ...this.opts }, isStreaming: true }),
    );
  }

  private file(
    format: string,
    path: string,
    options: Record<string, unknown> | undefined,
    known: readonly string[],
  ): DataFrame {
    const { schema, ...rest } = options ?? {};
    addOptions(this.opts, rest, `readStream.${format}()`, [...known, ...STREAM_FILE_OPTIONS]);
    if (schema !== undefined) this.schema(schema as StructType | string);
    return this.format(format).load(checkPath(path, `${format}()`));
  }

  /** New Parquet files in a directory. @example spark.readStream.schema('id INT').parquet('/data/in') */
  parquet(path: string, options?: ParquetReadOptions & StreamFileOptions): DataFrame {
    return this.file('parquet', path, options as Record<string, unknown>, PARQUET_OPTIONS);
  }

  /** New ORC files in a directory. @example spark.readStream.schema('id INT').orc('/data/in') */
  orc(path: string, options?: OrcReadOptions & StreamFileOptions): DataFrame {
    return this.file('orc', path, options as Record<string, unknown>, ORC_OPTIONS);
  }

  /** New text files in a directory: one string column `value`. @example spark.readStream.text('/logs') */
  text(path: string, options?: TextReadOptions & StreamFileOptions): DataFrame {
    return this.file('text', path, options as Record<string, unknown>, TEXT_OPTIONS);
  }

  /**
   * New CSV files in a directory.
   * @example spark.readStream.csv('/data/in', { schema: 'id INT, name STRING', header: true })
   */
  csv(path: string, options?: CsvReadOptions & StreamFileOptions): DataFrame {
    return this.file('csv', path, options as Record<string, unknown>, ['schema', ...CSV_OPTIONS]);
  }

  /**
   * New JSON Lines files in a directory.
   * @example spark.readStream.json('/data/in', { schema: 'id INT, name STRING' })
   */
  json(path: string, options?: JsonReadOptions & StreamFileOptions): DataFrame {
    return this.file('json', path, options as Record<string, unknown>, ['schema', ...JSON_OPTIONS]);
  }

  /**
   * New XML files in a directory (Spark 4.0+; older servers reject the format).
   * @example spark.readStream.xml('/data/in', { rowTag: 'book', schema: 'title STRING' })
   */
  xml(path: string, options?: XmlReadOptions & StreamFileOptions): DataFrame {
    return this.file('xml', path, options as Record<string, unknown>, ['schema', ...XML_OPTIONS]);
  }
}
