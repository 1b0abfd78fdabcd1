/** ReleaseExecute of the execute stream: by consumed bytes, and a final release-all that never blocks. */
import { create } from '@bufbuild/protobuf';
import { Code, ConnectError } from '@connectrpc/connect';
import { describe, expect, it } from 'vitest';
import { ExecuteStream, RELEASE_THRESHOLD_BYTES } from '../../src/client/execute.js';
import { DEFAULT_RETRY_POLICY } from '../../src/client/retry.js';
import { SessionRpc, type SparkConnectRpcClient } from '../../src/client/session-rpc.js';
import {
  type ExecutePlanResponse,
  ExecutePlanResponseSchema,
  type Plan,
  PlanSchema,
  type ReleaseExecuteRequest,
} from '../../src/gen/spark/connect/base_pb.js';

const OP = '00000000-0000-4000-8000-000000000001';

function arrow(id: string, bytes: number): ExecutePlanResponse {
  return create(ExecutePlanResponseSchema, {
    operationId: OP,
    responseId: id,
    responseType: { case: 'arrowBatch', value: { rowCount: 0n, data: new Uint8Array(bytes) } },
  });
}

function other(id: string, kind: 'schema' | 'metrics' | 'complete'): ExecutePlanResponse {
  if (kind === 'complete') {
    return create(ExecutePlanResponseSchema, {
      operationId: OP,
      responseId: id,
      responseType: { case: 'resultComplete', value: {} },
    });
  }
  if (kind === 'metrics')
    return create(ExecutePlanResponseSchema, { operationId: OP, responseId: id, metrics: {} });
  return create(ExecutePlanResponseSchema, {
    operationId: OP,
    responseId: id,
    schema: { kind: { case: 'integer', value: {} } },
  });
}

interface Fake {
  rpc: SessionRpc;
  releases: ReleaseExecuteRequest[];
  /** Resolves the pending release-all (it stays pending until then when `holdReleaseAll`). */
  finishReleaseAll: () => void;
}

function fake(
  responses: ExecutePlanResponse[],
  opts: { holdReleaseAll?: boolean; failReleaseAll?: boolean } = {},
): Fake {
  const releases: ReleaseExecuteRequest[] = [];
  let finish: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const client = {
    executePlan: () =>
      (async function* () {
        yield* responses;
      })(),
    releaseExecute: async (req: ReleaseExecuteRequest) => {
      releases.push(req);
      if (req.release.case === 'releaseAll') {
        if (opts.holdReleaseAll) await held;
        if (opts.failReleaseAll) throw new ConnectError('release failed', Code.InvalidArgument);
      }
      return {};
    },
    interrupt: async () => ({ interruptedIds: [] }),
  } as unknown as SparkConnectRpcClient;
  const rpc = new SessionRpc({
    client,
    sessionId: '00000000-0000-4000-8000-0000000000aa',
    userId: 'u',
    clientType: 'test',
    endpoint: 'sc://fake',
    secrets: [],
    retryPolicy: { ...DEFAULT_RETRY_POLICY },
  });
  return { rpc, releases, finishReleaseAll: () => finish() };
}

const plan: Plan = create(PlanSchema, {});

async function drain(stream: ExecuteStream): Promise<string[]> {
  const ids: string[] = [];
  for await (const r of stream) ids.push(r.responseId);
  return ids;
}

function summary(releases: ReleaseExecuteRequest[]): string[] {
  return releases.map((r) =>
    r.release.case === 'releaseUntil' ? `until ${r.release.value.responseId}` : String(r.release.case),
  );
}

describe('ExecuteStream ReleaseExecute', () => {
  it('a small result (SELECT 1) sends only the final release-all', async () => {
    const f = fake([
      other('r1', 'schema'),
      arrow('r2', 200),
      other('r3', 'metrics'),
      other('r4', 'complete'),
    ]);
    const stream = new ExecuteStream(f.rpc, plan, [], { operationId: OP });
    expect(await drain(stream)).toEqual(['r1', 'r2', 'r3', 'r4']);
    await stream.cleanup;
    expect(summary(f.releases)).toEqual(['releaseAll']);
  });

  it('releases consumed responses once per threshold of Arrow bytes, then all', async () => {
    // 10 batches of 5 MiB with a 16 MiB threshold: released after the 4th and the 8th batch.
    const size = 5 * 1024 * 1024;
    expect(RELEASE_THRESHOLD_BYTES).toBe(16 * 1024 * 1024);
    const responses = [other('s', 'schema')];
    for (let i = 1; i <= 10; i++) responses.push(arrow(`b${i}`, size));
    responses.push(other('m', 'metrics'), other('c', 'complete'));
    const f = fake(responses);
    const stream = new ExecuteStream(f.rpc, plan, [], { operationId: OP });
    expect(await drain(stream)).toHaveLength(13);
    await stream.cleanup;
    expect(summary(f.releases)).toEqual(['until b4', 'until b8', 'releaseAll']);
  });

  it('the final release-all does not hold the result back, and stop() waits for it', async () => {
    const f = fake([arrow('r1', 10), other('r2', 'complete')], { holdReleaseAll: true });
    const stream = new ExecuteStream(f.rpc, plan, [], { operationId: OP });
    expect(await drain(stream)).toEqual(['r1', 'r2']);
    let cleaned = false;
    void stream.cleanup.then(() => {
      cleaned = true;
    });
    let drained = false;
    const draining = f.rpc.drain().then(() => {
      drained = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(summary(f.releases)).toEqual(['releaseAll']);
    expect([cleaned, drained]).toEqual([false, false]);
    f.finishReleaseAll();
    await draining;
    await stream.cleanup;
    expect([cleaned, drained]).toEqual([true, true]);
  });

  it('a failing release-all rejects nothing (the result was already delivered)', async () => {
    const f = fake([arrow('r1', 10), other('r2', 'complete')], { failReleaseAll: true });
    const stream = new ExecuteStream(f.rpc, plan, [], { operationId: OP });
    expect(await drain(stream)).toEqual(['r1', 'r2']);
    await expect(stream.cleanup).resolves.toBeUndefined();
    await f.rpc.drain();
    expect(summary(f.releases)).toEqual(['releaseAll']);
  });
});
