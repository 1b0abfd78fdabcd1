import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateProtocolCoverage, measureProtocolCoverage } from '../../scripts/protocol-coverage.js';
import { REPO_ROOT } from '../support/servers.js';

describe('docs/protocol-coverage.md', () => {
  it('is generated from the descriptors and the code (run `npm run protocol-coverage` after changes)', () => {
    const { markdown, totals } = generateProtocolCoverage();
    expect(readFileSync(join(REPO_ROOT, 'docs', 'protocol-coverage.md'), 'utf8')).toBe(markdown);
    expect(totals.covered).toBeLessThanOrEqual(totals.total);
    expect(totals.totalUsable).toBeLessThan(totals.total);
  });
});

describe('protocol coverage measurement', () => {
  // A small program in a temporary folder outside the repo (so no other run sees it), importing
  // src/gen by its absolute path and @bufbuild/protobuf through a link to the repo's node_modules.
  const dir = mkdtempSync(join(tmpdir(), 'coverage-probe-'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const gen = (f: string) => join(REPO_ROOT, 'src', 'gen', 'spark', 'connect', `${f}_pb.js`);
  const probe = join(dir, 'probe.ts');
  writeFileSync(
    probe,
    `import { create } from '@bufbuild/protobuf';
import { RelationSchema } from '${gen('relations')}';
import { AnalyzePlanRequestSchema, type AnalyzePlanResponse, type ExecutePlanResponse } from '${gen('base')}';
export const rel = create(RelationSchema, { relType: { case: 'sql', value: { query: 'SELECT 1' } } });
export const req = create(AnalyzePlanRequestSchema, { analyze: { case: 'treeString', value: {} } });
export function isSchema(r: AnalyzePlanResponse): boolean {
  return r.result.case === 'schema';
}
export function kind(r: ExecutePlanResponse): number {
  switch (r.responseType.case) {
    case 'arrowBatch':
      return 1;
    default:
      return 0;
  }
}
export const words = { sqlCommand: 'sqlCommand', mapPartitions: 'x' };
`,
  );
  const cov = measureProtocolCoverage([probe]);
  const covered = (oneof: string) => [...(cov.oneofs.get(`spark.connect.${oneof}`)?.covered ?? [])].sort();

  it('counts a case where the code emits it as that oneof, not where the same word appears', () => {
    expect(covered('Relation.rel_type')).toEqual(['sql']);
    // 'sql' is also a Command case name; the untyped object literal mentions sqlCommand.
    expect(covered('Command.command_type')).toEqual([]);
  });

  it('tells apart a request and a response oneof with the same case names by their message types', () => {
    expect(covered('AnalyzePlanRequest.analyze')).toEqual(['treeString']);
    expect(covered('AnalyzePlanResponse.result')).toEqual(['schema']);
  });

  it('counts the cases a switch on `.case` handles', () => {
    expect(covered('ExecutePlanResponse.response_type')).toEqual(['arrowBatch']);
  });

  it('counts no RPC the code does not call', () => {
    expect([...cov.rpcs.covered]).toEqual([]);
  });
});
