/**
 * import_tasks, include_tasks, import_role and include_role, inlined when the
 * playbook loads. Each becomes a block holding the tasks it brings in, marked
 * with where they came from (BlockTask.include).
 *
 * include_tasks and include_role are dynamic in Ansible: the file or role is
 * chosen when the task runs, so it may be templated or looped. A fixed name
 * is read here, so that its mistakes show before the run. A loop is kept for
 * the engine, which runs the tasks once per item. An include_tasks with a
 * templated file name keeps the name (IncludeOrigin.file) and the engine
 * reads the file when the task runs. The keywords under `apply:` of an
 * include go to every task it brings in (include-apply.ts).
 */
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { checkAt } from './check.js';
import type { LoadContext, TaskScope } from './context.js';
import { firstFile } from './context.js';
import { keywordSchemas } from './keyword-schema.js';
import { didYouMean } from './did-you-mean.js';
import { checkKnownKeys } from './known-keys.js';
import { readApply } from './include-apply.js';
import type { BlockTask, IncludeApply, IncludeOrigin, RuntimeRoleOptions } from './model.js';
import { runRole, type RoleRequest } from './roles.js';
import { Site } from './site.js';
import type { TaskAction } from './task-keys.js';
import { INCLUDE_KEYWORDS, UNSUPPORTED_TASK_KEYWORDS } from './task-keywords.js';
import { otherKeywords, toConditions, toLoopControl, toTags, toVars, warnTemplatedConditions } from './task-fields.js';
import { isTemplated } from './templated.js';

type IncludeAction = Extract<TaskAction, { kind: 'include' }>;

export async function readInclude(
  task: Record<string, unknown>,
  action: IncludeAction,
  site: Site,
  scope: TaskScope,
  ctx: LoadContext,
): Promise<BlockTask | undefined> {
  const before = ctx.problems.errors.length;
  const isDynamic = action.action.startsWith('include_');
  const loopKeys = isDynamic ? Object.keys(task).filter(isLoopKey) : [];
  const argsKeys = action.action.endsWith('_tasks') && 'args' in task ? ['args'] : [];
  const rules = {
    allowed: new Set([...INCLUDE_KEYWORDS, action.key, ...loopKeys, ...argsKeys]),
    entry: action.action,
    unsupported: UNSUPPORTED_TASK_KEYWORDS,
    explain: (key: string) => explainIncludeKey(key, action.action),
  };
  checkKnownKeys(task, site, rules, ctx.problems);
  const keywords = checkAt(site, keywordSchemas.include, otherKeywords(task, [action.key, ...loopKeys, ...argsKeys]), { noun: 'keyword' }, { collections: false }, ctx.problems) as Record<string, unknown>;
  const loop = includeLoop(task, loopKeys, site, ctx);
  const argsApply = argsKeys.length > 0 ? readArgsApply(task, action, site, ctx) : undefined;
  if (ctx.problems.errors.length > before) return undefined;

  const block = action.action.endsWith('_role')
    ? await includeRole(task[action.key], site.child(action.key), keywords, action, scope, ctx)
    : await includeTasks(task[action.key], site, keywords, action, scope, ctx, argsApply);
  if (block) block.position = site.position();
  if (block?.include) Object.assign(block.include, loop);
  return block;
}

/**
 * Reads the free-form spelling `include_tasks: x.yml` with `args: {apply:
 * ...}`, which Ansible accepts as well as a mapping under include_tasks.
 * Returns the raw `apply:` mapping, or undefined after reporting a problem.
 */
function readArgsApply(task: Record<string, unknown>, action: IncludeAction, site: Site, ctx: LoadContext): { raw: unknown; site: Site } | undefined {
  const argsSite = site.child('args');
  const args = task.args;
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    ctx.problems.add(argsSite.error(`args of ${action.action} should be a mapping with apply:, such as {apply: {tags: [web]}}`));
    return undefined;
  }
  for (const key of Object.keys(args)) {
    if (key !== 'apply') ctx.problems.add(argsSite.child(key).keyError(`args of ${action.action} takes only apply, not ${key}`));
  }
  if (isMapping(task[action.key])) {
    ctx.problems.add(argsSite.keyError(`${action.action} takes apply under args or under its own mapping, not both places: move it next to file:`));
    return undefined;
  }
  const raw = (args as Record<string, unknown>).apply;
  return raw === undefined ? undefined : { raw, site: argsSite.child('apply') };
}

function isLoopKey(key: string): boolean {
  return key === 'loop' || key === 'loop_control' || key.startsWith('with_');
}

