/**
 * StreamingQueryListener: client-side callbacks for the streaming queries of a session, and the
 * events they receive (Spark's listener event JSON, parsed).
 */
import { ProtocolError } from '../errors/base.js';
import { StreamingQueryEventType } from '../gen/spark/connect/commands_pb.js';
import { parseProgress, type StreamingQueryProgress } from './query.js';

/** A query of the session started (`writeStream...start()` / `toTable()` of this client). */
export interface QueryStartedEvent {
  /** The query's id (the same across restarts from one checkpoint). */
  id: string;
  /** The id of this run. */
  runId: string;
  /** The query's name, or null. */
  name: string | null;
  /** ISO-8601 time the query started. */
  timestamp: string;
  /** The job tags of the query (Spark 4.0+; empty otherwise). */
  jobTags: string[];
}

/** A micro-batch of a query finished. */
export interface QueryProgressEvent {
  /** The progress report of the batch. */
  progress: StreamingQueryProgress;
}

/** A query is idle: it has no new data to process. */
export interface QueryIdleEvent {
  id: string;
  runId: string;
  /** ISO-8601 time of the latest trigger that found no data. */
  timestamp: string;
}

/** A query ended (stopped, finished, or failed). */
export interface QueryTerminatedEvent {
  id: string;
  runId: string;
  /** The error that ended the query, or null when it stopped without one. */
  exception: string | null;
  /** The error class of that error, or null. */
  errorClassOnException: string | null;
}

/** Any listener event. */
export type StreamingQueryListenerEvent =
  | { kind: 'started'; event: QueryStartedEvent }
  | { kind: 'progress'; event: QueryProgressEvent }
  | { kind: 'idle'; event: QueryIdleEvent }
  | { kind: 'terminated'; event: QueryTerminatedEvent };

/**
 * Client-side callbacks for the streaming queries of a session: register with
 * `spark.streams.addListener(listener)` (Spark 4.0+). Every callback is optional. The events
 * arrive over one event stream per session, in the order the server sends them; a callback that
 * throws (or returns a rejected promise) is reported with `process.emitWarning` (a warning named
 * `StreamingQueryListenerWarning`) and does not stop the other listeners or later events.
 *
 * `onQueryStarted` is called for queries this session's client starts (the server sends the
 * event as part of `start()`'s answer); the other callbacks for every query of the session.
 *
 * @example
 * const listener: StreamingQueryListener = {
 *   onQueryProgress: ({ progress }) => console.log(progress.name, progress.numInputRows),
 *   onQueryTerminated: (e) => console.log('ended', e.id, e.exception),
 * };
 * await spark.streams.addListener(listener);
 */
export interface StreamingQueryListener {
  onQueryStarted?(event: QueryStartedEvent): void;
  onQueryProgress?(event: QueryProgressEvent): void;
  onQueryIdle?(event: QueryIdleEvent): void;
  onQueryTerminated?(event: QueryTerminatedEvent): void;
}

const CALLBACKS = ['onQueryStarted', 'onQueryProgress', 'onQueryIdle', 'onQueryTerminated'] as const;

/** @throws TypeError unless `listener` is an object whose known callbacks are functions */
export function checkListener(listener: unknown, what: string): StreamingQueryListener {
  if (listener === null || typeof listener !== 'object') {
    throw new TypeError(
      `${what} takes a StreamingQueryListener object (with onQueryStarted, onQueryProgress, onQueryIdle or onQueryTerminated)`,
    );
  }
  const l = listener as Record<string, unknown>;
  for (const key of CALLBACKS) {
    if (l[key] !== undefined && typeof l[key] !== 'function') {
      throw new TypeError(`${what}: listener.${key} must be a function, got ${typeof l[key]}`);
    }
  }
  return listener as StreamingQueryListener;
}

function parseObject(json: string, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (err) {
    throw new ProtocolError(`The server sent a ${what} that is not JSON`, { cause: err });
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new ProtocolError(`The server sent a ${what} that is not a JSON object`);
  }
  return v as Record<string, unknown>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Parses the query started event JSON of a `start()` answer. @internal */
export function parseStartedEvent(json: string): QueryStartedEvent {
  const j = parseObject(json, 'query started event');
  return {
    id: str(j.id),
    runId: str(j.runId),
    name: strOrNull(j.name),
    timestamp: str(j.timestamp),
    jobTags: Array.isArray(j.jobTags) ? j.jobTags.filter((t): t is string => typeof t === 'string') : [],
  };
}

/**
 * Parses one event of the listener bus stream; null for an event type this client does not know
 * (a newer server), which is skipped.
 * @internal
 */
export function parseBusEvent(
  eventType: StreamingQueryEventType,
  json: string,
): StreamingQueryListenerEvent | null {
  switch (eventType) {
    case StreamingQueryEventType.QUERY_PROGRESS_EVENT: {
      const j = parseObject(json, 'query progress event');
      return { kind: 'progress', event: { progress: parseProgress(JSON.stringify(j.progress ?? {})) } };
    }
    case StreamingQueryEventType.QUERY_IDLE_EVENT: {
      const j = parseObject(json, 'query idle event');
      return { kind: 'idle', event: { id: str(j.id), runId: str(j.runId), timestamp: str(j.timestamp) } };
    }
    case StreamingQueryEventType.QUERY_TERMINATED_EVENT: {
      const j = parseObject(json, 'query terminated event');
      return {
        kind: 'terminated',
        event: {
          id: str(j.id),
          runId: str(j.runId),
          exception: strOrNull(j.exception),
          errorClassOnException: strOrNull(j.errorClassOnException),
        },
      };
    }
    default:
      return null;
  }
}

const CALLBACK_OF = {
  started: 'onQueryStarted',
  progress: 'onQueryProgress',
  idle: 'onQueryIdle',
  terminated: 'onQueryTerminated',
} as const;

/** Reports a failure of a listener or of the event stream as a process warning. @internal */
export function warn(message: string, cause?: unknown): void {
  const w = new Error(
    cause === undefined ? message : `${message}: ${cause instanceof Error ? cause.message : String(cause)}`,
    cause === undefined ? undefined : { cause },
  );
  w.name = 'StreamingQueryListenerWarning';
  process.emitWarning(w);
}

/** Calls the matching callback of every listener; failures become warnings. @internal */
export function dispatch(listeners: readonly StreamingQueryListener[], e: StreamingQueryListenerEvent): void {
  const key = CALLBACK_OF[e.kind];
  for (const listener of listeners) {
    const fn = listener[key] as ((event: unknown) => unknown) | undefined;
    if (fn === undefined) continue;
    const report = (err: unknown) => warn(`StreamingQueryListener.${key} threw`, err);
    try {
      const r = fn.call(listener, e.event);
      if (r !== null && typeof r === 'object' && typeof (r as Promise<unknown>).then === 'function') {
        (r as Promise<unknown>).then(undefined, report);
      }
    } catch (err) {
      report(err);
    }
  }
}
