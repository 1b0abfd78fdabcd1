import { AnalysisException } from '../errors/spark-exceptions.js';
import { node, type PlanNode } from '../plan/nodes.js';
import type { SparkSession } from '../session/spark-session.js';
import { type DataType, parseDataType, StructType } from '../types/index.js';
import { DataFrame } from './dataframe.js';
import { type JdbcReadOptions, jdbcReadArgs } from './jdbc.js';
import { addOptions, DataSourceOptions, type OptionValue, requireName } from './options.js';

export { addOptions, type OptionsObject, type OptionValue, optionString } from './options.js';

/** A path or several paths. */
export type Paths = string | readonly string[];

/** Checks a path argument and returns the list of paths. */
export function pathList(paths: unknown, what: string): string[] {
  const list = typeof paths === 'string' ? [paths] : paths;
  if (!Array.isArray(list)) throw new TypeError(`${what} takes a path or an array of paths`);
  for (const p of list) {
    if (typeof p !== 'string' || p.length === 0)
      throw new TypeError(`${what} paths must be non-empty strings`);
  }
  return [...list];
}

const COMMON_FILE_OPTIONS = [
  'pathGlobFilter',
  'recursiveFileLookup',
  'modifiedBefore',
  'modifiedAfter',
] as const;

/** Options every file source takes (PySpark's keyword arguments). */
export interface FileReadOptions {
  pathGlobFilter?: string;
  recursiveFileLookup?: boolean | string;
  modifiedBefore?: string;
  modifiedAfter?: string;
}

/** `read.parquet()` options. */
export interface ParquetReadOptions extends FileReadOptions {
  mergeSchema?: boolean | string;
  datetimeRebaseMode?: 'EXCEPTION' | 'CORRECTED' | 'LEGACY' | string;
  int96RebaseMode?: 'EXCEPTION' | 'CORRECTED' | 'LEGACY' | string;
}
/** @internal */
export const PARQUET_OPTIONS = [
  'mergeSchema',
  'datetimeRebaseMode',
  'int96RebaseMode',
  ...COMMON_FILE_OPTIONS,
];

/** `read.orc()` options. */
export interface OrcReadOptions extends FileReadOptions {
  mergeSchema?: boolean | string;
}
/** @internal */
export const ORC_OPTIONS = ['mergeSchema', ...COMMON_FILE_OPTIONS];

/** `read.text()` options. */
export interface TextReadOptions extends FileReadOptions {
  wholetext?: boolean | string;
  lineSep?: string;
}
/** @internal */
export const TEXT_OPTIONS = ['wholetext', 'lineSep', ...COMMON_FILE_OPTIONS];

/** `read.csv()` options (PySpark's keyword arguments). */
export interface CsvReadOptions extends FileReadOptions {
  schema?: StructType | string;
  sep?: string;
  encoding?: string;
  quote?: string;
  escape?: string;
  comment?: string;
  header?: boolean | string;
  inferSchema?: boolean | string;
  ignoreLeadingWhiteSpace?: boolean | string;
  ignoreTrailingWhiteSpace?: boolean | string;
  nullValue?: string;
  nanValue?: string;
  positiveInf?: string;
  negativeInf?: string;
  dateFormat?: string;
  timestampFormat?: string;
  maxColumns?: number | string;
  maxCharsPerColumn?: number | string;
  maxMalformedLogPerPartition?: number | string;
  mode?: 'PERMISSIVE' | 'DROPMALFORMED' | 'FAILFAST' | string;
  columnNameOfCorruptRecord?: string;
  multiLine?: boolean | string;
  charToEscapeQuoteEscaping?: string;
  samplingRatio?: number | string;
  enforceSchema?: boolean | string;
  emptyValue?: string;
  locale?: string;
  lineSep?: string;
  unescapedQuoteHandling?: string;
}
/** @internal */
export const CSV_OPTIONS = [
  'sep',
  'encoding',
  'quote',
  'escape',
  'comment',
  'header',
  'inferSchema',
  'ignoreLeadingWhiteSpace',
  'ignoreTrailingWhiteSpace',
  'nullValue',
  'nanValue',
  'positiveInf',
  'negativeInf',
  'dateFormat',
  'timestampFormat',
  'maxColumns',
  'maxCharsPerColumn',
  'maxMalformedLogPerPartition',
  'mode',
  'columnNameOfCorruptRecord',
  'multiLine',
  'charToEscapeQuoteEscaping',
  'samplingRatio',
  'enforceSchema',
  'emptyValue',
  'locale',
  'lineSep',
  'unescapedQuoteHandling',
  ...COMMON_FILE_OPTIONS,
];