/** Reads the loop of an include_tasks or include_role, with which the engine runs the included tasks per item. */
function includeLoop(task: Record<string, unknown>, loopKeys: string[], site: Site, ctx: LoadContext): Partial<IncludeOrigin> {
  if (loopKeys.length === 0) return {};
  const withKey = loopKeys.find((key) => key.startsWith('with_'));
  if (withKey && 'loop' in task) {
    ctx.problems.add(site.child(withKey).keyError(`a task takes one loop, but this one has both loop and ${withKey}`));
  }
  if ('loop_control' in task && !('loop' in task) && !withKey) {
    ctx.problems.add(site.child('loop_control').keyError('loop_control needs a loop on the same task'));
  }
  const loopSchemas = { type: 'object', properties: { loop: keywordSchemas.task.properties.loop, loop_control: keywordSchemas.task.properties.loop_control } };
  const checked = checkAt(site, loopSchemas, { loop: task.loop, loop_control: task.loop_control }, { noun: 'keyword' }, { collections: false }, ctx.problems) as Record<string, unknown>;
  const loopControl = toLoopControl(checked.loop_control);
  if (withKey) return { loop: task[withKey], loopWith: withKey.slice('with_'.length), ...(loopControl ? { loopControl } : {}) };
  return { loop: checked.loop, ...(loopControl ? { loopControl } : {}) };
}

function explainIncludeKey(key: string, action: string): string | undefined {
  if (isLoopKey(key)) {
    const dynamic = action.replace('import_', 'include_');
    return `${key} is not allowed on ${action}, which is read when the playbook loads; use ${dynamic} to loop`;
  }
  return `${key} is not allowed on ${action}`;
}

async function includeTasks(
  value: unknown,
  taskSite: Site,
  keywords: Record<string, unknown>,
  action: IncludeAction,
  scope: TaskScope,
  ctx: LoadContext,
  argsApply?: { raw: unknown; site: Site },
): Promise<BlockTask | undefined> {
  const site = taskSite.child(action.key);
  const spec = taskFileSpec(value, site, action.action, ctx);
  if (spec === undefined) return undefined;
  const { name } = spec;
  const apply = argsApply ? readApply(argsApply.raw, argsApply.site, action.action, ctx) : spec.apply;
  if (argsApply && !apply) return undefined;
  if (isTemplated(name)) {
    const origin: IncludeOrigin = { keyword: 'include_tasks', path: resolve(site.file), dynamic: true, file: name, ...(apply ? { apply } : {}) };
    return includeBlock(taskSite, keywords, [], origin, scope, ctx);
  }

  const path = await findTaskFile(name, scope, ctx);
  if (!path) {
    ctx.problems.add(site.error(`task file not found: ${name} (looked in ${searchDirs(scope, ctx).join(', ')})`));
    return undefined;
  }
  const absolute = resolve(path);
  if (scope.includeStack.includes(absolute)) {
    const chain = [...scope.includeStack, absolute].map((file) => relative(process.cwd(), file));
    ctx.problems.add(site.error(`${name} includes itself (through ${chain.join(' -> ')})`));
    return undefined;
  }

  const document = await ctx.files.read(path);
  if (!document) return undefined;
  const innerScope = { ...scope, fileDir: dirname(path), includeStack: [...scope.includeStack, absolute] };
  const tasks = await ctx.readTasks(document.value, new Site(path, document.positions), innerScope);
  const origin: IncludeOrigin = { keyword: action.action as IncludeOrigin['keyword'], path: absolute, dynamic: action.action === 'include_tasks', ...(apply ? { apply } : {}) };
  return includeBlock(taskSite, keywords, tasks, origin, scope, ctx);
}

interface TaskFileSpec {
  name: string;
  apply?: IncludeApply;
}

/** Reads `import_tasks: x.yml` or `include_tasks: {file: x.yml, apply: {...}}`. */
function taskFileSpec(value: unknown, site: Site, action: string, ctx: LoadContext): TaskFileSpec | undefined {
  let name = value;
  let apply: IncludeApply | undefined;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const { file, apply: rawApply, ...rest } = value as Record<string, unknown>;
    for (const key of Object.keys(rest)) ctx.problems.add(site.child(key).keyError(`${action} takes file and apply, not ${key}`));
    if (rawApply !== undefined) apply = readApply(rawApply, site.child('apply'), action, ctx);
    name = file;
    site = site.child('file');
  }
  if (typeof name !== 'string' || name === '') {
    ctx.problems.add(site.error(`${action} needs the name of a task file`));
    return undefined;
  }
  if (isTemplated(name) && action !== 'include_tasks') {
    ctx.problems.add(site.error(`a templated file name cannot be read when the playbook loads; use include_tasks, which reads it when the task runs`));
    return undefined;
  }
  return apply ? { name, apply } : { name };
}

