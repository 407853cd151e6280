/**
 * Checks on a lab host that a stopped command is gone: its sleep processes
 * and the file it would have written after the sleep.
 */
import type { Connection } from '../../src/connection/connection.js';

/** Lists the processes on the host whose command line starts with `sleep NAP`. */
export async function sleepsOn(connection: Connection, nap: string): Promise<string> {
  const result = await connection.exec(`pgrep -af '^sleep ${nap}' || true`);
  return result.stdout.trim();
}

/** Checks whether a path exists on the host. */
export async function existsOn(connection: Connection, path: string): Promise<boolean> {
  return (await connection.exec(`test -e ${path}`)).exitCode === 0;
}
