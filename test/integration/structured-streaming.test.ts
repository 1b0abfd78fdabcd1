/**
 * Structured Streaming against real servers: file sources (JSON/CSV files written to a temp dir
 * first) into memory, file and table sinks; complete-mode aggregation; availableNow triggers;
 * status and progress; stop; the query manager; failures surfacing as StreamingQueryException.
 * Sail runs what it has once and asserts the error for each sink it lacks.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnalysisException,
  col,
  type DataFrame,
  type SparkSession,
  type StreamingQuery,
  StreamingQueryException,
  StructType,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { atLeast, expectUnsupportedOn, isSail, newSession, serverMatrix } from '../support/matrix.js';
import { sailIt } from '../support/sail.js';

function plain(rows: { toJSON(): unknown }[]): unknown[] {
  return rows.map((r) => r.toJSON());
}

// On Sail: what it has (file sources, a noop sink with availableNow, the rate source, the query
// manager) runs once; each sink it lacks is one assertion of the error the user gets. The full
// suite runs on Spark only.
const sail = serverMatrix({ sail: true }).filter(([v]) => isSail(v));
const sparkLines = serverMatrix().filter(([v]) => !isSail(v));

describe.each(sail)('structured streaming on %s', (version, url) => {
  const test = sailIt(version, 'structured streaming');
  let spark: SparkSession;
  let dir: string;
  let input: string;
  beforeAll(async () => {
    spark = await newSession(url);
    dir = mkdtempSync(join(tmpdir(), 'sct-ss-sail-'));
    input = join(dir, 'in');
    mkdirSync(input);
    writeFileSync(join(input, 'a.json'), '{"id":1}\n{"id":2}\n');
  });
  afterAll(async () => {
    await spark?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  const stream = () => spark.readStream.schema('id INT').json(input);

  test('a JSON file source is a streaming DataFrame; an availableNow query into a noop sink runs to its end', async () => {
    expect(await stream().isStreaming()).toBe(true);
    expect(await spark.readStream.format('rate').load().isStreaming()).toBe(true);
    const q = await stream().writeStream.format('noop').trigger({ availableNow: true }).start();
    await q.awaitTermination();
    expect(await q.isActive()).toBe(false);
    expect(await spark.streams.active()).toEqual([]);
  });

  it('the memory sink is refused by name', async () => {
    const start = () => stream().writeStream.format('memory').queryName('sail_mem').start();
    expect(await expectUnsupportedOn(version, 'DataStreamWriter memory sink', start, 'memory')).toBe(true);
  });

  test('a file sink (start(path)) and a table sink (toTable)', async () => {
    const cp = join(dir, 'cp');
    const q = await stream()
      .writeStream.format('parquet')
      .option('checkpointLocation', cp)
      .start(join(dir, 'out'));
    await q.stop();
    const t = await stream().writeStream.option('checkpointLocation', `${cp}2`).toTable('sail_ss_t');
    await t.stop();
  });
});

describe.each(sparkLines)('structured streaming on Spark %s', (version, url) => {
  let spark: SparkSession;
  let dir: string;
  const started: StreamingQuery[] = [];
  const tag = `${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const db = `ss_${tag}`;
  const name = (n: string) => `${n}_${tag}`;
  const path = (...p: string[]) => join(dir, ...p);
  const track = (q: StreamingQuery) => {
    started.push(q);
    return q;
  };
  const rows = async (sql: string) => plain(await (await spark.sql(sql)).collect());

  /** A directory of JSON Lines files, one file per array. */
  function jsonDir(n: string, files: Record<string, unknown>[][]): string {
    const d = path(n);
    mkdirSync(d, { recursive: true });
    files.forEach((lines, i) => {
      writeFileSync(join(d, `part-${i}.json`), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    });
    return d;
  }

  const PEOPLE = [
    [
      { id: 1, name: 'alice', team: 'red' },
      { id: 2, name: 'bob', team: 'blue' },
    ],
    [
      { id: 3, name: 'carol', team: 'red' },
      { id: 4, name: 'dan', team: 'red' },
    ],
  ];
  const PEOPLE_SCHEMA = 'id INT, name STRING, team STRING';
  let peopleDir: string;
  const people = (): DataFrame => spark.readStream.schema(PEOPLE_SCHEMA).json(peopleDir);

  beforeAll(async () => {
    spark = await newSession(url);
    dir = mkdtempSync(join(tmpdir(), 'sct-ss-'));
    peopleDir = jsonDir('people', PEOPLE);
    await spark.sql(`CREATE DATABASE ${db}`);
  });
  afterAll(async () => {
    for (const q of started) await q.stop().catch(() => undefined);
    await spark?.sql(`DROP DATABASE IF EXISTS ${db} CASCADE`).catch(() => undefined);
    await spark?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('reads JSON files as a streaming DataFrame into a memory sink with exact rows; the manager sees the query until stop()', async () => {
    const df = people();
    expect(await df.isStreaming()).toBe(true);
    expect(await spark.read.schema(PEOPLE_SCHEMA).json(peopleDir).isStreaming()).toBe(false);
    const q = track(
      await df
        .filter(col('team').eq('red'))
        .select('id', 'name')
        .writeStream.format('memory')
        .queryName(name('mem'))
        .start(),
    );
    expect(q.name).toBe(name('mem'));
    expect(q.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(q.runId).toMatch(/^[0-9a-f-]{36}$/);
    await q.processAllAvailable();
    expect(await rows(`SELECT * FROM ${name('mem')} ORDER BY id`)).toEqual([
      { id: 1, name: 'alice' },
      { id: 3, name: 'carol' },
      { id: 4, name: 'dan' },
    ]);
    expect(await q.isActive()).toBe(true);
    expect((await spark.streams.active()).map((a) => a.id)).toContain(q.id);
    const got = await spark.streams.get(q.id);
    expect(got?.runId).toBe(q.runId);
    expect(got?.name).toBe(name('mem'));
    expect(await q.exception()).toBeNull();
    await q.stop();
    expect(await q.isActive()).toBe(false);
    expect((await spark.streams.active()).map((a) => a.id)).not.toContain(q.id);
    expect(await spark.streams.get(q.id)).toBeNull();
    expect(await q.awaitTermination(1000)).toBe(true);
  });

  it('runs an aggregation in complete mode and reports status, progress and plans', async () => {
    const counts = people().groupBy('team').count();
    const q = track(
      await counts.writeStream.outputMode('complete').format('memory').queryName(name('agg')).start(),
    );
    await q.processAllAvailable();
    expect(await rows(`SELECT team, count FROM ${name('agg')} ORDER BY team`)).toEqual([
      { team: 'blue', count: 1 },
      { team: 'red', count: 3 },
    ]);
    const status = await q.status();
    expect(Object.keys(status).sort()).toEqual(['isDataAvailable', 'isTriggerActive', 'message']);
    expect(typeof status.message).toBe('string');
    const last = await q.lastProgress();
    expect(last).not.toBeNull();
    expect(last?.id).toBe(q.id);
    expect(last?.runId).toBe(q.runId);
    expect(last?.name).toBe(name('agg'));
    expect(typeof last?.batchId).toBe('number');
    const recent = await q.recentProgress();
    expect(recent.length).toBeGreaterThanOrEqual(1);
    expect(recent.reduce((n, p) => n + p.numInputRows, 0)).toBe(4);
    expect(recent[0]?.sources[0]?.description).toMatch(/FileStreamSource/);
    expect(await q.explainString()).toMatch(/Aggregate/);
    await q.stop();
  });

  it('runs a trigger availableNow query over CSV files to a file sink; awaitTermination resolves when it ends', async () => {
    const csvDir = path('csv-in');
    mkdirSync(csvDir);
    writeFileSync(join(csvDir, 'a.csv'), 'id,amount\n1,10\n2,20\n');
    writeFileSync(join(csvDir, 'b.csv'), 'id,amount\n3,30\n');
    const out = path('csv-out');
    const q = track(
      await spark.readStream
        .csv(csvDir, { schema: 'id INT, amount INT', header: true, maxFilesPerTrigger: 1 })
        .withColumn('double', col('amount').multiply(2))
        .writeStream.format('json')
        .option('checkpointLocation', path('csv-chk'))
        .trigger({ availableNow: true })
        .start(out),
    );
    expect(await q.awaitTermination()).toBe(true);
    expect(await q.isActive()).toBe(false);
    // maxFilesPerTrigger 1: one batch per input file.
    const perBatch = (await q.recentProgress()).map((p) => p.numInputRows).filter((n) => n > 0);
    expect(perBatch.sort()).toEqual([1, 2]);
    const back = spark.read.schema('id INT, amount INT, double INT').json(out).orderBy('id');
    expect(plain(await back.collect())).toEqual([
      { id: 1, amount: 10, double: 20 },
      { id: 2, amount: 20, double: 40 },
      { id: 3, amount: 30, double: 60 },
    ]);
  });

  it('writes to a table with toTable() and waits on the manager with awaitAnyTermination', async () => {
    await spark.streams.resetTerminated();
    expect(await spark.streams.awaitAnyTermination(200)).toBe(false);
    const table = `${db}.people_out`;
    const q = track(
      await people()
        .writeStream.option('checkpointLocation', path('tbl-chk'))
        .trigger({ once: true })
        .toTable(table, { queryName: name('tbl') }),
    );
    expect(q.name).toBe(name('tbl'));
    expect(await spark.streams.awaitAnyTermination()).toBe(true);
    expect(await q.awaitTermination(10_000)).toBe(true);
    expect(plain(await spark.table(table).orderBy('id').select('id', 'team').collect())).toEqual([
      { id: 1, team: 'red' },
      { id: 2, team: 'blue' },
      { id: 3, team: 'red' },
      { id: 4, team: 'red' },
    ]);
    await spark.streams.resetTerminated();
  });

  it('reads a table and a rate source as streams', async () => {
    const src = `${db}.src`;
    await spark.sql(`CREATE TABLE ${src} (k INT) USING parquet`);
    await spark.sql(`INSERT INTO ${src} VALUES (7), (8)`);
    const fromTable = spark.readStream.table(src);
    expect(await fromTable.isStreaming()).toBe(true);
    const q = track(await fromTable.writeStream.format('memory').queryName(name('fromtbl')).start());
    await q.processAllAvailable();
    expect(await rows(`SELECT k FROM ${name('fromtbl')} ORDER BY k`)).toEqual([{ k: 7 }, { k: 8 }]);
    await q.stop();

    const rate = spark.readStream.format('rate').option('rowsPerSecond', 1).load();
    expect(await rate.isStreaming()).toBe(true);
    expect(await rate.columns()).toEqual(['timestamp', 'value']);
  });

  it('rejects an invalid output mode or trigger before reaching the server, and an impossible mode on the server', async () => {
    const w = people().writeStream;
    expect(() => w.outputMode('overwrite' as never)).toThrow(TypeError);
    expect(() => w.outputMode('overwrite' as never)).toThrow(
      /Unknown output mode "overwrite"; use one of append, complete, update/,
    );
    expect(() => w.trigger({} as never)).toThrow(
      /exactly one of processingTime, once, availableNow, continuous, realTime, got none/,
    );
    expect(() => w.trigger({ once: true, availableNow: true } as never)).toThrow(/got once, availableNow/);
    expect(() => w.trigger({ everySecond: true } as never)).toThrow(/Unknown trigger 'everySecond'/);
    expect(() => w.trigger({ processingTime: ' ' })).toThrow(/non-empty interval/);
    expect(() => w.trigger({ once: false } as never)).toThrow(/once must be true/);
    // Complete mode needs an aggregation: the server refuses to start the query.
    await expect(
      people().writeStream.outputMode('complete').format('memory').queryName(name('bad')).start(),
    ).rejects.toBeInstanceOf(AnalysisException);
  });

  it('surfaces a failing query (bad cast under ANSI) through awaitTermination and exception()', async () => {
    const badDir = jsonDir('bad', [[{ v: '1' }, { v: 'x' }]]);
    const q = track(
      await spark.readStream
        .schema(new StructType().add('v', 'string'))
        .json(badDir)
        .select(col('v').cast('int').alias('n'))
        .writeStream.format('memory')
        .queryName(name('fail'))
        .start(),
    );
    const err = await q.awaitTermination().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamingQueryException);
    expect(String((err as Error).message)).toMatch(/CAST_INVALID_INPUT/);
    expect(await q.isActive()).toBe(false);
    const ex = await q.exception();
    expect(ex).toBeInstanceOf(StreamingQueryException);
    expect(ex?.message).toMatch(/CAST_INVALID_INPUT/);
    expect(ex?.message).not.toMatch(/^org\.apache/);
  });

  it(
    atLeast(version, 4, 0)
      ? 'sends clusterBy to the server (Spark 4.0+)'
      : 'refuses clusterBy on Spark 3.5 with UnsupportedServerVersionError',
    async () => {
      const w = people()
        .writeStream.clusterBy('id')
        .option('checkpointLocation', path('cl-chk'))
        .trigger({ availableNow: true });
      if (!atLeast(version, 4, 0)) {
        await expect(w.toTable(`${db}.clustered`)).rejects.toBeInstanceOf(UnsupportedServerVersionError);
        return;
      }
      const q = track(await w.toTable(`${db}.clustered`));
      expect(await q.awaitTermination()).toBe(true);
      expect(await spark.table(`${db}.clustered`).count()).toBe(4);
    },
  );
});
