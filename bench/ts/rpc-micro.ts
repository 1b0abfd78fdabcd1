/**
 * Client CPU per ExecutePlan call: connect-es's server-streaming call versus the client's own gRPC
 * stream (src/client/grpc-stream.ts), on the same transport and server, interleaved.
 *
 *   npx tsx bench/ts/rpc-micro.ts [--remote sc://127.0.0.1:15430] [--calls 200] [--rounds 5] [--warmup 30]
 *
 * Two measurements, each as rounds that alternate the two paths (so the drift of a shared machine
 * hits both alike), each path of a round in a fresh process (own heap, so one path's garbage is
 * not collected on the other's time); the figure is the median over rounds of CPU ms (user +
 * system of the process, after the warm-up) and wall ms per call / per query:
 * - `rpc`: one ExecutePlan of `SELECT 1` (a fresh operation id each, read to the end), nothing
 *   else: the cost of the call itself;
 * - `query`: `(await spark.sql('SELECT 1')).collect()` through the public API (2 ExecutePlans and
 *   their background ReleaseExecutes per query); the `connect-es` client is an ordinary
 *   SparkConnectClient whose ExecutePlan and ReattachExecute are put back on connect-es.
 * It runs the sources (src/), so it measures the working tree.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { create } from '@bufbuild/protobuf';
import { createClient } from '@connectrpc/connect';
import { parseConnectionString } from '../../src/client/connection-string.js';
import type { SparkConnectRpcClient } from '../../src/client/rpc-client.js';
import { createSparkTransport, type SparkTransport } from '../../src/client/transport.js';
import { ExecutePlanRequestSchema, SparkConnectService } from '../../src/gen/spark/connect/base_pb.js';
import { SparkConnectClient } from '../../src/index.js';
import { arg } from './micro.js';

const REMOTE = arg('remote', 'sc://127.0.0.1:15430');
const CALLS = Number(arg('calls', '200'));
const ROUNDS = Number(arg('rounds', '5'));
const WARMUP = Number(arg('warmup', '30'));

type Path = 'connect-es' | 'own stream';
type Run = () => Promise<void>;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs one path in this process: warm-up, then `CALLS` calls; CPU and wall ms per call. */
async function runChild(run: Run): Promise<{ cpu: number; wall: number }> {
  for (let i = 0; i < WARMUP; i++) await run();
  const c0 = cpuMs();
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) await run();
  return { cpu: (cpuMs() - c0) / CALLS, wall: (performance.now() - t0) / CALLS };
}

/**
 * Each round runs every path in a fresh process (its own heap: the garbage of one path is never
 * collected while the other is measured), alternating which goes first.
 */
function measure(what: 'rpc' | 'query'): Record<Path, { cpu: number; wall: number }> {
  const paths: Path[] = ['connect-es', 'own stream'];
  const cpu: Record<Path, number[]> = { 'connect-es': [], 'own stream': [] };
  const wall: Record<Path, number[]> = { 'connect-es': [], 'own stream': [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? paths : [...paths].reverse();
    for (const p of order) {
      const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', what, '--path', p];
      args.push('--remote', REMOTE, '--calls', String(CALLS), '--warmup', String(WARMUP));
      const out = execFileSync(process.execPath, args, { encoding: 'utf8' });
      const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { cpu: number; wall: number };
      cpu[p].push(r.cpu);
      wall[p].push(r.wall);
    }
  }
  const out = {} as Record<Path, { cpu: number; wall: number }>;
  for (const p of paths) out[p] = { cpu: median(cpu[p]), wall: median(wall[p]) };
  return out;
}

function rpcRuns(transport: SparkTransport): Record<Path, Run> {
  const sessionId = randomUUID();
  const viaConnect = createClient(
    SparkConnectService,
    transport.transport,
  ) as unknown as SparkConnectRpcClient;
  const plan = {
    opType: {
      case: 'root' as const,
      value: { relType: { case: 'sql' as const, value: { query: 'SELECT 1' } } },
    },
  };
  const call = (client: SparkConnectRpcClient) => async () => {
    const req = create(ExecutePlanRequestSchema, {
      sessionId,
      userContext: { userId: 'bench' },
      clientType: 'spark-connect-ts-bench/rpc-micro',
      operationId: randomUUID(),
      plan,
    });
    for await (const _ of client.executePlan(req)) {
      // read to the end
    }
  };
  return { 'connect-es': call(viaConnect), 'own stream': call(transport.client) };
}

/** A SparkConnectClient whose ExecutePlan and ReattachExecute go through connect-es (the old path). */
function connectOnlyClient(): SparkConnectClient {
  const client = new SparkConnectClient(REMOTE);
  const transport = (client as unknown as { transport: SparkTransport }).transport;
  const viaConnect = createClient(
    SparkConnectService,
    transport.transport,
  ) as unknown as SparkConnectRpcClient;
  (client as unknown as { rpcClient: SparkConnectRpcClient }).rpcClient = viaConnect;
  return client;
}

async function child(what: string, path: Path): Promise<void> {
  if (what === 'rpc') {
    const transport = createSparkTransport(parseConnectionString(REMOTE));
    const r = await runChild(rpcRuns(transport)[path]);
    await transport.close();
    console.log(JSON.stringify(r));
    return;
  }
  const client = path === 'connect-es' ? connectOnlyClient() : new SparkConnectClient(REMOTE);
  const spark = await client.createSession();
  const r = await runChild(async () => void (await (await spark.sql('SELECT 1')).collect()));
  await spark.stop();
  await client.close();
  console.log(JSON.stringify(r));
}

async function main(): Promise<void> {
  const childOf = arg('child', '');
  if (childOf !== '') {
    await child(childOf, arg('path', 'own stream') as Path);
    return;
  }
  const rpc = measure('rpc');
  const query = measure('query');
  const line = (what: string, r: Record<Path, { cpu: number; wall: number }>) => {
    const a = r['connect-es'];
    const b = r['own stream'];
    console.log(
      `${what.padEnd(6)} connect-es ${a.cpu.toFixed(2)} ms CPU / ${a.wall.toFixed(2)} ms wall   ` +
        `own stream ${b.cpu.toFixed(2)} ms CPU / ${b.wall.toFixed(2)} ms wall   ` +
        `CPU ratio ${(b.cpu / a.cpu).toFixed(2)}`,
    );
  };
  console.log(`${REMOTE}: ${ROUNDS} rounds x ${CALLS} per path, medians per call / per query`);
  line('rpc', rpc);
  line('query', query);
}

await main();
