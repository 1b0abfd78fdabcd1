/**
 * The client-side listener bus of a session: one long-lived ExecutePlan stream
 * (StreamingQueryListenerBusCommand `add_listener_bus_listener`, Spark 4.0+) while at least one
 * StreamingQueryListener is registered; its StreamingQueryListenerEventsResult responses are
 * parsed and handed to every listener. `remove_listener_bus_listener` makes the server end it.
 */
import { type CallOptions, callSignal } from '../client/session-rpc.js';
import { ProtocolError } from '../errors/base.js';
import type { ExecutePlanResponse } from '../gen/spark/connect/base_pb.js';
import { type CommandType, commandPlan, runSessionCommand } from '../session/command.js';
import type { SparkSession } from '../session/spark-session.js';
import {
  checkListener,
  dispatch,
  parseBusEvent,
  parseStartedEvent,
  type StreamingQueryListener,
  type StreamingQueryListenerEvent,
  warn,
} from './listener.js';

/** How long removing the last listener waits for the server to end the event stream. */
const STREAM_END_TIMEOUT_MS = 10_000;

const busCommand = (add: boolean): CommandType => ({
  case: 'streamingQueryListenerBusCommand',
  value: {
    command: add
      ? { case: 'addListenerBusListener', value: true }
      : { case: 'removeListenerBusListener', value: true },
  },
});

interface BusStream {
  /** Cancels the ExecutePlan stream (its clean-up interrupts and releases the operation). */
  readonly ctrl: AbortController;
  /** Resolves when the pump loop ended; never rejects. */
  done: Promise<void>;
  /** Set when this client ends the stream on purpose (no warning then). */
  closing: boolean;
}

/** @internal One per StreamingQueryManager. */
export class ListenerBus {
  private listeners: StreamingQueryListener[] = [];
  private stream: BusStream | undefined;
  /** add/remove run one at a time, in call order (like PySpark's lock). */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly session: SparkSession) {}

  /** The registered listeners (a copy). */
  get registered(): StreamingQueryListener[] {
    return [...this.listeners];
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  add(listener: StreamingQueryListener, opts?: CallOptions): Promise<void> {
    checkListener(listener, 'addListener()');
    const session = this.session;
    session.requireFeature('streamingListener');
    const signal = callSignal(opts);
    return this.serialized(async () => {
      if (this.listeners.includes(listener)) return;
      if (this.stream === undefined)
        await session.withFeature('streamingListener', () => this.open(listener, signal));
      else this.listeners.push(listener);
    });
  }

  /** Opens the event stream and registers `first` once the server confirmed it. */
  private async open(first: StreamingQueryListener, signal: AbortSignal | undefined): Promise<void> {
    const ctrl = new AbortController();
    const onAbort = () => ctrl.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) ctrl.abort(signal.reason);
    const it = this.session
      .execute(commandPlan(busCommand(true)), { signal: ctrl.signal })
      [Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await it.next();
        if (next.done) {
          throw new ProtocolError(
            'The server ended the streaming listener event stream before confirming it',
          );
        }
        const r = next.value.responseType;
        if (r.case === 'streamingQueryListenerEventsResult' && r.value.listenerBusListenerAdded === true) {
          this.listeners.push(first);
          this.handle(next.value);
          break;
        }
        this.handle(next.value);
      }
    } finally {
      // A stream that failed or was aborted here has cleaned itself up (interrupt, release).
      signal?.removeEventListener('abort', onAbort);
    }
    const s: BusStream = { ctrl, closing: false, done: Promise.resolve() };
    s.done = this.pump(s, it);
    this.session.rpc.track(s.done);
    this.stream = s;
  }

  private async pump(s: BusStream, it: AsyncIterator<ExecutePlanResponse>): Promise<void> {
    try {
      for (;;) {
        const next = await it.next();
        if (next.done) break;
        this.handle(next.value);
      }
      if (!s.closing) {
        warn('The server ended the streaming query listener event stream; all listeners were removed');
      }
    } catch (err) {
      if (!s.closing) {
        warn('The streaming query listener event stream failed; all listeners were removed', err);
      }
    } finally {
      if (this.stream === s) {
        this.stream = undefined;
        this.listeners = [];
      }
    }
  }

  /** Dispatches the events of one response of the bus stream. */
  private handle(resp: ExecutePlanResponse): void {
    const r = resp.responseType;
    if (r.case !== 'streamingQueryListenerEventsResult') return;
    for (const e of r.value.events) {
      let event: StreamingQueryListenerEvent | null;
      try {
        event = parseBusEvent(e.eventType, e.eventJson);
      } catch (err) {
        warn('Skipped a streaming query listener event the client could not read', err);
        continue;
      }
      if (event !== null) dispatch(this.listeners, event);
    }
  }

  /** Hands the started event of a `start()` answer to the listeners. */
  postStarted(json: string): void {
    if (this.listeners.length === 0) return;
    let event: StreamingQueryListenerEvent;
    try {
      event = { kind: 'started', event: parseStartedEvent(json) };
    } catch (err) {
      warn('Skipped a query started event the client could not read', err);
      return;
    }
    dispatch(this.listeners, event);
  }

  remove(listener: StreamingQueryListener): Promise<void> {
    return this.serialized(async () => {
      const i = this.listeners.indexOf(listener);
      if (i < 0) return;
      if (this.listeners.length === 1) await this.close();
      else this.listeners.splice(i, 1);
    });
  }

  removeAll(): Promise<void> {
    return this.serialized(() => this.close());
  }

  /**
   * Asks the server to end the event stream and waits (bounded) until it ended; events that
   * arrive until then are still delivered. Listeners are gone afterwards, whatever happened.
   */
  private async close(): Promise<void> {
    const s = this.stream;
    if (s === undefined) {
      this.listeners = [];
      return;
    }
    s.closing = true;
    try {
      await runSessionCommand(this.session, busCommand(false), { timeoutMs: STREAM_END_TIMEOUT_MS });
    } catch (err) {
      // The local stream is cancelled below; its clean-up interrupts the operation on the server.
      warn('The server did not remove the streaming query listener bus; cancelling its event stream', err);
      s.ctrl.abort();
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STREAM_END_TIMEOUT_MS);
      timer.unref();
    });
    await Promise.race([s.done, timedOut]);
    clearTimeout(timer);
    if (this.stream === s) {
      s.ctrl.abort();
      await s.done;
    }
    this.listeners = [];
  }

  /** The session stops: cancel the stream at once (the session's drain waits for its clean-up). */
  shutdown(): void {
    const s = this.stream;
    this.listeners = [];
    if (s === undefined) return;
    s.closing = true;
    s.ctrl.abort();
  }
}