/** `read.json()` options (PySpark's keyword arguments). */
export interface JsonReadOptions extends FileReadOptions {
  schema?: StructType | string;
  primitivesAsString?: boolean | string;
  prefersDecimal?: boolean | string;
  allowComments?: boolean | string;
  allowUnquotedFieldNames?: boolean | string;
  allowSingleQuotes?: boolean | string;
  allowNumericLeadingZero?: boolean | string;
  allowBackslashEscapingAnyCharacter?: boolean | string;
  mode?: 'PERMISSIVE' | 'DROPMALFORMED' | 'FAILFAST' | string;
  columnNameOfCorruptRecord?: string;
  dateFormat?: string;
  timestampFormat?: string;
  multiLine?: boolean | string;
  allowUnquotedControlChars?: boolean | string;
  lineSep?: string;
  samplingRatio?: number | string;
  dropFieldIfAllNull?: boolean | string;
  encoding?: string;
  locale?: string;
  allowNonNumericNumbers?: boolean | string;
}
/** @internal */
export const JSON_OPTIONS = [
  'primitivesAsString',
  'prefersDecimal',
  'allowComments',
  'allowUnquotedFieldNames',
  'allowSingleQuotes',
  'allowNumericLeadingZero',
  'allowBackslashEscapingAnyCharacter',
  'mode',
  'columnNameOfCorruptRecord',
  'dateFormat',
  'timestampFormat',
  'multiLine',
  'allowUnquotedControlChars',
  'lineSep',
  'samplingRatio',
  'dropFieldIfAllNull',
  'encoding',
  'locale',
  'allowNonNumericNumbers',
  ...COMMON_FILE_OPTIONS,
];

/** `read.xml()` options (Spark 4.0+). */
export interface XmlReadOptions {
  schema?: StructType | string;
  rowTag?: string;
  excludeAttribute?: boolean | string;
  attributePrefix?: string;
  valueTag?: string;
  ignoreSurroundingSpaces?: boolean | string;
  rowValidationXSDPath?: string;
  ignoreNamespace?: boolean | string;
  wildcardColName?: string;
  encoding?: string;
  inferSchema?: boolean | string;
  nullValue?: string;
  dateFormat?: string;
  timestampFormat?: string;
  mode?: 'PERMISSIVE' | 'DROPMALFORMED' | 'FAILFAST' | string;
  columnNameOfCorruptRecord?: string;
  multiLine?: boolean | string;
  samplingRatio?: number | string;
  locale?: string;
}
/** @internal */
export const XML_OPTIONS = [
  'rowTag',
  'excludeAttribute',
  'attributePrefix',
  'valueTag',
  'ignoreSurroundingSpaces',
  'rowValidationXSDPath',
  'ignoreNamespace',
  'wildcardColName',
  'encoding',
  'inferSchema',
  'nullValue',
  'dateFormat',
  'timestampFormat',
  'mode',
  'columnNameOfCorruptRecord',
  'multiLine',
  'samplingRatio',
  'locale',
];

/** `load()` options: the format, the schema, and data source options. */
export type LoadOptions = { format?: string; schema?: StructType | string } & Record<
  string,
  OptionValue | StructType | null | undefined
>;

/** @internal Checks a schema argument: a StructType or a non-empty DDL string. */
export function checkSchema(schema: unknown, what: string): StructType | string {
  if (schema instanceof StructType) return schema;
  if (typeof schema === 'string' && schema.trim().length > 0) return schema;
  throw new TypeError(`${what} schema must be a StructType or a DDL string, got ${typeof schema}`);
}

/**
 * @internal The plan node of `load()` of the batch and the streaming readers: the format, the
 * user schema as DDL or JSON, a copy of the options, the paths, and the streaming parts.
 */
