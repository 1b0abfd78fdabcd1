/**
 * `spark-connect check` against real servers: plain; TLS through nginx (trusted CA, untrusted
 * certificate, a certificate about to expire); token auth (a 4.3 server requiring a token, on this
 * suite's own port) with the right and a wrong token; an unreachable endpoint; the deadline.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/cli/check/report.js';
import { main } from '../../src/cli/main.js';
import { generateTestCerts, type TestCerts } from '../support/certs.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { atLeast, isSail, serverMatrix, versionOf } from '../support/matrix.js';
import { NginxTlsProxy } from '../support/nginx.js';
import { portBase, startServer, stopServer } from '../support/servers.js';

const FAST = ['--queries', '3', '--stream-rows', '20000'];
const ALL_STEPS = [
  'dns+tcp',
  'auth+session',
  'server',
  'config',
  'select-1',
  'shuffle',
  'stream',
  'artifact',
  'release',
];
/** The token-protected 4.3 server of this suite (18000 on the default port base). */
const TOKEN_PORT = portBase() + 3000;
const TOKEN = 'check-token-123';

async function check(
  args: string[],
): Promise<{ code: number; out: string; err: string; report?: CheckReport }> {
  let out = '';
  let err = '';
  const code = await main(['check', ...FAST, ...args], { out: (s) => (out += s), err: (s) => (err += s) });
  const report = args.includes('--json') ? (JSON.parse(out) as CheckReport) : undefined;
  return { code, out, err, report };
}

function statuses(report: CheckReport | undefined): Record<string, string> {
  return Object.fromEntries((report?.steps ?? []).map((s) => [s.step, s.status]));
}

/**
 * What a healthy server of `version` gets for `step`: a pass, except the artifact upload on Sail,
 * which has no artifacts: a warning naming what it lacks (the deployment still works).
 */
function healthy(version: string, step: string): string {
  return isSail(version) && step === 'artifact' ? 'warn' : 'pass';
}

/** Every step of a report has the status a healthy server of `version` gets. */
function expectHealthy(version: string, report: CheckReport | undefined): void {
  const got = statuses(report);
  expect(got).toEqual(Object.fromEntries(Object.keys(got).map((step) => [step, healthy(version, step)])));
  if (isSail(version)) {
    expect(report?.steps.find((s) => s.step === 'artifact')?.detail).toBe(
      'the server does not support artifact upload (addArtifacts): UnsupportedOperationException: handle add artifacts',
    );
  }
}

/** The Spark version a server reports: Sail reports the Spark line it implements. */
function reported(version: string): string {
  return isSail(version) ? versionOf(version).join('.') : version;
}

function target(url: string): { host: string; port: number } {
  const m = /^sc:\/\/([^:/]+):(\d+)/.exec(url);
  if (!m) throw new Error(`bad url ${url}`);
  return { host: m[1], port: Number(m[2]) };
}

