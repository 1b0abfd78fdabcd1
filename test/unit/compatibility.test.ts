import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCompatibility } from '../../scripts/compat.js';
import { REPO_ROOT } from '../support/servers.js';

describe('docs/compatibility.md', () => {
  const { markdown, counts } = generateCompatibility();

  it('is generated from the code and the PySpark name list (run `npx tsx scripts/compat.ts` after API changes)', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs', 'compatibility.md'), 'utf8')).toBe(markdown);
  });

  it('covers at least 95% of PySpark functions', () => {
    expect(counts.functions.supported / counts.functions.total).toBeGreaterThanOrEqual(0.95);
  });
});
