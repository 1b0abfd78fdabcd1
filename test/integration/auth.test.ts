/**
 * Token authentication against real Spark 4.x servers started with
 * `spark.connect.authenticate.token` (plaintext on loopback, and through a real TLS ingress), and
 * the client's rules: no token in plaintext to a non-loopback host without an explicit opt-in, and
 * no token in error messages, logs or toString().
 */
import { networkInterfaces } from 'node:os';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidConnectionStringError,
  SparkAuthenticationError,
  SparkConnectClient,
  SparkConnectionError,
  SparkSession,
} from '../../src/index.js';
import { generateTestCerts, type TestCerts } from '../support/certs.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { atLeast, isSail, serverMatrix } from '../support/matrix.js';
import { NginxTlsProxy } from '../support/nginx.js';
import { portBase, startServer, stopServer } from '../support/servers.js';

const TOKEN = 'test-token-7f3c9a';
const WRONG = 'wrong-token-51d0e2';

/** Port of the token-protected server of a 4.x line (4.0 -> 15680, 4.1 -> 15681, ...). */
function authPort(version: string): number {
  const [, minor] = version.split('.').map(Number);
  return portBase() + 680 + (minor % 10);
}

/** Everything a log line or an error report could show of a value. */
function everyRendering(value: unknown): string {
  const parts = [String(value), inspect(value, { depth: 20 })];
  try {
    parts.push(JSON.stringify(value) ?? '');
  } catch {
    // circular: inspect covers it
  }
  if (value instanceof Error) {
    parts.push(value.stack ?? '');
    for (let c: unknown = value.cause; c instanceof Error; c = c.cause) parts.push(c.message, c.stack ?? '');
  }
  return parts.join('\n');
}

/** The first non-loopback IPv4 address of this machine. */
function externalAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4' && !a.internal) return a.address;
    }
  }
  throw new Error('this machine has no non-loopback IPv4 address; the test needs one');
}

// Spark 3.5 servers have no token check (spark.connect.authenticate.token is a 4.0 feature);
// Sail has none either (it takes no token setting and ignores the header), so these run on Spark.
const tokenVersions = serverMatrix().filter(([v]) => !isSail(v) && atLeast(v, 4, 0));

