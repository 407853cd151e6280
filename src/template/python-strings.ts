/**
 * Python's string operations that templates reach through filters (`split`,
 * `trim`, `title`) and through methods (`name.split(',')`), and Python's
 * slicing of strings and lists.
 */
import { TemplateError } from './errors.js';

const WHITESPACE = /\s+/;

/** Python's `str.split(sep, maxsplit)`. */
export function pySplit(text: string, separator?: string | null, maxSplit = -1): string[] {
  if (separator === undefined || separator === null) return splitWhitespace(text, maxSplit);
  if (separator === '') throw new TemplateError('empty separator');

  const pieces: string[] = [];
  let start = 0;
  while (maxSplit < 0 || pieces.length < maxSplit) {
    const found = text.indexOf(separator, start);
    if (found < 0) break;
    pieces.push(text.slice(start, found));
    start = found + separator.length;
  }
  pieces.push(text.slice(start));
  return pieces;
}

function splitWhitespace(text: string, maxSplit: number): string[] {
  const pieces: string[] = [];
  let rest = text.trimStart();
  while (rest !== '' && (maxSplit < 0 || pieces.length < maxSplit)) {
    const match = WHITESPACE.exec(rest);
    if (!match) break;
    pieces.push(rest.slice(0, match.index));
    rest = rest.slice(match.index + match[0].length);
  }
  if (rest !== '') pieces.push(maxSplit < 0 || pieces.length < maxSplit ? rest.trimEnd() : rest);
  return pieces;
}

/** Python's `str.strip(chars)`, with `side` choosing lstrip or rstrip. */
export function pyStrip(
  text: string,
  chars?: string | null,
  side: 'both' | 'left' | 'right' = 'both',
): string {
  const strippable = (char: string) =>
    chars === undefined || chars === null ? /\s/.test(char) : chars.includes(char);
  let start = 0;
  let end = text.length;
  if (side !== 'right') while (start < end && strippable(text[start])) start++;
  if (side !== 'left') while (end > start && strippable(text[end - 1])) end--;
  return text.slice(start, end);
}

/** Python's `str.capitalize()`, which Jinja2's `capitalize` filter also uses. */
export function pyCapitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}

/** Python's `str.title()`: a cased letter after an uncased one starts a word. */
export function pyTitle(text: string): string {
  let output = '';
  let previousCased = false;
  for (const char of text) {
    const cased = char.toLowerCase() !== char.toUpperCase();
    output += cased && !previousCased ? char.toUpperCase() : char.toLowerCase();
    previousCased = cased;
  }
  return output;
}

/** Jinja2's `title` filter: words start after whitespace, `-` and opening brackets. */
export function jinjaTitle(text: string): string {
  return text
    .split(/([-\s({[<]+)/)
    .filter((item) => item !== '')
    .map((item) => item.charAt(0).toUpperCase() + item.slice(1).toLowerCase())
    .join('');
}

/** Python's slice `sequence[start:stop:step]` for strings and lists. */
export function pySlice<T extends string | unknown[]>(
  sequence: T,
  start: number | null,
  stop: number | null,
  step: number | null,
): T {
  const by = step ?? 1;
  if (by === 0) throw new TemplateError('slice step cannot be zero');
  const length = sequence.length;
  const clamp = (index: number | null, fallback: number, low: number, high: number) => {
    if (index === null) return fallback;
    const absolute = index < 0 ? index + length : index;
    return Math.min(Math.max(absolute, low), high);
  };

  const indices: number[] = [];
  if (by > 0) {
    const from = clamp(start, 0, 0, length);
    const to = clamp(stop, length, 0, length);
    for (let i = from; i < to; i += by) indices.push(i);
  } else {
    const from = clamp(start, length - 1, -1, length - 1);
    const to = clamp(stop, -1, -1, length - 1);
    for (let i = from; i > to; i += by) indices.push(i);
  }

  if (typeof sequence === 'string') return indices.map((i) => sequence[i]).join('') as T;
  return indices.map((i) => sequence[i]) as T;
}
