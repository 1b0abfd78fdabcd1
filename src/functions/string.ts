/**
 * String functions. Names, argument orders and defaults are PySpark's; arguments are converted as
 * in args.ts.
 */
import type { Column } from '../column/column.js';
import { type ColumnOrName, call } from './args.js';

/**
 * Code point of the first character. Spark SQL `ascii`.
 *
 * @example F.ascii('col')
 */
export function ascii(col: ColumnOrName): Column {
  return call('ascii').col('col', col).build();
}

/**
 * Length in bits. Spark SQL `bit_length`.
 *
 * @example F.bit_length('col')
 */
export function bit_length(col: ColumnOrName): Column {
  return call('bit_length').col('col', col).build();
}

/**
 * Removes leading and trailing `trim` characters (a column; default spaces). Spark SQL `btrim`.
 *
 * @example F.btrim('str')
 */
export function btrim(str: ColumnOrName, trim?: ColumnOrName): Column {
  return call('btrim').col('str', str).optCol('trim', trim).build();
}

/**
 * The character with the given code point (modulo 256). Spark SQL `char`.
 *
 * @example F.char('col')
 */
export function char(col: ColumnOrName): Column {
  return call('char').col('col', col).build();
}

/**
 * The character with the given code point (modulo 256). Spark SQL `chr`.
 *
 * @example F.chr('n')
 */
export function chr(n: ColumnOrName): Column {
  return call('chr').col('n', n).build();
}

/**
 * Length in characters. Spark SQL `char_length`.
 *
 * @example F.char_length('str')
 */
export function char_length(str: ColumnOrName): Column {
  return call('char_length').col('str', str).build();
}

/**
 * Length in characters. Spark SQL `character_length`.
 *
 * @example F.character_length('str')
 */
export function character_length(str: ColumnOrName): Column {
  return call('character_length').col('str', str).build();
}

/**
 * The string with the given collation. Spark SQL `collate`.
 *
 * @example F.collate('name', 'UNICODE_CI')
 */
export function collate(col: ColumnOrName, collation: string | Column): Column {
  return call('collate').col('col', col).str('collation', collation).build();
}

/**
 * The collation name of a string. Spark SQL `collation`.
 *
 * @example F.collation('col')
 */
export function collation(col: ColumnOrName): Column {
  return call('collation').col('col', col).build();
}

/**
 * Concatenates strings with a separator, skipping nulls. Spark SQL `concat_ws`.
 *
 * @example F.concat_ws('-', 'a', 'b')
 */
export function concat_ws(sep: string | Column, ...cols: ColumnOrName[]): Column {
  return call('concat_ws').str('sep', sep).cols('cols', cols).build();
}

/**
 * True if `right` is found in `left` (both columns). Spark SQL `contains`.
 *
 * @example F.contains('left', 'right')
 */
export function contains(left: ColumnOrName, right: ColumnOrName): Column {
  return call('contains').col('left', left).col('right', right).build();
}

/**
 * The n-th input (1-based), n being the first argument. Spark SQL `elt`.
 *
 * @example F.elt('a', 'b')
 */
export function elt(...inputs: ColumnOrName[]): Column {
  return call('elt').cols('inputs', inputs).build();
}

/**
 * True if `str` ends with `suffix` (a column). Spark SQL `endswith`.
 *
 * @example F.endswith('str', 'suffix')
 */
export function endswith(str: ColumnOrName, suffix: ColumnOrName): Column {
  return call('endswith').col('str', str).col('suffix', suffix).build();
}

/**
 * 1-based index of `str` in a comma-separated list; 0 if absent. Spark SQL `find_in_set`.
 *
 * @example F.find_in_set('str', 'str_array')
 */
export function find_in_set(str: ColumnOrName, str_array: ColumnOrName): Column {
  return call('find_in_set').col('str', str).col('str_array', str_array).build();
}

/**
 * Capitalizes the first letter of each word. Spark SQL `initcap`.
 *
 * @example F.initcap('col')
 */
export function initcap(col: ColumnOrName): Column {
  return call('initcap').col('col', col).build();
}

/**
 * Jaro-Winkler similarity of two strings. Spark SQL `jaro_winkler_similarity`.
 *
 * @example F.jaro_winkler_similarity('left', 'right')
 */
export function jaro_winkler_similarity(left: ColumnOrName, right: ColumnOrName): Column {
  return call('jaro_winkler_similarity').col('left', left).col('right', right).build();
}

