/**
 * SQL text -> statements: split on `;` outside string literals ('...', "..."), quoted identifiers
 * (`...`) and comments (-- to the end of the line, /* ... *\/). Used by `sql -f` (several
 * statements in a file) and by the shell (a statement ends at `;`).
 */

/** The result of scanning SQL text. */
export interface SplitResult {
  /** Complete statements (ended by `;`), trimmed, without the `;`; empty ones are skipped. */
  statements: string[];
  /** Text after the last `;` (an unfinished statement; '' when nothing but blanks/comments). */
  rest: string;
}

/** True when the text holds nothing but whitespace and comments. */
function blank(text: string): boolean {
  return (
    text
      .replace(/--[^\n]*/g, '')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .trim() === ''
  );
}

/**
 * Splits SQL text into statements.
 *
 * @example
 * splitStatements("SELECT ';'; SELECT 2;").statements; // ["SELECT ';'", 'SELECT 2']
 */
export function splitStatements(text: string): SplitResult {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      i++;
      while (i < n && text[i] !== c) {
        if (text[i] === '\\' && c !== '`') i++;
        i++;
      }
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === ';') {
      const stmt = text.slice(start, i);
      if (!blank(stmt)) statements.push(stmt.trim());
      start = i + 1;
      i++;
    } else {
      i++;
    }
  }
  const rest = text.slice(start);
  return { statements, rest: blank(rest) ? '' : rest };
}
