/**
 * DataFrame operations answered by the server about a plan: caching (persist, unpersist, storage
 * level), checkpoints, and plan analysis (isLocal, isStreaming, inputFiles, sameSemantics,
 * semanticHash).
 */

import { newResultState, readArrowBatches } from '../client/results.js';
import type { CallOptions } from '../client/session-rpc.js';
import { ProtocolError } from '../errors/base.js';
import type { AnalyzePlanResponse } from '../gen/spark/connect/base_pb.js';
import { checkpointCommand } from '../plan/commands.js';
import { lowerPlan } from '../plan/lower.js';
import { type ActionOptions, DataFrameCore } from './core.js';
import type { DataFrame } from './dataframe.js';
import { StorageLevel, type StorageLevelName } from './storage-level.js';

type AnalyzeRequest = Parameters<DataFrameCore['sparkSession']['rpc']['analyze']>[0];
type AnalyzeResult = AnalyzePlanResponse['result'];
type ResultOf<C> = Extract<AnalyzeResult, { case: C }> extends { value: infer V } ? V : never;

/** The plan-analysis and caching half of DataFrame. Use `DataFrame`. */
export abstract class DataFrameAnalysis extends DataFrameCore {
  private async analyzeFor<C extends NonNullable<AnalyzeResult['case']>>(
    request: AnalyzeRequest,
    expected: C,
    opts?: CallOptions,
  ): Promise<ResultOf<C>> {
    const resp = await this.sparkSession.rpc.analyze(request, opts);
    const result: { case: string | undefined; value?: unknown } = resp.result;
    if (result.case !== expected) {
      throw new ProtocolError(`The server did not answer the ${expected} request`);
    }
    return result.value as ResultOf<C>;
  }

  /** @internal Checks that `other` is a DataFrame of the same session. */
  sameSession(other: unknown, what: string): DataFrame {
    if (!(other instanceof DataFrameCore)) {
      throw new TypeError(`${what} takes a DataFrame, got ${other === null ? 'null' : typeof other}`);
    }
    if (
      other.sparkSession !== this.sparkSession &&
      other.sparkSession.sessionId !== this.sparkSession.sessionId
    ) {
      throw new TypeError(`${what}: both DataFrames must belong to the same SparkSession`);
    }
    return other as unknown as DataFrame;
  }

  // ---- caching -----------------------------------------------------------------------------

  /**
   * Persists with the default level (`MEMORY_AND_DISK_DESER`, like PySpark); returns this DataFrame.
   * @example const cached = await df.cache();
   */
  async cache(opts?: CallOptions): Promise<this> {
    return this.persist(StorageLevel.MEMORY_AND_DISK_DESER, opts);
  }

  /**
   * Marks the DataFrame to be stored at the given level when first computed; returns this DataFrame.
   * Takes a StorageLevel or a PySpark constant name; an unknown name is a TypeError.
   * @example await df.persist(StorageLevel.DISK_ONLY); await df.persist('MEMORY_ONLY');
   */
  async persist(
    storageLevel: StorageLevel | StorageLevelName = StorageLevel.MEMORY_AND_DISK_DESER,
    opts?: CallOptions,
  ): Promise<this> {
    const level = StorageLevel.of(storageLevel);
    const relation = lowerPlan(await this.preparedPlan(this.plan, opts));
    await this.analyzeFor(
      { case: 'persist', value: { relation, storageLevel: level.toProto() } },
      'persist',
      opts,
    );
    return this;
  }

  /**
   * Removes the DataFrame from the cache (`blocking`: wait until every block is gone); returns this.
   * @example await df.unpersist();
   */
  async unpersist(blocking = false, opts?: CallOptions): Promise<this> {
    if (typeof blocking !== 'boolean') throw new TypeError('unpersist() blocking must be a boolean');
    const relation = lowerPlan(await this.preparedPlan(this.plan, opts));
    await this.analyzeFor({ case: 'unpersist', value: { relation, blocking } }, 'unpersist', opts);
    return this;
  }

  /**
   * The current storage level (`StorageLevel.NONE` when not persisted).
   * @example (await df.storageLevel()).equals(StorageLevel.NONE)
   */
  async storageLevel(opts?: CallOptions): Promise<StorageLevel> {
    const relation = lowerPlan(await this.preparedPlan(this.plan, opts));
    const r = await this.analyzeFor(
      { case: 'getStorageLevel', value: { relation } },
      'getStorageLevel',
      opts,
    );
    if (r.storageLevel === undefined) throw new ProtocolError('The server sent no storage level');
    return StorageLevel.fromProto(r.storageLevel);
  }

