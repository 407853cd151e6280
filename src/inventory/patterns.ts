/**
 * Ansible host patterns, as `hosts:` and `--limit` take them: host and group
 * names, globs (`web*`), regular expressions (`~web0[12]`), unions (`a:b`,
 * `a,b`), intersections (`a:&b`), exclusions (`a:!b`) and subscripts
 * (`web[0]`, `web[1:3]`, `web[-1]`). The rules and the order of results
 * follow ansible-core's InventoryManager (checked against ansible-core 2.14).
 */
import { SkprunError } from '../errors.js';
import { TemplateError } from '../template/errors.js';
import { compilePythonRegex } from '../template/python-regex.js';
import type { Inventory } from './model.js';

/** A host pattern that cannot be read, such as an invalid regular expression. */
export class HostPatternError extends SkprunError {}

export interface HostSelection {
  /** The selected host names, without duplicates. */
  hosts: string[];
  /** Terms that name no group and match no host, for a warning. */
  unmatched: string[];
}

/**
 * Lists the hosts of a group and of its child groups, without duplicates, in
 * the order Ansible gives them: the group's own hosts as listed, then those
 * of its children, level by level. `all` is no exception: ansible-core 2.14
 * lists `all` group by group too, not in the order hosts were read.
 */
export function groupHosts(inventory: Inventory, group: string): string[] {
  const root = inventory.groups.get(group);
  if (!root) return [];

  const hosts = new Set<string>();
  const visited = new Set([group]);
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    for (const host of queue[i].hosts) hosts.add(host);
    for (const child of queue[i].children) {
      const childGroup = inventory.groups.get(child);
      if (childGroup && !visited.has(child)) queue.push(childGroup);
      visited.add(child);
    }
  }
  return [...hosts];
}

/**
 * Selects the hosts of a pattern. Whatever order terms are written in, they
 * apply in Ansible's order: the unions first, then the `&` intersections,
 * then the `!` exclusions. A pattern of only `&` and `!` terms starts from
 * `all`. Hosts come in the order the union terms yield them.
 *
 * NOTE: an empty pattern selects no host, where ansible-core would select
 * all of them, because an empty `hosts:` is more likely a mistake than a wish.
 */
export function selectHosts(inventory: Inventory, pattern: string): HostSelection {
  const terms = splitPattern(inventory, pattern);
  if (terms.length === 0) return { hosts: [], unmatched: [] };

  let hosts: string[] = [];
  const unmatched: string[] = [];
  for (const term of orderTerms(terms)) {
    // As in Ansible, a union term that names a host is that host, even if a group has the name.
    const isHost = !/^[&!]/.test(term) && inventory.hosts.has(term);
    const match = isHost
      ? { hosts: [term], known: true }
      : matchTerm(inventory, term.replace(/^[&!]/, ''));
    if (!match.known) unmatched.push(term);

    const matched = new Set(match.hosts);
    if (term.startsWith('!')) hosts = hosts.filter((host) => !matched.has(host));
    else if (term.startsWith('&')) hosts = hosts.filter((host) => matched.has(host));
    else hosts = [...new Set([...hosts, ...match.hosts])];
  }
  return { hosts, unmatched };
}

/** A run of anything but whitespace, `:` and brackets, or a whole bracketed part. */
const TERM = /(?:[^\s:[\]]|\[[^\]]*\])+/g;

/**
 * Splits at commas when there are any, else at colons outside brackets (so
 * `web[1:2]` stays whole). A pattern that is a host's name, such as an IPv6
 * address, is one term.
 */
function splitPattern(inventory: Inventory, pattern: string): string[] {
  const text = pattern.trim();
  let terms: string[];
  if (text.includes(',')) terms = text.split(',');
  else if (inventory.hosts.has(text)) terms = [text];
  else terms = text.match(TERM) ?? [];
  return terms.map((term) => term.trim()).filter((term) => term !== '');
}

