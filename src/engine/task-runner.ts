/**
 * Runs one module task on one host: its loop, conditions, templated
 * arguments (with module_defaults), the module itself, changed_when /
 * failed_when, retries, ignore_errors, register and returned facts, in the
 * order Ansible applies them.
 */
import { UnreachableError, formatPosition } from '../errors.js';
import type { RunFlags } from '../modules/module.js';
import type { ModuleTask } from '../playbook/model.js';
import { evaluateCondition, markUntrusted } from '../template/index.js';
import { includeVars, setFact } from './engine-modules.js';
import { runLoop } from './loop-runner.js';
import { runModule } from './module-call.js';
import type { CommandWatcher, Connector } from './task-connection.js';
import { delegateTarget } from './task-connection.js';
import { failedOutcome, skippedOutcome, unreachableOutcome, type TaskOutcome } from './task-result.js';
import { addFacts, type HostState } from './variables.js';

export interface TaskRunContext {
  host: HostState;
  vars: Record<string, unknown>;
  flags: RunFlags;
  connect: Connector;
  /** Another host's state, for delegate_facts and delegated set_fact. */
  hostState: (name: string) => HostState;
  /** Receives each loop item's outcome as it finishes. */
  onItem?: (label: string, outcome: TaskOutcome) => void;
  /** Receives each command the module runs (-vv). */
  watch?: CommandWatcher;
  /** Learns that an `until` condition failed, before the delay and the next attempt. */
  onRetry?: (attempt: number, retriesLeft: number) => void;
}

/** Where a task is, for messages: `roles/x/tasks/main.yml:12:3`. */
export function taskLocation(task: ModuleTask): string {
  return formatPosition(task.position);
}

export async function runModuleTask(task: ModuleTask, context: TaskRunContext): Promise<TaskOutcome> {
  let outcome: TaskOutcome;
  try {
    outcome = task.loop === undefined ? await runOnce(task, context, context.vars) : await runLoop(task, context, runOnce);
  } catch (error) {
    if (error instanceof UnreachableError) outcome = unreachableOutcome(error.message);
    else outcome = failedOutcome(`${(error as Error).message} (task at ${taskLocation(task)})`);
  }

  outcome = applyIgnore(task, outcome, context.vars);
  if (task.register) context.host.runtimeVars[task.register] = markUntrusted(outcome.result);
  return outcome;
}

/** ignore_errors and ignore_unreachable, judged on the whole task, loop included. */
function applyIgnore(task: ModuleTask, outcome: TaskOutcome, vars: Record<string, unknown>): TaskOutcome {
  const keyword = outcome.status === 'failed' ? task.ignoreErrors : outcome.status === 'unreachable' ? task.keywords.ignore_unreachable : undefined;
  if (keyword === undefined || keyword === null) return outcome;
  return evaluateCondition(keyword, vars) ? { ...outcome, status: 'ignored' } : outcome;
}

/** Runs the task for one set of variables: one loop item, or the task without a loop. */
async function runOnce(task: ModuleTask, context: TaskRunContext, vars: Record<string, unknown>): Promise<TaskOutcome> {
  const falseCondition = task.when.find((condition) => !evaluateCondition(condition, vars));
  if (falseCondition !== undefined) {
    return skippedOutcome('Conditional result was False', { false_condition: falseCondition });
  }

  const factTarget = factHost(task, context, vars);
  if (task.module === 'set_fact') return setFact(task, factTarget, vars);
  if (task.module === 'include_vars') return includeVars(task, factTarget, vars);

  const outcome = await runModule(task, context, vars);
  const facts = outcome.result.ansible_facts;
  if (typeof facts === 'object' && facts !== null && task.module !== 'debug') addFacts(factTarget, facts as Record<string, unknown>);
  return outcome;
}

/** The host whose variables a task's facts go to: the delegated one with delegate_facts. */
function factHost(task: ModuleTask, context: TaskRunContext, vars: Record<string, unknown>): HostState {
  const delegateFacts = task.keywords.delegate_facts;
  if (delegateFacts === undefined || !evaluateCondition(delegateFacts, vars)) return context.host;
  const target = delegateTarget(task.keywords, vars);
  return target === undefined ? context.host : context.hostState(target);
}
