/**
 * Play variables that need the run to exist: vars_files whose names are
 * templated (read per host when the play starts), vars_prompt answers, and
 * the defaults and vars of the roles a play lists, which all its tasks see.
 */
import { isAbsolute, join } from 'node:path';
import { InputError } from '../errors.js';
import type { Play, Task } from '../playbook/model.js';
import { renderValue } from '../template/index.js';
import { firstExisting, readVarsFile } from './vars-file.js';

/** Merges the fixed vars_files in order, each above the ones before it. */
export function staticVarsFiles(play: Play): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const file of play.varsFiles ?? []) if (file.vars) Object.assign(merged, file.vars);
  return merged;
}

/** True when some vars_files entry has a templated name and must be read per host. */
export function hasTemplatedVarsFiles(play: Play): boolean {
  return (play.varsFiles ?? []).some((file) => file.vars === undefined);
}

/**
 * Reads the vars_files of a play for one host, in order, rendering
 * templated names with `vars`. A first-found list reads the first that
 * exists; none existing is an error naming them.
 */
export async function hostVarsFiles(play: Play, baseDir: string, vars: Record<string, unknown>): Promise<Record<string, unknown>> {
  const merged: Record<string, unknown> = {};
  for (const file of play.varsFiles ?? []) {
    if (file.vars) {
      Object.assign(merged, file.vars);
      continue;
    }
    const names = file.names.map((name) => String(renderValue(name, { ...vars, ...merged })));
    const candidates = names.map((name) => (isAbsolute(name) ? name : join(baseDir, name)));
    const path = firstExisting(candidates);
    if (!path) {
      const problem = candidates.length > 1 ? 'none of these vars files exists' : 'vars file not found';
      throw new InputError(`${problem}: ${candidates.join(', ')}`, file.position, 'vars_files');
    }
    Object.assign(merged, await readVarsFile(path));
  }
  return merged;
}

/** Defaults and vars of the roles in `roles:` (with their dependencies), in play order. */
export function playRoleVars(tasks: readonly Task[]): { defaults: Record<string, unknown>; vars: Record<string, unknown> } {
  const defaults: Record<string, unknown> = {};
  const vars: Record<string, unknown> = {};
  const visit = (list: readonly Task[]) => {
    for (const task of list) {
      if (task.kind !== 'block' || task.include?.keyword !== 'roles') continue;
      visit(task.block);
      if (task.role) {
        Object.assign(defaults, task.role.defaults);
        Object.assign(vars, task.role.vars);
      }
    }
  };
  visit(tasks);
  return { defaults, vars };
}
