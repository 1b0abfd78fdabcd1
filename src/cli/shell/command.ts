/**
 * `spark-connect shell`: an interactive SQL shell on node:readline. Statements end with `;` and may
 * span lines; history is kept in a file under the home directory (SPARK_CONNECT_HISTORY overrides
 * it); results show as Spark's table (or vertical, JSON lines, CSV) with the row count and elapsed
 * time; a progress bar or spinner runs on a TTY; Ctrl-C interrupts the running statement on the
 * server and the shell stays; Ctrl-D quits and releases the session.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CLIENT_VERSION, type SparkSession } from '../../index.js';
import { type CliIo, connect, intOption, UsageError, type Values } from '../options.js';
import { type Format, parseFormat, renderText } from '../output.js';
import { splitStatements } from '../statements.js';
import { runBackslash, type ShellState } from './backslash.js';
import { describeError } from './errors.js';
import { ProgressDisplay } from './progress.js';

export const SHELL_OPTIONS = {
  'shell-format': { type: 'string' },
  limit: { type: 'string' },
} as const;

export const SHELL_USAGE = `shell options:
      --shell-format <f> table (default), vertical, json, csv
      --limit <n>        Rows shown per statement (default 20)
  History: $SPARK_CONNECT_HISTORY, default ~/.spark_connect_history
`;

const HISTORY_SIZE = 1000;
/** The longest pause between interrupts sent while the server has not registered the operation. */
const INTERRUPT_RETRY_MAX_MS = 400;

/** The statement being run: its abort controller, its tag, and the interrupt sent for it. */
interface Running {
  ctrl: AbortController;
  tag: string;
  /** Set when the statement has ended (results, error or abort). */
  ended: boolean;
  /** The Ctrl-C interrupt, resolving with the line to print. */
  interrupted?: Promise<string>;
}

function historyFile(): string {
  return process.env.SPARK_CONNECT_HISTORY ?? join(homedir(), '.spark_connect_history');
}

function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-HISTORY_SIZE)
      .reverse();
  } catch {
    return [];
  }
}

