/** StorageLevel: how a persisted DataFrame is stored, with PySpark's constants. */
import { create } from '@bufbuild/protobuf';
import {
  type StorageLevel as ProtoStorageLevel,
  StorageLevelSchema,
} from '../gen/spark/connect/common_pb.js';

/** The names of PySpark's predefined storage levels. */
export type StorageLevelName =
  | 'NONE'
  | 'DISK_ONLY'
  | 'DISK_ONLY_2'
  | 'DISK_ONLY_3'
  | 'MEMORY_ONLY'
  | 'MEMORY_ONLY_2'
  | 'MEMORY_AND_DISK'
  | 'MEMORY_AND_DISK_2'
  | 'OFF_HEAP'
  | 'MEMORY_AND_DISK_DESER';

/**
 * Flags for controlling the storage of a DataFrame: whether to use memory, disk or off-heap
 * memory, whether to keep the data deserialized, and on how many nodes to replicate it.
 *
 * @example
 * await df.persist(StorageLevel.MEMORY_ONLY);
 * (await df.storageLevel()).equals(StorageLevel.MEMORY_ONLY); // true
 */
export class StorageLevel {
  static readonly NONE = new StorageLevel(false, false, false, false);
  static readonly DISK_ONLY = new StorageLevel(true, false, false, false);
  static readonly DISK_ONLY_2 = new StorageLevel(true, false, false, false, 2);
  static readonly DISK_ONLY_3 = new StorageLevel(true, false, false, false, 3);
  static readonly MEMORY_ONLY = new StorageLevel(false, true, false, false);
  static readonly MEMORY_ONLY_2 = new StorageLevel(false, true, false, false, 2);
  static readonly MEMORY_AND_DISK = new StorageLevel(true, true, false, false);
  static readonly MEMORY_AND_DISK_2 = new StorageLevel(true, true, false, false, 2);
  static readonly OFF_HEAP = new StorageLevel(true, true, true, false, 1);
  static readonly MEMORY_AND_DISK_DESER = new StorageLevel(true, true, false, true);

  /**
   * @example new StorageLevel(true, true, false, false, 2) // MEMORY_AND_DISK_2
   */
  constructor(
    readonly useDisk: boolean,
    readonly useMemory: boolean,
    readonly useOffHeap: boolean,
    readonly deserialized: boolean,
    readonly replication: number = 1,
  ) {
    for (const [k, v] of Object.entries({ useDisk, useMemory, useOffHeap, deserialized })) {
      if (typeof v !== 'boolean')
        throw new TypeError(`StorageLevel ${k} must be a boolean, got ${String(v)}`);
    }
    if (!Number.isInteger(replication) || replication < 1 || replication > 2147483647) {
      throw new TypeError(`StorageLevel replication must be a positive integer, got ${String(replication)}`);
    }
  }

  /**
   * A predefined level by PySpark name, or the level itself. Unknown names throw a TypeError.
   * @example StorageLevel.of('MEMORY_ONLY') === StorageLevel.MEMORY_ONLY
   */
  static of(level: StorageLevel | StorageLevelName): StorageLevel {
    if (level instanceof StorageLevel) return level;
    if (typeof level === 'string' && Object.hasOwn(NAMED, level)) return NAMED[level];
    throw new TypeError(
      `Unknown storage level ${JSON.stringify(level)}; use a StorageLevel or one of ${Object.keys(NAMED).join(', ')}`,
    );
  }

  /** True when every flag and the replication are equal. @example lvl.equals(StorageLevel.DISK_ONLY) */
  equals(other: unknown): boolean {
    return (
      other instanceof StorageLevel &&
      other.useDisk === this.useDisk &&
      other.useMemory === this.useMemory &&
      other.useOffHeap === this.useOffHeap &&
      other.deserialized === this.deserialized &&
      other.replication === this.replication
    );
  }

  /** The PySpark constant name of this level, if it is one of them. */
  get name(): StorageLevelName | undefined {
    for (const [k, v] of Object.entries(NAMED)) if (v.equals(this)) return k as StorageLevelName;
    return undefined;
  }

  /** PySpark's rendering, e.g. `Disk Memory Deserialized 1x Replicated`. */
  toString(): string {
    return (
      (this.useDisk ? 'Disk ' : '') +
      (this.useMemory ? 'Memory ' : '') +
      (this.useOffHeap ? 'OffHeap ' : '') +
      (this.deserialized ? 'Deserialized ' : 'Serialized ') +
      `${this.replication}x Replicated`
    );
  }

  /** @internal */
  toProto(): ProtoStorageLevel {
    return create(StorageLevelSchema, {
      useDisk: this.useDisk,
      useMemory: this.useMemory,
      useOffHeap: this.useOffHeap,
      deserialized: this.deserialized,
      replication: this.replication,
    });
  }

  /** @internal */
  static fromProto(p: ProtoStorageLevel): StorageLevel {
    return new StorageLevel(p.useDisk, p.useMemory, p.useOffHeap, p.deserialized, p.replication);
  }
}

const NAMED: Record<StorageLevelName, StorageLevel> = {
  NONE: StorageLevel.NONE,
  DISK_ONLY: StorageLevel.DISK_ONLY,
  DISK_ONLY_2: StorageLevel.DISK_ONLY_2,
  DISK_ONLY_3: StorageLevel.DISK_ONLY_3,
  MEMORY_ONLY: StorageLevel.MEMORY_ONLY,
  MEMORY_ONLY_2: StorageLevel.MEMORY_ONLY_2,
  MEMORY_AND_DISK: StorageLevel.MEMORY_AND_DISK,
  MEMORY_AND_DISK_2: StorageLevel.MEMORY_AND_DISK_2,
  OFF_HEAP: StorageLevel.OFF_HEAP,
  MEMORY_AND_DISK_DESER: StorageLevel.MEMORY_AND_DISK_DESER,
};
