/**
 * Roles: found by name (a templated name is rendered with the play's
 * load-time variables), read (tasks, handlers, defaults, vars, meta), their
 * dependencies run first, and each run becomes a block that carries the
 * role's context and the keywords of the entry that named it.
 */
import { basename, join, resolve } from 'node:path';
import { checkAt } from './check.js';
import type { LoadContext, PlayBuild, TaskScope } from './context.js';
import { firstFile } from './context.js';
import { closest } from './did-you-mean.js';
import { keywordSchemas, keywordsOf } from './keyword-schema.js';
import type { BlockTask, Handler, IncludeOrigin, RoleContext, Task } from './model.js';
import { findRoleDir, roleSearchDirs } from './role-paths.js';
import { Site } from './site.js';
import { otherKeywords, toConditions, toTags } from './task-fields.js';
import { renderRoleName } from './load-time-vars.js';
import { isTemplated } from './templated.js';
import { readVarsFile } from './vars-files.js';

export interface RoleRequest {
  name: string;
  /** The place that names the role, for messages. */
  site: Site;
  /** The role name's own value, when `site` is the mapping around it, for messages about the name. */
  nameSite?: Site;
  params: Record<string, unknown>;
  /** Keywords of the entry (when, tags, become...), put on the role's block. */
  keywords: Record<string, unknown>;
  keyword: IncludeOrigin['keyword'];
  tasksFrom?: string;
  varsFrom?: string;
  defaultsFrom?: string;
  handlersFrom?: string;
  allowDuplicates?: boolean;
  /** Folder of the role that depends on this one. */
  dependentDir?: string;
}

const ENTRY_KEYWORDS = new Set(keywordsOf('roleEntry'));

/** Reads one entry of a play's `roles:` list: a name, or a mapping with role: and keywords. */
export async function readRoleEntry(raw: unknown, site: Site, play: PlayBuild, ctx: LoadContext, dependentDir?: string): Promise<Task[]> {
  const request = roleRequestFromEntry(raw, site, ctx, dependentDir);
  if (!request) return [];
  const block = await runRole(request, play, ctx, []);
  return block ? [block] : [];
}

function roleRequestFromEntry(raw: unknown, site: Site, ctx: LoadContext, dependentDir?: string): RoleRequest | undefined {
  if (typeof raw === 'string') return { name: raw, site, params: {}, keywords: {}, keyword: 'roles', dependentDir };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    ctx.problems.add(site.error('a role entry should be a role name or a mapping with role: and its keywords'));
    return undefined;
  }

  const entry = raw as Record<string, unknown>;
  const name = entry.role ?? entry.name;
  if (typeof name !== 'string' || name === '') {
    ctx.problems.add(site.error('a role entry needs role: with the name of the role'));
    return undefined;
  }
  const { keywords, params } = splitEntry(entry, site, ctx);
  const checked = checkAt(site, keywordSchemas.roleEntry, keywords, { noun: 'keyword' }, { collections: false }, ctx.problems) as Record<string, unknown>;
  const vars = (checked.vars ?? {}) as Record<string, unknown>;
  const rest = otherKeywords(checked, ['role', 'name', 'vars']);
  const nameSite = site.child(entry.role !== undefined ? 'role' : 'name');
  return { name, site, nameSite, params: { ...params, ...vars }, keywords: rest, keyword: 'roles', dependentDir };
}

/**
 * Splits a role entry into keywords and role parameters. As in Ansible, a key
 * that is not a keyword is a parameter; one that looks like a misspelt
 * keyword gets a warning.
 */
function splitEntry(entry: Record<string, unknown>, site: Site, ctx: LoadContext) {
  const keywords: Record<string, unknown> = {};
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (ENTRY_KEYWORDS.has(key)) {
      keywords[key] = value;
      continue;
    }
    params[key] = value;
    const keyword = closest(key, ENTRY_KEYWORDS);
    if (keyword) {
      const at = site.child(key).keyPosition();
      ctx.problems.warn(`${at.file}:${at.line}:${at.column}: ${site.child(key).label()}: "${key}" is passed to the role as a variable; did you mean the keyword "${keyword}"?`);
    }
  }
  return { keywords, params };
}

/** Runs a role once for the play: returns its block, or undefined if it already runs with the same parameters. */
export async function runRole(request: RoleRequest, play: PlayBuild, ctx: LoadContext, stack: string[]): Promise<BlockTask | undefined> {
  if (isTemplated(request.name)) {
    const name = renderRoleName(request.name, request.nameSite ?? request.site, play.loadVars, ctx.problems);
    if (name === undefined) return undefined;
    request = { ...request, name };
  }
  const searchDirs = roleSearchDirs(ctx.playbookDir, ctx.rolesPath, request.dependentDir);
  const found = await findRoleDir(request.name, searchDirs, ctx.playbookDir);
  if (!found.dir) {
    ctx.problems.add(request.site.error(`role "${request.name}" not found; looked in ${found.searched.join(', ')}`));
    return undefined;
  }

  const dir = found.dir;
  const absolute = resolve(dir);
  if (stack.includes(absolute)) {
    ctx.problems.add(request.site.error(`role "${request.name}" depends on itself (through ${stack.map((p) => basename(p)).join(' -> ')})`));
    return undefined;
  }
  const meta = await readMeta(dir, ctx);
  const runKey = JSON.stringify([absolute, request.params, request.tasksFrom ?? 'main']);
  const allowDuplicates = request.allowDuplicates ?? meta.allowDuplicates;
  if (play.roleRuns.has(runKey) && !allowDuplicates) return undefined;
  play.roleRuns.add(runKey);

  const dependencies = await runDependencies(meta, dir, play, ctx, [...stack, absolute]);
  const role = await roleContext(request, dir, ctx);
  const scope: TaskScope = { play, fileDir: join(dir, 'tasks'), role, roleDir: dir, handlers: false, includeStack: [] };
  const tasks = await readRoleFile(request, dir, 'tasks', request.tasksFrom, scope, ctx);
  await addRoleHandlers(request, dir, role, play, ctx);
  return roleBlock(request, role, [...dependencies, ...tasks]);
}

