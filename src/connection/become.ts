/**
 * Privilege escalation with sudo (here) and su (su.ts). The sudo command runs as
 * `sudo -u USER -- /bin/sh -c 'echo MARKER; COMMAND'`: the marker on stdout
 * shows that sudo let the command start, so its stdin can follow. With a
 * password, sudo reads it from stdin (`-S`) after printing a prompt of our
 * own on stderr; the password is written to the channel only then, so it
 * is never on a command line, in a log or in the output. Without one,
 * `sudo -n` fails at once rather than waiting for a password.
 */
import { randomBytes } from 'node:crypto';
import { SkprunError } from '../errors.js';
import { shellJoin } from './quote.js';

/** The become methods skprun implements, as Ansible names them. */
export const BECOME_METHODS = ['sudo', 'su'] as const;

export type BecomeMethod = (typeof BECOME_METHODS)[number];

/** Runs the command as another user (ExecOptions.become). */
export interface BecomeRequest {
  user: string;
  /** How to become the user; default sudo. */
  method?: BecomeMethod;
}

export interface SudoPlan {
  /** The command line to run instead of the original. */
  command: string;
  /** The line that precedes the command's own stdout. */
  successMarker: string;
  /** sudo's password prompt, with a password only. */
  prompt?: string;
}

/** sudo refused: no password given, a wrong one, or no sudo rights. */
export class BecomeError extends SkprunError {}

export function sudoCommand(command: string, user: string, withPassword: boolean): SudoPlan {
  const id = randomBytes(12).toString('hex');
  const successMarker = `SKPRUN-BECOME-SUCCESS-${id}`;
  const inner = `echo ${successMarker}; ${command}`;
  if (!withPassword) {
    return { command: shellJoin(['sudo', '-H', '-n', '-u', user, '--', '/bin/sh', '-c', inner]), successMarker };
  }
  const prompt = `[sudo via skprun, key=${id}] password:`;
  const argv = ['sudo', '-H', '-S', '-p', prompt, '-u', user, '--', '/bin/sh', '-c', inner];
  return { command: shellJoin(argv), successMarker, prompt };
}

/** The command's stdin, which the driver writes the password and the input to. */
export interface CommandInput {
  write(data: string | Buffer): void;
  end(data?: string | Buffer): void;
}

/**
 * Follows one sudo command's output: answers the prompt once with the
 * password, strips the prompt and the marker, and sends the command's stdin
 * once the marker shows that the command runs. A second prompt means the
 * password was wrong, and the driver closes stdin so that sudo gives up.
 */
export class SudoDriver {
  private started = false;
  private prompts = 0;
  private pendingStdout = Buffer.alloc(0);
  private stderrBeforeStart = '';
  private wrongPassword = false;

  constructor(
    private readonly plan: SudoPlan,
    private readonly password: string | undefined,
    private readonly stdin: string | Buffer | undefined,
    private readonly input: CommandInput,
  ) {}

  /** Returns the part of a stdout chunk that the command wrote. */
  stdout(chunk: Buffer): Buffer {
    if (this.started) return chunk;
    this.pendingStdout = Buffer.concat([this.pendingStdout, chunk]);
    const marker = Buffer.from(`${this.plan.successMarker}\n`);
    const at = this.pendingStdout.indexOf(marker);
    if (at < 0) return Buffer.alloc(0);

    this.started = true;
    const rest = Buffer.concat([this.pendingStdout.subarray(0, at), this.pendingStdout.subarray(at + marker.length)]);
    this.pendingStdout = Buffer.alloc(0);
    this.input.end(this.stdin ?? '');
    return rest;
  }

  /** Returns the part of a stderr chunk that the command (not sudo's prompt) wrote. */
  stderr(chunk: Buffer): Buffer {
    if (this.started) return chunk;
    if (!this.plan.prompt) return this.keepSudoOutput(chunk);
    let text = this.stderrBeforeStart + chunk.toString('utf8');
    let at = text.indexOf(this.plan.prompt);
    while (at >= 0) {
      text = text.slice(0, at) + text.slice(at + this.plan.prompt.length);
      this.answerPrompt();
      at = text.indexOf(this.plan.prompt);
    }
    this.stderrBeforeStart = text;
    return Buffer.alloc(0);
  }

  private keepSudoOutput(chunk: Buffer): Buffer {
    this.stderrBeforeStart += chunk.toString('utf8');
    return Buffer.alloc(0);
  }

  private answerPrompt(): void {
    this.prompts++;
    if (this.prompts === 1 && this.password !== undefined) {
      this.input.write(`${this.password}\n`);
      return;
    }
    this.wrongPassword = true;
    this.input.end();
  }

  /**
   * Called when the command has ended: raises a BecomeError when sudo never
   * started it. Returns the stderr to put before the command's own, which is
   * nothing: sudo's output before the marker is its prompt or lecture.
   */
  finish(host: string, user: string): string {
    if (this.started) return '';
    const said = this.stderrBeforeStart.trim().replace(/\s+/g, ' ');
    if (this.wrongPassword) throw new BecomeError(`${host}: incorrect sudo password for becoming ${user}`);
    if (/password is required/.test(said)) {
      throw new BecomeError(`${host}: sudo needs a password to become ${user}: give it with -K/--ask-become-pass or ansible_become_password`);
    }
    throw new BecomeError(`${host}: sudo did not run the command as ${user}: ${said || 'no message from sudo'}`);
  }
}
