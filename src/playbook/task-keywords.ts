/**
 * The keyword vocabulary of tasks and plays: what skprun accepts, and the
 * Ansible keywords it rejects by name, so that a user learns the keyword
 * exists and is not merely misspelt.
 */
import { keywordsOf } from './keyword-schema.js';

/** Lookups a `with_<lookup>` loop may use; the engine implements each one. */
export const LOOP_LOOKUPS = [
  'items',
  'list',
  'dict',
  'indexed_items',
  'sequence',
  'nested',
  'together',
  'subelements',
  'flattened',
  'fileglob',
] as const;

export const TASK_KEYWORDS = new Set([...keywordsOf('task'), 'action', 'local_action']);
export const HANDLER_KEYWORDS = new Set([...keywordsOf('handler'), 'action', 'local_action']);
export const BLOCK_KEYWORDS = new Set(keywordsOf('block'));
export const INCLUDE_KEYWORDS = new Set(keywordsOf('include'));
export const PLAY_KEYWORDS = new Set(keywordsOf('play'));

/** Task keys that bring in other tasks; they take the place of a module key. */
export const INCLUDE_ACTIONS = new Set(['import_tasks', 'include_tasks', 'import_role', 'include_role']);

const FQCN = 'ansible.builtin.';

/** Returns the include action a key names, if any (`ansible.builtin.import_tasks` too). */
export function includeAction(key: string): string | undefined {
  const short = key.startsWith(FQCN) ? key.slice(FQCN.length) : key;
  return INCLUDE_ACTIONS.has(short) ? short : undefined;
}

const NOT_YET = 'is not supported by skprun';

/** Ansible task keywords that skprun rejects, with the reason shown. */
export const UNSUPPORTED_TASK_KEYWORDS: Record<string, string> = {
  async: `${NOT_YET}: tasks run to completion while the play waits; remove async and poll`,
  poll: `${NOT_YET}: tasks run to completion while the play waits; remove async and poll`,
  debugger: NOT_YET,
  port: `${NOT_YET} on a task; set ansible_port in the inventory`,
  become_exe: NOT_YET,
  include: 'was removed from Ansible (2.16); use include_tasks or import_tasks',
  static: 'was removed from Ansible; use import_tasks for a static include',
  import_playbook: 'is only allowed at the top level of a playbook, not among tasks',
};

/** Ansible play keywords that skprun rejects, with the reason shown. */
export const UNSUPPORTED_PLAY_KEYWORDS: Record<string, string> = {
  gather_subset: NOT_YET,
  gather_timeout: NOT_YET,
  fact_path: NOT_YET,
  debugger: NOT_YET,
  port: `${NOT_YET} on a play; set ansible_port in the inventory`,
  become_exe: NOT_YET,
};

/** Returns the lookup of a `with_<lookup>` key, or undefined for any other key. */
export function loopLookup(key: string): string | undefined {
  return key.startsWith('with_') ? key.slice('with_'.length) : undefined;
}
