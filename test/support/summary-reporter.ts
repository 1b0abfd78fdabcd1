/**
 * Prints the run's closing line as `N passed, N failed, N skipped` so any CI can read it.
 *
 * A test file whose setup or teardown failed (an import error, or a failing beforeAll/afterAll
 * hook of the file or of one of its suites) counts as one failure, even when it has tests: its
 * tests are then reported as skipped, and a line of only skips would hide the failure.
 */
import type { Reporter, TestModule } from 'vitest/node';

/** The part of vitest's reported tasks the summary reads (TestModule and TestSuite have it). */
export interface SummarySuite {
  state(): string;
  errors(): ReadonlyArray<unknown>;
  children: {
    allTests(): Iterable<{ result(): { state: string } }>;
    allSuites(): Iterable<{ errors(): ReadonlyArray<unknown> }>;
  };
}

/** The counts of the closing line. */
export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * Counts tests by state, plus one failure per test file whose collection, setup or teardown
 * failed, plus one per unhandled error.
 *
 * @example
 * const { passed, failed, skipped } = summarize(testModules, unhandledErrors);
 */
export function summarize(modules: Iterable<SummarySuite>, unhandledErrors: ReadonlyArray<unknown>): Summary {
  const summary: Summary = { passed: 0, failed: 0, skipped: 0 };
  for (const mod of modules) {
    const tests = [...mod.children.allTests()];
    let failedTests = 0;
    for (const test of tests) {
      const state = test.result().state;
      if (state === 'passed') summary.passed++;
      else if (state === 'failed') failedTests++;
      else summary.skipped++;
    }
    summary.failed += failedTests;
    const hookFailed =
      mod.errors().length > 0 || [...mod.children.allSuites()].some((suite) => suite.errors().length > 0);
    // A failed file none of whose tests failed: its setup, teardown or import failed.
    if (failedTests === 0 && (hookFailed || mod.state() === 'failed')) summary.failed++;
  }
  summary.failed += unhandledErrors.length;
  return summary;
}

/**
 * Where the run's time went, for keeping CI under its limit: each project's summed file time (the
 * `alone` project's files run one at a time, so its sum is its wall time) and the slowest files.
 */
export function timings(modules: ReadonlyArray<TestModule>, slowest = 12): string {
  const byProject = new Map<string, number>();
  const files = modules.map((m) => {
    const project = m.project.name || 'default';
    const seconds = m.diagnostic().duration / 1000;
    byProject.set(project, (byProject.get(project) ?? 0) + seconds);
    return { project, file: m.relativeModuleId, seconds };
  });
  const lines = [
    `time per project (sum of its files): ${[...byProject].map(([p, s]) => `${p} ${s.toFixed(0)} s`).join(', ')}`,
    'slowest files:',
    ...files
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, slowest)
      .map((f) => `  ${f.seconds.toFixed(0).padStart(5)} s  ${f.project.padEnd(8)} ${f.file}`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The server a test ran against, from the names of its suites (`... on Spark 4.3`, `... against
 * Spark sail`, `standalone cluster, Spark 3.5`): its Spark line or Sail, else `other`.
 *
 * @example targetOf(['sessions on Spark 4.3']) // '4.3'
 */
export function targetOf(suiteNames: readonly string[]): string {
  for (const name of suiteNames) {
    const m = /(?:^|Spark |on |against |to |\()(sail(?:-[\d.]+)?|\d+\.\d+)(?:\.\d+)?(?=$|[\s),:])/i.exec(
      name,
    );
    if (m !== null) return m[1].toLowerCase().startsWith('sail') ? 'sail' : m[1];
  }
  return 'other';
}

/** The part of a reported test that perTarget reads. */
export interface TargetTest {
  result(): { state: string };
  parent: { type?: string; name?: string; parent?: unknown };
}

/** Tests per server (targetOf their suites) by state, for the closing summary. */
export function perTarget(tests: Iterable<TargetTest>): string {
  const counts = new Map<string, Summary>();
  for (const test of tests) {
    const names: string[] = [];
    for (let p: TargetTest['parent'] | undefined = test.parent; p !== undefined && p.type === 'suite'; ) {
      names.unshift(p.name ?? '');
      p = p.parent as TargetTest['parent'] | undefined;
    }
    const target = targetOf(names);
    const c = counts.get(target) ?? { passed: 0, failed: 0, skipped: 0 };
    const state = test.result().state;
    if (state === 'passed') c.passed++;
    else if (state === 'failed') c.failed++;
    else c.skipped++;
    counts.set(target, c);
  }
  const order = (t: string) => (t === 'other' ? 'z' : t === 'sail' ? 'y' : t);
  return [...counts]
    .sort((a, b) => order(a[0]).localeCompare(order(b[0])))
    .map(([t, c]) => `${t} ${c.passed}/${c.failed}/${c.skipped}`)
    .join(', ');
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const { passed, failed, skipped } = summarize(testModules, unhandledErrors);
    if (testModules.length > 1) process.stdout.write(`\n${timings(testModules)}`);
    try {
      const tests = testModules.flatMap((m) => [...m.children.allTests()]) as unknown as TargetTest[];
      process.stdout.write(`tests per server (passed/failed/skipped): ${perTarget(tests)}\n`);
    } catch (err) {
      process.stdout.write(`tests per server: not counted (${String(err)})\n`);
    }
    process.stdout.write(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
