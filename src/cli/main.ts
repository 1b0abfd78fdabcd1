#!/usr/bin/env node
/**
 * spark-connect: a small command-line tool over the public API, for smoke-testing and monitoring
 * Spark Connect deployments and for running SQL from a shell.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CLIENT_VERSION, SparkConnectError, SparkSession, type TlsOptions } from '../index.js';

const USAGE = `Usage: spark-connect <command> [options]

Commands:
  sql <query>     Run a SQL statement and print its result
  ping            Connect, run SELECT 1, print the server version and latencies
  version         Print the client version (and the server's with --remote)

Options:
  -r, --remote <url>     sc:// connection string (default: $SPARK_REMOTE)
  -n, --rows <n>         Rows to print for sql (default 20)
  -f, --format <fmt>     sql output: table (Spark's show format), json (one object per line), csv
      --vertical         Print table rows vertically
      --no-truncate      Do not truncate long table cells
      --ca <file>        PEM file of the CA to trust (turns TLS on)
      --cert <file>      PEM client certificate (mTLS)
      --key <file>       PEM client key (mTLS)
      --servername <n>   TLS server name to verify
  -c, --conf <k=v>       Session configuration (repeatable)
  -h, --help             Show this help
`;

class UsageError extends Error {}

interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

function tlsOptions(values: Record<string, unknown>): TlsOptions | undefined {
  const tls: TlsOptions = {};
  if (typeof values.ca === 'string') tls.ca = readFileSync(values.ca);
  if (typeof values.cert === 'string') tls.cert = readFileSync(values.cert);
  if (typeof values.key === 'string') tls.key = readFileSync(values.key);
  if (typeof values.servername === 'string') tls.servername = values.servername;
  return Object.keys(tls).length > 0 ? tls : undefined;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

async function connect(values: Record<string, unknown>): Promise<SparkSession> {
  const remote = typeof values.remote === 'string' ? values.remote : process.env.SPARK_REMOTE;
  if (remote === undefined)
    throw new UsageError('No server: pass --remote sc://host:port or set SPARK_REMOTE');
  const builder = SparkSession.builder().remote(remote).appName('spark-connect-cli');
  const tls = tlsOptions(values);
  if (tls) builder.tls(tls);
  for (const kv of (values.conf as string[] | undefined) ?? []) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new UsageError(`--conf expects key=value, got '${kv}'`);
    builder.config(kv.slice(0, i), kv.slice(i + 1));
  }
  return builder.create();
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        remote: { type: 'string', short: 'r' },
        rows: { type: 'string', short: 'n' },
        format: { type: 'string', short: 'f' },
        vertical: { type: 'boolean' },
        'no-truncate': { type: 'boolean' },
        ca: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        servername: { type: 'string' },
        conf: { type: 'string', short: 'c', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  try {
    switch (command) {
      case 'version': {
        io.out(`spark-connect-ts ${CLIENT_VERSION}\n`);
        if (values.remote !== undefined || process.env.SPARK_REMOTE !== undefined) {
          const spark = await connect(values);
          try {
            io.out(`server: Spark ${spark.version}\n`);
          } finally {
            await spark.stop();
          }
        }
        return 0;
      }
      case 'ping': {
        const t0 = performance.now();
        const spark = await connect(values);
        const t1 = performance.now();
        try {
          const rows = await (await spark.sql('SELECT 1 AS ok')).collect();
          const t2 = performance.now();
          if (rows[0]?.get(0) !== 1) throw new SparkConnectError('SELECT 1 did not return 1');
          io.out(
            `ok: Spark ${spark.version} at ${spark.client.endpoint}; connect ${(t1 - t0).toFixed(1)} ms, ` +
              `SELECT 1 ${(t2 - t1).toFixed(1)} ms\n`,
          );
        } finally {
          await spark.stop();
        }
        return 0;
      }
      case 'sql': {
        if (rest.length !== 1) throw new UsageError('sql takes exactly one query argument (quote it)');
        const rowsArg = values.rows === undefined ? 20 : Number(values.rows);
        if (!Number.isInteger(rowsArg) || rowsArg < 0)
          throw new UsageError(`--rows must be a non-negative integer`);
        const format = (values.format as string | undefined) ?? 'table';
        if (!['table', 'json', 'csv'].includes(format)) {
          throw new UsageError(`--format must be table, json or csv, got '${format}'`);
        }
        const spark = await connect(values);
        try {
          const df = await spark.sql(rest[0]);
          if (format === 'table') {
            const text = await df.showString(rowsArg, !values['no-truncate'], Boolean(values.vertical));
            io.out(text.endsWith('\n') ? text : `${text}\n`);
          } else {
            const rows = await df.take(rowsArg);
            if (format === 'json') {
              for (const r of rows) io.out(`${JSON.stringify(r.toJSON())}\n`);
            } else {
              io.out(`${(await df.columns()).map(csvCell).join(',')}\n`);
              for (const r of rows) io.out(`${Object.values(r.toJSON()).map(csvCell).join(',')}\n`);
            }
          }
        } finally {
          await spark.stop();
        }
        return 0;
      }
      default:
        throw new UsageError(`Unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /cli[/\\]main\.(js|ts)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  }).then((code) => {
    process.exitCode = code;
  });
}
