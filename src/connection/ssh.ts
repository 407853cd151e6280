/**
 * SSH connections over ssh2: one per host, opened once per run and shared
 * by every task, through jump hosts when the target has some, with host
 * keys checked against known_hosts files and exec channels kept under the
 * server's MaxSessions. A command that times out, is aborted, or still runs
 * when the connection closes is stopped on the host (stop-script.ts).
 */
import type { Client } from 'ssh2';
import { UnreachableError } from '../errors.js';
import { ChannelOpenError, execOnChannel, type ChannelCommand } from './channel-exec.js';
import { STOP_DEADLINE_MS, timeoutSignal } from './command-stop.js';
import type { Connection, ExecOptions, ExecResult, HostSockets } from './connection.js';
import { Limiter } from './limiter.js';
import { PrivateKeyError } from './private-keys.js';
import { openChain } from './ssh-chain.js';
import { HandshakeError } from './ssh-handshake.js';
import type { SshTarget } from './ssh-target.js';
import { stopScript } from './stop-script.js';
import { sshSocketOpener } from './unix-sockets.js';

export type { SshEndpoint, SshTarget } from './ssh-target.js';

/** Retries of one exec whose channel the server rejected, after lowering the limit. */
const CHANNEL_RETRIES = 20;
const CHANNEL_RETRY_DELAY_MS = 25;
/** Delay between tries to open the channel of a stop script while the server has none free. */
const STOP_RETRY_DELAY_MS = 100;

export class SshConnection implements Connection {
  private readonly limiter: Limiter;
  private closed = false;
  /** Exec channels the server opened that have not closed yet. */
  private openChannels = 0;
  /** Maximum number of channels the server has had open at once: it allowed that many. */
  private peakOpenChannels = 0;
  /** Channels requested whose open reply has not arrived yet. */
  private pendingOpens = 0;
  /** Aborted by close(): every command still running is stopped. */
  private readonly closing = new AbortController();
  /** Execs that have not settled yet, which close() waits for. */
  private readonly running = new Set<Promise<unknown>>();

  private socketOpener: HostSockets | undefined;

  /** Opens the host's unix sockets through the final hop; one opener per connection. */
  get sockets(): HostSockets {
    this.socketOpener ??= sshSocketOpener(this.client);
    return this.socketOpener;
  }

  private constructor(
    private readonly client: Client,
    private readonly hops: Client[],
    readonly target: SshTarget,
  ) {
    this.limiter = new Limiter(target.maxChannels);
    const onClose = () => (this.closed = true);
    client.on('close', onClose);
    for (const hop of hops) hop.on('close', onClose);
  }

  get hostName(): string {
    return this.target.hostName;
  }

  /** Exec channels allowed at once now: maxChannels, or less once the server rejected one. */
  get channelLimit(): number {
    return this.limiter.limit;
  }

  static async open(target: SshTarget): Promise<SshConnection> {
    try {
      const { client, hops } = await openChain(target);
      return new SshConnection(client, hops, target);
    } catch (error) {
      if (error instanceof HandshakeError || error instanceof PrivateKeyError) {
        throw new UnreachableError(target.hostName, error.message);
      }
      throw error;
    }
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const work = this.execWithRetries(command, options);
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  private async execWithRetries(command: string, options: ExecOptions): Promise<ExecResult> {
    const request = this.channelCommand(command, options);
    for (let attempt = 0; ; attempt++) {
      let limitAtStart = this.limiter.limit;
      try {
        return await this.limiter.run(() => {
          limitAtStart = this.limiter.limit;
          return this.execNow(request, options);
        });
      } catch (error) {
        if (!(error instanceof ChannelOpenError) || attempt >= CHANNEL_RETRIES) throw error;
        // A channel requested under a higher limit shows nothing about the lower one.
        if (limitAtStart <= this.limiter.limit) {
          // Channels requested at the same time may still open, so wait for their replies first.
          await waitUntil(() => this.pendingOpens === 0, 1_000);
          this.limiter.lowerTo(this.channelEstimate());
        }
        await new Promise((resolve) => setTimeout(resolve, CHANNEL_RETRY_DELAY_MS * (attempt + 1)));
      }
    }
  }

  /**
   * Estimates how many channels the server allows after it rejected one: the
   * most it ever had open at once (at least 1). A rejection at that number is
   * a race with a channel the server has not freed yet, which the retry's
   * delay covers.
   */
  private channelEstimate(): number {
    return Math.max(1, this.peakOpenChannels);
  }

  private channelCommand(command: string, options: ExecOptions): ChannelCommand {
    if (!options.become) return { command, stdin: options.stdin };
    const become = { user: options.become.user, password: this.target.becomePassword, host: this.hostName };
    return { command, stdin: options.stdin, become };
  }

  private async execNow(request: ChannelCommand, options: ExecOptions): Promise<ExecResult> {
    if (this.closed) throw new UnreachableError(this.hostName, 'the SSH connection was closed');
    const timeout = options.timeoutMs ? timeoutSignal(options.timeoutMs, request.command) : undefined;
    const signals = [this.closing.signal, options.signal, timeout?.signal].filter((s): s is AbortSignal => s !== undefined);
    const stop = (pid: number) => this.stopRemote(pid, request.become);
    let opened = false;
    const onChannel = (open: boolean) => {
      if (open && !opened) this.pendingOpens--;
      opened = true;
      this.openChannels += open ? 1 : -1;
      this.peakOpenChannels = Math.max(this.peakOpenChannels, this.openChannels);
    };
    this.pendingOpens++;
    try {
      const result = await execOnChannel(this.client, request, { onChannel, signal: AbortSignal.any(signals), stop });
      if (this.closed && result.exitCode === 255) throw this.droppedError();
      return result;
    } catch (error) {
      // A channel that fails because the connection went away is a host
      // that became unreachable, not a command that failed.
      if (this.closed && !(error instanceof UnreachableError)) throw this.droppedError();
      throw error;
    } finally {
      timeout?.clear();
      if (!opened) this.pendingOpens--;
    }
  }

  /**
   * Runs the stop script for a command's shell pid on a channel of its own,
   * as the same sudo user, so that it may signal the command's processes.
   * It skips the channel limiter: the command it stops holds a slot that
   * frees only once it has ended. While the server has no channel free, it
   * tries again until the stop deadline.
   */
  private async stopRemote(pid: number, become: ChannelCommand['become']): Promise<void> {
    const request: ChannelCommand = { command: stopScript([pid]), become };
    const deadline = Date.now() + STOP_DEADLINE_MS;
    for (;;) {
      try {
        const result = await execOnChannel(this.client, request);
        if (result.exitCode !== 0) throw new Error(`${this.hostName}: stopping process ${pid} failed with exit code ${result.exitCode}: ${result.stderr.trim()}`);
        return;
      } catch (error) {
        if (!(error instanceof ChannelOpenError) || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, STOP_RETRY_DELAY_MS));
      }
    }
  }

  private droppedError(): UnreachableError {
    return new UnreachableError(this.hostName, 'the SSH connection dropped while a command was running');
  }

  /** Stops the commands still running (each within STOP_DEADLINE_MS), then closes the connection. */
  async close(): Promise<void> {
    if (!this.closed && this.running.size > 0) {
      this.closing.abort(new UnreachableError(this.hostName, 'the connection was closed while a command was running, so the command was stopped'));
      await Promise.allSettled([...this.running]);
    }
    this.closed = true;
    this.client.end();
    for (const hop of [...this.hops].reverse()) hop.end();
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}
