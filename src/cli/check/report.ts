/** The report of `spark-connect check`: step results, the human table and the JSON document. */

export type StepStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** What a step found. */
export interface StepResult {
  status: StepStatus;
  detail: string;
  /** Figures for --json (latencies, versions, ...). */
  data?: Record<string, unknown>;
}

/** A step with its name and duration. */
export interface StepReport extends StepResult {
  step: string;
  ms: number;
}

/** The whole check. */
export interface CheckReport {
  endpoint: string;
  tls: boolean;
  steps: StepReport[];
  summary: Record<StepStatus, number>;
  /** 0 all passed (warnings allowed), 1 a step failed, 2 cannot connect. */
  exitCode: 0 | 1 | 2;
}

const MARKS: Record<StepStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };

/** The human table: one line per step with its mark, name, time and detail. */
export function renderHuman(report: CheckReport): string {
  const nameWidth = Math.max(...report.steps.map((s) => s.step.length), 4);
  const lines = [`spark-connect check ${report.endpoint}${report.tls ? ' (TLS)' : ''}`];
  for (const s of report.steps) {
    const ms = s.status === 'skip' ? '' : `${s.ms.toFixed(1)} ms`;
    lines.push(`  ${MARKS[s.status]}  ${s.step.padEnd(nameWidth)}  ${ms.padStart(10)}  ${s.detail}`);
  }
  const { pass, warn, fail, skip } = report.summary;
  lines.push(`${pass} passed, ${warn} warnings, ${fail} failed, ${skip} skipped`);
  return `${lines.join('\n')}\n`;
}

/** The JSON document (--json). */
export function renderJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
