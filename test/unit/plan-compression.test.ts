import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import {
  CANNOT_PARSE,
  compressPlan,
  MIN_PLAN_BYTES,
  PLAN_COMPRESSION_ALGORITHM_CONF,
  PLAN_COMPRESSION_THRESHOLD_CONF,
  PlanCompression,
  type PlanCompressionHost,
} from '../../src/client/plan-compression.js';
import {
  CompressionCodec,
  type Plan,
  Plan_CompressedOperation_OpType,
  PlanSchema,
} from '../../src/gen/spark/connect/base_pb.js';
import { CommandSchema } from '../../src/gen/spark/connect/commands_pb.js';
import { RelationSchema } from '../../src/gen/spark/connect/relations_pb.js';

// The lowering does not depend on the codec: a stand-in (raw deflate, which Node 20 has) lets the
// test decompress what was sent. Real zstd runs against real servers in the integration test.
const compress = (b: Uint8Array) => new Uint8Array(deflateRawSync(b));

function sqlRelationPlan(bytes: number): Plan {
  return create(PlanSchema, {
    opType: {
      case: 'root',
      value: { relType: { case: 'sql', value: { query: `SELECT '${'a'.repeat(bytes)}'` } } },
    },
  });
}

describe('compressPlan', () => {
  it('sends a relation above the threshold as a ZSTD compressed_operation of the serialized Relation', () => {
    const plan = sqlRelationPlan(10_000);
    const out = compressPlan(plan, 1000, compress);
    expect(out.opType.case).toBe('compressedOperation');
    if (out.opType.case !== 'compressedOperation') return;
    const op = out.opType.value;
    expect(op.opType).toBe(Plan_CompressedOperation_OpType.RELATION);
    expect(op.compressionCodec).toBe(CompressionCodec.ZSTD);
    expect(op.data.byteLength).toBeLessThan(1000);
    const relation = fromBinary(RelationSchema, inflateRawSync(op.data));
    expect(relation).toEqual(plan.opType.case === 'root' ? plan.opType.value : undefined);
    // The whole plan message shrinks accordingly.
    expect(toBinary(PlanSchema, out).byteLength).toBeLessThan(toBinary(PlanSchema, plan).byteLength / 10);
  });

  it('sends a command as a COMMAND compressed_operation', () => {
    const plan = create(PlanSchema, {
      opType: {
        case: 'command',
        value: { commandType: { case: 'sqlCommand', value: { sql: `SELECT '${'b'.repeat(5000)}'` } } },
      },
    });
    const out = compressPlan(plan, 100, compress);
    if (out.opType.case !== 'compressedOperation') throw new Error(`not compressed: ${out.opType.case}`);
    expect(out.opType.value.opType).toBe(Plan_CompressedOperation_OpType.COMMAND);
    const command = fromBinary(CommandSchema, inflateRawSync(out.opType.value.data));
    expect(command.commandType.case).toBe('sqlCommand');
  });

  it('leaves plans at or under the threshold, with compression off (-1) or that do not shrink', () => {
    const plan = sqlRelationPlan(10_000);
    const size = toBinary(RelationSchema, plan.opType.value as never).byteLength;
    expect(compressPlan(plan, size, compress)).toBe(plan);
    expect(compressPlan(plan, -1, compress)).toBe(plan);
    expect(compressPlan(plan, 10, (b) => new Uint8Array(b.byteLength + 1))).toBe(plan);
  });
});

