/**
 * The plan a docker module's decide step returns, and how the module carries it
 * out: a list of commands with the action each performs, or the reason
 * nothing changes.
 */
import type { Connection } from '../../connection/connection.js';
import { shellJoin } from '../../connection/quote.js';
import { CommandFailedError, formatCommandFailure, runArgv } from '../remote.js';
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

const SECRET_FLAGS = new Set(['--env', '-e']);

/**
 * Returns the command line for messages, with the value of every `--env`
 * hidden, because environment variables often carry passwords and tokens.
 */
export function redactedCommand(argv: readonly string[]): string {
  const shown = argv.map((word, i) => {
    if (!SECRET_FLAGS.has(argv[i - 1] ?? '')) return word;
    const at = word.indexOf('=');
    return at < 0 ? word : `${word.slice(0, at)}=<hidden>`;
  });
  return shellJoin(shown);
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
      const reason = formatCommandFailure(redactedCommand(current.argv), error.result);
      const msg = `could not ${current.todo}${before}: ${reason}`;
      return {
        done,
        failure: { changed: done.length > 0, failed: true, msg, actions: done.map((s) => s.done) },
      };
    }
    done.push(current);
  }
  return { done };
}
