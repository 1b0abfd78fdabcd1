/**
 * Stage-level scheduling resource profiles, as PySpark's `pyspark.resource`: executor and task
 * resource requests, built into a ResourceProfile that the server registers
 * (`CreateResourceProfileCommand`, Spark 4.0+) and identifies by an id.
 */
import type { ExecuteOptions } from '../client/execute.js';
import { pickResult, runSessionCommand } from './command.js';
import type { SparkSession } from './spark-session.js';

/** One executor resource request: an amount (memory in MiB) and, for custom resources, how to find it. */
export interface ExecutorResourceRequest {
  resourceName: string;
  amount: bigint;
  discoveryScript?: string;
  vendor?: string;
}

/** One task resource request: an amount (may be fractional, e.g. 0.5 GPU per task). */
export interface TaskResourceRequest {
  resourceName: string;
  amount: number;
}

/** A Java memory string (`'512m'`, `'2g'`, `'1t'`, `'1024k'`) in MiB, as Spark reads it. */
function parseMemoryMiB(s: string, what: string): bigint {
  const m = typeof s === 'string' ? /^(\d+(?:\.\d+)?)([kmgt])$/i.exec(s.trim()) : null;
  if (m === null) throw new TypeError(`${what} takes a memory string like '512m' or '2g', got ${String(s)}`);
  const units: Record<string, number> = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 };
  return BigInt(Math.floor(Number(m[1]) * units[m[2].toLowerCase()]));
}

function positiveInt(n: number, what: string): bigint {
  if (!Number.isInteger(n) || n <= 0) throw new TypeError(`${what} must be a positive integer, got ${n}`);
  return BigInt(n);
}

function checkName(name: string, what: string): string {
  if (typeof name !== 'string' || name === '') throw new TypeError(`${what} takes a resource name`);
  return name;
}

/**
 * Executor resource requests (cores, memory, custom resources such as GPUs).
 * @example new ExecutorResourceRequests().cores(2).memory('4g').resource('gpu', 1, '/opt/getGpus.sh')
 */
export class ExecutorResourceRequests {
  private readonly map = new Map<string, ExecutorResourceRequest>();

  /** Executor cores. @example new ExecutorResourceRequests().cores(4) */
  cores(amount: number): this {
    return this.set('cores', positiveInt(amount, 'cores()'));
  }

  /** Executor heap memory (`spark.executor.memory`). @example new ExecutorResourceRequests().memory('2g') */
  memory(amount: string): this {
    return this.set('memory', parseMemoryMiB(amount, 'memory()'));
  }

  /** Executor memory overhead. @example new ExecutorResourceRequests().memoryOverhead('512m') */
  memoryOverhead(amount: string): this {
    return this.set('memoryOverhead', parseMemoryMiB(amount, 'memoryOverhead()'));
  }

  /** Python worker memory. @example new ExecutorResourceRequests().pysparkMemory('1g') */
  pysparkMemory(amount: string): this {
    return this.set('pyspark.memory', parseMemoryMiB(amount, 'pysparkMemory()'));
  }

  /** Off-heap memory (with `spark.memory.offHeap.enabled`). @example new ExecutorResourceRequests().offheapMemory('1g') */
  offheapMemory(amount: string): this {
    return this.set('offHeap', parseMemoryMiB(amount, 'offheapMemory()'));
  }

  /**
   * A custom resource (e.g. `gpu`): amount per executor, the discovery script and the vendor.
   * @example new ExecutorResourceRequests().resource('gpu', 2, '/opt/getGpus.sh', 'nvidia.com')
   */
  resource(resourceName: string, amount: number, discoveryScript = '', vendor = ''): this {
    const name = checkName(resourceName, 'resource()');
    this.map.set(name, {
      resourceName: name,
      amount: positiveInt(amount, `resource('${name}') amount`),
      discoveryScript,
      vendor,
    });
    return this;
  }

  /** The requests by resource name (a copy). @example reqs.requests.get('cores')?.amount */
  get requests(): Map<string, ExecutorResourceRequest> {
    return new Map(this.map);
  }

