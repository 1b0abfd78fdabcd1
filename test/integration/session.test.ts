import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidConnectionStringError,
  SparkConnectClient,
  SparkConnectionError,
  SparkSession,
  SparkSessionError,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { atLeast, serverMatrix } from '../support/matrix.js';
import { sailIt } from '../support/sail.js';

describe.each(serverMatrix({ sail: true }))('sessions on Spark %s', (version, url) => {
  const test = sailIt(version, 'sessions');
  let client: SparkConnectClient;
  beforeAll(() => {
    client = new SparkConnectClient(url);
  });
  afterAll(async () => {
    await client.close();
  });

  test('creates a session with a UUID id and reports the server version', async () => {
    const spark = await client.createSession();
    expect(spark.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(spark.version.startsWith(version.split('.').slice(0, 2).join('.'))).toBe(true);
    await spark.stop();
  });

  test('applies builder configs on creation and reuses the session in getOrCreate', async () => {
    const remote = `${url}/;session_id=${randomUUID()}`;
    const a = await SparkSession.builder()
      .remote(remote)
      .appName('it')
      .config('spark.sql.shuffle.partitions', 7)
      .getOrCreate();
    const b = await SparkSession.builder().remote(remote).getOrCreate();
    expect(b).toBe(a);
    expect(await a.conf.get('spark.sql.shuffle.partitions')).toBe('7');
    expect(a.appName).toBe('it');
    const c = await SparkSession.builder().remote(remote).create();
    expect(c).not.toBe(a);
    await c.stop();
    await a.stop();
    const d = await SparkSession.builder().remote(url).getOrCreate();
    expect(d).not.toBe(a);
    await d.stop();
  });

  test('rejects an unknown conf value type and a conf the server refuses', async () => {
    await expect(
      SparkSession.builder().remote(url).config('spark.sql.shuffle.partitions', 'not-a-number').create(),
    ).rejects.toThrow(/shuffle\.partitions/);
  });

  test('spark.conf get / set / unset / getAll / isModifiable', async () => {
    const spark = await client.createSession();
    await spark.conf.set('spark.sql.shuffle.partitions', 5);
    expect(await spark.conf.get('spark.sql.shuffle.partitions')).toBe('5');
    expect(await spark.conf.get('spark.test.unset.key', 'dflt')).toBe('dflt');
    expect(await spark.conf.get('spark.test.unset.key', null)).toBeNull();
    await spark.conf.set('spark.test.custom', 'x');
    const all = await spark.conf.getAll();
    expect(all['spark.test.custom']).toBe('x');
    expect(Object.keys(await spark.conf.getAll('spark.test.'))).toEqual(['spark.test.custom']);
    await spark.conf.unset('spark.sql.shuffle.partitions');
    expect(await spark.conf.get('spark.sql.shuffle.partitions')).not.toBe('5');
    expect(await spark.conf.isModifiable('spark.sql.shuffle.partitions')).toBe(true);
    expect(await spark.conf.isModifiable('spark.driver.memory')).toBe(false);
    await spark.stop();
  });

  test('newSession() gets a fresh id and its own configuration on the same channel', async () => {
    const a = await client.createSession();
    await a.conf.set('spark.sql.shuffle.partitions', 9);
    const b = await a.newSession();
    expect(b.sessionId).not.toBe(a.sessionId);
    expect(b.client).toBe(a.client);
    expect(await b.conf.get('spark.sql.shuffle.partitions')).toBe('2');
    await (await a.sql('CREATE TEMPORARY VIEW only_in_a AS SELECT 1 AS x')).collect();
    await expect(b.sql('SELECT * FROM only_in_a')).rejects.toThrow(/only_in_a/);
    await a.stop();
    await b.stop();
  });

  test('cloneSession() copies conf and temp views on 4.1+, and fails clearly before', async () => {
    const a = await client.createSession();
    await a.conf.set('spark.sql.shuffle.partitions', 11);
    await a.sql('CREATE TEMPORARY VIEW clone_src AS SELECT 42 AS answer');
    if (atLeast(version, 4, 1)) {
      const b = await a.cloneSession();
      expect(b.sessionId).not.toBe(a.sessionId);
      expect(await b.conf.get('spark.sql.shuffle.partitions')).toBe('11');
      const rows = await (await b.sql('SELECT answer FROM clone_src')).collect();
      expect(rows[0].get('answer')).toBe(42);
      await b.stop();
    } else {
      await expect(a.cloneSession()).rejects.toBeInstanceOf(UnsupportedServerVersionError);
    }
    await a.stop();
  });

  test('stop() is idempotent, later calls reject clearly, and await using stops', async () => {
    const spark = await client.createSession();
    await spark.stop();
    await spark.stop();
    expect(spark.isStopped).toBe(true);
    await expect(spark.sql('SELECT 1')).rejects.toBeInstanceOf(SparkSessionError);
    await expect(spark.range(3).collect()).rejects.toThrow(/stopped/);
    let kept: SparkSession | undefined;
    {
      await using s = await client.createSession();
      kept = s;
      expect((await s.range(2).collect()).length).toBe(2);
    }
    expect(kept.isStopped).toBe(true);
  });

  test('a released session id cannot be silently reused on 4.x', async () => {
    const id = randomUUID();
    const a = await client.createSession({ sessionId: id });
    await a.range(1).collect();
    await a.stop();
    if (atLeast(version, 4, 0)) {
      await expect(client.createSession({ sessionId: id })).rejects.toThrow(/SESSION_CLOSED|closed/i);
    }
  });

  test('a builder session closes its own channel on stop', async () => {
    const spark = await SparkSession.builder().remote(url).create();
    await spark.range(1).collect();
    await spark.stop();
    expect(spark.client.isClosed).toBe(true);
  });

  test('runs many sessions on one client concurrently', async () => {
    const sessions = await Promise.all([1, 2, 3, 4].map(() => client.createSession()));
    const counts = await Promise.all(sessions.map((s, i) => s.range(0, 100 * (i + 1)).count()));
    expect(counts).toEqual([100, 200, 300, 400]);
    await Promise.all(sessions.map((s) => s.stop()));
  });
});

describe('connection failures', () => {
  it('an unreachable server gives a SparkConnectionError naming the endpoint, quickly', async () => {
    const started = Date.now();
    const err = await SparkSession.builder()
      .remote('sc://127.0.0.1:1')
      .retryPolicy({ maxConnectRefusedMs: 500 })
      .create()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SparkConnectionError);
    expect((err as Error).message).toContain('127.0.0.1:1');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('a malformed connection string throws InvalidConnectionStringError', async () => {
    await expect(SparkSession.builder().remote('http://localhost:15002').create()).rejects.toBeInstanceOf(
      InvalidConnectionStringError,
    );
  });
});
