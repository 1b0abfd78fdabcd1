/** Operation states from the GetStatus RPC (Spark 4.2+). */
import type { CallOptions, SessionRpc } from '../client/session-rpc.js';
import { GetStatusResponse_OperationStatus_OperationState as State } from '../gen/spark/connect/base_pb.js';

/** The state of an operation, as the server reports it. */
export type OperationState = 'unknown' | 'running' | 'terminating' | 'succeeded' | 'failed' | 'cancelled';

/** The status of one operation of the session. */
export interface OperationStatus {
  /** The operation id (an action's `operationId` option, or the random one the client made). */
  operationId: string;
  /** `unknown` when the server does not know the id (never seen, or forgotten). */
  state: OperationState;
}

const STATES: Record<State, OperationState> = {
  [State.UNSPECIFIED]: 'unknown',
  [State.UNKNOWN]: 'unknown',
  [State.RUNNING]: 'running',
  [State.TERMINATING]: 'terminating',
  [State.SUCCEEDED]: 'succeeded',
  [State.FAILED]: 'failed',
  [State.CANCELLED]: 'cancelled',
};

/** Asks the server for operation statuses. @internal */
export async function fetchOperationStatuses(
  rpc: SessionRpc,
  operationIds: readonly string[],
  opts?: CallOptions,
): Promise<OperationStatus[]> {
  if (!Array.isArray(operationIds) || operationIds.some((id) => typeof id !== 'string' || id.length === 0)) {
    throw new TypeError('operationStatuses() takes an array of operation ids');
  }
  const resp = await rpc.getStatus(operationIds, opts);
  return resp.operationStatuses.map((s) => ({
    operationId: s.operationId,
    state: STATES[s.state] ?? 'unknown',
  }));
}
