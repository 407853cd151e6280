/**
 * What a play and its enclosing blocks pass down to each task: conditions,
 * tags, keywords and variables. Static parents (plays, blocks, imports,
 * roles:) pass all of them; a dynamic include (include_tasks, include_role)
 * keeps its conditions, tags and keywords for itself, as ansible-core does,
 * and passes its variables, as include parameters, and the keywords under
 * its `apply:`, as a block around the included tasks would.
 */
import type { BlockTask, ModuleTask, Play } from '../playbook/model.js';
import type { InheritedVars } from './variables.js';

export interface Inherited extends InheritedVars {
  when: unknown[];
  tags: string[];
  keywords: Record<string, unknown>;
  /** A failure here goes to the rescue section of an enclosing block. */
  rescuable: boolean;
}

// Keywords that combine down the tree rather than the innermost replacing
// the rest: environment and module_defaults merge key by key, inner first.
const MERGED_KEYWORDS = ['environment', 'module_defaults'] as const;

// Play keywords that tasks inherit; the rest (strategy, serial, order, ...)
// are about the play itself.
const PLAY_KEYWORDS_FOR_TASKS = [
  'become', 'become_user', 'become_method', 'become_flags', 'environment', 'ignore_errors',
  'ignore_unreachable', 'any_errors_fatal', 'check_mode', 'diff', 'no_log', 'throttle',
  'timeout', 'module_defaults', 'remote_user', 'connection',
];

/** The start of inheritance for a play's tasks. */
export function playInheritance(play: Play, tags: string[]): Inherited {
  const keywords: Record<string, unknown> = {};
  for (const key of PLAY_KEYWORDS_FOR_TASKS) if (play.keywords[key] !== undefined) keywords[key] = play.keywords[key];
  if (play.anyErrorsFatal) keywords.any_errors_fatal = true;
  return { blockVars: [], includeParams: [], when: [], tags, keywords, rescuable: false };
}

export function mergeKeywords(outer: Record<string, unknown>, inner: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...outer, ...inner };
  for (const key of MERGED_KEYWORDS) {
    if (outer[key] !== undefined && inner[key] !== undefined) merged[key] = mergeMappings(outer[key], inner[key]);
  }
  return merged;
}

function mergeMappings(outer: unknown, inner: unknown): unknown {
  const isMapping = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isMapping(outer) || !isMapping(inner)) return inner;
  return { ...(outer as object), ...(inner as object) };
}

/** What the tasks of a static block see: the block's conditions, tags, keywords and vars added. */
export function enterBlock(inherited: Inherited, block: BlockTask): Inherited {
  return {
    blockVars: [...inherited.blockVars, block.vars],
    includeParams: inherited.includeParams,
    when: [...inherited.when, ...block.when],
    tags: [...inherited.tags, ...block.tags],
    keywords: mergeKeywords(inherited.keywords, block.keywords),
    rescuable: inherited.rescuable || block.rescue.length > 0,
  };
}

/** Adds a dynamic include's vars, as include parameters, and its `apply:` keywords to what its tasks inherit. */
export function enterInclude(inherited: Inherited, block: BlockTask, itemVars: Record<string, unknown>): Inherited {
  const entered = { ...inherited, includeParams: [...inherited.includeParams, block.vars, itemVars] };
  const apply = block.include?.apply;
  if (!apply) return entered;
  return {
    ...entered,
    blockVars: [...entered.blockVars, apply.vars],
    when: [...entered.when, ...apply.when],
    tags: [...entered.tags, ...apply.tags],
    keywords: mergeKeywords(entered.keywords, apply.keywords),
  };
}

/**
 * A module task with the conditions and keywords of its parents. The loader
 * keeps a task's own ignore_errors and notify in fields of their own, so an
 * inherited one fills that field when the task sets none. As in
 * ansible-core 2.14, the innermost notify replaces the outer ones rather
 * than adding to them.
 */
export function inheritTask(task: ModuleTask, inherited: Inherited): ModuleTask {
  if (inherited.when.length === 0 && Object.keys(inherited.keywords).length === 0) return task;
  const ignoreErrors = task.ignoreErrors ?? inherited.keywords.ignore_errors;
  const blockNotify = inherited.keywords.notify;
  const notify = task.notify.length === 0 && Array.isArray(blockNotify) ? blockNotify.map(String) : task.notify;
  return {
    ...task,
    when: [...inherited.when, ...task.when],
    keywords: mergeKeywords(inherited.keywords, task.keywords),
    notify,
    ...(ignoreErrors === undefined ? {} : { ignoreErrors }),
  };
}

/** The tags a task runs under: its own and its parents'. */
export function effectiveTags(task: { tags: string[] }, inherited: Inherited): string[] {
  return inherited.tags.length === 0 ? task.tags : [...new Set([...inherited.tags, ...task.tags])];
}