function roleBlock(request: RoleRequest, role: RoleContext, tasks: Task[]): BlockTask {
  const { keywords } = request;
  return {
    kind: 'block',
    position: request.site.position(),
    when: toConditions(keywords.when),
    vars: {},
    tags: toTags(keywords.tags),
    role,
    keywords: otherKeywords(keywords, ['when', 'tags']),
    block: tasks,
    rescue: [],
    always: [],
    include: { keyword: request.keyword, path: role.path, dynamic: request.keyword === 'include_role' },
  };
}

async function roleContext(request: RoleRequest, dir: string, ctx: LoadContext): Promise<RoleContext> {
  const defaults = await readRoleVars(dir, 'defaults', request.defaultsFrom, request.site, ctx);
  const vars = await readRoleVars(dir, 'vars', request.varsFrom, request.site, ctx);
  return { name: basename(dir), path: resolve(dir), defaults, vars, params: request.params };
}

/** Finds `<dir>/<folder>/<name>` with .yml, .yaml or no extension, where the name defaults to `main`. */
async function roleFile(dir: string, folder: string, name: string | undefined): Promise<string | undefined> {
  const base = join(dir, folder, name ?? 'main');
  return firstFile([`${base}.yml`, `${base}.yaml`, base]);
}

/** Reads a role's tasks or handlers; a file named explicitly (tasks_from) must exist. */
async function readRoleFile(request: RoleRequest, dir: string, folder: string, explicit: string | undefined, scope: TaskScope, ctx: LoadContext): Promise<Task[]> {
  const path = await roleFile(dir, folder, explicit);
  if (!path) {
    if (explicit) ctx.problems.add(request.site.error(`${folder}/${explicit} not found in role ${basename(dir)}`));
    return [];
  }
  const document = await ctx.files.read(path);
  if (!document) return [];
  return ctx.readTasks(document.value, new Site(path, document.positions), { ...scope, includeStack: [resolve(path)] });
}

async function readRoleVars(dir: string, folder: string, explicit: string | undefined, site: Site, ctx: LoadContext): Promise<Record<string, unknown>> {
  const path = await roleFile(dir, folder, explicit);
  if (!path) {
    if (explicit) ctx.problems.add(site.error(`${folder}/${explicit} not found in role ${basename(dir)}`));
    return {};
  }
  return (await readVarsFile(path, ctx)) ?? {};
}

async function addRoleHandlers(request: RoleRequest, dir: string, role: RoleContext, play: PlayBuild, ctx: LoadContext): Promise<void> {
  const key = JSON.stringify([resolve(dir), request.handlersFrom ?? 'main']);
  if (play.roleHandlers.has(key)) return;
  play.roleHandlers.add(key);
  const scope: TaskScope = { play, fileDir: join(dir, 'handlers'), role, roleDir: dir, handlers: true, includeStack: [] };
  const handlers = await readRoleFile(request, dir, 'handlers', request.handlersFrom, scope, ctx);
  play.handlers.push(...(handlers as Handler[]));
}

interface RoleMeta {
  dependencies: unknown[];
  site?: Site;
  allowDuplicates: boolean;
}

async function readMeta(dir: string, ctx: LoadContext): Promise<RoleMeta> {
  const path = await roleFile(dir, 'meta', undefined);
  const document = path ? await ctx.files.read(path) : undefined;
  if (!path || !document) return { dependencies: [], allowDuplicates: false };

  const site = new Site(path, document.positions);
  const wording = { noun: 'key', unknownKey: (name: string) => `unknown key "${name}" in role meta; skprun reads dependencies, allow_duplicates, galaxy_info and collections` };
  const meta = (checkAt(site, keywordSchemas.roleMeta, document.value, wording, { collections: false }, ctx.problems) ?? {}) as Record<string, unknown>;
  const dependencies = Array.isArray(meta.dependencies) ? meta.dependencies : [];
  return { dependencies, site: site.child('dependencies'), allowDuplicates: meta.allow_duplicates === true };
}

async function runDependencies(meta: RoleMeta, dir: string, play: PlayBuild, ctx: LoadContext, stack: string[]): Promise<Task[]> {
  const blocks: Task[] = [];
  for (let index = 0; index < meta.dependencies.length; index++) {
    const site = (meta.site as Site).child(index);
    const request = roleRequestFromEntry(meta.dependencies[index], site, ctx, dir);
    const block = request ? await runRole(request, play, ctx, stack) : undefined;
    if (block) blocks.push(block);
  }
  return blocks;
}
