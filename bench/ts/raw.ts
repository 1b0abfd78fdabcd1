/**
 * The raw baseline (TypeScript): the same ExecutePlan stream as the clients, over this project's
 * own HTTP/2 transport (compiled, from dist/), read with NO Arrow decoding: it only counts
 * `ArrowBatch.data` bytes and the batches' declared row counts. No reattach, no ReleaseExecute, one
 * RPC per query (no eager SqlCommand first). What is left is gRPC + protobuf decoding of the
 * responses: the ceiling for any Node.js client on this machine.
 *
 * The upload task sends Arrow IPC bytes built before the timer starts (no encoding cost).
 */
import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import {
  type Data,
  Decimal,
  Field,
  Float64,
  Int32,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMicrosecond,
  tableFromIPC,
  tableToIPC,
  Utf8,
} from 'apache-arrow';
import {
  cpuSeconds,
  distImport,
  gc,
  nowMs,
  PeakRss,
  percentile,
  runWorker,
  UPLOAD_DDL,
  type WorkerArgs,
} from './common.js';

type Gen = typeof import('../../src/gen/spark/connect/base_pb.js');
type Rel = typeof import('../../src/gen/spark/connect/relations_pb.js');
type TransportMod = typeof import('../../src/client/transport.js');
type ConnMod = typeof import('../../src/client/connection-string.js');
type Plan = import('../../src/gen/spark/connect/base_pb.js').Plan;
type Relation = import('../../src/gen/spark/connect/relations_pb.js').Relation;

async function main(a: WorkerArgs): Promise<Record<string, unknown>> {
  const [gen, rel, tmod, cmod] = await Promise.all([
    distImport<Gen>('gen/spark/connect/base_pb.js'),
    distImport<Rel>('gen/spark/connect/relations_pb.js'),
    distImport<TransportMod>('client/transport.js'),
    distImport<ConnMod>('client/connection-string.js'),
  ]);
  const sessionId = randomUUID();
  const t0 = nowMs();
  const transport = tmod.createSparkTransport(cmod.parseConnectionString(a.remote));
  // The transport's own client: the fastest path this project has for every RPC it sends.
  const client = transport.client;

  const planOf = (relation: Relation): Plan =>
    create(gen.PlanSchema, { opType: { case: 'root', value: relation } });
  const sqlPlan = (query: string) =>
    planOf(create(rel.RelationSchema, { relType: { case: 'sql', value: { query } } }));

  /** Runs a plan; returns the Arrow bytes and declared rows (and the payloads when asked). */
  const run = async (plan: Plan, onBatch?: (data: Uint8Array) => void) => {
    let bytes = 0;
    let rows = 0;
    const req = create(gen.ExecutePlanRequestSchema, {
      sessionId,
      userContext: { userId: 'bench' },
      clientType: 'spark-connect-ts-bench/raw',
      operationId: randomUUID(),
      plan,
    });
    for await (const resp of client.executePlan(req)) {
      if (resp.responseType.case === 'arrowBatch') {
        const b = resp.responseType.value;
        bytes += b.data.byteLength;
        rows += Number(b.rowCount);
        onBatch?.(b.data);
      }
    }
    return { bytes, rows };
  };

  try {
    switch (a.task) {
      case 'session_start': {
        const r = await run(sqlPlan('SELECT 1'));
        if (r.rows !== 1) throw new Error('SELECT 1 gave no row');
        return { ms: nowMs() - t0 };
      }
      case 'latency': {
        const plan = sqlPlan(a.sql);
        for (let i = 0; i < a.warmup; i++) await run(plan);
        const times: number[] = [];
        for (let i = 0; i < a.queries; i++) {
          const s = nowMs();
          await run(plan);
          times.push(nowMs() - s);
        }
        return { p50_ms: percentile(times, 50), p99_ms: percentile(times, 99), n: times.length };
      }
      case 'collect':
      case 'to_arrow': {
        if (a.warmupSql !== '') await run(sqlPlan(a.warmupSql));
        const plan = sqlPlan(a.sql);
        gc();
        const c0 = cpuSeconds();
        const s = nowMs();
        const r = await run(plan);
        const seconds = (nowMs() - s) / 1000;
        const cpu = cpuSeconds() - c0;
        if (a.rows > 0 && r.rows !== a.rows) throw new Error(`expected ${a.rows} rows, got ${r.rows}`);
        return { seconds, cpu_s: cpu, rows: r.rows, bytes: r.bytes };
      }
      case 'stream': {
        if (a.warmupSql !== '') await run(sqlPlan(a.warmupSql));
        const plan = sqlPlan(a.sql);
        const peak = new PeakRss();
        const c0 = cpuSeconds();
        const s = nowMs();
        const r = await run(plan, () => peak.sample());
        const seconds = (nowMs() - s) / 1000;
        if (a.rows > 0 && r.rows !== a.rows) throw new Error(`expected ${a.rows} rows, got ${r.rows}`);
        return {
          seconds,
          cpu_s: cpuSeconds() - c0,
          rss_growth_mb: peak.growthMb(),
          rows: r.rows,
          bytes: r.bytes,
        };
      }
      case 'upload': {
        const ipc = uploadIpc(a.rows);
        const local = create(rel.RelationSchema, {
          relType: { case: 'localRelation', value: { data: ipc, schema: UPLOAD_DDL } },
        });
        const count = create(rel.RelationSchema, {
          relType: {
            case: 'aggregate',
            value: {
              input: local,
              groupType: rel.Aggregate_GroupType.GROUPBY,
              aggregateExpressions: [
                {
                  exprType: {
                    case: 'unresolvedFunction',
                    value: {
                      functionName: 'count',
                      arguments: [
                        {
                          exprType: {
                            case: 'literal',
                            value: { literalType: { case: 'integer', value: 1 } },
                          },
                        },
                      ],
                    },
                  },
                },
              ],
            },
          },
        });
        gc();
        const s = nowMs();
        let n = -1;
        await run(planOf(count), (data) => {
          const t = tableFromIPC(data);
          if (t.numRows === 1) n = Number(t.getChildAt(0)?.get(0));
        });
        const seconds = (nowMs() - s) / 1000;
        if (n !== a.rows) throw new Error(`count() gave ${n}, expected ${a.rows}`);
        return { seconds, rows: n, bytes: ipc.byteLength };
      }
      default:
        throw new Error(`unknown task '${a.task}'`);
    }
  } finally {
    await transport.close();
  }
}

