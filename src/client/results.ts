/**
 * Reads an execute stream: the Spark schema, every Arrow record batch of every ArrowBatch response
 * (reassembling 4.1 chunks, checking row_count and start_offset), the SQL command result and
 * metrics. Unknown response kinds are kept aside, never a crash.
 */
import type { RecordBatch } from 'apache-arrow';
import { decodeArrowBatches } from '../arrow/index.js';
import { ProtocolError } from '../errors/base.js';
import type { ExecutePlanResponse, ExecutePlanResponse_ArrowBatch } from '../gen/spark/connect/base_pb.js';
import type { Relation } from '../gen/spark/connect/relations_pb.js';
import type { DataType as ProtoDataType } from '../gen/spark/connect/types_pb.js';

/** What a result stream told us besides the data. */
export interface ResultState {
  /** The Spark schema the server sent (proto form), if any. */
  schema?: ProtoDataType;
  /** The relation of a `sql_command_result` (eager spark.sql). */
  sqlCommandRelation?: Relation;
  /** Rows seen so far. */
  rowCount: bigint;
  /** Responses of kinds this reader does not interpret (streaming results, ML, pipelines, ...). */
  otherResponses: ExecutePlanResponse[];
  /** The metrics response, if any. */
  metrics?: ExecutePlanResponse['metrics'];
  /** Observed metrics responses. */
  observedMetrics: ExecutePlanResponse['observedMetrics'];
  /** Arrow batches that arrived in more than one chunk (Spark 4.1+ result chunking). */
  chunkedBatches: number;
}

export function newResultState(): ResultState {
  return { rowCount: 0n, otherResponses: [], observedMetrics: [], chunkedBatches: 0 };
}

/**
 * Yields every Arrow record batch of the stream in order, updating `state` as other responses
 * arrive. The iteration pulls responses one by one, so memory stays bounded.
 */
export async function* readArrowBatches(
  responses: AsyncIterable<ExecutePlanResponse>,
  state: ResultState,
): AsyncGenerator<RecordBatch> {
  let chunks: Uint8Array[] = [];
  let chunkHeader: ExecutePlanResponse_ArrowBatch | undefined;
  for await (const resp of responses) {
    if (resp.schema !== undefined && state.schema === undefined) state.schema = resp.schema;
    if (resp.metrics !== undefined) state.metrics = resp.metrics;
    if (resp.observedMetrics.length > 0) state.observedMetrics.push(...resp.observedMetrics);
    const rt = resp.responseType;
    switch (rt.case) {
      case 'arrowBatch': {
        const batch = rt.value;
        const total = batch.numChunksInBatch ?? 0n;
        const index = batch.chunkIndex ?? 0n;
        if (chunkHeader === undefined && total <= 1n && index === 0n) {
          yield* decodeChecked(batch, batch.data, state);
          break;
        }
        // A chunk of a batch larger than a message (Spark 4.1+): collect them in order.
        if (index !== BigInt(chunks.length)) {
          throw new ProtocolError(`Arrow batch chunk ${index} arrived, expected chunk ${chunks.length}`);
        }
        if (chunkHeader === undefined) {
          chunkHeader = batch;
        } else if (
          total !== chunkHeader.numChunksInBatch ||
          batch.rowCount !== chunkHeader.rowCount ||
          batch.startOffset !== chunkHeader.startOffset
        ) {
          throw new ProtocolError(
            `Arrow batch chunk ${index} does not belong to the batch of its previous chunks ` +
              `(${total} chunks, ${batch.rowCount} rows, offset ${batch.startOffset})`,
          );
        }
        chunks.push(batch.data);
        if (BigInt(chunks.length) < total) break;
        const data = concat(chunks);
        const header = chunkHeader;
        chunks = [];
        chunkHeader = undefined;
        state.chunkedBatches++;
        yield* decodeChecked(header, data, state);
        break;
      }
      case 'sqlCommandResult':
        state.sqlCommandRelation = rt.value.relation;
        break;
      case 'executionProgress':
        // Delivered to progress handlers by the ExecuteStream.
        break;
      case 'resultComplete':
        break;
      case undefined:
        // Schema-only, metrics-only or observed-metrics-only responses.
        break;
      default:
        state.otherResponses.push(resp);
    }
  }
  if (chunks.length > 0)
    throw new ProtocolError('The result stream ended in the middle of a chunked Arrow batch');
}

function* decodeChecked(
  header: ExecutePlanResponse_ArrowBatch,
  data: Uint8Array,
  state: ResultState,
): Generator<RecordBatch> {
  if (header.startOffset !== undefined && header.startOffset !== state.rowCount) {
    throw new ProtocolError(
      `Arrow batch start_offset ${header.startOffset} does not match the ${state.rowCount} rows received so far`,
    );
  }
  const batches = decodeArrowBatches(data);
  let rows = 0;
  for (const b of batches) rows += b.numRows;
  if (BigInt(rows) !== header.rowCount) {
    throw new ProtocolError(`Arrow batch declared ${header.rowCount} rows but carried ${rows}`);
  }
  state.rowCount += header.rowCount;
  yield* batches;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.byteLength;
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out;
}
