import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalysisException,
  SparkConnectClient,
  SparkConnectError,
  type SparkSession,
} from '../../src/index.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { atLeast, oldestAndNewestSpark } from '../support/matrix.js';
import { countCalls } from './support.js';

describe.each(oldestAndNewestSpark())('load on Spark $version', ({ version, url }) => {
  const figures: Record<string, unknown> = {};
  let proxy: FaultProxy;

  beforeAll(async () => {
    const port = Number(new URL(url.replace('sc://', 'http://')).port);
    proxy = new FaultProxy({ target: { host: '127.0.0.1', port } });
    await proxy.start();
  });

  afterAll(async () => {
    console.log(`[load figures] Spark ${version}: ${JSON.stringify(figures)}`);
    await proxy?.close();
  });

  it('1,000 sessions opened and released on one client: distinct, usable, and gone on the server', async () => {
    const TOTAL = 1000;
    const WAVE = 25;
    const client = new SparkConnectClient(url);
    try {
      const ids = new Set<string>();
      const released: [id: string, k: number][] = [];
      let wrong = 0;
      let keptState = 0;
      const t0 = performance.now();
      for (let wave = 0; wave < TOTAL / WAVE; wave++) {
        await Promise.all(
          Array.from({ length: WAVE }, async (_, j) => {
            const k = wave * WAVE + j;
            const spark = await client.createSession();
            ids.add(spark.sessionId);
            // Every tenth session also runs a query, so sessions are really in use.
            if (k % 10 === 0) {
              const [row] = await spark.range(k, k + 1).collect();
              if (row.get('id') !== BigInt(k)) wrong++;
            }
            // The server remembers only the last 1,000 closed sessions (its tombstone cache, shared with
            // other clients): check ids released near the end, with some state of their own.
            const checked = k >= TOTAL - 100 && k % 25 === 0;
            if (checked) await spark.sql(`CREATE TEMPORARY VIEW load_v AS SELECT ${k} AS k`);
            await spark.stop();
            expect(spark.isStopped).toBe(true);
            if (checked) released.push([spark.sessionId, k]);
          }),
        );
      }
      const seconds = (performance.now() - t0) / 1000;
      expect({ distinct: ids.size, wrong }).toEqual({ distinct: TOTAL, wrong: 0 });

      // Spark 4.0+ released them: a released session id is refused, with a typed error. Spark 3.5
      // has no ReleaseSession: stop() ends the session on the client only, and the server keeps
      // its state until it expires (reusing the id finds it).
      for (const [id, k] of released) {
        const reused = await client.createSession({ sessionId: id }).then(
          (s) => s,
          (e: unknown) => e as Error,
        );
        if (atLeast(version, 4, 0)) {
          expect(reused).toBeInstanceOf(SparkConnectError);
          expect((reused as Error).message).toMatch(/SESSION_CLOSED/);
        } else {
          // 3.5 keeps at most 100 sessions in a cache that evicts per segment, so a recent one may
          // already be gone: the id then opens a fresh session (no view); most keep their state.
          const again = reused as SparkSession;
          const view = await again
            .table('load_v')
            .collect()
            .then(
              (rows) => rows[0].get('k'),
              (e: unknown) => e as Error,
            );
          if (view instanceof Error)
            expect((view as AnalysisException).errorClass).toBe('TABLE_OR_VIEW_NOT_FOUND');
          else {
            expect(view).toBe(k);
            keptState++;
          }
          await again.stop();
        }
      }
      if (!atLeast(version, 4, 0)) expect(keptState).toBeGreaterThan(0);
      // The client is still healthy after all that.
      const last = await client.createSession();
      expect(await last.range(0, 1000, 1, 2).count()).toBe(1000);
      await last.stop();
      figures.sessions = {
        opened: TOTAL,
        seconds: Number(seconds.toFixed(1)),
        sessionsPerSecond: Number((TOTAL / seconds).toFixed(1)),
      };
    } finally {
      await client.close();
    }
  }, 600_000);

  it('200 concurrent queries over 20 sessions through cut connections: every result exact', async () => {
    const SESSIONS = 20;
    const PER_SESSION = 10;
    const client = new SparkConnectClient(proxy.url());
    try {
      const sessions: SparkSession[] = [];
      for (let s = 0; s < SESSIONS; s++) sessions.push(await client.createSession());
      const calls = countCalls(sessions[0], ['executePlan', 'reattachExecute']);
      const cutsBefore = proxy.cuts;
      const connectionsBefore = proxy.connections;
      // Every cut breaks all the streams in flight at once (they share the client's connection).
      proxy.setCutPolicy({ afterBytes: 1_500_000, maxCuts: 4 });
      const t0 = performance.now();
      const jobs = sessions.flatMap((spark, s) =>
        Array.from({ length: PER_SESSION }, async (_, q) => {
          const k = s * PER_SESSION + q;
          const start = k * 100_000;
          const n = 4_000 + k;
          const seen = new Uint8Array(n);
          let rows = 0;
          let repeated = 0;
          let wrong = 0;
          let outOfOrder = 0;
          const df = spark.range(start, start + n, 1, 2).selectExpr('id', `id * ${k} AS x`, `'s${k}' AS tag`);
          for await (const row of df) {
            const id = row.get('id') as bigint;
            const i = Number(id) - start;
            if (i < 0 || i >= n) wrong++;
            else if (seen[i] === 1) repeated++;
            else seen[i] = 1;
            if (i !== rows) outOfOrder++;
            if (row.get('x') !== id * BigInt(k) || row.get('tag') !== `s${k}`) wrong++;
            rows++;
          }
          const missing = n - seen.reduce((a, b) => a + b, 0);
          return { k, rows: rows === n, missing, repeated, wrong, outOfOrder };
        }),
      );
      const results = await Promise.all(jobs);
      const seconds = (performance.now() - t0) / 1000;
      proxy.setCutPolicy(undefined);
      const bad = results.filter((r) => !r.rows || r.missing + r.repeated + r.wrong + r.outOfOrder > 0);
      expect(bad).toEqual([]);
      expect(results).toHaveLength(SESSIONS * PER_SESSION);
      const cuts = proxy.cuts - cutsBefore;
      expect(cuts).toBe(4);
      expect(proxy.connections - connectionsBefore).toBeGreaterThanOrEqual(4); // one new connection per cut
      expect(calls.reattachExecute).toBeGreaterThanOrEqual(1);
      figures.concurrent = {
        queries: results.length,
        sessions: SESSIONS,
        rows: results.reduce((a, r) => a + 4_000 + r.k, 0),
        cuts,
        executePlans: calls.executePlan,
        reattaches: calls.reattachExecute,
        seconds: Number(seconds.toFixed(1)),
      };
    } finally {
      await client.close();
    }
  }, 600_000);
});
