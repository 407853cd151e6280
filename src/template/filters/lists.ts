/**
 * List filters: picking (`first`, `last`, `random`), measuring (`length`,
 * `min`, `max`, `sum`), ordering (`sort`, `reverse`, `shuffle`), set
 * operations (`unique`, `union`, `difference`, ...) and reshaping (`flatten`,
 * `zip`). Strings compare case-insensitively unless `case_sensitive=true`,
 * as in Jinja2.
 */
import { TemplateError } from '../errors.js';
import { add } from '../operators.js';
import { compareValues, isMapping, makeTuple, pyEquals, typeName } from '../python.js';
import { ensureDefined, Undefined } from '../undefined.js';
import { optionalGetter, type Getter } from './attributes.js';
import { filter, type FilterTable } from './registry.js';

/** Returns the items a filter iterates: list items, string characters or dict keys. */
export function iterate(value: unknown, filterName: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isMapping(value)) return Object.keys(value);
  throw new TemplateError(`the filter '${filterName}' needs a list, not ${typeName(value)}`);
}

function first(value: unknown): unknown {
  const items = iterate(value, 'first');
  return items.length ? items[0] : new Undefined('No first item, sequence was empty.');
}

function last(value: unknown): unknown {
  const items = iterate(value, 'last');
  return items.length
    ? items[items.length - 1]
    : new Undefined('No last item, sequence was empty.');
}

function length(value: unknown): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (isMapping(value)) return Object.keys(value).length;
  throw new TemplateError(`object of type '${typeName(value)}' has no len()`);
}

/** A key function that lowercases strings unless comparisons are case-sensitive. */
function sortKey(caseSensitive: unknown, attribute: unknown): Getter {
  const read = optionalGetter(attribute);
  return (item) => {
    const value = ensureDefined(read(item));
    return !caseSensitive && typeof value === 'string' ? value.toLowerCase() : value;
  };
}

/** Jinja2's `unique`: first occurrences, compared by key. */
function unique(value: unknown, caseSensitive = false, attribute?: unknown): unknown[] {
  const key = sortKey(caseSensitive, attribute);
  const seen: unknown[] = [];
  const result: unknown[] = [];
  for (const item of iterate(value, 'unique')) {
    const itemKey = key(item);
    if (seen.some((other) => pyEquals(other, itemKey))) continue;
    seen.push(itemKey);
    result.push(item);
  }
  return result;
}

const includes = (list: unknown[], item: unknown) => list.some((other) => pyEquals(other, item));

function union(a: unknown, b: unknown): unknown[] {
  return unique([...iterate(a, 'union'), ...iterate(b, 'union')]);
}

function intersect(a: unknown, b: unknown): unknown[] {
  const other = iterate(b, 'intersect');
  return unique(iterate(a, 'intersect').filter((item) => includes(other, item)));
}

function difference(a: unknown, b: unknown): unknown[] {
  const other = iterate(b, 'difference');
  return unique(iterate(a, 'difference').filter((item) => !includes(other, item)));
}

function symmetricDifference(a: unknown, b: unknown): unknown[] {
  const common = intersect(a, b);
  return union(a, b).filter((item) => !includes(common, item));
}

/** Jinja2's `sort`, where `attribute` may list several, comma-separated. */
function sort(
  value: unknown,
  reverse = false,
  caseSensitive = false,
  attribute?: unknown,
): unknown[] {
  const attributes =
    attribute === undefined || attribute === null ? [null] : String(attribute).split(',');
  const keys = attributes.map((name) => sortKey(caseSensitive, name?.trim()));
  const compare = (a: unknown, b: unknown) => {
    for (const key of keys) {
      const order = compareValues(key(a), key(b));
      if (order !== 0) return order;
    }
    return 0;
  };
  const sorted = [...iterate(value, 'sort')].sort(compare);
  return reverse ? sorted.reverse() : sorted;
}

function extreme(kind: 'min' | 'max') {
  return (value: unknown, caseSensitive = false, attribute?: unknown) => {
    const items = iterate(value, kind);
    if (items.length === 0) return new Undefined('No aggregated item, sequence was empty.');
    const key = sortKey(caseSensitive, attribute);
    return items.reduce((best, item) => {
      const order = compareValues(key(item), key(best));
      return (kind === 'min' ? order < 0 : order > 0) ? item : best;
    });
  };
}

