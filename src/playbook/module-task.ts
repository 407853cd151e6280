/** A task that runs one module: its arguments, keywords and loop. */
import { isUnsafe } from '../yaml/unsafe.js';
import { checkAt } from './check.js';
import type { LoadContext, TaskScope } from './context.js';
import { didYouMean } from './did-you-mean.js';
import { ArgumentSyntaxError, optionFilter, parseArguments, splitWords } from './free-form.js';
import { keywordSchemas } from './keyword-schema.js';
import type { Handler, ModuleTask } from './model.js';
import type { ModuleSpec } from './modules.js';
import { allModuleNames, resolveModule } from './modules.js';
import type { Site } from './site.js';
import type { SortedKeys } from './task-keys.js';
import {
  otherKeywords,
  toConditions,
  toLoopControl,
  toStringList,
  toTags,
  toVars,
  warnTemplatedConditions,
} from './task-fields.js';

// Keywords with a field of their own in ModuleTask; the rest go to `keywords`.
const OWN_FIELDS = [
  'name', 'when', 'vars', 'tags', 'register', 'notify', 'loop', 'loop_control',
  'ignore_errors', 'changed_when', 'failed_when', 'args', 'action', 'local_action', 'listen',
] as const;

interface ResolvedModule {
  spec: ModuleSpec;
  /** The module name as the task wrote it. */
  alias: string;
  rawArgs: unknown;
  argsSite: Site;
}

export function buildModuleTask(
  task: Record<string, unknown>,
  sorted: SortedKeys,
  site: Site,
  scope: TaskScope,
  ctx: LoadContext,
): ModuleTask | Handler | undefined {
  const { problems } = ctx;
  const before = problems.errors.length;
  const resolved = resolveTaskModule(task, sorted, site, ctx);
  const schema = scope.handlers ? keywordSchemas.handler : keywordSchemas.task;
  const keywords = checkAt(site, schema, otherKeywords(sorted.keywords, ['action', 'local_action']), { noun: 'keyword' }, { collections: false }, problems) as Record<string, unknown>;
  const loop = taskLoop(task, sorted, keywords, site, ctx);
  if (!resolved) return undefined;

  const args = moduleArgs(resolved, keywords.args, ctx);
  if (args) checkModuleArgs(resolved, args, ctx);
  if (problems.errors.length > before || !args) return undefined;

  const built = assemble(resolved, args, keywords, loop, site, scope, ctx);
  if (sorted.keywords.local_action !== undefined) built.keywords.delegate_to = 'localhost';
  if (built.notify.length > 0) scope.play.notifying.push({ names: built.notify, site: site.child('notify') });
  return scope.handlers ? withListen(built, keywords, site, ctx) : built;
}

function assemble(
  resolved: ResolvedModule,
  args: Record<string, unknown>,
  keywords: Record<string, unknown>,
  loop: { loop?: unknown; loopWith?: string },
  site: Site,
  scope: TaskScope,
  ctx: LoadContext,
): ModuleTask {
  const when = toConditions(keywords.when);
  warnTemplatedConditions(site.child('when'), when, ctx.problems);
  const task: ModuleTask = {
    kind: 'module',
    name: keywords.name as string | undefined,
    position: site.position(),
    when,
    vars: toVars(keywords.vars),
    tags: toTags(keywords.tags),
    keywords: otherKeywords(keywords, OWN_FIELDS),
    module: resolved.spec.name,
    moduleAlias: resolved.alias,
    args,
    register: keywords.register as string | undefined,
    notify: toStringList(keywords.notify),
    ...loop,
    loopControl: toLoopControl(keywords.loop_control),
    ignoreErrors: keywords.ignore_errors,
    changedWhen: keywords.changed_when === undefined ? undefined : toConditions(keywords.changed_when),
    failedWhen: keywords.failed_when === undefined ? undefined : toConditions(keywords.failed_when),
  };
  if (scope.role) task.role = scope.role;
  return task;
}

function withListen(task: ModuleTask, keywords: Record<string, unknown>, site: Site, ctx: LoadContext): Handler | undefined {
  const listen = toStringList(keywords.listen);
  if (task.name === undefined && listen.length === 0) {
    ctx.problems.add(site.error('a handler needs a name or listen, because notify finds handlers by them'));
    return undefined;
  }
  return { ...task, listen };
}

/** Finds the module a task runs, from its module key or from `action:`/`local_action:`. */
function resolveTaskModule(task: Record<string, unknown>, sorted: SortedKeys, site: Site, ctx: LoadContext): ResolvedModule | undefined {
  const action = sorted.action;
  if (!action || action.kind === 'include') return undefined;
  if (action.kind === 'module') {
    return { spec: action.spec, alias: action.key, rawArgs: task[action.key], argsSite: site.child(action.key) };
  }
  return resolveActionKeyword(task[action.key], site.child(action.key), ctx);
}

