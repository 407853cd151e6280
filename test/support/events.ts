/**
 * Queries over the events of one run, shared by the in-process engine
 * tests and the tests that run the real skprun command.
 */
import type { HostStatus, RunEvent } from '../../src/engine/events.js';

export type HostResult = Extract<RunEvent, { kind: 'host_result' }>;

/** Any run whose events a test has collected. */
export interface RecordedRun {
  events: RunEvent[];
}

/** Lists the host results, of one task when its name is given. */
export function hostResults(run: RecordedRun, task?: string): HostResult[] {
  return run.events.filter((event): event is HostResult => {
    if (event.kind !== 'host_result') return false;
    return task === undefined || event.task === task;
  });
}

/** Maps each host to its status for the task of this name. */
export function statuses(run: RecordedRun, task: string): Record<string, HostStatus> {
  return Object.fromEntries(hostResults(run, task).map((event) => [event.host, event.status]));
}

/** Maps each host to its returned values for the task of this name. */
export function results(run: RecordedRun, task: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(hostResults(run, task).map((event) => [event.host, event.result]));
}

/** Maps each host to the `msg` a debug task printed there. */
export function debugMessages(run: RecordedRun, task: string): Record<string, unknown> {
  return Object.fromEntries(hostResults(run, task).map((event) => [event.host, event.result.msg]));
}

/** Lists the tasks that started, in order, with handlers prefixed `handler `. */
export function startedTasks(run: RecordedRun): string[] {
  const names: string[] = [];
  for (const event of run.events) {
    if (event.kind !== 'task_start') continue;
    names.push(event.isHandler ? `handler ${event.name}` : event.name);
  }
  return names;
}
