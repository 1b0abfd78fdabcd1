/** `df.writeTo(table)`: DataFrameWriterV2 (WriteOperationV2 command), like PySpark's. */
import { Column } from '../column/column.js';
import { lowerExpr } from '../column/lower.js';
import type { ExprNode } from '../column/nodes.js';
import { type ColumnOrName, colNode } from '../functions/index.js';
import { WriteOperationV2_Mode } from '../gen/spark/connect/commands_pb.js';
import type { ActionOptions } from './core.js';
import type { DataFrame } from './dataframe.js';
import { DataSourceOptions, requireName } from './options.js';
import { runCommand } from './writer.js';

/**
 * Writes a DataFrame to a table through the v2 table API: `df.writeTo('catalog.db.table')`.
 *
 * @example
 * await df.writeTo('events').using('parquet').partitionedBy(col('day')).createOrReplace();
 * await more.writeTo('events').append();
 */
export class DataFrameWriterV2 extends DataSourceOptions {
  private provider: string | undefined;
  private readonly properties: Record<string, string> = {};
  private partitioning: ExprNode[] = [];
  private clustering: string[] = [];

  /** @internal Use `df.writeTo(table)`. */
  constructor(
    private readonly df: DataFrame,
    private readonly table: string,
  ) {
    super();
    requireName(table, 'writeTo() takes a table name');
  }

  /** The table provider (format) for create / replace, e.g. `parquet`. @example df.writeTo('t').using('parquet') */
  using(provider: string): this {
    this.provider = requireName(provider, 'using() takes a provider name');
    return this;
  }

  /** A table property for create / replace. @example df.writeTo('t').tableProperty('owner', 'me') */
  tableProperty(property: string, value: string): this {
    if (typeof property !== 'string' || property.length === 0)
      throw new TypeError('tableProperty() takes a name');
    if (typeof value !== 'string') throw new TypeError(`tableProperty('${property}') value must be a string`);
    this.properties[property] = value;
    return this;
  }

  /**
   * Partitions the created table by columns or partition transforms (`years(col('ts'))`, ...).
   * @example df.writeTo('t').partitionedBy('country', F.days(col('ts')))
   */
  partitionedBy(col: ColumnOrName, ...cols: ColumnOrName[]): this {
    this.partitioning = [col, ...cols].map((c) => {
      if (typeof c !== 'string' && !(c instanceof Column)) {
        throw new TypeError('partitionedBy() takes Columns or column names');
      }
      return colNode(c);
    });
    return this;
  }

  /** Clusters the created table by columns (Spark 4.0+). @example df.writeTo('t').clusterBy('id') */
  clusterBy(col: string, ...cols: string[]): this {
    const all = [col, ...cols];
    for (const c of all)
      if (typeof c !== 'string' || c.length === 0) throw new TypeError('clusterBy() takes column names');
    this.clustering = all;
    return this;
  }

  private async run(
    mode: WriteOperationV2_Mode,
    condition: ExprNode | undefined,
    opts?: ActionOptions,
  ): Promise<void> {
    if (this.clustering.length > 0) this.df.sparkSession.requireFeature('writerV2ClusterBy');
    await runCommand(
      this.df,
      (input) => ({
        case: 'writeOperationV2',
        value: {
          input,
          tableName: this.table,
          ...(this.provider === undefined ? {} : { provider: this.provider }),
          partitioningColumns: this.partitioning.map(lowerExpr),
          options: { ...this.opts },
          tableProperties: { ...this.properties },
          mode,
          ...(condition === undefined ? {} : { overwriteCondition: lowerExpr(condition) }),
          clusteringColumns: this.clustering,
        },
      }),
      opts,
    );
  }

  /** Creates the table with the DataFrame's data; fails if it exists. @example await df.writeTo('t').using('parquet').create() */
  create(opts?: ActionOptions): Promise<void> {
    return this.run(WriteOperationV2_Mode.CREATE, undefined, opts);
  }

  /** Replaces the table's definition and data; fails if it does not exist. @example await df.writeTo('t').replace() */
  replace(opts?: ActionOptions): Promise<void> {
    return this.run(WriteOperationV2_Mode.REPLACE, undefined, opts);
  }

  /** Creates the table, or replaces it when it exists. @example await df.writeTo('t').using('parquet').createOrReplace() */
  createOrReplace(opts?: ActionOptions): Promise<void> {
    return this.run(WriteOperationV2_Mode.CREATE_OR_REPLACE, undefined, opts);
  }

  /** Appends the rows to the existing table. @example await df.writeTo('t').append() */
  append(opts?: ActionOptions): Promise<void> {
    return this.run(WriteOperationV2_Mode.APPEND, undefined, opts);
  }

  /**
   * Replaces the rows matching `condition` with the DataFrame's rows (tables that support
   * overwrite by filter).
   * @example await df.writeTo('t').overwrite(col('day').eq('2024-01-01'))
   */
  overwrite(condition: ColumnOrName, opts?: ActionOptions): Promise<void> {
    if (typeof condition !== 'string' && !(condition instanceof Column)) {
      throw new TypeError('overwrite() takes a condition Column');
    }
    return this.run(WriteOperationV2_Mode.OVERWRITE, colNode(condition), opts);
  }

  /** Replaces every partition the DataFrame has rows for (dynamic partition overwrite). @example await df.writeTo('t').overwritePartitions() */
  overwritePartitions(opts?: ActionOptions): Promise<void> {
    return this.run(WriteOperationV2_Mode.OVERWRITE_PARTITIONS, undefined, opts);
  }
}
