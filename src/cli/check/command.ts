/**
 * `spark-connect check`: is this Spark Connect deployment healthy? Runs the steps one after the
 * other, each with its timing, under one deadline (--timeout); prints a table or JSON; exits 0
 * (all passed, warnings allowed), 1 (a step failed) or 2 (usage, or cannot connect at all).
 */
import { parseConnectionString } from '../../index.js';
import { type CliIo, intOption, remoteOf, tlsOptions, UsageError, type Values } from '../options.js';
import { dnsTcpStep, tlsStep } from './network.js';
import {
  type CheckReport,
  renderHuman,
  renderJson,
  type StepReport,
  type StepResult,
  type StepStatus,
} from './report.js';
import { SessionChecks } from './session-steps.js';

export const CHECK_OPTIONS = {
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  queries: { type: 'string' },
  'stream-rows': { type: 'string' },
  'write-test': { type: 'boolean' },
  'min-cert-days': { type: 'string' },
} as const;

export const CHECK_USAGE = `check options:
      --json             Print the report as JSON
      --timeout <s>      Deadline for the whole check in seconds (default 120)
      --queries <n>      SELECT 1 round trips for the latency figures (default 20)
      --stream-rows <n>  Rows of the streamed result (default 1000000)
      --write-test       Also write and read back a table (needs a writable warehouse)
      --min-cert-days <n> Warn when the certificate expires sooner (default 30)
`;

/** Runs the check; returns the exit status. */
export async function checkCommand(values: Values, io: CliIo): Promise<number> {
  const remote = remoteOf(values);
  const timeoutS = intOption(values, 'timeout', 120, 1);
  const queries = intOption(values, 'queries', 20, 1);
  const streamRows = intOption(values, 'stream-rows', 1_000_000, 1);
  const minDays = intOption(values, 'min-cert-days', 30, 0);
  let cfg: ReturnType<typeof parseConnectionString>;
  try {
    cfg = parseConnectionString(remote);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const tls = tlsOptions(values);
  const useTls = cfg.useSsl || tls !== undefined;
  const deadline = AbortSignal.timeout(timeoutS * 1000);
  const steps: StepReport[] = [];
  let stopped: string | undefined;

  const run = async (step: string, fn: () => Promise<StepResult>): Promise<StepResult> => {
    if (stopped !== undefined) {
      const r: StepReport = { step, status: 'skip', ms: 0, detail: stopped };
      steps.push(r);
      return r;
    }
    const t0 = performance.now();
    let result: StepResult;
    try {
      result = await new Promise<StepResult>((resolve, reject) => {
        const onAbort = () => reject(new Error(`timed out (--timeout ${timeoutS} s)`));
        if (deadline.aborted) onAbort();
        deadline.addEventListener('abort', onAbort, { once: true });
        fn()
          .then(resolve, reject)
          .finally(() => deadline.removeEventListener('abort', onAbort));
      });
    } catch (e) {
      const err = e as Error & { errorClass?: string };
      result = { status: 'fail', detail: `${err.name}: ${err.message}` };
    }
    if (deadline.aborted && result.status === 'fail')
      stopped = `not run: the check timed out after ${timeoutS} s`;
    steps.push({ step, ms: performance.now() - t0, ...result });
    return result;
  };

  let exitCode: 0 | 1 | 2 = 0;
  const net = await run('dns+tcp', () => dnsTcpStep(cfg.host, cfg.port, deadline));
  if (net.status === 'fail') {
    exitCode = 2;
    stopped = 'not run: cannot connect';
  }
  if (useTls) {
    const t = await run('tls', () => tlsStep(cfg.host, cfg.port, tls, minDays, deadline));
    if (t.status === 'fail') stopped ??= 'not run: TLS failed';
  }
  const session = new SessionChecks(values, {
    queries,
    streamRows,
    token: cfg.token !== undefined,
    signal: deadline,
  });
  try {
    const auth = await run('auth+session', () => session.open());
    if (auth.status === 'fail') stopped ??= 'not run: no session';
    await run('server', () => session.server());
    await run('config', () => session.configRoundTrip());
    await run('select-1', () => session.selectOne());
    await run('shuffle', () => session.shuffle());
    await run('stream', () => session.stream());
    await run('artifact', () => session.artifact());
    if (values['write-test'] === true) await run('write-test', () => session.writeTest());
    await run('release', () => session.release());
  } finally {
    await session.close();
  }

  const summary: Record<StepStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const s of steps) summary[s.status]++;
  if (exitCode === 0 && summary.fail > 0) exitCode = 1;
  const report: CheckReport = { endpoint: `${cfg.host}:${cfg.port}`, tls: useTls, steps, summary, exitCode };
  io.out(values.json === true ? renderJson(report) : renderHuman(report));
  return exitCode;
}
