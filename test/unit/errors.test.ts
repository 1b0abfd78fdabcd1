import { once } from 'node:events';
import { createServer } from 'node:net';
import { create, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { DurationSchema } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { describe, expect, it, vi } from 'vitest';
import {
  convertError,
  type ErrorConversionContext,
  errorClassOf,
  grpcCodeOf,
  isRetryableError,
  retryDelayMsOf,
} from '../../src/client/errors.js';
import {
  AnalysisException,
  ArithmeticException,
  ArrayIndexOutOfBoundsException,
  DateTimeException,
  IllegalArgumentException,
  NamespaceAlreadyExistsException,
  NamespaceNotFoundException,
  NumberFormatException,
  OperationCanceledException,
  ParseException,
  PythonException,
  QueryExecutionException,
  SparkAuthenticationError,
  SparkConnectError,
  SparkConnectionError,
  SparkException,
  SparkNoSuchElementException,
  SparkRuntimeException,
  SparkUpgradeException,
  StreamingQueryException,
  TableAlreadyExistsException,
  TableNotFoundException,
  TempTableAlreadyExistsException,
  UnknownSparkException,
  UnsupportedOperationException,
  UnsupportedServerVersionError,
} from '../../src/errors/index.js';
import { ErrorInfoSchema, RetryInfoSchema } from '../../src/gen/google/rpc/error_details_pb.js';
import {
  type FetchErrorDetailsResponse,
  FetchErrorDetailsResponse_QueryContext_ContextType,
  FetchErrorDetailsResponseSchema,
  SparkConnectService,
} from '../../src/gen/spark/connect/base_pb.js';

const ENDPOINT = '127.0.0.1:15002';
const ctx: ErrorConversionContext = { endpoint: ENDPOINT };

/** Hierarchies as real Spark 4.1 servers send them (ErrorInfo `classes`). */
const H = {
  parse: [
    'org.apache.spark.sql.catalyst.parser.ParseException',
    'org.apache.spark.sql.AnalysisException',
    'java.lang.Exception',
    'java.lang.Throwable',
    'java.lang.Object',
  ],
  extendedAnalysis: [
    'org.apache.spark.sql.catalyst.ExtendedAnalysisException',
    'org.apache.spark.sql.AnalysisException',
    'java.lang.Exception',
    'java.lang.Throwable',
    'java.lang.Object',
  ],
  numberFormat: [
    'org.apache.spark.SparkNumberFormatException',
    'java.lang.NumberFormatException',
    'java.lang.IllegalArgumentException',
    'java.lang.RuntimeException',
    'java.lang.Exception',
    'java.lang.Throwable',
    'java.lang.Object',
  ],
  dateTime: [
    'org.apache.spark.SparkDateTimeException',
    'java.time.DateTimeException',
    'java.lang.RuntimeException',
    'java.lang.Exception',
    'java.lang.Throwable',
    'java.lang.Object',
  ],
  javaDateTime: ['java.time.DateTimeException', 'java.lang.RuntimeException', 'java.lang.Exception'],
  sparkException: [
    'org.apache.spark.SparkException',
    'java.lang.Exception',
    'java.lang.Throwable',
    'java.lang.Object',
  ],
};

/** A server exception as connect-node surfaces it: INTERNAL with one Spark ErrorInfo detail. */
function serverError(
  message: string,
  reason: string,
  metadata: Record<string, string>,
  code: Code = Code.Internal,
): ConnectError {
  return new ConnectError(message, code, undefined, [
    {
      desc: ErrorInfoSchema,
      value: create(ErrorInfoSchema, { reason, domain: 'org.apache.spark', metadata }),
    },
  ]);
}

function sparkMetadata(classes: string[], extra: Record<string, string> = {}): Record<string, string> {
  return { classes: JSON.stringify(classes), ...extra };
}

function details(init: MessageInitShape<typeof FetchErrorDetailsResponseSchema>): FetchErrorDetailsResponse {
  return create(FetchErrorDetailsResponseSchema, init);
}

/** A Node system error like the ones in connect-node's cause chains. */
function nodeError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('convertError: server exceptions', () => {
  it('turns a real Spark 4.1 ParseException status into a ParseException with all fields', async () => {
    const err = serverError(
      "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, pos 0)\n\n== SQL ==\nSELEC 1\n^^^\n",
      'org.apache.spark.sql.catalyst.parser.ParseException',
      sparkMetadata(H.parse, {
        sqlState: '42601',
        errorClass: 'PARSE_SYNTAX_ERROR',
        messageParameters: '{"error":"\'SELEC\'","hint":""}',
        errorId: '2aa142ea-f410-4761-92f9-56b37b7c7562',
      }),
    );
    const e = await convertError(err, ctx);
    expect(e).toBeInstanceOf(ParseException);
    expect(e).toBeInstanceOf(AnalysisException);
    expect(e).toBeInstanceOf(SparkConnectError);
    const p = e as ParseException;
    expect(p.name).toBe('ParseException');
    expect(p.message).toBe(
      "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, pos 0)\n\n== SQL ==\nSELEC 1\n^^^",
    );
    expect(p.errorClass).toBe('PARSE_SYNTAX_ERROR');
    expect(p.sqlState).toBe('42601');
    expect(p.messageParameters).toEqual({ error: "'SELEC'", hint: '' });
    expect(p.errorId).toBe('2aa142ea-f410-4761-92f9-56b37b7c7562');
    expect(p.grpcCode).toBe(Code.Internal);
    expect(p.serverClassName).toBe('org.apache.spark.sql.catalyst.parser.ParseException');
    expect(p.classHierarchy).toEqual(H.parse);
    expect(p.queryContext).toEqual([]);
    expect(p.serverStackTrace).toBeUndefined();
  });

  it.each([
    [H.numberFormat, NumberFormatException],
    [H.dateTime, DateTimeException],
    [H.extendedAnalysis, AnalysisException],
    [H.sparkException, SparkException],
    [
      [
        'org.apache.spark.SparkArithmeticException',
        'java.lang.ArithmeticException',
        'java.lang.RuntimeException',
      ],
      ArithmeticException,
    ],
    [
      [
        'org.apache.spark.SparkArrayIndexOutOfBoundsException',
        'java.lang.ArrayIndexOutOfBoundsException',
        'java.lang.IndexOutOfBoundsException',
      ],
      ArrayIndexOutOfBoundsException,
    ],
    [
      ['org.apache.spark.SparkIllegalArgumentException', 'java.lang.IllegalArgumentException'],
      IllegalArgumentException,
    ],
    [
      ['org.apache.spark.SparkUnsupportedOperationException', 'java.lang.UnsupportedOperationException'],
      UnsupportedOperationException,
    ],
    [['org.apache.spark.SparkRuntimeException', 'java.lang.RuntimeException'], SparkRuntimeException],
    [['org.apache.spark.SparkUpgradeException', 'java.lang.RuntimeException'], SparkUpgradeException],
    [
      [
        'org.apache.spark.SparkNoSuchElementException',
        'java.util.NoSuchElementException',
        'java.lang.RuntimeException',
      ],
      SparkNoSuchElementException,
    ],
    [
      ['org.apache.spark.SparkSQLException', 'org.apache.spark.SparkException', 'java.lang.Exception'],
      SparkException,
    ],
    [
      ['org.apache.spark.sql.streaming.StreamingQueryException', 'java.lang.Exception'],
      StreamingQueryException,
    ],
    [
      ['org.apache.spark.sql.execution.QueryExecutionException', 'java.lang.Exception'],
      QueryExecutionException,
    ],
    [['org.apache.spark.api.python.PythonException', 'java.lang.RuntimeException'], PythonException],
    [
      [
        'org.apache.spark.sql.catalyst.analysis.NoSuchTableException',
        'org.apache.spark.sql.AnalysisException',
      ],
      TableNotFoundException,
    ],
    [
      [
        'org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException',
        'org.apache.spark.sql.AnalysisException',
      ],
      TableAlreadyExistsException,
    ],
    [
      [
        'org.apache.spark.sql.catalyst.analysis.TempTableAlreadyExistsException',
        'org.apache.spark.sql.AnalysisException',
      ],
      TempTableAlreadyExistsException,
    ],
    [
      [
        'org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException',
        'org.apache.spark.sql.catalyst.analysis.NoSuchDatabaseException',
        'org.apache.spark.sql.AnalysisException',
      ],
      NamespaceNotFoundException,
    ],
    [
      [
        'org.apache.spark.sql.catalyst.analysis.NamespaceAlreadyExistsException',
        'org.apache.spark.sql.AnalysisException',
      ],
      NamespaceAlreadyExistsException,
    ],
  ])('maps the hierarchy %j to %o (first known class wins)', async (hierarchy, expected) => {
    const e = await convertError(serverError('boom', hierarchy[0]!, sparkMetadata(hierarchy)), ctx);
    expect(e.constructor).toBe(expected);
    expect((e as SparkConnectError).serverClassName).toBe(hierarchy[0]);
  });

  it('maps OPERATION_CANCELED (a SparkSQLException on the server) to OperationCanceledException', async () => {
    const hierarchy = ['org.apache.spark.SparkSQLException', 'java.sql.SQLException', 'java.lang.Exception'];
    const e = await convertError(
      serverError(
        '[OPERATION_CANCELED] Operation has been canceled. SQLSTATE: HY008',
        hierarchy[0]!,
        sparkMetadata(hierarchy, { errorClass: 'OPERATION_CANCELED', sqlState: 'HY008' }),
      ),
      ctx,
    );
    expect(e).toBeInstanceOf(OperationCanceledException);
    expect((e as OperationCanceledException).errorClass).toBe('OPERATION_CANCELED');
    expect((e as OperationCanceledException).sqlState).toBe('HY008');
    // Without the error class the same hierarchy is unknown, not cancelled.
    const other = await convertError(serverError('boom', hierarchy[0]!, sparkMetadata(hierarchy)), ctx);
    expect(other).toBeInstanceOf(UnknownSparkException);
  });

  it('keeps the subclass relations of Spark and PySpark', async () => {
    const nfe = await convertError(serverError('x', H.numberFormat[0]!, sparkMetadata(H.numberFormat)), ctx);
    expect(nfe).toBeInstanceOf(IllegalArgumentException);
    const notFound = await convertError(
      serverError('x', 'org.apache.spark.sql.catalyst.analysis.NoSuchTableException', {
        classes:
          '["org.apache.spark.sql.catalyst.analysis.NoSuchTableException","org.apache.spark.sql.AnalysisException"]',
      }),
      ctx,
    );
    expect(notFound).toBeInstanceOf(AnalysisException);
    expect(notFound).not.toBeInstanceOf(ParseException);
  });

  it('makes an unmapped class an UnknownSparkException that keeps the server class name', async () => {
    const e = await convertError(
      serverError(
        'disk full',
        'java.io.IOException',
        sparkMetadata(['java.io.IOException', 'java.lang.Exception']),
      ),
      ctx,
    );
    expect(e).toBeInstanceOf(UnknownSparkException);
    expect((e as UnknownSparkException).serverClassName).toBe('java.io.IOException');
    expect(e.message).toBe('disk full');
  });

  it('falls back to ErrorInfo.reason when the classes metadata is missing or not JSON', async () => {
    const missing = await convertError(serverError('x', 'java.lang.ArithmeticException', {}), ctx);
    expect(missing).toBeInstanceOf(ArithmeticException);
    expect((missing as SparkConnectError).classHierarchy).toEqual(['java.lang.ArithmeticException']);
    const garbage = await convertError(
      serverError('x', 'java.lang.ArithmeticException', { classes: '[oops' }),
      ctx,
    );
    expect(garbage).toBeInstanceOf(ArithmeticException);
  });

  it('handles a Spark 3.5 status (no errorClass / sqlState / errorId): class from the [PREFIX], state from the 3.5 table, no fetch', async () => {
    const fetchErrorDetails = vi.fn(async () => undefined);
    const message =
      '[TABLE_OR_VIEW_NOT_FOUND] The table or view `missing_tbl` cannot be found. Verify the spelling and correctness of the schema and catalog.';
    const e = await convertError(
      serverError(message, H.extendedAnalysis[0]!, sparkMetadata(H.extendedAnalysis)),
      { ...ctx, fetchErrorDetails },
    );
    expect(e).toBeInstanceOf(AnalysisException);
    expect(e.message).toBe(`${message} SQLSTATE: 42P01`);
    expect((e as SparkConnectError).errorClass).toBe('TABLE_OR_VIEW_NOT_FOUND');
    expect((e as SparkConnectError).sqlState).toBe('42P01');
    expect(fetchErrorDetails).not.toHaveBeenCalled();
  });

  it('adds a missing [ERROR_CLASS] prefix and SQLSTATE, and never duplicates them', async () => {
    const bare = await convertError(
      serverError('Division by zero.', 'java.lang.ArithmeticException', {
        classes: '["java.lang.ArithmeticException"]',
        errorClass: 'DIVIDE_BY_ZERO',
        sqlState: '22012',
      }),
      ctx,
    );
    expect(bare.message).toBe('[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012');

    const full =
      '[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012\n== SQL (line 1, position 8) ==\nSELECT 1/0';
    const already = await convertError(
      serverError(full, 'java.lang.ArithmeticException', {
        classes: '["java.lang.ArithmeticException"]',
        errorClass: 'DIVIDE_BY_ZERO',
        sqlState: '22012',
      }),
      ctx,
    );
    expect(already.message).toBe(full);

    const legacy = await convertError(
      serverError('Something legacy.', 'org.apache.spark.sql.AnalysisException', {
        classes: '["org.apache.spark.sql.AnalysisException"]',
        errorClass: '_LEGACY_ERROR_TEMP_1234',
      }),
      ctx,
    );
    expect(legacy.message).toBe('Something legacy.');
  });

  it('does not call FetchErrorDetails without an errorId', async () => {
    const fetchErrorDetails = vi.fn(async () => undefined);
    await convertError(serverError('x', H.parse[0]!, sparkMetadata(H.parse)), { ...ctx, fetchErrorDetails });
    expect(fetchErrorDetails).not.toHaveBeenCalled();
  });
});

describe('convertError: FetchErrorDetails enrichment', () => {
  const truncated = '[TABLE_OR_VIEW_NOT_FOUND] The table or view `missing_tbl` cannot be ...';
  const fullMessage =
    '[TABLE_OR_VIEW_NOT_FOUND] The table or view `missing_tbl` cannot be found. Verify the spelling and correctness of the schema and catalog. SQLSTATE: 42P01; line 1 pos 14;';
  const status = () =>
    serverError(
      truncated,
      H.extendedAnalysis[0]!,
      sparkMetadata(H.extendedAnalysis, {
        sqlState: '42P01',
        errorClass: 'TABLE_OR_VIEW_NOT_FOUND',
        messageParameters: '{"relationName":"`missing_tbl`"}',
        errorId: 'err-1',
      }),
    );
  const response = () =>
    details({
      rootErrorIdx: 0,
      errors: [
        {
          errorTypeHierarchy: H.extendedAnalysis,
          message: fullMessage,
          stackTrace: [
            {
              declaringClass: 'org.apache.spark.sql.catalyst.analysis.package$AnalysisErrorAt',
              methodName: 'tableNotFound',
              fileName: 'package.scala',
              lineNumber: 91,
            },
            { declaringClass: 'scala.Option', methodName: 'map', lineNumber: 242 },
          ],
          sparkThrowable: {
            errorClass: 'TABLE_OR_VIEW_NOT_FOUND',
            sqlState: '42P01',
            messageParameters: { relationName: '`missing_tbl`' },
            queryContexts: [
              {
                contextType: FetchErrorDetailsResponse_QueryContext_ContextType.SQL,
                startIndex: 14,
                stopIndex: 24,
                fragment: 'missing_tbl',
                summary:
                  '== SQL (line 1, position 15) ==\nSELECT * FROM missing_tbl\n              ^^^^^^^^^^^\n',
              },
            ],
          },
        },
      ],
    });

  it('calls FetchErrorDetails once with the errorId and uses the full message, contexts and stack', async () => {
    const fetchErrorDetails = vi.fn(async (_id: string) => response());
    const e = (await convertError(status(), { ...ctx, fetchErrorDetails })) as AnalysisException;
    expect(fetchErrorDetails).toHaveBeenCalledTimes(1);
    expect(fetchErrorDetails).toHaveBeenCalledWith('err-1');
    expect(e).toBeInstanceOf(AnalysisException);
    expect(e.message).toBe(fullMessage);
    expect(e.errorClass).toBe('TABLE_OR_VIEW_NOT_FOUND');
    expect(e.sqlState).toBe('42P01');
    expect(e.messageParameters).toEqual({ relationName: '`missing_tbl`' });
    expect(e.errorId).toBe('err-1');
    expect(e.grpcCode).toBe(Code.Internal);
    expect(e.queryContext).toEqual([
      {
        contextType: 'SQL',
        startIndex: 14,
        stopIndex: 24,
        fragment: 'missing_tbl',
        summary: '== SQL (line 1, position 15) ==\nSELECT * FROM missing_tbl\n              ^^^^^^^^^^^\n',
      },
    ]);
    expect(e.serverStackTrace).toEqual([
      {
        declaringClass: 'org.apache.spark.sql.catalyst.analysis.package$AnalysisErrorAt',
        methodName: 'tableNotFound',
        fileName: 'package.scala',
        lineNumber: 91,
      },
      { declaringClass: 'scala.Option', methodName: 'map', lineNumber: 242 },
    ]);
    // The server stack trace stays in its field, out of the message.
    expect(e.message).not.toContain('tableNotFound');
    expect(e.cause).toBeUndefined();
  });

  it.each([
    ['resolves undefined', async () => undefined],
    ['throws', async () => Promise.reject(new Error('network down'))],
    ['answers no errors (an already fetched id)', async () => details({})],
    ['answers a root index out of range', async () => details({ rootErrorIdx: 3, errors: [] })],
  ])('falls back to the status when FetchErrorDetails %s', async (_what, impl) => {
    const fetchErrorDetails = vi.fn(impl);
    const e = (await convertError(status(), { ...ctx, fetchErrorDetails })) as SparkConnectError;
    expect(fetchErrorDetails).toHaveBeenCalledTimes(1);
    expect(e).toBeInstanceOf(AnalysisException);
    expect(e.message).toBe(`${truncated} SQLSTATE: 42P01`);
    expect(e.messageParameters).toEqual({ relationName: '`missing_tbl`' });
  });

  it('builds the cause chain as nested typed errors (real make_date shape) and survives a cycle', async () => {
    const response = details({
      rootErrorIdx: 0,
      errors: [
        {
          errorTypeHierarchy: H.dateTime,
          message:
            '[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] Invalid value for MonthOfYear (valid values 1 - 12): 13.  SQLSTATE: 22023',
          causeIdx: 1,
          sparkThrowable: {
            errorClass: 'DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION',
            sqlState: '22023',
          },
        },
        {
          errorTypeHierarchy: H.javaDateTime,
          message: 'Invalid value for MonthOfYear (valid values 1 - 12): 13',
          causeIdx: 2,
        },
        { errorTypeHierarchy: ['java.io.IOException'], message: 'inner', causeIdx: 1 },
      ],
    });
    const e = (await convertError(
      serverError(
        'truncated',
        H.dateTime[0]!,
        sparkMetadata(H.dateTime, {
          errorClass: 'DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION',
          errorId: 'id',
        }),
      ),
      { ...ctx, fetchErrorDetails: async () => response },
    )) as DateTimeException;
    expect(e).toBeInstanceOf(DateTimeException);
    expect(e.message).toBe(
      '[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] Invalid value for MonthOfYear (valid values 1 - 12): 13.  SQLSTATE: 22023',
    );
    const cause = e.cause as SparkConnectError;
    expect(cause).toBeInstanceOf(DateTimeException);
    expect(cause.message).toBe('Invalid value for MonthOfYear (valid values 1 - 12): 13');
    expect(cause.serverClassName).toBe('java.time.DateTimeException');
    expect(cause.errorClass).toBeUndefined();
    expect(cause.grpcCode).toBeUndefined();
    const inner = cause.cause as SparkConnectError;
    expect(inner).toBeInstanceOf(UnknownSparkException);
    expect(inner.serverClassName).toBe('java.io.IOException');
    expect(inner.cause).toBeUndefined();
  });

  it('maps DataFrame query contexts to their call site and keeps breaking-change info', async () => {
    const response = details({
      rootErrorIdx: 0,
      errors: [
        {
          errorTypeHierarchy: ['org.apache.spark.SparkArithmeticException', 'java.lang.ArithmeticException'],
          message: '[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012',
          sparkThrowable: {
            errorClass: 'DIVIDE_BY_ZERO',
            sqlState: '22012',
            queryContexts: [
              {
                contextType: FetchErrorDetailsResponse_QueryContext_ContextType.DATAFRAME,
                fragment: 'divide',
                callSite: 'app.ts:12',
                summary: '== DataFrame ==\n"divide" was called from\napp.ts:12\n',
              },
            ],
            breakingChangeInfo: {
              migrationMessage: ['Use try_divide.'],
              mitigationConfig: { key: 'spark.sql.ansi.enabled', value: 'false' },
              needsAudit: false,
            },
          },
        },
      ],
    });
    const e = (await convertError(
      serverError('x', 'org.apache.spark.SparkArithmeticException', { classes: '[]', errorId: 'id' }),
      { ...ctx, fetchErrorDetails: async () => response },
    )) as ArithmeticException;
    expect(e).toBeInstanceOf(ArithmeticException);
    expect(e.queryContext).toEqual([
      {
        contextType: 'DATAFRAME',
        fragment: 'divide',
        callSite: 'app.ts:12',
        summary: '== DataFrame ==\n"divide" was called from\napp.ts:12\n',
      },
    ]);
    expect(e.queryContext[0]?.startIndex).toBeUndefined();
    expect(e.breakingChangeInfo).toEqual({
      migrationMessages: ['Use try_divide.'],
      mitigationConfig: { key: 'spark.sql.ansi.enabled', value: 'false' },
      needsAudit: false,
    });
  });

  it('keeps the status stackTrace metadata (a string) when there are no details', async () => {
    const e = (await convertError(
      serverError('x', 'java.lang.ArithmeticException', {
        classes: '["java.lang.ArithmeticException"]',
        stackTrace: 'java.lang.ArithmeticException: x\n\tat Foo.bar(Foo.scala:1)',
      }),
      ctx,
    )) as SparkConnectError;
    expect(e.serverStackTrace).toBe('java.lang.ArithmeticException: x\n\tat Foo.bar(Foo.scala:1)');
    expect(e.message).toBe('x');
  });

  it('reads ErrorInfo sent on the wire (binary details) like connect-node receives them', async () => {
    const err = new ConnectError('[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012', Code.Internal);
    err.details.push({
      type: ErrorInfoSchema.typeName,
      value: toBinary(
        ErrorInfoSchema,
        create(ErrorInfoSchema, {
          reason: 'org.apache.spark.SparkArithmeticException',
          domain: 'org.apache.spark',
          metadata: {
            classes: '["org.apache.spark.SparkArithmeticException","java.lang.ArithmeticException"]',
            errorClass: 'DIVIDE_BY_ZERO',
            sqlState: '22012',
          },
        }),
      ),
    });
    const e = await convertError(err, ctx);
    expect(e).toBeInstanceOf(ArithmeticException);
    expect((e as SparkConnectError).errorClass).toBe('DIVIDE_BY_ZERO');
  });
});

describe('convertError: redaction', () => {
  const secret = 's3cr3t-token-value';

  it('replaces secrets in messages, parameters, stack traces, contexts and causes', async () => {
    const response = details({
      rootErrorIdx: 0,
      errors: [
        {
          errorTypeHierarchy: H.sparkException,
          message: `Bad token ${secret} used`,
          causeIdx: 1,
          sparkThrowable: {
            messageParameters: { token: secret },
            queryContexts: [{ fragment: `'${secret}'`, summary: `x ${secret}` }],
          },
        },
        { errorTypeHierarchy: ['java.lang.Exception'], message: `inner ${secret}` },
      ],
    });
    const e = (await convertError(
      serverError(
        `Bad token ${secret}`,
        H.sparkException[0]!,
        sparkMetadata(H.sparkException, { errorId: 'i' }),
      ),
      { ...ctx, secrets: ['', secret], fetchErrorDetails: async () => response },
    )) as SparkConnectError;
    expect(e.message).toBe('Bad token *** used');
    expect(e.messageParameters).toEqual({ token: '***' });
    expect(e.queryContext[0]).toMatchObject({ fragment: "'***'", summary: 'x ***' });
    expect((e.cause as Error).message).toBe('inner ***');
    expect(JSON.stringify(e)).not.toContain(secret);
  });

  it('redacts the status stack trace, hides a longer secret whole, and ignores empty secrets', async () => {
    const e = (await convertError(
      serverError(`token=abc-long and abc`, 'java.lang.Exception', {
        classes: '["java.lang.Exception"]',
        stackTrace: 'at abc-long',
      }),
      { ...ctx, secrets: ['abc', 'abc-long', ''] },
    )) as SparkConnectError;
    expect(e.message).toBe('token=*** and ***');
    expect(e.serverStackTrace).toBe('at ***');
  });

  it('redacts wrapped client errors and drops a cause that would leak the secret', async () => {
    const e = await convertError(new Error(`failed with ${secret}`), { ...ctx, secrets: [secret] });
    expect(e.message).toBe('failed with ***');
    expect(e.cause).toBeUndefined();
    const clean = new Error('failed');
    const kept = await convertError(clean, { ...ctx, secrets: [secret] });
    expect(kept.cause).toBe(clean);
  });
});

describe('convertError: connection, authentication and other statuses', () => {
  it('names the endpoint and the cause of a real refused connection', async () => {
    // A port that surely is closed: bind one, then close it.
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    server.close();
    await once(server, 'close');

    const client = createClient(
      SparkConnectService,
      createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }),
    );
    const thrown = await client
      .config({ sessionId: '00000000-0000-4000-8000-000000000000', userContext: { userId: 'u' } })
      .catch((err: unknown) => err);
    expect(isRetryableError(thrown)).toBe(true);
    const e = await convertError(thrown, { endpoint: `127.0.0.1:${port}` });
    expect(e).toBeInstanceOf(SparkConnectionError);
    expect(e.message).toBe(
      `Cannot connect to Spark Connect server at 127.0.0.1:${port}: connection refused (ECONNREFUSED)`,
    );
    expect((e as SparkConnectionError).grpcCode).toBe(Code.Unavailable);
  });

  it.each([
    [
      'DNS failure',
      new ConnectError(
        'getaddrinfo ENOTFOUND nohost.invalid',
        Code.Unavailable,
        undefined,
        undefined,
        nodeError('getaddrinfo ENOTFOUND nohost.invalid', 'ENOTFOUND'),
      ),
      `Cannot connect to Spark Connect server at ${ENDPOINT}: host name not found (ENOTFOUND)`,
    ],
    [
      'self-signed certificate',
      new ConnectError(
        'self-signed certificate',
        Code.Internal,
        undefined,
        undefined,
        nodeError('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'),
      ),
      `TLS handshake with Spark Connect server at ${ENDPOINT} failed: the server certificate is self-signed and not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)`,
    ],
    [
      'host name mismatch',
      new ConnectError(
        'x',
        Code.Internal,
        undefined,
        undefined,
        nodeError(
          "Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames: DNS:other.example",
          'ERR_TLS_CERT_ALTNAME_INVALID',
        ),
      ),
      `TLS handshake with Spark Connect server at ${ENDPOINT} failed: Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames: DNS:other.example (ERR_TLS_CERT_ALTNAME_INVALID)`,
    ],
    [
      'TLS against a plaintext server',
      new ConnectError(
        'x',
        Code.Internal,
        undefined,
        undefined,
        nodeError('ssl3_get_record:wrong version number', 'ERR_SSL_WRONG_VERSION_NUMBER'),
      ),
      `TLS handshake with Spark Connect server at ${ENDPOINT} failed: the server did not answer with TLS (a plaintext server?) (ERR_SSL_WRONG_VERSION_NUMBER)`,
    ],
    [
      'other OpenSSL failure',
      new ConnectError(
        'x',
        Code.Internal,
        undefined,
        undefined,
        nodeError('sslv3 alert handshake failure', 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'),
      ),
      `TLS handshake with Spark Connect server at ${ENDPOINT} failed: sslv3 alert handshake failure (ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE)`,
    ],
    [
      'refusal nested in an AggregateError',
      new ConnectError(
        'x',
        Code.Unavailable,
        undefined,
        undefined,
        new AggregateError([nodeError('connect ECONNREFUSED ::1:1', 'ECONNREFUSED')]),
      ),
      `Cannot connect to Spark Connect server at ${ENDPOINT}: connection refused (ECONNREFUSED)`,
    ],
    [
      'UNAVAILABLE sent by the server',
      new ConnectError('Server shutting down', Code.Unavailable),
      `Spark Connect server at ${ENDPOINT} is unavailable: Server shutting down`,
    ],
  ])('%s → SparkConnectionError naming the endpoint', async (_what, err, message) => {
    const e = await convertError(err, ctx);
    expect(e).toBeInstanceOf(SparkConnectionError);
    expect(e).not.toBeInstanceOf(SparkAuthenticationError);
    expect(e.message).toBe(message);
    expect(e.cause).toBe(err);
  });

  it.each([
    [Code.Unauthenticated, 'Invalid authentication token', 'UNAUTHENTICATED'],
    [Code.Unauthenticated, 'No authentication token provided', 'UNAUTHENTICATED'],
    [Code.PermissionDenied, 'not allowed', 'PERMISSION_DENIED'],
  ])('code %i (%s) → SparkAuthenticationError', async (code, raw, name) => {
    const e = await convertError(new ConnectError(raw, code), ctx);
    expect(e).toBeInstanceOf(SparkAuthenticationError);
    expect(e).toBeInstanceOf(SparkConnectionError);
    expect(e.message).toBe(`Spark Connect server at ${ENDPOINT} refused the credentials (${name}): ${raw}`);
  });

  it('turns a fatal server error (UNKNOWN, no details) into UnknownSparkException keeping the message', async () => {
    const e = await convertError(
      new ConnectError('java.lang.OutOfMemoryError: Java heap space', Code.Unknown),
      ctx,
    );
    expect(e).toBeInstanceOf(UnknownSparkException);
    expect(e.message).toBe('java.lang.OutOfMemoryError: Java heap space');
    expect((e as UnknownSparkException).grpcCode).toBe(Code.Unknown);
  });

  it('does not blame the server for an UNKNOWN raised inside the client', async () => {
    const inner = new TypeError('bad input');
    const e = await convertError(ConnectError.from(inner), ctx);
    expect(e).not.toBeInstanceOf(UnknownSparkException);
    expect(e).toBeInstanceOf(SparkConnectError);
    expect(e.message).toBe(`Spark Connect call to ${ENDPOINT} failed with gRPC status UNKNOWN: bad input`);
  });

  it('maps UNIMPLEMENTED to UnsupportedServerVersionError', async () => {
    const e = await convertError(
      new ConnectError(
        'Method not found: spark.connect.SparkConnectService/CloneSession',
        Code.Unimplemented,
      ),
      ctx,
    );
    expect(e).toBeInstanceOf(UnsupportedServerVersionError);
    expect(e.message).toBe(
      `Spark Connect server at ${ENDPOINT} does not implement this call: Method not found: spark.connect.SparkConnectService/CloneSession`,
    );
  });

  it('wraps other statuses with their gRPC name and code', async () => {
    const err = new ConnectError('http/2 stream closed with error code CANCEL (0x8)', Code.Canceled);
    const e = (await convertError(err, ctx)) as SparkConnectError;
    expect(e.constructor).toBe(SparkConnectError);
    expect(e.message).toBe(
      `Spark Connect call to ${ENDPOINT} failed with gRPC status CANCELLED: http/2 stream closed with error code CANCEL (0x8)`,
    );
    expect(e.grpcCode).toBe(Code.Canceled);
    expect(e.cause).toBe(err);
  });

  it('returns a SparkConnectError as is and wraps other errors and values', async () => {
    const own = new AnalysisException('already converted');
    expect(await convertError(own, ctx)).toBe(own);
    const plain = new RangeError('out of range');
    const wrapped = await convertError(plain, ctx);
    expect(wrapped.constructor).toBe(SparkConnectError);
    expect(wrapped.message).toBe('out of range');
    expect(wrapped.cause).toBe(plain);
    const value = await convertError('just a string', ctx);
    expect(value).toBeInstanceOf(SparkConnectError);
    expect(value.message).toBe('Non-error value thrown: just a string');
  });
});

