/** A stand-in SparkSession for unit tests: records the plans it is asked to execute and answers rows. */
import { create } from '@bufbuild/protobuf';
import { encodeRows } from '../../src/arrow/encode.js';
import {
  type ExecutePlanResponse,
  ExecutePlanResponseSchema,
  type Plan,
} from '../../src/gen/spark/connect/base_pb.js';
import { type FeatureName, ServerFeatures } from '../../src/session/features.js';
import type { SparkSession } from '../../src/session/spark-session.js';
import { type StructType, toProtoDataType } from '../../src/types/index.js';

export interface FakeSession {
  session: SparkSession;
  plans: Plan[];
  /** Rows to answer the next executions with (one entry per execution; default: no rows). */
  answers: { schema: StructType; rows: unknown[] }[];
}

/** The version gate of a fake session: the real feature table and check for `version`. */
export function featureGate(
  version: string,
): Pick<SparkSession, 'atLeast' | 'requireFeature' | 'withFeature' | 'serverFeatures'> {
  const features = new ServerFeatures(version);
  return {
    atLeast: (a: number, b: number) => features.atLeast(a, b),
    requireFeature: (name: FeatureName, api?: string) => features.require(name, api),
    withFeature: <T>(name: FeatureName, fn: () => Promise<T>) => features.run(name, fn),
    serverFeatures: features,
  };
}

export function fakeSession(version = '4.1.0'): FakeSession {
  const plans: Plan[] = [];
  const answers: FakeSession['answers'] = [];
  const session = {
    version,
    ...featureGate(version),
    execute(plan: Plan): AsyncIterable<ExecutePlanResponse> {
      plans.push(plan);
      const answer = answers.shift();
      return (async function* () {
        if (answer === undefined) return;
        yield create(ExecutePlanResponseSchema, {
          schema: toProtoDataType(answer.schema),
          responseType: {
            case: 'arrowBatch',
            value: { rowCount: BigInt(answer.rows.length), data: encodeRows(answer.schema, answer.rows) },
          },
        });
      })();
    },
  } as unknown as SparkSession;
  return { session, plans, answers };
}
