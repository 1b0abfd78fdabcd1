/**
 * Lifetime of checkpointed relations (Spark 4.0+). The server keeps a checkpoint's data until the
 * session ends or the client sends RemoveCachedRemoteRelationCommand. As PySpark does when its
 * plan node is garbage collected, a checkpoint's plan node is registered in a
 * FinalizationRegistry that frees it once no DataFrame uses it; `release()` frees it at once.
 */
import { newResultState, readArrowBatches } from '../client/results.js';
import type { CallOptions } from '../client/session-rpc.js';
import { removeCachedRemoteRelationCommand } from '../plan/commands.js';
import type { SparkSession } from '../session/spark-session.js';

interface Held {
  session: WeakRef<SparkSession>;
  relationId: string;
}

/** Sends the remove command and reads its (empty) answer. @internal */
export async function removeCachedRelation(
  session: SparkSession,
  relationId: string,
  opts?: CallOptions,
): Promise<void> {
  const state = newResultState();
  for await (const _ of readArrowBatches(
    session.execute(removeCachedRemoteRelationCommand(relationId), opts),
    state,
  )) {
    // A command: no rows.
  }
}

/** What the registry does when a checkpoint's plan node is collected. @internal */
export function onCheckpointCollected(held: Held): void {
  const session = held.session.deref();
  if (session === undefined || session.isStopped) return;
  // Best effort, like PySpark: a failure here has nobody to report to.
  removeCachedRelation(session, held.relationId, { timeoutMs: 60_000 }).catch(() => undefined);
}

const registry = new FinalizationRegistry<Held>(onCheckpointCollected);

/** Frees `relationId` when `token` (the checkpoint's plan node) is collected. @internal */
export function trackCheckpoint(session: SparkSession, relationId: string, token: object): void {
  registry.register(token, { session: new WeakRef(session), relationId }, token);
}

/** Frees the relation now; the collected node then sends nothing. @internal */
export async function releaseCheckpoint(
  session: SparkSession,
  relationId: string,
  token: object,
  opts?: CallOptions,
): Promise<void> {
  registry.unregister(token);
  await removeCachedRelation(session, relationId, opts);
}
