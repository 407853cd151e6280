/**
 * Ansible's regular expression filters, with Python `re` semantics:
 * `regex_replace` (re.sub), `regex_search` (re.search), `regex_findall`
 * (re.findall) and `regex_escape` (re.escape).
 */
import { TemplateError } from '../errors.js';
import { makeTuple, toStr } from '../python.js';
import { compilePythonRegex, expandReplacement, parseReplacement } from '../python-regex.js';
import { filter, type FilterTable } from './registry.js';

function regexReplace(
  value: unknown,
  pattern: unknown = '',
  replacement: unknown = '',
  ignorecase = false,
  multiline = false,
  count = 0,
  mandatoryCount = 0,
): string {
  const text = toStr(value);
  const regex = compilePythonRegex(toStr(pattern), { ignorecase, multiline, mode: 'g' });
  const parts = parseReplacement(toStr(replacement));
  let replacements = 0;

  const output = text.replace(regex, (...args: unknown[]) => {
    if (count > 0 && replacements >= count) return args[0] as string;
    replacements++;
    return expandReplacement(parts, matchFromReplaceArguments(args));
  });
  if (mandatoryCount && mandatoryCount !== replacements) {
    throw new TemplateError(
      `'${toStr(pattern)}' should match ${mandatoryCount} times, ` +
        `but matches ${replacements} times in '${text}'`,
    );
  }
  return output;
}

/** Rebuilds a match array from String.replace's callback arguments. */
function matchFromReplaceArguments(args: unknown[]): RegExpMatchArray {
  const hasNamedGroups =
    typeof args[args.length - 1] === 'object' && args[args.length - 1] !== null;
  const end = args.length - (hasNamedGroups ? 3 : 2);
  const match = args.slice(0, end) as string[] as RegExpMatchArray;
  if (hasNamedGroups) match.groups = args[args.length - 1] as Record<string, string>;
  return match;
}

/** `regex_search`: the matched text, or the groups named by `\1` / `\g<name>` arguments. */
function regexSearch(
  value: unknown,
  pattern: unknown,
  groups: unknown[],
  ignorecase = false,
  multiline = false,
): unknown {
  const references = groups.map(groupReference);
  const match = compilePythonRegex(toStr(pattern), { ignorecase, multiline }).exec(toStr(value));
  if (!match) return null;
  if (references.length === 0) return match[0];
  return references.map((reference) =>
    typeof reference === 'number'
      ? (match[reference] ?? null)
      : (match.groups?.[reference] ?? null),
  );
}

function groupReference(argument: unknown): number | string {
  const text = toStr(argument);
  const named = /^\\g<(\S+)>/.exec(text);
  if (named) return /^\d+$/.test(named[1]) ? Number(named[1]) : named[1];
  const numbered = /^\\(\d+)/.exec(text);
  if (numbered) return Number(numbered[1]);
  throw new TemplateError(
    `the filter 'regex_search' got an unknown argument '${text}': use '\\\\1' or '\\\\g<name>'`,
  );
}

/** `regex_findall`: whole matches, or the group, or tuples of the groups, as re.findall returns. */
function regexFindall(
  value: unknown,
  pattern: unknown,
  multiline = false,
  ignorecase = false,
): unknown[] {
  const regex = compilePythonRegex(toStr(pattern), { ignorecase, multiline, mode: 'g' });
  return [...toStr(value).matchAll(regex)].map((match) => {
    if (match.length === 1) return match[0];
    if (match.length === 2) return match[1] ?? '';
    return makeTuple(match.slice(1).map((group) => group ?? ''));
  });
}

const PYTHON_SPECIAL = /[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g;
const POSIX_BASIC_SPECIAL = /[\].[^$*\\]/g;
const POSIX_EXTENDED_SPECIAL = /[\^$.*+?[\]|(){}\\]/g;

function regexEscape(value: unknown, type: unknown = 'python'): string {
  const text = toStr(value);
  if (type === 'python') return text.replace(PYTHON_SPECIAL, '\\$&');
  if (type === 'posix_basic') return text.replace(POSIX_BASIC_SPECIAL, '\\$&');
  if (type === 'posix_extended') return text.replace(POSIX_EXTENDED_SPECIAL, '\\$&');
  throw new TemplateError(
    `invalid regex type (${toStr(type)}): use python, posix_basic or posix_extended`,
  );
}

// prettier-ignore
export const REGEX_FILTERS: FilterTable = {
  regex_replace: filter(
    ['pattern', 'replacement', 'ignorecase', 'multiline', 'count', 'mandatory_count'],
    regexReplace,
  ),
  regex_search: filter(['regex', '*groups', 'ignorecase', 'multiline'], regexSearch),
  regex_findall: filter(['regex', 'multiline', 'ignorecase'], regexFindall),
  regex_escape: filter(['re_type'], regexEscape),
};