/** Runs the interactive shell until Ctrl-D or \quit; returns the exit status. */
export async function shellCommand(values: Values, io: CliIo): Promise<number> {
  let format: Format = 'table';
  if (values['shell-format'] !== undefined) {
    const f = parseFormat(String(values['shell-format']));
    if (f === undefined || f === 'arrow' || f === 'parquet') {
      throw new UsageError(
        `--shell-format must be table, vertical, json or csv, got '${values['shell-format']}'`,
      );
    }
    format = f;
  }
  const limit = intOption(values, 'limit', 20, 1);
  const spark: SparkSession = await connect(values);
  const state: ShellState = { spark, format, limit, lastStatement: undefined, clientVersion: CLIENT_VERSION };
  const hasProgress = spark.atLeast(4, 0);
  io.out(
    `Spark ${spark.version} at ${spark.client.endpoint}, session ${spark.sessionId}. \\help for help, Ctrl-D to quit.\n`,
  );

  const history = historyFile();
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: process.stdin.isTTY === true,
    history: loadHistory(history),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  });
  let buffer = '';
  let running: Running | undefined;
  let statementNo = 0;
  const prompt = () => {
    rl.setPrompt(buffer === '' ? 'spark> ' : '    -> ');
    rl.prompt();
  };

  const execute = async (statement: string): Promise<void> => {
    const ctrl = new AbortController();
    // Each statement has its own tag: Ctrl-C interrupts it on the server (Interrupt by tag).
    const tag = `spark-connect-shell-${++statementNo}`;
    const current: Running = { ctrl, tag, ended: false };
    running = current;
    const progress = new ProgressDisplay(process.stderr, hasProgress);
    const t0 = performance.now();
    const elapsed = () => ((performance.now() - t0) / 1000).toFixed(2);
    let failure: { error: unknown } | undefined;
    try {
      const opts = { signal: ctrl.signal, onProgress: progress.onProgress, tags: [tag] };
      const df = await spark.sql(statement, undefined, opts);
      state.lastStatement = statement;
      if ((await df.columns({ signal: ctrl.signal })).length === 0) {
        progress.stop();
        io.out(`OK (${elapsed()} s)\n`);
      } else {
        const r = await renderText(df, state.format, { limit: state.limit, ...opts });
        progress.stop();
        io.out(r.text);
        io.out(
          `${r.rows} row${r.rows === 1 ? '' : 's'}${r.more ? ` shown (limit ${state.limit}, more available)` : ''} in ${elapsed()} s\n`,
        );
      }
    } catch (e) {
      failure = { error: e };
    } finally {
      // The statement is over: a pending interrupt stops looking for its operation.
      current.ended = true;
      running = undefined;
      progress.stop();
    }
    // The interrupt's outcome first, then the statement's error (the server's OPERATION_CANCELED).
    if (current.interrupted !== undefined) io.out(await current.interrupted);
    if (failure === undefined) return;
    if (ctrl.signal.aborted) {
      io.out(`Interrupted after ${elapsed()} s: stopped waiting for the statement\n`);
    } else {
      io.err(describeError(failure.error, statement));
    }
  };

  const runText = async (text: string): Promise<boolean> => {
    const { statements } = splitStatements(text.endsWith(';') ? text : `${text};`);
    for (const stmt of statements) {
      await execute(stmt);
    }
    return true;
  };

  const handleLine = async (line: string): Promise<boolean> => {
    if (buffer === '' && line.trim().startsWith('\\')) {
      try {
        const r = await runBackslash(line, state);
        if ('quit' in r) return false;
        if ('run' in r) {
          let text: string;
          try {
            text = readFileSync(r.run, 'utf8');
          } catch (e) {
            io.err(`cannot read ${r.run}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
            return true;
          }
          await runText(text.trim());
        } else {
          io.out(r.text);
        }
      } catch (e) {
        io.err(describeError(e));
      }
      return true;
    }
    buffer = buffer === '' ? line : `${buffer}\n${line}`;
    const { statements, rest } = splitStatements(buffer);
    buffer = rest;
    for (const stmt of statements) await execute(stmt);
    return true;
  };

  rl.on('history', () => undefined);
  rl.on('line', (line) => {
    if (line.trim() !== '') {
      try {
        appendFileSync(history, `${line}\n`);
      } catch {
        // a history file that cannot be written does not stop the shell
      }
    }
  });
  /**
   * Ctrl-C: interrupts the statement's operation on the server (by its tag), so the statement
   * fails with the server's OPERATION_CANCELED. The server may not have registered the operation
   * yet (Ctrl-C right after Enter, or between the statement's RPCs): then the interrupt is sent
   * again until it finds the operation or the statement ends. A second Ctrl-C stops waiting on
   * the client. Resolves with the line to print.
   */
  const interrupt = (current: Running) => {
    if (current.interrupted !== undefined) {
      current.ctrl.abort();
      return;
    }
    current.interrupted = (async () => {
      try {
        for (let delayMs = 50; ; delayMs = Math.min(delayMs * 2, INTERRUPT_RETRY_MAX_MS)) {
          const ids = await spark.interruptTag(current.tag);
          if (ids.length > 0) return `Interrupt: the server cancelled operation ${ids.join(', ')}\n`;
          if (current.ended) return 'Interrupt: the statement ended before the server could cancel it\n';
          await new Promise((r) => setTimeout(r, delayMs));
          if (current.ended || current.ctrl.signal.aborted) {
            return 'Interrupt: the statement ended before the server could cancel it\n';
          }
        }
      } catch (e) {
        current.ctrl.abort();
        return `Interrupt failed: ${describeError(e)}`;
      }
    })();
  };
  rl.on('SIGINT', () => {
    if (running !== undefined) {
      interrupt(running);
      return;
    }
    buffer = '';
    process.stdout.write('^C\n');
    prompt();
  });

  // Ctrl-D at a terminal while a statement runs: interrupt it, then quit. The end of piped input
  // is not a Ctrl-D: the statements read before it still run to the end, then the shell quits.
  rl.on('close', () => {
    if (process.stdin.isTTY === true && running !== undefined) interrupt(running);
  });

  // Lines are handled one at a time: a statement finishes before the next line is read.
  const lines = rl[Symbol.asyncIterator]();
  prompt();
  try {
    for (;;) {
      const next = await lines.next();
      if (next.done) break;
      if (!(await handleLine(next.value))) break;
      prompt();
    }
  } finally {
    rl.close();
    io.out('\n');
    await spark.stop();
    io.out(`session ${spark.sessionId} released\n`);
  }
  return 0;
}
