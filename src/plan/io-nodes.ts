/**
 * Plan nodes for data sources and local data: file/format reads, local relations (inline Arrow
 * data), cached local relations (data uploaded as an artifact), parsing of a string column
 * (csv/json/xml of a DataFrame) and catalog queries. Lowered by `lowerIoPlan` in `io-lower.ts`;
 * `lower.ts` delegates these kinds there. Named tables are the core `table` kind.
 */
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { CatalogSchema } from '../gen/spark/connect/catalog_pb.js';
import type { DataType } from '../types/index.js';
import type { PlanNode } from './nodes.js';

/** The text formats `Parse` understands. */
export type ParseFormat = 'csv' | 'json' | 'xml';

export type IoPlanBody =
  /** `spark.read...load()`: a data source with options and paths. */
  | {
      kind: 'readDataSource';
      format?: string;
      /** DDL or JSON schema string. */
      schema?: string;
      options: Record<string, string>;
      paths: string[];
      predicates: string[];
      /** `spark.readStream...load()`: a streaming source. */
      isStreaming?: boolean;
      /** `spark.readStream.name(n)` (Spark 4.2+): the streaming source's name. */
      sourceName?: string;
    }
  /** Local data: an Arrow IPC stream and/or a schema (DDL or JSON string). */
  | { kind: 'localRelation'; data?: Uint8Array; schema?: string }
  /** Local data uploaded as the artifact `cache/<hash>` (the serialized LocalRelation). */
  | { kind: 'cachedLocalRelation'; hash: string }
  /**
   * Local data uploaded in chunks (Spark 4.1+): each chunk an Arrow IPC stream cached as
   * `cache/<hash>`, and the schema (a UTF-8 JSON string) as `cache/<schemaHash>`.
   */
  | { kind: 'chunkedCachedLocalRelation'; dataHashes: readonly string[]; schemaHash: string }
  /** `spark.read.csv(df)` / `json(df)`: parses the single string column of `input`. */
  | {
      kind: 'parse';
      input: PlanNode;
      format: ParseFormat;
      schema?: DataType;
      options: Record<string, string>;
    }
  /** A catalog query (spark.catalog.*), executed and collected as rows. */
  | { kind: 'catalog'; catalog: MessageInitShape<typeof CatalogSchema> };

export type IoPlanKind = IoPlanBody['kind'];

/** Every IO kind, for the type guard in lower.ts. Add each new kind here too. */
export const IO_PLAN_KINDS: ReadonlySet<string> = new Set<IoPlanKind>([
  'readDataSource',
  'localRelation',
  'cachedLocalRelation',
  'chunkedCachedLocalRelation',
  'parse',
  'catalog',
]);
