import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCompatibility, sailResults } from '../../scripts/compat.js';
import { FEATURES } from '../../src/session/features.js';
import { REPO_ROOT } from '../support/servers.js';

describe('docs/compatibility.md', () => {
  const { markdown, counts } = generateCompatibility();

  it('is generated from the code, the feature table, the Sail results and the PySpark name list (run `npx tsx scripts/compat.ts` after changes)', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs', 'compatibility.md'), 'utf8')).toBe(markdown);
  });

  it('covers at least 95% of PySpark functions', () => {
    expect(counts.functions.supported / counts.functions.total).toBeGreaterThanOrEqual(0.95);
  });

  it('has one server-feature row per entry of the feature table, with its since version and Sail result', () => {
    const section = markdown.split('## Server features')[1].split('\n## ')[0];
    const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| feature'));
    const sail = sailResults();
    for (const spec of Object.values(FEATURES)) {
      const row = rows.find((r) => r.startsWith(`| ${spec.api.replaceAll('|', '\\|')}`));
      expect(row, spec.api).toBeDefined();
      const cells = (row as string).split(' | ');
      expect(cells[1], spec.api).toBe(`${spec.since[0]}.${spec.since[1]}`);
      const r = sail[spec.api];
      expect(cells[2], spec.api).toMatch(
        r === undefined ? /^not checked/ : r.result === 'works' ? /^supported/ : /^lacking: /,
      );
    }
  });
});
