/**
 * Compressed plans (Spark 4.1+) against real servers. zstd comes from the runtime's node:zlib
 * (Node.js 22.15+), so the probe (plan-compression-probe.ts) runs bundled under Node 22 from
 * scripts/runtimes; the same probe under this test's own Node shows the plain path when the
 * runtime has no zstd. Results must be exact either way.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeZstd } from '../../src/client/plan-compression.js';
import { atLeast, isSail, itIf, recordSailResult, serverMatrix } from '../support/matrix.js';
import { REPO_ROOT } from '../support/servers.js';

const run = promisify(execFile);
// Inside the repository so that the bundle's bare imports resolve from its node_modules.
mkdirSync(join(REPO_ROOT, 'node_modules', '.cache'), { recursive: true });
const dir = mkdtempSync(join(REPO_ROOT, 'node_modules', '.cache', 'plan-compression-'));
const bundle = join(dir, 'probe.mjs');
let node22 = '';

beforeAll(async () => {
  await build({
    entryPoints: [join(REPO_ROOT, 'test', 'integration', 'plan-compression-probe.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  const { stdout } = await run(join(REPO_ROOT, 'scripts', 'runtimes'), ['path', 'node22'], {
    timeout: 900_000,
  });
  node22 = stdout.trim();
}, 900_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ProbeOutput {
  count: string;
  schema: string;
  sum: string;
  max: string;
  small: string;
  rejected: string;
  after: string;
  supportedAfter: boolean | undefined;
  sent: string[];
}

async function probe(bin: string, url: string): Promise<ProbeOutput> {
  const { stdout } = await run(bin, [bundle], {
    env: { ...process.env, SPARK_REMOTE: url },
    timeout: 300_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as ProbeOutput;
}

// The exact answers: multiples of 3 below 100,000.
const EXPECTED = {
  count: '33334',
  schema: 'struct<id:bigint>',
  sum: String((3 * 33_333 * 33_334) / 2),
  max: '99999',
  small: '10',
};

/**
 * Each probe sends a 300 KB plan the server analyses for half a minute: the lines where the
 * request's form differs (the oldest, without compression; the first with it, 4.1) and the newest.
 */
const lines = (() => {
  const spark = serverMatrix().filter(([v]) => !isSail(v));
  const first41 = spark.find(([v]) => atLeast(v, 4, 1));
  const picked = [spark[0], first41, spark[spark.length - 1]].filter((l) => l !== undefined);
  return picked.filter((l, i) => picked.indexOf(l) === i);
})();
const newest = lines[lines.length - 1]?.[0];
const sail = serverMatrix({ sail: true }).filter(([v]) => isSail(v));

describe.each(lines)('compressed plans on Spark %s', (version, url) => {
  const compresses = atLeast(version, 4, 1);

  it(`a 300 KB plan above the session's threshold is sent ${compresses ? 'zstd-compressed (and as it is once the server could not parse one)' : 'as it is (before 4.1)'} under Node 22, with exact results`, async () => {
    const out = await probe(node22, url);
    expect(out).toMatchObject(EXPECTED);
    // count, schema (AnalyzePlan) and the aggregate carry the big plan; range(10) is small.
    const big = compresses ? 'compressedOperation' : 'root';
    if (!compresses) {
      expect(out.sent).toEqual([big, big, big, 'root', 'root']);
      expect(out.supportedAfter).toBe(false);
      return;
    }
    // Then a compressed plan whose bytes are not zstd: the server cannot parse it, the session
    // stops compressing (as PySpark does) and the same query runs, sent as it is.
    expect(out.rejected).toBe('CONNECT_INVALID_PLAN.CANNOT_PARSE');
    expect(out.after).toBe(EXPECTED.count);
    expect(out.supportedAfter).toBe(false);
    expect(out.sent).toEqual([big, big, big, 'root', big, 'root']);
  });

  // Only meaningful where this test's own Node has no zstd (Node 20); Node 22+ is covered above.
  // On the newest line only: without compression the request has one form on every line.
  itIf(runtimeZstd() === undefined && version === newest)(
    'under a runtime without zstd the same plan goes uncompressed, with the same results',
    async () => {
      const out = await probe(process.execPath, url);
      expect(out).toMatchObject(EXPECTED);
      expect(out.sent).toEqual(['root', 'root', 'root', 'root', 'root']);
      expect(out.rejected).toBe('');
    },
  );
});

// Sail reports Spark 4.2, so the session compresses a big plan there too: Sail refuses it by name
// (UNIMPLEMENTED), and from then on the session sends plans as they are, with exact results.
describe.each(sail)('compressed plans on %s', (_version, url) => {
  it('refuses the first compressed plan by name; the session then sends plans as they are, exactly', async () => {
    const out = await probe(node22, url);
    const { count, ...rest } = EXPECTED;
    expect(out).toMatchObject({ ...rest, after: count, rejected: '', supportedAfter: false });
    expect(out.sent).toEqual(['compressedOperation', 'root', 'root', 'root', 'root']);
    const error = out.count;
    expect(error).toMatch(/^UnsupportedServerVersionError: .*compressed operation plan/);
    recordSailResult(
      'plans above spark.connect.session.planCompression.threshold (sent zstd-compressed)',
      'lacks',
      error,
    );
  });
});
