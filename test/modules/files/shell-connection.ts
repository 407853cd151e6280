/**
 * A connection that runs commands with /bin/sh on this machine, for module
 * tests that work in temp folders only.
 * NOTE: LocalConnection raises an uncaught EPIPE when a command exits
 * before reading its stdin, so the tests use this one until that is fixed.
 */
import { spawn } from 'node:child_process';
import type { Connection, ExecOptions, ExecResult } from '../../../src/connection/connection.js';
import type { ModuleContext } from '../../../src/modules/module.js';

export class ShellConnection implements Connection {
  readonly hostName = 'local';
  readonly commands: string[] = [];

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    this.commands.push(command);
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', command]);
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.stdin.on('error', () => {});
      child.on('error', reject);
      child.on('close', (code) =>
        resolve({
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
          exitCode: code ?? 255,
        }),
      );
      child.stdin.end(options.stdin ?? '');
    });
  }

  async close(): Promise<void> {}
}

export function shellContext(conn: Connection, flags = { check: false, diff: false }): ModuleContext {
  return { conn, flags, hostName: conn.hostName, vars: {} };
}
