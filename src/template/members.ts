/**
 * `x.y` and `x[y]` with Jinja2's rules: dict keys read as attributes and as
 * items, lists and strings index from either end, and a few Python methods
 * (`d.items()`, `s.split(',')`) are available. A missing key yields an
 * Undefined value that names the full path, such as `item.name`.
 */
import { bindArguments, splitArguments } from './arguments.js';
import { TemplateError } from './errors.js';
import { isMapping, makeTuple, pyEquals, repr, typeName, type Mapping } from './python.js';
import { pyCapitalize, pySplit, pyStrip, pyTitle } from './python-strings.js';
import { ensureDefined, isUndefined, Undefined } from './undefined.js';
import { unwrapUnsafeText } from './untrusted.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Formats the path of `key` under `base` as a template would write it: `a.b` or `a[0]`. */
export function memberPath(base: string, key: unknown): string {
  if (typeof key === 'string' && IDENTIFIER.test(key)) return `${base}.${key}`;
  return `${base}[${repr(key)}]`;
}

/** Looks up `key` on `target`. `base` is the target's path, for messages. */
export function lookupMember(target: unknown, keyValue: unknown, base: string): unknown {
  if (isUndefined(target)) return target;
  const key = ensureDefined(keyValue);
  const path = memberPath(base, key);

  if (isMapping(target)) return lookupInMapping(target, key, path);
  if (Array.isArray(target)) return lookupInList(target, key, base, path);
  if (typeof target === 'string') return lookupInString(target, key, base, path);
  if (target === null || target === undefined) {
    return new Undefined(`'${path}' is undefined: '${base}' is None`, path);
  }
  return new Undefined(`'${path}' is undefined: '${base}' is a ${typeName(target)}`, path);
}

function lookupInMapping(target: Mapping, key: unknown, path: string): unknown {
  const name = String(key);
  const value = Object.hasOwn(target, name) ? target[name] : undefined;
  if (value !== undefined) return unwrapUnsafeText(value);
  if (typeof key === 'string' && Object.hasOwn(DICT_METHODS, key))
    return bindMethod(target, key, DICT_METHODS);
  return new Undefined(`'${path}' is undefined`, path);
}

function lookupInList(target: unknown[], key: unknown, base: string, path: string): unknown {
  if (Number.isInteger(key)) {
    const index = (key as number) < 0 ? (key as number) + target.length : (key as number);
    if (index >= 0 && index < target.length) return unwrapUnsafeText(target[index]);
    const count = `${target.length} item${target.length === 1 ? '' : 's'}`;
    return new Undefined(`'${path}' is undefined: '${base}' has ${count}`, path);
  }
  if (typeof key === 'string' && Object.hasOwn(LIST_METHODS, key))
    return bindMethod(target, key, LIST_METHODS);
  return new Undefined(`'${path}' is undefined: '${base}' is a list`, path);
}

function lookupInString(target: string, key: unknown, base: string, path: string): unknown {
  if (Number.isInteger(key)) {
    const index = (key as number) < 0 ? (key as number) + target.length : (key as number);
    if (index >= 0 && index < target.length) return target[index];
    return new Undefined(`'${path}' is undefined: '${base}' has ${target.length} characters`, path);
  }
  if (typeof key === 'string' && Object.hasOwn(STRING_METHODS, key))
    return bindMethod(target, key, STRING_METHODS);
  return new Undefined(`'${path}' is undefined: '${base}' is a str`, path);
}

interface Method<Self> {
  params: string[];
  run(self: Self, ...args: any[]): unknown;
}

type MethodTable<Self> = Record<string, Method<Self>>;

function bindMethod<Self>(self: Self, name: string, table: MethodTable<Self>) {
  const method = table[name];
  return (...args: unknown[]) => {
    const call = splitArguments(args);
    call.positional.forEach(ensureDefined);
    Object.values(call.keywords).forEach(ensureDefined);
    return method.run(self, ...bindArguments(`${name}()`, method.params, call));
  };
}

function requireString(value: unknown, description: string): string {
  if (typeof value !== 'string')
    throw new TemplateError(`${description} must be a str, not ${typeName(value)}`);
  return value;
}

function reverseText(text: string): string {
  return [...text].reverse().join('');
}

function matchesAffix(text: string, affix: unknown, atStart: boolean): boolean {
  const candidates = Array.isArray(affix) ? affix : [affix];
  return candidates.some((candidate) => {
    const value = requireString(candidate, atStart ? 'startswith argument' : 'endswith argument');
    return atStart ? text.startsWith(value) : text.endsWith(value);
  });
}

function zeroFill(text: string, width: number): string {
  if (!/^[-+]/.test(text)) return text.padStart(width, '0');
  return text[0] + text.slice(1).padStart(width - 1, '0');
}

