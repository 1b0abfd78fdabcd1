import { Code } from '@connectrpc/connect';
import { describe, expect, it } from 'vitest';
import { SparkConnectError, UnsupportedServerVersionError } from '../../src/errors/base.js';
import { UnsupportedOperationException } from '../../src/errors/spark-exceptions.js';
import { answersLacking, FEATURES, parseSparkLine, ServerFeatures } from '../../src/session/features.js';

describe('the feature table and its one check', () => {
  it('gates by version with one message style naming the method, the line and the server', () => {
    const f = new ServerFeatures('4.1.4');
    expect(() => f.require('transpose')).not.toThrow();
    expect(() => f.require('nearestByJoin')).toThrow(
      new UnsupportedServerVersionError(
        'DataFrame.nearestByJoin needs Spark 4.2 or newer; this server runs Spark 4.1.4',
      ),
    );
    expect(() => new ServerFeatures('3.5.7').require('subqueries', 'DataFrame.scalar')).toThrow(
      /^DataFrame\.scalar needs Spark 4\.0 or newer/,
    );
    expect(new ServerFeatures('3.5.7').mayHave('orderedRenames')).toBe(false);
  });

  it('a server without a usable version is gated by what it answers, not by a guess', async () => {
    for (const reported of [undefined, '', 'sail']) {
      const f = new ServerFeatures(reported);
      expect(f.line).toBeUndefined();
      expect(f.atLeast(3, 5)).toBe(false);
      expect(f.mayHave('zip')).toBe(true);
      expect(() => f.require('zip')).not.toThrow();
      // The server answers that it lacks the feature: the error names it, and later checks fail fast.
      const answer = new UnsupportedOperationException('zip', {
        grpcCode: Code.Internal,
        serverClassName: 'java.lang.UnsupportedOperationException',
      });
      const err = await f.run('zip', () => Promise.reject(answer)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnsupportedServerVersionError);
      expect((err as Error).message).toMatch(
        /^DataFrame\.zip is not supported by this server \(a server (that does not report its Spark version|reporting version "sail")\): it answered that it lacks it \(java\.lang\.UnsupportedOperationException: zip\); Spark has it since 4\.3$/,
      );
      expect((err as Error).cause).toBe(answer);
      expect(() => f.require('zip')).toThrow(/^DataFrame\.zip is not supported by this server .*lacks it/);
      expect([...f.lacks().keys()]).toEqual(['zip']);
    }
  });

  it('a server new enough by version that answers it lacks a feature is not called too old', async () => {
    // Sail reports 4.2.0 but lacks the 4.2 catalog commands.
    const f = new ServerFeatures('4.2.0');
    const answer = new UnsupportedOperationException('drop table', {
      grpcCode: Code.Internal,
      serverClassName: 'java.lang.UnsupportedOperationException',
    });
    const err = await f.run('catalogDropTable', () => Promise.reject(answer)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedServerVersionError);
    expect((err as Error).message).toBe(
      'Catalog.dropTable is not supported by this server (Spark 4.2.0): it answered that it lacks it ' +
        '(java.lang.UnsupportedOperationException: drop table); Spark has it since 4.2',
    );
  });

  it('only UNIMPLEMENTED or a bare UnsupportedOperationException count as "lacks it"', async () => {
    const unimplemented = new SparkConnectError('no', { grpcCode: Code.Unimplemented });
    const sparkError = new UnsupportedOperationException('x', {
      grpcCode: Code.Internal,
      errorClass: 'UNSUPPORTED_FEATURE.X',
      serverClassName: 'org.apache.spark.SparkUnsupportedOperationException',
    });
    expect(answersLacking(unimplemented)).toBe(true);
    expect(answersLacking(sparkError)).toBe(false);
    expect(answersLacking(new Error('x'))).toBe(false);
    const f = new ServerFeatures('4.3.0');
    await expect(f.run('zip', () => Promise.reject(sparkError))).rejects.toBe(sparkError);
    expect(f.mayHave('zip')).toBe(true);
  });

  it("once a feature answered, a bare UnsupportedOperationException is that request's own error", async () => {
    // Spark ML throws some (e.g. a p-value the solver does not give): ML is not "lacking" then.
    const f = new ServerFeatures('4.2.0');
    const own = new UnsupportedOperationException('No p-value available for this LinearRegressionModel', {
      grpcCode: Code.Internal,
      serverClassName: 'java.lang.UnsupportedOperationException',
    });
    expect(await f.run('ml', () => Promise.resolve('fitted'))).toBe('fitted');
    await expect(f.run('ml', () => Promise.reject(own))).rejects.toBe(own);
    expect(f.mayHave('ml')).toBe(true);
    // A server whose first ML answer is the bare exception (Sail: "ml command") lacks Spark ML.
    const sail = new ServerFeatures('4.2.0');
    const answer = new UnsupportedOperationException('ml command', {
      grpcCode: Code.Internal,
      serverClassName: 'java.lang.UnsupportedOperationException',
    });
    const err = await sail.run('ml', () => Promise.reject(answer)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedServerVersionError);
    expect((err as Error).message).toMatch(
      /^Spark ML \(ml\.Estimator\.fit .*\) is not supported by this server \(Spark 4\.2\.0\): it answered that it lacks it \(java\.lang\.UnsupportedOperationException: ml command\)/,
    );
    expect(() => sail.require('ml')).toThrow(UnsupportedServerVersionError);
  });

  it('parses Spark lines and every entry names a method and a supported line', () => {
    expect(parseSparkLine('4.1.1')).toEqual([4, 1]);
    expect(parseSparkLine('4.2.0-SNAPSHOT')).toEqual([4, 2]);
    expect(parseSparkLine('')).toBeUndefined();
    expect(parseSparkLine('sail')).toBeUndefined();
    for (const [name, spec] of Object.entries(FEATURES)) {
      expect(spec.api.length, name).toBeGreaterThan(0);
      expect(spec.since[0] * 10 + spec.since[1], name).toBeGreaterThanOrEqual(35);
    }
  });
});
