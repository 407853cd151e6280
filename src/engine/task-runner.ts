/**
 * Runs one module task on one host: conditions, loops, templating of the
 * arguments, the module itself, then changed_when / failed_when, retries,
 * ignore_errors and register, in the order Ansible applies them.
 */
import type { Connection } from '../connection/connection.js';
import { withBecome, withEnvironment } from '../connection/wrappers.js';
import { UnreachableError, formatPosition } from '../errors.js';
import type { ModuleDefinition, ModuleResult, RunFlags } from '../modules/module.js';
import { findModule } from '../modules/registry.js';
import type { ModuleTask } from '../playbook/model.js';
import { evaluateCondition, markUntrusted, renderValue } from '../template/index.js';
import { OMIT } from './variables.js';
import { checkArguments } from './arguments.js';
import { failedOutcome, loopOutcome, skippedOutcome, unreachableOutcome, type TaskOutcome } from './task-result.js';
import type { HostState } from './variables.js';

export interface TaskRunContext {
  host: HostState;
  vars: Record<string, unknown>;
  flags: RunFlags;
  /** Opens (or reuses) the host's connection; rejects with UnreachableError. */
  connect: (hostName: string) => Promise<Connection>;
}

/** Where a task is, for messages: `roles/x/tasks/main.yml:12:3`. */
export function taskLocation(task: ModuleTask): string {
  return formatPosition(task.position);
}

export async function runModuleTask(task: ModuleTask, context: TaskRunContext): Promise<TaskOutcome> {
  try {
    const outcome = task.loop === undefined ? await runOnce(task, context, context.vars) : await runLoop(task, context);
    if (task.register) context.host.runtimeVars[task.register] = markUntrusted(outcome.result);
    return outcome;
  } catch (error) {
    if (error instanceof UnreachableError) return unreachableOutcome(error.message);
    const outcome = failedOutcome(`${(error as Error).message} (task at ${taskLocation(task)})`);
    if (task.register) context.host.runtimeVars[task.register] = markUntrusted(outcome.result);
    return outcome;
  }
}

async function runLoop(task: ModuleTask, context: TaskRunContext): Promise<TaskOutcome> {
  const items = renderValue(task.loop, context.vars);
  if (!Array.isArray(items)) {
    return failedOutcome(`loop should be a list, got ${typeof items} (task at ${taskLocation(task)})`);
  }
  const loopVar = task.loopControl?.loopVar ?? 'item';
  const outcomes: TaskOutcome[] = [];
  for (const [index, item] of items.entries()) {
    const vars: Record<string, unknown> = { ...context.vars, [loopVar]: item, ansible_loop_var: loopVar };
    if (task.loopControl?.indexVar) vars[task.loopControl.indexVar] = index;
    const outcome = await runOnce(task, context, vars);
    outcome.result[loopVar] = item;
    outcome.result.ansible_loop_var = loopVar;
    outcomes.push(outcome);
  }
  return loopOutcome(outcomes);
}

async function runOnce(task: ModuleTask, context: TaskRunContext, vars: Record<string, unknown>): Promise<TaskOutcome> {
  const falseCondition = task.when.find((condition) => !evaluateCondition(condition, vars));
  if (falseCondition !== undefined) {
    return skippedOutcome('Conditional result was False', { false_condition: falseCondition });
  }
  if (task.module === 'set_fact') return setFact(task, context, vars);

  const module = findModule(task.module);
  if (!module) return failedOutcome(`module ${task.moduleAlias} is not available`);
  const args = renderArguments(module, task.args, vars);
  const problems = checkArguments(module, args);
  if (problems.length > 0) {
    return failedOutcome(`invalid arguments for ${task.moduleAlias}: ${problems.join('; ')}`);
  }
  return runWithRetries(task, module, args, context, vars);
}