  /** True when the DataFrame is persisted (PySpark's `is_cached`). @example await df.isCached() */
  async isCached(opts?: CallOptions): Promise<boolean> {
    return !(await this.storageLevel(opts)).equals(StorageLevel.NONE);
  }

  /**
   * A checkpointed version of this DataFrame: its plan truncated, the data saved in the checkpoint
   * directory (`spark.checkpoint.dir`). `eager` (default) checkpoints now. Spark 4.0+.
   * @example const cp = await df.checkpoint();
   */
  async checkpoint(eager = true, opts?: ActionOptions): Promise<DataFrame> {
    return this.runCheckpoint('checkpoint()', { local: false, eager }, opts);
  }

  /**
   * A locally checkpointed version of this DataFrame (kept in the executors' storage, not
   * reliable). `eager` (default) checkpoints now. Spark 4.0+.
   * @example const cp = await df.localCheckpoint(true, StorageLevel.MEMORY_ONLY);
   */
  async localCheckpoint(
    eager = true,
    storageLevel?: StorageLevel | StorageLevelName,
    opts?: ActionOptions,
  ): Promise<DataFrame> {
    const level = storageLevel === undefined ? undefined : StorageLevel.of(storageLevel);
    return this.runCheckpoint('localCheckpoint()', { local: true, eager, level }, opts);
  }

  private async runCheckpoint(
    what: string,
    o: { local: boolean; eager: boolean; level?: StorageLevel },
    opts?: ActionOptions,
  ): Promise<DataFrame> {
    if (typeof o.eager !== 'boolean') throw new TypeError(`${what} eager must be a boolean`);
    this.sparkSession.requireFeature(o.local ? 'localCheckpoint' : 'checkpoint');
    const plan = checkpointCommand(await this.preparedPlan(this.plan, opts), {
      local: o.local,
      eager: o.eager,
      storageLevel: o.level?.toProto(),
    });
    const state = newResultState();
    for await (const _ of readArrowBatches(this.sparkSession.execute(plan, opts), state)) {
      // A command: no rows.
    }
    for (const r of state.otherResponses) {
      if (r.responseType.case === 'checkpointCommandResult') {
        const id = r.responseType.value.relation?.relationId;
        if (id === undefined) break;
        return this.withPlan({ kind: 'cachedRemoteRelation', relationId: id });
      }
    }
    throw new ProtocolError(`The server did not answer ${what} with a checkpoint result`);
  }

  // ---- plan analysis -----------------------------------------------------------------------

  /**
   * True when `collect()` and `take()` can run locally, without executors.
   * @example await (await spark.sql('SELECT 1')).isLocal()
   */
  async isLocal(opts?: CallOptions): Promise<boolean> {
    const plan = await this.protoPlan(this.plan, opts);
    return (await this.analyzeFor({ case: 'isLocal', value: { plan } }, 'isLocal', opts)).isLocal;
  }

  /** True when the DataFrame has a streaming source. @example await df.isStreaming() */
  async isStreaming(opts?: CallOptions): Promise<boolean> {
    const plan = await this.protoPlan(this.plan, opts);
    return (await this.analyzeFor({ case: 'isStreaming', value: { plan } }, 'isStreaming', opts)).isStreaming;
  }

  /**
   * A best-effort snapshot of the files that make up this DataFrame.
   * @example await spark.read.parquet('/data').inputFiles()
   */
  async inputFiles(opts?: CallOptions): Promise<string[]> {
    const plan = await this.protoPlan(this.plan, opts);
    return (await this.analyzeFor({ case: 'inputFiles', value: { plan } }, 'inputFiles', opts)).files;
  }

  /**
   * True when both DataFrames' logical plans compute the same result.
   * @example await df.filter('id > 1').sameSemantics(df.where('id > 1')) // true
   */
  async sameSemantics(other: DataFrame, opts?: CallOptions): Promise<boolean> {
    const o = this.sameSession(other, 'sameSemantics()');
    const targetPlan = await this.protoPlan(this.plan, opts);
    const otherPlan = await o.protoPlan(o.plan, opts);
    return (
      await this.analyzeFor(
        { case: 'sameSemantics', value: { targetPlan, otherPlan } },
        'sameSemantics',
        opts,
      )
    ).result;
  }

  /**
   * A hash of the logical plan (equal plans hash alike).
   * @example await df.semanticHash()
   */
  async semanticHash(opts?: CallOptions): Promise<number> {
    const plan = await this.protoPlan(this.plan, opts);
    return (await this.analyzeFor({ case: 'semanticHash', value: { plan } }, 'semanticHash', opts)).result;
  }
}