function sum(value: unknown, attribute?: unknown, start: unknown = 0): unknown {
  const read = optionalGetter(attribute);
  return iterate(value, 'sum').reduce((total, item) => add(total, read(item)), start);
}

function reverse(value: unknown): unknown {
  if (typeof value === 'string') return [...value].reverse().join('');
  return [...iterate(value, 'reverse')].reverse();
}

/** Ansible's `flatten`: nested lists spliced in, and nulls (and 'None', 'null') dropped. */
function flatten(value: unknown, levels: unknown = null, skipNulls = true): unknown[] {
  const output: unknown[] = [];
  for (const item of iterate(value, 'flatten')) {
    if (skipNulls && (item === null || item === 'None' || item === 'null')) continue;
    if (!Array.isArray(item)) output.push(item);
    else if (levels === null) output.push(...flatten(item, null, skipNulls));
    else if (Number(levels) >= 1) output.push(...flatten(item, Number(levels) - 1, skipNulls));
    else output.push(item);
  }
  return output;
}

function zip(value: unknown, others: unknown[]): unknown[] {
  const lists = [value, ...others].map((list) => iterate(list, 'zip'));
  const count = Math.min(...lists.map((list) => list.length));
  return Array.from({ length: count }, (_, i) => makeTuple(lists.map((list) => list[i])));
}

function zipLongest(value: unknown, others: unknown[], fillValue: unknown = null): unknown[] {
  const lists = [value, ...others].map((list) => iterate(list, 'zip_longest'));
  const count = Math.max(...lists.map((list) => list.length));
  const itemAt = (list: unknown[], i: number) => (i < list.length ? list[i] : fillValue);
  return Array.from({ length: count }, (_, i) => makeTuple(lists.map((list) => itemAt(list, i))));
}

/** A seeded generator (mulberry32), so that `seed=` gives repeatable picks. */
function seededRandom(seed: unknown): () => number {
  // The seed's FNV-1a hash is the generator's starting state.
  let state = [...String(seed)].reduce(
    (hash, char) => Math.imul(hash ^ char.charCodeAt(0), 16777619),
    2166136261,
  );
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function random(value: unknown, start?: unknown, step?: unknown, seed?: unknown): unknown {
  const next = seed === undefined || seed === null ? Math.random : seededRandom(seed);
  if (Number.isInteger(value)) {
    const from = Number(start ?? 0) || 0;
    const by = Number(step ?? 1) || 1;
    const count = Math.ceil((Number(value) - from) / by);
    if (count <= 0) {
      throw new TemplateError(`empty range for the filter 'random' (${from} to ${String(value)})`);
    }
    return from + Math.floor(next() * count) * by;
  }
  if (start || step)
    throw new TemplateError("the filter 'random' takes start and step only with an integer");
  const items = iterate(value, 'random');
  if (items.length === 0) {
    throw new TemplateError("the filter 'random' cannot choose from an empty sequence");
  }
  return items[Math.floor(next() * items.length)];
}

function shuffle(value: unknown, seed?: unknown): unknown[] {
  const next = seed === undefined || seed === null ? Math.random : seededRandom(seed);
  const items = [...iterate(value, 'shuffle')];
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// prettier-ignore
export const LIST_FILTERS: FilterTable = {
  first: filter([], first),
  last: filter([], last),
  length: filter([], length),
  count: filter([], length),
  unique: filter(['case_sensitive', 'attribute'], unique),
  union: filter(['b'], union),
  intersect: filter(['b'], intersect),
  difference: filter(['b'], difference),
  symmetric_difference: filter(['b'], symmetricDifference),
  sort: filter(['reverse', 'case_sensitive', 'attribute'], sort),
  min: filter(['case_sensitive', 'attribute'], extreme('min')),
  max: filter(['case_sensitive', 'attribute'], extreme('max')),
  sum: filter(['attribute', 'start'], sum),
  reverse: filter([], reverse),
  flatten: filter(['levels', 'skip_nulls'], flatten),
  zip: filter(['*others'], zip),
  zip_longest: filter(['*others', 'fillvalue'], zipLongest),
  random: filter(['start', 'step', 'seed'], random),
  shuffle: filter(['seed'], shuffle),
};
