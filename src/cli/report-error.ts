/**
 * The one top-level error handler. Known errors print one line (the stack
 * only with -v); internal errors also write the stack to a file and ask for
 * a report. Returns the exit status to set.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, SkprunError } from '../errors.js';

interface CommanderLikeError {
  code: string;
  exitCode: number;
}

function isCommanderError(error: unknown): error is CommanderLikeError {
  return typeof error === 'object' && error !== null && 'code' in error && String((error as CommanderLikeError).code).startsWith('commander.');
}

export function reportError(error: unknown, verbose: boolean): number {
  // commander has already printed its own message (and help) for usage errors.
  if (isCommanderError(error)) return error.exitCode;

  if (error instanceof SkprunError) {
    process.stderr.write(`ERROR: ${error.message}\n`);
    if (verbose && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }

  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const file = join(tmpdir(), `skprun-crash-${Date.now()}.log`);
  writeFileSync(file, `${stack}\n`);
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ERROR: internal error: ${message}\nThe stack trace is in ${file}; please report it with the command you ran.\n`);
  if (verbose) process.stderr.write(`${stack}\n`);
  return ExitCode.error;
}
