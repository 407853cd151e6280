/**
 * with_sequence, as Ansible's sequence lookup reads its terms: key=value
 * pairs (`start=1 end=5 stride=2 format=web%02d`, or `count=3` in place of
 * end), or the short form `[start-]end[/stride][:format]`. Numbers may be
 * decimal, 0x hexadecimal or 0o octal. Items are strings, formatted with
 * Python's `%`.
 */
import { percentFormat } from '../template/percent-format.js';

/** A loop whose terms cannot make items; the task fails with its message. */
export class LoopError extends Error {}

interface Sequence {
  start: number;
  end?: number;
  count?: number;
  stride: number;
  format: string;
}

const SHORT_FORM = /^(?:(0[xo]?[0-9a-f]+|\d+)-)?(0[xo]?[0-9a-f]+|\d+)(?:\/(0[xo]?[0-9a-f]+|\d+))?(?::(.+))?$/i;

function parseNumber(text: string, term: string): number {
  const lower = text.toLowerCase();
  const value = lower.startsWith('0x') ? parseInt(lower.slice(2), 16) : lower.startsWith('0o') ? parseInt(lower.slice(2), 8) : Number(lower);
  if (!Number.isInteger(value)) throw new LoopError(`with_sequence ${term}: ${text} is not an integer`);
  return value;
}

function parseTerm(term: unknown): Sequence {
  if (typeof term === 'object' && term !== null && !Array.isArray(term)) {
    const pairs = Object.entries(term as Record<string, unknown>).map(([key, value]) => `${key}=${String(value)}`);
    return parseTerm(pairs.join(' '));
  }
  const text = String(term).trim();
  const sequence: Sequence = { start: 1, stride: 1, format: '%d' };
  const short = text.includes('=') ? null : SHORT_FORM.exec(text);
  if (short) {
    if (short[1] !== undefined) sequence.start = parseNumber(short[1], text);
    sequence.end = parseNumber(short[2], text);
    if (short[3] !== undefined) sequence.stride = parseNumber(short[3], text);
    if (short[4] !== undefined) sequence.format = short[4];
    return sequence;
  }
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const [key, ...rest] = word.split('=');
    const value = rest.join('=');
    if (key === 'format') sequence.format = value;
    else if (key === 'start' || key === 'end' || key === 'count' || key === 'stride') sequence[key] = parseNumber(value, text);
    else throw new LoopError(`with_sequence ${text}: unknown option ${key}; expected start, end, count, stride or format`);
  }
  return sequence;
}

export function sequenceItems(term: unknown): string[] {
  const sequence = parseTerm(term);
  const { start, stride, format } = sequence;
  if (sequence.count !== undefined && sequence.end !== undefined) {
    throw new LoopError('with_sequence takes count or end, not both');
  }
  let end = sequence.end;
  if (sequence.count !== undefined) {
    if (sequence.count === 0) return [];
    end = start + (sequence.count - 1) * stride;
  }
  if (end === undefined) throw new LoopError('with_sequence needs end or count');
  if (stride === 0) throw new LoopError('with_sequence: stride cannot be 0');
  if ((stride > 0 && end < start) || (stride < 0 && end > start)) {
    throw new LoopError(`with_sequence: counting from ${start} to ${end} needs a stride of the other sign`);
  }

  const items: string[] = [];
  for (let value = start; stride > 0 ? value <= end : value >= end; value += stride) items.push(percentFormat(format, value));
  return items;
}
