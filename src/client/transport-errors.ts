/**
 * The errors of a gRPC call that carry no Spark exception: network and TLS failures, answers that
 * are not gRPC (a proxy or ingress refused the request), and gRPC codes with a meaning of their
 * own. Each becomes a typed error whose message names the endpoint and what went wrong.
 */
import { Code, type ConnectError } from '@connectrpc/connect';
import {
  SparkAuthenticationError,
  SparkConnectError,
  type SparkConnectErrorInit,
  SparkConnectionError,
  UnsupportedServerVersionError,
} from '../errors/base.js';
import { UnknownSparkException } from '../errors/spark-exceptions.js';

/** Hides secrets in a message. */
export type Redact = (text: string) => string;

/** Whether a transport error is a network failure (refused, reset, timed out, unresolvable host). */
export function isNetworkFailure(err: ConnectError): boolean {
  return networkFailureOf(err)?.failure.kind === 'network';
}

/** The typed error of a call that failed without a Spark exception. */
export function transportError(
  err: ConnectError,
  endpoint: string,
  redact: Redact,
  init: SparkConnectErrorInit,
): SparkConnectError {
  const network = networkFailureOf(err);
  if (network !== undefined) {
    const { code, failure, error } = network;
    const reason = failure.text ?? error.message;
    return new SparkConnectionError(
      redact(NETWORK_FAILURE_MESSAGES[failure.kind](endpoint, reason, code)),
      init,
    );
  }

  const http = nonGrpcHttpResponse(err);
  if (http !== undefined) {
    const ErrorClass =
      http.status === 401 || http.status === 403 ? SparkAuthenticationError : SparkConnectionError;
    return new ErrorClass(redact(httpFailureMessage(endpoint, http)), init);
  }

  const status = STATUS_ERRORS[err.code];
  if (status !== undefined && (status.whenWire !== true || isWireError(err))) {
    return new status.errorClass(redact(status.message(endpoint, err.rawMessage)), init);
  }
  const reason = err.rawMessage.length > 0 ? `: ${err.rawMessage}` : '';
  return new SparkConnectError(
    redact(`Spark Connect call to ${endpoint} failed with gRPC status ${CODE_NAMES[err.code]}${reason}`),
    init,
  );
}

interface StatusError {
  errorClass: new (message: string, init?: SparkConnectErrorInit) => SparkConnectError;
  message: (endpoint: string, rawMessage: string) => string;
  /** Only when the status came from the server (not an error raised inside the client). */
  whenWire?: boolean;
}

/** gRPC codes that carry no Spark exception but a meaning of their own. */
const STATUS_ERRORS: Partial<Record<Code, StatusError>> = {
  [Code.Unavailable]: {
    errorClass: SparkConnectionError,
    message: (endpoint, raw) => `Spark Connect server at ${endpoint} is unavailable${suffix(raw)}`,
  },
  [Code.Unauthenticated]: {
    errorClass: SparkAuthenticationError,
    message: (endpoint, raw) =>
      `Spark Connect server at ${endpoint} refused the credentials (UNAUTHENTICATED)${suffix(raw)}`,
  },
  [Code.PermissionDenied]: {
    errorClass: SparkAuthenticationError,
    message: (endpoint, raw) =>
      `Spark Connect server at ${endpoint} refused the credentials (PERMISSION_DENIED)${suffix(raw)}`,
  },
  [Code.Unimplemented]: {
    errorClass: UnsupportedServerVersionError,
    message: (endpoint, raw) =>
      `Spark Connect server at ${endpoint} does not implement this call${suffix(raw)}`,
  },
  // Fatal server errors: Spark answers UNKNOWN with the exception message and no details.
  [Code.Unknown]: {
    errorClass: UnknownSparkException,
    message: (endpoint, raw) =>
      raw.length > 0 ? raw : `Spark Connect server at ${endpoint} failed (UNKNOWN)`,
    whenWire: true,
  },
};

function suffix(raw: string): string {
  return raw.length > 0 ? `: ${raw}` : '';
}

/** A status parsed from the wire has no cause; one raised inside the client wraps its cause. */
function isWireError(err: ConnectError): boolean {
  return err.cause === undefined;
}

const CODE_NAMES: Record<Code, string> = {
  [Code.Canceled]: 'CANCELLED',
  [Code.Unknown]: 'UNKNOWN',
  [Code.InvalidArgument]: 'INVALID_ARGUMENT',
  [Code.DeadlineExceeded]: 'DEADLINE_EXCEEDED',
  [Code.NotFound]: 'NOT_FOUND',
  [Code.AlreadyExists]: 'ALREADY_EXISTS',
  [Code.PermissionDenied]: 'PERMISSION_DENIED',
  [Code.ResourceExhausted]: 'RESOURCE_EXHAUSTED',
  [Code.FailedPrecondition]: 'FAILED_PRECONDITION',
  [Code.Aborted]: 'ABORTED',
  [Code.OutOfRange]: 'OUT_OF_RANGE',
  [Code.Unimplemented]: 'UNIMPLEMENTED',
  [Code.Internal]: 'INTERNAL',
  [Code.Unavailable]: 'UNAVAILABLE',
  [Code.DataLoss]: 'DATA_LOSS',
  [Code.Unauthenticated]: 'UNAUTHENTICATED',
};

// ---------------------------------------------------------------------------------------------
// Non-gRPC HTTP answers (a proxy or ingress in front of the server refused the request)

