/**
 * The `apply:` option of include_tasks and include_role. Ansible wraps the
 * included tasks in a block made from these keywords, so each task inherits
 * them. The include's own keywords (tags, when, ...) stay on the include.
 */
import { checkAt } from './check.js';
import type { LoadContext } from './context.js';
import { didYouMean } from './did-you-mean.js';
import { keywordSchemas } from './keyword-schema.js';
import type { IncludeApply } from './model.js';
import type { Site } from './site.js';
import { otherKeywords, toConditions, toTags, toVars, warnTemplatedConditions } from './task-fields.js';

// The sections of a block are not keywords that apply can set.
// NOTE: notify is a block keyword, and blocks pass it to their tasks, but
// apply rejects it: readApply has no play to check its handler names against.
const NOT_APPLICABLE = new Set(['block', 'rescue', 'always', 'notify']);
const APPLY_KEYWORDS = Object.keys(keywordSchemas.block.properties).filter((key) => !NOT_APPLICABLE.has(key));

/** Reads `apply:` at `site`; returns undefined after reporting a problem. */
export function readApply(raw: unknown, site: Site, action: string, ctx: LoadContext): IncludeApply | undefined {
  if (!action.startsWith('include_')) {
    const dynamic = action.replace('import_', 'include_');
    ctx.problems.add(site.keyError(`apply is not allowed on ${action}: put the keywords on the ${action} itself, which passes them to every task, or use ${dynamic}`));
    return undefined;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    ctx.problems.add(site.error('apply should be a mapping of task keywords, such as {tags: [web], become: true}'));
    return undefined;
  }

  const before = ctx.problems.errors.length;
  for (const key of Object.keys(raw)) {
    if (APPLY_KEYWORDS.includes(key)) continue;
    const reason = NOT_APPLICABLE.has(key) ? `${key} is not allowed in apply; put it on the tasks in the file` : `unknown keyword "${key}" in apply${didYouMean(key, APPLY_KEYWORDS)}`;
    ctx.problems.add(site.child(key).keyError(reason));
  }
  const checked = checkAt(site, keywordSchemas.block, raw, { noun: 'keyword' }, { collections: false }, ctx.problems) as Record<string, unknown>;
  if (ctx.problems.errors.length > before) return undefined;

  const when = toConditions(checked.when);
  warnTemplatedConditions(site.child('when'), when, ctx.problems);
  return {
    when,
    tags: toTags(checked.tags),
    vars: toVars(checked.vars),
    keywords: otherKeywords(checked, ['name', 'when', 'tags', 'vars']),
  };
}
