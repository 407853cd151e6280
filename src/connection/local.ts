/**
 * Runs commands on the controller itself (`connection: local`), through
 * /bin/sh as SSH would run them through the login shell, and through sudo
 * for `become` as SSH connections do. Each command starts in a session of
 * its own, so that stopping it (a timeout, an abort, close()) ends all its
 * processes and nothing of skprun's own process group.
 */
import { spawn } from 'node:child_process';
import { SudoDriver, sudoCommand } from './become.js';
import { abortReason, CommandStop, timeoutSignal } from './command-stop.js';
import type { Connection, ExecOptions, ExecResult } from './connection.js';
import { localSocketOpener } from './unix-sockets.js';
import { markCommand, PidReader } from './process-marker.js';
import { stopScript } from './stop-script.js';

export interface LocalOptions {
  /** sudo password for `become` (ansible_become_password, -K). */
  becomePassword?: string;
}

export class LocalConnection implements Connection {
  /** Aborted by close(): every command still running is stopped. */
  private closing = new AbortController();
  private readonly running = new Set<Promise<unknown>>();
  readonly sockets = localSocketOpener;

  constructor(
    readonly hostName: string,
    private readonly options: LocalOptions = {},
  ) {}

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const work = this.run(command, options);
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  private async run(command: string, options: ExecOptions): Promise<ExecResult> {
    const timeout = options.timeoutMs ? timeoutSignal(options.timeoutMs, command) : undefined;
    const signals = [this.closing.signal, options.signal, timeout?.signal].filter((s): s is AbortSignal => s !== undefined);
    try {
      return await this.spawnCommand(command, options, AbortSignal.any(signals));
    } finally {
      timeout?.clear();
    }
  }

  private spawnCommand(command: string, options: ExecOptions, signal: AbortSignal): Promise<ExecResult> {
    const password = this.options.becomePassword;
    const become = options.become;
    const marked = markCommand(command);
    const plan = become ? sudoCommand(marked.command, become.user, password !== undefined) : undefined;

    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(abortReason(signal));
      const child = spawn('/bin/sh', ['-c', plan ? plan.command : marked.command], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      const forceEnd = () => killGroup(child.pid);
      const stop = new CommandStop(signal, (pid) => this.stopProcesses(pid, options), forceEnd, reject);
      const sudo = plan && new SudoDriver(plan, password, options.stdin, child.stdin);
      const pid = new PidReader(marked.marker, (started) => stop.started(started));
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(pid.stdout(sudo ? sudo.stdout(chunk) : chunk)));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(sudo ? sudo.stderr(chunk) : chunk));
      child.on('error', (error) => {
        stop.finish();
        reject(error);
      });
      child.on('close', (code, signalName) => {
        const stopped = stop.finish();
        if (stopped) return reject(stopped);
        try {
          const sudoStderr = sudo && become ? sudo.finish(this.hostName, become.user) : '';
          resolve({
            stdout: Buffer.concat([...stdout, pid.finish()]).toString('utf8'),
            stderr: sudoStderr + Buffer.concat(stderr).toString('utf8'),
            exitCode: code ?? (signalName ? 128 + 9 : 255),
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

  /**
   * Runs the stop script as the command's user, so that it may signal the
   * command's processes. No signal can abort it, close()'s included.
   */
  private async stopProcesses(pid: number, options: ExecOptions): Promise<void> {
    const become = options.become ? { become: options.become } : {};
    const result = await this.spawnCommand(stopScript([pid]), become, new AbortController().signal);
    if (result.exitCode !== 0) throw new Error(`${this.hostName}: stopping process ${pid} failed with exit code ${result.exitCode}: ${result.stderr.trim()}`);
  }

  /**
   * Stops the commands still running (each within STOP_DEADLINE_MS). The
   * connection stays usable: a later exec starts a new command.
   */
  async close(): Promise<void> {
    if (this.running.size === 0) return;
    this.closing.abort(new Error(`${this.hostName}: the connection was closed while a command was running, so the command was stopped`));
    await Promise.allSettled([...this.running]);
    this.closing = new AbortController();
  }
}

/** Ends a command's whole session from here: its shell leads the process group. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group has ended already.
  }
}
