/**
 * The items of a task's loop: `loop:` as rendered, or a `with_<lookup>`
 * loop computed from its rendered terms the way Ansible's lookup plugin of
 * that name does. with_fileglob reads the controller's files.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { ModuleTask } from '../playbook/model.js';
import { renderValue } from '../template/index.js';
import { LoopError, sequenceItems } from './sequence.js';

export { LoopError };

/** Renders the loop of a task and returns its items. */
export function loopItems(task: ModuleTask, vars: Record<string, unknown>): unknown[] {
  const rendered = renderValue(task.loop, vars);
  if (task.loopWith === undefined) {
    if (!Array.isArray(rendered)) throw new LoopError(`loop should be a list, got ${describe(rendered)}`);
    return rendered;
  }
  return lookupItems(task.loopWith, listify(rendered), fileSearchDirs(task, vars));
}

/** Ansible's listify_lookup_plugin_terms: a single term becomes a list of one. */
function listify(terms: unknown): unknown[] {
  return Array.isArray(terms) ? terms : [terms];
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

export function lookupItems(lookup: string, terms: unknown[], searchDirs: string[] = []): unknown[] {
  switch (lookup) {
    case 'items':
      return terms.flatMap((term) => (Array.isArray(term) ? term : [term]));
    case 'list':
      return terms;
    case 'flattened':
      return flattenDeep(terms);
    case 'indexed_items':
      return flattenOnce(terms).map((item, index) => [index, item]);
    case 'dict':
      return terms.flatMap(dictItems);
    case 'together':
      return together(terms);
    case 'nested':
      return nested(terms);
    case 'subelements':
      return subelements(terms);
    case 'sequence':
      return terms.flatMap((term) => sequenceItems(term));
    case 'fileglob':
      return terms.flatMap((term) => fileglob(String(term), searchDirs));
    default:
      throw new LoopError(`with_${lookup} is not a loop skprun knows`);
  }
}

function flattenOnce(terms: unknown[]): unknown[] {
  return terms.flatMap((term) => (Array.isArray(term) ? term : [term]));
}

function flattenDeep(terms: unknown[]): unknown[] {
  return terms.flatMap((term) => (Array.isArray(term) ? flattenDeep(term) : [term]));
}

function dictItems(term: unknown): unknown[] {
  if (typeof term !== 'object' || term === null || Array.isArray(term)) {
    throw new LoopError(`with_dict expects a mapping, got ${describe(term)}`);
  }
  return Object.entries(term).map(([key, value]) => ({ key, value }));
}

function asLists(terms: unknown[], lookup: string): unknown[][] {
  return terms.map((term) => {
    if (!Array.isArray(term)) throw new LoopError(`with_${lookup} expects lists, got ${describe(term)}`);
    return term;
  });
}

/** zip_longest: the nth item of every list, None (null) where a list is shorter. */
function together(terms: unknown[]): unknown[] {
  const lists = asLists(terms, 'together');
  const length = Math.max(0, ...lists.map((list) => list.length));
  return Array.from({ length }, (_, index) => lists.map((list) => (index < list.length ? list[index] : null)));
}

/** Every combination, the first list varying slowest. */
function nested(terms: unknown[]): unknown[] {
  const lists = asLists(terms, 'nested');
  if (lists.length === 0) return [];
  return lists.reduce<unknown[][]>((combos, list) => combos.flatMap((combo) => list.map((item) => [...combo, item])), [[]]);
}

/** [list of mappings, key(, {skip_missing})]: each mapping paired with each entry of its key. */
function subelements(terms: unknown[]): unknown[] {
  const [list, key, options] = terms;
  const skipMissing = typeof options === 'object' && options !== null && (options as Record<string, unknown>).skip_missing === true;
  const parents = Array.isArray(list) ? list : typeof list === 'object' && list !== null ? Object.values(list) : undefined;
  if (!parents || typeof key !== 'string') {
    throw new LoopError('with_subelements expects a list (or mapping) of mappings and the name of a key');
  }
  return parents.flatMap((parent) => {
    let value: unknown = parent;
    for (const part of key.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
    if (value === undefined && skipMissing) return [];
    if (!Array.isArray(value)) throw new LoopError(`with_subelements: the key ${key} should hold a list in every item`);
    return value.map((sub) => [parent, sub]);
  });
}

/** Folders a relative with_fileglob pattern is looked for in: the role's files/, the task file's files/, the playbook's. */
function fileSearchDirs(task: ModuleTask, vars: Record<string, unknown>): string[] {
  const dirs: string[] = [];
  if (task.role) dirs.push(join(task.role.path, 'files'), task.role.path);
  const taskDir = dirname(task.position.file);
  dirs.push(join(taskDir, 'files'), taskDir);
  if (typeof vars.playbook_dir === 'string') dirs.push(join(vars.playbook_dir, 'files'), vars.playbook_dir);
  return [...new Set(dirs)];
}

/** Files (not folders) matching the pattern's last part, in the first folder where its folder exists. */
function fileglob(pattern: string, searchDirs: string[]): string[] {
  const folder = dirname(pattern);
  const candidates = isAbsolute(pattern) ? [folder] : searchDirs.map((dir) => join(dir, folder));
  const found = candidates.find((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory());
  if (!found) return [];
  const matcher = globMatcher(basename(pattern));
  return readdirSync(found)
    .filter((name) => matcher.test(name))
    .map((name) => join(found, name))
    .filter((path) => statSync(path, { throwIfNoEntry: false })?.isFile())
    .sort();
}

/** Python fnmatch's *, ? and [...] as a regular expression. */
export function globMatcher(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[' && pattern.indexOf(']', i + 1) > i + 1) {
      const end = pattern.indexOf(']', i + 1);
      const body = pattern.slice(i + 1, end);
      source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else source += char.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}
