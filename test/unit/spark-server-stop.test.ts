/**
 * scripts/spark-server `stop all` stops the recorded servers of its own SPARK_CONNECT_TS_PORT_BASE
 * only: several users of one cache (parallel checkouts, each with its own port base) must not stop
 * each other's servers. Recorded servers that are not running are only forgotten, so no server is
 * needed here. The ports are far from the test servers' (a stop waits for its port to close).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVER_SCRIPT } from '../support/servers.js';

const run = promisify(execFile);
let cache = '';

afterEach(async () => {
  if (cache !== '') await rm(cache, { recursive: true, force: true });
});

/** A cache whose state records (not running) servers on these ports. */
async function cacheWith(ports: number[]): Promise<string> {
  cache = await mkdtemp(join(tmpdir(), 'spark-server-stop-'));
  await mkdir(join(cache, 'state'), { recursive: true });
  for (const port of ports) {
    // No such process: the script forgets the record instead of signalling anything.
    const state = [
      'version=4.3.0',
      'kind=spark',
      `port=${port}`,
      'pid=999999999',
      `url=sc://127.0.0.1:${port}`,
    ];
    await writeFile(join(cache, 'state', `${port}.state`), `${state.join('\n')}\n`);
  }
  return cache;
}

async function stop(base: number, ...args: string[]): Promise<string[]> {
  await run(SERVER_SCRIPT, ['stop', ...args], {
    env: { ...process.env, SPARK_CONNECT_TS_CACHE: cache, SPARK_CONNECT_TS_PORT_BASE: String(base) },
    timeout: 60_000,
  });
  return (await readdir(join(cache, 'state'))).sort();
}

describe('scripts/spark-server stop all', () => {
  it("stops the servers of its port base and leaves another base's", async () => {
    await cacheWith([40430, 40900, 40650, 41430, 41900]);
    expect(await stop(41000, 'all')).toEqual(['40430.state', '40650.state', '40900.state']);
    expect(await stop(40000, 'all')).toEqual([]);
  });

  it('--port still stops the server on that port whatever the base', async () => {
    await cacheWith([40430, 41430]);
    expect(await stop(41000, 'all', '--port', '40430')).toEqual(['41430.state']);
  });
});
