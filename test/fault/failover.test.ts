/**
 * A reattach that a load balancer sends to another server (one that never saw the session or the
 * operation): Spark keeps executions per server, so the result cannot continue there. The user
 * must get a clear typed error, with the rows read so far an exact prefix of the result and none
 * repeated, never a result that silently ends early.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparkConnectError, SparkSession } from '../../src/index.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { serverMatrix } from '../support/matrix.js';
import { faultMatrix, startFaultServer, stopFaultServer } from './support.js';

/** The port of the run's default server of a line (the "other" backend). */
function defaultPort(version: string): number {
  const url = serverMatrix().find(([v]) => v === version)?.[1];
  if (url === undefined) throw new Error(`no default server of Spark ${version} in this run`);
  return Number(new URL(url.replace('sc://', 'http://')).port);
}

describe.each(faultMatrix())('a reattach that reaches another server (Spark %s)', (version, port) => {
  let proxy: FaultProxy;

  beforeAll(async () => {
    await startFaultServer(version);
    proxy = new FaultProxy({ target: { host: '127.0.0.1', port } });
    await proxy.start();
  });

  afterAll(async () => {
    await proxy?.close();
    await stopFaultServer(version);
  });

  it('fails with INVALID_HANDLE naming the lost session or operation; the rows read are an exact prefix', async () => {
    const N = 300_000;
    const spark = await SparkSession.builder().remote(proxy.url()).create();
    let next = 0;
    let outOfOrder = 0;
    let error: unknown;
    try {
      // One partition: ids arrive in order, so a prefix is easy to check.
      for await (const row of spark.range(0, N, 1, 1).toLocalIterator()) {
        if (row.get('id') !== BigInt(next)) outOfOrder++;
        next++;
        if (next === 1000) {
          // The balancer now picks the other server; the open connection breaks.
          proxy.retarget({ host: '127.0.0.1', port: defaultPort(version) });
          proxy.cutAll();
        }
      }
    } catch (e) {
      error = e;
    } finally {
      await spark.stop().catch(() => undefined);
    }
    expect(error, `the result ended after ${next} of ${N} rows without an error`).toBeInstanceOf(
      SparkConnectError,
    );
    expect((error as SparkConnectError).errorClass, String(error)).toMatch(
      /^INVALID_HANDLE\.(SESSION_NOT_FOUND|OPERATION_NOT_FOUND)$/,
    );
    expect(next).toBeGreaterThanOrEqual(1000);
    expect(next).toBeLessThan(N);
    expect(outOfOrder).toBe(0);
  }, 300_000);
});
