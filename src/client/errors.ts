/**
 * Conversion of errors thrown by the gRPC transport into the library's error hierarchy, and the
 * predicates the retry policy and the execute stream use on raw transport errors.
 */

import { Code, ConnectError } from '@connectrpc/connect';
import {
  type BreakingChangeInfo,
  type QueryContext,
  type ServerStackFrame,
  SparkConnectError,
  type SparkConnectErrorInit,
} from '../errors/base.js';
import { exceptionClassForHierarchy } from '../errors/spark-exceptions.js';
import { SPARK_35_ERROR_STATES } from '../gen/error-states.js';
import { type ErrorInfo, ErrorInfoSchema, RetryInfoSchema } from '../gen/google/rpc/error_details_pb.js';
import {
  type FetchErrorDetailsResponse,
  type FetchErrorDetailsResponse_BreakingChangeInfo,
  type FetchErrorDetailsResponse_Error,
  type FetchErrorDetailsResponse_QueryContext,
  FetchErrorDetailsResponse_QueryContext_ContextType,
  type FetchErrorDetailsResponse_StackTraceElement,
} from '../gen/spark/connect/base_pb.js';
import { isNetworkFailure, type Redact, transportError } from './transport-errors.js';

/** What {@link convertError} needs to know about the connection. */
export interface ErrorConversionContext {
  /** "host:port" of the server, for connection errors. */
  endpoint: string;
  /** Calls FetchErrorDetails (server 4.0+) for this error id; resolves undefined if unsupported/failed. Best effort: never throws. */
  fetchErrorDetails?: (errorId: string) => Promise<FetchErrorDetailsResponse | undefined>;
  /** Strings (tokens) that must never appear in an error message; replaced by "***". */
  secrets?: readonly string[];
}

/** The ErrorInfo domain of exceptions raised by a Spark server. */
const SPARK_ERROR_DOMAIN = 'org.apache.spark';

/** The replacement of a secret in error messages. */
const REDACTED = '***';

/**
 * Converts anything thrown by a Spark Connect call into a {@link SparkConnectError}:
 * - a server exception (gRPC status with a Spark `ErrorInfo`) becomes the matching subclass
 *   (`AnalysisException`, `ParseException`, ...; `UnknownSparkException` when no class maps), with
 *   the full message, cause chain, query contexts and stack trace from FetchErrorDetails when the
 *   server has them;
 * - an unreachable server, a failed TLS handshake or refused credentials become
 *   `SparkConnectionError` / `SparkAuthenticationError` naming `ctx.endpoint`;
 * - anything else is wrapped in a `SparkConnectError`.
 *
 * A `SparkConnectError` is returned as is. Every message is redacted with `ctx.secrets`. The
 * result carries the Spark error class (from the server's error details, else derived from the
 * status as {@link errorClassOf} does), so callers ask the converted error for it.
 *
 * @example
 * try {
 *   for await (const r of client.executePlan(req)) handle(r);
 * } catch (e) {
 *   throw await convertError(e, { endpoint: '127.0.0.1:15002', fetchErrorDetails, secrets: [token] });
 * }
 */
export async function convertError(err: unknown, ctx: ErrorConversionContext): Promise<SparkConnectError> {
  if (err instanceof SparkConnectError) return err;
  const redact = redactor(ctx.secrets);
  if (err instanceof ConnectError) return convertConnectError(err, ctx, redact);
  if (err instanceof Error) {
    return new SparkConnectError(redact(err.message), { cause: safeCause(err, ctx.secrets) });
  }
  return new SparkConnectError(redact(`Non-error value thrown: ${String(err)}`), {
    cause: safeCause(err, ctx.secrets),
  });
}

/**
 * The gRPC status code of a ConnectError (or the `grpcCode` of a converted SparkConnectError), or
 * undefined.
 *
 * @example
 * if (grpcCodeOf(e) === Code.Unavailable) console.log('server down');
 */
export function grpcCodeOf(err: unknown): number | undefined {
  if (err instanceof ConnectError) return err.code;
  if (err instanceof SparkConnectError) return err.grpcCode;
  return undefined;
}

/**
 * Spark error class from the ErrorInfo detail (metadata errorClass) or the ConnectError message prefix [CLASS] if no detail; undefined otherwise. Used to spot INVALID_HANDLE.SESSION_CHANGED, INVALID_HANDLE.OPERATION_NOT_FOUND, INVALID_CURSOR.DISCONNECTED etc.
 *
 * A converted SparkConnectError answers its `errorClass`.
 *
 * @example
 * if (errorClassOf(e) === 'INVALID_HANDLE.OPERATION_NOT_FOUND') resendExecutePlan();
 */
