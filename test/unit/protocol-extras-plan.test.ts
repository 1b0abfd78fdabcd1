/** The protocol extras' lowering and argument checks, without a server. */
import { describe, expect, it } from 'vitest';
import { lowerExpr } from '../../src/column/lower.js';
import { DataFrame } from '../../src/dataframe/dataframe.js';
import { UnsupportedServerVersionError } from '../../src/errors/base.js';
import { call_function, col, lit } from '../../src/functions/index.js';
import { lowerPipelineCommand } from '../../src/pipelines/commands.js';
import { exprFeaturesOf } from '../../src/plan/features-used.js';
import { lowerPlan } from '../../src/plan/lower.js';
import { node } from '../../src/plan/nodes.js';
import { SparkExtensions } from '../../src/session/extensions.js';
import {
  ExecutorResourceRequests,
  ResourceProfileBuilder,
  TaskResourceRequests,
} from '../../src/session/resource-profile.js';
import { LocalTime } from '../../src/types/values.js';
import { fakeSession } from './fake-session.js';

const range = () => node({ kind: 'range', start: 0n, end: 3n, step: 1n });
const ANY = { typeUrl: 'type.googleapis.com/my.Plugin', value: new Uint8Array([1, 2, 3]) };

describe('protocol extras lowering', () => {
  it('htmlString keeps its row count and truncation', () => {
    const r = lowerPlan(node({ kind: 'htmlString', input: range(), numRows: 7, truncate: 0 }));
    expect(r.relType.case).toBe('htmlString');
    expect(r.relType.case === 'htmlString' && [r.relType.value.numRows, r.relType.value.truncate]).toEqual([
      7, 0,
    ]);
    expect(r.relType.case === 'htmlString' && r.relType.value.input?.relType.case).toBe('range');
  });

  it('call_function: a trailing plain object becomes named arguments after the positional ones', () => {
    const e = lowerExpr(call_function('mask', 's', { upperChar: lit('X'), digitChar: 'd' }).node);
    expect(e.exprType.case).toBe('callFunction');
    if (e.exprType.case !== 'callFunction') return;
    const args = e.exprType.value.arguments;
    expect(args.map((a) => a.exprType.case)).toEqual([
      'unresolvedAttribute',
      'namedArgumentExpression',
      'namedArgumentExpression',
    ]);
    const named = args[1].exprType.case === 'namedArgumentExpression' ? args[1].exprType.value : undefined;
    expect(named?.key).toBe('upperChar');
    expect(named?.value?.exprType.case).toBe('literal');
    const byName = args[2].exprType.case === 'namedArgumentExpression' ? args[2].exprType.value : undefined;
    expect(byName?.value?.exprType.case).toBe('unresolvedAttribute');
  });

  it('call_function rejects named arguments that are not last, and values that are not columns', () => {
    expect(() => call_function('mask', { upperChar: lit('X') }, 's')).toThrow(
      /named arguments must come last/,
    );
    expect(() => call_function('mask', 's', { upperChar: 1 as unknown as string })).toThrow(
      /named argument 'upperChar' must be a Column/,
    );
  });

  it('named arguments need Spark 4.0: found in the plan before it is sent', async () => {
    const c = call_function('mask', 's', { upperChar: lit('X') });
    const plan = node({ kind: 'project', input: range(), exprs: [col('id').node, c.node] });
    expect([...exprFeaturesOf(plan)]).toEqual(['namedArguments']);
    expect([...exprFeaturesOf(range())]).toEqual([]);
    const times = node({
      kind: 'project',
      input: range(),
      exprs: [lit(new Map([['k', [LocalTime.of(1, 2)]]])).node],
    });
    expect([...exprFeaturesOf(times)]).toEqual(['timeLiterals']);
    const old = new DataFrame(fakeSession('3.5.7').session, plan);
    await expect(old.collect()).rejects.toBeInstanceOf(UnsupportedServerVersionError);
  });

  it('extension relations, expressions and pipeline commands carry the Any as given', () => {
    const { session } = fakeSession('4.1.0');
    const ext = new SparkExtensions(session);
    const r = lowerPlan(ext.relation(ANY).plan);
    expect(r.relType).toMatchObject({ case: 'extension', value: ANY });
    expect(lowerExpr(ext.expression(ANY).node).exprType).toMatchObject({ case: 'extension', value: ANY });
    expect(lowerPipelineCommand({ kind: 'extension', ...ANY }).commandType).toMatchObject({
      case: 'extension',
      value: ANY,
    });
    expect(() => ext.expression({ typeUrl: 'x', value: [1] as unknown as Uint8Array })).toThrow(/Uint8Array/);
  });

  it('an extension command returns the extension responses of the stream', async () => {
    const fake = fakeSession('4.1.0');
    const answers = await new SparkExtensions(fake.session).command(ANY);
    expect(answers).toEqual([]);
    const cmd = fake.plans[0]?.opType;
    expect(cmd?.case === 'command' && cmd.value.commandType).toMatchObject({ case: 'extension', value: ANY });
  });

  it('resource profiles: PySpark resource names, memory in MiB, checked amounts', () => {
    const profile = new ResourceProfileBuilder()
      .require(
        new ExecutorResourceRequests().cores(2).memory('2g').memoryOverhead('512m').offheapMemory('1024k'),
      )
      .require(new ExecutorResourceRequests().resource('gpu', 1, '/opt/gpus.sh', 'nvidia.com'))
      .require(new TaskResourceRequests().cpus(1).resource('gpu', 0.5))
      .build();
    expect([...profile.executorResources.entries()].map(([k, v]) => [k, v.amount])).toEqual([
      ['cores', 2n],
      ['memory', 2048n],
      ['memoryOverhead', 512n],
      ['offHeap', 1n],
      ['gpu', 1n],
    ]);
    expect(profile.executorResources.get('gpu')).toMatchObject({
      discoveryScript: '/opt/gpus.sh',
      vendor: 'nvidia.com',
    });
    expect([...profile.taskResources.values()]).toEqual([
      { resourceName: 'cpus', amount: 1 },
      { resourceName: 'gpu', amount: 0.5 },
    ]);
    expect(() => new ExecutorResourceRequests().memory('2 gigabytes')).toThrow(/memory string/);
    expect(() => new ExecutorResourceRequests().cores(0)).toThrow(/positive integer/);
    expect(() => new TaskResourceRequests().resource('gpu', -1)).toThrow(/positive number/);
  });

  it('ResourceProfile.id() sends CreateResourceProfileCommand; 3.5 gets the feature error', async () => {
    const profile = new ResourceProfileBuilder().require(new TaskResourceRequests().cpus(1)).build();
    await expect(profile.id(fakeSession('3.5.7').session)).rejects.toBeInstanceOf(
      UnsupportedServerVersionError,
    );
    const fake = fakeSession('4.1.0');
    await expect(profile.id(fake.session)).rejects.toThrow(/createResourceProfileCommandResult/);
    const cmd = fake.plans[0]?.opType;
    expect(cmd?.case === 'command' && cmd.value.commandType).toMatchObject({
      case: 'createResourceProfileCommand',
      value: { profile: { taskResources: { cpus: { resourceName: 'cpus', amount: 1 } } } },
    });
  });
});
