/**
 * Offline micro-benchmark of Arrow → Row decoding (no server noise): records the Arrow IPC
 * payloads of the bench query once, then times decoding them in-process.
 *
 *   npx tsx bench/ts/decode-micro.ts record [--remote sc://127.0.0.1:15430] [--rows 1000000] [--wide] [--file F]
 *   node --expose-gc --import tsx bench/ts/decode-micro.ts run [--file F] [--reps 5]
 *
 * `run` prints, per mode, the median CPU seconds, wall ms and GC ms of one pass over all payloads:
 * - `ipc`:     apache-arrow IPC parsing only (RecordBatchReader), rows counted;
 * - `dropped`: IPC parsing + RowDecoder.decode, rows dropped after each batch;
 * - `kept`:    IPC parsing + RowDecoder.decode, all rows kept (what collect() does).
 * plus the heap retained by the kept rows (bytes per row, after a full GC). It runs the sources
 * (src/), so it measures the working tree. `--cols 0,4` decodes only those columns (by position);
 * `--modes kept` runs only some modes. `--single-threaded-gc` makes the CPU figures steadier on a
 * busy machine. `record --wide` records the wide workload's rows (40 bigint/double columns) instead
 * of the mixed ones.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { createClient } from '@connectrpc/connect';
import { decodeArrowBatches, RowDecoder } from '../../src/arrow/index.js';
import { parseConnectionString } from '../../src/client/connection-string.js';
import { createSparkTransport } from '../../src/client/transport.js';
import { ExecutePlanRequestSchema, SparkConnectService } from '../../src/gen/spark/connect/base_pb.js';
import { DataTypeSchema } from '../../src/gen/spark/connect/types_pb.js';
import { StructType } from '../../src/types/complex-types.js';
import { fromProtoDataType } from '../../src/types/proto.js';
import type { Row } from '../../src/types/row.js';
import { mixedQuery, wideQuery } from '../workloads.js';
import { arg, cpu, gcMs, quietStart } from './micro.js';

const FILE = arg('file', '/tmp/scts-decode-micro.bin');
const WIDE = process.argv.includes('--wide');

/** File layout: u32 schema length, schema (proto DataType), then (u32 length, IPC payload)*. */
async function record(): Promise<void> {
  const rows = Number(arg('rows', '1000000'));
  const transport = createSparkTransport(parseConnectionString(arg('remote', 'sc://127.0.0.1:15430')));
  const client = createClient(SparkConnectService, transport.transport);
  const req = create(ExecutePlanRequestSchema, {
    sessionId: randomUUID(),
    userContext: { userId: 'bench' },
    clientType: 'spark-connect-ts-bench/decode-micro',
    operationId: randomUUID(),
    plan: {
      opType: {
        case: 'root',
        value: { relType: { case: 'sql', value: { query: WIDE ? wideQuery(rows) : mixedQuery(rows) } } },
      },
    },
  });
  const parts: Uint8Array[] = [];
  let schema: Uint8Array | undefined;
  let n = 0;
  for await (const resp of client.executePlan(req)) {
    if (resp.schema !== undefined && schema === undefined) schema = toBinary(DataTypeSchema, resp.schema);
    if (resp.responseType.case === 'arrowBatch') {
      parts.push(resp.responseType.value.data);
      n += Number(resp.responseType.value.rowCount);
    }
  }
  await transport.close();
  if (schema === undefined) throw new Error('no schema in the response');
  const chunks: Buffer[] = [];
  const len = (k: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(k);
    return b;
  };
  chunks.push(len(schema.byteLength), Buffer.from(schema));
  for (const p of parts) chunks.push(len(p.byteLength), Buffer.from(p));
  writeFileSync(FILE, Buffer.concat(chunks));
  console.log(`recorded ${n} rows in ${parts.length} payloads to ${FILE}`);
}

function load(): { schema: StructType; payloads: Uint8Array[]; cols?: number[] } {
  const buf = readFileSync(FILE);
  let p = 0;
  const next = () => {
    const k = buf.readUInt32LE(p);
    const out = new Uint8Array(buf.buffer, buf.byteOffset + p + 4, k);
    p += 4 + k;
    return out;
  };
  const schema = fromProtoDataType(fromBinary(DataTypeSchema, next()));
  if (!(schema instanceof StructType)) throw new Error('schema is not a struct');
  const payloads: Uint8Array[] = [];
  while (p < buf.byteLength) payloads.push(next());
  const c = arg('cols', '');
  if (c === '') return { schema, payloads };
  const cols = c.split(',').map(Number);
  return { schema: new StructType(cols.map((k) => schema.fields[k])), payloads, cols };
}

type Mode = 'ipc' | 'dropped' | 'kept';

async function pass(mode: Mode, schema: StructType, payloads: Uint8Array[], cols?: number[]) {
  await quietStart();
  const heap0 = process.memoryUsage().heapUsed;
  const c0 = cpu();
  const t0 = performance.now();
  const decoder = new RowDecoder(schema, { timeZone: 'UTC' });
  let rows: Row[] | undefined;
  let count = 0;
  for (const ipc of payloads) {
    for (const whole of decodeArrowBatches(ipc)) {
      const batch = cols === undefined ? whole : whole.selectAt(cols);
      if (mode === 'ipc') {
        count += batch.numRows;
        continue;
      }
      const decoded = decoder.decode(batch);
      count += decoded.length;
      if (mode === 'kept') {
        if (rows === undefined) rows = decoded;
        else for (let i = 0; i < decoded.length; i++) rows.push(decoded[i]);
      }
    }
  }
  const cpuS = cpu() - c0;
  const wallMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 20));
  const gcDuring = gcMs();
  await quietStart();
  const retained = process.memoryUsage().heapUsed - heap0;
  if (rows !== undefined && rows.length !== count) throw new Error('row count mismatch');
  return { cpuS, wallMs, gcMs: gcDuring, retainedPerRow: mode === 'kept' ? retained / count : 0, count };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

async function run(): Promise<void> {
  const { schema, payloads, cols } = load();
  const reps = Number(arg('reps', '5'));
  const modes = arg('modes', 'ipc,dropped,kept').split(',') as Mode[];
  for (const m of modes) await pass(m, schema, payloads, cols); // warm-up
  const results: Record<string, Awaited<ReturnType<typeof pass>>[]> = {};
  for (const m of modes) results[m] = [];
  for (let r = 0; r < reps; r++) {
    for (const m of modes) results[m].push(await pass(m, schema, payloads, cols));
  }
  const rows = results[modes[0]][0].count;
  console.log(`${rows} rows, ${payloads.length} payloads, median of ${reps}`);
  for (const m of modes) {
    const rs = results[m];
    const f = (k: 'cpuS' | 'wallMs' | 'gcMs' | 'retainedPerRow') => median(rs.map((x) => x[k]));
    console.log(
      `${m.padEnd(8)} cpu ${f('cpuS').toFixed(3)} s  wall ${f('wallMs').toFixed(0)} ms  gc ${f('gcMs').toFixed(0)} ms` +
        (m === 'kept' ? `  retained ${f('retainedPerRow').toFixed(0)} B/row` : ''),
    );
  }
}

const mode = process.argv[2];
if (mode === 'record') await record();
else if (mode === 'run') await run();
else throw new Error('usage: decode-micro.ts record|run [--file F]');
