/**
 * Save and load of server-side ML stages: MlCommand.write (a model by reference, an estimator /
 * transformer / evaluator by class name, uid and params) and MlCommand.read. The files are
 * Spark ML's own format, so a model saved here loads in PySpark and the other way round.
 */
import type { CallOptions } from '../client/session-rpc.js';
import { ProtocolError } from '../errors/base.js';
import { MlOperator_OperatorType } from '../gen/spark/connect/ml_common_pb.js';
import { SparkSession } from '../session/spark-session.js';
import { JavaEstimator, JavaEvaluator, JavaModel, type JavaTransformer } from './base.js';
import { runMlCommandForResult } from './command.js';
import { paramFromLiteral } from './params.js';

/** A stage that the server can write. */
export type WritableStage =
  | JavaModel<object>
  | JavaEstimator<object>
  | JavaTransformer<object>
  | JavaEvaluator<object>;

/** Options of save(). */
export interface MlSaveOptions extends CallOptions {
  /** Replace what is at the path (PySpark's `write().overwrite()`). */
  overwrite?: boolean;
  /** Writer options (e.g. `{ format: 'pmml' }` is not supported by every class). */
  options?: Record<string, string>;
  /** The session to write with; a model uses its own, other stages default to the active session. */
  session?: SparkSession;
}

/**
 * Saves a stage at `path` on the server's file system.
 * @example await saveStage(model, '/tmp/lr-model', { overwrite: true })
 */
export async function saveStage(stage: WritableStage, path: string, opts: MlSaveOptions = {}): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('save() takes a path');
  const { overwrite = false, options = {}, session: given, ...call } = opts;
  const common = { params: stage.toMlParams(), path, shouldOverwrite: overwrite, options };
  if (stage instanceof JavaModel) {
    stage.ensureLive();
    await runMlCommandForResult(
      stage.sparkSession,
      { case: 'write', value: { type: { case: 'objRef', value: { id: stage.refId } }, ...common } },
      [stage.refId],
      call,
    ).catch(ignoreMissingResult);
    return;
  }
  const type =
    stage instanceof JavaEstimator
      ? MlOperator_OperatorType.ESTIMATOR
      : stage instanceof JavaEvaluator
        ? MlOperator_OperatorType.EVALUATOR
        : MlOperator_OperatorType.TRANSFORMER;
  const session = given ?? SparkSession.active();
  await runMlCommandForResult(
    session,
    {
      case: 'write',
      value: {
        type: { case: 'operator', value: { name: stage.className, uid: stage.uid, type } },
        ...common,
      },
    },
    [],
    call,
  ).catch(ignoreMissingResult);
}

function ignoreMissingResult(e: unknown): void {
  // A write answers no ml_command_result.
  if (!(e instanceof ProtocolError)) throw e;
}

/** What load() needs of a class: its Scala name, kind, and how to build the instance. */
export interface Loadable<T> {
  readonly className: string;
  readonly kind: 'model' | 'estimator' | 'transformer' | 'evaluator';
  create(session: SparkSession, refId: string | undefined, uid: string): T;
}

const READ_TYPES = {
  model: MlOperator_OperatorType.MODEL,
  estimator: MlOperator_OperatorType.ESTIMATOR,
  transformer: MlOperator_OperatorType.TRANSFORMER,
  evaluator: MlOperator_OperatorType.EVALUATOR,
} as const;

/**
 * Loads a stage saved by this client or PySpark (MlCommand.read).
 * @example const model = await loadStage(spark, '/tmp/lr-model', LogisticRegressionModel.loader)
 */
export async function loadStage<T extends WritableStage>(
  session: SparkSession,
  path: string,
  cls: Loadable<T>,
  opts?: CallOptions,
): Promise<T> {
  if (!(session instanceof SparkSession)) throw new TypeError('load() takes a SparkSession first');
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('load() takes a path');
  const result = await runMlCommandForResult(
    session,
    { case: 'read', value: { operator: { name: cls.className, type: READ_TYPES[cls.kind] }, path } },
    [],
    opts,
  );
  if (result.resultType.case !== 'operatorInfo') throw new ProtocolError('An ML read answered no operator');
  const info = result.resultType.value;
  const refId = info.type.case === 'objRef' ? info.type.value.id : undefined;
  if (cls.kind === 'model' && refId === undefined)
    throw new ProtocolError('An ML model read answered no model reference');
  const instance = cls.create(session, refId, info.uid ?? '');
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(info.params?.params ?? {})) values[k] = paramFromLiteral(v);
  instance.setFromServer(values);
  return instance;
}