/** Arrow IPC stream of the upload rows (the values of bench/ts/ours.ts uploadRows), built column-wise. */
function uploadIpc(n: number): Uint8Array {
  const id = new BigInt64Array(n);
  const dbl = new Float64Array(n);
  const dec = new Uint32Array(4 * n);
  const ts = new BigInt64Array(n);
  const x = new Int32Array(n);
  const y = new Float64Array(n);
  const valid = new Uint8Array((n + 7) >> 3);
  const offsets = new Int32Array(n + 1);
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let len = 0;
  for (let i = 0; i < n; i++) {
    id[i] = BigInt(i);
    dbl[i] = i * 1.5;
    dec[4 * i] = i % 100000;
    ts[i] = BigInt(1_700_000_000_000 + i * 1000) * 1000n;
    x[i] = i % 1000;
    y[i] = i / 7;
    if (i % 10 !== 0) {
      valid[i >> 3] |= 1 << (i & 7);
      const b = enc.encode(`user_${i % 100000}`);
      chunks.push(b);
      len += b.length;
    }
    offsets[i + 1] = len;
  }
  const strBytes = new Uint8Array(len);
  let o = 0;
  for (const c of chunks) {
    strBytes.set(c, o);
    o += c.length;
  }
  const nulls = Math.ceil(n / 10);
  const fields = {
    id: makeData({ type: new Int64(), length: n, data: id }),
    dbl: makeData({ type: new Float64(), length: n, data: dbl }),
    str: makeData({
      type: new Utf8(),
      length: n,
      nullCount: nulls,
      nullBitmap: valid,
      valueOffsets: offsets,
      data: strBytes,
    }),
    dec: makeData({ type: new Decimal(2, 12, 128), length: n, data: dec }),
    ts: makeData({ type: new TimestampMicrosecond('UTC'), length: n, data: ts }),
  };
  const xd = makeData({ type: new Int32(), length: n, data: x });
  const yd = makeData({ type: new Float64(), length: n, data: y });
  const structType = new Struct([new Field('x', new Int32(), false), new Field('y', new Float64(), false)]);
  const nested = makeData({ type: structType, length: n, children: [xd, yd] });
  const cols: [string, Data][] = [...Object.entries(fields), ['nested', nested]];
  const schema = new Schema(cols.map(([name, d]) => new Field(name, d.type, name === 'str')));
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(schema.fields), length: n, children: cols.map(([, d]) => d) }),
  );
  return tableToIPC(new Table([batch]), 'stream');
}

runWorker(main);
