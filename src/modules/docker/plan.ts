/**
 * The plan a docker module's decide step returns, and how the module carries it
 * out: a list of commands with the action each performs, or the reason
 * nothing changes.
 */
import type { Connection } from '../../connection/connection.js';
import { CommandFailedError, runArgv } from '../remote.js';
import type { FileDiff, ModuleResult } from '../module.js';
import { execOptions, type DockerCli } from './cli.js';
import { describeDifferences, type Difference } from './differences.js';

export interface Step {
  argv: string[];
  /** The step's action in the past tense, for the result (`removed volume x`). */
  done: string;
  /** The same in the future tense for check mode (`remove volume x`). */
  todo: string;
}

export interface Plan {
  /** Commands to run, empty when nothing changes, and then `reason` gives the cause. */
  steps: Step[];
  reason: string;
  differences: Difference[];
  diff: FileDiff;
}

export function step(argv: string[], todo: string, done: string): Step {
  return { argv, todo, done };
}

/** Builds the message of a result that made (or would make) the plan's changes. */
export function changeMessage(plan: Plan, check: boolean): string {
  const actions = plan.steps.map((s) => (check ? s.todo : s.done));
  const what = check ? `would ${actions.join(', then ')}` : actions.join(', then ');
  if (plan.differences.length === 0) return what;
  return `${what}; differences: ${describeDifferences(plan.differences)}`;
}

export interface ApplyOutcome {
  /** Steps that ran to completion, in order. */
  done: Step[];
  /** The failure of the step that stopped the plan, if one did. */
  failure?: ModuleResult;
}

/**
 * Runs the plan's commands in order. A failing command stops the plan and
 * becomes a failed result that names the step and quotes docker's error.
 * The steps before it stay done and count as a change.
 */
export async function applyPlan(
  conn: Connection,
  cli: DockerCli,
  plan: Plan,
): Promise<ApplyOutcome> {
  const done: Step[] = [];
  for (const current of plan.steps) {
    try {
      await runArgv(conn, current.argv, execOptions(cli));
    } catch (error) {
      if (!(error instanceof CommandFailedError)) throw error;
      const before = done.length > 0 ? ` (after: ${done.map((s) => s.done).join(', ')})` : '';
      const msg = `could not ${current.todo}${before}: ${error.message}`;
      return {
        done,
        failure: { changed: done.length > 0, failed: true, msg, actions: done.map((s) => s.done) },
      };
    }
    done.push(current);
  }
  return { done };
}
