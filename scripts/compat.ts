/**
 * Generates docs/compatibility.md from the PySpark API names (docs/pyspark-api.json, dumped by
 * scripts/pyspark-api.py from the installed PySpark), this library's own exports, the feature
 * table (src/session/features.ts: the "since" column) and what the tests checked on Sail
 * (docs/sail-limitations.json, written by `recordSailResult` in a Sail test run: the Sail
 * column), so the table cannot drift from the code. `npx tsx scripts/compat.ts` rewrites the file; a unit test checks
 * that the committed file is current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UNSUPPORTED_FUNCTIONS } from '../src/functions/names.js';
import {
  Catalog,
  Column,
  DataFrame,
  DataFrameReader,
  DataFrameWriter,
  DataFrameWriterV2,
  DataflowGraph,
  DataStreamReader,
  DataStreamWriter,
  functions,
  GroupedData,
  ml,
  SparkSession,
  StreamingQuery,
  StreamingQueryManager,
  UNSUPPORTED_DATAFRAME_METHODS,
} from '../src/index.js';
import { FEATURES, type FeatureSpec } from '../src/session/features.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

interface PySparkApi {
  pyspark: string;
  classes: Record<string, string[]>;
  functions: string[];
  /** Spark ML's public classes by module. */
  ml: Record<string, string[]>;
  /** pyspark.pipelines' functions (decorators and definitions of a dataflow graph). */
  pipelines: string[];
}

/** Spark ML classes this library leaves out on purpose, with the reason. */
const ML_NOT_SUPPORTED: Record<string, string> = {
  TorchDistributor: 'runs PyTorch training in Python processes (not a Spark Connect ML class)',
  UnaryTransformer: 'a Python base class for transformers written in Python',
  MultivariateGaussian: 'a local Python value class (not sent to the server)',
};

/** The Spark ML section: each PySpark ML class by module, and whether `ml.<Class>` exists. */
function mlSection(api: PySparkApi): { md: string; supported: number; total: number } {
  const status = (mod: string, name: string): Status => {
    if (name in ml) return { name, ours: `ml.${name}` };
    // Type-only exports (the values are DenseVector / SparseVector, DenseMatrix / SparseMatrix).
    if (name === 'Vector' || name === 'Matrix') return { name, ours: `ml.${name} (type)` };
    if (ML_NOT_SUPPORTED[name] !== undefined) return { name, reason: ML_NOT_SUPPORTED[name] };
    if (/Summary$/.test(name))
      return {
        name,
        reason:
          "no class per summary: `model.summary.attr(name)` and `.frame(name)` fetch any of its metrics and DataFrames by PySpark's name",
      };
    if (mod === 'pyspark.ml.stat' || mod === 'pyspark.ml') return { name, reason: 'not yet' };
    return {
      name,
      reason:
        'no typed class yet: `ml.JavaEstimator` / `ml.JavaTransformer` drive it by its Scala class name',
    };
  };
  const rows: Status[] = Object.entries(api.ml).flatMap(([mod, names]) => names.map((n) => status(mod, n)));
  const s = section('Spark ML classes', rows);
  const byModule = Object.entries(api.ml).map(([mod, names]) => {
    const have = names.filter((n) => status(mod, n).ours !== undefined).length;
    return `| \`${mod}\` | ${have} | ${names.length} |`;
  });
  const [head, ...rest] = s.md.split('\n');
  return {
    ...s,
    md: [head, '', '| module | supported | classes |', '| --- | --- | --- |', ...byModule, ...rest].join(
      '\n',
    ),
  };
}