export function errorClassOf(err: unknown): string | undefined {
  if (err instanceof SparkConnectError) return err.errorClass;
  if (!(err instanceof ConnectError)) return undefined;
  return statusErrorClass(err, sparkErrorInfo(err));
}

/**
 * Retry policy predicate of the reference clients: UNAVAILABLE, INTERNAL whose message contains INVALID_CURSOR.DISCONNECTED, any status carrying google.rpc.RetryInfo.
 *
 * Also true for a connection that failed or dropped at the network level (refused, reset, timed
 * out, unresolvable host) whatever code the transport gave it: gRPC's own clients report those as
 * UNAVAILABLE, connect-node reports a reset as ABORTED. TLS failures are not retryable. Call it on
 * the error as thrown by the transport, before {@link convertError}.
 *
 * @example
 * if (isRetryableError(e)) await sleep(retryDelayMsOf(e) ?? backoffMs);
 */
export function isRetryableError(err: unknown): boolean {
  if (!(err instanceof ConnectError)) return false;
  if (err.code === Code.Unavailable) return true;
  if (err.code === Code.Internal && err.rawMessage.includes('INVALID_CURSOR.DISCONNECTED')) return true;
  if (err.findDetails(RetryInfoSchema).length > 0) return true;
  return isNetworkFailure(err);
}

/**
 * RetryInfo.retry_delay in ms if the error carries one.
 *
 * @example
 * const delay = retryDelayMsOf(e) ?? defaultBackoffMs;
 */
