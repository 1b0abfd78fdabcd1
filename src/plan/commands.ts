/** Commands built from DataFrame plans (checkpoints), lowered to a proto Plan. */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { type Plan, PlanSchema } from '../gen/spark/connect/base_pb.js';
import type { StorageLevel } from '../gen/spark/connect/common_pb.js';
import { lowerPlan } from './lower.js';
import type { PlanNode } from './nodes.js';

/** A command plan. */
function commandPlan(commandType: MessageInitShape<typeof PlanSchema>['opType']): Plan {
  return create(PlanSchema, { opType: commandType });
}

/** `CheckpointCommand` (Spark 4.0+): checkpoint a relation, answered with a CachedRemoteRelation id. */
export function checkpointCommand(
  input: PlanNode,
  opts: { local: boolean; eager: boolean; storageLevel?: StorageLevel },
): Plan {
  return commandPlan({
    case: 'command',
    value: {
      commandType: {
        case: 'checkpointCommand',
        value: {
          relation: lowerPlan(input),
          local: opts.local,
          eager: opts.eager,
          ...(opts.storageLevel === undefined ? {} : { storageLevel: opts.storageLevel }),
        },
      },
    },
  });
}

/** `RemoveCachedRemoteRelationCommand` (Spark 4.0+): frees a checkpointed relation on the server. */
export function removeCachedRemoteRelationCommand(relationId: string): Plan {
  return commandPlan({
    case: 'command',
    value: {
      commandType: {
        case: 'removeCachedRemoteRelationCommand',
        value: { relation: { relationId } },
      },
    },
  });
}
