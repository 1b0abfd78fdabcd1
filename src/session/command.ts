/**
 * Runs commands that do not start from a DataFrame (streaming query and manager commands,
 * pipelines, UDF registration) and picks the one result the server answers with.
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import type { ExecuteOptions } from '../client/execute.js';
import { newResultState, type ResultState, readArrowBatches } from '../client/results.js';
import { ProtocolError } from '../errors/base.js';
import { type ExecutePlanResponse, type Plan, PlanSchema } from '../gen/spark/connect/base_pb.js';
import type { CommandSchema } from '../gen/spark/connect/commands_pb.js';
import type { SparkSession } from './spark-session.js';

/** The `command_type` of a proto Command. */
export type CommandType = MessageInitShape<typeof CommandSchema>['commandType'];

type ResponseType = ExecutePlanResponse['responseType'];
type ResponseCase = NonNullable<ResponseType['case']>;

/** The value of the response of kind `kind`. */
export type ResponseValue<K extends ResponseCase> = Extract<ResponseType, { case: K }>['value'];

/** A proto Plan holding one command. @internal */
export function commandPlan(commandType: CommandType): Plan {
  return create(PlanSchema, { opType: { case: 'command', value: { commandType } } });
}

/**
 * The first response of kind `kind` the stream gave.
 * @throws ProtocolError when there is none (`what` names the call)
 */
export function pickResult<K extends ResponseCase>(
  state: ResultState,
  kind: K,
  what: string,
): ResponseValue<K> {
  for (const r of state.otherResponses) {
    if (r.responseType.case === kind) return r.responseType.value as ResponseValue<K>;
  }
  throw new ProtocolError(`The server did not answer ${what} with a ${kind}`);
}

/**
 * The value of a streaming result's `resultType` when it is of kind `kind`.
 * @throws ProtocolError when the server answered with another kind (`what` names the call)
 */
export function resultOf<
  T extends { case: string | undefined; value?: unknown },
  K extends NonNullable<T['case']>,
>(resultType: T, kind: K, what: string): Extract<T, { case: K }>['value'] {
  if (resultType.case !== kind) {
    throw new ProtocolError(
      `The server answered ${what} with ${resultType.case ?? 'an empty result'}, not ${kind}`,
    );
  }
  return resultType.value as Extract<T, { case: K }>['value'];
}

/** Runs a command on the session and returns what the stream told. @internal */
export async function runSessionCommand(
  session: SparkSession,
  commandType: CommandType,
  opts?: ExecuteOptions,
): Promise<ResultState> {
  const state = newResultState();
  for await (const _ of readArrowBatches(session.execute(commandPlan(commandType), opts), state)) {
    // Streaming commands answer without rows.
  }
  return state;
}
