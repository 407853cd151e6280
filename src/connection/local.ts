/**
 * Runs commands on the controller itself (`connection: local`), through
 * /bin/sh as SSH would run them through the login shell, and through sudo
 * for `become` as SSH connections do.
 */
import { spawn } from 'node:child_process';
import { SudoDriver, sudoCommand } from './become.js';
import type { Connection, ExecOptions, ExecResult } from './connection.js';

export interface LocalOptions {
  /** sudo password for `become` (ansible_become_password, -K). */
  becomePassword?: string;
}

export class LocalConnection implements Connection {
  constructor(
    readonly hostName: string,
    private readonly options: LocalOptions = {},
  ) {}

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const password = this.options.becomePassword;
    const become = options.become;
    const plan = become ? sudoCommand(command, become.user, password !== undefined) : undefined;

    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', plan ? plan.command : command], { stdio: ['pipe', 'pipe', 'pipe'] });
      const sudo = plan && new SudoDriver(plan, password, options.stdin, child.stdin);
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let timer: NodeJS.Timeout | undefined;
      if (options.timeoutMs) {
        timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
      }
      child.stdout.on('data', (chunk: Buffer) => stdout.push(sudo ? sudo.stdout(chunk) : chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(sudo ? sudo.stderr(chunk) : chunk));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        try {
          const sudoStderr = sudo && become ? sudo.finish(this.hostName, become.user) : '';
          resolve({
            stdout: Buffer.concat(stdout).toString('utf8'),
            stderr: sudoStderr + Buffer.concat(stderr).toString('utf8'),
            exitCode: code ?? (signal ? 128 + 9 : 255),
          });
        } catch (error) {
          reject(error);
        }
      });
      // A command that exits without reading its input closes the pipe
      // first; that is not an error of the command.
      child.stdin.on('error', () => undefined);
      if (!sudo) child.stdin.end(options.stdin ?? '');
    });
  }

  async close(): Promise<void> {}
}
