/**
 * Starts the real Spark Connect servers of the matrix once per test run (sequentially: the
 * machine has 2 cores) and hands their URLs to the tests; provisions nginx for the TLS ingress tests. Servers stay up for reuse by later runs.
 */
import type { TestProject } from 'vitest/node';
import { nginxBinary } from './nginx.js';
import { startServer, testVersions } from './servers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    sparkServers: { version: string; url: string }[];
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const servers: { version: string; url: string }[] = [];
  if (testVersions().length > 0) {
    // The TLS ingress tests need nginx: provision it once, up front, so a failure is one clear error.
    console.log(`[nginx] ${nginxBinary()}`);
  }
  for (const version of testVersions()) {
    const started = Date.now();
    const url = await startServer(version);
    console.log(`[spark] ${version} ready at ${url} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    servers.push({ version, url });
  }
  project.provide('sparkServers', servers);
}
