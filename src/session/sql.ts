/** spark.sql(): a SQL statement run eagerly as a SqlCommand, with named or positional parameters. */
import { create } from '@bufbuild/protobuf';
import type { ExecuteOptions } from '../client/execute.js';
import { newResultState, readArrowBatches } from '../client/results.js';
import { toLiteral } from '../column/literal.js';
import type { LiteralValue } from '../column/nodes.js';
import { DataFrame } from '../dataframe/dataframe.js';
import { ProtocolError } from '../errors/base.js';
import { PlanSchema } from '../gen/spark/connect/base_pb.js';
import { node } from '../plan/nodes.js';
import type { SparkSession } from './spark-session.js';

/** Named (`:name`) or positional (`?`) SQL parameters. */
export type SqlArgs = Record<string, LiteralValue> | readonly LiteralValue[];

/** Runs spark.sql(). @internal */
export async function runSql(
  session: SparkSession,
  query: string,
  args: SqlArgs | undefined,
  opts: ExecuteOptions | undefined,
): Promise<DataFrame> {
  if (typeof query !== 'string') throw new TypeError('sql() takes a SQL string');
  const named =
    args !== undefined && !Array.isArray(args) ? (args as Record<string, LiteralValue>) : undefined;
  const positional = Array.isArray(args) ? (args as LiteralValue[]) : undefined;
  if (args !== undefined && named === undefined && positional === undefined) {
    throw new TypeError('sql() args must be an object of named parameters or an array of positional ones');
  }
  if ([...Object.values(named ?? {}), ...(positional ?? [])].some(hasNullInArray)) {
    session.requireFeature('sqlArrayParamNulls');
  }
  const plan = create(PlanSchema, {
    opType: {
      case: 'command',
      value: {
        commandType: {
          case: 'sqlCommand',
          value: {
            sql: query,
            args: Object.fromEntries(Object.entries(named ?? {}).map(([k, v]) => [k, toLiteral(v)])),
            posArgs: (positional ?? []).map((v) => toLiteral(v)),
          },
        },
      },
    },
  } as Parameters<typeof create<typeof PlanSchema>>[1]);
  const state = newResultState();
  for await (const _ of readArrowBatches(session.execute(plan, opts), state)) {
    // A SQL command answers with sql_command_result; no rows are expected.
  }
  if (state.sqlCommandRelation === undefined) {
    throw new ProtocolError('The server did not return a sql_command_result for spark.sql()');
  }
  return new DataFrame(session, node({ kind: 'relation', relation: state.sqlCommandRelation }));
}

/** True when `v` is, or holds, a JS array with a null or undefined element. */
function hasNullInArray(v: unknown): boolean {
  return Array.isArray(v) && v.some((e) => e === null || e === undefined || hasNullInArray(e));
}
