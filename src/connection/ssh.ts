/**
 * SSH connections through node-ssh (over ssh2): one per host, opened once
 * per run and shared by every task, with host keys checked against
 * known_hosts files and exec channels capped below the server's MaxSessions.
 */
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import type { Client } from 'ssh2';
import { NodeSSH } from 'node-ssh';
import type { Connection, ExecOptions, ExecResult } from './connection.js';
import { knownHostsName, parseKnownHosts, verifyHostKey, type KnownHostEntry } from './known-hosts.js';
import { Limiter } from './limiter.js';
import { UnreachableError } from '../errors.js';

export interface SshTarget {
  hostName: string;
  address: string;
  port: number;
  user: string;
  privateKeyFile?: string;
  password?: string;
  /** known_hosts files to check the host key against, in order. */
  knownHostsFiles: string[];
  /** Skip host key checking (ansible_host_key_checking: false). */
  hostKeyChecking: boolean;
  connectTimeoutMs: number;
  /**
   * Exec channels open at once. OpenSSH allows 10 sessions per connection by
   * default (MaxSessions); staying under it leaves room for the server's own.
   */
  maxChannels: number;
}

/** Reads the key type from an SSH wire-format public key blob. */
function keyTypeOf(blob: Buffer): string {
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('ascii');
}

async function loadKnownHosts(files: string[]): Promise<KnownHostEntry[]> {
  const entries: KnownHostEntry[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    entries.push(...parseKnownHosts(text, file));
  }
  return entries;
}

/** Opens a TCP socket with Nagle's algorithm off: ssh2 leaves it on, and
 * every exec then waits on a delayed ACK (about 40 ms a command). */
function openSocket(address: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to ${address}:${port} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export class SshConnection implements Connection {
  private readonly limiter: Limiter;
  private closed = false;

  private constructor(
    private readonly ssh: NodeSSH,
    readonly target: SshTarget,
  ) {
    this.limiter = new Limiter(target.maxChannels);
  }

  get hostName(): string {
    return this.target.hostName;
  }

  static async open(target: SshTarget): Promise<SshConnection> {
    const entries = target.hostKeyChecking ? await loadKnownHosts(target.knownHostsFiles) : [];
    const lookupName = knownHostsName(target.address, target.port);
    let keyProblem: string | undefined;

    const hostVerifier = (blob: Buffer): boolean => {
      if (!target.hostKeyChecking) return true;
      const verdict = verifyHostKey(entries, lookupName, keyTypeOf(blob), blob.toString('base64'));
      if (verdict.kind === 'match') return true;
      keyProblem = describeKeyProblem(verdict, lookupName, keyTypeOf(blob), target.knownHostsFiles);
      return false;
    };

    const ssh = new NodeSSH();
    try {
      const sock = await openSocket(target.address, target.port, target.connectTimeoutMs);
      const privateKey = target.privateKeyFile ? await readFile(target.privateKeyFile, 'utf8') : undefined;
      await ssh.connect({
        sock,
        host: target.address,
        port: target.port,
        username: target.user,
        privateKey,
        password: target.password,
        readyTimeout: target.connectTimeoutMs,
        hostVerifier,
      });
    } catch (error) {
      ssh.dispose();
      const detail = keyProblem ?? (error as Error).message;
      throw new UnreachableError(target.hostName, `${target.user}@${target.address}:${target.port}: ${detail}`);
    }
    const connection = new SshConnection(ssh, target);
    ssh.connection?.on('close', () => (connection.closed = true));
    return connection;
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return this.limiter.run(() => this.execNow(command, options));
  }

  private async execNow(command: string, options: ExecOptions): Promise<ExecResult> {
    const client = this.ssh.connection;
    if (this.closed || !client) throw new UnreachableError(this.hostName, 'the SSH connection was closed');
    return withTimeout(execOnChannel(client, command, options.stdin), options.timeoutMs, command);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.ssh.dispose();
  }
}

/**
 * Runs one command on its own exec channel, keeping stdout and stderr byte
 * for byte (node-ssh's execCommand trims them, which loses a file's final
 * newline) and writing stdin as text or bytes.
 */
function execOnChannel(client: Client, command: string, stdin: string | Buffer | undefined): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) return reject(new Error(`cannot open an exec channel: ${error.message}`));
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let exitCode = 255;
      channel.on('data', (chunk: Buffer) => stdout.push(chunk));
      channel.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      channel.on('exit', (code: number | null, signal?: string) => {
        exitCode = code ?? (signal ? 128 + (os.constants.signals[signal as NodeJS.Signals] ?? 0) : 255);
      });
      channel.on('close', () =>
        resolve({
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
          exitCode,
        }),
      );
      channel.end(stdin ?? '');
    });
  });
}

function describeKeyProblem(
  verdict: ReturnType<typeof verifyHostKey>,
  name: string,
  keyType: string,
  files: string[],
): string {
  if (verdict.kind === 'changed') {
    return (
      `host key for ${name} has CHANGED (${keyType}); ${verdict.entry.file}:${verdict.entry.line} ` +
      'records another key. Someone may be intercepting the connection, or the host was reinstalled: ' +
      'check with its administrator, then remove that line'
    );
  }
  if (verdict.kind === 'revoked') {
    return `host key for ${name} is marked @revoked in ${verdict.entry.file}:${verdict.entry.line}`;
  }
  const where = files.length > 0 ? files.join(', ') : 'no known_hosts file';
  return `host key for ${name} (${keyType}) is not in ${where}; add it with ssh-keyscan or set ansible_host_key_checking: false`;
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
