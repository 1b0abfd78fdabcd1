/**
 * StreamingQueryListener against real servers (the listener bus of Spark 4.0+): started /
 * progress / terminated events of a small availableNow query into a memory sink, several
 * listeners, removal, a throwing listener, close(), session stop; 3.5 refuses before sending.
 * Also the Spark 4.2+ reader and trigger features (name(), changes(), realTime), refused by older
 * servers on the client. Sail (no listener bus) asserts the clear error once.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnalysisException,
  type QueryProgressEvent,
  type QueryStartedEvent,
  type QueryTerminatedEvent,
  type SparkSession,
  type StreamingQuery,
  type StreamingQueryListener,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { atLeast, expectUnsupportedOn, isSail, newSession, serverMatrix } from '../support/matrix.js';

/** A listener recording its events, with a bounded wait for a query's terminated event. */
function recorder() {
  const started: QueryStartedEvent[] = [];
  const progress: QueryProgressEvent[] = [];
  const terminated: QueryTerminatedEvent[] = [];
  const order: string[] = [];
  const waiters: { id: string; resolve: () => void }[] = [];
  const listener: StreamingQueryListener = {
    onQueryStarted: (e) => {
      started.push(e);
      order.push('started');
    },
    onQueryProgress: (e) => {
      progress.push(e);
      order.push('progress');
    },
    onQueryTerminated: (e) => {
      terminated.push(e);
      order.push('terminated');
      for (const w of waiters) if (w.id === e.id) w.resolve();
    },
  };
  const terminatedOf = (id: string, timeoutMs = 30_000): Promise<void> => {
    if (terminated.some((e) => e.id === id)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no onQueryTerminated for ${id} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      waiters.push({
        id,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  };
  return { listener, started, progress, terminated, order, terminatedOf };
}

/** \`it\` for the servers a test applies to; each version gets its own test (none is skipped). */
const itWhen = (applies: boolean): typeof it | ((...args: Parameters<typeof it>) => void) =>
  applies ? it : () => undefined;

// Sail has no listener bus: one test asserts the clear error, the rest runs on Spark only.
const sail = serverMatrix({ sail: true }).filter(([v]) => isSail(v));
const sparkLines = serverMatrix().filter(([v]) => !isSail(v));

describe.each(sail)('streaming query listeners on %s', (version, url) => {
  it('addListener() is refused by name: Sail has no streaming query listener bus', async () => {
    const session = await newSession(url);
    try {
      const add = () => session.streams.addListener(recorder().listener);
      expect(await expectUnsupportedOn(version, 'StreamingQueryManager.addListener', add)).toBe(true);
      expect(session.streams.listeners).toEqual([]);
    } finally {
      await session.stop();
    }
  });
});

describe.each(sparkLines)('streaming query listeners on Spark %s', (version, url) => {
  let spark: SparkSession;
  let dir: string;
  let inputDir: string;
  const tag = `${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const queries: StreamingQuery[] = [];
  const hasBus = atLeast(version, 4, 0);
  let n = 0;

  /** Runs an availableNow query over the 3 input rows into a memory sink, to its end. */
  async function runQuery(): Promise<StreamingQuery> {
    const name = `lsn_${tag}_${n++}`;
    const q = await spark.readStream
      .schema('id INT')
      .json(inputDir)
      .writeStream.format('memory')
      .queryName(name)
      .option('checkpointLocation', join(dir, `chk-${name}`))
      .trigger({ availableNow: true })
      .start();
    queries.push(q);
    await q.awaitTermination(60_000);
    return q;
  }

  beforeAll(async () => {
    spark = await newSession(url);
    dir = mkdtempSync(join(tmpdir(), 'sct-lsn-'));
    inputDir = join(dir, 'in');
    mkdirSync(inputDir);
    writeFileSync(join(inputDir, 'a.json'), '{"id":1}\n{"id":2}\n');
    writeFileSync(join(inputDir, 'b.json'), '{"id":3}\n');
  });
  afterAll(async () => {
    for (const q of queries) await q.stop().catch(() => undefined);
    await spark?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  itWhen(hasBus)(
    '4.0+: a listener gets onQueryStarted, onQueryProgress (3 input rows in all) and onQueryTerminated with the exact query id and name',
    async () => {
      const r = recorder();
      await spark.streams.addListener(r.listener);
      try {
        const q = await runQuery();
        await r.terminatedOf(q.id);
        expect(r.started).toEqual([
          {
            id: q.id,
            runId: q.runId,
            name: q.name,
            timestamp: expect.any(String),
            jobTags: expect.any(Array),
          },
        ]);
        const mine = r.progress.filter((e) => e.progress.id === q.id);
        expect(mine.length).toBeGreaterThanOrEqual(1);
        expect(mine.every((e) => e.progress.runId === q.runId && e.progress.name === q.name)).toBe(true);
        expect(mine.reduce((s, e) => s + e.progress.numInputRows, 0)).toBe(3);
        expect(r.terminated).toEqual([
          { id: q.id, runId: q.runId, exception: null, errorClassOnException: null },
        ]);
        expect(r.order[0]).toBe('started');
        expect(r.order[r.order.length - 1]).toBe('terminated');
      } finally {
        await spark.streams.removeListener(r.listener);
      }
      expect(spark.streams.listeners).toEqual([]);
    },
  );

  itWhen(hasBus)(
    '4.0+: two listeners both get the events; a throwing listener is reported as a warning and does not stop the other; a removed one gets nothing',
    async () => {
      const a = recorder();
      const b = recorder();
      const removed = recorder();
      const warnings: Error[] = [];
      const onWarning = (w: Error) => {
        if (w.name === 'StreamingQueryListenerWarning') warnings.push(w);
      };
      process.on('warning', onWarning);
      const thrower: StreamingQueryListener = {
        onQueryProgress: () => {
          throw new Error('listener bug');
        },
        onQueryTerminated: async () => {
          throw new Error('async listener bug');
        },
      };
      try {
        await spark.streams.addListener(thrower);
        await spark.streams.addListener(a.listener);
        await spark.streams.addListener(removed.listener);
        await spark.streams.addListener(b.listener);
        await spark.streams.removeListener(removed.listener);
        expect(spark.streams.listeners).toEqual([thrower, a.listener, b.listener]);
        const q = await runQuery();
        await Promise.all([a.terminatedOf(q.id), b.terminatedOf(q.id)]);
        for (const r of [a, b]) {
          expect(r.started.map((e) => e.id)).toEqual([q.id]);
          expect(r.progress.reduce((s, e) => s + e.progress.numInputRows, 0)).toBe(3);
          expect(r.terminated.map((e) => e.id)).toEqual([q.id]);
        }
        // Events reach every listener in the same pass: b has them, so a removed one would too.
        expect(removed.order).toEqual([]);
        // The rejected promise of the async callback is reported a tick later.
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings.some((w) => w.message.includes('onQueryProgress threw: listener bug'))).toBe(true);
        expect(warnings.some((w) => w.message.includes('onQueryTerminated threw: async listener bug'))).toBe(
          true,
        );
      } finally {
        process.off('warning', onWarning);
        await spark.streams.close();
      }
      expect(spark.streams.listeners).toEqual([]);
      // The event stream is closed: a new listener opens a new one and still works.
      const c = recorder();
      await spark.streams.addListener(c.listener);
      const q2 = await runQuery();
      await c.terminatedOf(q2.id);
      expect(a.terminated).toHaveLength(1);
      await spark.streams.removeListener(c.listener);
    },
  );

  itWhen(hasBus)(
    '4.0+: stopping a session with a registered listener ends its event stream without a warning',
    async () => {
      const other = await newSession(url);
      const warnings: Error[] = [];
      const onWarning = (w: Error) => warnings.push(w);
      process.on('warning', onWarning);
      try {
        await other.streams.addListener({ onQueryProgress: () => undefined });
        await other.stop();
        expect(other.streams.listeners).toEqual([]);
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings).toEqual([]);
      } finally {
        process.off('warning', onWarning);
      }
    },
  );

  itWhen(!hasBus)(
    '3.5: addListener() rejects with UnsupportedServerVersionError before sending; removeListener()/close() are no-ops',
    async () => {
      const listener: StreamingQueryListener = { onQueryStarted: () => undefined };
      const err = await spark.streams.addListener(listener).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnsupportedServerVersionError);
      expect((err as Error).message).toContain(`StreamingQueryManager.addListener needs Spark 4.0 or newer`);
      expect((err as Error).message).toContain(version);
      await spark.streams.removeListener(listener);
      await spark.streams.close();
      expect(spark.streams.listeners).toEqual([]);
      // The session still works.
      expect((await spark.range(2).collect()).length).toBe(2);
    },
  );

  itWhen(!atLeast(version, 4, 2))(
    'before 4.2: readStream.name(), changes() and trigger({ realTime }) throw UnsupportedServerVersionError naming the method and version',
    async () => {
      expect(() => spark.readStream.name('src')).toThrow(UnsupportedServerVersionError);
      expect(() => spark.readStream.name('src')).toThrow(
        `DataStreamReader.name needs Spark 4.2 or newer; this server runs Spark ${spark.version}`,
      );
      expect(() => spark.readStream.changes('t')).toThrow(
        `DataStreamReader.changes needs Spark 4.2 or newer; this server runs Spark ${spark.version}`,
      );
      const start = spark.readStream
        .format('rate')
        .load()
        .writeStream.format('memory')
        .queryName(`rt_${tag}`)
        .trigger({ realTime: '5 seconds' })
        .start();
      await expect(start).rejects.toThrow(
        `DataStreamWriter.trigger({ realTime }) needs Spark 4.2 or newer; this server runs Spark ${spark.version}`,
      );
      expect(await spark.streams.active()).toEqual([]);
    },
  );

  itWhen(atLeast(version, 4, 2))(
    '4.2+: readStream.name() reaches the server (refused unless source evolution is on, then rows arrive); changes() and realTime reach it too',
    async () => {
      const named = () =>
        spark.readStream
          .schema('id INT')
          .name('src_a')
          .json(inputDir)
          .writeStream.format('memory')
          .queryName(`named_${tag}`)
          .option('checkpointLocation', join(dir, 'chk-named'))
          .trigger({ availableNow: true });
      const off = await named()
        .start()
        .catch((e: unknown) => e);
      expect(off).toBeInstanceOf(AnalysisException);
      expect((off as AnalysisException).errorClass).toBe(
        'STREAMING_QUERY_EVOLUTION_ERROR.SOURCE_NAMING_NOT_SUPPORTED',
      );
      await spark.conf.set('spark.sql.streaming.queryEvolution.enableSourceEvolution', 'true');
      try {
        const q = await named().start();
        queries.push(q);
        await q.awaitTermination(60_000);
        const rows = await (await spark.sql(`SELECT id FROM named_${tag} ORDER BY id`)).collect();
        expect(rows.map((r) => r.toJSON())).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
      } finally {
        await spark.conf.unset('spark.sql.streaming.queryEvolution.enableSourceEvolution');
      }

      await spark.sql(`CREATE TABLE cdc_${tag} (id INT) USING parquet`);
      try {
        const cdc = await spark.readStream
          .changes(`cdc_${tag}`)
          .isStreaming()
          .catch((e: unknown) => e);
        expect(cdc).toBeInstanceOf(AnalysisException);
        expect((cdc as AnalysisException).errorClass).toBe('UNSUPPORTED_FEATURE.CHANGE_DATA_CAPTURE');
      } finally {
        await spark.sql(`DROP TABLE IF EXISTS cdc_${tag}`);
      }

      const rt = await spark.readStream
        .format('rate')
        .load()
        .writeStream.format('memory')
        .queryName(`rt_${tag}`)
        .trigger({ realTime: '5 seconds' })
        .start()
        .catch((e: unknown) => e);
      expect((rt as { errorClass?: string }).errorClass).toBe(
        'STREAMING_REAL_TIME_MODE.OPERATOR_OR_SINK_NOT_IN_ALLOWLIST',
      );
    },
  );
});
