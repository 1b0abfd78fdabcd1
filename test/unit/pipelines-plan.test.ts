/** Lowering of the Spark Declarative Pipelines commands and the graph's message flow (no server). */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import {
  type ExecutePlanResponse,
  ExecutePlanResponseSchema,
  type Plan,
} from '../../src/gen/spark/connect/base_pb.js';
import { OutputType, type PipelineCommand } from '../../src/gen/spark/connect/pipelines_pb.js';
import {
  col,
  createDataflowGraph,
  DataFrame,
  IntegerType,
  StructField,
  StructType,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { lowerPipelineCommand } from '../../src/pipelines/commands.js';
import { node } from '../../src/plan/nodes.js';
import type { SparkSession } from '../../src/session/spark-session.js';
import { featureGate } from './fake-session.js';

type ResponseInit = MessageInitShape<typeof ExecutePlanResponseSchema>['responseType'];

function pipelineSession(version = '4.1.0') {
  const plans: Plan[] = [];
  const answers: ResponseInit[][] = [];
  const session = {
    version,
    isStopped: false,
    ...featureGate(version),
    execute(plan: Plan): AsyncIterable<ExecutePlanResponse> {
      plans.push(plan);
      const answer = answers.shift() ?? [];
      return (async function* () {
        for (const a of answer) yield create(ExecutePlanResponseSchema, { responseType: a });
      })();
    },
  } as unknown as SparkSession;
  return { session, plans, answers };
}

function commandOf(plan: Plan): PipelineCommand {
  if (plan.opType.case !== 'command' || plan.opType.value.commandType.case !== 'pipelineCommand') {
    throw new Error('not a pipeline command');
  }
  return plan.opType.value.commandType.value;
}

const created: ResponseInit = {
  case: 'pipelineCommandResult',
  value: { resultType: { case: 'createDataflowGraphResult', value: { dataflowGraphId: 'g-1' } } },
};

describe('pipeline command lowering', () => {
  it('lowers a stored dataset with its table details', () => {
    const schema = new StructType([new StructField('id', new IntegerType(), false)]);
    const cmd = lowerPipelineCommand({
      kind: 'defineOutput',
      graphId: 'g',
      name: 'mv',
      output: 'materializedView',
      table: {
        comment: 'c',
        tableProperties: { k: 'v' },
        partitionCols: ['p'],
        clusterBy: ['q'],
        format: 'parquet',
        schema,
      },
    });
    expect(cmd.commandType.case).toBe('defineOutput');
    const v = cmd.commandType.value as Extract<
      PipelineCommand['commandType'],
      { case: 'defineOutput' }
    >['value'];
    expect([v.dataflowGraphId, v.outputName, v.outputType, v.comment]).toEqual([
      'g',
      'mv',
      OutputType.MATERIALIZED_VIEW,
      'c',
    ]);
    expect(v.details.case).toBe('tableDetails');
    const t = v.details.value as Extract<typeof v.details, { case: 'tableDetails' }>['value'];
    expect(t.tableProperties).toEqual({ k: 'v' });
    expect([t.partitionCols, t.clusteringColumns, t.format]).toEqual([['p'], ['q'], 'parquet']);
    expect(t.schema.case).toBe('schemaDataType');
  });

  it('lowers streaming tables, temporary views and sinks to their output types', () => {
    const out = (spec: Parameters<typeof lowerPipelineCommand>[0]) => {
      const c = lowerPipelineCommand(spec).commandType;
      if (c.case !== 'defineOutput') throw new Error(c.case);
      return c.value;
    };
    const st = out({
      kind: 'defineOutput',
      graphId: 'g',
      name: 's',
      output: 'streamingTable',
      table: { schema: 'id INT' },
    });
    expect(st.outputType).toBe(OutputType.TABLE);
    expect(st.details).toMatchObject({
      case: 'tableDetails',
      value: { schema: { case: 'schemaString', value: 'id INT' } },
    });
    const tv = out({ kind: 'defineOutput', graphId: 'g', name: 't', output: 'temporaryView', comment: 'x' });
    expect([tv.outputType, tv.details.case, tv.comment]).toEqual([OutputType.TEMPORARY_VIEW, undefined, 'x']);
    const sink = out({
      kind: 'defineOutput',
      graphId: 'g',
      name: 'k',
      output: 'sink',
      sink: { format: 'json', options: { path: '/o' } },
    });
    expect(sink.outputType).toBe(OutputType.SINK);
    expect(sink.details).toMatchObject({
      case: 'sinkDetails',
      value: { format: 'json', options: { path: '/o' } },
    });
  });

  it('lowers graph creation, SQL elements, runs and drops', () => {
    expect(
      lowerPipelineCommand({ kind: 'createGraph', defaultDatabase: 'db', sqlConf: { a: 'b' } }).commandType,
    ).toMatchObject({
      case: 'createDataflowGraph',
      value: { defaultDatabase: 'db', sqlConf: { a: 'b' } },
    });
    const created0 = lowerPipelineCommand({ kind: 'createGraph', sqlConf: {} }).commandType.value as {
      defaultCatalog?: string;
    };
    expect(created0.defaultCatalog).toBeUndefined();
    expect(
      lowerPipelineCommand({ kind: 'defineSql', graphId: 'g', sqlText: 'CREATE ...', filePath: 'a.sql' })
        .commandType,
    ).toMatchObject({
      case: 'defineSqlGraphElements',
      value: { dataflowGraphId: 'g', sqlText: 'CREATE ...', sqlFilePath: 'a.sql' },
    });
    expect(
      lowerPipelineCommand({
        kind: 'startRun',
        graphId: 'g',
        storage: 'file:///s',
        fullRefresh: ['a'],
        fullRefreshAll: false,
        refresh: ['b'],
        dry: true,
      }).commandType,
    ).toMatchObject({
      case: 'startRun',
      value: {
        dataflowGraphId: 'g',
        storage: 'file:///s',
        fullRefreshSelection: ['a'],
        refreshSelection: ['b'],
        fullRefreshAll: false,
        dry: true,
      },
    });
    expect(lowerPipelineCommand({ kind: 'dropGraph', graphId: 'g' }).commandType).toMatchObject({
      case: 'dropDataflowGraph',
      value: { dataflowGraphId: 'g' },
    });
  });
});

describe('DataflowGraph message flow', () => {
  it('creates the graph, then sends the output and its flow with the DataFrame plan', async () => {
    const { session, plans, answers } = pipelineSession();
    answers.push([created]);
    const g = await createDataflowGraph(session, { defaultCatalog: 'cat', defaultDatabase: 'db' });
    expect(g.id).toBe('g-1');
    const df = new DataFrame(session, node({ kind: 'range', start: 0n, end: 10n, step: 1n }));
    await g.materializedView('evens', df.filter(col('id').mod(2).eq(0)), {
      sparkConf: { 'spark.sql.shuffle.partitions': '1' },
    });
    await g.appendFlow({ target: 'evens', name: 'more' }, df);
    expect(plans.map((p) => commandOf(p).commandType.case)).toEqual([
      'createDataflowGraph',
      'defineOutput',
      'defineFlow',
      'defineFlow',
    ]);
    const flow = commandOf(plans[2] as Plan).commandType.value as Extract<
      PipelineCommand['commandType'],
      { case: 'defineFlow' }
    >['value'];
    expect([flow.dataflowGraphId, flow.flowName, flow.targetDatasetName]).toEqual(['g-1', 'evens', 'evens']);
    expect(flow.sqlConf).toEqual({ 'spark.sql.shuffle.partitions': '1' });
    expect(flow.details.case).toBe('relationFlowDetails');
    const rel = (flow.details.value as { relation?: { relType: { case?: string } } }).relation;
    expect(rel?.relType.case).toBe('filter');
    const append = commandOf(plans[3] as Plan).commandType.value as typeof flow;
    expect([append.flowName, append.targetDatasetName]).toEqual(['more', 'evens']);
    await g.drop();
    await g.drop();
    expect(plans.length).toBe(5);
    await expect(g.materializedView('x', df)).rejects.toThrow(/dropped/);
  });

  it('streams pipeline events and skips the command result', async () => {
    const { session, answers } = pipelineSession();
    answers.push([created]);
    const g = await createDataflowGraph(session);
    answers.push([
      { case: 'pipelineCommandResult', value: {} },
      {
        case: 'pipelineEventResult',
        value: {
          event: { message: 'Run is COMPLETED.', timestamp: { seconds: 1700000000n, nanos: 5_000_000 } },
        },
      },
    ]);
    const events = await g.run({ storage: 'file:///tmp/x' });
    expect(events).toEqual([{ message: 'Run is COMPLETED.', timestamp: new Date(1700000000005) }]);
  });

  it('checks its input before sending anything', async () => {
    const { session, plans, answers } = pipelineSession();
    answers.push([created]);
    const g = await createDataflowGraph(session);
    const df = new DataFrame(session, node({ kind: 'range', start: 0n, end: 1n, step: 1n }));
    await expect(g.materializedView('', df)).rejects.toThrow(TypeError);
    await expect(g.materializedView('m', 'SELECT 1' as unknown as DataFrame)).rejects.toThrow(
      /must be a DataFrame/,
    );
    await expect(g.createSink('s', '')).rejects.toThrow(/format/);
    await expect(g.createStreamingTable('t', { schema: 1 as unknown as string })).rejects.toThrow(/schema/);
    expect(() => g.startRun({ storage: '/tmp/abs/path' })).toThrow(/absolute URI/);
    expect(() => g.startRun({ storage: 'file:///s', fullRefreshAll: true, fullRefresh: ['a'] })).toThrow(
      /CONFLICTING/,
    );
    expect(plans.length).toBe(1);
  });

  it('rejects servers older than 4.1', async () => {
    const { session } = pipelineSession('4.0.1');
    await expect(createDataflowGraph(session)).rejects.toBeInstanceOf(UnsupportedServerVersionError);
  });
});
