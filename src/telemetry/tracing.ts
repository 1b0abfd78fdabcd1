/**
 * OpenTelemetry tracing, when `@opentelemetry/api` is installed (an optional peer dependency): each
 * operation (an action or command: ExecutePlan with its reattaches and releases) and each RPC is a
 * span, and the RPC's span context goes to the server as trace headers (`traceparent`, through the
 * globally registered propagator). The package is imported once, dynamically, when a session opens
 * after the application set OpenTelemetry up (registered a tracer provider, propagator or context
 * manager through the API). Until then, or when the package is missing, nothing is imported and
 * nothing costs anything: importing the API alone took about 30 ms, a third of a session's start.
 *
 * The few API shapes used are declared here, so the library's types never need the package.
 */
import type { RpcHeaderCarrier } from '../client/rpc-observer.js';

/** The part of `@opentelemetry/api` this module uses. */
interface OtelSpanContext {
  traceId: string;
  spanId: string;
}
interface OtelSpan {
  setAttribute(key: string, value: string | number | boolean): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: Error): unknown;
  end(): void;
  isRecording(): boolean;
  spanContext(): OtelSpanContext;
}
type OtelContext = unknown;
interface OtelApi {
  trace: {
    getTracer(
      name: string,
      version?: string,
    ): {
      startSpan(
        name: string,
        options?: { kind?: number; attributes?: Record<string, string | number> },
        ctx?: OtelContext,
      ): OtelSpan;
    };
    setSpan(ctx: OtelContext, span: OtelSpan): OtelContext;
  };
  context: { active(): OtelContext };
  propagation: {
    inject(
      ctx: OtelContext,
      carrier: RpcHeaderCarrier,
      setter: { set(c: RpcHeaderCarrier, k: string, v: string): void },
    ): void;
  };
  SpanKind: { INTERNAL: number; CLIENT: number };
  SpanStatusCode: { ERROR: number };
}

const OTEL_MODULE = '@opentelemetry/api';
/** Where `@opentelemetry/api` 1.x keeps what the application registered (set on the first registration). */
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');
let loading: Promise<OtelApi | undefined> | undefined;
let api: OtelApi | undefined;

/** True when the application registered something through `@opentelemetry/api` (in `scope`). */
export function openTelemetryRegistered(scope: object = globalThis): boolean {
  return (scope as Record<symbol, unknown>)[OTEL_GLOBAL] !== undefined;
}

/**
 * Imports `@opentelemetry/api` once per process when the application registered something through
 * it; resolves undefined when it did not (yet), or when the package is not installed.
 */
export function loadOpenTelemetry(): Promise<OtelApi | undefined> {
  if (loading === undefined && !openTelemetryRegistered()) return Promise.resolve(undefined);
  loading ??= (import(/* @vite-ignore */ OTEL_MODULE) as Promise<OtelApi>).then(
    (m) => {
      api = m;
      return m;
    },
    () => undefined,
  );
  return loading;
}

/** Attributes of a span. */
export type SpanAttributes = Record<string, string | number | boolean | undefined>;

/** A span, or nothing when tracing is off (every method is then a no-op). */
export class TraceSpan {
  private ended = false;

  constructor(/** @internal */ readonly span: OtelSpan | undefined) {}

  get recording(): boolean {
    return this.span?.isRecording() === true;
  }

  set(attrs: SpanAttributes): void {
    if (this.span === undefined) return;
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) this.span.setAttribute(k, v);
  }

  /** Ends the span; with an error, marks it failed with the error's class. Idempotent. */
  end(err?: unknown, secrets: readonly string[] = []): void {
    if (this.span === undefined || this.ended) return;
    this.ended = true;
    if (err !== undefined) {
      const e = err instanceof Error ? err : new Error(String(err));
      const cls = (e as { errorClass?: unknown }).errorClass;
      if (typeof cls === 'string') this.span.setAttribute('spark.error_class', cls);
      this.span.setAttribute('error.type', e.name);
      let message = e.message;
      for (const s of secrets) message = message.split(s).join('***');
      this.span.setStatus({ code: api?.SpanStatusCode.ERROR ?? 2, message });
    }
    this.span.end();
  }
}

const NO_SPAN = new TraceSpan(undefined);

/** The tracer of one client: knows the server and the operations' spans (parents of their RPCs). */
export class Tracing {
  private readonly operations = new Map<string, TraceSpan>();

  constructor(
    private readonly server: { host: string; port: number },
    private readonly tracerVersion: string,
  ) {}

  /** True when `@opentelemetry/api` is loaded. */
  get active(): boolean {
    // Set up after this session opened: traced from the next operations on, once imported.
    if (api === undefined && loading === undefined && openTelemetryRegistered()) void loadOpenTelemetry();
    return api !== undefined;
  }

  private tracer() {
    return api?.trace.getTracer('spark-connect-ts', this.tracerVersion);
  }

  private baseAttributes(): SpanAttributes {
    return { 'server.address': this.server.host, 'server.port': this.server.port };
  }

  /** Starts the span of one operation (an action or a command); its RPCs become its children. */
  startOperation(name: string, operationId: string, sessionId: string): TraceSpan {
    const tracer = this.tracer();
    if (tracer === undefined || api === undefined) return NO_SPAN;
    const span = new TraceSpan(tracer.startSpan(name, { kind: api.SpanKind.INTERNAL }, api.context.active()));
    span.set({ ...this.baseAttributes(), 'spark.session_id': sessionId, 'spark.operation_id': operationId });
    this.operations.set(operationId, span);
    return span;
  }

  /** Forgets an operation once its last RPC (the final release) is done. */
  forgetOperation(operationId: string): void {
    this.operations.delete(operationId);
  }

  /**
   * Starts the span of one RPC (child of its operation's span when it has one, else of the active
   * context) and injects its context into the request headers.
   */
  startRpc(
    method: string,
    sessionId: string | undefined,
    operationId: string | undefined,
    headers: RpcHeaderCarrier,
  ): TraceSpan {
    const tracer = this.tracer();
    if (tracer === undefined || api === undefined) return NO_SPAN;
    const parent = operationId === undefined ? undefined : this.operations.get(operationId)?.span;
    const parentCtx =
      parent === undefined ? api.context.active() : api.trace.setSpan(api.context.active(), parent);
    const raw = tracer.startSpan(
      `spark.connect.SparkConnectService/${method}`,
      { kind: api.SpanKind.CLIENT },
      parentCtx,
    );
    const span = new TraceSpan(raw);
    span.set({
      ...this.baseAttributes(),
      'rpc.system': 'grpc',
      'rpc.service': 'spark.connect.SparkConnectService',
      'rpc.method': method,
      'spark.session_id': sessionId,
      'spark.operation_id': operationId,
    });
    api.propagation.inject(api.trace.setSpan(parentCtx, raw), headers, {
      set: (carrier, key, value) => {
        if (!carrier.has(key)) carrier.set(key, value);
      },
    });
    return span;
  }
}