function orderTerms(terms: string[]): string[] {
  const unions = terms.filter((term) => !term.startsWith('&') && !term.startsWith('!'));
  const intersections = terms.filter((term) => term.startsWith('&'));
  const exclusions = terms.filter((term) => term.startsWith('!'));
  return [...(unions.length ? unions : ['all']), ...intersections, ...exclusions];
}

interface TermMatch {
  hosts: string[];
  /** The term names a group or matches a host, even if no host remains after a subscript. */
  known: boolean;
}

function matchTerm(inventory: Inventory, term: string): TermMatch {
  const { expression, subscript } = splitSubscript(term);
  const match = enumerateMatches(inventory, expression);
  if (!subscript) return match;

  const hosts = applySubscript(match.hosts, subscript);
  return { hosts, known: match.known && hosts.length > 0 };
}

/** Groups named by the expression give all their hosts. Globs and regexes also match host names. */
function enumerateMatches(inventory: Inventory, expression: string): TermMatch {
  const matches = matcher(expression);
  const groups = [...inventory.groups.keys()].filter(matches);
  const hosts = groups.flatMap((group) => groupHosts(inventory, group));

  const isWildcard = expression.startsWith('~') || /[.?*[]/.test(expression);
  if (groups.length === 0 || isWildcard) hosts.push(...[...inventory.hosts.keys()].filter(matches));
  const unique = [...new Set(hosts)];
  return { hosts: unique, known: unique.length > 0 || groups.length > 0 || expression === 'all' };
}

/**
 * Builds the matcher of an expression. `~regex` matches at the start of a
 * name, as Python's re.match does, and anything else is a glob.
 */
function matcher(expression: string): (name: string) => boolean {
  if (!expression.startsWith('~')) {
    const glob = globToRegex(expression);
    return (name) => glob.test(name);
  }
  try {
    const regex = compilePythonRegex(expression.slice(1), { mode: 'y' });
    return (name) => {
      regex.lastIndex = 0;
      return regex.test(name);
    };
  } catch (error) {
    const detail = error instanceof TemplateError ? error.message : String(error);
    throw new HostPatternError(`invalid host pattern '${expression}': ${detail}`);
  }
}

/** Python's fnmatch: `*`, `?`, `[abc]` and `[!abc]`, matching the whole name. */
function globToRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    const classEnd = char === '[' ? glob.indexOf(']', i + 2) : -1;
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (classEnd > 0) {
      const members = glob.slice(i + 1, classEnd).replace(/\\/g, '\\\\');
      source += members.startsWith('!') ? `[^${members.slice(1)}]` : `[${members}]`;
      i = classEnd;
    } else source += char.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  return new RegExp(`^(?:${source})$`, 's');
}

type Subscript = { index: number } | { start: number; end: number | undefined };

const SUBSCRIPT = /^(.+)\[(?:(-?\d+)|(\d*)([:-])(\d*))\]$/;

/** Splits `web[1:3]` into `web` and the subscript. Regexes take no subscript. */
function splitSubscript(term: string): { expression: string; subscript?: Subscript } {
  const match = term.startsWith('~') ? null : SUBSCRIPT.exec(term);
  if (!match) return { expression: term };

  const [, expression, index, start, , end] = match;
  if (index !== undefined) return { expression, subscript: { index: Number(index) } };
  // As in ansible-core 2.14, a slice needs its start: `web[:2]` is a glob that matches `web:` or `web2`.
  if (start === '') return { expression: term };
  return {
    expression,
    subscript: { start: Number(start || 0), end: end === '' ? undefined : Number(end) },
  };
}

/** Applies a subscript. As in Ansible, a slice includes its end. */
function applySubscript(hosts: string[], subscript: Subscript): string[] {
  if ('index' in subscript) {
    const position = subscript.index < 0 ? hosts.length + subscript.index : subscript.index;
    return position >= 0 && position < hosts.length ? [hosts[position]] : [];
  }
  const end = subscript.end === undefined ? hosts.length - 1 : subscript.end;
  return hosts.slice(subscript.start, end + 1);
}