interface HttpAnswer {
  /** The HTTP status, when known. */
  status: number | undefined;
  contentType: string;
  server: string | undefined;
}

/** An answer that is not gRPC at all (its content type is not application/grpc*). */
function nonGrpcHttpResponse(err: ConnectError): HttpAnswer | undefined {
  const contentType = err.metadata.get('content-type');
  if (contentType === null || contentType.startsWith('application/grpc')) return undefined;
  const m = /^HTTP (\d{3})\b/.exec(err.rawMessage);
  return {
    status: m === null ? undefined : Number(m[1]),
    contentType,
    server: err.metadata.get('server') ?? undefined,
  };
}

function httpFailureMessage(endpoint: string, http: HttpAnswer): string {
  const from = `${http.contentType}${http.server === undefined ? '' : ` from ${http.server}`}`;
  const what = http.status === undefined ? 'an HTTP error' : `HTTP ${http.status}`;
  const head = `Spark Connect server at ${endpoint} answered with ${what} (${from}), not gRPC: `;
  switch (http.status) {
    case 400:
      return `${head}a proxy in front of it rejected the request (for example a missing or invalid client certificate)`;
    case 401:
    case 403:
      return `${head}a proxy in front of it refused the credentials`;
    case 404:
      return `${head}no Spark Connect service at this address (wrong host, port or path?)`;
    case 502:
    case 503:
    case 504:
      return `${head}a proxy in front of it could not reach the Spark Connect server`;
    default:
      return `${head}is this address a Spark Connect server?`;
  }
}

// ---------------------------------------------------------------------------------------------
// Network and TLS failures (Node error codes found in the ConnectError's cause chain)

type NetworkFailureKind = 'network' | 'tls' | 'protocol';

interface NetworkFailure {
  kind: NetworkFailureKind;
  /** What went wrong in plain words; the Node error's own message when absent. */
  text?: string;
}

const NETWORK_FAILURE_MESSAGES: Record<
  NetworkFailureKind,
  (endpoint: string, reason: string, code: string) => string
> = {
  network: (endpoint, reason, code) =>
    `Cannot connect to Spark Connect server at ${endpoint}: ${reason} (${code})`,
  tls: (endpoint, reason, code) =>
    `TLS handshake with Spark Connect server at ${endpoint} failed: ${reason} (${code})`,
  protocol: (endpoint, reason, code) =>
    `Cannot talk to Spark Connect server at ${endpoint}: ${reason} (${code})`,
};

/** Node.js error codes of a failed connection. `ERR_SSL_*` and `ERR_TLS_*` codes are TLS failures too. */
const NETWORK_FAILURES: Readonly<Record<string, NetworkFailure>> = {
  ECONNREFUSED: { kind: 'network', text: 'connection refused' },
  ENOTFOUND: { kind: 'network', text: 'host name not found' },
  EAI_AGAIN: { kind: 'network', text: 'temporary DNS failure' },
  EHOSTUNREACH: { kind: 'network', text: 'host unreachable' },
  ENETUNREACH: { kind: 'network', text: 'network unreachable' },
  ECONNRESET: { kind: 'network', text: 'connection reset by peer' },
  ECONNABORTED: { kind: 'network', text: 'connection aborted' },
  EPIPE: { kind: 'network', text: 'connection closed by peer' },
  ETIMEDOUT: { kind: 'network', text: 'connection timed out' },
  DEPTH_ZERO_SELF_SIGNED_CERT: { kind: 'tls', text: 'the server certificate is self-signed and not trusted' },
  SELF_SIGNED_CERT_IN_CHAIN: {
    kind: 'tls',
    text: 'the server certificate chain has an untrusted self-signed root',
  },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    kind: 'tls',
    text: 'the server certificate is not signed by a trusted CA',
  },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: {
    kind: 'tls',
    text: 'the server certificate is not signed by a trusted CA',
  },
  CERT_HAS_EXPIRED: { kind: 'tls', text: 'the server certificate has expired' },
  CERT_NOT_YET_VALID: { kind: 'tls', text: 'the server certificate is not valid yet' },
  ERR_TLS_CERT_ALTNAME_INVALID: { kind: 'tls' },
  ERR_SSL_WRONG_VERSION_NUMBER: {
    kind: 'tls',
    text: 'the server did not answer with TLS (a plaintext server?)',
  },
  EPROTO: { kind: 'tls' },
  ERR_HTTP2_ERROR: { kind: 'protocol', text: 'HTTP/2 protocol error (is this a gRPC server?)' },
};

function networkFailureByCode(code: string): NetworkFailure | undefined {
  const known = NETWORK_FAILURES[code];
  if (known !== undefined) return known;
  return code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') ? { kind: 'tls' } : undefined;
}

/** The first Node error in the cause chain (or an AggregateError's errors) with a known code. */
function networkFailureOf(
  err: ConnectError,
): { code: string; failure: NetworkFailure; error: Error } | undefined {
  const pending: unknown[] = [err.cause];
  const seen = new Set<unknown>();
  while (pending.length > 0) {
    const e = pending.shift();
    if (!(e instanceof Error) || seen.has(e)) continue;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    const failure = typeof code === 'string' ? networkFailureByCode(code) : undefined;
    if (failure !== undefined) return { code: code as string, failure, error: e };
    if (e instanceof AggregateError) pending.push(...e.errors);
    pending.push(e.cause);
  }
  return undefined;
}
