/**
 * Loads a playbook file into the model the engine runs (model.ts), checking
 * everything that can be checked before any host is contacted: YAML syntax,
 * keywords, module names and arguments (against each module's JSON schema),
 * roles, included task files and vars_files.
 *
 * Every problem in every file is collected, then raised together as one
 * InputErrors, so a user fixes them in one pass.
 */
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { InputErrors } from '../errors.js';
import { checkAt } from './check.js';
import type { LoadContext } from './context.js';
import { keywordSchemas, keywordsOf } from './keyword-schema.js';
import { checkKnownKeys } from './known-keys.js';
import type { Play, Playbook } from './model.js';
import type { ModuleLookup, ModuleSpec } from './modules.js';
import { registryLookup } from './modules.js';
import { readPlay } from './play.js';
import { rolesPathFromEnv } from './role-paths.js';
import { Problems, Site } from './site.js';
import { toConditions, toTags, toVars } from './task-fields.js';
import { checkPlaybookTemplates, RecordingFileCache } from './template-check.js';
import { readTaskList } from './tasks.js';
import { isTemplated } from './templated.js';

export interface LoadPlaybookOptions {
  /** Finds a module by any name a task may write; the module registry by default. */
  moduleLookup?: (name: string) => ModuleSpec | undefined;
  /** Every module name, for did-you-mean suggestions; the registry's when not given. */
  moduleNames?: () => string[];
  /** Role folders searched after the playbook's own; SKPRUN_ROLES_PATH and ANSIBLE_ROLES_PATH by default. */
  rolesPath?: string[];
  /** The extra vars (-e): role names in `roles:` and import_role are rendered with them. */
  extraVars?: Record<string, unknown>;
}

export interface LoadedPlaybook {
  playbook: Playbook;
  /** Warnings, each starting with file:line:column. */
  warnings: string[];
}

/** Loads and checks a playbook; raises InputErrors listing every problem found. */
export async function loadPlaybook(path: string, options: LoadPlaybookOptions = {}): Promise<LoadedPlaybook> {
  const problems = new Problems();
  const base = {
    modules: await moduleLookupFrom(options),
    problems,
    rolesPath: options.rolesPath ?? rolesPathFromEnv(process.env),
    files: new RecordingFileCache(problems),
    extraVars: options.extraVars ?? {},
  };
  const plays = await readPlaybookFile(path, base, []);
  await checkPlaybookTemplates(base.files, plays, dirname(path), problems);

  if (problems.errors.length > 0) throw new InputErrors(problems.sortedErrors());
  const playbook: Playbook = { file: resolve(path), dir: resolve(dirname(path)), plays };
  return { playbook, warnings: problems.warnings };
}

async function moduleLookupFrom(options: LoadPlaybookOptions): Promise<ModuleLookup> {
  if (options.moduleLookup && options.moduleNames) return { find: options.moduleLookup, names: options.moduleNames };
  const registry = await registryLookup();
  return { find: options.moduleLookup ?? registry.find, names: options.moduleNames ?? registry.names };
}

type BaseContext = Omit<LoadContext, 'playbookDir' | 'readTasks'>;

/** Makes the context for one playbook file, whose folder roles and relative paths start from, as in Ansible. */
function contextFor(path: string, base: BaseContext): LoadContext {
  const ctx: LoadContext = {
    ...base,
    playbookDir: dirname(path),
    readTasks: (raw, site, scope) => readTaskList(raw, site, scope, ctx),
  };
  return ctx;
}

async function readPlaybookFile(path: string, base: BaseContext, stack: string[]): Promise<Play[]> {
  const document = await base.files.read(path);
  if (!document) return [];
  const site = new Site(path, document.positions, [], 'play');
  const entries = document.value;
  if (!Array.isArray(entries)) {
    const found = entries === null ? 'the file is empty' : 'it is not a list';
    base.problems.add(site.error(`a playbook should be a list of plays, each starting with "- hosts:", but ${found}`));
    return [];
  }

  const ctx = contextFor(path, base);
  const plays: Play[] = [];
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    const importKey = importPlaybookKey(entry);
    if (importKey) plays.push(...(await readImport(entry as Record<string, unknown>, importKey, site.child(index), ctx, [...stack, resolve(path)])));
    else {
      const play = await readPlay(entry, site.child(index), ctx);
      if (play) plays.push(play);
    }
  }
  return plays;
}

function importPlaybookKey(entry: unknown): string | undefined {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  return ['import_playbook', 'ansible.builtin.import_playbook'].find((key) => key in entry);
}

const IMPORT_KEYS = keywordsOf('importPlaybook');

/**
 * `- import_playbook: other.yml`, relative to the importing file's folder.
 * Its vars override the imported plays' own, its tags are added to theirs,
 * and its `when` is added to each of their top-level tasks, as in Ansible.
 */
async function readImport(entry: Record<string, unknown>, key: string, site: Site, ctx: LoadContext, stack: string[]): Promise<Play[]> {
  const { problems } = ctx;
  const { [key]: target, ...rest } = entry;
  checkKnownKeys(entry, site, { allowed: new Set([...IMPORT_KEYS, key]), entry: 'import_playbook' }, problems);
  const keywords = checkAt(site, keywordSchemas.importPlaybook, { ...rest, import_playbook: target }, { noun: 'keyword' }, { collections: false }, problems) as Record<string, unknown>;

  const fileSite = site.child(key);
  if (typeof target !== 'string' || target === '' || isTemplated(target)) {
    problems.add(fileSite.error('import_playbook needs a fixed file name (a template cannot be read before the run)'));
    return [];
  }
  const path = isAbsolute(target) ? target : join(ctx.playbookDir, target);
  if (stack.includes(resolve(path))) {
    const chain = [...stack, resolve(path)].map((file) => relative(process.cwd(), file));
    problems.add(fileSite.error(`${target} imports itself (through ${chain.join(' -> ')})`));
    return [];
  }

  const plays = await readPlaybookFile(path, ctx, stack);
  return plays.map((play) => applyImportKeywords(play, keywords));
}

function applyImportKeywords(play: Play, keywords: Record<string, unknown>): Play {
  const when = toConditions(keywords.when);
  const tags = toTags(keywords.tags);
  const playTags = toTags(play.keywords.tags);
  return {
    ...play,
    vars: { ...play.vars, ...toVars(keywords.vars) },
    keywords: tags.length > 0 ? { ...play.keywords, tags: [...new Set([...playTags, ...tags])] } : play.keywords,
    tasks: when.length === 0 ? play.tasks : play.tasks.map((task) => (task.implicit ? task : { ...task, when: [...when, ...task.when] })),
  };
}
