#!/usr/bin/env node
/**
 * spark-connect: a command-line tool over the public API, for checking Spark Connect deployments
 * and running SQL from a terminal: `sql`, `shell`, `check`, `ping`, `version`.
 */
import { parseArgs } from 'node:util';
import { CLIENT_VERSION, SparkConnectError } from '../index.js';
import { CHECK_OPTIONS, CHECK_USAGE, checkCommand } from './check/command.js';
import {
  type CliIo,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  connect,
  errorLine,
  UsageError,
  type Values,
} from './options.js';
import { SHELL_OPTIONS, SHELL_USAGE, shellCommand } from './shell/command.js';
import { SQL_OPTIONS, SQL_USAGE, sqlCommand } from './sql-command.js';

const USAGE = `Usage: spark-connect <command> [options]

Commands:
  sql [query]     Run SQL (an argument, --file or stdin) and print or write its result
  shell           Interactive SQL shell (history, progress, Ctrl-C interrupts)
  check           Check a deployment step by step (network, TLS, auth, queries)
  ping            Connect, run SELECT 1, print the server version and latencies
  version         Print the client version (and the server's with --remote)

${CONNECTION_USAGE}
${SQL_USAGE}
${SHELL_USAGE}
${CHECK_USAGE}
  -h, --help             Show this help
`;

const COMMAND_OPTIONS = {
  sql: SQL_OPTIONS,
  shell: SHELL_OPTIONS,
  check: CHECK_OPTIONS,
  ping: {},
  version: {},
} as const;

type Command = keyof typeof COMMAND_OPTIONS;

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const allOptions = Object.assign({}, CONNECTION_OPTIONS, ...Object.values(COMMAND_OPTIONS));
  const pre = parseArgs({
    args: argv,
    options: allOptions,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const first = pre.tokens.find((t) => t.kind === 'positional');
  const command = first?.kind === 'positional' ? first.value : undefined;
  if (command === undefined || argv.includes('-h') || argv.includes('--help')) {
    const help = argv.includes('-h') || argv.includes('--help');
    (help ? io.out : io.err)(USAGE);
    return help ? 0 : 2;
  }
  if (!(command in COMMAND_OPTIONS)) {
    io.err(`Unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  let values: Values;
  let positionals: string[];
  try {
    const parsed = parseArgs({
      args: argv.filter((_, i) => i !== (first as { index: number }).index),
      allowPositionals: true,
      options: { ...CONNECTION_OPTIONS, ...COMMAND_OPTIONS[command as Command] },
    });
    values = parsed.values as Values;
    positionals = parsed.positionals;
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  try {
    switch (command as Command) {
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
      case 'sql':
        return await sqlCommand(values, positionals, io);
      case 'shell':
        return await shellCommand(values, io);
      case 'check':
        return await checkCommand(values, io);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`${errorLine(e)}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /cli[/\\]main\.(js|ts)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    outBytes: (b) => process.stdout.write(b),
  }).then((code) => {
    process.exitCode = code;
  });
}
