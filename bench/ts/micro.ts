/**
 * What the micro-benchmarks (decode-micro, upload-micro, rpc-micro) share: command-line options,
 * CPU time, and a GC clock that counts the milliseconds of garbage collection since a quiet start.
 */
import { PerformanceObserver } from 'node:perf_hooks';

/** The value of `--name value` on the command line, or `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

/** User + system CPU seconds of the process so far (all threads, GC included). */
export function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

let gcTotalMs = 0;
let observing = false;

/**
 * Runs two full GCs (node --expose-gc), lets their entries arrive, and starts counting GC time
 * from zero: `gcMs()` then gives the milliseconds of GC since.
 */
export async function quietStart(): Promise<void> {
  if (!observing) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcTotalMs += e.duration;
    }).observe({ entryTypes: ['gc'] });
    observing = true;
  }
  const g = (globalThis as { gc?: () => void }).gc;
  if (g === undefined) throw new Error('run with node --expose-gc');
  g();
  g();
  await new Promise((r) => setTimeout(r, 20));
  gcTotalMs = 0;
}

/** GC milliseconds since quietStart() (wait a few ms first for the last entries to arrive). */
export function gcMs(): number {
  return gcTotalMs;
}
