/** A stand-in SparkSession for unit tests: records the plans it is asked to execute and answers rows. */
import { create } from '@bufbuild/protobuf';
import { encodeRows } from '../../src/arrow/encode.js';
import {
  type ExecutePlanResponse,
  ExecutePlanResponseSchema,
  type Plan,
} from '../../src/gen/spark/connect/base_pb.js';
import type { SparkSession } from '../../src/session/spark-session.js';
import { type StructType, toProtoDataType } from '../../src/types/index.js';

export interface FakeSession {
  session: SparkSession;
  plans: Plan[];
  /** Rows to answer the next executions with (one entry per execution; default: no rows). */
  answers: { schema: StructType; rows: unknown[] }[];
}

export function fakeSession(version = '4.1.0'): FakeSession {
  const plans: Plan[] = [];
  const answers: FakeSession['answers'] = [];
  const [maj, min] = version.split('.').map(Number);
  const session = {
    version,
    atLeast: (a: number, b: number) => maj > a || (maj === a && min >= b),
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
