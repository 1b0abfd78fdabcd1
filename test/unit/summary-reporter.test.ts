import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestModule } from 'vitest/node';
import { startVitest } from 'vitest/node';
import { REPO_ROOT } from '../support/servers.js';
import { perTarget, type SummarySuite, summarize, targetOf, timings } from '../support/summary-reporter.js';

function fakeModule(opts: {
  tests: string[];
  state?: string;
  errors?: unknown[];
  suiteErrors?: unknown[];
}): SummarySuite {
  return {
    state: () => opts.state ?? 'passed',
    errors: () => opts.errors ?? [],
    children: {
      allTests: () => opts.tests.map((state) => ({ result: () => ({ state }) })),
      allSuites: () => [{ errors: () => opts.suiteErrors ?? [] }],
    },
  };
}

describe('summarize (the closing line of the test run)', () => {
  it('counts tests by state', () => {
    expect(
      summarize([fakeModule({ tests: ['passed', 'passed', 'failed', 'skipped', 'pending'] })], []),
    ).toEqual({
      passed: 2,
      failed: 1,
      skipped: 2,
    });
  });

  it('counts a file whose beforeAll failed as failed, although its tests are only skipped', () => {
    const mod = fakeModule({ tests: ['skipped', 'skipped'], state: 'failed', suiteErrors: [new Error('x')] });
    expect(summarize([mod], [])).toEqual({ passed: 0, failed: 1, skipped: 2 });
  });

  it('counts a file whose import failed (no tests) as failed', () => {
    expect(summarize([fakeModule({ tests: [], state: 'failed', errors: [new Error('x')] })], [])).toEqual({
      passed: 0,
      failed: 1,
      skipped: 0,
    });
  });

  it('counts a failed teardown next to passing tests, and unhandled errors', () => {
    const mod = fakeModule({ tests: ['passed'], errors: [new Error('afterAll')] });
    expect(summarize([mod], [new Error('unhandled')])).toEqual({ passed: 1, failed: 2, skipped: 0 });
  });

  it('adds nothing for a file whose failure is already a failed test', () => {
    const mod = fakeModule({ tests: ['failed'], state: 'failed', suiteErrors: [] });
    expect(summarize([mod], [])).toEqual({ passed: 0, failed: 1, skipped: 0 });
  });
});

describe('summarize on a real vitest run', () => {
  it('counts files whose setup or teardown failed', async () => {
    const root = join(REPO_ROOT, 'test', 'fixtures', 'reporter');
    let modules: ReadonlyArray<TestModule> = [];
    let unhandled: ReadonlyArray<unknown> = [];
    const vitest = await startVitest('test', [], {
      config: false,
      root,
      include: ['*.fixture.ts'],
      globalSetup: [],
      watch: false,
      reporters: [
        {
          onTestRunEnd(testModules, errors) {
            modules = testModules;
            unhandled = errors;
          },
        },
      ],
    });
    await vitest.close();
    expect(modules.map((m) => m.relativeModuleId).sort()).toEqual([
      'fine.fixture.ts',
      'setup-fails.fixture.ts',
      'teardown-fails.fixture.ts',
    ]);
    // fine: 1 passed + 1 skipped; setup-fails: 1 skipped + the failed setup; teardown-fails: 1 passed + the
    // failed teardown.
    expect(summarize(modules, unhandled)).toEqual({ passed: 2, failed: 2, skipped: 2 });
    // Where the time went: every file listed once, with its seconds, slowest first.
    const lines = timings(modules).trim().split('\n');
    expect(lines[0]).toMatch(/^time per project \(sum of its files\): \S+ \d+ s$/);
    expect(lines[1]).toBe('slowest files:');
    expect(
      lines
        .slice(2)
        .map((l) => l.trim().split(/\s+/).at(-1))
        .sort(),
    ).toEqual(['fine.fixture.ts', 'setup-fails.fixture.ts', 'teardown-fails.fixture.ts']);
    expect(timings(modules, 1).trim().split('\n')).toHaveLength(3);
  });
});

describe('tests per server', () => {
  it('takes the server from the suite names', () => {
    expect(targetOf(['sessions on Spark 4.3'])).toBe('4.3');
    expect(targetOf(['logs and traces against Spark sail'])).toBe('sail');
    expect(targetOf(['standalone cluster, Spark 3.5', 'kills an executor'])).toBe('3.5');
    expect(targetOf(['a reattach that reaches another server (Spark 4.1)'])).toBe('4.1');
    expect(targetOf(['delta', 'Delta Lake on Spark 4.0'])).toBe('4.0');
    expect(targetOf(['the feature table on sail-0.7.2'])).toBe('sail');
    expect(targetOf(['sequential queries on Spark 4.3.0'])).toBe('4.3');
    expect(targetOf(['RowIterator'])).toBe('other');
    expect(targetOf(['needs Spark 4.1+ features'])).toBe('other');
  });

  it('counts each server by state', () => {
    const suite = (name: string) => ({ type: 'suite', name, parent: { type: 'module' } });
    const t = (name: string, state: string) => ({ result: () => ({ state }), parent: suite(name) });
    expect(
      perTarget([
        t('x on Spark 3.5', 'passed'),
        t('x on Spark 3.5', 'failed'),
        t('y against Spark sail', 'skipped'),
        t('z on Spark 4.3', 'passed'),
        t('unit things', 'passed'),
      ]),
    ).toBe('3.5 1/1/0, 4.3 1/0/0, sail 0/0/1, other 1/0/0');
  });
});
