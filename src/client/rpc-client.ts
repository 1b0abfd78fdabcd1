/**
 * The type of the Spark Connect RPC client, spelled with protobuf-es types only.
 *
 * createClient (connect-es) returns a `Client<typeof SparkConnectService>` whose call options name
 * the DOM's `HeadersInit`. Naming that type in our declarations would make every consumer that
 * type-checks its dependencies (`skipLibCheck: false`) without the DOM lib load connect-es's .d.ts
 * and fail. This equivalent, with the call options this library uses, keeps connect-es out of the
 * published types; the client createClient makes is assigned to it, so the compiler checks that
 * the two agree.
 */
import type {
  DescMethodBiDiStreaming,
  DescMethodClientStreaming,
  DescMethodServerStreaming,
  DescMethodUnary,
  DescService,
  MessageInitShape,
  MessageShape,
} from '@bufbuild/protobuf';
import type { SparkConnectService } from '../gen/spark/connect/base_pb.js';

/** The options every RPC of the client takes (a subset of connect-es's CallOptions). */
export interface RpcCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** One promise- or async-iterable-returning function per method of a protobuf service. */
export type RpcClient<S extends DescService> = {
  [M in keyof S['method']]: S['method'][M] extends DescMethodUnary<infer I, infer O>
    ? (request: MessageInitShape<I>, options?: RpcCallOptions) => Promise<MessageShape<O>>
    : S['method'][M] extends DescMethodServerStreaming<infer I, infer O>
      ? (request: MessageInitShape<I>, options?: RpcCallOptions) => AsyncIterable<MessageShape<O>>
      : S['method'][M] extends DescMethodClientStreaming<infer I, infer O>
        ? (request: AsyncIterable<MessageInitShape<I>>, options?: RpcCallOptions) => Promise<MessageShape<O>>
        : S['method'][M] extends DescMethodBiDiStreaming<infer I, infer O>
          ? (
              request: AsyncIterable<MessageInitShape<I>>,
              options?: RpcCallOptions,
            ) => AsyncIterable<MessageShape<O>>
          : never;
};

/** The RPC client of the SparkConnectService. */
export type SparkConnectRpcClient = RpcClient<typeof SparkConnectService>;
