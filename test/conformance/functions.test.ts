/**
 * PySpark's own examples as a conformance suite: each docstring example of pyspark.sql.functions
 * (extracted by scripts/extract-pyspark-examples.py, translated by scripts/translate-examples.py)
 * runs against a real server, and what the client prints is compared with the output PySpark
 * documents, as doctest compares it. Examples that fail are listed with their cause in
 * known-failures.json, per Spark line: the test fails when any other example fails, and when a
 * listed one passes (so the list stays exact).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparkSession } from '../../src/index.js';
import { serverMatrix, versionOf } from '../support/matrix.js';
import { modules } from './generated/index.js';
import { doctestMatches, Examples, exceptionMatches } from './support.js';

const HERE = join(import.meta.dirname);
/** The lines the docstrings were extracted for (PySpark 4.1) and the newest line. */
const LINES = ['4.1', '4.3'];

interface ExampleFact {
  source: string;
  want: string;
  /** The last line of the traceback doctest expects (`module.Class: message`), if any. */
  exception: string | null;
  options: Record<string, boolean>;
}

interface ModuleFacts {
  pyspark: string;
  docstrings: { name: string; examples: ExampleFact[] }[];
}
/** Per Spark line, per module: example id (`name#index`) -> the cause of its failure. */
type KnownFailures = Record<string, Record<string, Record<string, string>>>;

const knownFailures = JSON.parse(readFileSync(join(HERE, 'known-failures.json'), 'utf8')) as KnownFailures;

function facts(module: string): ModuleFacts {
  return JSON.parse(readFileSync(join(HERE, `examples-${module}.json`), 'utf8')) as ModuleFacts;
}

const lineServers = serverMatrix().filter(([v]) => LINES.includes(versionOf(v).join('.')));

describe.each(lineServers)('PySpark examples on Spark %s', (version, url) => {
  const line = versionOf(version).join('.');
  let spark: SparkSession;
  beforeAll(async () => {
    spark = await SparkSession.builder().remote(url).create();
    // Spark's own doctest runs are test builds, where the TIME type is on; 4.1-4.3 servers keep it
    // behind this flag otherwise (UNSUPPORTED_TIME_TYPE).
    await spark.conf.set('spark.sql.timeType.enabled', true);
  });
  afterAll(async () => {
    await spark?.stop();
  });

  it.each(Object.keys(modules))(
    '%s',
    async (module) => {
      const data = facts(module);
      const failures: Record<string, string> = {};
      const untranslated: Record<string, string> = {};
      let total = 0;
      let passed = 0;
      for (const doc of data.docstrings) {
        const wanted = doc.examples.flatMap((e, i) => (e.want !== '' || e.exception !== null ? [i] : []));
        if (wanted.length === 0) continue;
        total += wanted.length;
        const ex = new Examples();
        const run = modules[module].find((file) => doc.name in file)?.[doc.name];
        let setupError = 'the docstring was not translated';
        if (run !== undefined) {
          try {
            await run(spark, ex);
          } catch (err) {
            setupError = `a setup line threw ${(err as Error).name}: ${(err as Error).message.split('\n')[0]}`;
          }
        }
        for (const i of wanted) {
          const id = `${doc.name}#${i}`;
          const outcome = ex.outcomes.get(i);
          if (outcome === undefined) failures[id] = setupError;
          else if (outcome.kind === 'untranslated') untranslated[id] = outcome.reason;
          else if (doc.examples[i].exception !== null) {
            if (
              outcome.kind === 'threw' &&
              exceptionMatches(
                doc.examples[i].exception,
                doc.examples[i].options,
                outcome.error,
                outcome.classes,
              )
            )
              passed++;
            else
              failures[id] =
                outcome.kind === 'threw'
                  ? `threw ${outcome.error}, expected ${doc.examples[i].exception}`
                  : `printed:\n${outcome.got}expected the exception ${doc.examples[i].exception}`;
          } else if (outcome.kind === 'threw') failures[id] = `threw ${outcome.error}`;
          else if (doctestMatches(doc.examples[i].want, outcome.got)) passed++;
          else failures[id] = `printed:\n${outcome.got}expected:\n${doc.examples[i].want}`;
        }
      }
      const known = knownFailures[line]?.[module] ?? {};
      const byCause = new Map<string, number>();
      for (const id of Object.keys(failures)) {
        const cause = known[id] ?? 'NEW (not in known-failures.json)';
        byCause.set(cause, (byCause.get(cause) ?? 0) + 1);
      }
      const byReason = new Map<string, number>();
      for (const reason of Object.values(untranslated)) {
        const key = reason.replace(/^depends on `[^`]*`: /, '');
        byReason.set(key, (byReason.get(key) ?? 0) + 1);
      }
      const translated = total - Object.keys(untranslated).length;
      console.log(
        [
          `PySpark ${data.pyspark} examples of ${module} on Spark ${version}: ${total} with expected output, ` +
            `${translated} translated, ${passed} pass, ${Object.keys(failures).length} fail, ` +
            `${Object.keys(untranslated).length} untranslated`,
          'Failures by cause:',
          ...[...byCause].sort((a, b) => b[1] - a[1]).map(([c, n]) => `  ${n}  ${c}`),
          'Untranslated by reason:',
          ...[...byReason].sort((a, b) => b[1] - a[1]).map(([r, n]) => `  ${n}  ${r}`),
        ].join('\n'),
      );
      // Every failure is a known one, and every known one still fails (the list stays exact).
      const unexpected = Object.fromEntries(Object.entries(failures).filter(([id]) => !(id in known)));
      const nowPassing = Object.keys(known).filter((id) => !(id in failures));
      expect(unexpected, 'examples failing that known-failures.json does not list').toEqual({});
      expect(nowPassing, 'known failures that now pass: remove them from known-failures.json').toEqual([]);
    },
    600_000,
  );
});
