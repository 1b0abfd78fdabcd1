/**
 * Keep-alive options and the silent-call probe, against a local HTTP/2 gRPC stub (no Spark) behind
 * the fault proxy: a slow answer on a live connection is awaited, a silenced connection is closed
 * and the call fails as UNAVAILABLE naming what happened; the next call gets a new connection.
 */
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { Code, ConnectError, type ConnectRouter, createClient } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConnectionString } from '../../src/client/connection-string.js';
import { DEFAULT_KEEPALIVE, resolveKeepalive, sessionPingOptions } from '../../src/client/liveness.js';
import { createSparkTransport } from '../../src/client/transport.js';
import { SparkConnectService } from '../../src/gen/spark/connect/base_pb.js';
import { FaultProxy } from '../support/fault-proxy.js';

describe('keep-alive options', () => {
  it("default to PySpark's: PING after 60 s, 20 s to answer, also without calls; probe after 30 s", () => {
    expect(resolveKeepalive()).toEqual({
      enabled: true,
      timeMs: 60_000,
      timeoutMs: 20_000,
      withoutCalls: true,
      callIdleMs: 30_000,
    });
    expect(sessionPingOptions(resolveKeepalive())).toEqual({
      pingIntervalMs: 60_000,
      pingTimeoutMs: 20_000,
      pingIdleConnection: true,
    });
    expect(sessionPingOptions(resolveKeepalive({ enabled: false }))).toEqual({});
  });

  it('come from the connection string, and client options win over it', () => {
    const cfg = parseConnectionString(
      'sc://h/;grpc_keepalive_enabled=true;grpc_keepalive_time_ms=5000;grpc_keepalive_timeout_ms=700;grpc_keepalive_without_calls=false',
    );
    expect(cfg.keepalive).toEqual({ enabled: true, timeMs: 5000, timeoutMs: 700, withoutCalls: false });
    expect(cfg.headers).toEqual({}); // not sent as metadata
    expect(resolveKeepalive(cfg.keepalive, { timeoutMs: 900 })).toEqual({
      ...DEFAULT_KEEPALIVE,
      timeMs: 5000,
      timeoutMs: 900,
      withoutCalls: false,
    });
    expect(parseConnectionString('sc://h/;grpc_keepalive_enabled=FALSE').keepalive).toEqual({
      enabled: false,
    });
  });

  it.each([
    [
      'sc://h/;grpc_keepalive_enabled=yes',
      "Invalid value 'yes' for 'grpc_keepalive_enabled': expected 'true' or 'false'",
    ],
    [
      'sc://h/;grpc_keepalive_time_ms=0',
      "Invalid value '0' for 'grpc_keepalive_time_ms': expected a positive integer",
    ],
    ['sc://h/;grpc_keepalive_timeout_ms=1.5', "Invalid value '1.5' for 'grpc_keepalive_timeout_ms'"],
    ['sc://h/;grpc_keepalive_time_ms=2147483648', "Invalid value '2147483648' for 'grpc_keepalive_time_ms'"],
    ['sc://h/;grpc_keepalive_without_calls=1', "Invalid value '1' for 'grpc_keepalive_without_calls'"],
    ['sc://h/;GRPC_KEEPALIVE_TIME_MS=5', "did you mean 'grpc_keepalive_time_ms'?"],
  ])('rejects %s', (url, message) => {
    expect(() => parseConnectionString(url)).toThrow(message);
  });

  it('reject unknown options and bad values with a TypeError', () => {
    expect(() => resolveKeepalive({ time: 5 } as never)).toThrow("Unknown keepalive option 'time'");
    expect(() => resolveKeepalive({ timeMs: -1 })).toThrow("keepalive option 'timeMs' must be an integer");
    expect(() => resolveKeepalive({ callIdleMs: 0.5 })).toThrow("'callIdleMs' must be an integer");
    expect(() => resolveKeepalive({ enabled: 'no' as never })).toThrow("'enabled' must be a boolean");
  });
});

describe('the silent-call probe (local HTTP/2 stub behind the fault proxy)', () => {
  let server: http2.Http2Server;
  const sessions: http2.ServerHttp2Session[] = [];
  let proxy: FaultProxy;
  let delayMs = 0;

  beforeAll(async () => {
    const routes = (router: ConnectRouter) =>
      router.service(SparkConnectService, {
        config: async (req) => {
          await new Promise((r) => setTimeout(r, delayMs));
          return { sessionId: req.sessionId, pairs: [{ key: 'answer', value: '42' }] };
        },
      });
    const handler = connectNodeAdapter({ routes });
    server = http2.createServer(handler);
    server.on('session', (s) => sessions.push(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    proxy = new FaultProxy({ target: { host: '127.0.0.1', port: (server.address() as AddressInfo).port } });
    await proxy.start();
  });

  afterAll(async () => {
    await proxy.close();
    for (const s of sessions) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const configCall = (t: ReturnType<typeof createSparkTransport>) =>
    createClient(SparkConnectService, t.transport).config({ sessionId: 's', operation: {} });

  it('awaits a slow answer on a live connection (PINGs are answered), on one connection', async () => {
    const t = createSparkTransport(parseConnectionString(proxy.url()), {
      keepalive: { timeMs: 200, timeoutMs: 200, callIdleMs: 100 },
    });
    try {
      const before = proxy.connections;
      delayMs = 1500;
      const res = await configCall(t);
      expect(res.pairs).toEqual([expect.objectContaining({ key: 'answer', value: '42' })]);
      expect(proxy.connections - before).toBe(1);
    } finally {
      delayMs = 0;
      await t.close();
    }
  });

  it('closes a silent connection: the call fails as UNAVAILABLE saying so, the next one reconnects', async () => {
    const t = createSparkTransport(parseConnectionString(proxy.url()), {
      keepalive: { timeMs: 60_000, timeoutMs: 300, callIdleMs: 300 },
    });
    try {
      await configCall(t);
      const before = proxy.connections;
      expect(proxy.silence()).toBe(1);
      const t0 = Date.now();
      const err = await configCall(t).then(
        () => new Error('expected a failure'),
        (e: unknown) => e,
      );
      const ms = Date.now() - t0;
      expect(err).toBeInstanceOf(ConnectError);
      expect((err as ConnectError).code).toBe(Code.Unavailable);
      expect((err as ConnectError).rawMessage).toMatch(
        /^the connection to 127\.0\.0\.1:\d+ went silent: nothing received for \d+ ms and no answer to an HTTP\/2 PING within 300 ms/,
      );
      expect(ms).toBeGreaterThanOrEqual(550);
      expect(ms).toBeLessThan(5000);
      expect((await configCall(t)).pairs[0].value).toBe('42');
      expect(proxy.connections - before).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('with keepalive disabled, nothing probes (the caller bounds the call with a deadline)', async () => {
    const t = createSparkTransport(parseConnectionString(`${proxy.url()}/;grpc_keepalive_enabled=false`), {
      keepalive: { callIdleMs: 100, timeoutMs: 100 },
    });
    try {
      await configCall(t);
      proxy.silence();
      const err = await createClient(SparkConnectService, t.transport)
        .config({ sessionId: 's', operation: {} }, { timeoutMs: 1000 })
        .then(
          () => new Error('expected a failure'),
          (e: unknown) => e,
        );
      expect((err as ConnectError).code).toBe(Code.DeadlineExceeded);
    } finally {
      await t.close();
    }
  });
});