/**
 * Lower-cases a string. Spark SQL `lcase`.
 *
 * @example F.lcase('str')
 */
export function lcase(str: ColumnOrName): Column {
  return call('lcase').col('str', str).build();
}

/**
 * The leftmost `len` characters (`len` is a column). Spark SQL `left`.
 *
 * @example F.left('str', 'len')
 */
export function left(str: ColumnOrName, len: ColumnOrName): Column {
  return call('left').col('str', str).col('len', len).build();
}

/**
 * Length in characters (strings) or bytes (binary). Spark SQL `length`.
 *
 * @example F.length('col')
 */
export function length(col: ColumnOrName): Column {
  return call('length').col('col', col).build();
}

/**
 * Levenshtein distance; -1 when above `threshold`. Spark SQL `levenshtein`.
 *
 * @example F.levenshtein('left', 'right')
 */
export function levenshtein(left: ColumnOrName, right: ColumnOrName, threshold?: number | Column): Column {
  return call('levenshtein').col('left', left).col('right', right).optInt('threshold', threshold).build();
}

/**
 * 1-based position of `substr` in `str` from `pos`; 0 if absent. Spark SQL `locate`.
 *
 * @example F.locate('b', 'name')
 */
export function locate(substr: string | Column, str: ColumnOrName, pos: number | Column = 1): Column {
  return call('locate').str('substr', substr).col('str', str).int('pos', pos).build();
}

/**
 * Lower-cases a string. Spark SQL `lower`.
 *
 * @example F.lower('col')
 */
export function lower(col: ColumnOrName): Column {
  return call('lower').col('col', col).build();
}

/**
 * Left-pads to `len` characters with `pad`. Spark SQL `lpad`.
 *
 * @example F.lpad('id', 5, '0')
 */
export function lpad(col: ColumnOrName, len: number | Column, pad: string | Column): Column {
  return call('lpad').col('col', col).int('len', len).str('pad', pad).build();
}

/**
 * Masks letters and digits; replacement characters are columns (default 'X', 'x', 'n', unchanged).
 * Spark SQL `mask`.
 *
 * @example F.mask('col')
 */
export function mask(
  col: ColumnOrName,
  upperChar?: ColumnOrName,
  lowerChar?: ColumnOrName,
  digitChar?: ColumnOrName,
  otherChar?: ColumnOrName,
): Column {
  return call('mask')
    .col('col', col)
    .colOr('upperChar', upperChar, 'X')
    .colOr('lowerChar', lowerChar, 'x')
    .colOr('digitChar', digitChar, 'n')
    .colOr('otherChar', otherChar, null)
    .build();
}

/**
 * Length in bytes. Spark SQL `octet_length`.
 *
 * @example F.octet_length('col')
 */
export function octet_length(col: ColumnOrName): Column {
  return call('octet_length').col('col', col).build();
}

/**
 * Replaces part of `src` with `replace` from 1-based `pos` for `len` characters. Spark SQL
 * `overlay`.
 *
 * @example F.overlay('s', 'r', 2)
 */
export function overlay(
  src: ColumnOrName,
  replace: ColumnOrName,
  pos: ColumnOrName | number,
  len: ColumnOrName | number = -1,
): Column {
  return call('overlay')
    .col('src', src)
    .col('replace', replace)
    .colOrInt('pos', pos)
    .colOrInt('len', len)
    .build();
}

/**
 * 1-based position of `substr` in `str` (columns); 0 if absent. Spark SQL `position`.
 *
 * @example F.position('substr', 'str')
 */
export function position(substr: ColumnOrName, str: ColumnOrName, start?: ColumnOrName): Column {
  return call('position').col('substr', substr).col('str', str).optCol('start', start).build();
}

/**
 * Quotes a string as a SQL string literal. Spark SQL `quote`.
 *
 * @example F.quote('col')
 */
export function quote(col: ColumnOrName): Column {
  return call('quote').col('col', col).build();
}

/**
 * Number of matches of a regular expression (a column). Spark SQL `regexp_count`.
 *
 * @example F.regexp_count('str', 'regexp')
 */
export function regexp_count(str: ColumnOrName, regexp: ColumnOrName): Column {
  return call('regexp_count').col('str', str).col('regexp', regexp).build();
}

