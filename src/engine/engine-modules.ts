/**
 * set_fact and include_vars, which the engine runs itself because they
 * change the run's variables rather than a host.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { firstExisting, readVarsFile } from './vars-file.js';
import type { ModuleTask } from '../playbook/model.js';
import { renderValue } from '../template/index.js';
import type { TaskOutcome } from './task-result.js';
import type { HostState } from './variables.js';

/** set_fact: renders its variables and sets them at the set_fact level. */
export function setFact(task: ModuleTask, target: HostState, vars: Record<string, unknown>): TaskOutcome {
  const facts = renderValue(task.args, vars) as Record<string, unknown>;
  delete facts.cacheable;
  Object.assign(target.runtimeVars, facts);
  return { status: 'ok', msg: `set ${Object.keys(facts).join(', ')}`, result: { changed: false, ansible_facts: facts } };
}

/**
 * Folders a relative include_vars file is looked for in, as Ansible's
 * search path for `vars`: the role's vars/ and folder, the task file's
 * vars/ and folder, then the playbook's.
 */
function varsSearchDirs(task: ModuleTask, vars: Record<string, unknown>): string[] {
  const dirs: string[] = [];
  if (task.role) dirs.push(join(task.role.path, 'vars'), task.role.path);
  const taskDir = dirname(task.position.file);
  dirs.push(join(taskDir, 'vars'), taskDir);
  if (typeof vars.playbook_dir === 'string') dirs.push(join(vars.playbook_dir, 'vars'), vars.playbook_dir);
  return [...new Set(dirs)];
}

/** include_vars: reads a YAML or JSON file of variables into the host's include_vars level. */
export async function includeVars(task: ModuleTask, target: HostState, vars: Record<string, unknown>): Promise<TaskOutcome> {
  const args = renderValue(task.args, vars) as { file: string; name?: string };
  const file = String(args.file);
  const candidates = isAbsolute(file) ? [file] : varsSearchDirs(task, vars).map((dir) => join(dir, file));
  const path = firstExisting(candidates);
  if (!path) {
    const msg = `include_vars: file not found: ${file} (looked in ${candidates.join(', ')})`;
    return { status: 'failed', msg, result: { changed: false, failed: true, msg } };
  }

  const loaded = await readVarsFile(path);
  const values = args.name ? { [args.name]: loaded } : loaded;
  Object.assign(target.includedVars, values);
  const result = { changed: false, ansible_facts: values, ansible_included_var_files: [path] };
  return { status: 'ok', msg: `read ${Object.keys(values).length} variables from ${path}`, result };
}
