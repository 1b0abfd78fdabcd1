import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { isSail, serverMatrix, versionOf } from '../support/matrix.js';
import { REPO_ROOT } from '../support/servers.js';

const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe.each(serverMatrix({ sail: true }))('spark-connect CLI against Spark %s', (version, url) => {
  it('ping reports the server version', async () => {
    const r = await cli(['ping', '--remote', url]);
    expect(r.code).toBe(0);
    // Sail reports the Spark line it implements.
    const line = isSail(version) ? versionOf(version).join('.') : version;
    expect(r.out).toMatch(
      new RegExp(`^ok: Spark ${line.replace('.', '\\.')}\\.\\d+ at 127\\.0\\.0\\.1:\\d+; connect`),
    );
  });

  it('sql prints tables, JSON lines and CSV', async () => {
    const q = "SELECT id, CAST(id AS STRING) || ',x' AS s FROM range(3)";
    const table = await cli(['sql', q, '-r', url, '-n', '2']);
    expect(table.code).toBe(0);
    expect(table.out).toBe(
      '+---+---+\n| id|  s|\n+---+---+\n|  0|0,x|\n|  1|1,x|\n+---+---+\nonly showing top 2 rows\n',
    );
    const json = await cli(['sql', q, '-r', url, '-F', 'json']);
    expect(json.out).toBe('{"id":0,"s":"0,x"}\n{"id":1,"s":"1,x"}\n{"id":2,"s":"2,x"}\n');
    const csv = await cli(['sql', q, '-r', url, '-F', 'csv', '-n', '1']);
    expect(csv.out).toBe('id,s\n0,"0,x"\n');
  });

  it('sql errors exit 1 with the typed error', async () => {
    const r = await cli(['sql', 'SELEC 1', '-r', url]);
    expect(r.code).toBe(1);
    if (isSail(version)) {
      // Sail's own parser error: no error class, the class of its error and where it stopped.
      expect(r.err).toMatch(/^IllegalArgumentException: invalid argument: found SELEC at 0:5 /);
    } else {
      expect(r.err).toMatch(/^ParseException: .*PARSE_SYNTAX_ERROR/);
    }
  });
});

describe('spark-connect CLI usage', () => {
  it('rejects bad usage with exit code 2 and a clear message', async () => {
    expect((await cli([])).code).toBe(2);
    const unknown = await cli(['frobnicate', '-r', 'sc://127.0.0.1:1']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Unknown command 'frobnicate'");
    const fmt = await cli(['sql', 'SELECT 1', '-r', 'sc://127.0.0.1:1', '-F', 'xml']);
    expect(fmt.err).toContain(
      "--format must be one of table, vertical, json, csv, arrow, parquet, got 'xml'",
    );
    const badOpt = await cli(['sql', '--bogus']);
    expect(badOpt.code).toBe(2);
    expect(badOpt.err).toContain('--bogus');
    const bad = await cli(['ping', '-r', 'http://x']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^InvalidConnectionStringError/);
  });

  it('the built package runs as the spark-connect bin', async () => {
    await run('npm', ['run', 'build'], { cwd: REPO_ROOT, timeout: 180_000 });
    const { stdout } = await run('node', [join(REPO_ROOT, 'dist', 'cli', 'main.js'), 'version'], {
      timeout: 30_000,
    });
    expect(stdout).toBe('spark-connect-ts 0.1.0\n');
  });
});
