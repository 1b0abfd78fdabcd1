/** How the shell shows a failed statement: Spark's error class, SQL state and a caret under the fragment. */
import { SparkConnectError } from '../../index.js';

/**
 * The error text: `Name [ERROR_CLASS] (SQLSTATE xxxxx): message`, then for each SQL query context
 * the statement line holding the fragment with `^^^` under it.
 */
export function describeError(e: unknown, statement?: string): string {
  if (!(e instanceof Error)) return `${String(e)}\n`;
  const lines: string[] = [];
  if (e instanceof SparkConnectError) {
    const head = [e.name];
    if (e.errorClass !== undefined) head.push(`[${e.errorClass}]`);
    if (e.sqlState !== undefined) head.push(`(SQLSTATE ${e.sqlState})`);
    let message = firstLine(e.message);
    // The class and state are in the head already.
    if (e.errorClass !== undefined) message = message.replace(`[${e.errorClass}] `, '');
    if (e.sqlState !== undefined) message = message.replace(` SQLSTATE: ${e.sqlState}`, '');
    lines.push(`${head.join(' ')}: ${message}`);
    for (const ctx of e.queryContext ?? []) {
      if (ctx.contextType !== 'SQL' || statement === undefined || ctx.startIndex === undefined) continue;
      lines.push(...pointer(statement, ctx.startIndex, ctx.stopIndex ?? ctx.startIndex));
    }
  } else {
    lines.push(`${e.name}: ${e.message}`);
  }
  return `${lines.join('\n')}\n`;
}

function firstLine(message: string): string {
  // Spark appends its own "== SQL ==" rendering (the caret below replaces it),
  // and server stack traces follow the first line: show the first line only.
  return message.split('\n')[0].trim();
}

/** The statement line(s) of [start, stop] with carets under the fragment. */
function pointer(statement: string, start: number, stop: number): string[] {
  const lineStart = statement.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = statement.indexOf('\n', start);
  if (lineEnd < 0) lineEnd = statement.length;
  const lineNo = statement.slice(0, lineStart).split('\n').length;
  const text = statement.slice(lineStart, lineEnd);
  const width = Math.max(1, Math.min(stop, lineEnd - 1) - start + 1);
  const prefix = `  line ${lineNo}: `;
  return [`${prefix}${text}`, `${' '.repeat(prefix.length + (start - lineStart))}${'^'.repeat(width)}`];
}
