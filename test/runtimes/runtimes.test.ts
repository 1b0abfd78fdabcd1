/**
 * The runtime tier: the demo (examples/demo.ts) and a smoke program (test/runtimes/smoke.ts) run
 * under Node 20, 22 and 24, Bun and Deno, each installed from the npm registry by scripts/runtimes,
 * against the newest real server of the run. Outputs are compared whole.
 *
 * Node runs an esbuild bundle of the TypeScript (dependencies left as imports of node_modules, as
 * an installed package would load them); Bun and Deno run the TypeScript sources as they are.
 * Runtimes run one after another (2-core machine).
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { serverMatrix } from '../support/matrix.js';
import { REPO_ROOT } from '../support/servers.js';

const run = promisify(execFile);
const [version, url] = serverMatrix()[serverMatrix().length - 1];

interface Runtime {
  name: string;
  version: string;
  bin: string;
}

/** name -> what `<bin> --version` must start with (the major line the tier promises). */
const EXPECTED_RUNTIMES: Record<string, RegExp> = {
  node20: /^v20\./,
  node22: /^v22\./,
  node24: /^v24\./,
  bun: /^1\./,
  deno: /^2\./,
};

// Bundles sit inside the repository so that their bare imports resolve from its node_modules.
const BUNDLE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'spark-connect-ts-runtimes');

const runtimes: Record<string, Runtime> = {};

beforeAll(async () => {
  // Installs on first use (a few hundred MB from the npm registry); later runs only read the cache.
  const { stdout } = await run(join(REPO_ROOT, 'scripts', 'runtimes'), [], { timeout: 900_000 });
  for (const line of stdout.trim().split('\n')) {
    const [name, v, bin] = line.split('\t');
    runtimes[name] = { name, version: v, bin };
  }
  mkdirSync(BUNDLE_DIR, { recursive: true });
  await build({
    entryPoints: {
      demo: join(REPO_ROOT, 'examples', 'demo.ts'),
      smoke: join(REPO_ROOT, 'test', 'runtimes', 'smoke.ts'),
    },
    outdir: BUNDLE_DIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
}, 900_000);

/** The command line that runs a TypeScript program (`demo` or `smoke`) under a runtime. */
function commandFor(rt: Runtime, program: 'demo' | 'smoke'): [string, string[]] {
  const source =
    program === 'demo'
      ? join(REPO_ROOT, 'examples', 'demo.ts')
      : join(REPO_ROOT, 'test', 'runtimes', 'smoke.ts');
  if (rt.name === 'bun') return [rt.bin, [source]];
  // The sources import './x.js' for './x.ts' (TypeScript's NodeNext convention): Deno needs
  // --sloppy-imports to map them. --no-lock keeps it from writing deno.lock into the repository.
  if (rt.name === 'deno')
    return [rt.bin, ['run', '--allow-all', '--no-lock', '--sloppy-imports', '--quiet', source]];
  return [rt.bin, [join(BUNDLE_DIR, `${program}.mjs`)]];
}

async function runProgram(
  rt: Runtime,
  program: 'demo' | 'smoke',
): Promise<{ stdout: string; stderr: string }> {
  const [cmd, args] = commandFor(rt, program);
  const env: NodeJS.ProcessEnv = { ...process.env, SPARK_REMOTE: url, NO_COLOR: '1' };
  // Keep the parent's Node flags (vitest's) away from the child runtimes.
  delete env.NODE_OPTIONS;
  return run(cmd, args, { cwd: REPO_ROOT, env, timeout: 180_000 });
}

const DEMO_OUTPUT = `
SQL with named parameters:
+---+--------+------+----------+
| id|customer|amount|       day|
+---+--------+------+----------+
|  1|   alice| 19.99|2024-01-05|
|  3|   alice|100.00|2024-02-01|
|  4|   carol| 42.00|2024-02-11|
+---+--------+------+----------+

DataFrame operations:
+--------+------+---------+--------+
|customer|amount|amount_x2|currency|
+--------+------+---------+--------+
|   ALICE|100.00|   200.00|     EUR|
|   CAROL| 42.00|    84.00|     EUR|
|   ALICE| 19.99|    39.98|     EUR|
+--------+------+---------+--------+

root
 |-- customer: string (nullable = false)
 |-- amount: decimal(10,2) (nullable = false)
 |-- amount_x2: decimal(12,2) (nullable = true)
 |-- currency: string (nullable = false)

Rows as JavaScript values:
  {"customer":"ALICE","amount":"100.00","amount_x2":"200.00","currency":"EUR"}
  {"customer":"CAROL","amount":"42.00","amount_x2":"84.00","currency":"EUR"}
  {"customer":"ALICE","amount":"19.99","amount_x2":"39.98","currency":"EUR"}
count() = 1000000

A typed error:
  AnalysisException [TABLE_OR_VIEW_NOT_FOUND] SQLSTATE 42P01
  [TABLE_OR_VIEW_NOT_FOUND] The table or view \`no_such_table\` cannot be found. Verify the spelling and correctness of the schema and catalog.
`;

function smokeOutput(runtimeLine: string): string {
  return `runtime: ${runtimeLine}
connected: spark version ok
collect: {"id":1,"tens":10,"label":"row-1"} {"id":2,"tens":20,"label":"row-2"} {"id":3,"tens":30,"label":"row-3"} {"id":4,"tens":40,"label":"row-4"}
bigint: bigint 100
for await: 100000 rows, sum 4999950000
toArrow: 4 rows, columns id:Int64,tens:Int64,label:Utf8
toArrow label[2]: row-3
error: AnalysisException UNRESOLVED_COLUMN.WITH_SUGGESTION 42703
stopped
`;
}

/** What the smoke program's first line must say under each runtime. */
function runtimeLine(rt: Runtime): string {
  if (rt.name === 'bun') return `bun ${rt.version}`;
  if (rt.name === 'deno') return `deno ${rt.version}`;
  return `node ${rt.version.replace(/^v/, '')}`;
}

describe(`JavaScript runtimes against Spark ${version}`, () => {
  it('scripts/runtimes installed Node 20, 22, 24, Bun 1 and Deno 2', () => {
    expect(Object.keys(runtimes).sort()).toEqual(Object.keys(EXPECTED_RUNTIMES).sort());
    for (const [name, pattern] of Object.entries(EXPECTED_RUNTIMES))
      expect(runtimes[name].version).toMatch(pattern);
  });

  describe.each(Object.keys(EXPECTED_RUNTIMES))('%s', (name) => {
    it('runs the smoke program: connect, SQL, collect, for await, toArrow, a typed error, stop', async () => {
      const rt = runtimes[name];
      const { stdout, stderr } = await runProgram(rt, 'smoke');
      expect(stdout).toBe(smokeOutput(runtimeLine(rt)));
      expect(stderr).toBe('');
    }, 300_000);

    it('runs the demo (examples/demo.ts) with the same output as under Node', async () => {
      const { stdout, stderr } = await runProgram(runtimes[name], 'demo');
      expect(stderr).toBe('');
      const [first, ...rest] = stdout.split('\n');
      expect(first).toMatch(
        new RegExp(
          `^Connected to Spark ${version.replace('.', '\\.')}\\.\\d+ at 127\\.0\\.0\\.1:\\d+ \\(session [0-9a-f-]{36}\\)$`,
        ),
      );
      expect(rest.join('\n')).toBe(DEMO_OUTPUT);
    }, 300_000);
  });
});
