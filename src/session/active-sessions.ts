/**
 * The process-wide list behind `SparkSession.active()` / `getActiveSession()`: sessions in
 * creation order, held weakly (a session the program dropped is not kept alive by it).
 */
import type { SparkSession } from './spark-session.js';

const sessions: WeakRef<SparkSession>[] = [];

/** Records a newly opened session. @internal */
export function registerSession(session: SparkSession): void {
  prune();
  sessions.push(new WeakRef(session));
}

function prune(): void {
  for (let i = sessions.length - 1; i >= 0; i--) {
    const s = sessions[i].deref();
    if (s === undefined || s.isStopped) sessions.splice(i, 1);
  }
}

/** The most recently created session that is not stopped, if any. @internal */
export function latestSession(): SparkSession | undefined {
  prune();
  return sessions.at(-1)?.deref();
}
