/** Spark Declarative Pipelines (Spark 4.1+). */
export type { OutputKind, TableOptions } from './commands.js';
export {
  createDataflowGraph,
  DataflowGraph,
  type DataflowGraphOptions,
  type FlowOptions,
  type FlowSource,
} from './graph.js';
export { type PipelineEvent, PipelineRun, type PipelineRunOptions } from './run.js';