export function retryDelayMsOf(err: unknown): number | undefined {
  if (!(err instanceof ConnectError)) return undefined;
  for (const info of err.findDetails(RetryInfoSchema)) {
    const delay = info.retryDelay;
    if (delay !== undefined) return Math.max(0, Number(delay.seconds) * 1000 + delay.nanos / 1e6);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// ConnectError → SparkConnectError

/**
 * The Spark error class a gRPC status names: its ErrorInfo's `errorClass`, else the `[CLASS]`
 * prefix of its message (Spark 3.5 sends no errorClass metadata). The one derivation behind
 * {@link errorClassOf} and the converted errors.
 */
function statusErrorClass(err: ConnectError, info: ErrorInfo | undefined): string | undefined {
  return nonEmpty(info?.metadata.errorClass) ?? errorClassPrefixOf(err.rawMessage);
}

async function convertConnectError(
  err: ConnectError,
  ctx: ErrorConversionContext,
  redact: Redact,
): Promise<SparkConnectError> {
  const info = sparkErrorInfo(err);
  if (info !== undefined) return convertServerException(err, info, ctx, redact);

  const errorClass = statusErrorClass(err, undefined);
  const cause = safeCause(err, ctx.secrets);
  const init = { grpcCode: err.code, cause, ...(errorClass === undefined ? {} : { errorClass }) };
  return transportError(err, ctx.endpoint, redact, init);
}

/**
 * The SQL state of an error class from Spark 3.5's table, for servers that send none (3.5).
 * A sub-class without its own state takes its parent's.
 */
function sqlStateOfClass(errorClass: string | undefined): string | undefined {
  if (errorClass === undefined) return undefined;
  return SPARK_35_ERROR_STATES[errorClass] ?? SPARK_35_ERROR_STATES[errorClass.split('.')[0]];
}

/** A server exception: map its class hierarchy, and enrich it with FetchErrorDetails when possible. */
async function convertServerException(
  err: ConnectError,
  info: ErrorInfo,
  ctx: ErrorConversionContext,
  redact: Redact,
): Promise<SparkConnectError> {
  const meta = info.metadata;
  const hierarchy = parseStringArray(meta.classes) ?? (info.reason.length > 0 ? [info.reason] : []);
  const errorId = nonEmpty(meta.errorId);
  const errorClass = statusErrorClass(err, info);
  const fromStatus: SparkConnectErrorInit = {
    errorClass,
    sqlState: nonEmpty(meta.sqlState) ?? sqlStateOfClass(errorClass),
    messageParameters: parseStringRecord(meta.messageParameters),
    serverStackTrace: nonEmpty(meta.stackTrace),
    grpcCode: err.code,
    serverClassName: hierarchy[0],
    classHierarchy: hierarchy,
    errorId,
  };

  const details =
    errorId !== undefined && ctx.fetchErrorDetails !== undefined
      ? await fetchDetailsSafely(ctx.fetchErrorDetails, errorId)
      : undefined;
  const rootIdx = details?.rootErrorIdx;
  if (details !== undefined && rootIdx !== undefined && details.errors[rootIdx] !== undefined) {
    return fromErrorDetails(details, rootIdx, fromStatus, redact, new Set());
  }
  return build(err.rawMessage, fromStatus, redact);
}

/**
 * Builds error `idx` of a FetchErrorDetails response and, recursively, its cause chain. `fallback`
 * holds what the gRPC status said (only for the root error).
 */
function fromErrorDetails(
  details: FetchErrorDetailsResponse,
  idx: number,
  fallback: SparkConnectErrorInit,
  redact: Redact,
  seen: Set<number>,
): SparkConnectError {
  seen.add(idx);
  const error = details.errors[idx] as FetchErrorDetailsResponse_Error;
  const throwable = error.sparkThrowable;
  const hierarchy = error.errorTypeHierarchy.length > 0 ? error.errorTypeHierarchy : fallback.classHierarchy;
  const parameters = throwable !== undefined ? Object.entries(throwable.messageParameters) : [];
  const causeIdx = error.causeIdx;
  const cause =
    causeIdx !== undefined && details.errors[causeIdx] !== undefined && !seen.has(causeIdx)
      ? fromErrorDetails(details, causeIdx, {}, redact, seen)
      : undefined;
  return build(
    error.message,
    {
      ...fallback,
      errorClass: nonEmpty(throwable?.errorClass) ?? fallback.errorClass ?? errorClassPrefixOf(error.message),
      sqlState: nonEmpty(throwable?.sqlState) ?? fallback.sqlState,
      messageParameters: parameters.length > 0 ? Object.fromEntries(parameters) : fallback.messageParameters,
      queryContext: throwable?.queryContexts.map(toQueryContext) ?? [],
      serverStackTrace:
        error.stackTrace.length > 0 ? error.stackTrace.map(toStackFrame) : fallback.serverStackTrace,
      serverClassName: hierarchy?.[0],
      classHierarchy: hierarchy,
      breakingChangeInfo: toBreakingChangeInfo(throwable?.breakingChangeInfo),
      cause,
    },
    redact,
  );
}

/** Instantiates the mapped exception class with a display message and redacted fields. */
function build(message: string, init: SparkConnectErrorInit, redact: Redact): SparkConnectError {
  const ExceptionClass = exceptionClassForHierarchy(init.classHierarchy ?? [], init.errorClass);
  const text = displayMessage(message, init.errorClass, init.sqlState, init.serverClassName);
  const parameters = init.messageParameters;
  const stack = init.serverStackTrace;
  return new ExceptionClass(redact(text), {
    ...init,
    messageParameters:
      parameters === undefined
        ? undefined
        : Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, redact(v)])),
    queryContext: init.queryContext?.map((q) => redactQueryContext(q, redact)),
    serverStackTrace: typeof stack === 'string' ? redact(stack) : stack,
  });
}

/**
 * The message a user sees, like PySpark's: `[ERROR_CLASS] message SQLSTATE: xxxxx`. The server's
 * message usually has both already; what is missing is added. Spark shows no `[...]` prefix for
 * its `_LEGACY_ERROR_*` classes, and neither do we.
 */
function displayMessage(
  message: string,
  errorClass: string | undefined,
  sqlState: string | undefined,
  serverClassName: string | undefined,
): string {
  let text = message.trim();
  if (text.length === 0) text = serverClassName ?? 'The Spark Connect server reported an error';
  if (
    errorClass !== undefined &&
    !errorClass.startsWith('_LEGACY_ERROR_') &&
    !text.startsWith(`[${errorClass}]`)
  ) {
    text = `[${errorClass}] ${text}`;
  }
  if (sqlState !== undefined && !text.includes(`SQLSTATE: ${sqlState}`))
    text = `${text} SQLSTATE: ${sqlState}`;
  return text;
}

async function fetchDetailsSafely(
  fetch: (errorId: string) => Promise<FetchErrorDetailsResponse | undefined>,
  errorId: string,
): Promise<FetchErrorDetailsResponse | undefined> {
  try {
    return await fetch(errorId);
  } catch {
    // Best effort: the status already carries a (truncated) message.
    return undefined;
  }
}

