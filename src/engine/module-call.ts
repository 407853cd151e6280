/**
 * One call of a task's module on a host: arguments rendered over the
 * module_defaults and checked, the connection set up, the module run with
 * the task's timeout, retried until `until` holds, and its result judged
 * by changed_when and failed_when.
 */
import { UnreachableError } from '../errors.js';
import type { ModuleDefinition, ModuleResult, RunFlags } from '../modules/module.js';
import { loadModule } from '../modules/registry.js';
import type { ModuleTask } from '../playbook/model.js';
import { evaluateCondition, renderValue } from '../template/index.js';
import { checkArguments } from './arguments.js';
import { formatPosition } from '../errors.js';
import { withModuleDefaults } from './module-defaults.js';
import { controllerOnlyConnection, taskConnection } from './task-connection.js';
import { abortableConnection, taskTimeoutSeconds, withTaskTimeout } from './task-timeout.js';
import type { TaskRunContext } from './task-runner.js';
import { failedOutcome, type TaskOutcome } from './task-result.js';
import { OMIT } from './variables.js';

export async function runModule(task: ModuleTask, context: TaskRunContext, vars: Record<string, unknown>): Promise<TaskOutcome> {
  const module = await loadModule(task.module);
  if (!module) return failedOutcome(`module ${task.moduleAlias} is not available`);
  const withDefaults = withModuleDefaults(module.name, task.args, task.keywords.module_defaults);
  const args = renderArguments(module, withDefaults, vars);
  const problems = checkArguments(module, args);
  if (problems.length > 0) {
    const where = formatPosition(task.position);
    return failedOutcome(`${where}: invalid arguments for ${task.moduleAlias} after templating: ${problems.join('; ')}`);
  }
  return runWithRetries(task, module, args, context, vars);
}

/** Templates the arguments, leaving those the module evaluates itself. */
function renderArguments(module: ModuleDefinition<any>, args: Record<string, unknown>, vars: Record<string, unknown>): Record<string, unknown> {
  const rendered: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    rendered[name] = module.rawArguments?.includes(name) ? value : renderValue(value, vars);
  }
  return removeOmitted(rendered) as Record<string, unknown>;
}

/**
 * Drops every value that rendered to `{{ omit }}`, in mappings and lists at
 * any depth, as Ansible does, so the module sees the argument as not given.
 */
function removeOmitted(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== OMIT).map(removeOmitted);
  if (typeof value !== 'object' || value === null) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) if (entry !== OMIT) kept[key] = removeOmitted(entry);
  return kept;
}

async function runWithRetries(
  task: ModuleTask,
  module: ModuleDefinition<any>,
  args: Record<string, unknown>,
  context: TaskRunContext,
  vars: Record<string, unknown>,
): Promise<TaskOutcome> {
  const until = task.keywords.until;
  const retries = until === undefined ? 0 : Number(renderValue(task.keywords.retries ?? 3, vars));
  const delaySeconds = Number(renderValue(task.keywords.delay ?? 5, vars));

  for (let attempt = 1; ; attempt++) {
    const outcome = await callOnce(task, module, args, context, vars);
    if (until === undefined) return outcome;
    outcome.result.attempts = attempt;
    const scope = task.register ? { ...vars, [task.register]: outcome.result } : vars;
    if (outcome.status !== 'unreachable' && evaluateCondition(until, scope)) return outcome;
    if (outcome.status === 'unreachable') return outcome;
    if (attempt > retries) {
      outcome.result.failed = true;
      const msg = outcome.status === 'failed' ? outcome.msg : `still not met after ${attempt} attempts: ${String(until)}`;
      return { ...outcome, status: 'failed', msg };
    }
    context.onRetry?.(attempt, retries - attempt + 1);
    await new Promise((resolve) => setTimeout(resolve, delaySeconds * 1000));
  }
}

async function callOnce(
  task: ModuleTask,
  module: ModuleDefinition<any>,
  args: Record<string, unknown>,
  context: TaskRunContext,
  vars: Record<string, unknown>,
): Promise<TaskOutcome> {
  const hostName = context.host.name;
  const flags = taskFlags(task, context.flags, vars);
  const timeoutSeconds = taskTimeoutSeconds(task, vars);
  const controller = new AbortController();
  const conn = module.controllerOnly
    ? controllerOnlyConnection(hostName)
    : abortableConnection(await taskConnection(hostName, task.keywords, vars, context.connect, context.watch), controller.signal);
  const started = new Date();
  let result: ModuleResult;
  try {
    result = await withTaskTimeout(() => module.run(args, { conn, flags, hostName, vars }), task, timeoutSeconds, controller);
  } catch (error) {
    if (error instanceof UnreachableError) throw error;
    result = { changed: false, failed: true, msg: (error as Error).message };
  }

  const { displayReason, ...returned } = result;
  const full: Record<string, unknown> = { ...returned, changed: Boolean(result.changed), failed: Boolean(result.failed) };
  if (!flags.diff) delete full.diff;
  markCheckMode(full, flags);
  if (!module.controllerOnly && !('start' in full)) {
    full.start = started.toISOString();
    full.end = new Date().toISOString();
  }
  return judge(task, full, vars, displayReason);
}

/**
 * In check mode a change is only a plan. Modules word most such messages as
 * "would ...", and this marks the rest, so that no line reads as if a
 * change was made.
 */
function markCheckMode(result: Record<string, unknown>, flags: RunFlags): void {
  if (!flags.check || !result.changed || typeof result.msg !== 'string') return;
  if (/^(would|check mode)\b/i.test(result.msg)) return;
  result.msg = `check mode, not applied: ${result.msg}`;
}

/**
 * Applies changed_when and failed_when to a module result. The result keeps
 * the module's msg, as in Ansible. The outcome's msg, which the result line
 * shows, falls back to a reason when that msg is empty.
 */
function judge(task: ModuleTask, result: Record<string, unknown>, vars: Record<string, unknown>, displayReason?: string): TaskOutcome {
  // NOTE: without register, Ansible gives these conditions no access to the
  // result; skprun lets them read its values (rc, stdout) by name.
  const scope = task.changedWhen || task.failedWhen ? conditionScope(task, result, vars) : vars;
  if (task.changedWhen) result.changed = task.changedWhen.every((c) => evaluateCondition(c, scope));
  // A list of failed_when conditions must all hold, as with `when`.
  if (task.failedWhen) {
    result.failed_when_result = task.failedWhen.every((c) => evaluateCondition(c, scope));
    result.failed = result.failed_when_result;
  }
  const msg = String(result.msg ?? '') || resultLineReason(result, displayReason);
  if (result.skipped === true && !result.failed) return { status: 'skipped', msg, result };
  if (result.failed) return { status: 'failed', msg, result };
  return { status: result.changed ? 'changed' : 'ok', msg, result };
}

/** The result line's reason for a result whose msg is empty. */
function resultLineReason(result: Record<string, unknown>, displayReason: string | undefined): string {
  if (result.failed && result.failed_when_result === true) return 'failed_when condition met';
  return displayReason ?? '';
}

function conditionScope(task: ModuleTask, result: Record<string, unknown>, vars: Record<string, unknown>): Record<string, unknown> {
  return task.register ? { ...vars, [task.register]: result } : { ...vars, ...result };
}

function taskFlags(task: ModuleTask, flags: RunFlags, vars: Record<string, unknown>): RunFlags {
  const check = task.keywords.check_mode;
  const diff = task.keywords.diff;
  return {
    check: check === undefined || check === null ? flags.check : evaluateCondition(check, vars),
    diff: diff === undefined || diff === null ? flags.diff : evaluateCondition(diff, vars),
  };
}
