/** Lowering of the statistics and missing-value plan kinds (StatPlanBody): one exhaustive switch. */
import { create } from '@bufbuild/protobuf';
import { toLiteral } from '../column/literal.js';
import { lowerExpr } from '../column/lower.js';
import { type Relation, RelationSchema } from '../gen/spark/connect/relations_pb.js';
import type { PlanNode, StatPlanBody } from './nodes.js';

type StatNode = StatPlanBody & { readonly planId: number };

function rel(n: { readonly planId: number }, relType: Relation['relType']): Relation {
  return create(RelationSchema, { common: { planId: BigInt(n.planId) }, relType });
}

/** Lowers a statistics / missing-value node; `lower` lowers its input. */
export function lowerStatPlan(n: StatNode, lower: (p: PlanNode) => Relation): Relation {
  switch (n.kind) {
    case 'describe':
      return rel(n, {
        case: 'describe',
        value: { input: lower(n.input), cols: n.cols },
      } as Relation['relType']);
    case 'summary':
      return rel(n, {
        case: 'summary',
        value: { input: lower(n.input), statistics: n.statistics },
      } as Relation['relType']);
    case 'naFill':
      return rel(n, {
        case: 'fillNa',
        value: { input: lower(n.input), cols: n.cols, values: n.values.map(toLiteral) },
      } as Relation['relType']);
    case 'naDrop':
      return rel(n, {
        case: 'dropNa',
        value: {
          input: lower(n.input),
          cols: n.cols,
          ...(n.minNonNulls === undefined ? {} : { minNonNulls: n.minNonNulls }),
        },
      } as Relation['relType']);
    case 'naReplace':
      return rel(n, {
        case: 'replace',
        value: {
          input: lower(n.input),
          cols: n.cols,
          replacements: n.replacements.map(([o, v]) => ({ oldValue: toLiteral(o), newValue: toLiteral(v) })),
        },
      } as Relation['relType']);
    case 'statCorr':
      return rel(n, {
        case: 'corr',
        value: { input: lower(n.input), col1: n.col1, col2: n.col2, method: n.method },
      } as Relation['relType']);
    case 'statCov':
      return rel(n, {
        case: 'cov',
        value: { input: lower(n.input), col1: n.col1, col2: n.col2 },
      } as Relation['relType']);
    case 'statCrosstab':
      return rel(n, {
        case: 'crosstab',
        value: { input: lower(n.input), col1: n.col1, col2: n.col2 },
      } as Relation['relType']);
    case 'statFreqItems':
      return rel(n, {
        case: 'freqItems',
        value: { input: lower(n.input), cols: n.cols, support: n.support },
      } as Relation['relType']);
    case 'statApproxQuantile':
      return rel(n, {
        case: 'approxQuantile',
        value: {
          input: lower(n.input),
          cols: n.cols,
          probabilities: n.probabilities,
          relativeError: n.relativeError,
        },
      } as Relation['relType']);
    case 'statSampleBy':
      return rel(n, {
        case: 'sampleBy',
        value: {
          input: lower(n.input),
          col: lowerExpr(n.col),
          fractions: n.fractions.map(([stratum, fraction]) => ({ stratum: toLiteral(stratum), fraction })),
          seed: n.seed,
        },
      } as Relation['relType']);
  }
}