const CONTEXT_TYPES: Record<FetchErrorDetailsResponse_QueryContext_ContextType, QueryContext['contextType']> =
  {
    [FetchErrorDetailsResponse_QueryContext_ContextType.SQL]: 'SQL',
    [FetchErrorDetailsResponse_QueryContext_ContextType.DATAFRAME]: 'DATAFRAME',
  };

/** SQL contexts carry object and text positions; DataFrame contexts a call site. */
function toQueryContext(q: FetchErrorDetailsResponse_QueryContext): QueryContext {
  const contextType = CONTEXT_TYPES[q.contextType] ?? 'SQL';
  const common = { fragment: q.fragment, summary: nonEmpty(q.summary) };
  if (contextType === 'DATAFRAME') return { contextType, ...common, callSite: q.callSite };
  return {
    contextType,
    objectType: nonEmpty(q.objectType),
    objectName: nonEmpty(q.objectName),
    startIndex: q.startIndex,
    stopIndex: q.stopIndex,
    ...common,
  };
}

function redactQueryContext(q: QueryContext, redact: Redact): QueryContext {
  const optional = (s: string | undefined) => (s === undefined ? undefined : redact(s));
  return {
    ...q,
    fragment: optional(q.fragment),
    summary: optional(q.summary),
    callSite: optional(q.callSite),
  };
}

function toStackFrame(e: FetchErrorDetailsResponse_StackTraceElement): ServerStackFrame {
  return {
    declaringClass: e.declaringClass,
    methodName: e.methodName,
    fileName: e.fileName,
    lineNumber: e.lineNumber,
  };
}

function toBreakingChangeInfo(
  info: FetchErrorDetailsResponse_BreakingChangeInfo | undefined,
): BreakingChangeInfo | undefined {
  if (info === undefined) return undefined;
  const config = info.mitigationConfig;
  return {
    migrationMessages: [...info.migrationMessage],
    mitigationConfig: config === undefined ? undefined : { key: config.key, value: config.value },
    needsAudit: info.needsAudit,
  };
}

// ---------------------------------------------------------------------------------------------
// Status codes without a Spark exception

// ---------------------------------------------------------------------------------------------
// Helpers

function sparkErrorInfo(err: ConnectError): ErrorInfo | undefined {
  return err.findDetails(ErrorInfoSchema).find((info) => info.domain === SPARK_ERROR_DOMAIN);
}

/** `[SOME_CLASS.SUB_CLASS] ...` → `SOME_CLASS.SUB_CLASS` (leading whitespace allowed). */
/** `[CLASS.SUB]` at the start of a message, also after a Java class name (`o.a.s.SparkSQLException: [...]`, as 3.5 sends). */
function errorClassPrefixOf(message: string): string | undefined {
  return /^\s*(?:[\w$.]+: )?\[([A-Z_][A-Z0-9_]*(?:\.[A-Z0-9_]+)*)\]/.exec(message)?.[1];
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s.length === 0 ? undefined : s;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseStringArray(text: string | undefined): string[] | undefined {
  const value = parseJson(text);
  return Array.isArray(value) ? value.map(String) : undefined;
}

function parseStringRecord(text: string | undefined): Record<string, string> | undefined {
  const value = parseJson(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
}

/** Replaces every secret by "***"; the longest first, so one secret containing another is hidden whole. */
export function redactor(secrets: readonly string[] | undefined): Redact {
  const list = (secrets ?? []).filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  return (text) => list.reduce((acc, secret) => acc.replaceAll(secret, REDACTED), text);
}

/**
 * The original error as a `cause`, unless a secret appears anywhere in it (message, stack or its
 * own causes): a logger printing the cause chain must not leak what the message hides.
 */
function safeCause(value: unknown, secrets: readonly string[] | undefined): unknown {
  const list = (secrets ?? []).filter((s) => s.length > 0);
  if (list.length === 0) return value;
  const seen = new Set<unknown>();
  for (let e: unknown = value; e !== undefined && e !== null && !seen.has(e); ) {
    seen.add(e);
    const texts =
      e instanceof Error
        ? [e.message, e.stack ?? '', e instanceof ConnectError ? e.rawMessage : '']
        : [String(e)];
    if (texts.some((t) => list.some((secret) => t.includes(secret)))) return undefined;
    e = e instanceof Error ? e.cause : undefined;
  }
  return value;
}
