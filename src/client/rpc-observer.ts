/**
 * What watches every RPC of a client (telemetry: logs and spans), independent of the code that
 * carries the call: the client's own gRPC calls for every RPC but AddArtifacts (grpc-stream.ts),
 * connect-es for AddArtifacts (through observerInterceptor, in observer-interceptor.ts). One
 * observer, two carriers.
 */

/** The request headers of a call, as an observer may extend them (e.g. trace context). */
export interface RpcHeaderCarrier {
  has(name: string): boolean;
  set(name: string, value: string): void;
}

/** One observed call: told of every response and of the end. */
export interface RpcCallObservation {
  /** A response message arrived (streaming calls). */
  response(message: unknown): void;
  /** The call ended: `err` is how it failed, undefined when it succeeded. */
  end(err?: unknown): void;
}

/** Watches the RPCs of a client. */
export interface RpcObserver {
  /**
   * A call starts; `request` is its (first) request message, `stream` whether responses stream.
   * Returns undefined when the call is not observed (nothing to log or trace).
   */
  start(
    method: string,
    stream: boolean,
    request: unknown,
    headers: RpcHeaderCarrier,
  ): RpcCallObservation | undefined;
  /** Cheap check before anything is prepared: false when start() would return undefined. */
  readonly active: boolean;
}
