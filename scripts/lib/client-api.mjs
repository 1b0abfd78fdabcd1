// Prints the client's public API as JSON for scripts/translate-examples.py: for the functions
// module and the classes a PySpark example calls into, each method's parameters (name, optional,
// rest) and whether it returns a Promise. Read with the TypeScript compiler from src/index.ts.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const program = ts.createProgram([join(root, 'src', 'index.ts')], {
  strict: true,
  target: ts.ScriptTarget.ES2022,
});
const checker = program.getTypeChecker();
const index = checker.getSymbolAtLocation(program.getSourceFile(join(root, 'src', 'index.ts')));
const exports = new Map(checker.getExportsOfModule(index).map((s) => [s.name, s]));

function optionKeys(type) {
  if (!(type.flags & ts.TypeFlags.Object) || type.getCallSignatures().length > 0) return undefined;
  const sym = type.getSymbol();
  if (sym?.valueDeclaration && ts.isClassDeclaration(sym.valueDeclaration)) return undefined;
  if (checker.isArrayType(type) || checker.isTupleType(type)) return undefined;
  const names = checker.getPropertiesOfType(type).map((p) => p.name);
  return names.length > 0 && !names.includes('signal') ? names : undefined;
}

// The keys of a trailing options object that a rest parameter may end with
// (`...args: [...Cols[], { ascending }]`).
function trailingOptionKeys(type) {
  if (type.isUnion()) {
    for (const t of type.types) {
      const keys = trailingOptionKeys(t);
      if (keys) return keys;
    }
    return undefined;
  }
  if (!checker.isTupleType(type)) return undefined;
  const elements = checker.getTypeArguments(type);
  const last = elements[elements.length - 1];
  return last ? optionKeys(checker.getNonNullableType(last)) : undefined;
}

function signatureOf(sig) {
  const params = sig.getParameters().map((p) => {
    const decl = p.valueDeclaration;
    const type = checker.getTypeOfSymbolAtLocation(p, decl);
    return {
      name: p.name,
      optional: Boolean(decl && (decl.questionToken || decl.initializer)),
      rest: Boolean(decl?.dotDotDotToken),
      type: checker.typeToString(type),
      // An options object's keys (what a Python keyword argument may name).
      props: optionKeys(checker.getNonNullableType(type)),
      restProps: decl?.dotDotDotToken ? trailingOptionKeys(type) : undefined,
    };
  });
  const ret = checker.typeToString(sig.getReturnType());
  return { params, async: ret.startsWith('Promise<'), returns: ret };
}

function membersOf(type) {
  const out = {};
  for (const prop of checker.getPropertiesOfType(type)) {
    if (prop.name.startsWith('_') || prop.name.startsWith('#')) continue;
    const decl = prop.valueDeclaration ?? prop.declarations?.[0];
    if (!decl) continue;
    const t = checker.getTypeOfSymbolAtLocation(prop, decl);
    const sigs = t.getCallSignatures();
    const isGetter = prop.flags & ts.SymbolFlags.GetAccessor;
    if (sigs.length > 0 && !isGetter) out[prop.name] = { kind: 'method', signatures: sigs.map(signatureOf) };
    else out[prop.name] = { kind: 'property', type: checker.typeToString(t) };
  }
  return out;
}

function instanceMembers(name) {
  const sym = exports.get(name);
  const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
  return membersOf(checker.getDeclaredTypeOfSymbol(target));
}

function staticMembers(name) {
  const sym = exports.get(name);
  const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
  return membersOf(checker.getTypeOfSymbolAtLocation(target, target.valueDeclaration));
}

const api = {
  functions: staticMembers('functions'),
  DataFrame: instanceMembers('DataFrame'),
  Column: instanceMembers('Column'),
  GroupedData: instanceMembers('GroupedData'),
  SparkSession: instanceMembers('SparkSession'),
  WindowSpec: instanceMembers('WindowSpec'),
  Window: staticMembers('Window'),
  Row: instanceMembers('Row'),
  RuntimeConfig: instanceMembers('RuntimeConfig'),
  Catalog: instanceMembers('Catalog'),
  DataFrameNaFunctions: instanceMembers('DataFrameNaFunctions'),
  DataFrameStatFunctions: instanceMembers('DataFrameStatFunctions'),
  TableValuedFunction: instanceMembers('TableValuedFunction'),
};
process.stdout.write(`${JSON.stringify(api)}\n`);
