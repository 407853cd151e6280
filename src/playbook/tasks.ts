/** Reads task lists: module tasks, blocks, and the imports and includes inlined into them. */
import { checkAt } from './check.js';
import type { LoadContext, TaskScope } from './context.js';
import { readInclude } from './includes.js';
import { keywordSchemas } from './keyword-schema.js';
import { checkKnownKeys } from './known-keys.js';
import type { BlockTask, Task } from './model.js';
import { buildModuleTask } from './module-task.js';
import { resolveModule } from './modules.js';
import type { Site } from './site.js';
import { sortTaskKeys } from './task-keys.js';
import { BLOCK_KEYWORDS, UNSUPPORTED_TASK_KEYWORDS } from './task-keywords.js';
import { otherKeywords, toConditions, toStringList, toTags, toVars, warnTemplatedConditions } from './task-fields.js';

export async function readTaskList(raw: unknown, site: Site, scope: TaskScope, ctx: LoadContext): Promise<Task[]> {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw)) {
    ctx.problems.add(site.error(`should be a list of tasks, found ${describeValue(raw)}`));
    return [];
  }

  const tasks: Task[] = [];
  for (let index = 0; index < raw.length; index++) {
    tasks.push(...(await readTask(raw[index], site.child(index), scope, ctx)));
  }
  return tasks;
}

async function readTask(raw: unknown, site: Site, scope: TaskScope, ctx: LoadContext): Promise<Task[]> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    ctx.problems.add(site.error(`a task should be a mapping of keywords, found ${describeValue(raw)}`));
    return [];
  }
  const task = raw as Record<string, unknown>;
  if ('block' in task) {
    const block = await readBlock(task, site, scope, ctx);
    return block ? [block] : [];
  }

  const sorted = sortTaskKeys(task, site, ctx.modules, scope.handlers, ctx.problems);
  if (!sorted) return [];
  if (sorted.action?.kind === 'include') {
    const block = await readInclude(task, sorted.action, site, scope, ctx);
    if (!block) return [];
    return scope.handlers ? unwrapForHandlers(block, site, ctx) : [block];
  }
  const built = buildModuleTask(task, sorted, site, scope, ctx);
  return built ? [built] : [];
}

/**
 * Splices an import among handlers into the list, because handlers are a flat
 * list in the model. Keywords on the import would need a block around the
 * handlers, which the model does not have, so they are rejected.
 */
function unwrapForHandlers(block: BlockTask, site: Site, ctx: LoadContext): Task[] {
  const hasKeywords = block.when.length > 0 || block.tags.length > 0 || Object.keys(block.vars).length > 0 || Object.keys(block.keywords).length > 0;
  if (block.include?.keyword !== 'import_tasks' || hasKeywords) {
    ctx.problems.add(site.error('among handlers, only import_tasks without other keywords is supported'));
    return [];
  }
  return block.block;
}

async function readBlock(task: Record<string, unknown>, site: Site, scope: TaskScope, ctx: LoadContext): Promise<BlockTask | undefined> {
  const { problems } = ctx;
  if (scope.handlers) {
    problems.add(site.child('block').keyError('blocks are not supported among handlers'));
    return undefined;
  }
  const rules = { allowed: BLOCK_KEYWORDS, entry: 'block', unsupported: UNSUPPORTED_TASK_KEYWORDS, explain: (key: string) => explainBlockKey(key, ctx) };
  checkKnownKeys(task, site, rules, problems);
  const keywords = checkAt(site, keywordSchemas.block, pick(task, BLOCK_KEYWORDS), { noun: 'keyword' }, { collections: false }, problems) as Record<string, unknown>;

  const when = toConditions(keywords.when);
  warnTemplatedConditions(site.child('when'), when, problems);
  const block: BlockTask = {
    kind: 'block',
    name: keywords.name as string | undefined,
    position: site.position(),
    when,
    vars: toVars(keywords.vars),
    tags: toTags(keywords.tags),
    keywords: otherKeywords(keywords, ['name', 'when', 'vars', 'tags', 'block', 'rescue', 'always']),
    block: await ctx.readTasks(task.block, site.child('block'), scope),
    rescue: await ctx.readTasks(task.rescue, site.child('rescue'), scope),
    always: await ctx.readTasks(task.always, site.child('always'), scope),
  };
  if (scope.role) block.role = scope.role;
  const notify = block.keywords.notify;
  if (notify !== undefined) {
    block.keywords.notify = toStringList(notify);
    scope.play.notifying.push({ names: toStringList(notify), site: site.child('notify') });
  }
  return block;
}

function explainBlockKey(key: string, ctx: LoadContext): string | undefined {
  if (resolveModule(key, ctx.modules)) return `a block runs no module itself: move ${key} into a task under block`;
  if (['register', 'loop', 'until', 'changed_when', 'failed_when'].includes(key) || key.startsWith('with_')) {
    return `${key} is not allowed on a block; put it on the tasks inside`;
  }
  return undefined;
}

export function pick(record: Record<string, unknown>, keys: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => keys.has(key)));
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string "${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  return `the ${typeof value} ${String(value)}`;
}
