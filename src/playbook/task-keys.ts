/**
 * Sorts the keys of a task into keywords, the module (or include) it runs,
 * and `with_<lookup>` loops, and reports every other key.
 */
import { closest, didYouMean } from './did-you-mean.js';
import type { ModuleLookup, ModuleSpec } from './modules.js';
import { allModuleNames, resolveModule } from './modules.js';
import type { Problems, Site } from './site.js';
import {
  HANDLER_KEYWORDS,
  LOOP_LOOKUPS,
  TASK_KEYWORDS,
  UNSUPPORTED_TASK_KEYWORDS,
  includeAction,
  loopLookup,
} from './task-keywords.js';

export type TaskAction =
  | { kind: 'module'; key: string; spec: ModuleSpec }
  | { kind: 'include'; key: string; action: string }
  | { kind: 'action'; key: 'action' | 'local_action' };

export interface SortedKeys {
  keywords: Record<string, unknown>;
  /** The `with_<lookup>` key and its lookup, if any. */
  loopWith?: { key: string; lookup: string };
  action?: TaskAction;
}

/** Sorts a task's keys; reports unknown, unsupported and conflicting keys and returns undefined if any. */
export function sortTaskKeys(
  task: Record<string, unknown>,
  site: Site,
  modules: ModuleLookup,
  forHandler: boolean,
  problems: Problems,
): SortedKeys | undefined {
  const keywordSet = forHandler ? HANDLER_KEYWORDS : TASK_KEYWORDS;
  const sorted: SortedKeys = { keywords: {} };
  const actions: TaskAction[] = [];
  const unknown: string[] = [];
  const before = problems.errors.length;

  for (const [key, value] of Object.entries(task)) {
    // Keywords come first, as in Ansible: a module cannot be named `when`.
    const action = keywordSet.has(key) ? undefined : classifyAction(key, modules);
    if (keywordSet.has(key)) {
      sorted.keywords[key] = value;
      if (key === 'action' || key === 'local_action') actions.push({ kind: 'action', key });
    } else if (action) {
      actions.push(action);
    } else if (loopLookup(key) !== undefined) {
      sorted.loopWith = checkLoopLookup(key, site, problems);
    } else if (UNSUPPORTED_TASK_KEYWORDS[key]) {
      problems.add(site.child(key).keyError(`${key} ${UNSUPPORTED_TASK_KEYWORDS[key]}`));
    } else if (key === 'listen' || key === 'rescue' || key === 'always') {
      problems.add(site.child(key).keyError(misplacedMessage(key)));
    } else {
      unknown.push(key);
    }
  }

  reportUnknown(unknown, actions.length > 0, site, modules, keywordSet, problems);
  sorted.action = pickAction(actions, problems.errors.length > before, site, problems);
  return problems.errors.length > before ? undefined : sorted;
}

function classifyAction(key: string, modules: ModuleLookup): TaskAction | undefined {
  const include = includeAction(key);
  if (include) return { kind: 'include', key, action: include };
  const spec = resolveModule(key, modules);
  return spec ? { kind: 'module', key, spec } : undefined;
}

function checkLoopLookup(key: string, site: Site, problems: Problems): SortedKeys['loopWith'] {
  const lookup = loopLookup(key) ?? '';
  if ((LOOP_LOOKUPS as readonly string[]).includes(lookup)) return { key, lookup };
  const names = LOOP_LOOKUPS.map((name) => `with_${name}`);
  problems.add(
    site.child(key).keyError(`unknown loop "${key}"${didYouMean(key, names)} (skprun supports loop, ${names.join(', ')})`),
  );
  return undefined;
}

function misplacedMessage(key: string): string {
  if (key === 'listen') return 'listen is only allowed on handlers';
  return `${key} is only allowed next to block`;
}

function reportUnknown(
  unknown: string[],
  hasAction: boolean,
  site: Site,
  modules: ModuleLookup,
  keywords: Set<string>,
  problems: Problems,
): void {
  const moduleNames = allModuleNames(modules);
  for (const key of unknown) {
    const keyword = closest(key, keywords);
    const module = hasAction ? undefined : closest(key, moduleNames);
    let message: string;
    if (keyword && !module) message = `unknown task keyword "${key}"; did you mean "${keyword}"?`;
    else if (module) message = `unknown module "${key}"; did you mean "${module}"?`;
    else if (hasAction) message = `unknown task keyword "${key}"`;
    else message = `unknown module or task keyword "${key}"`;
    problems.add(site.child(key).keyError(message));
  }
}

function pickAction(actions: TaskAction[], hasKeyErrors: boolean, site: Site, problems: Problems): TaskAction | undefined {
  if (actions.length > 1) {
    const names = actions.map((a) => a.key).join(', ');
    problems.add(site.child(actions[1].key).keyError(`a task runs one module, but this one names ${actions.length}: ${names}`));
    return undefined;
  }
  // A misspelt module key was reported already; saying "no module" as well would repeat it.
  if (actions.length === 0 && !hasKeyErrors) {
    problems.add(site.error('the task names no module: add a module key, such as command, beside its keywords'));
  }
  return actions[0];
}
