/**
 * The task keyword `timeout`: after that many seconds the task fails with
 * Ansible's message, and every command the module still runs is stopped
 * on its host (the connections end its processes), so that nothing of the
 * task goes on after its failure is reported.
 */
import type { Connection, ExecOptions } from '../connection/connection.js';
import { MAX_STOP_MS } from '../connection/command-stop.js';
import type { ModuleTask } from '../playbook/model.js';
import { renderValue } from '../template/index.js';

/** Returns the task's timeout in seconds, or undefined when it has none (unset, 0 or negative). */
export function taskTimeoutSeconds(task: ModuleTask, vars: Record<string, unknown>): number | undefined {
  const raw = task.keywords.timeout;
  if (raw === undefined || raw === null) return undefined;
  const seconds = Number(renderValue(raw, vars));
  return seconds > 0 ? seconds : undefined;
}

/** Passes `signal` with every command, so that aborting it stops them all. */
export function abortableConnection(conn: Connection, signal: AbortSignal): Connection {
  return {
    hostName: conn.hostName,
    exec: (command: string, options?: ExecOptions) => {
      const signals = options?.signal ? [signal, options.signal] : [signal];
      return conn.exec(command, { ...options, signal: AbortSignal.any(signals) });
    },
    close: () => conn.close(),
    // NOTE: the signal does not stop what runs over sockets, such as the
    // docker modules' API reads and wait_for's url polling. Those end at
    // their own timeout, or when the run closes the connection.
    ...(conn.sockets ? { sockets: conn.sockets } : {}),
  };
}

/**
 * Runs the module with the task's timeout. On timeout it aborts
 * `controller`, waits until the module has given up (its commands stopped,
 * within the connections' stop deadline), then rejects.
 */
export async function withTaskTimeout<T>(
  start: () => Promise<T>,
  task: ModuleTask,
  seconds: number | undefined,
  controller: AbortController,
): Promise<T> {
  const work = start();
  if (seconds === undefined) return work;
  const message = `The ${task.moduleAlias} action failed to execute in the expected time frame (${seconds}) and was terminated`;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), seconds * 1000)));
  try {
    const first = await Promise.race([work, timedOut]);
    if (first !== 'timeout') return first as T;
  } finally {
    clearTimeout(timer);
  }
  const error = new Error(message);
  controller.abort(error);
  await settledWithin(work, MAX_STOP_MS + 500);
  throw error;
}

/** Waits until `work` settles, or `ms` pass (a module that ignores the abort, such as a sleep on the controller). */
async function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([work.then(() => undefined, () => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}