/** `action: copy src=a dest=b` or `action: {module: copy, src: a}`. */
function resolveActionKeyword(value: unknown, site: Site, ctx: LoadContext): ResolvedModule | undefined {
  const isMapping = value !== null && typeof value === 'object' && !Array.isArray(value) && !isUnsafe(value);
  const { module: moduleText, ...mappingArgs } = isMapping ? (value as Record<string, unknown>) : { module: value };
  if (typeof moduleText !== 'string' || moduleText.trim() === '') {
    ctx.problems.add(site.error('should name a module: a string such as "command ls", or a mapping with a module key'));
    return undefined;
  }

  const [first] = splitWords(moduleText);
  const inlineArgs = moduleText.slice(first.end).trim();
  const spec = resolveModule(first.text, ctx.modules);
  if (!spec) {
    ctx.problems.add(site.error(`unknown module "${first.text}"${didYouMean(first.text, allModuleNames(ctx.modules))}`));
    return undefined;
  }
  if (!isMapping) return { spec, alias: first.text, rawArgs: inlineArgs, argsSite: site };

  const inline = inlineArgs === '' ? {} : parseInline(spec, inlineArgs, site, ctx);
  return { spec, alias: first.text, rawArgs: { ...inline, ...mappingArgs }, argsSite: site };
}

function parseInline(spec: ModuleSpec, text: string, site: Site, ctx: LoadContext): Record<string, unknown> {
  return moduleArgs({ spec, alias: spec.name, rawArgs: text, argsSite: site }, undefined, ctx) ?? {};
}

/**
 * Builds the module's arguments: a mapping as written, or a string split into
 * `key=value` options and the free-form part. Options from `args:` come
 * first, so that the ones on the module line win, as in Ansible.
 */
function moduleArgs(resolved: ResolvedModule, extra: unknown, ctx: LoadContext): Record<string, unknown> | undefined {
  const { spec, rawArgs, argsSite } = resolved;
  const base = extra !== null && typeof extra === 'object' ? (extra as Record<string, unknown>) : {};

  if (rawArgs === null || rawArgs === undefined || rawArgs === '') return { ...base };
  if (isUnsafe(rawArgs) && spec.freeForm) return { ...base, [spec.freeForm]: rawArgs };
  if (typeof rawArgs === 'string') return stringArgs(resolved, rawArgs, base, ctx);
  if (typeof rawArgs === 'object' && !Array.isArray(rawArgs) && !isUnsafe(rawArgs)) return { ...base, ...(rawArgs as object) };

  ctx.problems.add(argsSite.error(`the arguments of ${spec.name} should be a mapping or a string of key=value pairs`));
  return undefined;
}

function stringArgs(resolved: ResolvedModule, text: string, base: Record<string, unknown>, ctx: LoadContext): Record<string, unknown> | undefined {
  const { spec, argsSite } = resolved;
  let parsed;
  try {
    parsed = parseArguments(text, optionFilter(spec.name, spec.freeForm, spec.schema));
  } catch (error) {
    if (!(error instanceof ArgumentSyntaxError)) throw error;
    ctx.problems.add(argsSite.error(error.message));
    return undefined;
  }

  const args: Record<string, unknown> = { ...base, ...parsed.options };
  if (parsed.freeForm === '') return args;
  if (spec.freeForm) return { ...args, [spec.freeForm]: parsed.freeForm };
  ctx.problems.add(
    argsSite.error(`${spec.name} takes no free-form text ("${parsed.freeForm}"); write its arguments as key=value pairs or as a mapping`),
  );
  return undefined;
}

function checkModuleArgs(resolved: ResolvedModule, args: Record<string, unknown>, ctx: LoadContext): void {
  const { spec, argsSite } = resolved;
  const wording = {
    noun: 'argument',
    unknownKey: (name: string, allowed: string[]) => `unknown argument "${name}" for ${spec.name}${didYouMean(name, allowed)}`,
  };
  checkAt(argsSite, spec.schema, args, wording, { collections: true }, ctx.problems);
}

function taskLoop(
  task: Record<string, unknown>,
  sorted: SortedKeys,
  keywords: Record<string, unknown>,
  site: Site,
  ctx: LoadContext,
): { loop?: unknown; loopWith?: string } {
  const { loopWith } = sorted;
  if (loopWith && keywords.loop !== undefined) {
    ctx.problems.add(site.child(loopWith.key).keyError(`a task takes one loop, but this one has both loop and ${loopWith.key}`));
  }
  if (keywords.loop_control !== undefined && keywords.loop === undefined && !loopWith) {
    ctx.problems.add(site.child('loop_control').keyError('loop_control needs a loop on the same task'));
  }
  if (loopWith) return { loop: task[loopWith.key], loopWith: loopWith.lookup };
  return keywords.loop === undefined ? {} : { loop: keywords.loop };
}
