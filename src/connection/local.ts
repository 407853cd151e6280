/**
 * Runs commands on the controller itself (`connection: local`), through
 * /bin/sh as SSH would run them through the login shell.
 */
import { spawn } from 'node:child_process';
import type { Connection, ExecOptions, ExecResult } from './connection.js';

export class LocalConnection implements Connection {
  constructor(readonly hostName: string) {}

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'] });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let timer: NodeJS.Timeout | undefined;
      if (options.timeoutMs) {
        timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
      }
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
          exitCode: code ?? (signal ? 128 + 9 : 255),
        });
      });
      // A command that exits without reading its input closes the pipe
      // first; that is not an error of the command.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin ?? '');
    });
  }

  async close(): Promise<void> {}
}
