/**
 * What the shell shows while a statement runs, on a terminal only: a progress bar from the
 * server's execution progress (Spark 4.0+: stages, tasks done of total, bytes read, elapsed), or an
 * elapsed-time spinner (Spark 3.5, which reports no progress). Nothing when not a TTY.
 */
import type { ExecutionProgress } from '../../index.js';

const SPINNER = ['|', '/', '-', '\\'];
const BAR_WIDTH = 30;

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** The progress line for one progress report. */
export function progressLine(p: ExecutionProgress, elapsedMs: number): string {
  const total = p.stages.reduce((a, s) => a + s.numTasks, 0);
  const done = p.stages.reduce((a, s) => a + s.numCompletedTasks, 0);
  const read = p.stages.reduce((a, s) => a + s.inputBytesRead, 0);
  const stagesDone = p.stages.filter((s) => s.done).length;
  const filled = total === 0 ? 0 : Math.round((done / total) * BAR_WIDTH);
  const bar = `${'='.repeat(filled)}${filled < BAR_WIDTH ? '>' : ''}${' '.repeat(Math.max(0, BAR_WIDTH - filled - 1))}`;
  return (
    `[${bar}] ${done}/${total} tasks, stages ${stagesDone}/${p.stages.length}, ` +
    `${p.numInflightTasks} running, ${bytes(read)} read, ${(elapsedMs / 1000).toFixed(1)} s`
  );
}

/** Draws on a TTY stream while a statement runs; `stop()` clears the line. */
export class ProgressDisplay {
  private timer: NodeJS.Timeout | undefined;
  private last: ExecutionProgress | undefined;
  private frame = 0;
  private readonly started = performance.now();
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly withProgress: boolean,
  ) {
    if (!stream.isTTY) return;
    this.timer = setInterval(() => this.draw(), 200);
    this.timer.unref();
  }

  /** The handler to pass as `onProgress`. */
  readonly onProgress = (p: ExecutionProgress): void => {
    if (!p.done) this.last = p;
    this.draw();
  };

  private draw(): void {
    if (this.timer === undefined) return;
    const elapsed = performance.now() - this.started;
    const line =
      this.withProgress && this.last !== undefined
        ? progressLine(this.last, elapsed)
        : `${SPINNER[this.frame++ % SPINNER.length]} running ${(elapsed / 1000).toFixed(1)} s`;
    const cols = this.stream.columns ?? 80;
    this.stream.write(`\r\x1b[2K${line.slice(0, cols - 1)}`);
    this.drawn = true;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.drawn) this.stream.write('\r\x1b[2K');
  }
}
