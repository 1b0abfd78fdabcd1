/**
 * Plan nodes for data sources and local data (read, local relations, cached local relations).
 * Lowered by `lowerIoPlan` in `io-lower.ts`; `lower.ts` delegates these kinds there.
 */
import type { Relation } from '../gen/spark/connect/relations_pb.js';

export type IoPlanBody =
  /** Placeholder kind so the union is not empty; replaced as read/local-data kinds land. */
  { kind: 'rawRelation'; build: () => Relation };

export type IoPlanKind = IoPlanBody['kind'];

/** Every IO kind, for the type guard in lower.ts. Add each new kind here too. */
export const IO_PLAN_KINDS: ReadonlySet<string> = new Set<IoPlanKind>(['rawRelation']);
