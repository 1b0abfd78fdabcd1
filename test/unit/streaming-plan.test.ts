/** Lowering of the streaming reader, writer, query and manager commands (no server). */

import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import {
  type ExecutePlanResponse,
  ExecutePlanResponseSchema,
  type Plan,
} from '../../src/gen/spark/connect/base_pb.js';
import {
  DataFrame,
  DataStreamReader,
  ProtocolError,
  StreamingQuery,
  StreamingQueryException,
  StreamingQueryManager,
  StructType,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { lowerPlan } from '../../src/plan/lower.js';
import { node } from '../../src/plan/nodes.js';
import type { SparkSession } from '../../src/session/spark-session.js';
import { ListenerBus } from '../../src/streaming/listener-bus.js';
import { parseOutputMode, parseTrigger } from '../../src/streaming/writer.js';
import { featureGate } from './fake-session.js';

type ResponseInit = MessageInitShape<typeof ExecutePlanResponseSchema>['responseType'];

/** A session that records plans and answers each execution with the next queued response. */
function streamingSession(version = '4.1.0') {
  const plans: Plan[] = [];
  const answers: (ResponseInit | undefined)[] = [];
  const session = {
    version,
    isStopped: false,
    ...featureGate(version),
    execute(plan: Plan): AsyncIterable<ExecutePlanResponse> {
      plans.push(plan);
      const answer = answers.shift();
      return (async function* () {
        if (answer !== undefined) yield create(ExecutePlanResponseSchema, { responseType: answer });
      })();
    },
  } as unknown as SparkSession;
  return { session, plans, answers };
}

function commandOf(plan: Plan | undefined) {
  if (plan?.opType.case !== 'command') throw new Error('not a command');
  return plan.opType.value.commandType;
}

function readOf(df: DataFrame) {
  const r = lowerPlan(df.plan);
  if (r.relType.case !== 'read') throw new Error(`not a read: ${r.relType.case}`);
  return r.relType.value;
}

const QID = { id: '11111111-1111-4111-8111-111111111111', runId: '22222222-2222-4222-8222-222222222222' };

const started = (name = ''): ResponseInit => ({
  case: 'writeStreamOperationStartResult',
  value: { queryId: QID, name },
});

describe('DataStreamReader lowering', () => {
  const { session } = streamingSession();
  const reader = () => new DataStreamReader(session);

  it('builds a streaming data source read with format, schema, options and one path', () => {
    const read = readOf(
      reader()
        .format('json')
        .schema('id INT')
        .option('maxFilesPerTrigger', 2)
        .options({ a: true })
        .load('/in'),
    );
    expect(read.isStreaming).toBe(true);
    expect(read.readType.case).toBe('dataSource');
    expect(read.readType.value).toMatchObject({
      format: 'json',
      schema: 'id INT',
      options: { maxFilesPerTrigger: '2', a: 'true' },
      paths: ['/in'],
    });
  });

  it('lowers a source without a path (rate) and a StructType schema as JSON', () => {
    const st = new StructType().add('v', 'long');
    const read = readOf(reader().format('rate').schema(st).option('rowsPerSecond', 5).load());
    expect(read.isStreaming).toBe(true);
    expect(read.readType.value).toMatchObject({ format: 'rate', schema: st.json(), paths: [] });
  });

  it('has file shortcuts that check their option names, and a streaming table read', () => {
    const csv = readOf(reader().csv('/c', { schema: 'a INT', header: true, maxFilesPerTrigger: 1 }));
    expect(csv.readType.value).toMatchObject({
      format: 'csv',
      schema: 'a INT',
      options: { header: 'true', maxFilesPerTrigger: '1' },
      paths: ['/c'],
    });
    for (const [fmt, df] of [
      ['json', reader().json('/j', { multiLine: true })],
      ['parquet', reader().parquet('/p', { mergeSchema: true })],
      ['orc', reader().orc('/o')],
      ['text', reader().text('/t', { wholetext: true })],
      ['xml', reader().xml('/x', { rowTag: 'r' })],
    ] as const) {
      const read = readOf(df);
      expect(read.isStreaming).toBe(true);
      expect(read.readType.value).toMatchObject({ format: fmt });
    }
    expect(() => reader().json('/j', { header: true } as never)).toThrow(/json\(\) has no option 'header'/);
    expect(() => reader().load('')).toThrow(TypeError);
    expect(() => reader().json(['/a', '/b'] as never)).toThrow(/one non-empty path/);
    expect(() => reader().schema(42 as never)).toThrow(/StructType or a DDL string/);
    const table = readOf(reader().option('k', 'v').table('db.events'));
    expect(table.isStreaming).toBe(true);
    expect(table.readType).toEqual({
      case: 'namedTable',
      value: expect.objectContaining({ unparsedIdentifier: 'db.events', options: { k: 'v' } }),
    });
  });

  it('leaves batch reads non-streaming', () => {
    const df = new DataFrame(session, node({ kind: 'table', name: 't', options: {} }));
    expect(readOf(df).isStreaming).toBe(false);
  });
});

describe('DataStreamWriter lowering', () => {
  it('sends WriteStreamOperationStart with every setting and returns the started query', async () => {
    const { session, plans, answers } = streamingSession();
    answers.push(started('q1'));
    const df = new DataStreamReader(session).format('rate').load();
    const q = await df.writeStream
      .format('parquet')
      .outputMode('Append' as never)
      .option('checkpointLocation', '/chk')
      .options({ n: 1, skip: null })
      .partitionBy('a', ['b'])
      .queryName('q1')
      .trigger({ processingTime: ' 5 seconds ' })
      .start('/out');
    expect(q).toBeInstanceOf(StreamingQuery);
    expect([q.id, q.runId, q.name]).toEqual([QID.id, QID.runId, 'q1']);
    const cmd = commandOf(plans[0]);
    if (cmd.case !== 'writeStreamOperationStart') throw new Error(cmd.case);
    const w = cmd.value;
    expect(w.input?.relType.case).toBe('read');
    expect(w.format).toBe('parquet');
    expect(w.outputMode).toBe('append');
    expect(w.options).toEqual({ checkpointLocation: '/chk', n: '1' });
    expect(w.partitioningColumnNames).toEqual(['a', 'b']);
    expect(w.queryName).toBe('q1');
    expect(w.trigger).toEqual({ case: 'processingTimeInterval', value: '5 seconds' });
    expect(w.sinkDestination).toEqual({ case: 'path', value: '/out' });
    expect(w.clusteringColumnNames).toEqual([]);
  });

  it('writes to a table with start options, clusterBy on 4.0+, and no name when the server gives none', async () => {
    const { session, plans, answers } = streamingSession('4.0.0');
    answers.push(started());
    const df = new DataStreamReader(session).table('src');
    const q = await df.writeStream
      .clusterBy('k')
      .trigger({ availableNow: true })
      .toTable('dst', { outputMode: 'update', format: 'delta', queryName: 'n', partitionBy: 'p', x: 'y' });
    expect(q.name).toBeUndefined();
    const cmd = commandOf(plans[0]);
    if (cmd.case !== 'writeStreamOperationStart') throw new Error(cmd.case);
    expect(cmd.value).toMatchObject({
      format: 'delta',
      outputMode: 'update',
      queryName: 'n',
      partitioningColumnNames: ['p'],
      clusteringColumnNames: ['k'],
      options: { x: 'y' },
      trigger: { case: 'availableNow', value: true },
      sinkDestination: { case: 'tableName', value: 'dst' },
    });
  });

  it('refuses clusterBy on Spark 3.5 without sending anything', async () => {
    const { session, plans } = streamingSession('3.5.7');
    const w = new DataStreamReader(session).format('rate').load().writeStream.clusterBy('k');
    await expect(w.toTable('t')).rejects.toBeInstanceOf(UnsupportedServerVersionError);
    expect(plans).toHaveLength(0);
  });

  it('fails clearly when the server does not answer with a start result', async () => {
    const { session } = streamingSession();
    const w = new DataStreamReader(session).format('rate').load().writeStream.format('memory');
    await expect(w.start()).rejects.toBeInstanceOf(ProtocolError);
  });

  it('parses output modes and triggers, naming what is wrong', () => {
    expect(parseOutputMode('COMPLETE')).toBe('complete');
    expect(() => parseOutputMode('overwrite')).toThrow(
      'Unknown output mode "overwrite"; use one of append, complete, update',
    );
    expect(() => parseOutputMode(undefined)).toThrow(TypeError);
    expect(parseTrigger({ once: true })).toEqual({ case: 'once', value: true });
    expect(parseTrigger({ availableNow: true, once: undefined })).toEqual({
      case: 'availableNow',
      value: true,
    });
    expect(parseTrigger({ continuous: '1 second' })).toEqual({
      case: 'continuousCheckpointInterval',
      value: '1 second',
    });
    expect(() => parseTrigger({})).toThrow(/got none/);
    expect(() => parseTrigger({ once: true, processingTime: '1 second' })).toThrow(
      /got once, processingTime/,
    );
    expect(parseTrigger({ realTime: ' 5 seconds ' })).toEqual({
      case: 'realTimeBatchDuration',
      value: '5 seconds',
    });
    expect(() => parseTrigger({ realTime: '' })).toThrow(/realTime must be a non-empty interval/);
    expect(() => parseTrigger({ fast: true })).toThrow(/Unknown trigger 'fast'/);
    expect(() => parseTrigger({ availableNow: 'yes' })).toThrow(/availableNow must be true/);
    expect(() => parseTrigger({ continuous: 5 })).toThrow(/continuous must be a non-empty interval/);
    expect(() => parseTrigger('once')).toThrow(TypeError);
  });
});

describe('StreamingQuery commands', () => {
  function query() {
    const s = streamingSession();
    const q = new StreamingQuery(s.session, QID.id, QID.runId, 'q');
    const sent = (i: number) => {
      const cmd = commandOf(s.plans[i]);
      if (cmd.case !== 'streamingQueryCommand') throw new Error(String(cmd.case));
      expect(cmd.value.queryId).toMatchObject(QID);
      return cmd.value.command;
    };
    const answer = (resultType: unknown) =>
      s.answers.push({
        case: 'streamingQueryCommandResult',
        value: { queryId: QID, resultType },
      } as ResponseInit);
    return { q, sent, answer };
  }

  it('asks for the status and reads isActive from it', async () => {
    const { q, sent, answer } = query();
    const status = {
      statusMessage: 'Waiting',
      isDataAvailable: true,
      isTriggerActive: false,
      isActive: true,
    };
    answer({ case: 'status', value: status });
    answer({ case: 'status', value: status });
    expect(await q.status()).toEqual({ message: 'Waiting', isDataAvailable: true, isTriggerActive: false });
    expect(await q.isActive()).toBe(true);
    expect(sent(0)).toEqual({ case: 'status', value: true });
  });

  it('parses progress JSON and sums per-source rows when the report has no totals', async () => {
    const { q, sent, answer } = query();
    const p = (batchId: number, rows: number[]) =>
      JSON.stringify({
        id: QID.id,
        batchId,
        sources: rows.map((n) => ({ description: 's', numInputRows: n, processedRowsPerSecond: n * 2 })),
      });
    answer({ case: 'recentProgress', value: { recentProgressJson: [p(0, [1, 2]), p(1, [4])] } });
    answer({ case: 'recentProgress', value: { recentProgressJson: [p(1, [4])] } });
    answer({ case: 'recentProgress', value: { recentProgressJson: [] } });
    const recent = await q.recentProgress();
    expect(
      recent.map((r) => [r.batchId, r.numInputRows, r.processedRowsPerSecond, r.inputRowsPerSecond]),
    ).toEqual([
      [0, 3, 6, 0],
      [1, 4, 8, 0],
    ]);
    expect((await q.lastProgress())?.batchId).toBe(1);
    expect(await q.lastProgress()).toBeNull();
    expect(sent(0)).toEqual({ case: 'recentProgress', value: true });
    expect(sent(1)).toEqual({ case: 'lastProgress', value: true });
  });

  it('sends awaitTermination with and without a timeout, and checks the timeout', async () => {
    const { q, sent, answer } = query();
    answer({ case: 'awaitTermination', value: { terminated: false } });
    answer({ case: 'awaitTermination', value: { terminated: true } });
    expect(await q.awaitTermination(1500)).toBe(false);
    expect(await q.awaitTermination()).toBe(true);
    const first = sent(0);
    expect(first.case === 'awaitTermination' && first.value.timeoutMs).toBe(1500n);
    const second = sent(1);
    expect(second.case === 'awaitTermination' && second.value.timeoutMs).toBeUndefined();
    await expect(q.awaitTermination(0)).rejects.toThrow(/positive number of milliseconds/);
  });

  it('sends stop, processAllAvailable and explain', async () => {
    const { q, sent, answer } = query();
    answer(undefined);
    answer(undefined);
    answer({ case: 'explain', value: { result: '== Physical Plan ==' } });
    await q.stop();
    await q.processAllAvailable();
    expect(await q.explainString(true)).toBe('== Physical Plan ==');
    expect(sent(0)).toEqual({ case: 'stop', value: true });
    expect(sent(1)).toEqual({ case: 'processAllAvailable', value: true });
    expect(sent(2).case === 'explain' && sent(2).value).toMatchObject({ extended: true });
  });

  it('fails with a ProtocolError when the server answers with another kind of result', async () => {
    const { q, answer } = query();
    answer({ case: 'explain', value: { result: 'x' } });
    answer(undefined);
    await expect(q.status()).rejects.toThrow(/answered status\(\) with explain, not status/);
    await expect(q.recentProgress()).rejects.toBeInstanceOf(ProtocolError);
  });

  it('turns the exception result into a StreamingQueryException without the class name prefix', async () => {
    const { q, answer } = query();
    answer({ case: 'exception', value: {} });
    answer(undefined);
    answer({
      case: 'exception',
      value: {
        exceptionMessage: 'org.apache.spark.sql.streaming.StreamingQueryException: [CAST_INVALID_INPUT] bad',
        errorClass: 'CAST_INVALID_INPUT',
        stackTrace: 'at X',
      },
    });
    expect(await q.exception()).toBeNull();
    expect(await q.exception()).toBeNull();
    const e = await q.exception();
    expect(e).toBeInstanceOf(StreamingQueryException);
    expect(e?.message).toBe('[CAST_INVALID_INPUT] bad');
    expect(e?.errorClass).toBe('CAST_INVALID_INPUT');
    expect(e?.serverStackTrace).toBe('at X');
  });
});

describe('StreamingQueryManager commands', () => {
  function manager() {
    const s = streamingSession();
    const m = new StreamingQueryManager(s.session);
    const sent = (i: number) => {
      const cmd = commandOf(s.plans[i]);
      if (cmd.case !== 'streamingQueryManagerCommand') throw new Error(String(cmd.case));
      return cmd.value.command;
    };
    const answer = (resultType: unknown) =>
      s.answers.push({ case: 'streamingQueryManagerCommandResult', value: { resultType } } as ResponseInit);
    return { m, sent, answer };
  }

  it('lists active queries and gets one by id (null when the server has none)', async () => {
    const { m, sent, answer } = manager();
    answer({ case: 'active', value: { activeQueries: [{ id: QID, name: 'a' }, { id: QID }] } });
    answer({ case: 'query', value: { id: QID, name: 'a' } });
    answer(undefined);
    const active = await m.active();
    expect(active.map((q) => [q.id, q.runId, q.name])).toEqual([
      [QID.id, QID.runId, 'a'],
      [QID.id, QID.runId, undefined],
    ]);
    expect((await m.get(QID.id))?.name).toBe('a');
    expect(await m.get('other')).toBeNull();
    expect(sent(0)).toEqual({ case: 'active', value: true });
    expect(sent(1)).toEqual({ case: 'getQuery', value: QID.id });
  });

  it('sends awaitAnyTermination and resetTerminated', async () => {
    const { m, sent, answer } = manager();
    answer({ case: 'awaitAnyTermination', value: { terminated: false } });
    answer({ case: 'resetTerminated', value: true });
    expect(await m.awaitAnyTermination(250)).toBe(false);
    await m.resetTerminated();
    const first = sent(0);
    expect(first.case === 'awaitAnyTermination' && first.value.timeoutMs).toBe(250n);
    expect(sent(1)).toEqual({ case: 'resetTerminated', value: true });
    await expect(m.awaitAnyTermination(-1)).rejects.toThrow(TypeError);
  });
});

describe('Spark 4.2+ reader and trigger features', () => {
  it('name() sets Read.DataSource.source_name; changes() sends RelationChanges; both refused before 4.2', () => {
    const { session } = streamingSession('4.3.0');
    const read = readOf(new DataStreamReader(session).format('rate').name('ticks_1').load());
    expect(read.isStreaming).toBe(true);
    expect(read.readType.value).toMatchObject({ format: 'rate', sourceName: 'ticks_1', paths: [] });
    expect(() => new DataStreamReader(session).name('a-b')).toThrow(
      /only ASCII letters, digits and underscores/,
    );
    expect(() => new DataStreamReader(session).name('t').table('x')).toThrow(/cannot carry a source name/);
    const ch = lowerPlan(new DataStreamReader(session).option('startingVersion', 3).changes('db.t').plan);
    expect(ch.relType).toMatchObject({
      case: 'relationChanges',
      value: { unparsedIdentifier: 'db.t', options: { startingVersion: '3' }, isStreaming: true },
    });
    expect(() => new DataStreamReader(session).schema('id INT').changes('t')).toThrow(
      /does not take a schema/,
    );
    const old = streamingSession('4.1.4').session;
    expect(() => new DataStreamReader(old).name('x')).toThrow(
      new UnsupportedServerVersionError(
        'DataStreamReader.name needs Spark 4.2 or newer; this server runs Spark 4.1.4',
      ),
    );
    expect(() => new DataStreamReader(old).changes('t')).toThrow(UnsupportedServerVersionError);
  });

  it('the realTime trigger is sent on 4.2+ and refused before sending on older servers', async () => {
    const s43 = streamingSession('4.3.0');
    s43.answers.push(started());
    await new DataStreamReader(s43.session)
      .format('rate')
      .load()
      .writeStream.trigger({ realTime: '1 second' })
      .start();
    const cmd = commandOf(s43.plans[0]);
    expect(cmd.case === 'writeStreamOperationStart' && cmd.value.trigger).toEqual({
      case: 'realTimeBatchDuration',
      value: '1 second',
    });
    const s41 = streamingSession('4.1.4');
    const start = new DataStreamReader(s41.session)
      .format('rate')
      .load()
      .writeStream.trigger({ realTime: '1 second' })
      .start();
    await expect(start).rejects.toThrow(UnsupportedServerVersionError);
    expect(s41.plans).toEqual([]);
  });
});

describe('StreamingQueryListener bus', () => {
  /** A session whose listener bus stream yields what the test pushes, until removed or aborted. */
  function busSession(version = '4.1.0') {
    const commands: string[] = [];
    const pending: ResponseInit[] = [];
    let wake: (() => void) | undefined;
    let ended = false;
    const push = (r: ResponseInit | 'end') => {
      if (r === 'end') ended = true;
      else pending.push(r);
      wake?.();
    };
    const session = {
      version,
      rpc: { track: () => undefined },
      ...featureGate(version),
      execute(plan: Plan, opts?: { signal?: AbortSignal }): AsyncIterable<ExecutePlanResponse> {
        const cmd = commandOf(plan);
        if (cmd.case !== 'streamingQueryListenerBusCommand') throw new Error(String(cmd.case));
        const add = cmd.value.command.case === 'addListenerBusListener';
        commands.push(String(cmd.value.command.case));
        if (!add) push('end');
        return (async function* () {
          if (!add) return;
          yield create(ExecutePlanResponseSchema, {
            responseType: {
              case: 'streamingQueryListenerEventsResult',
              value: { listenerBusListenerAdded: true },
            },
          });
          for (;;) {
            const next = pending.shift();
            if (next !== undefined) {
              yield create(ExecutePlanResponseSchema, { responseType: next });
              continue;
            }
            if (ended || opts?.signal?.aborted) return;
            await new Promise<void>((resolve) => {
              wake = resolve;
              opts?.signal?.addEventListener('abort', () => resolve(), { once: true });
            });
          }
        })();
      },
    } as unknown as SparkSession;
    const events = (...list: [number, object][]): ResponseInit => ({
      case: 'streamingQueryListenerEventsResult',
      value: { events: list.map(([eventType, e]) => ({ eventType, eventJson: JSON.stringify(e) })) },
    });
    return { session, commands, push, events };
  }
  const until = async (cond: () => boolean) => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(cond()).toBe(true);
  };

  it('opens one stream for all listeners, parses events, survives a throwing listener, and closes with the last one', async () => {
    const { session, commands, push, events } = busSession();
    const bus = new ListenerBus(session);
    const got: unknown[] = [];
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const bad = {
      onQueryIdle: () => {
        throw new Error('boom');
      },
    };
    const good = {
      onQueryIdle: (e: unknown) => got.push(['idle', e]),
      onQueryTerminated: (e: unknown) => got.push(['end', e]),
      onQueryStarted: (e: unknown) => got.push(['start', e]),
    };
    try {
      await bus.add(bad);
      await bus.add(good);
      await bus.add(good);
      expect(commands).toEqual(['addListenerBusListener']);
      bus.postStarted(
        JSON.stringify({ id: QID.id, runId: QID.runId, name: null, timestamp: 't0', jobTags: ['x'] }),
      );
      push(
        events(
          [3, { id: QID.id, runId: QID.runId, timestamp: 't1' }],
          [9, {}],
          [2, { id: QID.id, runId: QID.runId, exception: 'E', errorClassOnException: 'C' }],
        ),
      );
      await until(() => got.length === 3);
      expect(got).toEqual([
        ['start', { id: QID.id, runId: QID.runId, name: null, timestamp: 't0', jobTags: ['x'] }],
        ['idle', { id: QID.id, runId: QID.runId, timestamp: 't1' }],
        ['end', { id: QID.id, runId: QID.runId, exception: 'E', errorClassOnException: 'C' }],
      ]);
      await new Promise((r) => setImmediate(r));
      expect(warnings.map((w) => [w.name, w.message])).toEqual([
        ['StreamingQueryListenerWarning', 'StreamingQueryListener.onQueryIdle threw: boom'],
      ]);
      await bus.remove(bad);
      expect(commands).toEqual(['addListenerBusListener']);
      await bus.remove(good);
      expect(commands).toEqual(['addListenerBusListener', 'removeListenerBusListener']);
      expect(bus.registered).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('refuses 3.5 before sending, rejects non-listeners, and shutdown() cancels the stream', async () => {
    const old = busSession('3.5.7');
    expect(() => new ListenerBus(old.session).add({})).toThrow(
      new UnsupportedServerVersionError(
        'StreamingQueryManager.addListener needs Spark 4.0 or newer; this server runs Spark 3.5.7',
      ),
    );
    expect(old.commands).toEqual([]);
    const { session, commands } = busSession();
    const bus = new ListenerBus(session);
    expect(() => bus.add({ onQueryProgress: 1 } as never)).toThrow(/onQueryProgress must be a function/);
    await bus.add({});
    bus.shutdown();
    expect(bus.registered).toEqual([]);
    expect(commands).toEqual(['addListenerBusListener']);
  });
});
