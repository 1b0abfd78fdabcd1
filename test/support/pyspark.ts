/** Runs a Python script with the PySpark of a server's venv (scripts/spark-server python <version>). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SERVER_SCRIPT } from './servers.js';

const run = promisify(execFile);

/** The venv python of a Spark version line (the one its test server runs from). */
export async function pysparkPython(version: string): Promise<string> {
  const { stdout } = await run(SERVER_SCRIPT, ['python', version], { timeout: 600_000 });
  return stdout.trim().split('\n').pop() as string;
}

/** Runs `script` with `args` and parses the last stdout line as JSON. */
export async function runPySparkJson<T>(version: string, script: string, args: string[]): Promise<T> {
  const python = await pysparkPython(version);
  const { stdout } = await run(python, [script, ...args], {
    timeout: 1_200_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}
