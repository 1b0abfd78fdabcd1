/**
 * TLS against a real Spark Connect server: the server speaks plaintext, a TLS-terminating proxy
 * (test/support/tls-proxy.ts) with certificates from a test CA (test/support/certs.ts) sits in front.
 */
import { randomUUID } from 'node:crypto';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConnectionString } from '../../src/client/connection-string.js';
import {
  createSparkTransport,
  type SparkTransport,
  type TransportOptions,
} from '../../src/client/transport.js';
import { clientType } from '../../src/client/user-agent.js';
import { SparkConnectService } from '../../src/gen/spark/connect/base_pb.js';
import { generateTestCerts, type TestCerts } from '../support/certs.js';
import { TlsProxy } from '../support/tls-proxy.js';

// lead: wire to test/support/servers.ts
const TARGET = process.env.SPARK_TLS_TARGET ?? '127.0.0.1:15410';

function parseTarget(target: string): { host: string; port: number } {
  const i = target.lastIndexOf(':');
  return { host: target.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(target.slice(i + 1)) };
}

describe(`TLS through a TLS-terminating proxy to ${TARGET}`, () => {
  let certs: TestCerts;
  let proxy: TlsProxy;
  let wrongHostProxy: TlsProxy;
  let mtlsProxy: TlsProxy;
  const transports: SparkTransport[] = [];

  beforeAll(async () => {
    certs = await generateTestCerts();
    const target = parseTarget(TARGET);
    proxy = new TlsProxy({ target, ...certs.server });
    wrongHostProxy = new TlsProxy({ target, ...certs.wrongHost });
    mtlsProxy = new TlsProxy({ target, ...certs.server, requestCert: true, ca: certs.ca });
    await Promise.all([proxy.start(), wrongHostProxy.start(), mtlsProxy.start()]);
  });

  afterAll(async () => {
    await Promise.all(transports.map((t) => t.close()));
    await Promise.all([proxy?.close(), wrongHostProxy?.close(), mtlsProxy?.close()]);
    await certs?.cleanup();
  });

  /** Calls AnalyzePlan(spark_version) on a fresh transport; returns the version or the error. */
  async function sparkVersion(url: string, opts: TransportOptions = {}): Promise<string> {
    const t = createSparkTransport(parseConnectionString(url), opts);
    transports.push(t);
    const client = createClient(SparkConnectService, t.transport);
    const res = await client.analyzePlan(
      {
        sessionId: randomUUID(),
        userContext: { userId: 'test' },
        clientType: clientType(),
        analyze: { case: 'sparkVersion', value: {} },
      },
      { timeoutMs: 60_000 },
    );
    if (res.result.case !== 'sparkVersion') throw new Error(`unexpected result ${res.result.case}`);
    return res.result.value.version;
  }

  /** Asserts a TLS failure: a ConnectError whose cause is Node's TLS error with `code`. */
  async function expectTlsFailure(call: Promise<string>, code: string, message: RegExp): Promise<void> {
    const err = await call.then(
      (v) => new Error(`expected a TLS failure, got version ${v}`),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConnectError);
    const ce = err as ConnectError;
    expect(ce.code).toBe(Code.Internal);
    expect(ce.cause).toBeInstanceOf(Error);
    expect((ce.cause as NodeJS.ErrnoException).code).toBe(code);
    expect(ce.rawMessage).toMatch(message);
  }

  it('works with the test CA (use_ssl=true, host name localhost)', async () => {
    const version = await sparkVersion(`sc://localhost:${proxy.port}/;use_ssl=true`, {
      tls: { ca: certs.ca },
    });
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('works for an IP address in the certificate, with a token implying TLS', async () => {
    const version = await sparkVersion(`sc://127.0.0.1:${proxy.port}/;token=not-checked-by-this-server`, {
      tls: { ca: certs.ca },
    });
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('fails against Node default CAs (the test CA is not trusted)', async () => {
    await expectTlsFailure(
      sparkVersion(`sc://localhost:${proxy.port}/;use_ssl=true`),
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      /unable to verify the first certificate/,
    );
  });

  it('fails when the certificate is for another host', async () => {
    await expectTlsFailure(
      sparkVersion(`sc://localhost:${wrongHostProxy.port}/;use_ssl=true`, { tls: { ca: certs.ca } }),
      'ERR_TLS_CERT_ALTNAME_INVALID',
      /Hostname\/IP does not match certificate's altnames/,
    );
  });

  it('accepts a matching servername override for the wrong-host certificate', async () => {
    const version = await sparkVersion(`sc://localhost:${wrongHostProxy.port}/;use_ssl=true`, {
      tls: { ca: certs.ca, servername: 'wrong-host.example.com' },
    });
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('mutual TLS: works with a client certificate', async () => {
    const version = await sparkVersion(`sc://localhost:${mtlsProxy.port}/;use_ssl=true`, {
      tls: { ca: certs.ca, cert: certs.client.cert, key: certs.client.key },
    });
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('mutual TLS: fails without a client certificate', async () => {
    await expectTlsFailure(
      sparkVersion(`sc://localhost:${mtlsProxy.port}/;use_ssl=true`, { tls: { ca: certs.ca } }),
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      /certificate required/,
    );
    expect(mtlsProxy.handshakeErrors.some((e) => /peer did not return a certificate/i.test(e.message))).toBe(
      true,
    );
  });

  it('fails when TLS meets the plaintext server directly', async () => {
    await expectTlsFailure(
      sparkVersion(`sc://${TARGET}/;use_ssl=true`),
      'ERR_SSL_WRONG_VERSION_NUMBER',
      /wrong version number/,
    );
  });
});
