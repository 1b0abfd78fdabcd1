/**
 * The Spark steps of `spark-connect check`, on one session: authentication and session creation,
 * server version, a config round trip, SELECT 1 latencies, a shuffle, a streamed result (counting
 * the reattaches from the library's debug log), an artifact upload, an optional table write, and
 * the release of the session.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SparkAuthenticationError, type SparkSession, UnsupportedOperationException } from '../../index.js';
import { builderFor, type Values } from '../options.js';
import type { StepResult } from './report.js';

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export interface SessionCheckOptions {
  queries: number;
  streamRows: number;
  token: boolean;
  signal: AbortSignal;
}

/** The session steps; each returns a StepResult or throws (a failed step). */
export class SessionChecks {
  private spark: SparkSession | undefined;
  private reattaches = 0;

  constructor(
    private readonly values: Values,
    private readonly opts: SessionCheckOptions,
  ) {}

  private session(): SparkSession {
    if (this.spark === undefined) throw new Error('no session');
    return this.spark;
  }

  async open(): Promise<StepResult> {
    const countReattach = (m: string) => {
      if (m.startsWith('spark-connect: reattach ')) this.reattaches++;
    };
    const logger = { debug: countReattach, info: () => {}, warn: () => {}, error: () => {} };
    try {
      this.spark = await builderFor(this.values, 'spark-connect-check').logger(logger, 'debug').create();
    } catch (e) {
      if (e instanceof SparkAuthenticationError) {
        return {
          status: 'fail',
          detail: `authentication rejected (${this.opts.token ? 'the token is wrong' : 'the server requires a token'}): ${e.message}`,
        };
      }
      throw e;
    }
    return {
      status: 'pass',
      detail: `session ${this.spark.sessionId} created${this.opts.token ? ', token accepted' : ''}`,
      data: { sessionId: this.spark.sessionId, token: this.opts.token },
    };
  }

  async server(): Promise<StepResult> {
    const spark = this.session();
    const version = spark.version;
    const features = spark.supportedFeatures();
    const missing = features.filter((f) => !f.supported).map((f) => f.api);
    const featureText = `${features.length - missing.length} of ${features.length} version-gated client features${
      missing.length > 0 ? ` (not: ${missing.join(', ')})` : ''
    }`;
    const data = { version, features: Object.fromEntries(features.map((f) => [f.name, f.supported])) };
    const m = /^(\d+)\.(\d+)/.exec(version);
    if (m === null) {
      return { status: 'warn', detail: `the server reports no Spark version; ${featureText}`, data };
    }
    const [major, minor] = [Number(m[1]), Number(m[2])];
    if (major < 3 || (major === 3 && minor < 5)) {
      return { status: 'fail', detail: `Spark ${version}: this client supports Spark 3.5 and newer`, data };
    }
    return { status: 'pass', detail: `Spark ${version}; ${featureText}`, data };
  }

  async configRoundTrip(): Promise<StepResult> {
    const spark = this.session();
    const key = 'spark.connect.check.roundtrip';
    const value = randomUUID();
    await spark.conf.set(key, value);
    const back = await spark.conf.get(key);
    await spark.conf.unset(key);
    if (back !== value)
      return { status: 'fail', detail: `set ${key}=${value} but read back ${String(back)}` };
    return { status: 'pass', detail: 'set, get and unset of a session config' };
  }

