/**
 * Spark Declarative Pipelines on real 4.1+ servers: graphs of materialized views, SQL-defined
 * elements, streaming tables fed incrementally by files, append flows, and the server's errors
 * for invalid graphs. Sail (which reports 4.2) has no pipelines: one check of the clear error.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  AnalysisException,
  col,
  createDataflowGraph,
  type DataflowGraph,
  lit,
  ParseException,
  type SparkSession,
  UnsupportedServerVersionError,
} from '../../src/index.js';
import {
  atLeast,
  errorOf,
  expectUnsupportedOn,
  isSail,
  itIf,
  newSession,
  serverMatrix,
} from '../support/matrix.js';

describe.each(serverMatrix({ sail: true }))('pipelines on Spark %s', (version, url) => {
  const sail = isSail(version);
  const supported = !sail && atLeast(version, 4, 1);
  let spark: SparkSession;
  let root: string;
  const db = `pl_${version.replace(/\W/g, '_')}_${process.pid}`;
  const storage = (name: string) => pathToFileURL(join(root, 'storage', name)).href;
  const graph = () => createDataflowGraph(spark, { defaultDatabase: db });
  const count = async (t: string) => Number(await spark.table(`${db}.${t}`).count());

  beforeAll(async () => {
    spark = await newSession(url);
    root = mkdtempSync(join(tmpdir(), 'sct-pipelines-'));
    if (supported) await spark.sql(`CREATE DATABASE IF NOT EXISTS ${db}`);
  });
  afterAll(async () => {
    if (supported) await spark.sql(`DROP DATABASE IF EXISTS ${db} CASCADE`).catch(() => undefined);
    await spark?.stop();
  });

  itIf(sail)('Sail answers that it lacks pipelines: the error names createDataflowGraph', async () => {
    expect(await expectUnsupportedOn(version, 'createDataflowGraph', () => graph())).toBe(true);
    // Known from then on: a second graph fails at once, with the same error.
    const again = await errorOf(graph());
    expect(again).toBeInstanceOf(UnsupportedServerVersionError);
    expect(again.message).toContain('pipeline command');
  });

  itIf(!sail && !supported)('rejects pipelines before Spark 4.1 with a typed error', async () => {
    const e = await errorOf(graph());
    expect(e).toBeInstanceOf(UnsupportedServerVersionError);
    expect(e.message).toMatch(/Spark 4\.1/);
  });

  itIf(supported)('runs a two-level graph of materialized views with a SQL-defined element', async () => {
    await using g = await graph();
    await g.materializedView('base', spark.range(10));
    await g.temporaryView('odd_or_even', spark.table('base').withColumn('even', col('id').mod(2).eq(0)));
    await g.materializedView('evens', spark.table('odd_or_even').filter(col('even')).select('id'), {
      comment: 'even ids',
    });
    await g.defineSql('CREATE MATERIALIZED VIEW big_evens AS SELECT id FROM evens WHERE id > 4', {
      filePath: 'big.sql',
    });
    const events = await g.run({ storage: storage('mv') });
    const messages = events.map((e) => e.message);
    expect(messages).toContain(`Flow spark_catalog.${db}.evens has COMPLETED.`);
    expect(messages.at(-1)).toBe('Run is COMPLETED.');
    for (const e of events) expect(e.timestamp.getTime()).toBeGreaterThan(Date.UTC(2020, 0, 1));
    expect(await count('base')).toBe(10);
    expect(await count('evens')).toBe(5);
    expect((await spark.table(`${db}.big_evens`).orderBy('id').collect()).map((r) => r.get('id'))).toEqual([
      6n,
      8n,
    ]);
    // A temporary view is not published to the catalog.
    expect(await spark.catalog.tableExists('odd_or_even', db)).toBe(false);
  });

  itIf(supported)('feeds a streaming table and an append flow incrementally from files', async () => {
    const inA = join(root, 'in-a');
    const inB = join(root, 'in-b');
    mkdirSync(inA, { recursive: true });
    mkdirSync(inB, { recursive: true });
    writeFileSync(join(inA, '1.json'), '{"id":1}\n{"id":2}\n');
    writeFileSync(join(inB, '1.json'), '{"id":10}\n');
    const files = (dir: string) => spark.readStream.format('json').schema('id INT').load(dir);
    const define = async (): Promise<DataflowGraph> => {
      const g = await graph();
      await g.table('events_a', files(inA));
      await g.createStreamingTable('events_b', { schema: 'id INT, src STRING' });
      await g.appendFlow({ target: 'events_b', name: 'from_b' }, files(inB).withColumn('src', lit('b')));
      return g;
    };
    const st = storage('stream');
    {
      await using g = await define();
      const events = await g.run({ storage: st });
      expect(events.map((e) => e.message)).toContain(`Flow spark_catalog.${db}.from_b has COMPLETED.`);
    }
    expect([await count('events_a'), await count('events_b')]).toEqual([2, 1]);
    const rows = await spark.table(`${db}.events_b`).collect();
    expect(rows.map((r) => r.toJSON())).toEqual([{ id: 10, src: 'b' }]);

    // New files: a second run (a new graph, the same storage) appends only them.
    writeFileSync(join(inA, '2.json'), '{"id":3}\n');
    writeFileSync(join(inB, '2.json'), '{"id":20}\n{"id":30}\n');
    {
      await using g = await define();
      await g.run({ storage: st });
    }
    expect([await count('events_a'), await count('events_b')]).toEqual([3, 3]);

    // A full refresh of one table recomputes it from all files; the other keeps its rows.
    {
      await using g = await define();
      await g.run({ storage: st, fullRefresh: ['events_a'] });
    }
    expect([await count('events_a'), await count('events_b')]).toEqual([3, 3]);
  });

  itIf(supported)('a dry run validates without writing', async () => {
    await using g = await graph();
    await g.materializedView('dry_only', spark.range(3));
    const events = await g.run({ storage: storage('dry'), dry: true });
    expect(events.at(-1)?.message).toBe('Run is COMPLETED.');
    expect(await spark.catalog.tableExists('dry_only', db)).toBe(false);
  });

  itIf(supported)('surfaces the server errors for invalid graphs', async () => {
    {
      await using g = await graph();
      await g.materializedView('dup', spark.range(1));
      await g.materializedView('dup', spark.range(2));
      const e = await errorOf(g.run({ storage: storage('dup') }));
      expect(e).toBeInstanceOf(AnalysisException);
      expect(e.errorClass).toBe('PIPELINE_DUPLICATE_IDENTIFIERS.OUTPUT');
    }
    {
      await using g = await graph();
      const parse = await errorOf(g.defineSql('CREATE MATERIALIZED VIEW AS SELEC'));
      expect(parse).toBeInstanceOf(ParseException);
      expect(parse.errorClass).toBe('PARSE_SYNTAX_ERROR');
      const notElement = await errorOf(g.defineSql('SELECT 1', { filePath: 'q.sql' }));
      expect(notElement).toBeInstanceOf(AnalysisException);
      expect(notElement.errorClass).toBe('PIPELINE_SQL_GRAPH_ELEMENT_REGISTRATION_ERROR');
      expect(notElement.message).toContain('q.sql');
      const empty = await errorOf(g.run({ storage: storage('empty') }));
      expect(empty).toBeInstanceOf(AnalysisException);
      expect(empty.errorClass).toBe('RUN_EMPTY_PIPELINE');
    }
    {
      await using g = await graph();
      await g.materializedView('reads_nothing', spark.table('no_such_table_in_pipeline'));
      // The run fails with the resolution error; the events before it name the cause.
      const seen: string[] = [];
      const e = await errorOf(
        (async () => {
          for await (const ev of g.startRun({ storage: storage('missing') })) seen.push(ev.message);
        })(),
      );
      expect(e).toBeInstanceOf(AnalysisException);
      expect(e.message).toContain(`Flows with errors: spark_catalog.${db}.reads_nothing`);
      expect(seen.join('\n')).toContain('no_such_table_in_pipeline');
    }
    {
      await using g = await graph();
      expect(() => g.startRun({ storage: 'relative/dir' })).toThrow(/absolute URI/);
      expect(() => g.startRun({ storage: storage('x'), fullRefreshAll: true, refresh: ['a'] })).toThrow(
        /CONFLICTING_PIPELINE_REFRESH_OPTIONS/,
      );
    }
  });
});