export function dataSourceNode(
  format: string | undefined,
  schema: StructType | string | undefined,
  options: Record<string, string>,
  paths: string[],
  streaming?: { sourceName?: string },
): PlanNode {
  return node({
    kind: 'readDataSource',
    ...(format === undefined ? {} : { format }),
    ...(schema === undefined ? {} : { schema: typeof schema === 'string' ? schema : schema.json() }),
    options: { ...options },
    paths,
    predicates: [],
    ...(streaming === undefined ? {} : { isStreaming: true }),
    ...(streaming?.sourceName === undefined ? {} : { sourceName: streaming.sourceName }),
  });
}

/**
 * Loads data from files, tables and other data sources: `spark.read`.
 *
 * @example
 * const df = spark.read.format('csv').option('header', true).schema('id INT, name STRING').load('/data/people.csv');
 * const people = spark.read.json('/data/people.json', { multiLine: true });
 */
export class DataFrameReader extends DataSourceOptions {
  private source: string | undefined;
  private userSchema: StructType | string | undefined;

  /** @internal Use `spark.read`. */
  constructor(private readonly session: SparkSession) {
    super();
  }

  /** The data source format (`parquet`, `csv`, `json`, `orc`, `text`, `xml`, `avro`, ...). @example spark.read.format('parquet') */
  format(source: string): this {
    this.source = requireName(source, 'format() takes a format name');
    return this;
  }

  /**
   * The schema, as a StructType or a DDL string; without it, sources that can infer one do.
   * @example spark.read.schema('id INT, name STRING').csv(path)
   */
  schema(schema: StructType | string): this {
    this.userSchema = checkSchema(schema, 'schema()');
    return this;
  }

  /**
   * Loads a data source (the format set with `format()` or Spark's default, `parquet`).
   * @example spark.read.load('/data/t.parquet'); spark.read.load(['/a.csv', '/b.csv'], { format: 'csv', header: true })
   */
  load(path?: Paths, options?: LoadOptions): DataFrame {
    const paths = path === undefined ? [] : pathList(path, 'load()');
    if (options !== undefined) {
      const { format, schema, ...rest } = options;
      if (format !== undefined) this.format(format);
      if (schema !== undefined) this.schema(schema);
      addOptions(this.opts, rest as Record<string, unknown>, 'load()');
    }
    return new DataFrame(this.session, dataSourceNode(this.source, this.userSchema, this.opts, paths));
  }

  /** Reads a table or view (with the options set on this reader). @example spark.read.table('people') */
  table(tableName: string): DataFrame {
    if (typeof tableName !== 'string' || tableName.length === 0)
      throw new TypeError('table() takes a table name');
    return new DataFrame(this.session, node({ kind: 'table', name: tableName, options: { ...this.opts } }));
  }

  /**
   * The row-level changes (change data capture) of a table, with this reader's options (e.g.
   * `startingVersion`, `endingVersion`). Spark 4.2+, for tables whose catalog provides a change
   * log; a schema set on the reader is an error, as in PySpark.
   * @example spark.read.option('startingVersion', '10').changes('events')
   */
  changes(tableName: string): DataFrame {
    if (typeof tableName !== 'string' || tableName.length === 0)
      throw new TypeError('changes() takes a table name');
    if (this.userSchema !== undefined) {
      throw new AnalysisException('User specified schema not supported with `changes`.', {
        errorClass: '_LEGACY_ERROR_TEMP_1189',
        messageParameters: { operation: 'changes' },
      });
    }
    this.session.requireFeature('readChanges');
    return new DataFrame(
      this.session,
      node({ kind: 'relationChanges', tableName, options: { ...this.opts } }),
    );
  }

