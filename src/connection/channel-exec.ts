/**
 * Runs one command on its own exec channel, keeping stdout and stderr byte
 * for byte, and writing stdin as text or bytes (or, under sudo, after sudo
 * has let the command start).
 */
import os from 'node:os';
import type { Client } from 'ssh2';
import { SudoDriver, type SudoPlan } from './become.js';
import type { ExecResult } from './connection.js';

/** The server would not open another channel: usually its MaxSessions limit. */
export class ChannelOpenError extends Error {}

export interface ChannelCommand {
  command: string;
  stdin?: string | Buffer;
  sudo?: { plan: SudoPlan; password: string | undefined; host: string; user: string };
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

/** `onChannel(true)` when the channel opens, `onChannel(false)` when it closes. */
export function execOnChannel(client: Client, request: ChannelCommand, onChannel: (open: boolean) => void = () => undefined): Promise<ExecResult> {
  const command = request.sudo ? request.sudo.plan.command : request.command;
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) {
        const message = `cannot open an exec channel: ${error.message}`;
        return reject(isChannelLimitError(error) ? new ChannelOpenError(message) : new Error(message));
      }
      onChannel(true);
      const sudo = request.sudo && new SudoDriver(request.sudo.plan, request.sudo.password, request.stdin, channel);
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let exitCode = 255;
      channel.on('data', (chunk: Buffer) => stdout.push(sudo ? sudo.stdout(chunk) : chunk));
      channel.stderr.on('data', (chunk: Buffer) => stderr.push(sudo ? sudo.stderr(chunk) : chunk));
      channel.on('exit', (code: number | null, signal?: string) => (exitCode = exitCodeOf(code, signal)));
      channel.on('close', () => {
        onChannel(false);
        try {
          const sudoStderr = sudo && request.sudo ? sudo.finish(request.sudo.host, request.sudo.user) : '';
          resolve({
            stdout: Buffer.concat(stdout).toString('utf8'),
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