/** Names PySpark has that this library leaves out on purpose, with the reason. */
const NOT_SUPPORTED: Record<string, Record<string, string>> = {
  DataFrame: { ...UNSUPPORTED_DATAFRAME_METHODS },
  Column: {
    to_plan:
      'internal: lowers the Column to protobuf for the plan builder; a Column has no public proto form (build plans with Column methods and functions)',
  },
  GroupedData: {
    apply: 'needs Python UDFs (pandas)',
    applyInArrow: 'needs Python UDFs (Arrow)',
    applyInPandas: 'needs Python UDFs (pandas)',
    applyInPandasWithState: 'needs Python UDFs (pandas)',
    cogroup: 'only used with applyInPandas / applyInArrow (Python UDFs)',
    transformWithState: 'needs Python stateful processors',
    transformWithStateInPandas: 'needs Python stateful processors',
  },
  SparkSession: {
    Builder: 'Python class; use SparkSession.builder()',
    Hook: 'Python class',
    udtf: 'Python UDTF registration',
    dataSource: 'Python data source registration',
    profile: 'profiles Python UDFs (a Python worker feature; JavaScript cannot define Python UDFs)',
    removeProgressHandler: 'see addProgressHandler',
    clearProgressHandlers: 'see addProgressHandler',
  },
  Catalog: {
    registerFunction: 'deprecated alias of spark.udf.register: registers a Python UDF',
  },
  DataFrameReader: {},
  DataFrameWriter: {},
  DataFrameWriterV2: {},
  DataStreamReader: {},
  DataStreamWriter: {
    foreach: 'the server runs the function: needs a serialized Python or Scala function, not JavaScript',
    foreachBatch: 'the server runs the function: needs a serialized Python or Scala function, not JavaScript',
  },
  StreamingQuery: {},
  StreamingQueryManager: {},
};

/** Instance fields (set in constructors, so not on the prototype). */
const INSTANCE_FIELDS: Record<string, string[]> = {
  SparkSession: ['conf', 'client'],
  DataFrame: ['sparkSession'],
  StreamingQuery: ['id', 'runId', 'name'],
};

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function has(target: object, name: string): string | undefined {
  for (const candidate of [name, camel(name)]) {
    if (candidate in target) return candidate;
  }
  return undefined;
}

type Status = { name: string; ours?: string; reason?: string };

function classStatus(pyName: string, names: string[], targets: object[]): Status[] {
  return names.map((name) => {
    if (INSTANCE_FIELDS[pyName]?.includes(name)) return { name, ours: name };
    for (const t of targets) {
      const ours = has(t, name);
      if (ours) return { name, ours };
    }
    return { name, reason: NOT_SUPPORTED[pyName]?.[name] ?? 'not yet' };
  });
}

function section(title: string, rows: Status[]): { md: string; supported: number; total: number } {
  const supported = rows.filter((r) => r.ours).length;
  const lines = [
    `## ${title}: ${supported} of ${rows.length} supported (${((100 * supported) / rows.length).toFixed(1)}%)`,
    '',
    '| PySpark | spark-connect-ts | status |',
    '| --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| \`${r.name}\` | ${r.ours ? `\`${r.ours}\`` : ''} | ${r.ours ? 'supported' : `not supported: ${r.reason}`} |`,
    ),
    '',
  ];
  return { md: lines.join('\n'), supported, total: rows.length };
}

/** One API checked on Sail by a test (docs/sail-limitations.json, keyed by the API's name). */
interface SailResult {
  result: 'works' | 'lacks';
  note: string;
}

/** What the tests checked on Sail, as the last Sail test run recorded it. */
export function sailResults(): Record<string, SailResult> {
  const data = JSON.parse(readFileSync(join(ROOT, 'docs', 'sail-limitations.json'), 'utf8')) as Record<
    string,
    SailResult
  >;
  for (const [api, r] of Object.entries(data)) {
    if (r.result !== 'works' && r.result !== 'lacks') {
      throw new Error(`docs/sail-limitations.json: ${api} has result ${JSON.stringify(r.result)}`);
    }
  }
  return data;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function sailCell(r: SailResult | undefined): string {
  if (r === undefined) return 'not checked';
  if (r.result === 'works') return 'supported';
  return `lacking: ${cell(r.note)}`;
}

/** The server-feature section: one row per entry of the feature table. */
export function featureSection(sail: Record<string, SailResult>): string {
  const specs: FeatureSpec[] = Object.values(FEATURES);
  const apis = new Set(specs.map((s) => s.api));
  const rows = specs.map((spec) => {
    const since = `${spec.since[0]}.${spec.since[1]}`;
    const what =
      spec.form === true ? `${spec.api} (request form; older servers get the older form)` : spec.api;
    return `| ${cell(what)} | ${since} | ${sailCell(sail[spec.api])} |`;
  });
  const others = Object.entries(sail)
    .filter(([api, r]) => !apis.has(api) && r.result === 'lacks')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([api, r]) => `| \`${cell(api)}\` | ${cell(r.note)} |`);
  return [
    '## Server features',
    '',
    'Generated from the feature table (`src/session/features.ts`): the Spark line that introduced',
    'each feature. On an older Spark server the method throws `UnsupportedServerVersionError`',
    'naming the method and the version it needs, before anything is sent. The Sail column is what',
    'the last Sail test run recorded (`docs/sail-limitations.json`, written by `recordSailResult`',
    'in `test/support/matrix.ts`; `not checked` when no test probed it on Sail).',
    '',
    '| feature | since Spark | Sail |',
    '| --- | --- | --- |',
    ...rows,
    '',
    ...(others.length === 0
      ? []
      : [
          '### Other Sail limitations checked by the tests',
          '',
          '| API | what the user gets |',
          '| --- | --- |',
          ...others,
          '',
        ]),
  ].join('\n');
}

