/**
 * TLS against real Spark Connect servers behind a TLS-terminating proxy with a CA made by the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparkConnectionError, SparkSession, type TlsOptions } from '../../src/index.js';
import { generateTestCerts, type TestCerts } from '../support/certs.js';
import { serverMatrix } from '../support/matrix.js';
import { TlsProxy } from '../support/tls-proxy.js';

function parseTarget(url: string): { host: string; port: number } {
  const m = /^sc:\/\/([^:/]+):(\d+)/.exec(url);
  if (!m) throw new Error(`bad server url ${url}`);
  return { host: m[1], port: Number(m[2]) };
}

describe.each(serverMatrix({ sail: true }))(
  'TLS through a TLS-terminating proxy to Spark %s',
  (_version, serverUrl) => {
    let certs: TestCerts;
    let proxy: TlsProxy;
    let wrongHostProxy: TlsProxy;
    let mtlsProxy: TlsProxy;

    beforeAll(async () => {
      certs = await generateTestCerts();
      const target = parseTarget(serverUrl);
      proxy = new TlsProxy({ target, ...certs.server });
      wrongHostProxy = new TlsProxy({ target, ...certs.wrongHost });
      mtlsProxy = new TlsProxy({ target, ...certs.server, requestCert: true, ca: certs.ca });
      await Promise.all([proxy.start(), wrongHostProxy.start(), mtlsProxy.start()]);
    });

    afterAll(async () => {
      await Promise.all([proxy?.close(), wrongHostProxy?.close(), mtlsProxy?.close()]);
      await certs?.cleanup();
    });

    /** Opens a session through the public API, runs a query, stops; returns the server version. */
    async function query(url: string, tls?: TlsOptions): Promise<string> {
      const builder = SparkSession.builder().remote(url);
      if (tls) builder.tls(tls);
      const spark = await builder.create();
      try {
        const rows = await (await spark.sql('SELECT 41 + 1 AS answer')).collect();
        expect(rows[0].get('answer')).toBe(42);
        return spark.version;
      } finally {
        await spark.stop();
      }
    }

    /** Asserts a clear SparkConnectionError naming the endpoint and the TLS problem. */
    async function expectTlsFailure(call: Promise<string>, endpoint: string, message: RegExp): Promise<void> {
      const err = await call.then(
        (v) => new Error(`expected a TLS failure, got version ${v}`),
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SparkConnectionError);
      expect((err as Error).message).toContain(endpoint);
      expect((err as Error).message).toMatch(message);
    }

    it('works with the test CA (use_ssl=true, host name localhost)', async () => {
      expect(await query(`sc://localhost:${proxy.port}/;use_ssl=true`, { ca: certs.ca })).toMatch(
        /^\d+\.\d+\.\d+/,
      );
    });

    it('works for an IP address in the certificate, with a token implying TLS', async () => {
      const version = await query(`sc://127.0.0.1:${proxy.port}/;token=not-checked-by-this-server`, {
        ca: certs.ca,
      });
      expect(version).toMatch(/^\d+\.\d+\.\d+/);
    });

    it('fails against the default CAs (the test CA is not trusted)', async () => {
      await expectTlsFailure(
        query(`sc://localhost:${proxy.port}/;use_ssl=true`),
        `localhost:${proxy.port}`,
        /not signed by a trusted CA \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/,
      );
    });

    it('fails when the certificate is for another host', async () => {
      await expectTlsFailure(
        query(`sc://localhost:${wrongHostProxy.port}/;use_ssl=true`, { ca: certs.ca }),
        `localhost:${wrongHostProxy.port}`,
        /ERR_TLS_CERT_ALTNAME_INVALID/,
      );
    });

    it('accepts a matching servername override for the wrong-host certificate', async () => {
      const version = await query(`sc://localhost:${wrongHostProxy.port}/;use_ssl=true`, {
        ca: certs.ca,
        servername: 'wrong-host.example.com',
      });
      expect(version).toMatch(/^\d+\.\d+\.\d+/);
    });

    it('mutual TLS: works with a client certificate', async () => {
      const version = await query(`sc://localhost:${mtlsProxy.port}/;use_ssl=true`, {
        ca: certs.ca,
        cert: certs.client.cert,
        key: certs.client.key,
      });
      expect(version).toMatch(/^\d+\.\d+\.\d+/);
    });

    it('mutual TLS: fails without a client certificate', async () => {
      await expectTlsFailure(
        query(`sc://localhost:${mtlsProxy.port}/;use_ssl=true`, { ca: certs.ca }),
        `localhost:${mtlsProxy.port}`,
        /certificate required/,
      );
    });

    it('fails when TLS meets the plaintext server directly', async () => {
      const { host, port } = parseTarget(serverUrl);
      await expectTlsFailure(
        query(`sc://${host}:${port}/;use_ssl=true`),
        `${host}:${port}`,
        /did not answer with TLS/,
      );
    });
  },
);
