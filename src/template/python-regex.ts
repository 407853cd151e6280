/**
 * Python regular expressions on JavaScript's engine. Ansible's regex filters
 * and tests, and `~` host patterns, take Python `re` syntax. This module
 * rewrites the parts that differ (named groups, `\A`, `\Z`, leading inline
 * flags) and expands Python replacement templates (`\1`, `\g<name>`).
 */
import { TemplateError } from './errors.js';

export interface RegexOptions {
  ignorecase?: boolean;
  multiline?: boolean;
  /** Also sets `dotall`, as Python's `(?s)` does. */
  dotall?: boolean;
  /** `g` for replace and findall, `y` to anchor at the start as `re.match` does. */
  mode?: '' | 'g' | 'y';
}

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 500;

/** Compiles a Python pattern. The same pattern and options return the same RegExp. */
export function compilePythonRegex(pattern: string, options: RegexOptions = {}): RegExp {
  const key = `${pattern}\u0000${options.ignorecase}${options.multiline}${options.dotall}${options.mode}`;
  let regex = cache.get(key);
  if (!regex) {
    regex = buildRegex(pattern, options);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, regex);
  }
  regex.lastIndex = 0;
  return regex;
}

function buildRegex(pattern: string, options: RegexOptions): RegExp {
  let source = pattern;
  let flags = options.mode ?? '';
  if (options.ignorecase) flags += 'i';
  if (options.multiline) flags += 'm';
  if (options.dotall) flags += 's';

  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const flag of inline[1]) flags += inlineFlag(flag, pattern);
  }

  try {
    return new RegExp(translateSyntax(source), [...new Set(flags)].join(''));
  } catch (error) {
    throw new TemplateError(`invalid regular expression '${pattern}': ${(error as Error).message}`);
  }
}

function inlineFlag(flag: string, pattern: string): string {
  if (flag === 'i' || flag === 'm' || flag === 's') return flag;
  if (flag === 'a' || flag === 'u' || flag === 'L') return '';
  throw new TemplateError(
    `regular expression '${pattern}': the inline flag (?${flag}) is not supported`,
  );
}

/** Rewrites Python-only syntax outside character classes. */
function translateSyntax(source: string): string {
  let output = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (!inClass && next === 'A') output += '(?<![\\s\\S])';
      else if (!inClass && next === 'Z') output += '(?![\\s\\S])';
      else output += char + next;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      output += char;
      continue;
    }
    if (char === '[') {
      inClass = true;
      output += char;
      if (source[i + 1] === '^') output += source[++i];
      if (source[i + 1] === ']') output += `\\${source[++i]}`;
      continue;
    }
    if (source.startsWith('(?P<', i)) {
      output += '(?<';
      i += 3;
      continue;
    }
    const backReference = /^\(\?P=(\w+)\)/.exec(source.slice(i));
    if (backReference) {
      output += `\\k<${backReference[1]}>`;
      i += backReference[0].length - 1;
      continue;
    }
    output += char;
  }
  return output;
}

/** One piece of a Python replacement template: literal text or a group reference. */
type TemplatePart = string | { group: number | string };

/** Parses a Python `re.sub` replacement template such as `\1-\g<name>`. */
export function parseReplacement(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== '\\') {
      literal += template[i];
      continue;
    }
    const rest = template.slice(i + 1);
    const reference = /^g<([^>]*)>/.exec(rest) ?? /^(\d{1,2})/.exec(rest);
    if (reference) {
      if (literal) parts.push(literal);
      literal = '';
      const group = reference[1];
      parts.push({ group: /^\d+$/.test(group) ? Number(group) : group });
      i += reference[0].length;
      continue;
    }
    literal += replacementEscape(rest[0], template);
    i++;
  }
  if (literal) parts.push(literal);
  return parts;
}

// prettier-ignore
const REPLACEMENT_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\',
};

function replacementEscape(char: string | undefined, template: string): string {
  if (char === undefined) throw new TemplateError(`bad escape (end of pattern) in '${template}'`);
  if (REPLACEMENT_ESCAPES[char]) return REPLACEMENT_ESCAPES[char];
  if (/[A-Za-z]/.test(char)) throw new TemplateError(`bad escape \\${char} in '${template}'`);
  return `\\${char}`;
}

/** Expands parsed template parts for one match, with '' for a group that did not match. */
export function expandReplacement(parts: TemplatePart[], match: RegExpMatchArray): string {
  let output = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      output += part;
      continue;
    }
    output += groupValue(match, part.group);
  }
  return output;
}

function groupValue(match: RegExpMatchArray, group: number | string): string {
  const known = typeof group === 'number' ? group < match.length : group in (match.groups ?? {});
  if (!known) throw new TemplateError(`invalid group reference ${group}`);
  const value = typeof group === 'number' ? match[group] : match.groups?.[group];
  return value ?? '';
}
