import { describe, expect, it } from 'vitest';
import { LongestFirstSequencer } from '../support/sequencer.js';

/** A specification as the sequencer sees it: a file of a project (a fresh clone: no cache). */
function spec(project: string, file: string, groupOrder: number) {
  return {
    moduleId: `/repo/${file}`,
    project: { name: project, config: { sequence: { groupOrder }, isolate: true } },
  };
}

describe('test file order', () => {
  it('starts the longest known files first within a project, and keeps the projects in order', async () => {
    const ctx = {
      config: { root: '/repo' },
      cache: {
        getFileTestResults: () => undefined,
        // Vitest's fallback order without a cache: larger files first.
        getFileStats: (key: string) => ({ size: key.includes('big') ? 1000 : 10 }),
      },
    };
    // biome-ignore lint/suspicious/noExplicitAny: a minimal stand-in for vitest's context
    const sequencer = new LongestFirstSequencer(ctx as any);
    const files = [
      spec('alone', 'test/fault/resilience.test.ts', 1),
      spec('parallel', 'test/unit/big-unknown.test.ts', 0),
      spec('parallel', 'test/integration/io.test.ts', 0),
      spec('parallel', 'test/unit/small-unknown.test.ts', 0),
      spec('parallel', 'test/fault/sequential.test.ts', 0),
    ];
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const sorted = await sequencer.sort(files as any);
    expect(sorted.map((s) => `${s.project.name} ${s.moduleId.slice(6)}`)).toEqual([
      'parallel test/fault/sequential.test.ts',
      'parallel test/integration/io.test.ts',
      'parallel test/unit/big-unknown.test.ts',
      'parallel test/unit/small-unknown.test.ts',
      'alone test/fault/resilience.test.ts',
    ]);
  });
});