/**
 * The `idx`-th group of the first match; '' if none. Spark SQL `regexp_extract`.
 *
 * @example F.regexp_extract('s', '(\\d+)-(\\d+)', 1)
 */
export function regexp_extract(str: ColumnOrName, pattern: string | Column, idx: number | Column): Column {
  return call('regexp_extract').col('str', str).str('pattern', pattern).int('idx', idx).build();
}

/**
 * All matches' `idx`-th group (default 1); `regexp` is a column. Spark SQL `regexp_extract_all`.
 *
 * @example F.regexp_extract_all('str', 'regexp')
 */
export function regexp_extract_all(str: ColumnOrName, regexp: ColumnOrName, idx?: number | Column): Column {
  return call('regexp_extract_all').col('str', str).col('regexp', regexp).optInt('idx', idx).build();
}

/**
 * 1-based position of the first match; `regexp` is a column. Spark SQL `regexp_instr`.
 *
 * @example F.regexp_instr('str', 'regexp')
 */
export function regexp_instr(str: ColumnOrName, regexp: ColumnOrName, idx?: number | Column): Column {
  return call('regexp_instr').col('str', str).col('regexp', regexp).optInt('idx', idx).build();
}

/**
 * Replaces all matches of `pattern` with `replacement`. Spark SQL `regexp_replace`.
 *
 * @example F.regexp_replace('s', '\\d+', '#')
 */
export function regexp_replace(
  string: ColumnOrName,
  pattern: string | Column,
  replacement: string | Column,
  position?: number | Column,
): Column {
  return call('regexp_replace')
    .col('string', string)
    .str('pattern', pattern)
    .str('replacement', replacement)
    .optInt('position', position)
    .build();
}

/**
 * The first match of a regular expression (a column). Spark SQL `regexp_substr`.
 *
 * @example F.regexp_substr('str', 'regexp')
 */
export function regexp_substr(str: ColumnOrName, regexp: ColumnOrName): Column {
  return call('regexp_substr').col('str', str).col('regexp', regexp).build();
}

/**
 * Repeats a string `n` times. Spark SQL `repeat`.
 *
 * @example F.repeat('s', 3)
 */
export function repeat(col: ColumnOrName, n: ColumnOrName | number): Column {
  return call('repeat').col('col', col).colOrInt('n', n).build();
}

/**
 * Replaces all occurrences of `search` (a column) with `replace` (default ''). Spark SQL `replace`.
 *
 * @example F.replace('src', 'search')
 */
export function replace(src: ColumnOrName, search: ColumnOrName, replace?: ColumnOrName): Column {
  return call('replace').col('src', src).col('search', search).optCol('replace', replace).build();
}

/**
 * The rightmost `len` characters (`len` is a column). Spark SQL `right`.
 *
 * @example F.right('str', 'len')
 */
export function right(str: ColumnOrName, len: ColumnOrName): Column {
  return call('right').col('str', str).col('len', len).build();
}

/**
 * Right-pads to `len` characters with `pad`. Spark SQL `rpad`.
 *
 * @example F.rpad('id', 5, '*')
 */
export function rpad(col: ColumnOrName, len: number | Column, pad: string | Column): Column {
  return call('rpad').col('col', col).int('len', len).str('pad', pad).build();
}

/**
 * Splits text into an array of sentences, each an array of words. Spark SQL `sentences`.
 *
 * @example F.sentences('string')
 */
export function sentences(string: ColumnOrName, language?: ColumnOrName, country?: ColumnOrName): Column {
  return call('sentences')
    .col('string', string)
    .colOr('language', language, '')
    .colOr('country', country, '')
    .build();
}

/**
 * Soundex code of a string. Spark SQL `soundex`.
 *
 * @example F.soundex('col')
 */
export function soundex(col: ColumnOrName): Column {
  return call('soundex').col('col', col).build();
}

/**
 * Splits around matches of a regular expression. Spark SQL `split`.
 *
 * @example F.split('s', ',')
 */
export function split(
  str: ColumnOrName,
  pattern: string | Column,
  limit: ColumnOrName | number = -1,
): Column {
  return call('split').col('str', str).str('pattern', pattern).colOrInt('limit', limit).build();
}

/**
 * The `partNum`-th part (1-based) after splitting by `delimiter` (columns). Spark SQL `split_part`.
 *
 * @example F.split_part('src', 'delimiter', 'partNum')
 */