describe.each(serverMatrix({ sail: true }))('spark-connect check against Spark %s', (version, url) => {
  it('a healthy plain server: every step passes, exit 0, with figures in JSON', async () => {
    const r = await check(['-r', url, '--json', '--write-test']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.report?.steps.map((s) => s.step)).toEqual([...ALL_STEPS.slice(0, -1), 'write-test', 'release']);
    expectHealthy(version, r.report);
    const server = r.report?.steps.find((s) => s.step === 'server');
    expect(server?.detail).toMatch(new RegExp(`^Spark ${reported(version).replace('.', '\\.')}\\.\\d+`));
    // The feature report comes from the client's feature table: 3.5 lacks the 4.0+ APIs.
    const features = server?.data?.features as Record<string, boolean>;
    expect(features.transpose).toBe(atLeast(version, 4, 0));
    expect(features.zip).toBe(atLeast(version, 4, 3));
    expect(server?.detail).toMatch(/; \d+ of \d+ version-gated client features/);
    if (!atLeast(version, 4, 0)) expect(server?.detail).toContain('DataFrame.transpose');
    const select = r.report?.steps.find((s) => s.step === 'select-1');
    expect(select?.data).toMatchObject({ queries: 3 });
    expect(select?.data?.p99Ms as number).toBeGreaterThanOrEqual(select?.data?.p50Ms as number);
    expect(r.report?.steps.find((s) => s.step === 'stream')?.data).toMatchObject({ rows: 20_000 });
  });

  it('the human table marks each step', async () => {
    const r = await check(['-r', url]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe(`spark-connect check ${target(url).host}:${target(url).port}`);
    for (const [i, step] of ALL_STEPS.entries()) {
      const mark = healthy(version, step).toUpperCase();
      expect(lines[i + 1]).toMatch(new RegExp(`^  ${mark}  ${step.replace('+', '\\+')}\\s+[\\d.]+ ms  \\S`));
    }
    const warnings = ALL_STEPS.filter((step) => healthy(version, step) === 'warn').length;
    expect(lines.at(-1)).toBe(
      `${ALL_STEPS.length - warnings} passed, ${warnings} warnings, 0 failed, 0 skipped`,
    );
  });
});

describe('spark-connect check: TLS through nginx, token auth, failures', () => {
  const [version, url] = serverMatrix().at(-1) as [string, string];
  let longCerts: TestCerts;
  let shortCerts: TestCerts;
  let nginx: NginxTlsProxy;
  let expiring: NginxTlsProxy;

  beforeAll(async () => {
    longCerts = await generateTestCerts({ days: 400 });
    shortCerts = await generateTestCerts({ days: 2 });
    nginx = new NginxTlsProxy({ target: target(url), server: longCerts.server });
    expiring = new NginxTlsProxy({ target: target(url), server: shortCerts.server });
    await nginx.start();
    await expiring.start();
    await writeFile(join(longCerts.dir, 'ca.pem'), longCerts.ca);
    await writeFile(join(shortCerts.dir, 'ca.pem'), shortCerts.ca);
  });

  afterAll(async () => {
    await Promise.all([nginx?.close(), expiring?.close()]);
    await Promise.all([longCerts?.cleanup(), shortCerts?.cleanup()]);
  });

  it(`TLS with a trusted CA passes with the protocol, chain, host name and expiry (Spark ${version})`, async () => {
    const r = await check([
      '-r',
      `sc://localhost:${nginx.port}/;use_ssl=true`,
      '--ca',
      join(longCerts.dir, 'ca.pem'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const tls = r.report?.steps.find((s) => s.step === 'tls');
    expect(tls?.status).toBe('pass');
    expect(tls?.data).toMatchObject({ trusted: true, hostNameOk: true, alpn: 'h2' });
    expect(tls?.data?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(tls?.data?.daysToExpiry as number).toBeGreaterThanOrEqual(398);
    expect(r.report?.tls).toBe(true);
    expectHealthy(version, r.report);
  });

  it('an untrusted certificate fails the TLS step and skips the rest (exit 1)', async () => {
    const r = await check(['-r', `sc://localhost:${nginx.port}/;use_ssl=true`]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/ {2}FAIL {2}tls .*chain not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    expect(r.out).toMatch(/ {2}SKIP {2}auth\+session\s+not run: TLS failed/);
    expect(r.out).toMatch(/1 passed, 0 warnings, 1 failed, 8 skipped\n$/);
  });

  it('a certificate about to expire is a warning (exit 0)', async () => {
    const r = await check([
      '-r',
      `sc://localhost:${expiring.port}/;use_ssl=true`,
      '--ca',
      join(shortCerts.dir, 'ca.pem'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const tls = r.report?.steps.find((s) => s.step === 'tls');
    expect(tls?.status).toBe('warn');
    expect(tls?.detail).toMatch(/^certificate expires in [01] days \(< 30\)/);
    expect(r.report?.summary).toMatchObject({ warn: isSail(version) ? 2 : 1, fail: 0 });
  });

  describe('token auth (Spark 4.3 with spark.connect.authenticate.token)', () => {
    let tokenUrl: string;
    beforeAll(async () => {
      tokenUrl = await startServer('4.3', {
        port: TOKEN_PORT,
        conf: { 'spark.connect.authenticate.token': TOKEN },
      });
    });
    afterAll(async () => {
      await stopServer('4.3', TOKEN_PORT);
    });

    it('the right token passes', async () => {
      expect(tokenUrl).toBe(`sc://127.0.0.1:${TOKEN_PORT}`);
      const r = await check(['-r', `sc://localhost:${TOKEN_PORT}/;token=${TOKEN}`]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/ {2}PASS {2}auth\+session .*token accepted/);
    });

    it('a wrong token fails the auth step without showing the token (exit 1)', async () => {
      const r = await check(['-r', `sc://localhost:${TOKEN_PORT}/;token=wrong-token-456`, '--json']);
      expect(r.code).toBe(1);
      const auth = r.report?.steps.find((s) => s.step === 'auth+session');
      expect(auth?.status).toBe('fail');
      expect(auth?.detail).toMatch(/^authentication rejected \(the token is wrong\)/);
      expect(r.out).not.toContain('wrong-token-456');
      const none = await check(['-r', `sc://localhost:${TOKEN_PORT}`]);
      expect(none.code).toBe(1);
      expect(none.out).toContain('authentication rejected (the server requires a token)');
    });
  });

  it('an unreachable endpoint exits 2', async () => {
    const r = await check(['-r', 'sc://127.0.0.1:18199', '--json']);
    expect(r.code).toBe(2);
    expect(r.report?.steps[0]).toMatchObject({ step: 'dns+tcp', status: 'fail' });
    expect(r.report?.steps[0].detail).toContain('cannot connect to port 18199: ECONNREFUSED');
    expect(
      r.report?.steps.slice(1).every((s) => s.status === 'skip' && s.detail === 'not run: cannot connect'),
    ).toBe(true);
    const dns = await check(['-r', 'sc://no-such-host.invalid:15002']);
    expect(dns.code).toBe(2);
    expect(dns.out).toMatch(/FAIL {2}dns\+tcp .*cannot resolve no-such-host\.invalid: ENOTFOUND/);
  });

  it('--timeout bounds the whole check: a server that stops answering fails at the deadline', async () => {
    const proxy = new FaultProxy({ target: target(url) });
    await proxy.start();
    try {
      proxy.stall();
      const r = await check(['-r', proxy.url(), '--timeout', '2', '--json']);
      expect(r.code).toBe(1);
      const auth = r.report?.steps.find((s) => s.step === 'auth+session');
      expect(auth).toMatchObject({ status: 'fail', detail: 'Error: timed out (--timeout 2 s)' });
      expect(r.report?.steps.find((s) => s.step === 'release')?.detail).toBe(
        'not run: the check timed out after 2 s',
      );
    } finally {
      await proxy.close();
    }
  });

  it('bad usage exits 2', async () => {
    const r = await check(['-r', 'http://x']);
    expect(r.code).toBe(2);
    const t = await check(['-r', url, '--timeout', '0']);
    expect(t.code).toBe(2);
    expect(t.err).toContain("--timeout must be an integer >= 1, got '0'");
  });
});
