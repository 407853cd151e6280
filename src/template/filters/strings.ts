/**
 * String filters: case and whitespace, splitting and joining, formatting,
 * shell quoting, POSIX path parts, base64, hashes and URL parts.
 */
import { createHash, getHashes } from 'node:crypto';
import { TemplateError } from '../errors.js';
import { percentFormat } from '../percent-format.js';
import { makeTuple, toStr, typeName } from '../python.js';
import { jinjaTitle, pyCapitalize, pySplit, pyStrip } from '../python-strings.js';
import { ensureDefined } from '../undefined.js';
import { optionalGetter } from './attributes.js';
import { filter, type FilterTable } from './registry.js';

/** Characters that Python's shlex.quote leaves unquoted (its ASCII `\w@%+=:,./-`). */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes a word as Python's shlex.quote does, which Ansible's quote filter
 * calls: a quote inside becomes '"'"', so the output matches Ansible's
 * byte for byte, unlike the '\'' form that remote commands use.
 */
function shlexQuote(text: string): string {
  if (text === '') return "''";
  if (SHELL_SAFE.test(text)) return text;
  return `'${text.replace(/'/g, `'"'"'`)}'`;
}

function requireString(value: unknown, filterName: string): string {
  if (typeof value !== 'string') {
    throw new TemplateError(`the filter '${filterName}' needs a string, not ${typeName(value)}`);
  }
  return value;
}

function join(value: unknown, separator: unknown = '', attribute?: unknown): string {
  if (!Array.isArray(value) && typeof value !== 'string') {
    throw new TemplateError(`the filter 'join' needs a list, not ${typeName(value)}`);
  }
  const read = optionalGetter(attribute);
  return [...value].map((item) => toStr(ensureDefined(read(item)))).join(toStr(separator));
}

/** Python's `str.center`, which puts the odd space on the right unless the width is odd. */
function center(value: unknown, width = 80): string {
  const text = toStr(value);
  const margin = width - text.length;
  if (margin <= 0) return text;
  const left = Math.floor(margin / 2) + (margin & width & 1);
  return ' '.repeat(left) + text + ' '.repeat(margin - left);
}

/** Jinja2's `indent`: indents every line but the first, and blank lines only when asked. */
function indent(value: unknown, width: unknown = 4, first = false, blank = false): string {
  const indentation = typeof width === 'string' ? width : ' '.repeat(Number(width));
  const lines = splitLines(`${toStr(value)}\n`);
  let text: string;
  if (blank) {
    text = lines.join(`\n${indentation}`);
  } else {
    text = lines.shift() ?? '';
    if (lines.length)
      text += `\n${lines.map((line) => (line ? indentation + line : line)).join('\n')}`;
  }
  return first ? indentation + text : text;
}

/** Python's `str.splitlines()`. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.replace(/(\r\n|\r|\n)$/, '').split(/\r\n|\r|\n/);
}

function replace(value: unknown, old: unknown, replacement: unknown, count?: unknown): string {
  const text = toStr(value);
  const from = toStr(old);
  const to = toStr(replacement);
  const limit = count === undefined || count === null ? -1 : Number(count);
  if (from === '') return ['', ...text, ''].join(to);
  return pySplit(text, from, limit).join(to);
}

/** Python's `os.path.basename`: the part after the last slash. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Python's `os.path.dirname`: the part before the last slash, without trailing slashes. */
export function dirname(path: string): string {
  const head = path.slice(0, path.lastIndexOf('/') + 1);
  return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
}

function pathJoin(paths: unknown): string {
  if (typeof paths === 'string') return paths;
  if (!Array.isArray(paths)) {
    throw new TemplateError(
      `the filter 'path_join' needs a string or a list, not ${typeName(paths)}`,
    );
  }
  return paths
    .map((part) => toStr(part))
    .reduce((joined, part) => {
      if (part.startsWith('/') || joined === '') return part;
      return joined.endsWith('/') ? joined + part : `${joined}/${part}`;
    }, '');
}

/** Python's `os.path.splitext`: leading dots of the file name start no extension. */
function splitext(value: unknown): unknown[] {
  const path = toStr(value);
  const nameStart = path.lastIndexOf('/') + 1;
  const dot = path.lastIndexOf('.');
  const hasExtension = dot > nameStart && /[^.]/.test(path.slice(nameStart, dot));
  return makeTuple(hasExtension ? [path.slice(0, dot), path.slice(dot)] : [path, '']);
}

// prettier-ignore
const ENCODINGS: Record<string, BufferEncoding> = {
  'utf-8': 'utf8', utf8: 'utf8', ascii: 'ascii', 'latin-1': 'latin1', latin1: 'latin1',
  'iso-8859-1': 'latin1', 'utf-16-le': 'utf16le', 'utf-16le': 'utf16le', utf16le: 'utf16le',
};

