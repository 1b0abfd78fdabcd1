/**
 * Run in a child process by telemetry.test.ts (`node --import tsx`, SPARK_REMOTE set): whether the
 * library imports `@opentelemetry/api` before the application set OpenTelemetry up, and whether
 * operations are traced once it did, on a session opened before. Prints one JSON line.
 */
import { createRequire } from 'node:module';
import { SparkSession } from '../../src/index.js';

const require = createRequire(import.meta.url);
const otelLoaded = () => Object.keys(require.cache).some((k) => k.includes('@opentelemetry/api'));

const spark = await SparkSession.builder().create();
try {
  await (await spark.sql('SELECT 1')).collect();
  const loadedBefore = otelLoaded();
  const { trace } = await import('@opentelemetry/api');
  const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await import(
    '@opentelemetry/sdk-trace-base'
  );
  const exporter = new InMemorySpanExporter();
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  // The first operation after the set-up starts the import; the ones after it are traced.
  let rounds = 0;
  while (exporter.getFinishedSpans().length === 0 && rounds < 50) {
    await spark.range(3).collect();
    rounds++;
  }
  const spans = exporter.getFinishedSpans().map((s) => s.name);
  process.stdout.write(`${JSON.stringify({ loadedBefore, spans, rounds })}\n`);
} finally {
  await spark.stop();
}
