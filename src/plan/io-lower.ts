/** Lowering of the IO plan kinds (see io-nodes.ts): one exhaustive switch. */
import { create } from '@bufbuild/protobuf';
import { Parse_ParseFormat, type Relation, RelationSchema } from '../gen/spark/connect/relations_pb.js';
import { toProtoDataType } from '../types/index.js';
import type { IoPlanBody, ParseFormat } from './io-nodes.js';
import { lowerPlan } from './lower.js';

const PARSE_FORMATS: Record<ParseFormat, Parse_ParseFormat> = {
  csv: Parse_ParseFormat.CSV,
  json: Parse_ParseFormat.JSON,
  xml: Parse_ParseFormat.XML,
};

function rel(n: { readonly planId: number }, relType: Relation['relType']): Relation {
  return create(RelationSchema, { common: { planId: BigInt(n.planId) }, relType });
}

/** Lowers an IO node. `planId` is the node's plan id; child plans are lowered with `lowerPlan`. */
export function lowerIoPlan(n: IoPlanBody & { readonly planId: number }): Relation {
  switch (n.kind) {
    case 'readDataSource':
      return rel(n, {
        case: 'read',
        value: {
          readType: {
            case: 'dataSource',
            value: {
              ...(n.format === undefined ? {} : { format: n.format }),
              ...(n.schema === undefined ? {} : { schema: n.schema }),
              options: n.options,
              paths: n.paths,
              predicates: n.predicates,
              ...(n.sourceName === undefined ? {} : { sourceName: n.sourceName }),
            },
          },
          isStreaming: n.isStreaming === true,
        },
      } as Relation['relType']);
    case 'localRelation':
      return rel(n, {
        case: 'localRelation',
        value: {
          ...(n.data === undefined ? {} : { data: n.data }),
          ...(n.schema === undefined ? {} : { schema: n.schema }),
        },
      } as Relation['relType']);
    case 'cachedLocalRelation':
      return rel(n, { case: 'cachedLocalRelation', value: { hash: n.hash } } as Relation['relType']);
    case 'chunkedCachedLocalRelation':
      return rel(n, {
        case: 'chunkedCachedLocalRelation',
        value: { dataHashes: [...n.dataHashes], schemaHash: n.schemaHash },
      } as Relation['relType']);
    case 'parse':
      return rel(n, {
        case: 'parse',
        value: {
          input: lowerPlan(n.input),
          format: PARSE_FORMATS[n.format],
          ...(n.schema === undefined ? {} : { schema: toProtoDataType(n.schema) }),
          options: n.options,
        },
      } as Relation['relType']);
    case 'catalog':
      return rel(n, { case: 'catalog', value: n.catalog } as Relation['relType']);
  }
}