describe.skipIf(tokenVersions.length === 0).each(tokenVersions)(
  'token authentication with Spark %s',
  (version) => {
    let port: number;
    let certs: TestCerts;
    let nginx: NginxTlsProxy;

    beforeAll(async () => {
      port = authPort(version);
      await startServer(version, { port, conf: { 'spark.connect.authenticate.token': TOKEN } });
      certs = await generateTestCerts();
      nginx = new NginxTlsProxy({ target: { host: '127.0.0.1', port }, server: certs.server });
      await nginx.start();
    });

    afterAll(async () => {
      await nginx?.close();
      await certs?.cleanup();
      await stopServer(version, port);
    });

    async function answer(url: string, tls?: { ca: string }): Promise<number> {
      const builder = SparkSession.builder().remote(url);
      if (tls) builder.tls(tls);
      const spark = await builder.create();
      try {
        return Number((await (await spark.sql('SELECT 41 + 1 AS a')).collect())[0].get('a'));
      } finally {
        await spark.stop();
      }
    }

    async function failure(url: string, tls?: { ca: string }): Promise<Error> {
      const builder = SparkSession.builder().remote(url).retryPolicy({ maxConnectRefusedMs: 1000 });
      if (tls) builder.tls(tls);
      return builder.create().then(
        async (s) => {
          await s.stop();
          return new Error('expected the server to refuse');
        },
        (e: Error) => e,
      );
    }

    it('the right token works over plaintext loopback (localhost, or an IP with use_ssl=false)', async () => {
      expect(await answer(`sc://localhost:${port}/;token=${TOKEN}`)).toBe(42);
      expect(await answer(`sc://127.0.0.1:${port}/;token=${TOKEN};use_ssl=false`)).toBe(42);
    });

    it('a token to an IP address implies TLS (like PySpark, only `localhost` means plaintext)', async () => {
      const err = await failure(`sc://127.0.0.1:${port}/;token=${TOKEN}`);
      expect(err).toBeInstanceOf(SparkConnectionError);
      expect(err.message).toBe(
        `TLS handshake with Spark Connect server at 127.0.0.1:${port} failed: ` +
          'the server did not answer with TLS (a plaintext server?) (ERR_SSL_WRONG_VERSION_NUMBER)',
      );
    });

    it('a missing token fails with SparkAuthenticationError', async () => {
      const err = await failure(`sc://localhost:${port}`);
      expect(err).toBeInstanceOf(SparkAuthenticationError);
      expect(err.message).toBe(
        `Spark Connect server at localhost:${port} refused the credentials (UNAUTHENTICATED): No authentication token provided`,
      );
    });

    it('a wrong token fails with SparkAuthenticationError that never shows the token', async () => {
      const err = await failure(`sc://localhost:${port}/;token=${WRONG}`);
      expect(err).toBeInstanceOf(SparkAuthenticationError);
      expect(err.message).toBe(
        `Spark Connect server at localhost:${port} refused the credentials (UNAUTHENTICATED): Invalid authentication token`,
      );
      expect(everyRendering(err)).not.toContain(WRONG);
    });

    it('the token never shows in toString(), console output or inspected objects', async () => {
      const spark = await SparkSession.builder().remote(`sc://localhost:${port}/;token=${TOKEN}`).create();
      try {
        expect(spark.client.config.token).toBe(TOKEN); // still readable on purpose
        for (const value of [spark, spark.client, spark.client.config, spark.conf]) {
          expect(everyRendering(value)).not.toContain(TOKEN);
        }
        // A server error raised in an authenticated session does not carry it either.
        const err = await spark.sql('SELECT * FROM no_such_table_auth').then(
          () => new Error('expected an error'),
          (e: unknown) => e,
        );
        expect(everyRendering(err)).not.toContain(TOKEN);
      } finally {
        await spark.stop();
      }
    });

    it('through a TLS ingress (nginx): the right token works, a wrong one is refused', async () => {
      expect(await answer(`sc://localhost:${nginx.port}/;token=${TOKEN}`, { ca: certs.ca })).toBe(42);
      const err = await failure(`sc://localhost:${nginx.port}/;token=${WRONG}`, { ca: certs.ca });
      expect(err).toBeInstanceOf(SparkAuthenticationError);
      expect(err.message).toContain('Invalid authentication token');
      expect(everyRendering(err)).not.toContain(WRONG);
    });
  },
);

// The client's own rule, in front of any Spark Connect server: Sail too.
describe.each(serverMatrix({ sail: true }))(
  'the client never sends a token in plaintext off the machine (Spark %s)',
  (_v, url) => {
    let relay: FaultProxy;
    let host: string;

    beforeAll(async () => {
      host = externalAddress();
      const m = /^sc:\/\/([^:/]+):(\d+)/.exec(url);
      if (m === null) throw new Error(`bad url ${url}`);
      // A relay on this machine's external address: a "remote" server reachable in plaintext.
      relay = new FaultProxy({ target: { host: m[1], port: Number(m[2]) }, host });
      await relay.start();
    });

    afterAll(async () => {
      await relay?.close();
    });

    it('refuses a token over plaintext to a non-loopback host, naming the endpoint, not the token', async () => {
      const before = relay.connections;
      for (const remote of [
        `sc://${host}:${relay.port}/;token=${TOKEN};use_ssl=false`,
        `sc://spark.example.com:15002/;use_ssl=false;token=${TOKEN}`,
      ]) {
        const err = await SparkSession.builder()
          .remote(remote)
          .create()
          .then(
            () => new Error('expected a refusal'),
            (e: unknown) => e,
          );
        expect(err).toBeInstanceOf(InvalidConnectionStringError);
        expect((err as Error).message).toMatch(/^Refusing to send the token without TLS to /);
        expect(everyRendering(err)).not.toContain(TOKEN);
        expect(() => new SparkConnectClient(remote)).toThrow(InvalidConnectionStringError);
      }
      expect(relay.connections).toBe(before); // nothing was sent
    });

    it('sends it with the explicit allowInsecureToken opt-in', async () => {
      const spark = await SparkSession.builder()
        .remote(`sc://${host}:${relay.port}/;token=${TOKEN};use_ssl=false`)
        .allowInsecureToken()
        .create();
      try {
        expect(await spark.range(4).count()).toBe(4);
        expect(relay.connections).toBeGreaterThanOrEqual(1);
      } finally {
        await spark.stop();
      }
    });
  },
);
