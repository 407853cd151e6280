/**
 * include_tasks and include_role as Ansible runs them: when the include is
 * reached, per host, its `when` is evaluated once, its loop rendered, and
 * a templated file name (or include_role's role name) resolved and read.
 * Hosts that include the same file with the same item run its tasks
 * together. Different includes run one after another, in the order hosts
 * reached them.
 */
import { dirname, isAbsolute, join } from 'node:path';
import type { BlockTask, Handler, IncludeOrigin, RoleContext, Task } from '../playbook/model.js';
import { evaluateCondition, renderValue } from '../template/index.js';
import { enterInclude, type Inherited } from './inherit.js';
import { loopItems } from './loops.js';
import type { PlayRun } from './play-run.js';
import { isTaskSelected } from './selection.js';
import type { TaskOutcome } from './task-result.js';
import { failedOutcome, skippedOutcome } from './task-result.js';
import { firstExisting } from './vars-file.js';

/** The result of a read at run time: the tasks, and the handlers of the roles it read, which join the play. */
export interface RuntimeTasks {
  tasks: Task[];
  handlers: Handler[];
}

/** Reads a task file at run time, as tasks of this role when one is given. */
export type RuntimeTaskLoader = (path: string, role: RoleContext | undefined, playbookDir: string) => Promise<Task[] | RuntimeTasks>;

interface Walker {
  runTasks(run: PlayRun, tasks: readonly Task[], hosts: readonly string[], inherited: Inherited): Promise<void>;
}

/** One file (or role) with one item, and the hosts that include it. */
interface IncludedFile {
  path: string;
  itemVars: Record<string, unknown>;
  hosts: string[];
  hostSet: Set<string>;
  tasks?: Task[];
}

/** Included files in the order hosts reached them, and by path and item. */
interface IncludedFiles {
  list: IncludedFile[];
  byKey: Map<string, IncludedFile[]>;
}

export async function runDynamicInclude(run: PlayRun, block: BlockTask, hosts: string[], inherited: Inherited, walker: Walker): Promise<void> {
  if (!isTaskSelected(run, block, inherited)) return;
  const include = block.include!;
  const id = run.options.nextTaskId();
  const name = block.name ?? include.keyword;
  run.emit({ kind: 'task_start', id, name, module: include.keyword, hosts, isHandler: false });

  const files: IncludedFiles = { list: [], byKey: new Map() };
  const outcomes = new Map<string, TaskOutcome>();
  for (const host of hosts) outcomes.set(host, resolveForHost(run, block, host, inherited, files));
  await loadFiles(run, block, files.list, outcomes);

  for (const host of hosts) {
    const outcome = outcomes.get(host)!;
    const count = recapCount(include, outcome, files.list.filter((file) => file.hostSet.has(host)).length);
    for (let i = 0; i < count; i++) run.settle(host, includeTaskStub(block), outcome, inherited, []);
    run.emit({ kind: 'host_result', host, task: name, taskId: id, status: outcome.status, msg: outcome.msg, durationMs: 0, result: outcome.result });
  }
  for (const file of files.list) {
    const targets = file.hosts.filter((host) => run.isActive(host) && outcomes.get(host)?.status === 'ok');
    if (targets.length === 0 || !file.tasks) continue;
    await walker.runTasks(run, file.tasks, targets, enterInclude(inherited, block, file.itemVars));
  }
}

/**
 * Returns how many times an include's result counts in the recap, as in
 * ansible-core 2.14: a failure or a skip once, an include_role that ran not
 * at all, and an include_tasks once per file and item it included (loop
 * items that its `when` skipped do not count).
 */
function recapCount(include: IncludeOrigin, outcome: TaskOutcome, includedCount: number): number {
  if (outcome.status !== 'ok') return 1;
  return include.keyword === 'include_role' ? 0 : includedCount;
}

/** Evaluates the include for one host, adding what it includes to `files`; returns the host's result. */
function resolveForHost(run: PlayRun, block: BlockTask, host: string, inherited: Inherited, files: IncludedFiles): TaskOutcome {
  const include = block.include!;
  try {
    const vars = run.varsFor(host, block, inherited);
    const items = include.loop === undefined ? [undefined] : loopItems(includeTaskStub(block), vars);
    const loopVar = include.loopControl?.loopVar ?? 'item';
    const included: string[] = [];
    for (const item of items) {
      const itemVars: Record<string, unknown> = include.loop === undefined ? {} : { [loopVar]: item, ansible_loop_var: loopVar };
      // The include's vars reach a templated role name too, but for include_role they travel as role parameters.
      const scope = { ...vars, ...include.roleOptions?.params, ...itemVars };
      const conditions = [...inherited.when, ...block.when];
      if (!conditions.every((condition) => evaluateCondition(condition, scope))) continue;
      const path = includePath(block, scope);
      addHost(files, path, itemVars, host);
      included.push(path);
    }
    if (included.length === 0) return skippedOutcome('Conditional result was False');
    return { status: 'ok', msg: `included: ${[...new Set(included)].join(', ')}`, result: { changed: false, include: included[0] } };
  } catch (error) {
    return failedOutcome(`${include.keyword}: ${(error as Error).message}`);
  }
}

