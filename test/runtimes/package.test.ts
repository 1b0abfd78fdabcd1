/**
 * The packaging check: `npm pack`, the tarball installed into a fresh consumer project (in a temp
 * dir, dependencies from the npm cache when it has them), a consumer file type-checked against the
 * published declarations as a strict project does (`strict`, `skipLibCheck: false`, ES2022 lib
 * without DOM) under `moduleResolution` nodenext and bundler, then bundled with esbuild for Node
 * and run against the newest real server of the run.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverMatrix } from '../support/matrix.js';
import { REPO_ROOT } from '../support/servers.js';

const run = promisify(execFile);
const [version, url] = serverMatrix()[serverMatrix().length - 1];
const TSC = join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
const typesNodeVersion = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', '@types', 'node', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** A consumer's program: public API only, imported by the package name. */
const APP = `import {
  AnalysisException,
  col,
  functions as F,
  type Row,
  SparkSession,
  type TlsOptions,
} from 'spark-connect-ts';

const tls: TlsOptions | undefined = undefined;
const remote = process.env.SPARK_REMOTE ?? 'sc://127.0.0.1:15002';
await using spark = await SparkSession.builder().remote(remote).appName('consumer').create();
const df = (await spark.sql('SELECT id, id * 2 AS twice FROM range(5)')).filter(col('id').gt(1));
const rows: Row[] = await df.collect();
console.log(\`collect: \${rows.map((r) => r.getLong('twice')).join(',')}\`);
let seen = 0;
for await (const row of df.select(F.sum(col('twice')).alias('s'))) {
  console.log(\`sum: \${row.get('s')}\`);
  seen += 1;
}
const table = await df.toArrow({ signal: AbortSignal.timeout(120_000) });
console.log(\`toArrow: \${table.numRows} rows, \${seen} iterated, tls \${tls === undefined ? 'off' : 'on'}\`);
try {
  await spark.sql('SELECT * FROM no_such_table');
} catch (e) {
  if (!(e instanceof AnalysisException)) throw e;
  console.log(\`error: \${e.errorClass}\`);
}
`;

const CONSUMER_OUTPUT =
  'collect: 4,6,8\nsum: 18\ntoArrow: 3 rows, 1 iterated, tls off\nerror: TABLE_OR_VIEW_NOT_FOUND\n';

/** A file that needs the DOM lib: proves the consumer's configuration really has none. */
const NEEDS_DOM = 'export const h: HeadersInit = { a: "b" };\n';

function tsconfig(moduleResolution: 'nodenext' | 'bundler', file: string): string {
  return JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: moduleResolution === 'nodenext' ? 'nodenext' : 'esnext',
      moduleResolution,
      lib: ['ES2022'],
      types: ['node'],
      strict: true,
      skipLibCheck: false,
      noEmit: true,
    },
    files: [file],
  });
}

let dir = '';
let tarball = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spark-connect-ts-consumer-'));
  // prepack builds dist/ first, so the tarball holds what `npm publish` would ship.
  const { stdout } = await run('npm', ['pack', '--pack-destination', dir, '--silent'], {
    cwd: REPO_ROOT,
    timeout: 300_000,
  });
  tarball = join(dir, stdout.trim().split('\n').pop() ?? '');
  const app = join(dir, 'app');
  await run('mkdir', ['-p', app]);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      type: 'module',
      dependencies: { [pkg.name]: `file:${tarball}` },
      devDependencies: { '@types/node': typesNodeVersion },
    }),
  );
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: app,
    timeout: 300_000,
  });
  writeFileSync(join(app, 'app.ts'), APP);
  writeFileSync(join(app, 'needs-dom.ts'), NEEDS_DOM);
  for (const mr of ['nodenext', 'bundler'] as const) {
    writeFileSync(join(app, `tsconfig.${mr}.json`), tsconfig(mr, 'app.ts'));
  }
  writeFileSync(join(app, 'tsconfig.needs-dom.json'), tsconfig('bundler', 'needs-dom.ts'));
}, 900_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

