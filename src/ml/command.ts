/**
 * Runs one MlCommand (fit, fetch, evaluate, write, read, delete, clean cache) and answers its
 * MlCommandResult. Dataset plans are prepared as any action's are. A server error for a model
 * that is not in the session's ML cache (any more) becomes an MlModelNotFoundError naming it.
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import type { ExecuteOptions } from '../client/execute.js';
import { newResultState, readArrowBatches } from '../client/results.js';
import type { DataFrame } from '../dataframe/dataframe.js';
import { ProtocolError } from '../errors/base.js';
import { MlModelNotFoundError } from '../errors/spark-exceptions.js';
import { PlanSchema } from '../gen/spark/connect/base_pb.js';
import type { MlCommandResult, MlCommandSchema } from '../gen/spark/connect/ml_pb.js';
import type { Relation } from '../gen/spark/connect/relations_pb.js';
import { lowerPlan } from '../plan/lower.js';
import type { SparkSession } from '../session/spark-session.js';

type MlCommandInit = MessageInitShape<typeof MlCommandSchema>['command'];

/** The lowered, prepared plan of a DataFrame (as actions send it). @internal */
export async function datasetRelation(df: DataFrame, opts?: ExecuteOptions): Promise<Relation> {
  return lowerPlan(await df.preparedPlan(df.plan, opts));
}

/**
 * Runs an MlCommand; `refs` are the object ids it uses (for the cache-miss error). @internal
 */
export async function runMlCommand(
  session: SparkSession,
  command: MlCommandInit,
  refs: readonly string[],
  opts?: ExecuteOptions,
): Promise<MlCommandResult | undefined> {
  const plan = create(PlanSchema, {
    opType: { case: 'command', value: { commandType: { case: 'mlCommand', value: { command } } } },
  });
  const state = newResultState();
  try {
    // Through the feature path: a server without Spark ML (Sail answers a bare
    // UnsupportedOperationException "ml command") gets the feature error naming Spark ML.
    await session.withFeature('ml', async () => {
      for await (const _ of readArrowBatches(session.execute(plan, opts), state)) {
        // An ML command answers an ml_command_result, no rows.
      }
    });
  } catch (err) {
    if (err instanceof MlModelNotFoundError && refs.length > 0) {
      const e = err;
      throw new MlModelNotFoundError(
        `The ML object ${refs.join(', ')} is not in the server's ML cache (released, freed with its session, or evicted): ${e.message}`,
        { errorClass: e.errorClass, sqlState: e.sqlState, serverClassName: e.serverClassName, cause: e },
      );
    }
    throw err;
  }
  for (const r of state.otherResponses) {
    if (r.responseType.case === 'mlCommandResult') return r.responseType.value;
  }
  return undefined;
}

/** As runMlCommand, but a missing result is a ProtocolError. @internal */
export async function runMlCommandForResult(
  session: SparkSession,
  command: MlCommandInit,
  refs: readonly string[],
  opts?: ExecuteOptions,
): Promise<MlCommandResult> {
  const result = await runMlCommand(session, command, refs, opts);
  if (result === undefined)
    throw new ProtocolError(`The server answered the ML ${command?.case} command without a result`);
  return result;
}
