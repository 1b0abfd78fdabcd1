/**
 * Artifacts: the AddArtifacts (client stream) and ArtifactStatus RPCs, used to upload large local
 * data as `cache/<sha256 hex>` artifacts. Small artifacts travel in one batch message; larger
 * ones as a `begin_chunk` followed by `chunk` messages. Every chunk carries its CRC32, and the
 * server's per-artifact CRC verdict is checked.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { ProtocolError } from '../errors/base.js';
import type { AddArtifactsRequestSchema, AddArtifactsResponse } from '../gen/spark/connect/base_pb.js';
import type { CallOptions, SessionRpc } from './session-rpc.js';

/** Size of one artifact chunk. */
export const ARTIFACT_CHUNK_SIZE = 1024 * 1024;

/** The artifact name prefix of cached blobs (local relations). */
export const CACHE_PREFIX = 'cache';

type AddArtifactsInit = MessageInitShape<typeof AddArtifactsRequestSchema>;

/** An artifact to upload: a relative path (e.g. `cache/<hash>`) and its bytes. */
export interface Artifact {
  name: string;
  data: Uint8Array;
}

/** The sha-256 of bytes, as lower-case hex. */
export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function chunk(data: Uint8Array): { data: Uint8Array; crc: bigint } {
  return { data, crc: BigInt(crc32(data)) };
}

/**
 * The request messages of one upload: small artifacts batched together (up to one chunk size per
 * message), each large one chunked.
 */
export function addArtifactsRequests(
  rpc: Pick<SessionRpc, 'common'>,
  artifacts: readonly Artifact[],
  chunkSize = ARTIFACT_CHUNK_SIZE,
): AddArtifactsInit[] {
  const out: AddArtifactsInit[] = [];
  let batch: Artifact[] = [];
  let batchBytes = 0;
  const flush = () => {
    if (batch.length === 0) return;
    out.push({
      ...rpc.common(),
      payload: {
        case: 'batch',
        value: { artifacts: batch.map((a) => ({ name: a.name, data: chunk(a.data) })) },
      },
    });
    batch = [];
    batchBytes = 0;
  };
  for (const a of artifacts) {
    if (a.data.byteLength > chunkSize) {
      flush();
      const numChunks = Math.ceil(a.data.byteLength / chunkSize);
      for (let i = 0; i < numChunks; i++) {
        const part = a.data.subarray(i * chunkSize, Math.min((i + 1) * chunkSize, a.data.byteLength));
        if (i === 0) {
          out.push({
            ...rpc.common(),
            payload: {
              case: 'beginChunk',
              value: {
                name: a.name,
                totalBytes: BigInt(a.data.byteLength),
                numChunks: BigInt(numChunks),
                initialChunk: chunk(part),
              },
            },
          });
        } else {
          out.push({ ...rpc.common(), payload: { case: 'chunk', value: chunk(part) } });
        }
      }
      continue;
    }
    if (batchBytes + a.data.byteLength > chunkSize) flush();
    batch.push(a);
    batchBytes += a.data.byteLength;
  }
  flush();
  return out;
}

/** Uploads artifacts in one AddArtifacts stream; rejects when the server reports a CRC failure. */
export async function addArtifacts(
  rpc: SessionRpc,
  artifacts: readonly Artifact[],
  opts?: CallOptions,
): Promise<void> {
  if (artifacts.length === 0) return;
  const requests = addArtifactsRequests(rpc, artifacts);
  const resp: AddArtifactsResponse = await rpc.unary(
    (signal) =>
      rpc.client.addArtifacts(
        (async function* () {
          yield* requests;
        })(),
        { signal, headers: rpc.headers },
      ),
    opts,
  );
  rpc.observe(resp.serverSideSessionId);
  const seen = new Map(resp.artifacts.map((s) => [s.name, s.isCrcSuccessful]));
  for (const a of artifacts) {
    const ok = seen.get(a.name);
    if (ok === false) throw new ProtocolError(`The server rejected artifact '${a.name}': CRC check failed`);
    if (ok === undefined) throw new ProtocolError(`The server did not acknowledge artifact '${a.name}'`);
  }
}

/** Which of the named artifacts exist on the server (ArtifactStatus). */
export async function artifactStatuses(
  rpc: SessionRpc,
  names: readonly string[],
  opts?: CallOptions,
): Promise<Map<string, boolean>> {
  const resp = await rpc.unary(
    (signal) =>
      rpc.client.artifactStatus({ ...rpc.common(), names: [...names] }, { signal, headers: rpc.headers }),
    opts,
  );
  rpc.observe(resp.serverSideSessionId);
  return new Map(names.map((n) => [n, resp.statuses[n]?.exists === true]));
}

/**
 * Caches a blob in the session as `cache/<sha256 hex>` (uploading it only when the server does
 * not have it yet) and returns the hash.
 */
export async function cacheArtifact(rpc: SessionRpc, blob: Uint8Array, opts?: CallOptions): Promise<string> {
  return (await cacheArtifacts(rpc, [blob], opts))[0];
}

/**
 * Caches blobs in the session as `cache/<sha256 hex>` artifacts in one ArtifactStatus and (for
 * those the server does not have yet) one AddArtifacts call, and returns their hashes in order.
 */
export async function cacheArtifacts(
  rpc: SessionRpc,
  blobs: readonly Uint8Array[],
  opts?: CallOptions,
): Promise<string[]> {
  const hashes = blobs.map(sha256Hex);
  const names = [...new Set(hashes.map((h) => `${CACHE_PREFIX}/${h}`))];
  const status = await artifactStatuses(rpc, names, opts);
  const missing = new Map<string, Uint8Array>();
  blobs.forEach((data, i) => {
    const name = `${CACHE_PREFIX}/${hashes[i]}`;
    if (status.get(name) !== true) missing.set(name, data);
  });
  await addArtifacts(
    rpc,
    [...missing].map(([name, data]) => ({ name, data })),
    opts,
  );
  return hashes;
}
