/**
 * Measures how much of the Spark Connect protocol the client emits or handles, and writes
 * docs/protocol-coverage.md. `npm run protocol-coverage` rewrites the file; a unit test checks
 * that the committed file is current.
 *
 * The protocol side comes from the generated descriptors (src/gen/spark/connect/*_pb.ts): every
 * oneof of every message, and the service's RPCs. The client side comes from the TypeScript type
 * checker over src/ (src/gen excluded), so a case counts only where the code uses it *as that
 * oneof's case*, not wherever the same word appears (`'sql'` is a Relation and a Command case,
 * `'string'` a DataType and a Literal case). A string literal counts for a oneof when the type it
 * is checked against is a union of that oneof's case names:
 * - emitted: the literal's contextual type, e.g. `{ relType: { case: 'sql', value } }` (in a
 *   message init or a generated message type: the whole `{ case, value }` union, whose values'
 *   message types tell apart oneofs with the same case names, such as AnalyzePlanRequest.analyze
 *   and AnalyzePlanResponse.result), or an argument of a parameter typed as the cases (or of a
 *   type parameter constrained to them);
 * - handled: a `case 'x':` of a `switch (m.oneof.case)`, or `m.oneof.case === 'x'`;
 * - tables: a key of a `Record<cases, ...>` object literal (e.g. a converter per DataType kind).
 * The union must fit one oneof only (a subset of its case names, and of no other oneof's unless
 * equal to it); a literal whose union fits several is not counted. An RPC counts when the code
 * calls it on the generated client (`client.executePlan(...)`).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DescFile, DescMessage } from '@bufbuild/protobuf';
import ts from 'typescript';
import { file_spark_connect_base } from '../src/gen/spark/connect/base_pb.js';
import { file_spark_connect_catalog } from '../src/gen/spark/connect/catalog_pb.js';
import { file_spark_connect_commands } from '../src/gen/spark/connect/commands_pb.js';
import { file_spark_connect_common } from '../src/gen/spark/connect/common_pb.js';
import { file_spark_connect_expressions } from '../src/gen/spark/connect/expressions_pb.js';
import { file_spark_connect_ml_common } from '../src/gen/spark/connect/ml_common_pb.js';
import { file_spark_connect_ml } from '../src/gen/spark/connect/ml_pb.js';
import { file_spark_connect_pipelines } from '../src/gen/spark/connect/pipelines_pb.js';
import { file_spark_connect_relations } from '../src/gen/spark/connect/relations_pb.js';
import { file_spark_connect_types } from '../src/gen/spark/connect/types_pb.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const FILES: readonly DescFile[] = [
  file_spark_connect_base,
  file_spark_connect_catalog,
  file_spark_connect_commands,
  file_spark_connect_common,
  file_spark_connect_expressions,
  file_spark_connect_ml,
  file_spark_connect_ml_common,
  file_spark_connect_pipelines,
  file_spark_connect_relations,
  file_spark_connect_types,
];

/** The oneofs the headline total counts (the protocol's request and response kinds). */
const HEADLINE: readonly string[] = [
  'spark.connect.Plan.op_type',
  'spark.connect.Relation.rel_type',
  'spark.connect.Expression.expr_type',
  'spark.connect.Expression.Literal.literal_type',
  'spark.connect.DataType.kind',
  'spark.connect.Command.command_type',
  'spark.connect.AnalyzePlanRequest.analyze',
  'spark.connect.ExecutePlanResponse.response_type',
  'spark.connect.MlCommand.command',
  'spark.connect.PipelineCommand.command_type',
  'spark.connect.CommonInlineUserDefinedFunction.function',
];

/** Cases that carry a Python or Scala closure the server runs: no TypeScript client can send them. */
const NEEDS_CLOSURE: Record<string, Record<string, string>> = {
  'spark.connect.Relation.rel_type': {
    mapPartitions: 'mapInPandas / mapInArrow (Python function)',
    groupMap: 'applyInPandas / applyInArrow / flatMapGroups (Python or Scala function)',
    coGroupMap: 'cogroup().applyInPandas (Python function)',
    applyInPandasWithState: 'applyInPandasWithState (Python function)',
    commonInlineUserDefinedTableFunction: 'Python UDTF',
    commonInlineUserDefinedDataSource: 'Python data source',
  },
  'spark.connect.Expression.expr_type': {
    typedAggregateExpression: 'Scala typed aggregator (serialized Scala closure)',
  },
  'spark.connect.Command.command_type': {
    registerTableFunction: 'Python UDTF registration',
    registerDataSource: 'Python data source registration',
  },
  'spark.connect.CommonInlineUserDefinedFunction.function': {
    pythonUdf: 'Python function body',
    scalarScalaUdf: 'serialized Scala closure',
  },
};