describe('errorClassOf / grpcCodeOf', () => {
  it('reads the error class from ErrorInfo, else from the [CLASS] message prefix', () => {
    const withInfo = serverError('[SOMETHING_ELSE] x', 'org.apache.spark.SparkSQLException', {
      errorClass: 'INVALID_HANDLE.SESSION_CHANGED',
    });
    expect(errorClassOf(withInfo)).toBe('INVALID_HANDLE.SESSION_CHANGED');
    expect(
      errorClassOf(
        new ConnectError('[INVALID_HANDLE.OPERATION_NOT_FOUND] The handle abc is invalid.', Code.Internal),
      ),
    ).toBe('INVALID_HANDLE.OPERATION_NOT_FOUND');
    expect(errorClassOf(new ConnectError('\n[PARSE_SYNTAX_ERROR] Syntax error', Code.Internal))).toBe(
      'PARSE_SYNTAX_ERROR',
    );
    // Spark 3.5 puts the Java exception's class name first, without ErrorInfo metadata.
    expect(
      errorClassOf(
        new ConnectError(
          'org.apache.spark.SparkSQLException: [INVALID_HANDLE.SESSION_NOT_FOUND] The handle x is invalid.',
          Code.Internal,
        ),
      ),
    ).toBe('INVALID_HANDLE.SESSION_NOT_FOUND');
    expect(errorClassOf(new ConnectError('no class here [NOT_A_PREFIX]', Code.Internal))).toBeUndefined();
    expect(
      errorClassOf(new ConnectError('java.lang.Foo: no class [NOT_A_PREFIX]', Code.Internal)),
    ).toBeUndefined();
    expect(errorClassOf(new Error('[INVALID_CURSOR.DISCONNECTED] x'))).toBeUndefined();
    expect(errorClassOf(new SparkConnectError('x', { errorClass: 'A.B' }))).toBe('A.B');
  });

  it('answers the gRPC code of raw and converted errors', async () => {
    expect(grpcCodeOf(new ConnectError('x', Code.Unimplemented))).toBe(Code.Unimplemented);
    expect(grpcCodeOf(await convertError(new ConnectError('x', Code.Unavailable), ctx))).toBe(
      Code.Unavailable,
    );
    expect(grpcCodeOf(new Error('x'))).toBeUndefined();
    expect(grpcCodeOf(undefined)).toBeUndefined();
  });
});