describe('PlanCompression', () => {
  function host(confs: Record<string, string | null>, may = true) {
    const reads: string[][] = [];
    const disabled: string[] = [];
    let ok = may;
    const h: PlanCompressionHost = {
      mayCompress: () => ok,
      readConfs: async (keys) => {
        reads.push([...keys]);
        return keys.map((k) => confs[k] ?? null);
      },
      disable: (answer) => {
        disabled.push(answer);
        ok = false;
      },
    };
    return { h, reads, disabled };
  }
  const DEFAULTS: Record<string, string> = {
    [PLAN_COMPRESSION_THRESHOLD_CONF]: '10000',
    [PLAN_COMPRESSION_ALGORITHM_CONF]: 'ZSTD',
  };

  it("reads the server's threshold and codec once, for the first plan large enough to matter", async () => {
    const { h, reads } = host(DEFAULTS);
    const pc = new PlanCompression(h, compress);
    const small = sqlRelationPlan(100);
    expect(await pc.prepare(small)).toBe(small);
    expect(reads).toEqual([]);
    const big = sqlRelationPlan(MIN_PLAN_BYTES);
    expect((await pc.prepare(big)).opType.case).toBe('compressedOperation');
    expect((await pc.prepare(sqlRelationPlan(MIN_PLAN_BYTES + 1))).opType.case).toBe('compressedOperation');
    expect(reads).toEqual([[PLAN_COMPRESSION_THRESHOLD_CONF, PLAN_COMPRESSION_ALGORITHM_CONF]]);
  });

  it('sends plans as they are to servers older than 4.1, without zstd in the runtime, or with compression off', async () => {
    const big = sqlRelationPlan(MIN_PLAN_BYTES);
    const old = host(DEFAULTS, false);
    expect(await new PlanCompression(old.h, compress).prepare(big)).toBe(big);
    expect(old.reads).toEqual([]);
    const noZstd = host(DEFAULTS);
    expect(await new PlanCompression(noZstd.h, undefined).prepare(big)).toBe(big);
    expect(noZstd.reads).toEqual([]);
    const none = host({ ...DEFAULTS, [PLAN_COMPRESSION_ALGORITHM_CONF]: 'NONE' });
    expect(await new PlanCompression(none.h, compress).prepare(big)).toBe(big);
    const negative = host({ ...DEFAULTS, [PLAN_COMPRESSION_THRESHOLD_CONF]: '-1' });
    expect(await new PlanCompression(negative.h, compress).prepare(big)).toBe(big);
    const missing = host({});
    expect(await new PlanCompression(missing.h, compress).prepare(big)).toBe(big);
  });

  it('asks again after a failed conf read', async () => {
    let fail = true;
    const h: PlanCompressionHost = {
      mayCompress: () => true,
      readConfs: async (keys) => {
        if (fail) throw new Error('network down');
        return keys.map((k) => DEFAULTS[k] ?? null);
      },
      disable: () => undefined,
    };
    const pc = new PlanCompression(h, compress);
    const big = sqlRelationPlan(MIN_PLAN_BYTES);
    await expect(pc.prepare(big)).rejects.toThrow('network down');
    fail = false;
    expect((await pc.prepare(big)).opType.case).toBe('compressedOperation');
  });

  it('sends plans as they are once the server could not parse a compressed one', async () => {
    const { h, disabled } = host(DEFAULTS);
    const pc = new PlanCompression(h, compress);
    const big = sqlRelationPlan(MIN_PLAN_BYTES);
    const sent = await pc.prepare(big);
    expect(sent.opType.case).toBe('compressedOperation');
    // Other failures, and failures of plans sent as they are, change nothing.
    pc.noteFailure('TABLE_OR_VIEW_NOT_FOUND', sent);
    pc.noteFailure(CANNOT_PARSE, big);
    expect(disabled).toEqual([]);
    pc.noteFailure(CANNOT_PARSE, sent);
    expect(disabled).toEqual([CANNOT_PARSE]);
    expect(await pc.prepare(big)).toBe(big);
  });

  it('sends plans as they are once the server answered UNIMPLEMENTED to a compressed one (Sail)', async () => {
    const { h, disabled } = host(DEFAULTS);
    const pc = new PlanCompression(h, compress);
    const big = sqlRelationPlan(MIN_PLAN_BYTES);
    const sent = await pc.prepare(big);
    // UNIMPLEMENTED for a plan sent as it is, or another code, changes nothing.
    pc.noteFailure(undefined, big, 12);
    pc.noteFailure(undefined, sent, 13);
    expect(disabled).toEqual([]);
    pc.noteFailure(undefined, sent, 12);
    expect(disabled).toEqual(['UNIMPLEMENTED']);
    expect(await pc.prepare(big)).toBe(big);
  });
});