  /**
   * Reads a database table (or a `(subquery) alias`) over JDBC: the `jdbc` source with the
   * options `url`, `dbtable` and the connection `properties`. One partition, or one per stride of
   * `column` between the bounds (all four of `column`, `lowerBound`, `upperBound`,
   * `numPartitions` together), or one per WHERE condition in `predicates`. The driver must be on
   * the server's classpath.
   * @example
   * spark.read.jdbc('jdbc:postgresql://db/shop', 'orders', {
   *   column: 'id', lowerBound: 1, upperBound: 100000, numPartitions: 8,
   *   properties: { user: 'spark', password: 'secret', fetchsize: 1000 },
   * });
   */
  jdbc(url: string, table: string, options?: JdbcReadOptions): DataFrame {
    const args = jdbcReadArgs(url, table, options);
    Object.assign(this.opts, args.options);
    this.format('jdbc');
    if (args.predicates === undefined) return this.load();
    const schema = this.userSchema;
    return new DataFrame(
      this.session,
      node({
        kind: 'readDataSource',
        format: 'jdbc',
        ...(schema === undefined ? {} : { schema: typeof schema === 'string' ? schema : schema.json() }),
        options: { ...this.opts },
        paths: [],
        predicates: args.predicates,
      }),
    );
  }

  /**
   * Reads Parquet files; an options object may follow the paths.
   * @example spark.read.parquet('/data/a.parquet', '/data/b.parquet', { mergeSchema: true })
   */
  parquet(...args: (string | ParquetReadOptions)[]): DataFrame {
    const last = args[args.length - 1];
    const options =
      last !== undefined && typeof last === 'object' ? (args.pop() as ParquetReadOptions) : undefined;
    addOptions(this.opts, options as Record<string, unknown>, 'parquet()', PARQUET_OPTIONS);
    return this.format('parquet').load(pathList(args, 'parquet()'));
  }

  /** Reads ORC files. @example spark.read.orc('/data/t.orc') */
  orc(path: Paths, options?: OrcReadOptions): DataFrame {
    addOptions(this.opts, options as Record<string, unknown>, 'orc()', ORC_OPTIONS);
    return this.format('orc').load(pathList(path, 'orc()'));
  }

  /** Reads text files: one string column `value`, one row per line. @example spark.read.text('/logs/*.log') */
  text(path: Paths, options?: TextReadOptions): DataFrame {
    addOptions(this.opts, options as Record<string, unknown>, 'text()', TEXT_OPTIONS);
    return this.format('text').load(pathList(path, 'text()'));
  }

  /**
   * Reads CSV files, or parses the single string column of a DataFrame as CSV lines.
   * @example spark.read.csv('/data/people.csv', { header: true, inferSchema: true })
   */
  csv(path: Paths | DataFrame, options?: CsvReadOptions): DataFrame {
    return this.textFormat('csv', path, options, CSV_OPTIONS);
  }

  /**
   * Reads JSON Lines files (or multi-line JSON with `multiLine: true`), or parses a DataFrame's
   * single string column as JSON.
   * @example spark.read.json('/data/people.json', { schema: 'name STRING, age INT' })
   */
  json(path: Paths | DataFrame, options?: JsonReadOptions): DataFrame {
    return this.textFormat('json', path, options, JSON_OPTIONS);
  }

  /**
   * Reads XML files (Spark 4.0+; older servers reject the format), or parses a DataFrame's single
   * string column as XML.
   * @example spark.read.xml('/data/books.xml', { rowTag: 'book' })
   */
  xml(path: Paths | DataFrame, options?: XmlReadOptions): DataFrame {
    return this.textFormat('xml', path, options, XML_OPTIONS);
  }

  private textFormat(
    format: 'csv' | 'json' | 'xml',
    path: Paths | DataFrame,
    options: { schema?: StructType | string } | undefined,
    known: readonly string[],
  ): DataFrame {
    const { schema, ...rest } = options ?? {};
    addOptions(this.opts, rest as Record<string, unknown>, `${format}()`, known);
    if (schema !== undefined) this.schema(schema);
    if (path instanceof DataFrame) {
      let parsed: DataType | undefined;
      const s = this.userSchema;
      if (s !== undefined) parsed = typeof s === 'string' ? parseDataType(s) : s;
      return path.withPlan({
        kind: 'parse',
        input: path.plan,
        format,
        ...(parsed === undefined ? {} : { schema: parsed }),
        options: { ...this.opts },
      });
    }
    return this.format(format).load(pathList(path, `${format}()`));
  }
}
