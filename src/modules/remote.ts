/**
 * Running remote commands from a module, and turning a failed one into a
 * message that names the command, the exit status and what went wrong.
 */
import type { Connection, ExecOptions, ExecResult } from '../connection/connection.js';
import { shellJoin } from '../connection/quote.js';

/** A remote command that exited non-zero where success was required. */
export class CommandFailedError extends Error {
  constructor(
    readonly command: string,
    readonly result: ExecResult,
  ) {
    super(formatCommandFailure(command, result));
  }
}

const ERROR_LINE = /error|fail|denied|not found|no such|invalid|cannot|unable/i;

/**
 * The last lines of a command's error output, favouring those that mention
 * an error, since a long stderr usually ends with noise.
 */
export function stderrTail(stderr: string, maxLines = 5): string {
  const lines = stderr.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
  const flagged = lines.filter((l) => ERROR_LINE.test(l));
  const picked = flagged.length > 0 ? flagged : lines;
  return picked.slice(-maxLines).join('\n');
}

function describeExitCode(code: number): string {
  if (code === 127) return 'exit status 127: command not found';
  if (code === 126) return 'exit status 126: not executable';
  if (code === 255) return 'exit status 255: no status (connection or signal)';
  if (code > 128) return `exit status ${code}: killed by signal ${code - 128}`;
  return `exit status ${code}`;
}

export function formatCommandFailure(command: string, result: ExecResult): string {
  const output = stderrTail(result.stderr) || stderrTail(result.stdout);
  const tail = output ? `: ${output}` : '';
  return `command failed with ${describeExitCode(result.exitCode)}${tail} (command: ${command})`;
}

/** Runs an argv on the host and returns stdout, raising when it fails. */
export async function runArgv(conn: Connection, argv: readonly string[], options?: ExecOptions): Promise<string> {
  return runChecked(conn, shellJoin(argv), options);
}

/** Runs a command line on the host and returns stdout, raising when it fails. */
export async function runChecked(conn: Connection, command: string, options?: ExecOptions): Promise<string> {
  const result = await conn.exec(command, options);
  if (result.exitCode !== 0) throw new CommandFailedError(command, result);
  return result.stdout;
}
