/**
 * Java UDFs and UDAFs from a jar the test builds (test/fixtures/java, compiled against the
 * server's own Spark jars), uploaded with addArtifacts and registered with spark.udf, then called
 * from SQL and F.call_udf, with exact results. Sail runs no JVM: one check of what a user gets
 * there for each step (uploading the jar, registering a UDF and a UDAF).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { col, DataTypes, functions as F, lit, type SparkSession } from '../../src/index.js';
import { UDF_CLASSES, udfJar } from '../support/java-udf.js';
import { expectUnsupportedOn, isSail, newSession, serverMatrix } from '../support/matrix.js';

describe.each(serverMatrix({ sail: true }).filter(([v]) => isSail(v)))('Java UDFs on %s', (version, url) => {
  let spark: SparkSession;
  let dir: string;
  beforeAll(async () => {
    spark = await newSession(url);
    dir = mkdtempSync(join(tmpdir(), 'sct-java-udf-sail-'));
  });
  afterAll(async () => {
    await spark?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('uploading a jar and registering Java functions fail with errors naming the artifact and class', async () => {
    // An empty zip is a valid jar; Sail refuses the upload itself, whatever the jar holds.
    const jar = join(dir, 'empty.jar');
    writeFileSync(jar, Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]));
    expect(
      await expectUnsupportedOn(
        version,
        'SparkSession.addArtifacts (a jar)',
        () => spark.addArtifacts(jar),
        'add artifacts',
      ),
    ).toBe(true);
    // Without a JVM no Java class loads, not even one of the JDK's.
    const fn = () => spark.udf.registerJavaFunction('str_len', UDF_CLASSES.strLen, 'int');
    expect(
      await expectUnsupportedOn(
        version,
        'UDFRegistration.registerJavaFunction',
        fn,
        `Can not load class ${UDF_CLASSES.strLen}`,
      ),
    ).toBe(true);
    await expect(spark.udf.registerJavaFunction('jdk', 'java.lang.String', 'int')).rejects.toThrow(
      /Can not load class java\.lang\.String/,
    );
    const udaf = () => spark.udf.registerJavaUDAF('sum_sq', UDF_CLASSES.sumOfSquares);
    expect(
      await expectUnsupportedOn(
        version,
        'UDFRegistration.registerJavaUDAF',
        udaf,
        `Can not load class ${UDF_CLASSES.sumOfSquares}`,
      ),
    ).toBe(true);
  });
});

describe.each(serverMatrix().filter(([v]) => !isSail(v)))('Java UDFs on Spark %s', (version, url) => {
  let spark: SparkSession;

  beforeAll(async () => {
    const jar = await udfJar(version);
    spark = await newSession(url);
    await spark.addArtifacts(jar);
  });

  afterAll(async () => {
    await spark?.stop();
  });

  it('registerJavaFunction infers the return type from the class (UDF1<String, Integer>)', async () => {
    await spark.udf.registerJavaFunction('str_len', UDF_CLASSES.strLen);
    const df = await spark.sql(
      "SELECT s, str_len(s) AS n FROM VALUES (1, 'hello'), (2, ''), (3, 'h\u00e9llo w\u00f6rld'), (4, NULL) AS t(i, s) ORDER BY i",
    );
    expect((await df.schema()).fields[1].dataType.simpleString()).toBe('int');
    expect((await df.collect()).map((r) => r.get('n'))).toEqual([5, 0, 11, null]);
  });

  it('registerJavaFunction with a DDL return type, called from SQL and F.call_udf (UDF2)', async () => {
    await spark.udf.registerJavaFunction('affine', UDF_CLASSES.affineLong, 'bigint');
    const viaSql = await spark.sql('SELECT affine(id, id * 2) AS v FROM range(5) ORDER BY id');
    expect((await viaSql.collect()).map((r) => r.get('v'))).toEqual([0n, 1002n, 2004n, 3006n, 4008n]);
    const viaCall = spark
      .range(3, 6)
      .select(F.call_udf('affine', col('id'), lit(7).cast('bigint')).alias('v'))
      .orderBy('v');
    expect((await viaCall.collect()).map((r) => r.get('v'))).toEqual([3007n, 4007n, 5007n]);
  });

  it('registerJavaFunction with a DataType return type', async () => {
    await spark.udf.registerJavaFunction('str_len_typed', UDF_CLASSES.strLen, DataTypes.int);
    const rows = await spark.sql("SELECT str_len_typed('spark') AS n").then((df) => df.collect());
    expect(rows[0].get('n')).toBe(5);
  });

  it('registerJavaUDAF: a UserDefinedAggregateFunction with GROUP BY, from SQL and F.call_udf', async () => {
    await spark.udf.registerJavaUDAF('sum_sq', UDF_CLASSES.sumOfSquares);
    const expected = new Map<bigint, bigint>();
    for (let i = 1n; i <= 100n; i++) expected.set(i % 3n, (expected.get(i % 3n) ?? 0n) + i * i);

    const viaSql = await spark.sql(
      'SELECT id % 3 AS k, sum_sq(id) AS s FROM range(1, 101, 1, 4) GROUP BY id % 3 ORDER BY k',
    );
    expect((await viaSql.collect()).map((r) => [r.get('k'), r.get('s')])).toEqual(
      [0n, 1n, 2n].map((k) => [k, expected.get(k)]),
    );

    const viaCall = spark
      .range(1, 101, 1, 4)
      .groupBy(col('id').mod(3).alias('k'))
      .agg(F.call_udf('sum_sq', col('id')).alias('s'))
      .orderBy('k');
    expect((await viaCall.collect()).map((r) => [r.get('k'), r.get('s')])).toEqual(
      [0n, 1n, 2n].map((k) => [k, expected.get(k)]),
    );

    // No non-null input: the UDAF's own null.
    const empty = await spark.sql('SELECT sum_sq(CAST(NULL AS BIGINT)) AS s').then((df) => df.collect());
    expect(empty[0].get('s')).toBeNull();
  });

  it('a registered function belongs to its session', async () => {
    await spark.udf.registerJavaFunction('str_len_scoped', UDF_CLASSES.strLen, 'int');
    const other = await newSession(url);
    try {
      await expect(other.sql("SELECT str_len_scoped('x')").then((df) => df.collect())).rejects.toThrow(
        /str_len_scoped/,
      );
    } finally {
      await other.stop();
    }
  });

  it('a class the server cannot load is the server error naming it', async () => {
    await expect(
      spark.udf.registerJavaFunction('nope', 'sparkconnectts.fixtures.DoesNotExist', 'int'),
    ).rejects.toThrow(/sparkconnectts\.fixtures\.DoesNotExist/);
    // A UDF1 is not a UserDefinedAggregateFunction.
    await expect(spark.udf.registerJavaUDAF('not_udaf', UDF_CLASSES.strLen)).rejects.toThrow(
      /sparkconnectts\.fixtures\.StrLen/,
    );
  });
});
