/**
 * The shell's backslash commands: \help, \tables, \databases, \describe, \set, \show, \format,
 * \limit, \run, \version, \session, \explain, \quit. Catalog commands go through spark.catalog.
 */
import type { SparkSession } from '../../index.js';
import { FORMATS, type Format, parseFormat } from '../output.js';

export const HELP = `Statements end with ';' and may span lines. Ctrl-C interrupts the running statement
(or clears the input), Ctrl-D quits and releases the session.
  \\help                  this help
  \\tables [db]           tables and views (of a database)
  \\databases             databases
  \\describe <table>      columns of a table
  \\set <key> <value>     set a session config
  \\show [key]            a session config (all modified ones without a key)
  \\format <fmt>          output format: ${FORMATS.filter((f) => f !== 'arrow' && f !== 'parquet').join(', ')}
  \\limit <n>             rows shown per statement
  \\run <file>            run the statements of a file
  \\version               client and server versions
  \\session               the session id
  \\explain [mode]        plan of the last statement (simple, extended, formatted, cost, codegen)
  \\quit                  quit (same as Ctrl-D)
`;

/** What backslash commands can change and use. */
export interface ShellState {
  spark: SparkSession;
  format: Format;
  limit: number;
  lastStatement: string | undefined;
  clientVersion: string;
}

/** A command's outcome: text to print, a file to run, or quit. */
export type CommandResult = { text: string } | { run: string } | { quit: true };

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd()}\n`;
  return (
    line(headers) +
    line(widths.map((w) => '-'.repeat(w))) +
    rows.map(line).join('') +
    `(${rows.length} rows)\n`
  );
}

/** Runs one backslash command line (with its leading backslash). */
export async function runBackslash(line: string, state: ShellState): Promise<CommandResult> {
  const [cmd, ...args] = line.trim().slice(1).split(/\s+/);
  const spark = state.spark;
  switch (cmd) {
    case 'help':
    case 'h':
    case '?':
      return { text: HELP };
    case 'q':
    case 'quit':
      return { quit: true };
    case 'tables':
    case 'dt': {
      const tables = await spark.catalog.listTables(args[0]);
      return {
        text: table(
          ['name', 'database', 'type', 'temporary'],
          tables.map((t) => [t.name, t.namespace?.join('.') ?? '', t.tableType, String(t.isTemporary)]),
        ),
      };
    }
    case 'databases':
    case 'dn': {
      const dbs = await spark.catalog.listDatabases();
      return {
        text: table(
          ['name', 'description'],
          dbs.map((d) => [d.name, d.description ?? '']),
        ),
      };
    }
    case 'describe':
    case 'd': {
      if (args[0] === undefined) return { text: 'usage: \\describe <table>\n' };
      const cols = await spark.catalog.listColumns(args[0]);
      return {
        text: table(
          ['column', 'type', 'nullable', 'partition'],
          cols.map((c) => [c.name, c.dataType, String(c.nullable), String(c.isPartition)]),
        ),
      };
    }
    case 'set': {
      if (args.length < 2) return { text: 'usage: \\set <key> <value>\n' };
      await spark.conf.set(args[0], args.slice(1).join(' '));
      return { text: `${args[0]}=${args.slice(1).join(' ')}\n` };
    }
    case 'show': {
      if (args[0] !== undefined) return { text: `${args[0]}=${String(await spark.conf.get(args[0]))}\n` };
      const all = await spark.conf.getAll();
      return {
        text: Object.entries(all)
          .map(([k, v]) => `${k}=${v}\n`)
          .join(''),
      };
    }
    case 'format': {
      const f = args[0] === undefined ? undefined : parseFormat(args[0]);
      if (f === undefined || f === 'arrow' || f === 'parquet') {
        return { text: `format is ${state.format}; choose one of table, vertical, json, csv\n` };
      }
      state.format = f;
      return { text: `format set to ${f}\n` };
    }
    case 'limit': {
      const n = Number(args[0]);
      if (!Number.isInteger(n) || n < 1) return { text: `limit is ${state.limit}; usage: \\limit <n>\n` };
      state.limit = n;
      return { text: `limit set to ${n} rows\n` };
    }
    case 'run':
    case 'i':
      if (args[0] === undefined) return { text: 'usage: \\run <file>\n' };
      return { run: args.join(' ') };
    case 'version':
      return { text: `client spark-connect-ts ${state.clientVersion}, server Spark ${spark.version}\n` };
    case 'session':
      return { text: `session ${spark.sessionId} on ${spark.client.endpoint}\n` };
    case 'explain': {
      if (state.lastStatement === undefined) return { text: 'no statement yet\n' };
      const mode = (args[0] ?? 'simple') as Parameters<
        Awaited<ReturnType<SparkSession['sql']>>['explainString']
      >[0];
      const df = await spark.sql(
        `EXPLAIN ${mode === 'simple' ? '' : String(mode).toUpperCase()} ${state.lastStatement}`,
      );
      const rows = await df.collect();
      return { text: `${String(rows[0]?.get(0) ?? '').trimEnd()}\n` };
    }
    default:
      return { text: `unknown command \\${cmd}; \\help lists the commands\n` };
  }
}
