/**
 * Local data above `spark.sql.session.localRelationCacheThreshold` goes through the session's
 * artifact cache instead of inline:
 * - Spark 4.1+ (`chunkedLocalRelation` in the feature table): the rows are cut into chunks of at
 *   most `spark.sql.session.localRelationChunkSizeRows` rows and
 *   `spark.sql.session.localRelationChunkSizeBytes` bytes, each its own Arrow IPC stream, cached
 *   as `cache/<sha256>` with the schema (UTF-8 JSON) as one more artifact, and uploaded in
 *   AddArtifacts calls of up to `spark.sql.session.localRelationBatchOfChunksSizeBytes` each; the
 *   plan is a `ChunkedCachedLocalRelation`. No artifact is bounded by the whole data's size.
 * - Spark 3.5 / 4.0: the serialized LocalRelation as one artifact, and a `CachedLocalRelation`.
 * A server without the artifact cache (Sail answers ArtifactStatus that it lacks it) gets the
 * data inline.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { type RecordBatch, RecordBatchStreamWriter } from 'apache-arrow';
import { cacheArtifact, cacheArtifacts } from '../client/artifacts.js';
import type { CallOptions } from '../client/session-rpc.js';
import { UnsupportedServerVersionError } from '../errors/base.js';
import { LocalRelationSchema } from '../gen/spark/connect/relations_pb.js';
import type { IoPlanBody } from '../plan/io-nodes.js';
import type { SparkSession } from './spark-session.js';

/** The threshold conf and its default (64 MiB), as PySpark reads it. */
export const CACHE_THRESHOLD_CONF = 'spark.sql.session.localRelationCacheThreshold';
/** The most rows of one chunk (Spark 4.1+). */
export const CHUNK_ROWS_CONF = 'spark.sql.session.localRelationChunkSizeRows';
/** The most bytes of one chunk (Spark 4.1+). */
export const CHUNK_BYTES_CONF = 'spark.sql.session.localRelationChunkSizeBytes';
/** The most bytes of chunks uploaded in one AddArtifacts call (Spark 4.1+). */
export const BATCH_BYTES_CONF = 'spark.sql.session.localRelationBatchOfChunksSizeBytes';

const DEFAULTS: Record<string, string> = {
  [CACHE_THRESHOLD_CONF]: String(64 * 1024 * 1024),
  [CHUNK_ROWS_CONF]: '10000',
  [CHUNK_BYTES_CONF]: String(16 * 1024 * 1024),
  [BATCH_BYTES_CONF]: String(1024 * 1024 * 1024),
};

const BYTE_UNITS: Record<string, bigint> = {
  '': 1n,
  b: 1n,
  k: 1024n,
  kb: 1024n,
  m: 1024n ** 2n,
  mb: 1024n ** 2n,
  g: 1024n ** 3n,
  gb: 1024n ** 3n,
  t: 1024n ** 4n,
  tb: 1024n ** 4n,
  p: 1024n ** 5n,
  pb: 1024n ** 5n,
};

