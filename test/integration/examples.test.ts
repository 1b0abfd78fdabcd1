/** Runs the examples/ programs against a real server, as a user would, and checks their output. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isSail, serverMatrix } from '../support/matrix.js';
import { REPO_ROOT } from '../support/servers.js';

const run = promisify(execFile);

// The newest Spark server of the run, and Sail when it is in the run.
const matrix = serverMatrix({ sail: true });
const spark = matrix.filter(([v]) => !isSail(v));
const targets = [...spark.slice(-1), ...matrix.filter(([v]) => isSail(v))];

/** Runs an example with SPARK_REMOTE set, as a user would. */
function runExample(name: string, url: string): Promise<{ stdout: string; stderr: string }> {
  return run(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'examples', name)], {
    env: { ...process.env, SPARK_REMOTE: url },
    cwd: REPO_ROOT,
    timeout: 180_000,
  });
}

describe.each(targets)('examples against Spark %s', (version, url) => {
  it('examples/demo.ts (what npm start runs) shows tables, rows and a typed error', async () => {
    const { stdout } = await runExample('demo.ts', url);
    expect(stdout).toMatch(/Connected to Spark \d+\.\d+\.\d+/);
    expect(stdout).toContain('| id|customer|amount|       day|');
    expect(stdout).toContain('|  1|   alice| 19.99|2024-01-05|');
    expect(stdout).toContain('|   ALICE|100.00|   200.00|     EUR|');
    expect(stdout).toContain(' |-- amount_x2: decimal(');
    expect(stdout).toContain('{"customer":"ALICE","amount":"100.00","amount_x2":"200.00","currency":"EUR"}');
    expect(stdout).toContain('count() = 1000000');
    if (isSail(version)) {
      // Sail analyzes spark.sql() lazily: a missing table fails at the first action, not at
      // spark.sql(), so the demo's error section stays empty there.
      expect(stdout).toMatch(/count\(\) = 1000000\n\nA typed error:\n$/);
    } else {
      expect(stdout).toContain('AnalysisException [TABLE_OR_VIEW_NOT_FOUND] SQLSTATE 42P01');
    }
  });

  it('examples/dataframe-tour.ts runs window functions, aggregation, parquet and the catalog', async () => {
    const { stdout } = await runExample('dataframe-tour.ts', url);
    expect(stdout).toContain('| ann| eng|   100|   1|\n| bob| eng|    90|   2|\n| cid| ops|    70|   1|');
    expect(stdout).toContain('| eng|100|\n| ops| 70|');
    expect(stdout).toContain('read back 3 rows\npeople\n');
  });

  it('examples/streaming-and-subqueries.ts streams files into a memory sink, runs subqueries, a lateral join and a TVF', async () => {
    if (isSail(version)) {
      // Sail has no memory sink: the example stops at its first streaming query, with Sail's
      // error naming the missing data source.
      const err = (await runExample('streaming-and-subqueries.ts', url).then(
        () => new Error('expected the example to fail on Sail'),
        (e: unknown) => e,
      )) as Error & { stderr?: string };
      expect(err.stderr ?? err.message).toMatch(/^AnalysisException: No data source found for: memory$/m);
      return;
    }
    const { stdout } = await runExample('streaming-and-subqueries.ts', url);
    expect(stdout).toContain('|user|total|\n+----+-----+\n| ann|    5|\n| bob|    1|');
    expect(stdout).toContain('streamed 3 input rows\nactive queries after stop: 0');
    expect(stdout).toContain('|name|dept|\n+----+----+\n| ann| eng|\n| cid| ops|');
    expect(stdout).toContain('| cid|   1|        80|\n| cid|   2|        90|\n| dee|   1|        60|');
    expect(stdout).toContain('|col|\n+---+\n|  x|\n|  y|');
  });
});
