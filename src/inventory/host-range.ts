/**
 * Host entries as Ansible inventories write them: `name`, `name:port`,
 * `[v6::address]:port`, and ranges such as `c[01:05]` (leading zeros give the
 * width), `node[a:c]` and `web[1:10:2]` (a step). A name may hold several
 * ranges: `rack[1:2]-node[a:b]`.
 */

export class HostRangeError extends Error {}

export interface HostEntry {
  names: string[];
  port?: number;
}

// A range's inside: begin (empty means 0), end, and an optional step.
const RANGE = /\[([0-9a-zA-Z]*):([0-9a-zA-Z]+)(?::([0-9]+))?\]/;
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Hosts one entry may expand to. Ansible sets no limit, but `c[1:99999999]`
 * would fill the memory here before any host is contacted.
 */
export const MAX_RANGE_HOSTS = 100_000;

export function parseHostEntry(text: string): HostEntry {
  const { pattern, port } = splitPort(text.trim());
  checkRangeSize(pattern);
  return { names: expandRanges(pattern), port };
}

/** Raises before expanding when the ranges of `pattern` together give too many hosts. */
function checkRangeSize(pattern: string): void {
  let count = 1;
  for (const match of pattern.matchAll(new RegExp(RANGE, 'g'))) count *= rangeLength(match[1], match[2], match[3]);
  if (count <= MAX_RANGE_HOSTS) return;
  throw new HostRangeError(
    `host range in "${pattern}" expands to ${count} hosts, more than the limit of ${MAX_RANGE_HOSTS} for one entry`,
  );
}

/**
 * Counts the values of one range without listing them; 1 for a range that
 * rangeValues rejects, so that its own error is the one reported.
 */
function rangeLength(begin: string, end: string, stepText: string | undefined): number {
  const step = stepText === undefined ? 1 : Number(stepText);
  const first = begin === '' ? '0' : begin;
  const isLetters = first.length === 1 && end.length === 1 && LETTERS.includes(first) && LETTERS.includes(end);
  const from = isLetters ? LETTERS.indexOf(first) : Number(first);
  const to = isLetters ? LETTERS.indexOf(end) : Number(end);
  if (step < 1 || !Number.isFinite(from) || !Number.isFinite(to) || from > to) return 1;
  return Math.floor((to - from) / step) + 1;
}

/** Splits a trailing `:port`, unless the colons belong to an IPv6 address or a range. */
function splitPort(text: string): { pattern: string; port?: number } {
  const bracketed = text.match(/^\[([^\]]*:[^\]]*:[^\]]*)\]:(\d+)$/);
  if (bracketed && !RANGE.test(`[${bracketed[1]}]`)) return { pattern: bracketed[1], port: Number(bracketed[2]) };

  const outside = text.replace(/\[[^\]]*\]/g, '');
  const match = text.match(/^(.*):(\d+)$/);
  if (match && (outside.match(/:/g) ?? []).length === 1) return { pattern: match[1], port: Number(match[2]) };
  if (outside.endsWith(':')) throw new HostRangeError(`"${text}" ends with ":", which is reserved for a port number`);
  return { pattern: text };
}

export function expandRanges(pattern: string): string[] {
  const match = pattern.match(RANGE);
  if (!match || match.index === undefined) {
    if (pattern.includes('[') && !isIpv6(pattern)) throw new HostRangeError(`invalid host range in "${pattern}": write [begin:end] or [begin:end:step]`);
    return [pattern];
  }

  const head = pattern.slice(0, match.index);
  const tail = pattern.slice(match.index + match[0].length);
  return rangeValues(match[1], match[2], match[3], pattern).flatMap((value) => expandRanges(`${head}${value}${tail}`));
}

function rangeValues(begin: string, end: string, stepText: string | undefined, pattern: string): string[] {
  const step = stepText === undefined ? 1 : Number(stepText);
  if (step < 1) throw new HostRangeError(`host range in "${pattern}" needs a step of at least 1`);
  const first = begin === '' ? '0' : begin;

  if (LETTERS.includes(first) && LETTERS.includes(end) && first.length === 1 && end.length === 1) {
    return letterRange(first, end, step, pattern);
  }
  if (!/^\d+$/.test(first) || !/^\d+$/.test(end)) {
    throw new HostRangeError(`host range in "${pattern}" mixes letters and digits or uses several letters`);
  }
  return numberRange(first, end, step, pattern);
}

function letterRange(first: string, end: string, step: number, pattern: string): string[] {
  const from = LETTERS.indexOf(first);
  const to = LETTERS.indexOf(end);
  if (from > to) throw new HostRangeError(`host range in "${pattern}" begins after it ends`);
  const letters: string[] = [];
  for (let i = from; i <= to; i += step) letters.push(LETTERS[i]);
  return letters;
}

function numberRange(first: string, end: string, step: number, pattern: string): string[] {
  const isPadded = first.length > 1 && first.startsWith('0');
  if (isPadded && first.length !== end.length) {
    throw new HostRangeError(`host range in "${pattern}" pads its begin with zeros, so its end needs the same number of digits`);
  }
  const from = Number(first);
  const to = Number(end);
  if (from > to) throw new HostRangeError(`host range in "${pattern}" begins after it ends`);
  const values: string[] = [];
  for (let i = from; i <= to; i += step) values.push(isPadded ? String(i).padStart(first.length, '0') : String(i));
  return values;
}

function isIpv6(text: string): boolean {
  return /^\[?[0-9a-fA-F:.]+\]?$/.test(text) && text.includes('::');
}
