/**
 * A session the server expired (a server started with a 5 s
 * `spark.connect.session.manager.defaultSessionTimeout`; the server closes idle sessions on its
 * maintenance tick, every 30 s): its next call fails with a clear SparkSessionError, the session
 * counts as stopped, and `getOrCreate()` then makes a new one.
 *
 * Spark 4.0+ only: the session manager with idle timeouts came with 4.0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparkSession, SparkSessionError } from '../../src/index.js';
import { atLeast } from '../support/matrix.js';
import { faultTestVersions, startServer, stopServer } from '../support/servers.js';

// The fault tier's lines (3.5 and the newest by default) that have session expiry (4.0+).
const versions = faultTestVersions().filter((v) => atLeast(v, 4, 0));
/** Ports of the short-timeout servers: 17810 + major * 10 + minor (4.3 -> 17853). */
const portOf = (v: string) => 17810 + Number(v.split('.')[0]) * 10 + Number(v.split('.')[1]);

describe.runIf(versions.length > 0).each(versions)('an expired session on Spark %s', (version) => {
  let url: string;

  beforeAll(async () => {
    url = await startServer(version, {
      port: portOf(version),
      conf: { 'spark.connect.session.manager.defaultSessionTimeout': '5s' },
    });
  });

  afterAll(async () => {
    await stopServer(version, portOf(version));
  });

  it('fails its next call with SparkSessionError, and getOrCreate() makes a new session', async () => {
    const spark = await SparkSession.builder().remote(url).getOrCreate();
    let err: unknown;
    const t0 = Date.now();
    // Idle 12 s (more than the 5 s timeout) between calls until the server's maintenance tick closed the session.
    while (err === undefined && Date.now() - t0 < 100_000) {
      await new Promise((r) => setTimeout(r, 12_000));
      err = await spark.conf.get('spark.sql.shuffle.partitions').then(
        () => undefined,
        (e: unknown) => e,
      );
    }
    expect(err).toBeInstanceOf(SparkSessionError);
    expect((err as SparkSessionError).errorClass).toBe('INVALID_HANDLE.SESSION_CLOSED');
    expect((err as Error).message).toContain(`The server lost session ${spark.sessionId}`);
    expect((err as Error).message).toContain('Create a new session.');
    expect(spark.isStopped).toBe(true);
    // Every later call fails the same way at once, without a round trip.
    await expect(spark.range(1).collect()).rejects.toBeInstanceOf(SparkSessionError);

    const fresh = await SparkSession.builder().remote(url).getOrCreate();
    try {
      expect(fresh).not.toBe(spark);
      expect(fresh.sessionId).not.toBe(spark.sessionId);
      expect((await fresh.range(3).collect()).length).toBe(3);
    } finally {
      await fresh.stop();
    }
  }, 150_000);
});
