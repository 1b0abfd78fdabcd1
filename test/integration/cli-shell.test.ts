/**
 * `spark-connect shell` end to end in a real pseudo-terminal (tmux send-keys / capture-pane)
 * against real servers: a multi-line statement, every backslash command, errors with class and
 * SQL state, the progress bar (4.x) or spinner (3.5), Ctrl-C interrupting a long query on the
 * server (the server answers OPERATION_CANCELED and the shell stays), Ctrl-D releasing the
 * session, and the history file across runs.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atLeast, isSail, serverMatrix, versionOf } from '../support/matrix.js';
import { REPO_ROOT } from '../support/servers.js';

const run = promisify(execFile);

/**
 * tmux with the shell's own server socket (`-L`): shells never share a tmux server, so one that
 * exits as its last session is killed cannot fail the next `new-session` ("server exited
 * unexpectedly").
 */
function tmux(socket: string, args: string[]) {
  return run('tmux', ['-L', socket, ...args]);
}

/** One shell in its own tmux server and session. */
class TmuxShell {
  private constructor(readonly name: string) {}

  static async start(name: string, args: string[], env: Record<string, string>): Promise<TmuxShell> {
    const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const envs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    const command = ['env', ...envs, tsx, join(REPO_ROOT, 'src', 'cli', 'main.ts'), 'shell', ...args]
      .map((a) => `'${a}'`)
      .join(' ');
    await tmux(name, ['new-session', '-d', '-s', name, '-x', '200', '-y', '60', `${command}; sleep 600`]);
    await tmux(name, ['set-option', '-t', name, 'history-limit', '5000']);
    return new TmuxShell(name);
  }

  /** Types text literally (a trailing ';' is escaped for tmux), then Enter unless told not to. */
  async type(text: string, enter = true): Promise<void> {
    await tmux(this.name, [
      'send-keys',
      '-t',
      this.name,
      '-l',
      text.endsWith(';') ? `${text.slice(0, -1)}\\;` : text,
    ]);
    if (enter) await this.key('Enter');
  }

  async key(key: string): Promise<void> {
    await tmux(this.name, ['send-keys', '-t', this.name, key]);
  }

  async screen(): Promise<string> {
    const { stdout } = await tmux(this.name, ['capture-pane', '-p', '-J', '-S', '-3000', '-t', this.name]);
    return stdout;
  }

