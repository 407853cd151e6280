/**
 * The value a task leaves in `register`, shaped as Ansible's: the module's
 * returned values with changed/failed/skipped, and for loops a `results`
 * list with one entry per item.
 */
import type { HostStatus } from './events.js';

export interface TaskOutcome {
  status: HostStatus;
  msg: string;
  result: Record<string, unknown>;
}

export function skippedOutcome(reason: string, extra: Record<string, unknown> = {}): TaskOutcome {
  return { status: 'skipped', msg: reason, result: { changed: false, skipped: true, skip_reason: reason, ...extra } };
}

export function failedOutcome(msg: string, extra: Record<string, unknown> = {}): TaskOutcome {
  return { status: 'failed', msg, result: { changed: false, ...extra, failed: true, msg } };
}

export function unreachableOutcome(msg: string): TaskOutcome {
  return { status: 'unreachable', msg, result: { changed: false, unreachable: true, msg } };
}

/**
 * Folds per-item outcomes into one, as Ansible reports a loop. A loop that
 * ran any item has a top-level `skipped: false`, as in ansible-core 2.14.
 */
export function loopOutcome(items: TaskOutcome[]): TaskOutcome {
  const results = items.map((item) => item.result);
  const unreachable = items.find((item) => item.status === 'unreachable');
  const failed = items.some((item) => item.status === 'failed');
  const changed = items.some((item) => item.status === 'changed' || item.result.changed === true);
  const allSkipped = items.length > 0 && items.every((item) => item.status === 'skipped');
  const result: Record<string, unknown> = { results, changed, msg: 'All items completed', skipped: false };

  if (items.length === 0) return noItemsOutcome();
  if (allSkipped) return allSkippedOutcome(results);
  if (unreachable) return { status: 'unreachable', msg: unreachable.msg, result: { ...result, unreachable: true, msg: unreachable.msg } };
  if (failed) {
    const msg = 'One or more items failed';
    return { status: 'failed', msg, result: { ...result, failed: true, msg } };
  }
  return { status: changed ? 'changed' : 'ok', msg: `${items.length} items completed`, result };
}

/** Builds an empty loop's outcome. Ansible's key here is `skipped_reason`, where a false `when` gives `skip_reason`. */
function noItemsOutcome(): TaskOutcome {
  const reason = 'No items in the list';
  return { status: 'skipped', msg: reason, result: { changed: false, skipped: true, skipped_reason: reason, results: [] } };
}

/** Builds the outcome of a loop that skipped every item: a msg and no skip reason key, as in Ansible. */
function allSkippedOutcome(results: Record<string, unknown>[]): TaskOutcome {
  const msg = 'All items skipped';
  return { status: 'skipped', msg, result: { changed: false, skipped: true, msg, results } };
}
