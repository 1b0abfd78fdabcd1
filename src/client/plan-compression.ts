/**
 * Compressed plans (Spark 4.1+): a plan whose serialized relation or command is larger than the
 * server's `spark.connect.session.planCompression.threshold` (10 MiB by default) is sent as
 * `Plan.compressed_operation`, the message's bytes compressed with the server's
 * `spark.connect.session.planCompression.defaultAlgorithm` (ZSTD, the only codec of the
 * protocol), when the compressed form is smaller. This keeps very large plans (long literal lists,
 * wide projections, big inline data) under the server's message limit.
 *
 * zstd comes from the JavaScript runtime's own `node:zlib` (Node.js 22.15+ / 23.8+): on a runtime
 * without it plans are sent as they are, as PySpark does without its zstandard module. The two
 * confs are read once per session, the first time a plan of at least {@link MIN_PLAN_BYTES} is
 * sent (smaller plans are not worth the round trip); the server's version gates the feature
 * (`planCompression` in the feature table).
 */

import * as zlib from 'node:zlib';
import { create, toBinary } from '@bufbuild/protobuf';
import { Code } from '@connectrpc/connect';
import {
  CompressionCodec,
  type Plan,
  Plan_CompressedOperation_OpType,
  PlanSchema,
} from '../gen/spark/connect/base_pb.js';
import { CommandSchema } from '../gen/spark/connect/commands_pb.js';
import { RelationSchema } from '../gen/spark/connect/relations_pb.js';

/** The server's size threshold conf (bytes; a negative value turns compression off). */
export const PLAN_COMPRESSION_THRESHOLD_CONF = 'spark.connect.session.planCompression.threshold';
/** The server's codec conf (`ZSTD`, or `NONE` to turn compression off). */
export const PLAN_COMPRESSION_ALGORITHM_CONF = 'spark.connect.session.planCompression.defaultAlgorithm';
/** Plans smaller than this are sent as they are, without asking the server's threshold. */
export const MIN_PLAN_BYTES = 64 * 1024;

/** Compresses bytes with zstd. */
export type Compress = (data: Uint8Array) => Uint8Array;

/** The runtime's zstd (node:zlib, Node.js 22.15+), or undefined when it has none. */
export function runtimeZstd(): Compress | undefined {
  const z = zlib as unknown as { zstdCompressSync?: (data: Uint8Array) => Uint8Array };
  const fn = z.zstdCompressSync;
  return typeof fn === 'function' ? (data) => fn(data) : undefined;
}

/** The serialized operation of a plan (its relation or command), or undefined if it has none. */
function operationBytes(
  plan: Plan,
): { bytes: Uint8Array; opType: Plan_CompressedOperation_OpType } | undefined {
  switch (plan.opType.case) {
    case 'root':
      return {
        bytes: toBinary(RelationSchema, plan.opType.value),
        opType: Plan_CompressedOperation_OpType.RELATION,
      };
    case 'command':
      return {
        bytes: toBinary(CommandSchema, plan.opType.value),
        opType: Plan_CompressedOperation_OpType.COMMAND,
      };
    default:
      return undefined;
  }
}

/**
 * The plan as a zstd `compressed_operation` when its operation is larger than `threshold` bytes
 * and compresses to fewer bytes; otherwise the plan itself.
 * @internal
 */
export function compressPlan(
  plan: Plan,
  threshold: number,
  compress: Compress,
  op: ReturnType<typeof operationBytes> = operationBytes(plan),
): Plan {
  if (op === undefined || threshold < 0 || op.bytes.byteLength <= threshold) return plan;
  const data = compress(op.bytes);
  if (data.byteLength >= op.bytes.byteLength) return plan;
  return create(PlanSchema, {
    opType: {
      case: 'compressedOperation',
      value: { data, opType: op.opType, compressionCodec: CompressionCodec.ZSTD },
    },
  });
}

/** What the compression of one session needs from it. */
export interface PlanCompressionHost {
  /** Whether the server may take compressed plans (the feature table's `planCompression`). */
  mayCompress(): boolean;
  /** Reads server confs (null for a conf the server does not have). */
  readConfs(keys: readonly string[], signal?: AbortSignal): Promise<(string | null)[]>;
  /** Records that the server could not read a compressed plan (`answer` says how). */
  disable(answer: string): void;
}

/** The error class of a server that could not read a (compressed) plan. */
export const CANNOT_PARSE = 'CONNECT_INVALID_PLAN.CANNOT_PARSE';

/**
 * The plan compression of one session: decides per plan, reading the server's confs once.
 * @internal
 */
export class PlanCompression {
  private threshold: Promise<number> | undefined;

  constructor(
    private readonly host: PlanCompressionHost,
    private readonly compress: Compress | undefined = runtimeZstd(),
  ) {}

  /** The plan to send for `plan`: compressed when the server and the runtime can and it pays. */
  async prepare(plan: Plan, signal?: AbortSignal): Promise<Plan> {
    const compress = this.compress;
    if (compress === undefined || plan.opType.case === 'compressedOperation' || !this.host.mayCompress())
      return plan;
    const op = operationBytes(plan);
    if (op === undefined || op.bytes.byteLength < MIN_PLAN_BYTES) return plan;
    this.threshold ??= this.readThreshold(signal);
    let threshold: number;
    try {
      threshold = await this.threshold;
    } catch (err) {
      // An aborted or failed conf read is not remembered: the next plan asks again.
      this.threshold = undefined;
      throw err;
    }
    return compressPlan(plan, threshold, compress, op);
  }

  /**
   * Called with the error class (and gRPC status code) of a failed request that carried `sent`:
   * when the server could not parse a plan this session compressed, or answered that it does not
   * implement compressed plans (gRPC UNIMPLEMENTED: Sail, which reports Spark 4.2), the session
   * sends plans as they are from then on (as PySpark does; the failed request is not repeated).
   */
  noteFailure(errorClass: string | undefined, sent: Plan, grpcCode?: number): void {
    if (sent.opType.case !== 'compressedOperation') return;
    if (errorClass === CANNOT_PARSE) this.host.disable(CANNOT_PARSE);
    else if (grpcCode === Code.Unimplemented) this.host.disable('UNIMPLEMENTED');
  }

  private async readThreshold(signal?: AbortSignal): Promise<number> {
    const [threshold, algorithm] = await this.host.readConfs(
      [PLAN_COMPRESSION_THRESHOLD_CONF, PLAN_COMPRESSION_ALGORITHM_CONF],
      signal,
    );
    if (threshold === null || algorithm === null || algorithm.toUpperCase() !== 'ZSTD') return -1;
    const n = Number(threshold);
    return Number.isFinite(n) ? n : -1;
  }
}
