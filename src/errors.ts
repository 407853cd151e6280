/**
 * The few kinds of error skprun raises. Each maps to the exit status that
 * ansible-playbook uses for the same situation, so scripts written against
 * Ansible read skprun's status the same way.
 */

/** Exit statuses, as ansible-playbook documents them. */
export const ExitCode = {
  ok: 0,
  error: 1,
  hostFailed: 2,
  hostUnreachable: 3,
  parseError: 4,
  badOptions: 5,
  interrupted: 99,
} as const;

export type ExitStatus = (typeof ExitCode)[keyof typeof ExitCode];

/** Base of every error that is the user's to fix and prints in one line. */
export class SkprunError extends Error {
  readonly exitCode: ExitStatus = ExitCode.error;
}

/** Source position of a value in a YAML or JSON file (1-based). */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export function formatPosition(pos: SourcePosition | undefined): string {
  if (!pos) return '';
  return `${pos.file}:${pos.line}:${pos.column}`;
}

/**
 * Invalid input in a playbook, role, inventory or variable file. The message
 * reads `file:line:column: key/path: what was expected`.
 */
export class InputError extends SkprunError {
  override readonly exitCode = ExitCode.parseError;

  constructor(
    readonly detail: string,
    readonly position?: SourcePosition,
    readonly keyPath?: string,
  ) {
    const where = position ? `${formatPosition(position)}: ` : '';
    const key = keyPath ? `${keyPath}: ` : '';
    super(`${where}${key}${detail}`);
  }
}

/** Several input errors found in one pass, reported together. */
export class InputErrors extends SkprunError {
  override readonly exitCode = ExitCode.parseError;

  constructor(readonly errors: InputError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}

/** A command-line option that cannot be used as given. */
export class OptionError extends SkprunError {
  override readonly exitCode = ExitCode.badOptions;
}

/** A host that cannot be connected to, or whose connection dropped. */
export class UnreachableError extends SkprunError {
  override readonly exitCode = ExitCode.hostUnreachable;

  constructor(
    readonly host: string,
    detail: string,
  ) {
    super(`${host}: unreachable: ${detail}`);
  }
}
