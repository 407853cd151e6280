/**
 * The part every docker module shares once its plan is made: report the
 * reason when nothing changes, report what would change in check mode, or
 * run the commands and report what was done.
 */
import type { Connection } from '../../connection/connection.js';
import type { ModuleResult, RunFlags } from '../module.js';
import type { DockerCli } from './cli.js';
import { applyPlan, changeMessage, type Plan } from './plan.js';

export interface PlanResult {
  /** The module's result, without the object it returns. */
  result: ModuleResult;
  /** Whether commands ran, so that the object must be read again. */
  applied: boolean;
}

export async function runPlan(
  conn: Connection,
  cli: DockerCli,
  plan: Plan,
  flags: RunFlags,
): Promise<PlanResult> {
  const diff = flags.diff ? { diff: plan.diff } : {};
  if (plan.steps.length === 0) {
    return { result: { changed: false, msg: plan.reason, ...diff }, applied: false };
  }

  const actions = plan.steps.map((s) => s.todo);
  if (flags.check) {
    return {
      result: { changed: true, msg: changeMessage(plan, true), actions, ...diff },
      applied: false,
    };
  }

  const outcome = await applyPlan(conn, cli, plan);
  // A failed change shows no diff: its "after" did not happen.
  if (outcome.failure) return { result: outcome.failure, applied: outcome.done.length > 0 };
  // community.docker 3.4.7 returns `actions` only in check mode (or with
  // its debug option), so a real run's result carries the message alone.
  return { result: { changed: true, msg: changeMessage(plan, false), ...diff }, applied: true };
}