  async selectOne(): Promise<StepResult> {
    const spark = this.session();
    const times: number[] = [];
    for (let i = 0; i < this.opts.queries; i++) {
      const t0 = performance.now();
      const rows = await (await spark.sql('SELECT 1 AS one')).collect({ signal: this.opts.signal });
      times.push(performance.now() - t0);
      if (rows[0]?.get('one') !== 1) return { status: 'fail', detail: 'SELECT 1 did not return 1' };
    }
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 50);
    const p99 = percentile(times, 99);
    return {
      status: 'pass',
      detail: `${this.opts.queries} queries: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`,
      data: { queries: this.opts.queries, p50Ms: p50, p99Ms: p99 },
    };
  }

  async shuffle(): Promise<StepResult> {
    const spark = this.session();
    const df = await spark.sql(
      'SELECT id % 10 AS k, count(*) AS c FROM range(0, 100000, 1, 4) GROUP BY k ORDER BY k',
    );
    const rows = await df.collect({ signal: this.opts.signal });
    const ok =
      rows.length === 10 && rows.every((r, i) => Number(r.get('k')) === i && Number(r.get('c')) === 10_000);
    if (!ok)
      return {
        status: 'fail',
        detail: `GROUP BY over 100000 rows gave a wrong result (${rows.length} groups)`,
      };
    return { status: 'pass', detail: 'GROUP BY + ORDER BY over 100000 rows in 4 partitions (10 groups)' };
  }

  async stream(): Promise<StepResult> {
    const spark = this.session();
    const n = this.opts.streamRows;
    const before = this.reattaches;
    const t0 = performance.now();
    let count = 0;
    let sum = 0n;
    for await (const row of spark.range(0, n, 1, 4).toLocalIterator({ signal: this.opts.signal })) {
      count++;
      sum += row.get('id') as bigint;
    }
    const s = (performance.now() - t0) / 1000;
    const expected = (BigInt(n) * BigInt(n - 1)) / 2n;
    const reattaches = this.reattaches - before;
    if (count !== n || sum !== expected) {
      return {
        status: 'fail',
        detail: `streamed ${count} rows (sum ${sum}), expected ${n} (sum ${expected})`,
      };
    }
    return {
      status: 'pass',
      detail: `${n} rows streamed (reattachable execution, ${reattaches} reattaches), ${Math.round(n / s)} rows/s`,
      data: { rows: n, reattaches, rowsPerSecond: n / s },
    };
  }

  async artifact(): Promise<StepResult> {
    const spark = this.session();
    const dir = await mkdtemp(join(tmpdir(), 'spark-connect-check-'));
    try {
      const file = join(dir, `check-${randomUUID()}.txt`);
      const bytes = Buffer.from(`spark-connect check ${randomUUID()}\n`.repeat(64));
      await writeFile(file, bytes);
      await spark.addArtifacts(file, { file: true });
      return {
        status: 'pass',
        detail: `uploaded a ${bytes.length}-byte file artifact (CRC checked by the server)`,
      };
    } catch (e) {
      // A server implementation without artifacts (Sail) is not a broken deployment: the check
      // says what it lacks, as a warning; any other failure of the upload fails the step.
      if (e instanceof UnsupportedOperationException) {
        return {
          status: 'warn',
          detail: `the server does not support artifact upload (addArtifacts): ${e.name}: ${e.message.split('\n')[0]}`,
        };
      }
      throw e;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async writeTest(): Promise<StepResult> {
    const spark = this.session();
    const table = `spark_connect_check_${randomUUID().replaceAll('-', '')}`;
    await spark.sql(`CREATE TABLE ${table} USING parquet AS SELECT id FROM range(1000)`);
    try {
      const rows = await (await spark.sql(`SELECT count(*) AS n, sum(id) AS s FROM ${table}`)).collect();
      const n = Number(rows[0]?.get('n'));
      const s = Number(rows[0]?.get('s'));
      if (n !== 1000 || s !== 499_500)
        return { status: 'fail', detail: `read back ${n} rows (sum ${s}), expected 1000 (sum 499500)` };
      return { status: 'pass', detail: `wrote, read back and dropped table ${table} (1000 rows)` };
    } finally {
      await spark.sql(`DROP TABLE IF EXISTS ${table}`);
    }
  }

  async release(): Promise<StepResult> {
    const spark = this.session();
    this.spark = undefined;
    await spark.stop();
    return { status: 'pass', detail: 'session released' };
  }

  /** Stops the session if a step failed before release. */
  async close(): Promise<void> {
    const spark = this.spark;
    this.spark = undefined;
    await spark?.stop().catch(() => undefined);
  }
}