function bufferEncoding(encoding: unknown): BufferEncoding {
  const name = toStr(encoding).toLowerCase();
  const known = ENCODINGS[name];
  if (!known) {
    const names = Object.keys(ENCODINGS).join(', ');
    throw new TemplateError(`unknown encoding '${name}': use one of ${names}`);
  }
  return known;
}

function b64encode(value: unknown, encoding: unknown = 'utf-8', urlsafe = false): string {
  const encoded = Buffer.from(toStr(value), bufferEncoding(encoding)).toString('base64');
  return urlsafe ? encoded.replaceAll('+', '-').replaceAll('/', '_') : encoded;
}

/** Python's lenient base64 decoding: other characters are dropped, padding is required. */
function b64decode(value: unknown, encoding: unknown = 'utf-8', urlsafe = false): string {
  let text = toStr(value);
  if (urlsafe) text = text.replaceAll('-', '+').replaceAll('_', '/');
  const cleaned = text.replace(/[^A-Za-z0-9+/=]/g, '');
  if (cleaned.replace(/=+$/, '').length % 4 === 1 || cleaned.length % 4 !== 0) {
    throw new TemplateError(`the filter 'b64decode' failed: incorrect padding in '${text}'`);
  }
  return Buffer.from(cleaned, 'base64').toString(bufferEncoding(encoding));
}

function hash(value: unknown, algorithm: unknown = 'sha1'): string {
  const name = toStr(algorithm).toLowerCase();
  if (!getHashes().includes(name))
    throw new TemplateError(`the filter 'hash' does not support '${name}'`);
  return createHash(name).update(toStr(value), 'utf8').digest('hex');
}

const URL_PARTS =
  /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;
const HOST_PORT = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/;

/** Splits a URL's netloc into user, password, host and port, as urlsplit names them. */
function splitNetloc(netloc: string) {
  const at = netloc.lastIndexOf('@');
  const userinfo = at >= 0 ? netloc.slice(0, at) : undefined;
  const colon = userinfo?.indexOf(':') ?? -1;
  const [, host = '', port = ''] = HOST_PORT.exec(netloc.slice(at + 1)) ?? [];
  return {
    username: userinfo === undefined ? null : userinfo.slice(0, colon < 0 ? undefined : colon),
    password: userinfo === undefined || colon < 0 ? null : userinfo.slice(colon + 1),
    hostname: host.replace(/^\[|\]$/g, '').toLowerCase() || null,
    port: port ? Number(port) : null,
  };
}

/** Python's `urlsplit`, as a dict, or one of its fields when `query` names it. */
function urlsplit(value: unknown, query: unknown = ''): unknown {
  const [, scheme = '', netloc = '', path = '', search = '', fragment = ''] =
    URL_PARTS.exec(toStr(value)) ?? [];
  const parts: Record<string, unknown> = {
    fragment,
    netloc,
    path,
    query: search,
    scheme: scheme.toLowerCase(),
    ...splitNetloc(netloc),
  };
  if (query === '' || query === null) return parts;

  const field = toStr(query);
  if (!Object.hasOwn(parts, field)) {
    throw new TemplateError(`the filter 'urlsplit' has no part named '${field}'`);
  }
  return parts[field];
}

// prettier-ignore
export const STRING_FILTERS: FilterTable = {
  lower: filter([], (value) => toStr(value).toLowerCase()),
  upper: filter([], (value) => toStr(value).toUpperCase()),
  capitalize: filter([], (value) => pyCapitalize(toStr(value))),
  title: filter([], (value) => jinjaTitle(toStr(value))),
  trim: filter(['chars'], (value, chars) => pyStrip(toStr(value), chars)),
  replace: filter(['old', 'new', 'count'], replace),
  split: filter(['sep', 'maxsplit'], (value, sep, max = -1) => pySplit(requireString(value, 'split'), sep, max)),
  join: filter(['d', 'attribute'], join),
  center: filter(['width'], center),
  indent: filter(['width', 'first', 'blank'], indent),
  format: filter(['*args', '**kwargs'], (value, args: unknown[], kwargs: Record<string, unknown>) =>
    percentFormat(toStr(value), Object.keys(kwargs).length ? kwargs : makeTuple(args))),
  wordcount: filter([], (value) => (toStr(value).match(/\w+/gu) ?? []).length),
  quote: filter([], (value) => shlexQuote(value === null ? '' : toStr(value))),
  basename: filter([], (value) => basename(toStr(value))),
  dirname: filter([], (value) => dirname(toStr(value))),
  path_join: filter([], pathJoin),
  splitext: filter([], splitext),
  b64encode: filter(['encoding', 'urlsafe'], b64encode),
  b64decode: filter(['encoding', 'urlsafe'], b64decode),
  hash: filter(['hashtype'], hash),
  md5: filter([], (value) => hash(value, 'md5')),
  sha1: filter([], (value) => hash(value, 'sha1')),
  checksum: filter([], (value) => hash(value, 'sha1')),
  urlsplit: filter(['query'], urlsplit),
};