/** Templates the arguments, leaving those the module evaluates itself. */
function renderArguments(
  module: ModuleDefinition<any>,
  args: Record<string, unknown>,
  vars: Record<string, unknown>,
): Record<string, unknown> {
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

function setFact(task: ModuleTask, context: TaskRunContext, vars: Record<string, unknown>): TaskOutcome {
  const facts = renderValue(task.args, vars) as Record<string, unknown>;
  delete facts.cacheable;
  Object.assign(context.host.runtimeVars, facts);
  return { status: 'ok', msg: `set ${Object.keys(facts).join(', ')}`, result: { changed: false, ansible_facts: facts } };
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
    const outcome = await runModule(task, module, args, context, vars);
    if (until === undefined) return outcome;
    outcome.result.attempts = attempt;
    const scope = task.register ? { ...vars, [task.register]: outcome.result } : vars;
    if (outcome.status !== 'unreachable' && evaluateCondition(until, scope)) return outcome;
    if (attempt > retries) {
      return { ...outcome, status: 'failed', msg: `still not met after ${attempt} attempts: ${String(until)}` };
    }
    await new Promise((resolve) => setTimeout(resolve, delaySeconds * 1000));
  }
}

async function runModule(
  task: ModuleTask,
  module: ModuleDefinition<any>,
  args: Record<string, unknown>,
  context: TaskRunContext,
  vars: Record<string, unknown>,
): Promise<TaskOutcome> {
  const flags = taskFlags(task, context.flags, vars);
  const conn = module.controllerOnly ? controllerOnlyConnection(context.host.name) : await taskConnection(task, context, vars);
  const started = new Date();
  let result: ModuleResult;
  try {
    result = await withTaskTimeout(module.run(args, { conn, flags, hostName: context.host.name, vars }), task, vars);
  } catch (error) {
    if (error instanceof UnreachableError) throw error;
    result = { changed: false, failed: true, msg: (error as Error).message };
  }
  const ended = new Date();
  const full: Record<string, unknown> = {
    ...result,
    changed: Boolean(result.changed),
    failed: Boolean(result.failed),
  };
  if (!module.controllerOnly && !('start' in full)) {
    full.start = started.toISOString();
    full.end = ended.toISOString();
  }
  return judge(task, full, vars);
}

/** Applies changed_when / failed_when / ignore_errors to a module result. */
function judge(task: ModuleTask, result: Record<string, unknown>, vars: Record<string, unknown>): TaskOutcome {
  const scope = task.register ? { ...vars, [task.register]: result } : { ...vars, ...result };
  if (task.changedWhen) result.changed = task.changedWhen.every((c) => evaluateCondition(c, scope));
  if (task.failedWhen) {
    result.failed = task.failedWhen.some((c) => evaluateCondition(c, scope));
    if (result.failed && !result.msg) result.msg = 'failed_when condition met';
  }
  const msg = String(result.msg ?? '');
  if (result.skipped === true && !result.failed) return { status: 'skipped', msg, result };
  if (result.failed) {
    const ignore = task.ignoreErrors !== undefined && evaluateCondition(task.ignoreErrors, vars);
    return { status: ignore ? 'ignored' : 'failed', msg, result };
  }
  return { status: result.changed ? 'changed' : 'ok', msg, result };
}

function taskFlags(task: ModuleTask, flags: RunFlags, vars: Record<string, unknown>): RunFlags {
  const check = task.keywords.check_mode;
  const diff = task.keywords.diff;
  return {
    check: check === undefined ? flags.check : evaluateCondition(check, vars),
    diff: diff === undefined ? flags.diff : evaluateCondition(diff, vars),
  };
}

async function taskConnection(task: ModuleTask, context: TaskRunContext, vars: Record<string, unknown>): Promise<Connection> {
  const delegate = task.keywords.delegate_to;
  const target = delegate === undefined ? context.host.name : String(renderValue(delegate, vars));
  let conn = await context.connect(target);

  const environment = task.keywords.environment;
  if (environment !== undefined) conn = withEnvironment(conn, renderValue(environment, vars) as Record<string, unknown>);

  const become = task.keywords.become ?? vars.ansible_become;
  if (become !== undefined && evaluateCondition(become, vars)) {
    const user = String(renderValue(task.keywords.become_user ?? vars.ansible_become_user ?? 'root', vars));
    conn = withBecome(conn, user);
  }
  return conn;
}

function controllerOnlyConnection(hostName: string): Connection {
  const refuse = (): never => {
    throw new Error('a controller-only module tried to run a remote command');
  };
  return { hostName, exec: refuse, close: async () => undefined };
}

async function withTaskTimeout<T>(work: Promise<T>, task: ModuleTask, vars: Record<string, unknown>): Promise<T> {
  if (task.keywords.timeout === undefined) return work;
  const seconds = Number(renderValue(task.keywords.timeout, vars));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`task timed out after ${seconds} s`)), seconds * 1000);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
