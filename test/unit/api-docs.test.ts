import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/servers.js';

const run = promisify(execFile);

interface SearchRow {
  name: string;
  url: string;
  parent?: string;
}

/** The rows of typedoc's search index (assets/search.js: base64 of deflated JSON). */
function searchRows(out: string): SearchRow[] {
  const js = readFileSync(join(out, 'assets', 'search.js'), 'utf8');
  const data = /searchData\s*=\s*"([^"]+)"/.exec(js)?.[1];
  if (data === undefined) throw new Error('assets/search.js has no searchData');
  return (JSON.parse(inflateSync(Buffer.from(data, 'base64')).toString('utf8')) as { rows: SearchRow[] })
    .rows;
}

// `npm run docs` (typedoc.json, treatWarningsAsErrors) into a temp dir instead of docs/api.
describe('API reference (typedoc.json)', () => {
  let out = '';
  let result: { code: number; output: string } = { code: -1, output: '' };

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'spark-connect-ts-apidocs-'));
    const bin = join(REPO_ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc');
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        [bin, '--options', 'typedoc.json', '--out', out, '--treatWarningsAsErrors'],
        {
          cwd: REPO_ROOT,
          timeout: 480_000,
          maxBuffer: 16 * 1024 * 1024,
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
      result = { code: 0, output: stdout + stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string; message: string };
      result = {
        code: typeof err.code === 'number' ? err.code : 1,
        output: `${err.stdout ?? ''}${err.stderr ?? err.message}`,
      };
    }
  }, 500_000);

  afterAll(() => {
    if (out !== '') rmSync(out, { recursive: true, force: true });
  });

  it('builds with no warnings or errors', () => {
    expect(result.output).not.toMatch(/\[(warning|error)\]/);
    expect(result.code).toBe(0);
  });

  it('has pages for the main classes and the functions module', () => {
    for (const page of [
      'classes/SparkSession.html',
      'classes/DataFrame.html',
      'classes/Column.html',
      'classes/StreamingQuery.html',
      'classes/AnalysisException.html',
      'modules/functions.html',
      'functions/functions.date_format.html',
    ]) {
      expect(existsSync(join(out, page)), page).toBe(true);
    }
  });

  it('indexes public exports for search, each pointing to a generated page', () => {
    const rows = searchRows(out);
    const find = (name: string, parent?: string) =>
      rows.find((r) => r.name === name && (parent === undefined || r.parent === parent));
    for (const [name, parent] of [
      ['SparkSession', undefined],
      ['DataFrame', undefined],
      ['Column', undefined],
      ['StreamingQuery', undefined],
      ['AnalysisException', undefined],
      ['date_format', 'functions'],
    ] as const) {
      const row = find(name, parent);
      expect(row, name).toBeDefined();
      expect(existsSync(join(out, (row as SearchRow).url)), name).toBe(true);
    }
  });

  it('renders JSDoc examples and keeps raw protobuf types and @internal helpers out', () => {
    const dateFormat = readFileSync(join(out, 'functions', 'functions.date_format.html'), 'utf8');
    expect(dateFormat).toContain('id="example"');
    expect(readFileSync(join(out, 'classes', 'SparkSession.html'), 'utf8')).toContain('id="example"');
    const names = new Set(searchRows(out).map((r) => r.name));
    for (const hidden of [
      'toProtoDataType',
      'fromProtoDataType',
      'ExecutePlanResponse',
      'DataType_Decimal',
    ]) {
      expect(names.has(hidden), hidden).toBe(false);
    }
  });
});
