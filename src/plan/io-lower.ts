/** Lowering of the IO plan kinds (see io-nodes.ts): one exhaustive switch. */
import type { Relation } from '../gen/spark/connect/relations_pb.js';
import type { IoPlanBody } from './io-nodes.js';

/** Lowers an IO node. `planId` is the node's plan id; `lower` lowers child plans. */
export function lowerIoPlan(n: IoPlanBody & { readonly planId: number }): Relation {
  switch (n.kind) {
    case 'rawRelation':
      return n.build();
  }
}
