/**
 * SSH connections over ssh2: one per host, opened once per run and shared
 * by every task, through jump hosts when the target has some, with host
 * keys checked against known_hosts files and exec channels kept under the
 * server's MaxSessions.
 */
import type { Client } from 'ssh2';
import { UnreachableError } from '../errors.js';
import { sudoCommand } from './become.js';
import { ChannelOpenError, execOnChannel, type ChannelCommand } from './channel-exec.js';
import type { Connection, ExecOptions, ExecResult } from './connection.js';
import { Limiter } from './limiter.js';
import { PrivateKeyError } from './private-keys.js';
import { openChain } from './ssh-chain.js';
import { HandshakeError } from './ssh-handshake.js';
import type { SshTarget } from './ssh-target.js';

export type { SshEndpoint, SshTarget } from './ssh-target.js';

/** Retries of one exec whose channel the server rejected, after lowering the limit. */
const CHANNEL_RETRIES = 20;
const CHANNEL_RETRY_DELAY_MS = 25;

export class SshConnection implements Connection {
  private readonly limiter: Limiter;
  private closed = false;
  /** Exec channels the server opened that have not closed yet. */
  private openChannels = 0;
  /** Maximum number of channels the server has had open at once: it allowed that many. */
  private peakOpenChannels = 0;
  /** Channels requested whose open reply has not arrived yet. */
  private pendingOpens = 0;

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

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const request = this.channelCommand(command, options);
    for (let attempt = 0; ; attempt++) {
      let limitAtStart = this.limiter.limit;
      try {
        return await this.limiter.run(() => {
          limitAtStart = this.limiter.limit;
          return this.execNow(request, options.timeoutMs);
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
    const password = this.target.becomePassword;
    const plan = sudoCommand(command, options.become.user, password !== undefined);
    return { command, stdin: options.stdin, sudo: { plan, password, host: this.hostName, user: options.become.user } };
  }

  private async execNow(request: ChannelCommand, timeoutMs: number | undefined): Promise<ExecResult> {
    if (this.closed) throw new UnreachableError(this.hostName, 'the SSH connection was closed');
    let opened = false;
    const onChannel = (open: boolean) => {
      if (open && !opened) this.pendingOpens--;
      opened = true;
      this.openChannels += open ? 1 : -1;
      this.peakOpenChannels = Math.max(this.peakOpenChannels, this.openChannels);
    };
    this.pendingOpens++;
    try {
      const result = await withTimeout(execOnChannel(this.client, request, onChannel), timeoutMs, request.command);
      if (this.closed && result.exitCode === 255) throw this.droppedError();
      return result;
    } catch (error) {
      // A channel that fails because the connection went away is a host
      // that became unreachable, not a command that failed.
      if (this.closed && !(error instanceof UnreachableError)) throw this.droppedError();
      throw error;
    } finally {
      if (!opened) this.pendingOpens--;
    }
  }

  private droppedError(): UnreachableError {
    return new UnreachableError(this.hostName, 'the SSH connection dropped while a command was running');
  }

  async close(): Promise<void> {
    this.closed = true;
    this.client.end();
    for (const hop of [...this.hops].reverse()) hop.end();
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number | undefined, command: string): Promise<T> {
  if (!timeoutMs) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`command timed out after ${timeoutMs} ms: ${command}`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
