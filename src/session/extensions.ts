/**
 * Spark Connect plugins: relations, expressions and commands the server's plugins decode
 * (`spark.connect.extensions.relation.classes`, `.expression.classes`, `.command.classes`) and
 * Declarative Pipelines commands of plugins. The
 * client sends a `google.protobuf.Any` the caller encoded (its type URL and serialized bytes);
 * a plugin's command may answer `extension` responses, which come back the same way. A server
 * without a plugin for the type answers with an error naming it.
 */
import type { ExecuteOptions } from '../client/execute.js';
import type { ResultState } from '../client/results.js';
import { Column } from '../column/column.js';
import { DataFrame } from '../dataframe/dataframe.js';
import { lowerPipelineCommand } from '../pipelines/commands.js';
import { requirePipelines } from '../pipelines/support.js';
import { node } from '../plan/nodes.js';
import { runSessionCommand } from './command.js';
import type { SparkSession } from './spark-session.js';

/** A `google.protobuf.Any`: the message's type URL and its serialized bytes. */
export interface ExtensionMessage {
  /** e.g. `'type.googleapis.com/my.plugin.MyRelation'` */
  typeUrl: string;
  /** The serialized message (e.g. `toBinary(MyRelationSchema, msg)` with protobuf-es). */
  value: Uint8Array;
}

function checkMessage(m: ExtensionMessage, what: string): ExtensionMessage {
  if (m === null || typeof m !== 'object' || typeof m.typeUrl !== 'string' || m.typeUrl === '') {
    throw new TypeError(`${what} takes { typeUrl, value } with a non-empty type URL`);
  }
  if (!(m.value instanceof Uint8Array)) {
    throw new TypeError(`${what}: value must be the message's serialized bytes (a Uint8Array)`);
  }
  return { typeUrl: m.typeUrl, value: m.value };
}

/**
 * The session's door to the server's Spark Connect plugins. Use `spark.extensions`.
 *
 * @example
 * const df = spark.extensions.relation({ typeUrl: 'type.googleapis.com/my.Rel', value: bytes });
 */
export class SparkExtensions {
  /** @internal */
  constructor(private readonly session: SparkSession) {}

  /**
   * A DataFrame over a plugin's relation (lazy: the server decodes it when an action runs).
   * @example await spark.extensions.relation({ typeUrl, value }).collect()
   */
  relation(message: ExtensionMessage): DataFrame {
    const m = checkMessage(message, 'extensions.relation()');
    return new DataFrame(this.session, node({ kind: 'extension', typeUrl: m.typeUrl, value: m.value }));
  }

  /**
   * A Column of a plugin's expression, usable anywhere a Column is.
   * @example df.select(spark.extensions.expression({ typeUrl, value }).alias('x'))
   */
  expression(message: ExtensionMessage): Column {
    const m = checkMessage(message, 'extensions.expression()');
    return new Column({ kind: 'extension', typeUrl: m.typeUrl, value: m.value });
  }

  /**
   * Runs a plugin's command now; resolves with the `extension` responses it answered (often none).
   * @example const answers = await spark.extensions.command({ typeUrl, value });
   */
  async command(message: ExtensionMessage, opts?: ExecuteOptions): Promise<ExtensionMessage[]> {
    const m = checkMessage(message, 'extensions.command()');
    const state = await runSessionCommand(
      this.session,
      { case: 'extension', value: { typeUrl: m.typeUrl, value: m.value } },
      opts,
    );
    return extensionResponses(state);
  }

  /**
   * Runs a plugin's Declarative Pipelines command now (Spark 4.1+); resolves with the `extension`
   * responses it answered.
   * @example const answers = await spark.extensions.pipelineCommand({ typeUrl, value });
   */
  async pipelineCommand(message: ExtensionMessage, opts?: ExecuteOptions): Promise<ExtensionMessage[]> {
    const m = checkMessage(message, 'extensions.pipelineCommand()');
    requirePipelines(this.session, 'SparkExtensions.pipelineCommand');
    const command = lowerPipelineCommand({ kind: 'extension', typeUrl: m.typeUrl, value: m.value });
    const state = await runSessionCommand(this.session, { case: 'pipelineCommand', value: command }, opts);
    return extensionResponses(state);
  }
}

function extensionResponses(state: ResultState): ExtensionMessage[] {
  const out: ExtensionMessage[] = [];
  for (const r of state.otherResponses) {
    if (r.responseType.case === 'extension') {
      out.push({ typeUrl: r.responseType.value.typeUrl, value: r.responseType.value.value });
    }
  }
  return out;
}
