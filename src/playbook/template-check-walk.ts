/**
 * Finds the strings of a loaded YAML file that the run will template. These
 * are the strings with `{{` or `{%`, mapping keys with them where the engine
 * renders keys, and the bare expressions of `when`, `changed_when`,
 * `failed_when`, `until`, assert's `that` and debug's `var`. The walk
 * follows the file's shape: a list of plays, a list of tasks, role meta, or
 * a mapping of variables. The YAML reader wraps `!unsafe` values, so they
 * are not strings here and the walk skips them.
 */
import { isPlainObject } from '../yaml/unsafe.js';
import type { PathStep } from './site.js';
import { isTemplated } from './templated.js';

export interface TemplatedString {
  path: PathStep[];
  text: string;
  /** A bare expression, such as a condition, rather than a template. */
  isExpression: boolean;
  /** The string is the mapping key at `path`, not its value. */
  isKey: boolean;
}

const EXPRESSION_KEYWORDS = new Set(['when', 'changed_when', 'failed_when', 'until']);
const TASK_LIST_KEYWORDS = new Set(['block', 'rescue', 'always']);
const PLAY_TASK_LISTS = new Set(['tasks', 'pre_tasks', 'post_tasks', 'handlers']);
const IMPORT_PLAYBOOK_KEYS = ['import_playbook', 'ansible.builtin.import_playbook'];

/** Module arguments that the module evaluates as bare expressions, by module name. */
const EXPRESSION_ARGUMENTS = new Map<string, string>();
for (const prefix of ['', 'ansible.builtin.', 'ansible.legacy.']) {
  EXPRESSION_ARGUMENTS.set(`${prefix}assert`, 'that');
  EXPRESSION_ARGUMENTS.set(`${prefix}debug`, 'var');
}

/** galaxy_info is metadata for Ansible Galaxy, which skprun never renders. */
const UNTEMPLATED_META_KEYS = new Set(['galaxy_info']);

type Collect = (found: TemplatedString) => void;

/** Lists the templated strings and bare expressions of one file. `isRoleMeta` marks a role's meta/main.yml. */
export function findTemplatedStrings(value: unknown, isRoleMeta: boolean): TemplatedString[] {
  const found: TemplatedString[] = [];
  const collect: Collect = (item) => found.push(item);
  if (Array.isArray(value)) walkEntries(value, [], collect);
  else if (isRoleMeta && isPlainObject(value)) walkRoleMeta(value, collect);
  else walkValue(value, [], collect);
  return found;
}

/** Walks a playbook's plays or a task file's tasks. */
function walkEntries(entries: unknown[], path: PathStep[], collect: Collect): void {
  entries.forEach((entry, index) => {
    const at = [...path, index];
    if (!isPlainObject(entry)) walkValue(entry, at, collect);
    else if ('hosts' in entry) walkPlay(entry, at, collect);
    else if (IMPORT_PLAYBOOK_KEYS.some((key) => key in entry)) walkKeywords(entry, at, collect);
    else walkTask(entry, at, collect);
  });
}

function walkPlay(play: Record<string, unknown>, path: PathStep[], collect: Collect): void {
  for (const [key, value] of Object.entries(play)) {
    const at = [...path, key];
    if (PLAY_TASK_LISTS.has(key) && Array.isArray(value)) walkTaskList(value, at, collect);
    else if (key === 'roles' && Array.isArray(value)) walkRoleEntries(value, at, collect);
    else walkValue(value, at, collect);
  }
}

function walkTaskList(tasks: unknown[], path: PathStep[], collect: Collect): void {
  tasks.forEach((task, index) => {
    const at = [...path, index];
    if (isPlainObject(task)) walkTask(task, at, collect);
    else walkValue(task, at, collect);
  });
}

function walkTask(task: Record<string, unknown>, path: PathStep[], collect: Collect): void {
  for (const [key, value] of Object.entries(task)) {
    const at = [...path, key];
    const expressionArgument = EXPRESSION_ARGUMENTS.get(key);
    if (TASK_LIST_KEYWORDS.has(key) && Array.isArray(value)) walkTaskList(value, at, collect);
    else if (EXPRESSION_KEYWORDS.has(key)) walkExpressions(value, at, collect);
    else if (expressionArgument && isPlainObject(value)) walkArguments(value, expressionArgument, at, collect);
    else walkValue(value, at, collect);
  }
}

/** Walks a play's `roles:` entries or a role's dependencies: names, or mappings with keywords. */
function walkRoleEntries(entries: unknown[], path: PathStep[], collect: Collect): void {
  entries.forEach((entry, index) => {
    const at = [...path, index];
    if (isPlainObject(entry)) walkKeywords(entry, at, collect);
    else walkValue(entry, at, collect);
  });
}

/** Walks the keywords of a role entry or an import_playbook, where `when` is an expression. */
function walkKeywords(entry: Record<string, unknown>, path: PathStep[], collect: Collect): void {
  for (const [key, value] of Object.entries(entry)) {
    const at = [...path, key];
    if (EXPRESSION_KEYWORDS.has(key)) walkExpressions(value, at, collect);
    else walkValue(value, at, collect);
  }
}

function walkRoleMeta(meta: Record<string, unknown>, collect: Collect): void {
  for (const [key, value] of Object.entries(meta)) {
    if (UNTEMPLATED_META_KEYS.has(key)) continue;
    if (key === 'dependencies' && Array.isArray(value)) walkRoleEntries(value, [key], collect);
    else walkValue(value, [key], collect);
  }
}

function walkArguments(args: Record<string, unknown>, expressionKey: string, path: PathStep[], collect: Collect): void {
  for (const [key, value] of Object.entries(args)) {
    const at = [...path, key];
    if (key === expressionKey) walkExpressions(value, at, collect);
    else walkValue(value, at, collect);
  }
}

/** Collects a condition, one expression or a list of them. Booleans and numbers need no check. */
function walkExpressions(value: unknown, path: PathStep[], collect: Collect): void {
  if (typeof value === 'string') collect({ path, text: value, isExpression: true, isKey: false });
  else if (Array.isArray(value)) value.forEach((item, index) => walkExpressions(item, [...path, index], collect));
}

/** Collects the strings of any other value that have template delimiters, keys included. */
function walkValue(value: unknown, path: PathStep[], collect: Collect): void {
  if (typeof value === 'string') {
    if (isTemplated(value)) collect({ path, text: value, isExpression: false, isKey: false });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => walkValue(item, [...path, index], collect));
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const at = [...path, key];
      if (isTemplated(key)) collect({ path: at, text: key, isExpression: false, isKey: true });
      walkValue(item, at, collect);
    }
  }
}
