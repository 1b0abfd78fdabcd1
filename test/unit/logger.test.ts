import { describe, expect, it } from 'vitest';
import { Log, type Logger } from '../../src/telemetry/logger.js';

function sink(level?: string): Logger & { lines: string[]; level?: string } {
  const lines: string[] = [];
  const push = (l: string) => (m: string) => lines.push(`${l}:${m}`);
  return { lines, level, debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

describe('Log', () => {
  it('is silent without a logger and without SPARK_CONNECT_LOG_LEVEL', () => {
    expect(Log.from({}, {})).toBe(Log.silent);
    expect(Log.silent.debugOn).toBe(false);
  });

  it('level: explicit > SPARK_CONNECT_LOG_LEVEL > the logger own level (pino, winston) > debug', () => {
    const s = sink('warn');
    Log.from({ logger: s }, {}).info('a');
    Log.from({ logger: s }, {}).warn('b');
    Log.from({ logger: s }, { SPARK_CONNECT_LOG_LEVEL: 'INFO' }).info('c');
    Log.from({ logger: s, logLevel: 'error' }, { SPARK_CONNECT_LOG_LEVEL: 'debug' }).warn('d');
    Log.from({ logger: sink() }, {}).debug('e');
    expect(s.lines).toEqual(['warn:spark-connect: b', 'info:spark-connect: c']);
    expect(Log.from({ logger: sink() }, {}).debugOn).toBe(true);
  });

  it('redacts secrets from every message and never builds disabled messages', () => {
    const s = sink();
    const log = Log.from({ logger: s, logLevel: 'info' }, {}).withSecrets(['s3cr3t-token']);
    log.info('failed with Bearer s3cr3t-token twice s3cr3t-token');
    log.debug(() => {
      throw new Error('must not be called');
    });
    expect(s.lines).toEqual(['info:spark-connect: failed with Bearer *** twice ***']);
    expect(JSON.stringify(log)).not.toContain('s3cr3t');
  });

  it('rejects a bad logger or level with a clear TypeError', () => {
    expect(() => Log.from({ logger: {} as Logger }, {})).toThrow(/debug, info, warn and error methods/);
    expect(() => Log.from({}, { SPARK_CONNECT_LOG_LEVEL: 'loud' })).toThrow(
      "SPARK_CONNECT_LOG_LEVEL must be one of debug, info, warn, error, off, got 'loud'",
    );
  });
});
