/**
 * Runs one module task on a set of hosts at once, up to --forks and the
 * task's throttle, with run_once, no_log and the events that renderers
 * show, then applies any_errors_fatal and max_fail_percentage.
 */
import { formatPosition } from '../errors.js';
import { Limiter } from '../connection/limiter.js';
import type { ModuleTask } from '../playbook/model.js';
import { evaluateCondition, renderValue } from '../template/index.js';
import type { Inherited } from './inherit.js';
import { CENSORED_LABEL, CENSORED_MESSAGE, censorResult } from './no-log.js';
import type { PlayRun } from './play-run.js';
import type { CommandWatcher, Connector } from './task-connection.js';
import { delegateTarget } from './task-connection.js';
import { runModuleTask } from './task-runner.js';
import { failedOutcome, type TaskOutcome } from './task-result.js';

/** What one dispatch needs besides the task: its key for throttle and whether it is a handler. */
export interface DispatchOptions {
  /** The task as written, before inheritance copied it. */
  original: ModuleTask;
  isHandler: boolean;
}

export async function dispatchTask(
  run: PlayRun,
  task: ModuleTask,
  hosts: string[],
  inherited: Inherited,
  options: DispatchOptions,
): Promise<TaskOutcome[]> {
  const firstVars = run.varsFor(hosts[0], task, inherited);
  const name = taskName(task, firstVars);
  let isRunOnce = false;
  let throttle: Limiter | undefined;
  let setupError: Error | undefined;
  try {
    isRunOnce = bypassesHostLoop(task) || (task.keywords.run_once !== undefined && evaluateCondition(task.keywords.run_once, firstVars));
    throttle = throttleLimiter(run, task, options.original, firstVars);
  } catch (error) {
    setupError = error as Error;
  }
  const targets = isRunOnce ? hosts.slice(0, 1) : hosts;
  const id = run.options.nextTaskId();
  run.emit({
    kind: 'task_start',
    id,
    name,
    module: task.moduleAlias,
    hosts: targets,
    isHandler: options.isHandler,
    ...(task.role ? { role: task.role.name } : {}),
    ...(task.position.file ? { position: formatPosition(task.position) } : {}),
  });

  const work = (host: string) => runOnHost(run, task, host, inherited, { id, name }, setupError);
  const outcomes = await Promise.all(
    targets.map((host) => (throttle ? throttle.run(() => run.options.forks.run(() => work(host))) : run.options.forks.run(() => work(host)))),
  );
  if (isRunOnce && outcomes[0]) shareRunOnce(run, task, hosts, outcomes[0]);
  applyFailurePolicy(run, task, hosts, outcomes, inherited, isRunOnce, firstVars);
  return outcomes;
}

/** Reports a task that could not run at all (a meta task whose `when` is broken) as failed on each host. */
export function failOnHosts(run: PlayRun, task: ModuleTask, hosts: string[], inherited: Inherited, message: string): void {
  const id = run.options.nextTaskId();
  const name = task.name ?? task.moduleAlias;
  run.emit({ kind: 'task_start', id, name, module: task.moduleAlias, hosts, isHandler: false });
  for (const host of hosts) {
    const outcome = failedOutcome(`${message} (task at ${formatPosition(task.position)})`);
    run.settle(host, task, outcome, inherited, []);
    run.emit({ kind: 'host_result', host, task: name, taskId: id, status: 'failed', msg: outcome.msg, durationMs: 0, result: outcome.result });
  }
}

/**
 * Modules that run once per batch, on its first host, as if run_once were
 * set: ansible-core's linear strategy does so for actions that set
 * BYPASS_HOST_LOOP (pause among them, in 2.14). For pause this means one
 * wait and one prompt per batch, and its result registered on every host.
 */
// NOTE: ansible-core 2.14 registers such a result on the first host only.
// With strategy free, where Ansible rejects these modules, each host here
// still runs its own pause.
const BATCH_MODULES = new Set(['pause']);

function bypassesHostLoop(task: ModuleTask): boolean {
  return BATCH_MODULES.has(task.module);
}

/** A task's name as shown, rendered with the first host's variables; the raw name if that fails. */
function taskName(task: ModuleTask, vars: Record<string, unknown>): string {
  const raw = task.name ?? task.moduleAlias;
  try {
    return String(renderValue(raw, vars));
  } catch {
    return raw;
  }
}

function throttleLimiter(run: PlayRun, task: ModuleTask, original: ModuleTask, vars: Record<string, unknown>): Limiter | undefined {
  if (task.keywords.throttle === undefined || task.keywords.throttle === null) return undefined;
  const limit = Number(renderValue(task.keywords.throttle, vars));
  if (!Number.isInteger(limit) || limit < 1) return undefined;
  return run.throttleFor(original, limit, (size) => new Limiter(size));
}

interface TaskIdentity {
  id: number;
  name: string;
}

