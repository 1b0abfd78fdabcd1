/** `spark-connect check`'s artifact step: a server without artifacts warns, other failures fail. */
import { describe, expect, it } from 'vitest';
import { SessionChecks } from '../../src/cli/check/session-steps.js';
import { SparkConnectionError, type SparkSession, UnsupportedOperationException } from '../../src/index.js';

function checksWith(addArtifacts: () => Promise<void>): SessionChecks {
  const checks = new SessionChecks(
    {},
    { queries: 1, streamRows: 1, token: false, signal: new AbortController().signal },
  );
  // The step only calls addArtifacts on the session the open step made.
  (checks as unknown as { spark: Pick<SparkSession, 'addArtifacts'> }).spark = { addArtifacts };
  return checks;
}

describe('check: artifact step', () => {
  it('passes when the upload succeeds', async () => {
    const r = await checksWith(async () => undefined).artifact();
    expect(r.status).toBe('pass');
    expect(r.detail).toMatch(/^uploaded a \d+-byte file artifact/);
  });

  it('warns, naming what the server lacks, when the server does not support artifacts', async () => {
    const r = await checksWith(async () => {
      throw new UnsupportedOperationException('handle add artifacts\nat some.Frame');
    }).artifact();
    expect(r).toEqual({
      status: 'warn',
      detail:
        'the server does not support artifact upload (addArtifacts): UnsupportedOperationException: handle add artifacts',
    });
  });

  it('fails on any other error', async () => {
    const checks = checksWith(async () => {
      throw new SparkConnectionError('connection reset');
    });
    await expect(checks.artifact()).rejects.toThrow('connection reset');
  });
});
