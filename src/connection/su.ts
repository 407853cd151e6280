/**
 * Privilege escalation with su, as Ansible's su become plugin does it: the
 * password is the target user's own (ansible_become_password), not the
 * login user's. su reads its password from its standard input, so the
 * command becomes
 *
 *   exec 3<&0; IFS= read -r P; printf '%s\n' "$P" | su USER -c INNER
 *
 * where INNER is `exec 0<&3 3<&-; echo MARKER; exec /bin/sh -c COMMAND`.
 * The outer shell reads the password line from the channel's stdin and
 * hands it to su alone, so the password is never on a command line. The
 * command gets the rest of the channel's stdin back through fd 3. The
 * marker on stdout shows that su accepted the password and started the
 * command. Unlike sudo, su needs no prompt of our own: it reads one line
 * and stops.
 */
import { randomBytes } from 'node:crypto';
import { BecomeError } from './become.js';
import type { ExecResult } from './connection.js';
import { quote, shellJoin } from './quote.js';

export interface SuPlan {
  /** The command line to run instead of the original. */
  command: string;
  /** The line that precedes the command's own stdout. */
  successMarker: string;
  /** The bytes to write to the command's stdin: the password line first, when there is a password. */
  stdin: string | Buffer | undefined;
}

// A name starting with `-` would reach su as an option.
const USER_NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.@-]*\$?$/;

// su's password prompt, as util-linux, shadow and BusyBox print it in
// English. NOTE: a translated prompt stays at the start of stderr.
const SU_PROMPT = /^(\S+'s )?[Pp]assword ?: ?/;

/** Builds the su command for one command line. Raises BecomeError for a user name or password su cannot take. */
export function suCommand(host: string, command: string, user: string, password: string | undefined, stdin?: string | Buffer): SuPlan {
  if (!USER_NAME.test(user)) throw new BecomeError(`${host}: become_user ${JSON.stringify(user)} is not a valid user name for su`);
  const successMarker = `SKPRUN-BECOME-SUCCESS-${randomBytes(12).toString('hex')}`;
  const inner = `exec 0<&3 3<&-; echo ${successMarker}; exec /bin/sh -c ${quote(command)}`;
  const su = shellJoin(['su', user, '-c', inner]);
  if (password === undefined) return { command: `exec 3<&0; ${su} </dev/null`, successMarker, stdin };

  if (/[\r\n]/.test(password)) throw new BecomeError(`${host}: the become password contains a line break, which su cannot read`);
  const readPassword = `exec 3<&0; IFS= read -r skprun_become_pass; printf '%s\\n' "$skprun_become_pass" | ${su}`;
  const input = stdin === undefined ? `${password}\n` : Buffer.concat([Buffer.from(`${password}\n`), Buffer.from(stdin)]);
  return { command: readPassword, successMarker, stdin: input };
}

/**
 * Removes su's marker from stdout and its prompt from stderr. Raises
 * BecomeError when su did not start the command: a wrong or missing
 * password, or another refusal.
 */
export function readSuResult(plan: SuPlan, result: ExecResult, host: string, user: string, hadPassword: boolean): ExecResult {
  const marker = `${plan.successMarker}\n`;
  const at = result.stdout.indexOf(marker);
  if (at < 0) throw suFailure(result.stderr.replace(SU_PROMPT, ''), host, user, hadPassword);
  const stdout = result.stdout.slice(0, at) + result.stdout.slice(at + marker.length);
  return { ...result, stdout, stderr: result.stderr.replace(SU_PROMPT, '') };
}

function suFailure(stderr: string, host: string, user: string, hadPassword: boolean): BecomeError {
  const message = stderr.trim().replace(/\s+/g, ' ');
  if (/authentication failure|incorrect password/i.test(message)) {
    if (hadPassword) return new BecomeError(`${host}: incorrect su password for becoming ${user}: su expects the password of ${user}`);
    return new BecomeError(`${host}: su needs the password of ${user}: give it with -K/--ask-become-pass or ansible_become_password`);
  }
  return new BecomeError(`${host}: su did not run the command as ${user}: ${message || 'no message from su'}`);
}