function countOccurrences(text: string, part: string): number {
  if (part === '') return text.length + 1;
  return text.split(part).length - 1;
}

function formatString(template: string, args: unknown[], keywords: Mapping): string {
  let next = 0;
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (whole, field?: string) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    if (field?.includes(':') || field?.includes('!')) {
      throw new TemplateError(
        `format field '{${field}}' is not supported: use the format filter or %`,
      );
    }
    const name = field ?? '';
    let value: unknown;
    if (name === '') value = args[next++];
    else if (/^\d+$/.test(name)) value = args[Number(name)];
    else value = keywords[name];
    if (value === undefined) throw new TemplateError(`format field '{${field}}' has no value`);
    return typeof value === 'string' ? value : repr(value);
  });
}

// prettier-ignore
const STRING_METHODS: MethodTable<string> = {
  upper: { params: [], run: (s) => s.toUpperCase() },
  lower: { params: [], run: (s) => s.toLowerCase() },
  strip: { params: ['chars'], run: (s, chars) => pyStrip(s, chars) },
  lstrip: { params: ['chars'], run: (s, chars) => pyStrip(s, chars, 'left') },
  rstrip: { params: ['chars'], run: (s, chars) => pyStrip(s, chars, 'right') },
  startswith: { params: ['prefix'], run: (s, prefix) => matchesAffix(s, prefix, true) },
  endswith: { params: ['suffix'], run: (s, suffix) => matchesAffix(s, suffix, false) },
  split: { params: ['sep', 'maxsplit'], run: (s, sep, max = -1) => pySplit(s, sep, max) },
  rsplit: {
    params: ['sep', 'maxsplit'],
    run: (s, sep, max = -1) =>
      pySplit(reverseText(s), sep === undefined || sep === null ? sep : reverseText(sep), max)
        .map(reverseText)
        .reverse(),
  },
  splitlines: { params: [], run: (s) => (s === '' ? [] : s.replace(/(\r\n|\r|\n)$/, '').split(/\r\n|\r|\n/)) },
  replace: {
    params: ['old', 'new', 'count'],
    run: (s, old, replacement, count = -1) =>
      old === '' ? ['', ...s, ''].join(replacement) : pySplit(s, old, count).join(replacement),
  },
  find: { params: ['sub'], run: (s, sub) => s.indexOf(requireString(sub, 'find argument')) },
  count: { params: ['sub'], run: (s, sub) => countOccurrences(s, requireString(sub, 'count argument')) },
  join: {
    params: ['iterable'],
    run: (s, items: unknown[]) => items.map((item, i) => requireString(item, `sequence item ${i}`)).join(s),
  },
  capitalize: { params: [], run: (s) => pyCapitalize(s) },
  title: { params: [], run: (s) => pyTitle(s) },
  isdigit: { params: [], run: (s) => /^\d+$/.test(s) },
  isalpha: { params: [], run: (s) => /^\p{L}+$/u.test(s) },
  isalnum: { params: [], run: (s) => /^[\p{L}\p{N}]+$/u.test(s) },
  isspace: { params: [], run: (s) => /^\s+$/.test(s) },
  isupper: { params: [], run: (s) => s !== s.toLowerCase() && s === s.toUpperCase() },
  islower: { params: [], run: (s) => s !== s.toUpperCase() && s === s.toLowerCase() },
  zfill: { params: ['width'], run: (s, width) => zeroFill(s, width) },
  ljust: { params: ['width', 'fillchar'], run: (s, width, fill = ' ') => s.padEnd(width, fill) },
  rjust: { params: ['width', 'fillchar'], run: (s, width, fill = ' ') => s.padStart(width, fill) },
  format: { params: ['*args', '**kwargs'], run: (s, args, kwargs) => formatString(s, args, kwargs) },
};

// prettier-ignore
const DICT_METHODS: MethodTable<Mapping> = {
  keys: { params: [], run: (d) => Object.keys(d) },
  values: { params: [], run: (d) => Object.values(d) },
  items: { params: [], run: (d) => Object.entries(d).map((pair) => makeTuple(pair)) },
  get: {
    params: ['key', 'default'],
    run: (d, key, fallback = null) => (Object.hasOwn(d, String(key)) ? d[String(key)] : fallback),
  },
};

// prettier-ignore
const LIST_METHODS: MethodTable<unknown[]> = {
  index: {
    params: ['value'],
    run: (list, value) => {
      const index = list.findIndex((item) => pyEquals(item, value));
      if (index < 0) throw new TemplateError(`${repr(value)} is not in list`);
      return index;
    },
  },
  count: { params: ['value'], run: (list, value) => list.filter((item) => pyEquals(item, value)).length },
};