  /** Waits until the screen matches (polling; the deadline only bounds a broken run). */
  async waitFor(re: RegExp, timeoutMs = 90_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const text = await this.screen();
      if (re.test(text)) return text;
      if (Date.now() > end) throw new Error(`timed out waiting for ${re} in:\n${text}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The screen after the last occurrence of `marker`. */
  async after(marker: string): Promise<string> {
    const text = await this.screen();
    return text.slice(text.lastIndexOf(marker));
  }

  async kill(): Promise<void> {
    await tmux(this.name, ['kill-server']).catch(() => undefined);
  }
}

describe.each(serverMatrix({ sail: true }))(
  'spark-connect shell in tmux against Spark %s',
  (version, url) => {
    let dir: string;
    let history: string;
    const shells: TmuxShell[] = [];
    const start = async (suffix: string) => {
      const shell = await TmuxShell.start(
        `sc-shell-${process.pid}-${version.replace('.', '')}-${suffix}`,
        ['-r', url],
        {
          SPARK_CONNECT_HISTORY: history,
        },
      );
      shells.push(shell);
      await shell.waitFor(/\\help for help, Ctrl-D to quit\.\nspark> $/m);
      return shell;
    };

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'spark-connect-shell-'));
      history = join(dir, 'history');
    });
    afterAll(async () => {
      for (const s of shells) await s.kill();
      await rm(dir, { recursive: true, force: true });
    });

    it('multi-line statements, backslash commands, errors, Ctrl-D; history across runs', async () => {
      const sh = await start('a');
      const banner = await sh.screen();
      const sessionId = /session ([0-9a-f-]{36})\./.exec(banner)?.[1];
      expect(sessionId).toBeDefined();

      await sh.type('SELECT id,');
      await sh.waitFor(/^ {4}-> $/m);
      await sh.type('  id * 2 AS twice');
      await sh.type('FROM range(3);');
      let screen = await sh.waitFor(/3 rows in [\d.]+ s/);
      expect(screen).toContain(
        '+---+-----+\n| id|twice|\n+---+-----+\n|  0|    0|\n|  1|    2|\n|  2|    4|\n+---+-----+\n3 rows in',
      );

      await sh.type('\\help');
      await sh.waitFor(/\\explain \[mode\] +plan of the last statement/);

      await sh.type("CREATE OR REPLACE TEMP VIEW shell_v AS SELECT 1 AS a, 'x' AS b;");
      if (isSail(version)) {
        // Sail answers a command with a one-row result (value: true), which the shell shows.
        await sh.waitFor(/\|value\|\n\+-----\+\n\| true\|\n\+-----\+\n1 row in/);
      } else {
        await sh.waitFor(/^OK \([\d.]+ s\)$/m);
      }
      await sh.type('\\tables');
      screen = await sh.waitFor(/^shell_v +\S* +TEMPORARY +true$/m);
      await sh.type('\\databases');
      await sh.waitFor(/^default +default database$/m);
      await sh.type('\\describe shell_v');
      screen = await sh.waitFor(/^b +string +false +false$/m);
      expect(screen).toMatch(/^a +int +false +false$/m);

      await sh.type('\\set spark.sql.shuffle.partitions 3');
      await sh.waitFor(/^spark\.sql\.shuffle\.partitions=3$/m);
      await sh.type('\\show spark.sql.shuffle.partitions');
      await sh.waitFor(/\\show spark\.sql\.shuffle\.partitions\nspark\.sql\.shuffle\.partitions=3$/m);

      await sh.type('\\format json');
      await sh.waitFor(/^format set to json$/m);
      await sh.type("SELECT 7 AS x, 'j' AS y;");
      await sh.waitFor(/^\{"x":7,"y":"j"\}\n1 row in/m);
      // Each command is typed once the previous one answered, as a user does.
      await sh.type('\\format csv');
      await sh.waitFor(/^format set to csv$/m);
      await sh.type('\\limit 2');
      await sh.waitFor(/^limit set to 2 rows$/m);
      await sh.type('SELECT id FROM range(5);');
      await sh.waitFor(/^id\n0\n1\n2 rows shown \(limit 2, more available\) in/m);
      await sh.type('\\format table');
      await sh.waitFor(/^format set to table$/m);
      await sh.type('\\limit 20');
      await sh.waitFor(/^limit set to 20 rows$/m);

      const file = join(dir, 'script.sql');
      await writeFile(file, 'SELECT 1 AS one;\n-- two statements\nSELECT 2 AS two;\n');
      await sh.type(`\\run ${file}`);
      screen = await sh.waitFor(/\|two\|\n\+---\+\n\| {2}2\|\n\+---\+\n1 row in/);
      expect(screen).toMatch(/\|one\|\n\+---\+\n\| {2}1\|\n\+---\+\n1 row in/);

      await sh.type('\\version');
      await sh.waitFor(
        new RegExp(
          `^client spark-connect-ts 0\\.1\\.0, server Spark ${versionOf(version).join('\\.')}\\.\\d+$`,
          'm',
        ),
      );
      await sh.type('\\session');
      await sh.waitFor(new RegExp(`^session ${sessionId} on 127\\.0\\.0\\.1:\\d+$`, 'm'));
      await sh.type('\\explain');
      await sh.waitFor(/== Physical Plan ==/);

      await sh.type('SELECT nope_col');
      await sh.type('FROM range(1);');
      screen = await sh.waitFor(
        isSail(version)
          ? // Sail's own error: no error class or SQL state, no query context.
            /^AnalysisException: attribute .*nope_col.* is missing from the schema/m
          : /AnalysisException \[UNRESOLVED_COLUMN\.WITH_SUGGESTION\] \(SQLSTATE 42703\): /,
      );
      if (atLeast(version, 4, 0) && !isSail(version)) {
        // The query context points into the statement (line 1, the column name).
        expect(screen).toContain('  line 1: SELECT nope_col\n                 ^^^^^^^^\n');
      }

      await sh.key('C-d');
      await sh.waitFor(new RegExp(`^session ${sessionId} released$`, 'm'));
      const saved = await readFile(history, 'utf8');
      expect(saved).toContain('SELECT id,\n  id * 2 AS twice\nFROM range(3);\n');
      expect(saved.trimEnd().split('\n').at(-1)).toBe('FROM range(1);');

      // A new shell: Up recalls the previous run's lines from the history file.
      const again = await start('b');
      await again.key('Up');
      await again.waitFor(/^spark> FROM range\(1\);$/m);
      await again.key('Up');
      await again.waitFor(/^spark> SELECT nope_col$/m);
      await again.key('C-u');
      await again.key('C-d');
      await again.waitFor(/^session [0-9a-f-]{36} released$/m);
    }, 900_000);

    it('a long query shows progress; Ctrl-C interrupts it on the server and the shell stays', async () => {
      const sh = await start('c');
      // Minutes of work on two partitions (max, not sum: a sum overflows under ANSI mode on 4.x).
      await sh.type('SELECT max(id) FROM range(0, 1000000000000, 1, 2);');
      if (atLeast(version, 4, 0) && !isSail(version)) {
        // The bar from the server's execution progress: tasks done of total, stages, bytes, time.
        await sh.waitFor(
          /\[[=> ]{30}\] \d+\/\d+ tasks, stages \d+\/\d+, \d running, [\d.]+ (B|KiB|MiB) read, [\d.]+ s/,
        );
      } else {
        // 3.5 and Sail send no execution progress: a spinner.
        await sh.waitFor(/[|/\\-] running \d+\.\d s/);
      }
      await sh.key('C-c');
      if (isSail(version)) {
        // Sail cancels it too; the stream then ends with Sail's own error for the operation.
        const screen = await sh.waitFor(/operation not found/);
        const id = /^Interrupt: the server cancelled operation ([0-9a-f-]{36})$/m.exec(screen)?.[1];
        expect(id).toBeDefined();
        expect(screen).toContain(`IllegalArgumentException: invalid argument: operation not found: ${id}`);
      } else {
        const screen = await sh.waitFor(/OPERATION_CANCELED/);
        expect(screen).toMatch(/^Interrupt: the server cancelled operation [0-9a-f-]{36}$/m);
        expect(screen).toMatch(/^OperationCanceledException \[OPERATION_CANCELED\]/m);
      }
      await sh.type('SELECT 42 AS answer;');
      await sh.waitFor(/\|answer\|\n\+------\+\n\| {4}42\|\n\+------\+\n1 row in/);
      await sh.key('C-d');
      await sh.waitFor(/^session [0-9a-f-]{36} released$/m);
    }, 300_000);

    it('with output to a pipe (no TTY) shows no progress bar or spinner, only the results', async () => {
      const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
      const child = spawn(tsx, [join(REPO_ROOT, 'src', 'cli', 'main.ts'), 'shell', '-r', url], {
        env: { ...process.env, SPARK_CONNECT_HISTORY: history },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      // Seconds of work: long enough for the spinner (every 200 ms) and the server's progress
      // reports (every 2 s on 4.x) to have drawn, had the output been a terminal. Sail sends no
      // progress (only the spinner would draw) and counts slower: a tenth of the rows takes seconds.
      const rows = isSail(version) ? 600_000_000 : 6_000_000_000;
      child.stdin.end(`SELECT max(id) AS m FROM range(0, ${rows}, 1, 2);\nSELECT 42 AS answer;\n`);
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(0);
      const m = String(rows - 1);
      const rule = `+${'-'.repeat(m.length)}+`;
      expect(out).toContain(`|${'m'.padStart(m.length)}|\n${rule}\n|${m}|\n${rule}\n1 row in`);
      expect(out).toMatch(/\|answer\|\n\+------\+\n\| {4}42\|/);
      // No cursor control and no progress text on either stream.
      expect(out + err).not.toContain('\x1b[');
      expect(out + err).not.toMatch(/tasks, stages|running \d+\.\d s/);
    }, 300_000);
  },
);