/** Runs the task on one host; a `setupError` (a broken run_once or throttle) fails it at once. */
async function runOnHost(
  run: PlayRun,
  task: ModuleTask,
  hostName: string,
  inherited: Inherited,
  identity: TaskIdentity,
  setupError?: Error,
): Promise<TaskOutcome> {
  const { flags, verbosity } = run.options;
  const started = performance.now();
  run.emit({ kind: 'host_start', host: hostName, task: identity.name, taskId: identity.id });

  let vars: Record<string, unknown> = {};
  let outcome: TaskOutcome;
  let isHidden = false;
  try {
    if (setupError) throw setupError;
    vars = run.varsFor(hostName, task, inherited);
    isHidden = task.keywords.no_log !== undefined && evaluateCondition(task.keywords.no_log, vars);
    outcome = await runModuleTask(task, {
      host: run.host(hostName),
      vars,
      flags,
      connect: delegatingConnector(run, task, inherited),
      hostState: (name) => run.host(name),
      onItem: (label, item) => emitItem(run, hostName, identity, label, item, isHidden),
      onRetry: (attempt, retriesLeft) =>
        run.emit({ kind: 'retry', host: hostName, task: identity.name, taskId: identity.id, attempt, retriesLeft }),
      watch: verbosity >= 2 && !isHidden ? commandWatcher(run, hostName, identity.id) : undefined,
    });
  } catch (error) {
    outcome = failedOutcome(`${(error as Error).message} (task at ${formatPosition(task.position)})`);
  }

  run.settle(hostName, task, outcome, inherited, notifications(task, vars));
  const delegatedTo = safeDelegate(task, vars);
  run.emit({
    kind: 'host_result',
    host: hostName,
    task: identity.name,
    taskId: identity.id,
    status: outcome.status,
    msg: isHidden ? CENSORED_MESSAGE : outcome.msg,
    durationMs: performance.now() - started,
    ...(delegatedTo ? { delegatedTo } : {}),
    result: isHidden ? censorResult(outcome.result) : outcome.result,
  });
  return outcome;
}

/**
 * Connects as the task asks. A delegated host gets no variables from the
 * task's own scope, so its connection is planned from its own variables
 * for this task, as Ansible plans a delegate_to connection.
 */
function delegatingConnector(run: PlayRun, task: ModuleTask, inherited: Inherited): Connector {
  return (target, options = {}) =>
    run.options.connect(target, options.vars ? options : { ...options, vars: run.varsFor(target, task, inherited) });
}

function emitItem(run: PlayRun, host: string, identity: TaskIdentity, label: string, item: TaskOutcome, isHidden: boolean): void {
  run.emit({
    kind: 'item_result',
    host,
    task: identity.name,
    taskId: identity.id,
    status: item.status,
    label: isHidden ? CENSORED_LABEL : label,
    result: isHidden ? censorResult(item.result) : item.result,
  });
}

function commandWatcher(run: PlayRun, host: string, taskId: number): CommandWatcher {
  return (command, options, result, durationMs) => {
    const shown = options?.become ? `(as ${options.become.user}) ${command}` : command;
    run.emit({ kind: 'command', host, taskId, command: shown, exitCode: result.exitCode, durationMs });
  };
}

function notifications(task: ModuleTask, vars: Record<string, unknown>): string[] {
  return task.notify.map((name) => {
    try {
      return String(renderValue(name, vars));
    } catch {
      return name;
    }
  });
}

function safeDelegate(task: ModuleTask, vars: Record<string, unknown>): string | undefined {
  try {
    return delegateTarget(task.keywords, vars);
  } catch {
    return undefined;
  }
}

/** run_once: the one result is registered on every host of the play, and its facts set on each. */
function shareRunOnce(run: PlayRun, task: ModuleTask, hosts: string[], outcome: TaskOutcome): void {
  for (const host of hosts.slice(1)) {
    const state = run.host(host);
    if (task.register) state.runtimeVars[task.register] = outcome.result;
    if (task.module === 'set_fact') Object.assign(state.runtimeVars, outcome.result.ansible_facts as object);
    if (outcome.status === 'changed') run.handlers.notify(host, task.notify);
  }
}

/**
 * any_errors_fatal (or a failed run_once task) fails every host of the
 * play, unless a rescue section handles the failure. max_fail_percentage
 * does the same once more than that share of the batch has failed.
 */
function applyFailurePolicy(
  run: PlayRun,
  task: ModuleTask,
  hosts: string[],
  outcomes: TaskOutcome[],
  inherited: Inherited,
  isRunOnce: boolean,
  vars: Record<string, unknown>,
): void {
  const anyFailed = outcomes.some((outcome) => outcome.status === 'failed' || outcome.status === 'unreachable');
  if (!anyFailed || inherited.rescuable) return;
  const fatal = task.keywords.any_errors_fatal;
  const isFatal = isRunOnce || (fatal !== undefined && fatal !== null && evaluateCondition(fatal, vars));
  if (isFatal) run.failAll(hosts);
  else checkMaxFailPercentage(run, hosts);
}

export function checkMaxFailPercentage(run: PlayRun, hosts: string[]): void {
  const limit = run.play.keywords.max_fail_percentage;
  if (limit === undefined || limit === null || run.play.keywords.strategy === 'free') return;
  const batch = run.options.hosts;
  const failedCount = batch.filter((host) => run.options.failed.has(host.name)).length;
  if (failedCount / batch.length > Number(limit) / 100) {
    run.emit({ kind: 'warning', message: `${failedCount} of ${batch.length} hosts failed, more than max_fail_percentage ${String(limit)}%: the play stops` });
    run.failAll(hosts);
  }
}