/** Lists the folders searched for a task file: the including file's, the role's tasks/, the playbook's. */
function searchDirs(scope: TaskScope, ctx: LoadContext): string[] {
  const dirs = [scope.fileDir];
  if (scope.roleDir) dirs.push(join(scope.roleDir, scope.handlers ? 'handlers' : 'tasks'));
  dirs.push(ctx.playbookDir);
  return [...new Set(dirs)];
}

function findTaskFile(name: string, scope: TaskScope, ctx: LoadContext): Promise<string | undefined> {
  if (isAbsolute(name)) return firstFile([name]);
  return firstFile(searchDirs(scope, ctx).map((dir) => join(dir, name)));
}

async function includeRole(value: unknown, site: Site, keywords: Record<string, unknown>, action: IncludeAction, scope: TaskScope, ctx: LoadContext): Promise<BlockTask | undefined> {
  if (scope.handlers) {
    ctx.problems.add(site.error(`${action.action} is not supported among handlers`));
    return undefined;
  }
  const wording = {
    noun: 'option',
    unknownKey: (key: string, allowed: string[]) => `unknown ${action.action} option "${key}"${didYouMean(key, allowed)}`,
  };
  const { apply: rawApply, ...roleOptions } = isMapping(value) ? value : { apply: undefined };
  const options = checkAt(site, keywordSchemas.includeRole, isMapping(value) ? roleOptions : value, wording, { collections: false }, ctx.problems) as Record<string, unknown>;
  const apply = rawApply === undefined ? undefined : readApply(rawApply, site.child('apply'), action.action, ctx);
  if (typeof options?.name !== 'string') return undefined;

  const request = {
    name: options.name,
    site: site.child('name'),
    params: toVars(keywords.vars),
    keywords: otherKeywords(keywords, ['vars']),
    keyword: action.action as IncludeOrigin['keyword'],
    tasksFrom: options.tasks_from as string | undefined,
    varsFrom: options.vars_from as string | undefined,
    defaultsFrom: options.defaults_from as string | undefined,
    handlersFrom: options.handlers_from as string | undefined,
    allowDuplicates: (options.allow_duplicates as boolean | undefined) ?? true,
    dependentDir: scope.roleDir,
  };
  if (action.action === 'include_role' && isTemplated(request.name)) return runtimeRoleBlock(request, site, keywords, apply, scope, ctx);
  const block = await runRole(request, scope.play, ctx, []);
  if (block) block.name = keywords.name as string | undefined;
  if (block?.include && apply) block.include.apply = apply;
  return block;
}

/** Makes the block of an include_role whose templated name is rendered per host when it runs. */
function runtimeRoleBlock(request: RoleRequest, site: Site, keywords: Record<string, unknown>, apply: IncludeApply | undefined, scope: TaskScope, ctx: LoadContext): BlockTask {
  const roleOptions: RuntimeRoleOptions = {
    tasksFrom: request.tasksFrom,
    varsFrom: request.varsFrom,
    defaultsFrom: request.defaultsFrom,
    handlersFrom: request.handlersFrom,
    allowDuplicates: request.allowDuplicates ?? true,
    params: request.params,
    dependentDir: request.dependentDir,
    namePosition: request.site.position(),
  };
  const origin: IncludeOrigin = { keyword: 'include_role', path: resolve(site.file), dynamic: true, roleName: request.name, roleOptions, ...(apply ? { apply } : {}) };
  // The role parameters travel in roleOptions, so the block passes no vars of its own.
  return includeBlock(site, otherKeywords(keywords, ['vars']), [], origin, scope, ctx);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function includeBlock(site: Site, keywords: Record<string, unknown>, tasks: BlockTask['block'], include: IncludeOrigin, scope: TaskScope, ctx: LoadContext): BlockTask {
  const when = toConditions(keywords.when);
  warnTemplatedConditions(site.child('when'), when, ctx.problems);
  const block: BlockTask = {
    kind: 'block',
    name: keywords.name as string | undefined,
    position: site.position(),
    when,
    vars: toVars(keywords.vars),
    tags: toTags(keywords.tags),
    keywords: otherKeywords(keywords, ['name', 'when', 'vars', 'tags']),
    block: tasks,
    rescue: [],
    always: [],
    include,
  };
  if (scope.role) block.role = scope.role;
  return block;
}
