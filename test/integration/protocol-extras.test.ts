/**
 * The rest of the protocol, on every line: Spark's HTML rendering (HtmlString), DDL parsed and
 * rendered by the server (ddl_parse, json_to_ddl), named function arguments, an external command
 * run by a runner class from a session artifact (a JDBC runner over Derby), resource profiles,
 * and the plugin escape hatch (extension relations, expressions and commands) answered by a
 * server without the plugin. On Sail: what it has runs and passes; each piece it lacks (external
 * commands, resource profiles, extensions) is one assertion of the clear error naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnalysisException,
  ExecutorResourceRequests,
  functions as F,
  ParseException,
  ResourceProfileBuilder,
  SparkConnectError,
  type SparkSession,
  StructType,
  TaskResourceRequests,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import { UDF_CLASSES, udfJar } from '../support/java-udf.js';
import {
  atLeast,
  errorOf,
  expectUnsupportedOn,
  isSail,
  itIf,
  newSession,
  serverMatrix,
} from '../support/matrix.js';
import { sailIt } from '../support/sail.js';

describe.each(serverMatrix({ sail: true }))('protocol extras on Spark %s', (version, url) => {
  const test = sailIt(version, 'protocol extras');
  let spark: SparkSession;
  const since40 = atLeast(version, 4, 0);

  beforeAll(async () => {
    spark = await newSession(url);
  });
  afterAll(async () => {
    await spark?.stop();
  });

  test('toHtml() is Spark own HTML table: escaped cells, truncation, the "only showing" note', async () => {
    const df = await spark.sql("SELECT 1 AS id, '<b>x</b>' AS s, 'abcdefghijklmnopqrstuvwxyz' AS t");
    expect(await df.toHtml()).toBe(
      "<table border='1'>\n<tr><th>id</th><th>s</th><th>t</th></tr>\n" +
        '<tr><td>1</td><td>&lt;b&gt;x&lt;/b&gt;</td><td>abcdefghijklmnopq...</td></tr>\n</table>\n',
    );
    expect(await df.toHtml(1, false)).toContain('<td>abcdefghijklmnopqrstuvwxyz</td>');
    expect(await spark.range(3).toHtml(2)).toBe(
      "<table border='1'>\n<tr><th>id</th></tr>\n<tr><td>0</td></tr>\n<tr><td>1</td></tr>\n</table>\n" +
        'only showing top 2 rows\n',
    );
    await expect(spark.range(1).toHtml(-1)).rejects.toThrow(TypeError);
  });

  test('parseDataType() parses DDL with the server parser; a syntax error is its ParseException', async () => {
    const schema = await spark.parseDataType("a INT NOT NULL, b ARRAY<STRING> COMMENT 'tags'");
    expect(schema).toBeInstanceOf(StructType);
    const st = schema as StructType;
    expect(st.simpleString()).toBe('struct<a:int,b:array<string>>');
    expect(st.fields.map((f) => f.nullable)).toEqual([false, true]);
    expect((await spark.parseDataType('decimal(10,2)')).simpleString()).toBe('decimal(10,2)');
    const err = await errorOf(spark.parseDataType('a INT,, b'));
    expect(err).toBeInstanceOf(ParseException);
    // Sail's parser names the token it did not expect, without Spark's error class.
    if (isSail(version)) expect(err.message).toContain('found ,');
    else expect(err.errorClass).toBe('PARSE_SYNTAX_ERROR');
  });

  test('toDDL() renders a schema as DDL on the server (4.0+), quoting names as Spark does', async () => {
    const schema = new StructType().add('a', 'int', false).add('b w', 'array<string>');
    if (!since40) {
      await expect(spark.toDDL(schema)).rejects.toBeInstanceOf(UnsupportedServerVersionError);
      return;
    }
    expect(await spark.toDDL(schema)).toBe('a INT NOT NULL,`b w` ARRAY<STRING>');
  });

  test('F.call_function passes named arguments (4.0+); the server checks the names', async () => {
    const masked = spark.range(1).select(
      F.call_function('mask', F.lit('AbCD123-@$#'), {
        upperChar: F.lit('Q'),
        lowerChar: F.lit('q'),
        digitChar: F.lit('d'),
      }).alias('m'),
    );
    const wrongName = spark.range(1).select(F.call_function('mask', F.lit('Ab'), { nope: F.lit('Q') }));
    if (!since40) {
      const err = await errorOf(masked.collect());
      expect(err).toBeInstanceOf(UnsupportedServerVersionError);
      expect(err.message).toContain('named arguments');
      return;
    }
    expect((await masked.collect()).map((r) => r.get('m'))).toEqual(['QqQQddd-@$#']);
    const err = await errorOf(wrongName.collect());
    expect(err).toBeInstanceOf(AnalysisException);
    expect(err.errorClass).toBe('UNRECOGNIZED_PARAMETER_NAME');
  });

  it('executeCommand() runs a command with a runner class from a session jar (JDBC over Derby, 4.0+)', async () => {
    const db = `jdbc:derby:memory:sct_${version.replace(/\W/g, '_')}_${Date.now()};create=true`;
    const runOne = () => spark.executeCommand(UDF_CLASSES.jdbcCommandRunner, 'VALUES 1', { url: db });
    if (
      await expectUnsupportedOn(version, 'SparkSession.executeCommand', runOne, 'execute external command')
    ) {
      return;
    }
    if (!since40) {
      const err = await errorOf(runOne());
      expect(err).toBeInstanceOf(UnsupportedServerVersionError);
      expect(err.message).toContain('SparkSession.executeCommand');
      return;
    }
    await spark.addArtifacts(await udfJar(version));
    const run = UDF_CLASSES.jdbcCommandRunner;
    const created = await spark.executeCommand(run, 'CREATE TABLE t (i INT, s VARCHAR(10))', { url: db });
    expect((await created.collect()).map((r) => r.get(0))).toEqual(['updated 0']);
    const inserted = await spark.executeCommand(run, "INSERT INTO t VALUES (2, 'b'), (1, 'a')", { url: db });
    expect((await inserted.collect()).map((r) => r.get(0))).toEqual(['updated 2']);
    const rows = await spark.executeCommand(run, 'SELECT i, s FROM t ORDER BY i', { url: db });
    expect((await rows.collect()).map((r) => r.get(0))).toEqual(['1,a', '2,b']);
    // Spark's own data sources have no runner: the server names the runner it cannot use.
    const err = await errorOf(spark.executeCommand('jdbc', 'VALUES 1', { url: db }));
    expect(err).toBeInstanceOf(AnalysisException);
    expect(err.message).toContain('Command execution is not supported in runner jdbc');
    await expect(spark.executeCommand(run, 'VALUES 1', { url: 1 as unknown as string })).rejects.toThrow(
      "option 'url' must be a string",
    );
  });

  it('ResourceProfile.id() sends the profile (4.0+); a local-mode server refuses it by name', async () => {
    const profile = new ResourceProfileBuilder()
      .require(new ExecutorResourceRequests().cores(1).memory('512m'))
      .require(new TaskResourceRequests().cpus(1))
      .build();
    expect(profile.executorResources.get('memory')?.amount).toBe(512n);
    if (await expectUnsupportedOn(version, 'ResourceProfile.id', () => profile.id(spark), 'resource profile'))
      return;
    const err = await errorOf(profile.id(spark));
    if (!since40) {
      expect(err).toBeInstanceOf(UnsupportedServerVersionError);
      return;
    }
    // Stage-level scheduling needs a cluster manager with dynamic allocation; a local[2]
    // server says so (the cluster tier registers one for real).
    expect(err).toBeInstanceOf(SparkConnectError);
    expect(err.message).toContain(
      'ResourceProfiles are only supported on YARN and Kubernetes and Standalone',
    );
  });

  it('extension relations, expressions and commands reach the server, which names the missing plugin', async () => {
    const any = {
      typeUrl: 'type.googleapis.com/spark_connect_ts.test.NoSuchPlugin',
      value: new Uint8Array([8, 1]),
    };
    if (isSail(version)) {
      // Sail has no extension points: each kind is refused by name.
      const ext = spark.extensions;
      await expectUnsupportedOn(
        version,
        'extensions.relation',
        () => ext.relation(any).collect(),
        'extension relation',
      );
      await expectUnsupportedOn(
        version,
        'extensions.expression',
        () => spark.range(1).select(ext.expression(any)).collect(),
        'extension expression',
      );
      await expectUnsupportedOn(version, 'extensions.command', () => ext.command(any), 'command extension');
      return;
    }
    const failures = [
      await errorOf(spark.extensions.relation(any).collect()),
      await errorOf(spark.range(1).select(spark.extensions.expression(any)).collect()),
      await errorOf(spark.extensions.command(any)),
    ];
    for (const err of failures) {
      expect(err).toBeInstanceOf(SparkConnectError);
      expect(err.message).toContain('No handler found for extension');
      if (atLeast(version, 4, 2)) {
        expect(err.errorClass).toBe('CONNECT_INVALID_PLAN.NO_HANDLER_FOR_EXTENSION');
        expect(err.message).toContain(any.typeUrl);
      }
    }
    expect(() => spark.extensions.relation({ typeUrl: '', value: new Uint8Array() })).toThrow(TypeError);
  });

  itIf(atLeast(version, 4, 1))('an extension pipeline command reaches the server', async () => {
    const any = {
      typeUrl: 'type.googleapis.com/spark_connect_ts.test.NoSuchPipelinePlugin',
      value: new Uint8Array(),
    };
    const run = () => spark.extensions.pipelineCommand(any);
    if (await expectUnsupportedOn(version, 'extensions.pipelineCommand', run, 'pipeline command')) return;
    const err = await errorOf(run());
    expect(err).toBeInstanceOf(SparkConnectError);
    expect(err.message).toMatch(/extension/i);
  });

  itIf(!atLeast(version, 4, 1))('an extension pipeline command needs Spark 4.1', async () => {
    const any = { typeUrl: 'type.googleapis.com/x.Y', value: new Uint8Array() };
    await expect(spark.extensions.pipelineCommand(any)).rejects.toBeInstanceOf(UnsupportedServerVersionError);
  });
});
