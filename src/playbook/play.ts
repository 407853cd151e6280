/** Reads one play: its keywords, roles, task sections, handlers and vars_files. */
import { dirname, resolve } from 'node:path';
import { checkAt } from './check.js';
import type { LoadContext, PlayBuild, TaskScope } from './context.js';
import { newPlayBuild } from './context.js';
import { keywordSchemas } from './keyword-schema.js';
import { loadTimeVars, renderHandlerNames } from './load-time-vars.js';
import { checkKnownKeys } from './known-keys.js';
import type { Handler, ModuleTask, Play, Task } from './model.js';
import { resolveModule } from './modules.js';
import { checkNotifyNames } from './notify-check.js';
import { readRoleEntry } from './roles.js';
import type { Site } from './site.js';
import { otherKeywords, toTags, toVars } from './task-fields.js';
import { PLAY_KEYWORDS, TASK_KEYWORDS, UNSUPPORTED_PLAY_KEYWORDS } from './task-keywords.js';
import { describeValue, pick } from './tasks.js';
import { isTemplated } from './templated.js';
import { readVarsFiles } from './vars-files.js';

// Play keywords with a field of their own in Play; the rest go to `keywords`.
const OWN_FIELDS = [
  'name', 'hosts', 'vars', 'vars_files', 'tasks', 'pre_tasks', 'post_tasks',
  'roles', 'handlers', 'gather_facts', 'any_errors_fatal', 'serial',
];

export async function readPlay(raw: unknown, site: Site, ctx: LoadContext): Promise<Play | undefined> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    ctx.problems.add(site.error(`a play should be a mapping with hosts and tasks, found ${describeValue(raw)}`));
    return undefined;
  }
  const entry = raw as Record<string, unknown>;
  const rules = { allowed: PLAY_KEYWORDS, entry: 'play', unsupported: UNSUPPORTED_PLAY_KEYWORDS, explain: (key: string) => explainPlayKey(key, ctx) };
  checkKnownKeys(entry, site, rules, ctx.problems);
  const keywords = checkAt(site, keywordSchemas.play, pick(entry, PLAY_KEYWORDS), { noun: 'keyword' }, { collections: false }, ctx.problems) as Record<string, unknown>;

  // vars_files come first because role names may use their variables.
  const varsFiles = await readVarsFiles(keywords.vars_files, site.child('vars_files'), dirname(site.file), ctx);
  const build = newPlayBuild(playLoadVars(keywords, varsFiles, ctx));
  const scope: TaskScope = { play: build, fileDir: dirname(site.file), handlers: false, includeStack: [resolve(site.file)] };
  const tasks = await readSections(keywords, site, scope, ctx);
  const ownHandlers = await ctx.readTasks(keywords.handlers, site.child('handlers'), { ...scope, handlers: true });
  const handlers = renderHandlerNames([...build.handlers, ...(ownHandlers as Handler[])], build.loadVars, ctx.problems);
  checkNotifyNames(build, handlers, ctx.problems);

  return assemble(keywords, site, tasks, handlers, varsFiles, ctx);
}

function playLoadVars(keywords: Record<string, unknown>, varsFiles: Play['varsFiles'], ctx: LoadContext): Record<string, unknown> {
  const fileVars = (varsFiles ?? []).flatMap((file) => (file.vars ? [file.vars] : []));
  return loadTimeVars(resolve(ctx.playbookDir), toVars(keywords.vars), fileVars, ctx.extraVars ?? {});
}

function assemble(keywords: Record<string, unknown>, site: Site, tasks: Task[], handlers: Handler[], varsFiles: Play['varsFiles'], ctx: LoadContext): Play {
  const others = otherKeywords(keywords, OWN_FIELDS);
  if (others.tags !== undefined) others.tags = toTags(others.tags);
  return {
    name: keywords.name as string | undefined,
    position: site.position(),
    hosts: hostPattern(keywords.hosts),
    vars: toVars(keywords.vars),
    tasks,
    handlers,
    gatherFacts: fixedBoolean(keywords.gather_facts, true, site.child('gather_facts'), ctx),
    anyErrorsFatal: fixedBoolean(keywords.any_errors_fatal, false, site.child('any_errors_fatal'), ctx),
    serial: keywords.serial,
    keywords: others,
    file: site.file,
    varsFiles,
  };
}

/**
 * Returns the tasks in running order. Ansible flushes handlers after
 * pre_tasks, after roles and tasks, and after post_tasks. The last flush is
 * the engine's own at the end of a play, so an implicit flush goes in only
 * where tasks follow it.
 */
async function readSections(keywords: Record<string, unknown>, site: Site, scope: TaskScope, ctx: LoadContext): Promise<Task[]> {
  const preTasks = await ctx.readTasks(keywords.pre_tasks, site.child('pre_tasks'), scope);
  const roleTasks = await readRoles(keywords.roles, site.child('roles'), scope.play, ctx);
  const tasks = await ctx.readTasks(keywords.tasks, site.child('tasks'), scope);
  const postTasks = await ctx.readTasks(keywords.post_tasks, site.child('post_tasks'), scope);

  const main = [...roleTasks, ...tasks];
  const afterPre = preTasks.length > 0 && main.length + postTasks.length > 0 ? [flushHandlers(site)] : [];
  const afterMain = main.length > 0 && postTasks.length > 0 ? [flushHandlers(site)] : [];
  return [...preTasks, ...afterPre, ...main, ...afterMain, ...postTasks];
}

async function readRoles(raw: unknown, site: Site, play: PlayBuild, ctx: LoadContext): Promise<Task[]> {
  if (!Array.isArray(raw)) return [];
  const tasks: Task[] = [];
  for (let index = 0; index < raw.length; index++) {
    tasks.push(...(await readRoleEntry(raw[index], site.child(index), play, ctx)));
  }
  return tasks;
}

function flushHandlers(site: Site): ModuleTask {
  return {
    kind: 'module',
    position: site.position(),
    when: [],
    vars: {},
    tags: ['always'],
    keywords: {},
    module: 'meta',
    moduleAlias: 'meta',
    args: { free_form: 'flush_handlers' },
    notify: [],
    implicit: true,
  };
}

/** `hosts: [a, b]` means the union of the patterns, which `a:b` writes. */
function hostPattern(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(':');
  return typeof value === 'string' ? value : '';
}

function fixedBoolean(value: unknown, fallback: boolean, site: Site, ctx: LoadContext): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (isTemplated(value)) ctx.problems.add(site.error('should be true or false; skprun does not template this keyword'));
  return fallback;
}

function explainPlayKey(key: string, ctx: LoadContext): string | undefined {
  if (resolveModule(key, ctx.modules)) return `a play runs no module itself: put ${key} in a task under tasks`;
  if (TASK_KEYWORDS.has(key)) return `${key} is a task keyword, not a play keyword: put it on a task or a block`;
  return undefined;
}
