/**
 * The errors of the client's own gRPC stream (grpc-stream.ts), with the codes and messages
 * connect-node gives for the same failures: stream resets, Node errors, premature closes.
 */
import type * as http2 from 'node:http2';
import { constants as h2 } from 'node:http2';
import { Code, ConnectError } from '@connectrpc/connect';

/** Node's headers as web Headers (error metadata); trailers keep the last of repeated names. */
export function webHeaders(node: http2.IncomingHttpHeaders, append: boolean): Headers {
  const out = new Headers();
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith(':') || v === undefined) continue;
    for (const value of Array.isArray(v) ? v : [String(v)]) {
      if (append) out.append(k, value);
      else out.set(k, value);
    }
  }
  return out;
}

/** The RST_STREAM code that cancels a stream for `reason`: CANCEL for a cancellation. */
export function resetCodeFor(reason: unknown): number {
  const code = reason instanceof ConnectError ? reason.code : ConnectError.from(reason, Code.Internal).code;
  return code === Code.Canceled ? h2.NGHTTP2_CANCEL : h2.NGHTTP2_INTERNAL_ERROR;
}

const H2_CODE_NAMES: Record<number, [string, Code]> = {
  [h2.NGHTTP2_PROTOCOL_ERROR]: ['PROTOCOL_ERROR', Code.Internal],
  [h2.NGHTTP2_INTERNAL_ERROR]: ['INTERNAL_ERROR', Code.Internal],
  [h2.NGHTTP2_FLOW_CONTROL_ERROR]: ['FLOW_CONTROL_ERROR', Code.Internal],
  [h2.NGHTTP2_SETTINGS_TIMEOUT]: ['SETTINGS_TIMEOUT', Code.Internal],
  [h2.NGHTTP2_FRAME_SIZE_ERROR]: ['FRAME_SIZE_ERROR', Code.Internal],
  [h2.NGHTTP2_COMPRESSION_ERROR]: ['COMPRESSION_ERROR', Code.Internal],
  [h2.NGHTTP2_CONNECT_ERROR]: ['CONNECT_ERROR', Code.Internal],
  [h2.NGHTTP2_REFUSED_STREAM]: ['REFUSED_STREAM', Code.Unavailable],
  [h2.NGHTTP2_CANCEL]: ['CANCEL', Code.Canceled],
  [h2.NGHTTP2_ENHANCE_YOUR_CALM]: ['ENHANCE_YOUR_CALM', Code.ResourceExhausted],
  [h2.NGHTTP2_INADEQUATE_SECURITY]: ['INADEQUATE_SECURITY', Code.PermissionDenied],
  [h2.NGHTTP2_HTTP_1_1_REQUIRED]: ['HTTP_1_1_REQUIRED', Code.PermissionDenied],
};

/** The error of a stream reset with `rstCode` (NO_ERROR and STREAM_CLOSED are none). */
export function resetCodeError(rstCode: number | undefined): ConnectError | undefined {
  const known = rstCode === undefined ? undefined : H2_CODE_NAMES[rstCode];
  if (known === undefined || rstCode === undefined) return undefined;
  return new ConnectError(
    `http/2 stream closed with error code ${known[0]} (0x${rstCode.toString(16)})`,
    known[1],
  );
}

/** Node error codes (in the cause chain) and the gRPC code they mean. */
const NODE_REASON_CODES: [readonly string[], Code][] = [
  [['ERR_STREAM_WRITE_AFTER_END'], Code.Aborted],
  [['ERR_STREAM_DESTROYED', 'ERR_HTTP2_INVALID_STREAM', 'ECONNRESET'], Code.Aborted],
  [['ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED'], Code.Unavailable],
];

/** A Node error (a failed connection, a destroyed stream) as the ConnectError connect-node makes. */
export function fromNodeReason(reason: unknown): ConnectError {
  if (reason instanceof ConnectError) return reason;
  let code = Code.Internal;
  for (const [names, c] of NODE_REASON_CODES) {
    if (names.some((name) => hasNodeCode(reason, name))) {
      code = c;
      break;
    }
  }
  const err = ConnectError.from(reason, code);
  err.cause = reason;
  return err;
}

export function hasNodeCode(reason: unknown, code: string): boolean {
  const seen = new Set<unknown>();
  for (let cur = reason; cur instanceof Error && !seen.has(cur); cur = cur.cause) {
    seen.add(cur);
    if ((cur as { code?: unknown }).code === code) return true;
  }
  return false;
}

/** A stream closed before its end without an error code. */
export function prematureClose(): ConnectError {
  const cause = Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
  return new ConnectError(cause.message, Code.Unknown, undefined, undefined, cause);
}
