/**
 * Runs a task once per loop item, with loop_control: the loop variable and
 * index variable, the label shown for each item, a pause between items,
 * and `ansible_loop` for extended loops.
 */
import type { ModuleTask } from '../playbook/model.js';
import { evaluateCondition, renderValue } from '../template/index.js';
import { loopItems } from './loops.js';
import type { TaskRunContext } from './task-runner.js';
import { loopOutcome, type TaskOutcome } from './task-result.js';

type RunItem = (task: ModuleTask, context: TaskRunContext, vars: Record<string, unknown>) => Promise<TaskOutcome>;

export async function runLoop(task: ModuleTask, context: TaskRunContext, runItem: RunItem): Promise<TaskOutcome> {
  const items = loopItems(task, context.vars);
  const control = task.loopControl;
  const loopVar = control?.loopVar ?? 'item';
  const pauseSeconds = control?.pause === undefined ? 0 : Number(renderValue(control.pause, context.vars));
  const extended = control?.extended !== undefined && evaluateCondition(control.extended, context.vars);

  const outcomes: TaskOutcome[] = [];
  let loopScope = context.vars;
  for (const [index, item] of items.entries()) {
    if (index > 0 && pauseSeconds > 0) await new Promise((resolve) => setTimeout(resolve, pauseSeconds * 1000));
    const itemVars = loopVariables(task, items, index, loopVar, extended);
    const vars = { ...loopScope, ...itemVars };
    const outcome = await runItem(task, context, vars);
    loopScope = withItemVariables(task, loopScope, outcome);
    Object.assign(outcome.result, itemVars);
    outcomes.push(outcome);
    context.onItem?.(itemLabel(control?.label, item, vars), outcome);
  }
  return loopOutcome(outcomes);
}

/** Modules whose returned facts become plain variables, which later items of the same loop read. */
const VARIABLE_MODULES = new Set(['set_fact', 'include_vars']);

/**
 * Adds what a set_fact or include_vars item set to the variables of the
 * items after it, as Ansible updates a loop's task variables between items.
 * The context's variables were computed before the loop, so without this
 * `acc: "{{ acc | default([]) + [item] }}"` would only keep the last item.
 */
// NOTE: Ansible also refreshes `ansible_facts` between the items of other
// modules. Here those modules' facts reach the host at once, but the items
// of the same loop still read the facts as they were before the loop.
function withItemVariables(task: ModuleTask, scope: Record<string, unknown>, outcome: TaskOutcome): Record<string, unknown> {
  const facts = outcome.result.ansible_facts;
  if (!VARIABLE_MODULES.has(task.module) || typeof facts !== 'object' || facts === null) return scope;
  return { ...scope, ...(facts as Record<string, unknown>) };
}

/** The variables one item adds; each item's result carries them too, as in Ansible. */
function loopVariables(task: ModuleTask, items: unknown[], index: number, loopVar: string, extended: boolean): Record<string, unknown> {
  const vars: Record<string, unknown> = { [loopVar]: items[index], ansible_loop_var: loopVar };
  const indexVar = task.loopControl?.indexVar;
  if (indexVar) {
    vars[indexVar] = index;
    vars.ansible_index_var = indexVar;
  }
  if (extended) vars.ansible_loop = extendedLoop(items, index);
  return vars;
}

function extendedLoop(items: unknown[], index: number): Record<string, unknown> {
  const length = items.length;
  const loop: Record<string, unknown> = {
    allitems: items,
    index: index + 1,
    index0: index,
    revindex: length - index,
    revindex0: length - index - 1,
    first: index === 0,
    last: index === length - 1,
    length,
  };
  if (index > 0) loop.previtem = items[index - 1];
  if (index < length - 1) loop.nextitem = items[index + 1];
  return loop;
}

/** The text shown for an item: loop_control.label rendered, or the item itself. */
function itemLabel(label: string | undefined, item: unknown, vars: Record<string, unknown>): string {
  const value = label === undefined ? item : renderValue(label, vars);
  return typeof value === 'string' ? value : JSON.stringify(value);
}
