/**
 * Running a service plan's steps on the host, in order, stopping at the
 * first that fails unless it may fail.
 */
import type { Connection } from '../../connection/connection.js';
import { shellJoin } from '../../connection/quote.js';
import { formatCommandFailure } from '../remote.js';
import type { ControlStep } from './plan.js';

/**
 * Wraps a command so that its output goes to a temporary file that is
 * printed after it ends. A daemon that the command leaves running keeps
 * only that file open, not the channel, which would otherwise stay open
 * until the daemon exits (Ansible daemonizes these commands for the same
 * reason).
 */
export function detachedCommand(argv: string[]): string {
  return [
    'log=$(mktemp 2>/dev/null || echo "${TMPDIR:-/tmp}/skprun-service.$$")',
    `${shellJoin(argv)} </dev/null >"$log" 2>&1`,
    'rc=$?',
    'cat -- "$log"',
    'rm -f -- "$log"',
    'exit $rc',
  ].join('; ');
}

/** Runs the steps; returns the failure message of the first that fails, or undefined. */
export async function runSteps(conn: Connection, steps: ControlStep[], unit: string): Promise<string | undefined> {
  for (const step of steps) {
    const command = step.detached ? detachedCommand(step.argv) : shellJoin(step.argv);
    const result = await conn.exec(command);
    if (result.exitCode !== 0 && !step.mayFail) {
      // The message names the command as written, not its detached wrapper.
      return `${unit}: ${formatCommandFailure(shellJoin(step.argv), result)}`;
    }
    if (step.sleepAfter) await new Promise((resolve) => setTimeout(resolve, step.sleepAfter! * 1000));
  }
  return undefined;
}
