/** Runs a Python script with the PySpark of a server's venv (scripts/spark-server python <version>). */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { SERVER_SCRIPT } from './servers.js';

const run = promisify(execFile);

/** One run of a reference script may take this long (about 35 s on a quiet machine). */
const SCRIPT_TIMEOUT_MS = 300_000;
/** A run that timed out is tried once more: a hung PySpark client is not what a test checks. */
const ATTEMPTS = 2;

/** Timeout for a test or hook that runs a reference script: every attempt, and then some. */
export const PYSPARK_TIMEOUT_MS = ATTEMPTS * SCRIPT_TIMEOUT_MS + 120_000;

/** The venv python of a Spark version line (the one its test server runs from). */
export async function pysparkPython(version: string): Promise<string> {
  const { stdout } = await run(SERVER_SCRIPT, ['python', version], { timeout: 600_000 });
  return stdout.trim().split('\n').pop() as string;
}

/**
 * Runs `script` with `args` and parses the last stdout line as JSON. A run that hangs is stopped
 * with SIGABRT after 5 minutes, which makes Python's fault handler print every thread's stack:
 * the warning (or the final error) shows where PySpark hung.
 */
export async function runPySparkJson<T>(version: string, script: string, args: string[]): Promise<T> {
  const python = await pysparkPython(version);
  for (let attempt = 1; ; attempt++) {
    const { stdout, stderr, code, hung } = await runScript(python, [script, ...args]);
    if (code === 0) {
      const lines = stdout.trim().split('\n');
      return JSON.parse(lines[lines.length - 1]) as T;
    }
    const what = `${script} (PySpark ${version})`;
    if (!hung || attempt >= ATTEMPTS) {
      throw new Error(`${what} ${hung ? 'hung' : `exited with ${code}`}:\n${stderr.slice(-6000)}`);
    }
    console.warn(
      `${what} hung for ${SCRIPT_TIMEOUT_MS / 1000} s; running it again. Its threads:\n${stderr.slice(-6000)}`,
    );
  }
}

interface ScriptRun {
  stdout: string;
  stderr: string;
  code: number | null;
  hung: boolean;
}

/**
 * Runs python with a time limit, keeping all output: execFile's own timeout discards what the
 * child prints as it dies, which is where the fault handler's stacks are.
 */
function runScript(python: string, args: string[]): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, {
      env: { ...process.env, PYTHONFAULTHANDLER: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGABRT');
    }, SCRIPT_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, hung });
    });
  });
}