describe('isRetryableError / retryDelayMsOf', () => {
  function withRetryInfo(code: Code, seconds: bigint, nanos: number): ConnectError {
    return new ConnectError('slow down', code, undefined, [
      {
        desc: RetryInfoSchema,
        value: create(RetryInfoSchema, { retryDelay: create(DurationSchema, { seconds, nanos }) }),
      },
    ]);
  }

  it('follows the reference retry policy', () => {
    expect(isRetryableError(new ConnectError('gone', Code.Unavailable))).toBe(true);
    expect(
      isRetryableError(
        new ConnectError('[INVALID_CURSOR.DISCONNECTED] The cursor is disconnected.', Code.Internal),
      ),
    ).toBe(true);
    expect(isRetryableError(new ConnectError('[DIVIDE_BY_ZERO] x', Code.Internal))).toBe(false);
    expect(isRetryableError(new ConnectError('INVALID_CURSOR.DISCONNECTED', Code.InvalidArgument))).toBe(
      false,
    );
    expect(isRetryableError(withRetryInfo(Code.ResourceExhausted, 2n, 0))).toBe(true);
    expect(isRetryableError(new ConnectError('x', Code.Unauthenticated))).toBe(false);
    expect(isRetryableError(new Error('x'))).toBe(false);
    expect(isRetryableError(new SparkConnectionError('x', { grpcCode: Code.Unavailable }))).toBe(false);
  });

  it('retries a reset connection (ABORTED in connect-node) but not a TLS failure', () => {
    const reset = new ConnectError(
      'read ECONNRESET',
      Code.Aborted,
      undefined,
      undefined,
      nodeError('read ECONNRESET', 'ECONNRESET'),
    );
    expect(isRetryableError(reset)).toBe(true);
    const tls = new ConnectError(
      'self-signed certificate',
      Code.Internal,
      undefined,
      undefined,
      nodeError('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'),
    );
    expect(isRetryableError(tls)).toBe(false);
  });

  it('reads RetryInfo.retry_delay in ms, from outgoing and wire-encoded details', () => {
    expect(retryDelayMsOf(withRetryInfo(Code.Unavailable, 1n, 500_000_000))).toBe(1500);
    const wire = new ConnectError('x', Code.Unavailable);
    wire.details.push({
      type: RetryInfoSchema.typeName,
      value: toBinary(RetryInfoSchema, create(RetryInfoSchema, { retryDelay: { seconds: 3n, nanos: 0 } })),
    });
    expect(retryDelayMsOf(wire)).toBe(3000);
    expect(retryDelayMsOf(new ConnectError('x', Code.Unavailable))).toBeUndefined();
    expect(retryDelayMsOf(new Error('x'))).toBeUndefined();
  });
});
