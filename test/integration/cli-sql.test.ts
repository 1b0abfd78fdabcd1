/**
 * `spark-connect sql` against real servers: SQL from a file and from standard input, several
 * statements, typed named parameters, output to a file, Arrow IPC and Parquet read back by
 * apache-arrow and by Spark itself.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { SparkSession } from '../../src/index.js';
import { isSail, serverMatrix } from '../support/matrix.js';
import { REPO_ROOT } from '../support/servers.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

/** The CLI as a real process (tsx), with `input` on its standard input. */
function cliProcess(args: string[], input: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      [join(REPO_ROOT, 'src', 'cli', 'main.ts'), ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          out: stdout,
          err: stderr,
        });
      },
    );
    child.stdin?.end(input);
  });
}

describe.each(serverMatrix({ sail: true }))('spark-connect sql against Spark %s', (version, url) => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spark-connect-cli-sql-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs several statements from a file with typed parameters, to a file', async () => {
    const file = join(dir, 'q.sql');
    await writeFile(
      file,
      [
        '-- a view; the ; in this comment and in strings does not split',
        "CREATE OR REPLACE TEMP VIEW v AS SELECT id, 'a;b' AS s FROM range(10);",
        '/* block; comment */',
        'SELECT count(*) AS n FROM v WHERE id < :lim;',
        'SELECT :d AS d, :x AS x, :who AS who, typeof(:big) AS t, :flag AS f, :amount AS amount',
      ].join('\n'),
    );
    const out = join(dir, 'out.json');
    const r = await cli([
      'sql',
      '-r',
      url,
      '-f',
      file,
      '-F',
      'json',
      '-o',
      out,
      '-p',
      'lim:int=4',
      '-p',
      'd:date=2024-02-29',
      '-p',
      'x:double=1.5',
      '-p',
      'who=o;ne',
      '-p',
      'big:bigint=9007199254740993',
      '-p',
      'flag:boolean=true',
      '-p',
      'amount:decimal(10,2)=12.5',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    // Sail answers CREATE VIEW with a result row ({"value":true}); Spark with none. The CLI prints
    // what each statement returns.
    expect(await readFile(out, 'utf8')).toBe(
      `${isSail(version) ? '{"value":true}\n' : ''}{"n":4}\n{"d":"2024-02-29","x":1.5,"who":"o;ne","t":"bigint","f":true,"amount":"12.50"}\n`,
    );
  });

  it('reads SQL from standard input (a real process)', async () => {
    const r = await cliProcess(
      ['sql', '-r', url, '-F', 'csv'],
      'SELECT 1 AS a;\nSELECT 2 AS b, "x,y" AS c;\n',
    );
    expect(r.err).toBe('');
    expect(r.out).toBe('a\n1\nb,c\n2,"x,y"\n');
  });

  it('writes an Arrow IPC stream and a Parquet file that Spark reads back', async () => {
    const q =
      "SELECT id, CAST(id AS INT) AS i, id * 1.5D AS d, CONCAT('r', id) AS s, " +
      "DATE'2024-01-01' + CAST(id AS INT) AS day, TIMESTAMP'2024-01-01 00:00:00.000001 UTC' AS ts, " +
      'IF(id = 2, NULL, id % 2 = 0) AS b FROM range(5)';
    const arrowFile = join(dir, 'r.arrow');
    expect((await cli(['sql', q, '-r', url, '-F', 'arrow', '-o', arrowFile])).code).toBe(0);
    const table = tableFromIPC(await readFile(arrowFile));
    expect(table.numRows).toBe(5);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['id', 'i', 'd', 's', 'day', 'ts', 'b']);
    expect(table.getChild('s')?.toArray()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);

    const parquetFile = join(dir, 'r.parquet');
    const r = await cli(['sql', q, '-r', url, '-F', 'parquet', '-o', parquetFile]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // The server runs on this machine: Spark itself reads the file the CLI wrote.
    const spark = await SparkSession.builder()
      .remote(url)
      .config('spark.sql.session.timeZone', 'UTC')
      .create();
    try {
      const back = await spark.read.parquet(parquetFile);
      expect(await back.dtypes()).toEqual([
        ['id', 'bigint'],
        ['i', 'int'],
        ['d', 'double'],
        ['s', 'string'],
        ['day', 'date'],
        ['ts', 'timestamp'],
        ['b', 'boolean'],
      ]);
      const rows = await back.orderBy('id').collect();
      expect(rows.map((row) => row.toJSON())).toEqual(
        [0, 1, 2, 3, 4].map((id) => ({
          id,
          i: id,
          d: id * 1.5,
          s: `r${id}`,
          day: `2024-01-0${id + 1}`,
          ts: '2024-01-01T00:00:00.000001Z',
          b: id === 2 ? null : id % 2 === 0,
        })),
      );
    } finally {
      await spark.stop();
    }
  });

  it('refuses what it cannot do with clear messages', async () => {
    const noOut = await cli(['sql', 'SELECT 1', '-r', url, '-F', 'parquet']);
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain('--format parquet writes binary data: pass --output <file>');
    const two = await cli(['sql', 'SELECT 1; SELECT 2', '-r', url, '-F', 'arrow', '-o', join(dir, 'x')]);
    expect(two.code).toBe(2);
    expect(two.err).toContain('--format arrow writes one result, but 2 of the 2 statements return one');
    const nested = await cli([
      'sql',
      'SELECT array(1) AS a',
      '-r',
      url,
      '-F',
      'parquet',
      '-o',
      join(dir, 'y'),
    ]);
    expect(nested.code).toBe(1);
    expect(nested.err).toContain("column 'a' has type List");
    const badParam = await cli(['sql', 'SELECT :n', '-r', url, '-p', 'n:int=five']);
    expect(badParam.code).toBe(2);
    expect(badParam.err).toContain("--param n: 'five' is not an integer");
    const badType = await cli(['sql', 'SELECT :n', '-r', url, '-p', 'n:uuid=1']);
    expect(badType.err).toContain("--param n: unknown type 'uuid'");
  });
});
