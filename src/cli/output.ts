/**
 * Result formats of the CLI: Spark's own `show` table (or vertical), JSON lines, CSV, an Arrow IPC
 * stream, and Parquet written client-side from the Arrow result (with the optional
 * `hyparquet-writer` package: apache-arrow reads and writes Arrow IPC only, not Parquet).
 */
import { type Table, Type, tableToIPC } from 'apache-arrow';
import type { DataFrame } from '../index.js';

/** The output formats. */
export const FORMATS = ['table', 'vertical', 'json', 'csv', 'arrow', 'parquet'] as const;
export type Format = (typeof FORMATS)[number];

/** Formats that are binary (written as bytes, one result). */
export const BINARY_FORMATS: readonly Format[] = ['arrow', 'parquet'];

export function parseFormat(s: string): Format | undefined {
  return (FORMATS as readonly string[]).includes(s) ? (s as Format) : undefined;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Options of a text rendering. */
export interface RenderOptions {
  /** Rows at most (undefined: all; the table formats default to 20). */
  limit?: number;
  /** Truncate long table cells to 20 characters (default true). */
  truncate?: boolean;
  /** Abort signal (interrupts the statement on the server). */
  signal?: AbortSignal;
  /** Operation tags of the query, so that `interruptTag()` can cancel it on the server. */
  tags?: string[];
  /** Called with each execution progress report. */
  onProgress?: Parameters<DataFrame['collect']>[0] extends infer O
    ? O extends { onProgress?: infer P }
      ? P
      : never
    : never;
}

/** A text rendering and how many rows it shows (`more` when the result has more rows). */
export interface Rendered {
  text: string;
  rows: number;
  more: boolean;
}

/** Renders a DataFrame in a text format. */
export async function renderText(df: DataFrame, format: Format, opts: RenderOptions = {}): Promise<Rendered> {
  const action = {
    signal: opts.signal,
    ...(opts.tags ? { tags: opts.tags } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  };
  if (format === 'table' || format === 'vertical') {
    const limit = opts.limit ?? 20;
    const text = await df.showString(limit, opts.truncate ?? true, format === 'vertical', action);
    const more = /only showing top \d+ row/.test(text);
    const rows =
      format === 'vertical'
        ? (text.match(/^-RECORD \d+/gm) ?? []).length
        : Math.max(0, text.split('\n').filter((l) => l.startsWith('|')).length - 1);
    return { text: text.endsWith('\n') ? text : `${text}\n`, rows, more };
  }
  const rows = opts.limit === undefined ? await df.collect(action) : await df.take(opts.limit + 1, action);
  const more = opts.limit !== undefined && rows.length > opts.limit;
  if (more) rows.length = opts.limit as number;
  let text = '';
  if (format === 'json') {
    for (const r of rows) text += `${JSON.stringify(r.toJSON())}\n`;
  } else if (format === 'csv') {
    text += `${(await df.columns()).map(csvCell).join(',')}\n`;
    for (const r of rows) text += `${Object.values(r.toJSON()).map(csvCell).join(',')}\n`;
  } else {
    throw new TypeError(`${format} is not a text format`);
  }
  return { text, rows: rows.length, more };
}

/** The result as an Arrow IPC stream or a Parquet file. */
export async function renderBinary(
  df: DataFrame,
  format: Format,
  opts: RenderOptions = {},
): Promise<Uint8Array> {
  const source = opts.limit === undefined ? df : df.limit(opts.limit);
  const table = await source.toArrow({ signal: opts.signal });
  if (format === 'arrow') return tableToIPC(table, 'stream');
  if (format === 'parquet') return parquetOf(table);
  throw new TypeError(`${format} is not a binary format`);
}

interface ParquetColumn {
  name: string;
  data: unknown[];
  type?: string;
}

interface ParquetSchemaElement {
  name: string;
  type?: string;
  converted_type?: string;
  repetition_type?: string;
  num_children?: number;
}

type ParquetWriter = (opts: { columnData: ParquetColumn[]; schema?: ParquetSchemaElement[] }) => ArrayBuffer;

const PARQUET_MODULE = 'hyparquet-writer';

async function parquetWriter(): Promise<ParquetWriter> {
  try {
    const m = (await import(/* @vite-ignore */ PARQUET_MODULE)) as { parquetWriteBuffer: ParquetWriter };
    return m.parquetWriteBuffer;
  } catch {
    throw new Error(
      "Parquet output needs the optional package 'hyparquet-writer' (npm install hyparquet-writer); " +
        'or use --format arrow',
    );
  }
}

/** Arrow table -> Parquet bytes: flat columns of primitive, string, binary, date and timestamp types. */
async function parquetOf(table: Table): Promise<Uint8Array> {
  const write = await parquetWriter();
  const columns: ParquetColumn[] = [];
  const schema: ParquetSchemaElement[] = [{ name: 'spark_schema', num_children: table.schema.fields.length }];
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name);
    const values: unknown[] = vector === null ? [] : [...vector];
    let element: ParquetSchemaElement;
    let data: unknown[] = values;
    switch (field.type.typeId) {
      case Type.Bool:
        element = { name: field.name, type: 'BOOLEAN' };
        break;
      case Type.Int: {
        const t = field.type as { bitWidth: number; isSigned: boolean };
        if (t.bitWidth === 64) {
          element = { name: field.name, type: 'INT64' };
        } else {
          element = { name: field.name, type: 'INT32' };
          if (t.bitWidth === 8) element.converted_type = 'INT_8';
          if (t.bitWidth === 16) element.converted_type = 'INT_16';
        }
        break;
      }
      case Type.Float: {
        const precision = (field.type as { precision: number }).precision;
        element = { name: field.name, type: precision === 2 ? 'DOUBLE' : 'FLOAT' };
        break;
      }
      case Type.Utf8:
      case Type.LargeUtf8:
        element = { name: field.name, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
        break;
      case Type.Binary:
      case Type.LargeBinary:
        element = { name: field.name, type: 'BYTE_ARRAY' };
        break;
      case Type.Date:
        element = { name: field.name, type: 'INT32', converted_type: 'DATE' };
        data = values.map((v) => (v === null ? null : new Date(v as number)));
        break;
      case Type.Timestamp: {
        // Spark sends microseconds: keep them exactly (TIMESTAMP_MICROS).
        element = { name: field.name, type: 'INT64', converted_type: 'TIMESTAMP_MICROS' };
        const raw: bigint[] = [];
        for (const d of vector?.data ?? []) {
          const buf = d.values as BigInt64Array;
          for (let j = 0; j < d.length; j++) raw.push(buf[d.offset + j]);
        }
        data = values.map((v, i) => (v === null ? null : raw[i]));
        break;
      }
      default:
        throw new TypeError(
          `Parquet output: column '${field.name}' has type ${String(field.type)}, which the CLI does not ` +
            'write to Parquet (flat boolean, integer, floating point, string, binary, date and timestamp ' +
            'columns only); use --format arrow, or cast the column in SQL',
        );
    }
    element.repetition_type = field.nullable ? 'OPTIONAL' : 'REQUIRED';
    schema.push(element);
    columns.push({ name: field.name, data });
  }
  return new Uint8Array(write({ columnData: columns, schema }));
}
