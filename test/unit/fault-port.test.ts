/** The fault tier's server ports: every target of the matrix gets a distinct, valid port. */
import { afterEach, describe, expect, it } from 'vitest';
import { faultPort } from '../fault/support.js';

describe('faultPort', () => {
  const saved = process.env.SPARK_CONNECT_TS_PORT_BASE;
  afterEach(() => {
    if (saved === undefined) delete process.env.SPARK_CONNECT_TS_PORT_BASE;
    else process.env.SPARK_CONNECT_TS_PORT_BASE = saved;
  });

  it('gives Sail its own port (not NaN) and keeps the Spark lines apart', () => {
    process.env.SPARK_CONNECT_TS_PORT_BASE = '17000';
    expect(faultPort('sail')).toBe(17695);
    expect(faultPort('sail-0.7.2')).toBe(17695);
    expect(faultPort('3.5')).toBe(17650);
    expect(faultPort('4.3.0')).toBe(17670);
    // A line without a fixed port stays off the token servers' base+680..689.
    const other = faultPort('4.4');
    expect(other).toBeGreaterThanOrEqual(17690);
    expect(other).toBeLessThan(17695);
  });

  it('rejects a target that is neither a version nor Sail', () => {
    expect(() => faultPort('latest')).toThrow(/neither a Spark version nor a Sail target/);
  });
});
