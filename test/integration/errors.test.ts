import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnalysisException,
  ArithmeticException,
  ParseException,
  SparkConnectError,
  type SparkSession,
} from '../../src/index.js';
import { atLeast, isSail, newSession, recordSailResult, serverMatrix } from '../support/matrix.js';

describe.each(serverMatrix({ sail: true }))('typed errors from Spark %s', (version, url) => {
  let spark: SparkSession;
  beforeAll(async () => {
    spark = await newSession(url);
  });
  afterAll(async () => {
    await spark?.stop();
  });

  it('invalid SQL gives a ParseException with error class, SQL state and position', async () => {
    const err = await spark.sql('SELEC 1').catch((e: unknown) => e);
    if (isSail(version)) {
      // Sail answers a syntax error as java.lang.IllegalArgumentException naming the token, with
      // no Spark error class, SQL state or position.
      expect(err).toBeInstanceOf(SparkConnectError);
      const e = err as SparkConnectError;
      expect(e.serverClassName).toBe('java.lang.IllegalArgumentException');
      expect(e.message).toContain('found SELEC');
      expect(e.errorClass).toBeUndefined();
      recordSailResult('ParseException (error class, SQL state)', 'lacks', e.message);
      return;
    }
    expect(err).toBeInstanceOf(ParseException);
    expect(err).toBeInstanceOf(AnalysisException);
    expect(err).toBeInstanceOf(SparkConnectError);
    const e = err as ParseException;
    expect(e.errorClass).toBe('PARSE_SYNTAX_ERROR');
    expect(e.message).toContain('PARSE_SYNTAX_ERROR');
    // Spark 3.5 sends no SQL state: the client fills it from Spark 3.5's own error table.
    expect(e.sqlState).toBe('42601');
    expect(e.message).toContain('SQLSTATE: 42601');
    if (atLeast(version, 4, 0)) expect(e.messageParameters.error).toBe("'SELEC'");
    expect(e.grpcCode).toBe(13);
  });

  it('a missing table gives an AnalysisException with its query context', async () => {
    if (isSail(version)) {
      // Sail analyses lazily (on collect) and sends no error class, parameters or query context.
      const err = await spark
        .sql('SELECT * FROM no_such_table_xyz')
        .then((df) => df.collect())
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AnalysisException);
      expect((err as AnalysisException).message).toContain('Table or view not found: no_such_table_xyz');
      expect((err as AnalysisException).queryContext).toEqual([]);
      recordSailResult('AnalysisException (query context)', 'lacks', (err as Error).message);
      return;
    }
    const err = await spark.sql('SELECT * FROM no_such_table_xyz').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AnalysisException);
    const e = err as AnalysisException;
    expect(e.errorClass).toBe('TABLE_OR_VIEW_NOT_FOUND');
    expect(e.sqlState).toBe('42P01');
    if (atLeast(version, 4, 0)) expect(e.messageParameters.relationName).toBe('`no_such_table_xyz`');
    expect(e.message).toContain('no_such_table_xyz');
    if (atLeast(version, 4, 0)) {
      // FetchErrorDetails gives the SQL fragment and its position.
      expect(e.queryContext.length).toBeGreaterThan(0);
      expect(e.queryContext[0].fragment).toBe('no_such_table_xyz');
      expect(e.queryContext[0].startIndex).toBe(14);
      expect(e.queryContext[0].stopIndex).toBe(30);
    }
  });

  it('a runtime error is typed (ANSI division by zero)', async () => {
    // 3.5 folds the constant while analysing spark.sql(); 4.x fails on collect().
    const err = await spark
      .sql('SELECT 1 / 0 AS x')
      .then((df) => df.collect())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArithmeticException);
    if (isSail(version)) {
      // Typed, but without Spark's error class.
      expect((err as Error).message).toContain('divide by zero');
      return;
    }
    expect((err as SparkConnectError).errorClass).toBe('DIVIDE_BY_ZERO');
    expect((err as SparkConnectError).sqlState).toBe('22012');
  });

  it('errors from DataFrame analysis name the column', async () => {
    const err = await spark
      .range(3)
      .select('nope')
      .collect()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AnalysisException);
    expect((err as Error).message).toContain('nope');
    if (isSail(version)) return; // typed and naming the column, without Spark's error class
    expect((err as SparkConnectError).errorClass).toBe('UNRESOLVED_COLUMN.WITH_SUGGESTION');
  });

  it('the session keeps working after errors', async () => {
    await spark.sql('SELEC').catch(() => undefined);
    expect(await spark.range(3).count()).toBe(3);
  });
});