export function split_part(src: ColumnOrName, delimiter: ColumnOrName, partNum: ColumnOrName): Column {
  return call('split_part').col('src', src).col('delimiter', delimiter).col('partNum', partNum).build();
}

/**
 * True if `str` starts with `prefix` (a column). Spark SQL `startswith`.
 *
 * @example F.startswith('str', 'prefix')
 */
export function startswith(str: ColumnOrName, prefix: ColumnOrName): Column {
  return call('startswith').col('str', str).col('prefix', prefix).build();
}

/**
 * Substring from 1-based `pos` (a column), of `len` characters. Spark SQL `substr`.
 *
 * @example F.substr('str', 'pos')
 */
export function substr(str: ColumnOrName, pos: ColumnOrName, len?: ColumnOrName): Column {
  return call('substr').col('str', str).col('pos', pos).optCol('len', len).build();
}

/**
 * Substring from 1-based `pos` of `len` characters (bytes for binary). Spark SQL `substring`.
 *
 * @example F.substring('s', 1, 3)
 */
export function substring(str: ColumnOrName, pos: ColumnOrName | number, len: ColumnOrName | number): Column {
  return call('substring').col('str', str).colOrInt('pos', pos).colOrInt('len', len).build();
}

/**
 * The part before the `count`-th occurrence of `delim` (from the right when negative). Spark SQL
 * `substring_index`.
 *
 * @example F.substring_index('host', '.', 2)
 */
export function substring_index(str: ColumnOrName, delim: string | Column, count: number | Column): Column {
  return call('substring_index').col('str', str).str('delim', delim).int('count', count).build();
}

/**
 * Replaces each character of `matching` by the matching character of `replace`. Spark SQL
 * `translate`.
 *
 * @example F.translate('s', 'abc', 'xyz')
 */
export function translate(srcCol: ColumnOrName, matching: string | Column, replace: string | Column): Column {
  return call('translate').col('srcCol', srcCol).str('matching', matching).str('replace', replace).build();
}

/**
 * Upper-cases a string. Spark SQL `ucase`.
 *
 * @example F.ucase('str')
 */
export function ucase(str: ColumnOrName): Column {
  return call('ucase').col('str', str).build();
}

/**
 * Upper-cases a string. Spark SQL `upper`.
 *
 * @example F.upper('col')
 */
export function upper(col: ColumnOrName): Column {
  return call('upper').col('col', col).build();
}

/** The arguments of `trim` / `ltrim` / `rtrim`: Spark takes the trim characters first. */
function trimCall(name: string, col: ColumnOrName, trimChars: ColumnOrName | undefined): Column {
  const c = call(name);
  if (trimChars !== undefined) c.col('trim', trimChars);
  return c.col('col', col).build();
}

/**
 * Removes leading spaces, or the characters of `trim` (a column). Spark SQL `ltrim`.
 *
 * @example F.ltrim('s'); F.ltrim('s', F.lit('xy'))
 */
export function ltrim(col: ColumnOrName, trim?: ColumnOrName): Column {
  return trimCall('ltrim', col, trim);
}

/**
 * Removes trailing spaces, or the characters of `trim` (a column). Spark SQL `rtrim`.
 *
 * @example F.rtrim('s'); F.rtrim('s', F.lit('xy'))
 */
export function rtrim(col: ColumnOrName, trim?: ColumnOrName): Column {
  return trimCall('rtrim', col, trim);
}

/**
 * Removes leading and trailing spaces, or the characters of `trim` (a column). Spark SQL `trim`.
 *
 * @example F.trim('s'); F.trim('s', F.lit('xy'))
 */
export function trim(col: ColumnOrName, trim?: ColumnOrName): Column {
  return trimCall('trim', col, trim);
}

/**
 * 1-based position of `substr` in `str`, 0 if absent; optionally from `start` and for the
 * `occurrence`-th match (Spark 4.1+ for the last two). Spark SQL `instr`.
 *
 * @example F.instr('s', 'b')
 */
export function instr(
  str: ColumnOrName,
  substr: string | Column,
  start?: number | Column,
  occurrence?: number | Column,
): Column {
  const c = call('instr').col('str', str).str('substr', substr);
  if (occurrence === undefined) return c.optInt('start', start).build();
  return c
    .int('start', start ?? 1)
    .int('occurrence', occurrence)
    .build();
}
