/**
 * The server features an expression of a plan needs, found before the plan is sent so that an
 * older server gets the client's UnsupportedServerVersionError instead of a cryptic plan error.
 * Expression kinds that need a feature are listed in EXPR_FEATURES, and literals of TIME values
 * need the TIME type; the walk looks through every
 * node object of the plan tree (plan nodes, expression nodes and their arrays) once.
 */
import type { ExprKind } from '../column/nodes.js';
import type { FeatureName } from '../session/features.js';
import { LocalTime } from '../types/values.js';
import type { PlanNode } from './nodes.js';

/** The expression kinds that need a server feature. */
const EXPR_FEATURES: Partial<Record<ExprKind, FeatureName>> = {
  namedArgument: 'namedArguments',
};

/** True when a literal's value is or holds a TIME value (in an array or a map). */
function holdsTime(v: unknown): boolean {
  if (v instanceof LocalTime) return true;
  if (Array.isArray(v)) return v.some(holdsTime);
  if (v instanceof Map) {
    for (const [k, x] of v) if (holdsTime(k) || holdsTime(x)) return true;
  }
  return false;
}

const cache = new WeakMap<object, ReadonlySet<FeatureName>>();

/** The features the expressions of `plan` need (cached per plan node). @internal */
export function exprFeaturesOf(plan: PlanNode): ReadonlySet<FeatureName> {
  const known = cache.get(plan);
  if (known !== undefined) return known;
  const found = new Set<FeatureName>();
  const seen = new Set<object>();
  const stack: unknown[] = [plan];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const e of v) stack.push(e);
      continue;
    }
    // Nodes are plain objects; class instances (data types, observers, sessions), binary data
    // and lowered proto messages hold no expression nodes.
    const proto = Object.getPrototypeOf(v);
    if ((proto !== Object.prototype && proto !== null) || '$typeName' in v) continue;
    const kind = (v as { kind?: unknown }).kind;
    if (kind === 'literal' && holdsTime((v as { value?: unknown }).value)) found.add('timeLiterals');
    if (typeof kind === 'string' && kind in EXPR_FEATURES) {
      const feature = EXPR_FEATURES[kind as ExprKind];
      if (feature !== undefined) found.add(feature);
    }
    for (const e of Object.values(v)) stack.push(e);
  }
  cache.set(plan, found);
  return found;
}