/**
 * Adds a host to the file it includes with this item, or a new entry. A
 * host that includes the same file with the same item twice gets a second
 * entry, which runs after the first.
 */
function addHost(files: IncludedFiles, path: string, itemVars: Record<string, unknown>, host: string): void {
  const key = JSON.stringify([path, itemVars]);
  const entries = files.byKey.get(key) ?? [];
  const existing = entries.find((file) => !file.hostSet.has(host));
  if (existing) {
    existing.hosts.push(host);
    existing.hostSet.add(host);
    return;
  }
  const file = { path, itemVars, hosts: [host], hostSet: new Set([host]) };
  files.list.push(file);
  files.byKey.set(key, [...entries, file]);
}

/** Returns the file an include reads: the one read at load time, or its templated name rendered and looked up. */
function includePath(block: BlockTask, vars: Record<string, unknown>): string {
  const include = block.include!;
  if (include.roleName !== undefined) return renderRoleName(include.roleName, vars);
  if (include.file === undefined) return include.path;
  const name = String(renderValue(include.file, vars));
  if (isAbsolute(name)) return name;
  const dirs = [dirname(block.position.file)];
  if (block.role) dirs.push(join(block.role.path, 'tasks'));
  if (typeof vars.playbook_dir === 'string') dirs.push(vars.playbook_dir);
  const candidates = dirs.map((dir) => join(dir, name));
  const found = firstExisting(candidates);
  if (!found) throw new Error(`task file not found: ${name} (looked in ${dirs.join(', ')})`);
  return found;
}

/** Renders the templated role name of an include_role for one host. */
function renderRoleName(template: string, vars: Record<string, unknown>): string {
  const name = String(renderValue(template, vars));
  if (name === '') throw new Error(`the role name ${JSON.stringify(template)} rendered empty`);
  return name;
}

/** Gives each included file its tasks: the loaded ones, or the file (or role) read now. */
async function loadFiles(run: PlayRun, block: BlockTask, files: IncludedFile[], outcomes: Map<string, TaskOutcome>): Promise<void> {
  const include = block.include!;
  for (const file of files) {
    if (include.file === undefined && include.roleName === undefined) {
      file.tasks = block.block;
      continue;
    }
    const playbookDir = String(run.options.scope.magic.playbook_dir);
    try {
      const loaded = include.roleName === undefined ? await run.options.loadTasks(file.path, block.role, playbookDir) : await loadRole(file.path, include, playbookDir);
      file.tasks = Array.isArray(loaded) ? loaded : loaded.tasks;
      if (!Array.isArray(loaded)) run.handlers.add(loaded.handlers);
    } catch (error) {
      const outcome = failedOutcome(`${include.keyword}: ${file.path}: ${(error as Error).message}`);
      for (const host of file.hosts) outcomes.set(host, outcome);
    }
  }
}

/** Reads the role a templated include_role names. The loader is imported here, so runs without such an include never load it. */
async function loadRole(name: string, include: IncludeOrigin, playbookDir: string): Promise<RuntimeTasks> {
  const { loadRoleAtRunTime } = await import('../playbook/runtime-role.js');
  return loadRoleAtRunTime(name, include.roleOptions!, playbookDir);
}

/** Builds a task that stands for the include, for its loop, its messages and ansible_failed_task. */
function includeTaskStub(block: BlockTask) {
  const include = block.include!;
  return {
    kind: 'module' as const,
    name: block.name,
    position: block.position,
    when: block.when,
    vars: block.vars,
    tags: block.tags,
    role: block.role,
    keywords: block.keywords,
    module: include.keyword,
    moduleAlias: include.keyword,
    args: include.roleName === undefined ? { file: include.file ?? include.path } : { name: include.roleName },
    notify: [],
    loop: include.loop,
    loopWith: include.loopWith,
    loopControl: include.loopControl,
  };
}
