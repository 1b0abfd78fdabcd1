/**
 * Helpers of the table-format tier: a Spark Connect server (local mode) that scripts/spark-server
 * starts with a table format's jars and confs (`--with delta`, `--with iceberg`), on its own port.
 *
 * Versions: SPARK_TEST_DELTA_VERSIONS / SPARK_TEST_ICEBERG_VERSIONS (comma separated), else the
 * newest Spark line the format has a release for (DEFAULT_FORMAT_VERSIONS).
 * Ports: SPARK_TEST_CLUSTER_PORT_BASE (default SPARK_CONNECT_TS_PORT_BASE + 800 = 15800) + 90 (delta) / + 95 (iceberg), + 1 per
 * further version.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tierPortBase } from '../cluster/support.js';
import { SERVER_SCRIPT } from '../support/servers.js';

const run = promisify(execFile);

export type TableFormat = 'delta' | 'iceberg';

/** The newest Spark line each format has a release for (scripts/lib/formats.sh: Delta 4.4 for 4.2, Iceberg 1.11 for 4.1). */
export const DEFAULT_FORMAT_VERSIONS: Record<TableFormat, string[]> = {
  delta: ['4.2'],
  iceberg: ['4.1'],
};

const OFFSETS: Record<TableFormat, number> = { delta: 90, iceberg: 95 };

/** The Spark versions a format's tests run on; fails loudly when there is none. */
export function formatServerVersions(format: TableFormat): string[] {
  const env = process.env[`SPARK_TEST_${format.toUpperCase()}_VERSIONS`];
  const versions =
    env !== undefined && env.trim() !== ''
      ? env
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v.length > 0)
      : DEFAULT_FORMAT_VERSIONS[format];
  if (versions.length === 0) throw new Error(`No Spark versions for the ${format} tests`);
  return versions;
}

/** The port of a format's server for a version. */
export function formatPort(version: string, format: TableFormat): number {
  const i = formatServerVersions(format).indexOf(version);
  return tierPortBase() + OFFSETS[format] + Math.max(0, i);
}

/** Starts (or reuses) a server with the format's jars and confs; returns its URL. */
export async function startFormatServer(version: string, format: TableFormat): Promise<string> {
  const args = ['start', version, '--port', String(formatPort(version, format)), '--with', format];
  const { stdout } = await run(SERVER_SCRIPT, args, { maxBuffer: 16 * 1024 * 1024, timeout: 1_500_000 });
  const url = stdout.trim().split('\n').pop()?.trim() ?? '';
  if (!url.startsWith('sc://'))
    throw new Error(`spark-server start ${version} --with ${format} printed no URL:\n${stdout}`);
  return url;
}

/** Stops a format's server. */
export async function stopFormatServer(version: string, format: TableFormat): Promise<void> {
  await run(SERVER_SCRIPT, ['stop', version, '--port', String(formatPort(version, format))], {
    timeout: 180_000,
  });
}
