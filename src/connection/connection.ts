import type { Duplex } from 'node:stream';
import type { BecomeRequest } from './become.js';

/**
 * What a module sees of a host: a way to run one shell command and read its
 * output. SSH and local connections both implement it, and tests of pure
 * module logic can pass a recording one.
 */

export interface ExecOptions {
  /** Bytes written to the command's standard input, then closed. */
  stdin?: string | Buffer;
  /**
   * Stops the command after this many milliseconds: its processes on the
   * host are ended and the exec rejects with a "timed out" error.
   */
  timeoutMs?: number;
  /**
   * Stops the command when this signal aborts, as timeoutMs does, and
   * rejects with the signal's reason. An exec started after the abort
   * rejects at once.
   */
  signal?: AbortSignal;
  /**
   * Runs the command as another user through sudo (become.ts), with the
   * connection's own become password if it has one. Every implementation
   * must honour it or reject the command.
   */
  become?: BecomeRequest;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** The command's exit status; 255 when the channel closed without one. */
  exitCode: number;
}

export interface Connection {
  /** The inventory name of the host this connection reaches. */
  readonly hostName: string;
  /** Runs one command line through the remote user's POSIX shell. */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Stops the commands still running, as an aborted signal does, and closes the connection. */
  close(): Promise<void>;
  /**
   * Streams that the host opens, as the login user, where the connection
   * can (SSH forwarding, or the local machine). A connection that changes
   * how commands run (become, an environment) leaves it out, since a
   * socket would bypass that change.
   */
  readonly sockets?: HostSockets;
}

/** Opens byte streams from a host: to its unix sockets, such as the Docker daemon's, and to TCP ports it can reach. */
export interface HostSockets {
  openUnixSocket(path: string): Promise<Duplex>;
  /**
   * Connects from the host to `host:port`, which the host resolves. A
   * refusal to forward at all rejects with a ForwardingRefusedError, and a
   * port that nothing listens on rejects with any other error.
   */
  openTcp(host: string, port: number): Promise<Duplex>;
}

/** The SSH server does not forward connections for this login (AllowTcpForwarding, key options). */
export class ForwardingRefusedError extends Error {}