/** Runs the TypeScript compiler on a consumer project: exit code, diagnostics, files it loaded. */
async function tsc(project: string): Promise<{ code: number; errors: string[]; files: string[] }> {
  let code = 0;
  let out: string;
  try {
    ({ stdout: out } = await run(TSC, ['-p', project, '--listFiles', '--pretty', 'false'], {
      cwd: join(dir, 'app'),
      timeout: 180_000,
    }));
  } catch (e) {
    const err = e as { code?: number; stdout?: string };
    code = err.code ?? -1;
    out = err.stdout ?? '';
  }
  const lines = out.split('\n').filter((l) => l.length > 0);
  return {
    code,
    errors: lines.filter((l) => / error TS\d+:/.test(l)),
    files: lines.filter((l) => l.startsWith('/')),
  };
}

describe(`the npm package in a strict consumer project (against Spark ${version})`, () => {
  it('the tarball ships the built JavaScript, declarations and README, not the sources or tests', async () => {
    const { stdout } = await run('tar', ['tzf', tarball]);
    const files = stdout.trim().split('\n');
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/dist/cli/main.js');
    expect(files).toContain('package/README.md');
    expect(files.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
  });

  it('the consumer configuration has no DOM lib (a DOM type does not compile)', async () => {
    const r = await tsc('tsconfig.needs-dom.json');
    expect(r.code).not.toBe(0);
    expect(r.errors).toEqual([expect.stringContaining("error TS2304: Cannot find name 'HeadersInit'.")]);
  }, 300_000);

  it.each(['nodenext', 'bundler'])(
    'type-checks with moduleResolution %s, strict, skipLibCheck false, no DOM lib',
    async (mr) => {
      const r = await tsc(`tsconfig.${mr}.json`);
      expect(r.errors).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.files).toContain(join(dir, 'app', 'node_modules', pkg.name, 'dist', 'index.d.ts'));
      // The declarations of the transport library (which need the DOM lib) are not loaded at all.
      expect(r.files.filter((f) => f.includes('/@connectrpc/'))).toEqual([]);
    },
    300_000,
  );

  it('bundles with esbuild for Node; the bundle runs against the real server under Node 20/22/24, Bun and Deno', async () => {
    const app = join(dir, 'app');
    await build({
      entryPoints: [join(app, 'app.ts')],
      outfile: join(app, 'out', 'app.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      absWorkingDir: app,
      logLevel: 'error',
    });
    // Nothing of the package is loaded from node_modules at run time: the bundle stands alone.
    rmSync(join(app, 'node_modules'), { recursive: true, force: true });
    const env: NodeJS.ProcessEnv = { ...process.env, SPARK_REMOTE: url, NO_COLOR: '1' };
    delete env.NODE_OPTIONS;
    const bundle = join(app, 'out', 'app.mjs');
    const { stdout, stderr } = await run(process.execPath, [bundle], { cwd: app, env, timeout: 180_000 });
    expect(stdout).toBe(CONSUMER_OUTPUT);
    expect(stderr).toBe('');
    // The same bundle under every runtime of the tier (installed by scripts/runtimes), one by one.
    const { stdout: list } = await run(join(REPO_ROOT, 'scripts', 'runtimes'), [], { timeout: 900_000 });
    const ran: string[] = [];
    for (const line of list.trim().split('\n')) {
      const [name, , bin] = line.split('\t');
      const args = name === 'deno' ? ['run', '--allow-all', '--no-lock', bundle] : [bundle];
      const out = await run(bin, args, { cwd: app, env, timeout: 180_000 });
      expect({ name, stdout: out.stdout, stderr: out.stderr }).toEqual({
        name,
        stdout: CONSUMER_OUTPUT,
        stderr: '',
      });
      ran.push(name);
    }
    expect(ran).toEqual(['node20', 'node22', 'node24', 'bun', 'deno']);
  }, 900_000);
});
