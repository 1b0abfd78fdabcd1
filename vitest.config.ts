import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/support/sequencer.js';

/**
 * Files that must not share the machine with other test files: they start, kill or starve
 * servers, measure the process's memory, or run clusters and other runtimes. They run one at a
 * time, after the parallel group.
 */
const ALONE = [
  'test/integration/spark-server.test.ts',
  'test/integration/auth.test.ts',
  'test/integration/cli-check.test.ts',
  'test/integration/cli-shell.test.ts',
  'test/fault/**/*.test.ts',
  'test/cluster/**/*.test.ts',
  'test/formats/**/*.test.ts',
  'test/runtimes/**/*.test.ts',
];

const SEQUENTIAL = 'test/fault/sequential.test.ts';

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          // Unit and integration files: two at a time. Each uses its own sessions, databases,
          // views and table names, and the shared servers (local[2]) run two files' jobs at once
          // as they would two users'.
          name: 'parallel',
          // Plus PySpark's docstring examples, and the 10,000 sequential queries of the fault
          // tier: one query at a time waits on the server, so they overlap well with other files.
          include: [
            'test/unit/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/conformance/**/*.test.ts',
            SEQUENTIAL,
          ],
          // (The fault tier's other files are not included here to begin with.)
          exclude: ALONE.filter((p) => !p.startsWith('test/fault/')),
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'alone',
          include: ALONE,
          exclude: [SEQUENTIAL],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
