/**
 * The conformance suite's runtime: what a translated PySpark example prints (`show`, `repr`,
 * `str`), the doctest output check, and the recorder a translated docstring reports its examples
 * to.
 */
import { Column, type DataFrame, Row, type SparkSession, StorageLevel, StructType } from '../../src/index.js';

/** What `df.show(n, truncate, vertical)` prints: Spark's text and print()'s newline. */
export async function show(df: DataFrame, n?: number, truncate?: boolean | number, vertical?: boolean) {
  return `${await df.showString(n, truncate, vertical)}\n`;
}

/** Python's `repr` of a value as the interactive prompt prints it (a Row as PySpark's Row repr). */
export function repr(v: unknown): string {
  if (v === null || v === undefined) return '';
  return `${pyRepr(v)}\n`;
}

/**
 * The repr of a result PySpark documents as `float` (or a list of them): `1.0`, not `1`. A JS
 * number alone cannot tell them apart; the translator knows the method.
 */
export function reprFloat(v: number | readonly (number | readonly number[])[]): string {
  const f = (x: unknown): string =>
    Array.isArray(x)
      ? `[${x.map(f).join(', ')}]`
      : Number.isInteger(x)
        ? (x as number).toFixed(1)
        : String(x);
  return `${f(v)}\n`;
}

/** The repr of a list of pairs PySpark returns as tuples (`dtypes`): `[('a', 'int')]`. */
export function reprTuples(v: readonly (readonly unknown[])[]): string {
  return `[${v.map((t) => `(${t.map(pyRepr).join(', ')})`).join(', ')}]\n`;
}

/** What `print(v)` prints. */
export function str(v: unknown): string {
  return `${typeof v === 'string' ? v : pyRepr(v)}\n`;
}

function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v instanceof Row || v instanceof Column || v instanceof StructType) return String(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof StorageLevel) {
    const flags = [v.useDisk, v.useMemory, v.useOffHeap, v.deserialized].map((b) => (b ? 'True' : 'False'));
    return `StorageLevel(${flags.join(', ')}, ${v.replication})`;
  }
  switch (typeof v) {
    case 'string':
      return `'${v.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
    case 'boolean':
      return v ? 'True' : 'False';
    case 'number':
    case 'bigint':
      return String(v);
  }
  return String(v);
}

/**
 * Does `got` match doctest's `want` under ELLIPSIS and NORMALIZE_WHITESPACE (the flags PySpark's
 * doctest runners enable for these modules), as doctest.OutputChecker decides it.
 */
export function doctestMatches(want: string, got: string): boolean {
  if (want === got) return true;
  // doctest writes an empty line of the expected output as <BLANKLINE>.
  const w = want.replace(/^<BLANKLINE>$/gm, '');
  const norm = (s: string) =>
    s
      .split(/\s+/)
      .filter((x) => x !== '')
      .join(' ');
  const nw = norm(w);
  const ng = norm(got);
  if (nw === ng) return true;
  return ellipsisMatch(nw, ng);
}

/** doctest's _ellipsis_match: `...` in `want` matches any text. */
function ellipsisMatch(want: string, got: string): boolean {
  if (!want.includes('...')) return want === got;
  const pieces = want.split('...');
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  let start = 0;
  let end = got.length;
  if (!got.startsWith(first)) return false;
  start = first.length;
  if (!got.endsWith(last)) return false;
  end -= last.length;
  if (start > end) return false;
  for (const piece of pieces.slice(1, -1)) {
    const at = got.indexOf(piece, start);
    if (at < 0 || at + piece.length > end) return false;
    start = at + piece.length;
  }
  return true;
}

/**
 * Does the error an example threw (`Name: first line of the message`) match the exception doctest
 * expects (`module.Class: message`, the traceback's last line): the same class (the client's
 * classes live in no Python module, so the class name alone) and, unless IGNORE_EXCEPTION_DETAIL,
 * the message as doctest compares output.
 */
export function exceptionMatches(
  exception: string | null,
  options: Readonly<Record<string, boolean>>,
  threw: string,
  classes: readonly string[] = [threw.split(': ')[0]],
): boolean {
  if (exception === null) return false;
  const [wantHead, ...wantRest] = exception.trimEnd().split(': ');
  const [, ...gotRest] = threw.split(': ');
  // The class or a subclass of it (the client may throw a narrower class than PySpark, e.g.
  // TempTableAlreadyExistsException where PySpark raises AnalysisException; `except` catches both).
  if (!classes.includes(wantHead.split('.').pop() as string)) return false;
  return options.IGNORE_EXCEPTION_DETAIL === true || doctestMatches(wantRest.join(': '), gotRest.join(': '));
}

/** The names of an error's class and its superclasses, narrowest first. */
export function classNames(err: unknown): string[] {
  const out: string[] = [];
  for (let p = Object.getPrototypeOf(err); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p))
    out.push(p.constructor.name);
  return out;
}

/** What happened to one example with expected output. */
export type Outcome =
  | { kind: 'printed'; got: string }
  | { kind: 'threw'; error: string; classes: string[] }
  | { kind: 'untranslated'; reason: string };

/** The recorder a translated docstring reports its examples to, by their index in the docstring. */
export class Examples {
  readonly outcomes = new Map<number, Outcome>();

  /** Runs one example and records what it printed, or the error it threw. */
  async step(index: number, run: () => Promise<string>): Promise<void> {
    try {
      this.outcomes.set(index, { kind: 'printed', got: await run() });
    } catch (err) {
      const e = err as Error;
      this.outcomes.set(index, {
        kind: 'threw',
        error: `${e.name}: ${e.message.split('\n')[0]}`,
        classes: classNames(err),
      });
    }
  }

  /** Records an example the translator could not write with the client's API. */
  untranslated(index: number, reason: string): void {
    this.outcomes.set(index, { kind: 'untranslated', reason });
  }
}

/** A translated docstring: its examples, in order, on one session. */
export type Docstring = (spark: SparkSession, ex: Examples) => Promise<void>;

/** The translated docstrings of a module (or of one generated file of it), by name. */
export type Docstrings = Record<string, Docstring>;

/** PySpark's repr of a DataFrame: `DataFrame[name: type, ...]`. */
export async function reprDataFrame(df: DataFrame): Promise<string> {
  const fields = (await df.schema()).fields.map((f) => `${f.name}: ${f.dataType.simpleString()}`);
  return `DataFrame[${fields.join(', ')}]\n`;
}