/** One oneof of the protocol and the cases the client uses. */
export interface OneofCoverage {
  /** `<message type name>.<oneof name>`, e.g. `spark.connect.Relation.rel_type`. */
  name: string;
  /** Case names as the generated code spells them (localName). */
  cases: string[];
  covered: Set<string>;
  /** The message type name of each message-valued case. */
  valueTypes?: Map<string, string>;
}

/** The measurement: every oneof, the RPCs, and where each covered case was seen. */
export interface ProtocolCoverage {
  oneofs: Map<string, OneofCoverage>;
  rpcs: OneofCoverage;
}

function allOneofs(): Map<string, OneofCoverage> {
  const out = new Map<string, OneofCoverage>();
  const walk = (m: DescMessage) => {
    for (const o of m.oneofs) {
      const name = `${m.typeName}.${o.name}`;
      const valueTypes = new Map(
        o.fields.flatMap((f) =>
          f.message === undefined ? [] : [[f.localName, f.message.typeName] as const],
        ),
      );
      out.set(name, { name, cases: o.fields.map((f) => f.localName), covered: new Set(), valueTypes });
    }
    for (const n of m.nestedMessages) walk(n);
  };
  for (const f of FILES) for (const m of f.messages) walk(m);
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (p !== join(ROOT, 'src', 'gen')) out.push(...sourceFiles(p));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * What a type says about a oneof: the case names, from a union of string literals or of
 * `{ case, value }` objects (generated message types or init shapes), and for the latter the
 * message type name (`$typeName`) of each case's value. Undefined when the type is neither.
 */
interface OneofShape {
  names: string[];
  valueTypes: Map<string, string>;
}

function oneofShape(checker: ts.TypeChecker, t: ts.Type | undefined): OneofShape | undefined {
  if (t === undefined) return undefined;
  const members = t.isUnion() ? t.types : [t];
  const names: string[] = [];
  const valueTypes = new Map<string, string>();
  for (const m of members) {
    if (m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) continue;
    if (m.isStringLiteral()) {
      names.push(m.value);
      continue;
    }
    const c = m.getProperty('case');
    if (c === undefined) return undefined;
    const ct = checker.getTypeOfSymbol(c);
    if (ct.flags & ts.TypeFlags.Undefined) continue;
    if (!ct.isStringLiteral()) return undefined;
    names.push(ct.value);
    const v = m.getProperty('value');
    const tn = v && checker.getNonNullableType(checker.getTypeOfSymbol(v)).getProperty('$typeName');
    const tt = tn && checker.getNonNullableType(checker.getTypeOfSymbol(tn));
    if (tt?.isStringLiteral()) valueTypes.set(ct.value, tt.value);
  }
  return names.length === 0 ? undefined : { names, valueTypes };
}

/**
 * The one oneof whose cases hold the shape's names and whose cases' message types match the
 * shape's (request and response oneofs can share every name), or undefined when none or several
 * fit (a subset of several oneofs' cases counts only for the one it equals).
 */
function fitOneof(shape: OneofShape, oneofs: readonly OneofCoverage[]): OneofCoverage | undefined {
  const fits = oneofs.filter(
    (o) =>
      shape.names.every((n) => o.cases.includes(n)) &&
      [...shape.valueTypes].every(([c, tn]) => o.valueTypes?.get(c) === tn),
  );
  if (fits.length === 1) return fits[0];
  const exact = fits.filter((o) => o.cases.length === new Set(shape.names).size);
  return exact.length === 1 ? exact[0] : undefined;
}

/** `m.oneof.case` (or `m.oneof?.case`): the `m.oneof` part, else undefined. */
function caseAccessOf(e: ts.Expression): ts.Expression | undefined {
  let x = e;
  while (ts.isParenthesizedExpression(x) || ts.isNonNullExpression(x)) x = x.expression;
  return ts.isPropertyAccessExpression(x) && x.name.text === 'case' ? x.expression : undefined;
}

/** The type a string literal is checked against, per the module doc. */
function targetType(checker: ts.TypeChecker, lit: ts.StringLiteralLike): ts.Type | undefined {
  const p = lit.parent;
  if (ts.isCaseClause(p) && p.expression === lit) {
    const oneof = caseAccessOf(p.parent.parent.expression);
    return oneof === undefined ? undefined : checker.getTypeAtLocation(oneof);
  }
  if (ts.isBinaryExpression(p)) {
    const op = p.operatorToken.kind;
    const eq =
      op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      op === ts.SyntaxKind.EqualsEqualsToken ||
      op === ts.SyntaxKind.ExclamationEqualsToken;
    if (!eq) return undefined;
    const oneof = caseAccessOf(p.left === lit ? p.right : p.left);
    return oneof === undefined ? undefined : checker.getTypeAtLocation(oneof);
  }
  const obj = caseObject(lit);
  if (obj !== undefined) {
    // The contextual type of the whole `{ case, value }` object, not of its `case` property:
    // TypeScript narrows the latter to the one member the literal picks.
    return checker.getContextualType(obj);
  }
  const ctx = checker.getContextualType(lit);
  // An argument of a generic parameter (`K extends ResponseCase`): the parameter's constraint.
  return ctx !== undefined && ctx.flags & ts.TypeFlags.TypeParameter
    ? checker.getBaseConstraintOfType(ctx)
    : ctx;
}

/** The object literal when the literal is the value of its `case` property (maybe `as const`). */
function caseObject(lit: ts.StringLiteralLike): ts.ObjectLiteralExpression | undefined {
  let n: ts.Node = lit;
  while (ts.isAsExpression(n.parent) || ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (!ts.isPropertyAssignment(p) || p.initializer !== n) return undefined;
  if (!ts.isIdentifier(p.name) || p.name.text !== 'case') return undefined;
  return ts.isObjectLiteralExpression(p.parent) ? p.parent : undefined;
}

/** Keys of a `Record<cases, ...>` object literal: the key union of its mapped contextual type. */
function recordKeys(checker: ts.TypeChecker, obj: ts.ObjectLiteralExpression): string[] | undefined {
  const ctx = checker.getContextualType(obj);
  if (ctx === undefined) return undefined;
  const t = checker.getNonNullableType(ctx);
  if (!(t.flags & ts.TypeFlags.Object) || !((t as ts.ObjectType).objectFlags & ts.ObjectFlags.Mapped))
    return undefined;
  const keys = checker.getPropertiesOfType(t).map((s) => s.name);
  return keys.length >= 2 ? keys : undefined;
}

/** Runs the type checker over `roots` (by default src/ without src/gen) and records every case used. */
export function measureProtocolCoverage(
  roots: readonly string[] = sourceFiles(join(ROOT, 'src')),
): ProtocolCoverage {
  const oneofs = allOneofs();
  const list = [...oneofs.values()];
  const service = file_spark_connect_base.services[0];
  const rpcs: OneofCoverage = {
    name: service.typeName,
    cases: service.methods.map((m) => m.localName),
    covered: new Set(),
  };
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (config === undefined) throw new Error('cannot read tsconfig.json');
  const program = ts.createProgram(roots, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const record = (shape: OneofShape | undefined, used: readonly string[]) => {
    if (shape === undefined) return;
    const o = fitOneof(shape, list);
    if (o === undefined) return;
    for (const u of used) if (o.cases.includes(u)) o.covered.add(u);
  };
  for (const file of roots) {
    const sf = program.getSourceFile(file);
    if (sf === undefined) throw new Error(`${file} is not in the program`);
    const visit = (n: ts.Node): void => {
      if (ts.isStringLiteralLike(n)) {
        const shape = oneofShape(checker, targetType(checker, n));
        if (shape?.names.includes(n.text)) record(shape, [n.text]);
        // A `{ case: 'x' as const, ... }` with no contextual type (returned from an unannotated
        // function): only a case name that exactly one oneof has counts.
        else if (shape === undefined && caseObject(n) !== undefined)
          record({ names: [n.text], valueTypes: new Map() }, [n.text]);
      } else if (ts.isObjectLiteralExpression(n)) {
        const keys = recordKeys(checker, n);
        if (keys !== undefined) {
          const used = n.properties.flatMap((p) =>
            p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name))
              ? [p.name.text]
              : [],
          );
          record({ names: keys, valueTypes: new Map() }, used);
        }
      } else if (
        ts.isCallExpression(n) &&
        ts.isPropertyAccessExpression(n.expression) &&
        rpcs.cases.includes(n.expression.name.text)
      ) {
        const target = checker.getTypeAtLocation(n.expression.expression);
        if (rpcs.cases.every((m) => target.getProperty(m) !== undefined))
          rpcs.covered.add(n.expression.name.text);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { oneofs, rpcs };
}

function pct(a: number, b: number): string {
  return b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`;
}

function short(name: string): string {
  return name.replace(/^spark\.connect\./, '');
}

/** The markdown of docs/protocol-coverage.md, with the headline figures. */
export function generateProtocolCoverage(cov: ProtocolCoverage = measureProtocolCoverage()): {
  markdown: string;
  totals: { covered: number; total: number; coveredUsable: number; totalUsable: number };
} {
  const rows: string[] = [];
  const uncovered: string[] = [];
  let covered = 0;
  let total = 0;
  let coveredUsable = 0;
  let totalUsable = 0;
  const headline = [...HEADLINE.map((n) => cov.oneofs.get(n) as OneofCoverage), cov.rpcs];
  for (const o of headline) {
    if (o === undefined) throw new Error('a headline oneof is missing from the descriptors');
    const closures = NEEDS_CLOSURE[o.name] ?? {};
    const usable = o.cases.filter((c) => closures[c] === undefined);
    const cu = usable.filter((c) => o.covered.has(c)).length;
    const label = o === cov.rpcs ? `${short(o.name)} RPCs` : short(o.name);
    rows.push(
      `| ${label} | ${o.covered.size} / ${o.cases.length} | ${pct(o.covered.size, o.cases.length)} | ${cu} / ${usable.length} | ${pct(cu, usable.length)} |`,
    );
    covered += o.covered.size;
    total += o.cases.length;
    coveredUsable += cu;
    totalUsable += usable.length;
    const missing = o.cases.filter((c) => !o.covered.has(c));
    if (missing.length > 0) {
      const items = missing.map((c) =>
        closures[c] === undefined ? `\`${c}\`` : `\`${c}\` (closure: ${closures[c]})`,
      );
      uncovered.push(`- ${label}: ${items.join(', ')}`);
    }
  }
  const others = [...cov.oneofs.values()]
    .filter((o) => !HEADLINE.includes(o.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((o) => {
      const missing = o.cases.filter((c) => !o.covered.has(c));
      return `| ${short(o.name)} | ${o.covered.size} / ${o.cases.length} | ${missing.map((c) => `\`${c}\``).join(', ')} |`;
    });
  const markdown = `# Spark Connect protocol coverage

Generated by \`npm run protocol-coverage\` (scripts/protocol-coverage.ts) from the generated
descriptors in src/gen and the client's code: do not edit by hand. A case counts when the code
under src/ (src/gen excluded) emits it or handles it as that oneof's case, as the TypeScript type
checker sees it (see the script's header for the exact rule); an RPC counts when the code calls it.

## Total

- All cases: **${covered} / ${total}** (${pct(covered, total)})
- Without cases that need a Python or Scala closure: **${coveredUsable} / ${totalUsable}** (${pct(coveredUsable, totalUsable)})

## Per oneof

| oneof | covered | % | without closures | % |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

## Uncovered cases

${uncovered.length === 0 ? 'None.' : uncovered.join('\n')}

## Other oneofs (not in the total)

| oneof | covered | uncovered cases |
| --- | --- | --- |
${others.join('\n')}
`;
  return { markdown, totals: { covered, total, coveredUsable, totalUsable } };
}

if (process.argv[1] !== undefined && /protocol-coverage\.ts$/.test(process.argv[1])) {
  const { markdown, totals } = generateProtocolCoverage();
  writeFileSync(join(ROOT, 'docs', 'protocol-coverage.md'), markdown);
  console.log(
    `docs/protocol-coverage.md: ${totals.covered} / ${totals.total} cases; ${totals.coveredUsable} / ${totals.totalUsable} without closures`,
  );
}
