/**
 * The test UDF jar: compiles the Java sources of test/fixtures/java with javac (JDK 17) against
 * the jars of a server's SPARK_HOME (from `scripts/spark-server provision <version>`), and caches
 * the jar in the project cache by a hash of the sources and the Spark version, so it is built once.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, SERVER_SCRIPT } from './servers.js';

const run = promisify(execFile);

export const JAVA_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'java');

/** Class names of the fixture UDFs (package sparkconnectts.fixtures). */
export const UDF_CLASSES = {
  /** UDF1<String, Integer>: string length, null for null. */
  strLen: 'sparkconnectts.fixtures.StrLen',
  /** UDF2<Long, Long, Long>: a * 1000 + b. */
  affineLong: 'sparkconnectts.fixtures.AffineLong',
  /** UDF1<Long, String>: the running JVM's `pid@host`. */
  jvmName: 'sparkconnectts.fixtures.JvmName',
  /** UDF1<Long, Integer>: the running JVM's pid. */
  jvmPid: 'sparkconnectts.fixtures.JvmPid',
  /** UserDefinedAggregateFunction: sum of squares of bigints. */
  sumOfSquares: 'sparkconnectts.fixtures.SumOfSquares',
  /** UDF2<Long, String, Long>: announces each task attempt in a directory, waits for `open` there. */
  taskGate: 'sparkconnectts.fixtures.TaskGate',
  /** ExternalCommandRunner: runs a SQL statement over JDBC (option `url`). */
  jdbcCommandRunner: 'sparkconnectts.fixtures.JdbcCommandRunner',
} as const;

function cacheDir(): string {
  return process.env.SPARK_CONNECT_TS_CACHE ?? join(homedir(), '.cache', 'spark-connect-ts');
}

function jdkBin(tool: string): string {
  const home =
    process.env.SPARK_CONNECT_TS_JAVA_HOME ??
    (existsSync('/usr/lib/jvm/java-17-openjdk-amd64')
      ? '/usr/lib/jvm/java-17-openjdk-amd64'
      : process.env.JAVA_HOME);
  if (home === undefined) throw new Error('No JDK 17 found: set SPARK_CONNECT_TS_JAVA_HOME');
  return join(home, 'bin', tool);
}

async function javaSources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await javaSources(p)));
    else if (entry.name.endsWith('.java')) out.push(p);
  }
  return out.sort();
}

/** SPARK_HOME of a version (provisions it if needed). */
export async function sparkHome(version: string): Promise<string> {
  const { stdout } = await run(SERVER_SCRIPT, ['provision', version], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 1_500_000,
  });
  const home = stdout.trim().split('\n').pop()?.trim() ?? '';
  if (!existsSync(join(home, 'jars')))
    throw new Error(`spark-server provision ${version} printed no SPARK_HOME: ${stdout}`);
  return home;
}

const building = new Map<string, Promise<string>>();

/**
 * The fixture UDF jar compiled for a server version; resolves with its path (in the cache).
 * @example const jar = await udfJar('4.3'); await spark.addArtifacts(jar);
 */
export function udfJar(version: string): Promise<string> {
  let p = building.get(version);
  if (p === undefined) {
    p = buildJar(version);
    building.set(version, p);
  }
  return p;
}

async function buildJar(version: string): Promise<string> {
  const home = await sparkHome(version);
  const sources = await javaSources(JAVA_FIXTURES);
  if (sources.length === 0) throw new Error(`no Java sources in ${JAVA_FIXTURES}`);
  const hash = createHash('sha256');
  // SPARK_HOME names the exact Spark release (versions/<X.Y.Z>/...).
  hash.update(home);
  for (const s of sources) {
    hash.update(relative(JAVA_FIXTURES, s));
    hash.update(await readFile(s));
  }
  const digest = hash.digest('hex').slice(0, 16);
  const dir = join(cacheDir(), 'test-jars');
  const jar = join(dir, `spark-connect-ts-test-udfs-${digest}.jar`);
  if (existsSync(jar)) return jar;
  await mkdir(dir, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'sct-udf-jar-'));
  try {
    const classes = join(work, 'classes');
    await mkdir(classes);
    await run(
      jdkBin('javac'),
      ['--release', '17', '-nowarn', '-cp', join(home, 'jars', '*'), '-d', classes, ...sources],
      { maxBuffer: 16 * 1024 * 1024, timeout: 300_000 },
    ).catch((err: Error & { stderr?: string }) => {
      throw new Error(`javac failed for Spark ${version}:\n${err.stderr ?? err.message}`);
    });
    const tmpJar = join(work, 'udfs.jar');
    await run(jdkBin('jar'), ['cf', tmpJar, '-C', classes, '.'], { timeout: 120_000 });
    // Atomic publish: concurrent builders never see a half-written jar.
    await rename(tmpJar, jar).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EXDEV') throw err;
      await copyFile(tmpJar, `${jar}.tmp`);
      await rename(`${jar}.tmp`, jar);
    });
    return jar;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
