/**
 * Runs one command on its own exec channel, keeping stdout and stderr byte
 * for byte, and writing stdin as text or bytes (or, under sudo, after sudo
 * has let the command start). Every command reports its shell's pid first
 * (process-marker.ts), so that an aborted one can be stopped on the host.
 */
import os from 'node:os';
import type { Client } from 'ssh2';
import { SudoDriver, sudoCommand } from './become.js';
import { abortReason, CommandStop, type StopProcesses } from './command-stop.js';
import type { ExecResult } from './connection.js';
import { markCommand, PidReader } from './process-marker.js';

/** The server would not open another channel: usually its MaxSessions limit. */
export class ChannelOpenError extends Error {}

export interface ChannelCommand {
  command: string;
  stdin?: string | Buffer;
  /** Runs the command through sudo as `user`, answering its prompt with `password`. */
  become?: { user: string; password: string | undefined; host: string };
}

export interface ChannelHooks {
  /** `onChannel(true)` when the channel opens, `onChannel(false)` when it closes. */
  onChannel?: (open: boolean) => void;
  /** Ends the command early: the exec then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Ends a started command's processes on the host; without it, an abort only closes the channel. */
  stop?: StopProcesses;
}

/**
 * OpenSSH rejects a session past MaxSessions with "open failed"
 * (administratively prohibited); other servers report a resource shortage.
 */
export function isChannelLimitError(error: Error): boolean {
  const reason = (error as Error & { reason?: number }).reason;
  return /Channel open failure/.test(error.message) && (/open failed/.test(error.message) || reason === 1 || reason === 4);
}

function exitCodeOf(code: number | null, signal?: string): number {
  if (code !== null && code !== undefined) return code;
  return signal ? 128 + (os.constants.signals[signal as NodeJS.Signals] ?? 0) : 255;
}

export function execOnChannel(client: Client, request: ChannelCommand, hooks: ChannelHooks = {}): Promise<ExecResult> {
  const { onChannel = () => undefined, signal } = hooks;
  const marked = markCommand(request.command);
  const become = request.become;
  const plan = become && sudoCommand(marked.command, become.user, become.password !== undefined);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    client.exec(plan ? plan.command : marked.command, (error, channel) => {
      if (error) {
        const message = `cannot open an exec channel: ${error.message}`;
        return reject(isChannelLimitError(error) ? new ChannelOpenError(message) : new Error(message));
      }
      onChannel(true);
      const stop = new CommandStop(signal, hooks.stop, () => channel.close(), reject);
      const sudo = plan && new SudoDriver(plan, become.password, request.stdin, channel);
      const pid = new PidReader(marked.marker, (started) => stop.started(started));
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let exitCode = 255;
      channel.on('data', (chunk: Buffer) => stdout.push(pid.stdout(sudo ? sudo.stdout(chunk) : chunk)));
      channel.stderr.on('data', (chunk: Buffer) => stderr.push(sudo ? sudo.stderr(chunk) : chunk));
      channel.on('exit', (code: number | null, signalName?: string) => (exitCode = exitCodeOf(code, signalName)));
      channel.on('close', () => {
        onChannel(false);
        const stopped = stop.finish();
        if (stopped) return reject(stopped);
        try {
          const sudoStderr = sudo && become ? sudo.finish(become.host, become.user) : '';
          resolve({
            stdout: Buffer.concat([...stdout, pid.finish()]).toString('utf8'),
            stderr: sudoStderr + Buffer.concat(stderr).toString('utf8'),
            exitCode,
          });
        } catch (becomeError) {
          reject(becomeError);
        }
      });
      if (!sudo) channel.end(request.stdin ?? '');
    });
  });
}