/** Parses a Spark byte-size string (`'67108864'`, `'64m'`, `'1MB'`) to a number of bytes. */
export function parseByteSize(text: string): number {
  const m = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? BYTE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new TypeError(`'${text}' is not a byte size (e.g. 1048576, 64m, 1g)`);
  const n = BigInt(m[1]) * unit;
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

/** How local data is cut into chunks. */
export interface ChunkLimits {
  /** The most rows of one chunk (at least 1). */
  rows: number;
  /** The most bytes of one chunk; a single row larger than this is a chunk of its own. */
  bytes: number;
}

/**
 * The rows of `batch` as Arrow IPC streams of at most `limits.rows` rows and `limits.bytes` bytes
 * each (a row larger than `limits.bytes` alone), in order: slices of the one encoded batch, so
 * no row is encoded twice. `totalBytes` (the size of all rows in one stream) sizes the first cut;
 * a chunk that comes out too large is halved.
 * @internal
 */
export function encodeChunks(batch: RecordBatch, limits: ChunkLimits, totalBytes: number): Uint8Array[] {
  const n = batch.numRows;
  const perRow = Math.max(1, totalBytes / Math.max(1, n));
  const step = Math.max(1, Math.min(limits.rows, Math.floor((limits.bytes * 0.9) / perRow)));
  const out: Uint8Array[] = [];
  const add = (from: number, to: number) => {
    const ipc = RecordBatchStreamWriter.writeAll([batch.slice(from, to)]).toUint8Array(true);
    if (ipc.byteLength > limits.bytes && to - from > 1) {
      const mid = from + Math.floor((to - from) / 2);
      add(from, mid);
      add(mid, to);
    } else out.push(ipc);
  };
  for (let i = 0; i < n; i += step) add(i, Math.min(n, i + step));
  return out;
}

/** Groups items in order into batches of at most `maxBytes` (an item larger alone). @internal */
export function batchesOf(items: readonly Uint8Array[], maxBytes: number): Uint8Array[][] {
  const out: Uint8Array[][] = [];
  let batch: Uint8Array[] = [];
  let size = 0;
  for (const item of items) {
    if (batch.length > 0 && size + item.byteLength > maxBytes) {
      out.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(item);
    size += item.byteLength;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

async function readConfs(session: SparkSession, keys: string[], opts?: CallOptions): Promise<string[]> {
  const resp = await session.rpc.config({ case: 'getOption', value: { keys } }, opts);
  return keys.map((k) => resp.pairs.find((p) => p.key === k)?.value ?? DEFAULTS[k]);
}

function positiveInt(key: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new TypeError(`${key} must be a positive integer, got '${text}'`);
  return n;
}

/** What createDataFrame caches: the rows as one record batch, its IPC stream and the schema sent. */
export interface LocalDataToCache {
  batch: RecordBatch;
  ipc: Uint8Array;
  /** The schema as sent (JSON). */
  schemaJson: string;
}

/**
 * The plan node that references `data` through the artifact cache when it is at or above the
 * session's threshold (see the module doc), or undefined when it goes inline.
 * @internal
 */
export async function cachedLocalData(
  session: SparkSession,
  data: LocalDataToCache,
  opts?: CallOptions,
): Promise<IoPlanBody | undefined> {
  const chunked = session.serverFeatures.mayHave('chunkedLocalRelation');
  const keys = chunked
    ? [CACHE_THRESHOLD_CONF, CHUNK_ROWS_CONF, CHUNK_BYTES_CONF, BATCH_BYTES_CONF]
    : [CACHE_THRESHOLD_CONF];
  const confs = await readConfs(session, keys, opts);
  if (data.ipc.byteLength < parseByteSize(confs[0])) return undefined;
  try {
    return await session.withFeature('localRelationCache', async () => {
      if (!chunked) {
        const blob = toBinary(
          LocalRelationSchema,
          create(LocalRelationSchema, { data: data.ipc, schema: data.schemaJson }),
        );
        return { kind: 'cachedLocalRelation', hash: await cacheArtifact(session.rpc, blob, opts) };
      }
      const batchBytes = parseByteSize(confs[3]);
      const limits = {
        rows: positiveInt(CHUNK_ROWS_CONF, confs[1]),
        bytes: Math.max(1, Math.min(parseByteSize(confs[2]), batchBytes)),
      };
      const chunks = encodeChunks(data.batch, limits, data.ipc.byteLength);
      const hashes: string[] = [];
      const schema = new TextEncoder().encode(data.schemaJson);
      for (const batch of batchesOf([schema, ...chunks], batchBytes)) {
        hashes.push(...(await cacheArtifacts(session.rpc, batch, opts)));
      }
      return { kind: 'chunkedCachedLocalRelation', schemaHash: hashes[0], dataHashes: hashes.slice(1) };
    });
  } catch (err) {
    // A server without the artifact cache (Sail answers ArtifactStatus that it lacks it) gets
    // the same data inline; spark.supportedFeatures() reports the cache as unsupported.
    if (err instanceof UnsupportedServerVersionError) return undefined;
    throw err;
  }
}
