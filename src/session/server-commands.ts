/**
 * Session commands that answer at once: an external command run by a server-side runner
 * (`ExecuteExternalCommand`, Spark 4.0+, the Scala client's `spark.executeCommand`) and the
 * driver's resources (`GetResourcesCommand`, as PySpark's `SparkContext.resources`).
 */
import type { ExecuteOptions } from '../client/execute.js';
import { DataFrame } from '../dataframe/dataframe.js';
import { ProtocolError } from '../errors/base.js';
import { node } from '../plan/nodes.js';
import { pickResult, runSessionCommand } from './command.js';
import type { SparkSession } from './spark-session.js';

/** A resource of the driver (GPUs, FPGAs, ...): its name and the addresses Spark assigned. */
export interface ResourceInformation {
  /** The resource name, e.g. `'gpu'`. */
  name: string;
  /** The addresses of the resource, e.g. `['0', '1']`. */
  addresses: string[];
}

/** Runs `command` with the runner class `runner` on the server. @internal */
export async function executeExternalCommand(
  session: SparkSession,
  runner: string,
  command: string,
  options: Readonly<Record<string, string>>,
  opts?: ExecuteOptions,
): Promise<DataFrame> {
  if (typeof runner !== 'string' || runner.trim() === '') {
    throw new TypeError('executeCommand() takes the runner class name (or data source short name)');
  }
  if (typeof command !== 'string' || command === '') {
    throw new TypeError('executeCommand() takes a non-empty command string');
  }
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError('executeCommand() options must be an object of string values');
  }
  for (const [k, v] of Object.entries(options)) {
    if (typeof v !== 'string') {
      throw new TypeError(`executeCommand() option '${k}' must be a string, got ${typeof v}`);
    }
  }
  session.requireFeature('executeExternalCommand');
  const state = await runSessionCommand(
    session,
    { case: 'executeExternalCommand', value: { runner, command, options: { ...options } } },
    opts,
  );
  if (state.sqlCommandRelation === undefined) {
    throw new ProtocolError('The server did not answer executeCommand() with a result relation');
  }
  return new DataFrame(session, node({ kind: 'relation', relation: state.sqlCommandRelation }));
}

/** The driver's resources, by name. @internal */
export async function fetchResources(
  session: SparkSession,
  opts?: ExecuteOptions,
): Promise<Record<string, ResourceInformation>> {
  const state = await runSessionCommand(session, { case: 'getResourcesCommand', value: {} }, opts);
  const result = pickResult(state, 'getResourcesCommandResult', 'resources()');
  return Object.fromEntries(
    Object.entries(result.resources).map(([k, r]) => [k, { name: r.name, addresses: [...r.addresses] }]),
  );
}
