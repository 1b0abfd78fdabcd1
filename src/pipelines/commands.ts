/**
 * Spark Declarative Pipelines commands (Spark 4.1+), lowered to proto Plans in this one place:
 * every `PipelineCommand` case the client sends is a variant of `PipelineCommandSpec`, and the
 * `Record` of lowerings below cannot compile with a variant unhandled.
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { type Plan, PlanSchema } from '../gen/spark/connect/base_pb.js';
import {
  OutputType,
  type PipelineCommand,
  type PipelineCommand_DefineOutputSchema,
  PipelineCommandSchema,
} from '../gen/spark/connect/pipelines_pb.js';
import type { Relation } from '../gen/spark/connect/relations_pb.js';
import { StructType } from '../types/index.js';
import { toProtoDataType } from '../types/proto.js';

/** The kinds of dataset a pipeline defines (PySpark's output classes). */
export type OutputKind = 'materializedView' | 'streamingTable' | 'temporaryView' | 'sink';

/** Options of a stored dataset (materialized view or streaming table), as PySpark names them. */
export interface TableOptions {
  /** A description of the dataset. */
  comment?: string;
  /** Table properties. */
  tableProperties?: Record<string, string>;
  /** Partition columns. */
  partitionCols?: readonly string[];
  /** Clustering columns. */
  clusterBy?: readonly string[];
  /** The table schema: a StructType or a DDL string (`'id BIGINT, name STRING'`). */
  schema?: StructType | string;
  /** The table format (e.g. `'parquet'`); the server's default otherwise. */
  format?: string;
}

/** One pipeline command, before lowering. */
export type PipelineCommandSpec =
  | {
      kind: 'createGraph';
      defaultCatalog?: string;
      defaultDatabase?: string;
      sqlConf: Record<string, string>;
    }
  | { kind: 'dropGraph'; graphId: string }
  /** A Spark Connect plugin's pipeline command (a google.protobuf.Any). */
  | { kind: 'extension'; typeUrl: string; value: Uint8Array }
  | {
      kind: 'defineOutput';
      graphId: string;
      name: string;
      output: OutputKind;
      table?: TableOptions;
      comment?: string;
      sink?: { format: string; options: Record<string, string> };
    }
  | {
      kind: 'defineFlow';
      graphId: string;
      name: string;
      target: string;
      relation: Relation;
      sqlConf: Record<string, string>;
    }
  | { kind: 'defineSql'; graphId: string; sqlText: string; filePath: string }
  | {
      kind: 'startRun';
      graphId: string;
      storage: string;
      fullRefresh: readonly string[];
      fullRefreshAll: boolean;
      refresh: readonly string[];
      dry: boolean;
    };

type Lowering = {
  [K in PipelineCommandSpec['kind']]: (spec: Extract<PipelineCommandSpec, { kind: K }>) => PipelineCommand;
};

const OUTPUT_TYPES: Record<OutputKind, OutputType> = {
  materializedView: OutputType.MATERIALIZED_VIEW,
  streamingTable: OutputType.TABLE,
  temporaryView: OutputType.TEMPORARY_VIEW,
  sink: OutputType.SINK,
};

type CommandInit = MessageInitShape<typeof PipelineCommandSchema>['commandType'];

function pipelineCommand(commandType: CommandInit): PipelineCommand {
  return create(PipelineCommandSchema, { commandType });
}

function defineOutput(
  spec: Extract<PipelineCommandSpec, { kind: 'defineOutput' }>,
): MessageInitShape<typeof PipelineCommand_DefineOutputSchema> {
  const out: MessageInitShape<typeof PipelineCommand_DefineOutputSchema> = {
    dataflowGraphId: spec.graphId,
    outputName: spec.name,
    outputType: OUTPUT_TYPES[spec.output],
  };
  const comment = spec.table?.comment ?? spec.comment;
  if (comment !== undefined) out.comment = comment;
  if (spec.output === 'materializedView' || spec.output === 'streamingTable') {
    const t = spec.table ?? {};
    out.details = {
      case: 'tableDetails',
      value: {
        tableProperties: { ...(t.tableProperties ?? {}) },
        partitionCols: [...(t.partitionCols ?? [])],
        clusteringColumns: [...(t.clusterBy ?? [])],
        ...(t.format === undefined ? {} : { format: t.format }),
        schema:
          t.schema === undefined
            ? { case: undefined }
            : typeof t.schema === 'string'
              ? { case: 'schemaString', value: t.schema }
              : { case: 'schemaDataType', value: toProtoDataType(t.schema) },
      },
    };
  } else if (spec.output === 'sink') {
    if (spec.sink === undefined) throw new TypeError('A sink needs a format');
    out.details = {
      case: 'sinkDetails',
      value: {
        format: spec.sink.format,
        options: { ...spec.sink.options },
      },
    };
  }
  return out;
}

const LOWER: Lowering = {
  createGraph: (s) =>
    pipelineCommand({
      case: 'createDataflowGraph',
      value: {
        ...(s.defaultCatalog === undefined ? {} : { defaultCatalog: s.defaultCatalog }),
        ...(s.defaultDatabase === undefined ? {} : { defaultDatabase: s.defaultDatabase }),
        sqlConf: { ...s.sqlConf },
      },
    }),
  dropGraph: (s) =>
    pipelineCommand({
      case: 'dropDataflowGraph',
      value: { dataflowGraphId: s.graphId },
    }),
  extension: (s) => pipelineCommand({ case: 'extension', value: { typeUrl: s.typeUrl, value: s.value } }),
  defineOutput: (s) => pipelineCommand({ case: 'defineOutput', value: defineOutput(s) }),
  defineFlow: (s) =>
    pipelineCommand({
      case: 'defineFlow',
      value: {
        dataflowGraphId: s.graphId,
        flowName: s.name,
        targetDatasetName: s.target,
        sqlConf: { ...s.sqlConf },
        details: { case: 'relationFlowDetails', value: { relation: s.relation } },
      },
    }),
  defineSql: (s) =>
    pipelineCommand({
      case: 'defineSqlGraphElements',
      value: {
        dataflowGraphId: s.graphId,
        sqlText: s.sqlText,
        sqlFilePath: s.filePath,
      },
    }),
  startRun: (s) =>
    pipelineCommand({
      case: 'startRun',
      value: {
        dataflowGraphId: s.graphId,
        storage: s.storage,
        fullRefreshSelection: [...s.fullRefresh],
        fullRefreshAll: s.fullRefreshAll,
        refreshSelection: [...s.refresh],
        dry: s.dry,
      },
    }),
};

/** The proto PipelineCommand of a spec. */
export function lowerPipelineCommand(spec: PipelineCommandSpec): PipelineCommand {
  const lower = LOWER[spec.kind] as (s: PipelineCommandSpec) => PipelineCommand;
  return lower(spec);
}

/** A proto Plan holding the pipeline command of a spec. */
export function pipelinePlan(spec: PipelineCommandSpec): Plan {
  return create(PlanSchema, {
    opType: {
      case: 'command',
      value: { commandType: { case: 'pipelineCommand', value: lowerPipelineCommand(spec) } },
    },
  });
}

/** Checks a schema option is a StructType or a DDL string. */
export function checkSchema(schema: unknown, what: string): void {
  if (schema !== undefined && typeof schema !== 'string' && !(schema instanceof StructType)) {
    throw new TypeError(`${what}: schema must be a StructType or a DDL string`);
  }
}
