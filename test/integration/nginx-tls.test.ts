/**
 * TLS through a real TLS-terminating gRPC ingress: nginx (`grpc_pass`) in front of a real Spark
 * Connect server, with a CA, server, wrong-host and client certificates made by the test.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparkConnectionError, SparkSession, type TlsOptions } from '../../src/index.js';
import { generateTestCerts, type TestCerts } from '../support/certs.js';
import { isSail, serverMatrix, versionOf } from '../support/matrix.js';
import { NginxTlsProxy } from '../support/nginx.js';

function parseTarget(url: string): { host: string; port: number } {
  const m = /^sc:\/\/([^:/]+):(\d+)/.exec(url);
  if (!m) throw new Error(`bad server url ${url}`);
  return { host: m[1], port: Number(m[2]) };
}

describe.each(serverMatrix({ sail: true }))(
  'TLS through nginx (a real gRPC ingress) to Spark %s',
  (version, serverUrl) => {
    let certs: TestCerts;
    let nginx: NginxTlsProxy;
    let wrongHost: NginxTlsProxy;
    let mtls: NginxTlsProxy;

    beforeAll(async () => {
      certs = await generateTestCerts();
      const target = parseTarget(serverUrl);
      nginx = new NginxTlsProxy({ target, server: certs.server });
      wrongHost = new NginxTlsProxy({ target, server: certs.wrongHost });
      mtls = new NginxTlsProxy({ target, server: certs.server, clientCa: certs.ca });
      await nginx.start();
      await wrongHost.start();
      await mtls.start();
    });

    afterAll(async () => {
      await Promise.all([nginx?.close(), wrongHost?.close(), mtls?.close()]);
      await certs?.cleanup();
    });

    async function open(url: string, tls?: TlsOptions): Promise<SparkSession> {
      const builder = SparkSession.builder().remote(url);
      if (tls) builder.tls(tls);
      return builder.create();
    }

    async function failure(url: string, tls?: TlsOptions): Promise<Error> {
      return open(url, tls).then(
        async (s) => {
          await s.stop();
          return new Error('expected the TLS connection to fail');
        },
        (e: Error) => e,
      );
    }

    it('a trusted CA works: SQL, a streamed result and unary calls go through nginx', async () => {
      for (const host of ['localhost', '127.0.0.1']) {
        const spark = await open(`sc://${host}:${nginx.port}/;use_ssl=true`, { ca: certs.ca });
        try {
          // Sail reports the Spark line it implements.
          const line = isSail(version) ? versionOf(version).join('.') : version;
          expect(spark.version.startsWith(`${line}.`)).toBe(true);
          expect((await (await spark.sql('SELECT 41 + 1 AS a')).collect())[0].get('a')).toBe(42);
          let rows = 0;
          let sum = 0n;
          for await (const row of spark.range(0, 200_000, 1, 4).toLocalIterator()) {
            rows++;
            sum += row.get('id') as bigint;
          }
          expect([rows, sum]).toEqual([200_000, 19_999_900_000n]);
          await spark.conf.set('spark.sql.shuffle.partitions', 3);
          expect(await spark.conf.get('spark.sql.shuffle.partitions')).toBe('3');
        } finally {
          await spark.stop();
        }
      }
    });

    it('an untrusted certificate fails with a clear SparkConnectionError', async () => {
      // No `ca`: Node's default CAs do not trust the test CA.
      const err = await failure(`sc://localhost:${nginx.port}/;use_ssl=true`);
      expect(err).toBeInstanceOf(SparkConnectionError);
      expect(err.message).toBe(
        `TLS handshake with Spark Connect server at localhost:${nginx.port} failed: ` +
          'the server certificate is not signed by a trusted CA (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
      );
    });

    it('a certificate for another host fails with a clear SparkConnectionError', async () => {
      const err = await failure(`sc://localhost:${wrongHost.port}/;use_ssl=true`, { ca: certs.ca });
      expect(err).toBeInstanceOf(SparkConnectionError);
      expect(err.message).toContain(
        `TLS handshake with Spark Connect server at localhost:${wrongHost.port} failed`,
      );
      expect(err.message).toMatch(/localhost.*wrong-host\.example\.com.*ERR_TLS_CERT_ALTNAME_INVALID/);
    });

    it('mTLS: a client certificate signed by the CA works; without one nginx refuses clearly', async () => {
      const spark = await open(`sc://localhost:${mtls.port}/;use_ssl=true`, {
        ca: certs.ca,
        cert: certs.client.cert,
        key: certs.client.key,
      });
      try {
        expect(await spark.range(10).count()).toBe(10);
      } finally {
        await spark.stop();
      }
      const err = await failure(`sc://localhost:${mtls.port}/;use_ssl=true`, { ca: certs.ca });
      expect(err).toBeInstanceOf(SparkConnectionError);
      expect(err.message).toContain(`localhost:${mtls.port}`);
      expect(err.message).toMatch(/client certificate/i);
      // The client key never shows in the error.
      expect(inspect(err, { depth: 20 })).not.toContain(certs.client.key.split('\n')[1]);
    });
  },
);