  private set(name: string, amount: bigint): this {
    this.map.set(name, { resourceName: name, amount });
    return this;
  }
}

/**
 * Task resource requests (CPUs and custom resources per task).
 * @example new TaskResourceRequests().cpus(2).resource('gpu', 0.5)
 */
export class TaskResourceRequests {
  private readonly map = new Map<string, TaskResourceRequest>();

  /** CPUs per task. @example new TaskResourceRequests().cpus(2) */
  cpus(amount: number): this {
    return this.resource('cpus', positiveIntNumber(amount, 'cpus()'));
  }

  /** A custom resource per task; fractions share one address between tasks. @example new TaskResourceRequests().resource('gpu', 0.25) */
  resource(resourceName: string, amount: number): this {
    const name = checkName(resourceName, 'resource()');
    if (typeof amount !== 'number' || !(amount > 0) || !Number.isFinite(amount)) {
      throw new TypeError(`resource('${name}') amount must be a positive number, got ${amount}`);
    }
    this.map.set(name, { resourceName: name, amount });
    return this;
  }

  /** The requests by resource name (a copy). @example reqs.requests.get('cpus')?.amount */
  get requests(): Map<string, TaskResourceRequest> {
    return new Map(this.map);
  }
}

function positiveIntNumber(n: number, what: string): number {
  return Number(positiveInt(n, what));
}

/**
 * A set of executor and task resource requests. The server registers it on first `id()` and
 * answers its id (the same for the life of the profile object).
 * @example const id = await new ResourceProfileBuilder().require(new TaskResourceRequests().cpus(1)).build().id(spark);
 */
export class ResourceProfile {
  private readonly ids = new WeakMap<SparkSession, Promise<number>>();

  /** @internal Use ResourceProfileBuilder. */
  constructor(
    readonly executorResources: ReadonlyMap<string, ExecutorResourceRequest>,
    readonly taskResources: ReadonlyMap<string, TaskResourceRequest>,
  ) {}

  /**
   * The profile's id on the session's server (Spark 4.0+), registering it there on first call.
   * @example const id = await profile.id(spark); // e.g. 1
   */
  id(spark: SparkSession, opts?: ExecuteOptions): Promise<number> {
    let p = this.ids.get(spark);
    if (p === undefined) {
      p = this.register(spark, opts);
      this.ids.set(spark, p);
      p.catch(() => this.ids.delete(spark));
    }
    return p;
  }

  private async register(spark: SparkSession, opts?: ExecuteOptions): Promise<number> {
    spark.requireFeature('resourceProfiles');
    const state = await runSessionCommand(
      spark,
      {
        case: 'createResourceProfileCommand',
        value: {
          profile: {
            executorResources: Object.fromEntries(this.executorResources),
            taskResources: Object.fromEntries(this.taskResources),
          },
        },
      },
      opts,
    );
    return pickResult(state, 'createResourceProfileCommandResult', 'ResourceProfile.id()').profileId;
  }
}

/**
 * Builds a ResourceProfile from executor and task requests (later requests of a resource win).
 * @example new ResourceProfileBuilder().require(new ExecutorResourceRequests().cores(2)).require(new TaskResourceRequests().cpus(1)).build()
 */
export class ResourceProfileBuilder {
  private readonly executor = new Map<string, ExecutorResourceRequest>();
  private readonly task = new Map<string, TaskResourceRequest>();

  /** Adds executor or task requests. @example builder.require(new TaskResourceRequests().cpus(2)) */
  require(requests: ExecutorResourceRequests | TaskResourceRequests): this {
    if (requests instanceof ExecutorResourceRequests) {
      for (const [k, v] of requests.requests) this.executor.set(k, v);
    } else if (requests instanceof TaskResourceRequests) {
      for (const [k, v] of requests.requests) this.task.set(k, v);
    } else {
      throw new TypeError('require() takes ExecutorResourceRequests or TaskResourceRequests');
    }
    return this;
  }

  /** The profile of the requests so far. @example const profile = builder.build(); */
  build(): ResourceProfile {
    return new ResourceProfile(new Map(this.executor), new Map(this.task));
  }
}