/** The whole docs/compatibility.md text. */
export function generateCompatibility(): {
  markdown: string;
  counts: Record<string, { supported: number; total: number }>;
} {
  const api = JSON.parse(readFileSync(join(ROOT, 'docs', 'pyspark-api.json'), 'utf8')) as PySparkApi;
  const targets: Record<string, object[]> = {
    DataFrame: [DataFrame.prototype],
    Column: [Column.prototype],
    GroupedData: [GroupedData.prototype],
    SparkSession: [SparkSession.prototype, SparkSession],
    Catalog: [Catalog.prototype],
    DataFrameReader: [DataFrameReader.prototype],
    DataFrameWriter: [DataFrameWriter.prototype],
    DataFrameWriterV2: [DataFrameWriterV2.prototype],
    DataStreamReader: [DataStreamReader.prototype],
    DataStreamWriter: [DataStreamWriter.prototype],
    StreamingQuery: [StreamingQuery.prototype],
    StreamingQueryManager: [StreamingQueryManager.prototype],
  };
  const parts: string[] = [];
  const counts: Record<string, { supported: number; total: number }> = {};
  const fnRows: Status[] = api.functions.map((name) =>
    name in functions
      ? { name, ours: `functions.${name}` }
      : { name, reason: UNSUPPORTED_FUNCTIONS[name] ?? 'not yet' },
  );
  const fn = section('functions', fnRows);
  counts.functions = { supported: fn.supported, total: fn.total };
  for (const [cls, names] of Object.entries(api.classes)) {
    const s = section(cls, classStatus(cls, names, targets[cls] ?? []));
    counts[cls] = { supported: s.supported, total: s.total };
    parts.push(s.md);
  }
  parts.push(fn.md);
  // pyspark.pipelines' definitions are DataflowGraph methods (the graph is explicit here).
  const pl = section(
    'Declarative pipelines (pyspark.pipelines → DataflowGraph)',
    classStatus('pipelines', api.pipelines, [DataflowGraph.prototype]),
  );
  counts['Declarative pipelines'] = { supported: pl.supported, total: pl.total };
  parts.push(pl.md);
  const mlRows = mlSection(api);
  counts['Spark ML classes'] = { supported: mlRows.supported, total: mlRows.total };
  parts.push(mlRows.md);
  const summary = Object.entries(counts).map(
    ([k, v]) => `| ${k} | ${v.supported} | ${v.total} | ${((100 * v.supported) / v.total).toFixed(1)}% |`,
  );
  const markdown = [
    '# Compatibility with PySpark',
    '',
    `Generated by \`npx tsx scripts/compat.ts\` from PySpark ${api.pyspark}'s public names`,
    "(`docs/pyspark-api.json`, dumped by `scripts/pyspark-api.py`) and this library's exports.",
    'A PySpark name counts as supported when the class has the same name or its camelCase form.',
    "Features a server version lacks give that server's own error (see the tests).",
    '',
    '| API | supported | PySpark names | share |',
    '| --- | --- | --- | --- |',
    ...summary,
    '',
    featureSection(sailResults()),
    ...parts,
  ].join('\n');
  return { markdown, counts };
}

if (process.argv[1] !== undefined && /compat\.ts$/.test(process.argv[1])) {
  const { markdown, counts } = generateCompatibility();
  writeFileSync(join(ROOT, 'docs', 'compatibility.md'), markdown);
  for (const [k, v] of Object.entries(counts)) console.log(`${k}: ${v.supported}/${v.total}`);
}
