/**
 * `spark-connect sql`: runs SQL from the command line, a file (`-f`) or standard input; several
 * statements separated by `;`; named parameters (`--param`); output as a table, JSON lines, CSV,
 * an Arrow IPC stream or Parquet, to standard output or a file (`-o`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { DataFrame, SparkSession } from '../index.js';
import { type CliIo, connect, intOption, UsageError, type Values } from './options.js';
import { BINARY_FORMATS, FORMATS, type Format, parseFormat, renderBinary, renderText } from './output.js';
import { parseParams } from './params.js';
import { splitStatements } from './statements.js';

export const SQL_OPTIONS = {
  file: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  format: { type: 'string', short: 'F' },
  param: { type: 'string', short: 'p', multiple: true },
  rows: { type: 'string', short: 'n' },
  vertical: { type: 'boolean' },
  'no-truncate': { type: 'boolean' },
} as const;

export const SQL_USAGE = `sql [query] options:
  -f, --file <file>      Read SQL from a file ('-' for standard input; also read when no query
                         is given and stdin is not a terminal). Statements end with ';'
  -p, --param <n=v>      Named parameter :n (repeatable): n=text is a string; typed forms
                         n:int=5, n:bigint=..., n:double=1.5, n:boolean=true, n:date=2024-01-31,
                         n:timestamp=2024-01-31T10:00:00Z, n:decimal(10,2)=1.25, n:null=
  -F, --format <fmt>     ${FORMATS.join(', ')} (default table)
  -o, --output <file>    Write the result to a file instead of standard output
  -n, --rows <n>         Rows at most (default 20 for table/vertical, all otherwise)
      --vertical         Same as --format vertical
      --no-truncate      Do not truncate long table cells
`;

/** Reads the SQL text of a `sql` command. */
function sqlText(values: Values, positionals: string[], readStdin: () => string): string {
  const file = values.file;
  if (typeof file === 'string') {
    if (positionals.length > 0) throw new UsageError('sql takes either a query argument or --file, not both');
    if (file === '-') return readStdin();
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`Cannot read --file '${file}': ${(e as Error).message}`);
    }
  }
  if (positionals.length > 1) throw new UsageError('sql takes exactly one query argument (quote it)');
  if (positionals.length === 1) return positionals[0];
  if (process.stdin.isTTY) throw new UsageError('sql needs a query, --file, or SQL on standard input');
  return readStdin();
}

/** Runs the sql command; returns the exit status. */
export async function sqlCommand(
  values: Values,
  positionals: string[],
  io: CliIo,
  readStdin: () => string = () => readFileSync(0, 'utf8'),
): Promise<number> {
  let format: Format = 'table';
  if (values.format !== undefined) {
    const f = parseFormat(String(values.format));
    if (f === undefined)
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${values.format}'`);
    format = f;
  }
  if (values.vertical === true) format = 'vertical';
  const limit = values.rows === undefined ? undefined : intOption(values, 'rows', 20);
  const params = parseParams((values.param as string[] | undefined) ?? []);
  const output = typeof values.output === 'string' ? values.output : undefined;
  const binary = BINARY_FORMATS.includes(format);
  if (binary && output === undefined && io.outBytes === undefined) {
    throw new UsageError(`--format ${format} writes binary data: pass --output <file>`);
  }
  const text = sqlText(values, positionals, readStdin);
  const { statements, rest } = splitStatements(text);
  if (rest !== '') statements.push(rest.trim());
  if (statements.length === 0) throw new UsageError('No SQL statement given');

  const spark: SparkSession = await connect(values);
  try {
    const results: DataFrame[] = [];
    for (const stmt of statements) {
      // Only the parameters a statement names are bound to it.
      const used = Object.fromEntries(
        Object.entries(params).filter(([k]) => new RegExp(`:${k}\\b`).test(stmt)),
      );
      results.push(await spark.sql(stmt, Object.keys(used).length > 0 ? used : undefined));
    }
    if (binary) {
      const withColumns: number[] = [];
      for (let i = 0; i < results.length; i++)
        if ((await results[i].columns()).length > 0) withColumns.push(i);
      if (withColumns.length !== 1) {
        throw new UsageError(
          `--format ${format} writes one result, but ${withColumns.length} of the ${statements.length} ` +
            'statements return one; split them or use a text format',
        );
      }
      const bytes = await renderBinary(results[withColumns[0]], format, { limit });
      if (output !== undefined) writeFileSync(output, bytes);
      else io.outBytes?.(bytes);
      return 0;
    }
    let all = '';
    for (const df of results) {
      if ((await df.columns()).length === 0) continue;
      const r = await renderText(df, format, { limit, truncate: values['no-truncate'] !== true });
      all += r.text;
    }
    if (output !== undefined) writeFileSync(output, all);
    else io.out(all);
    return 0;
  } finally {
    await spark.stop();
  }
}
