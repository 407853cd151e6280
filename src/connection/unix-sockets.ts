/**
 * Streams that a host opens: over SSH through the server's forwarding
 * (streamlocal for unix sockets, direct-tcpip for TCP; the server opens
 * them as the login user, and refuses when its configuration forbids
 * forwarding), and on the controller directly.
 */
import { connect, type NetConnectOpts } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { ForwardingRefusedError, type HostSockets } from './connection.js';

// RFC 4254, 5.1: the reasons a server gives for not opening a channel.
const ADMINISTRATIVELY_PROHIBITED = 1;
const UNKNOWN_CHANNEL_TYPE = 3;

/** Turns the server's "administratively prohibited" into a ForwardingRefusedError. */
function forwardingError(error: Error & { reason?: number }): Error {
  if (error.reason === ADMINISTRATIVELY_PROHIBITED || error.reason === UNKNOWN_CHANNEL_TYPE) {
    return new ForwardingRefusedError(`the SSH server does not forward connections: ${error.message}`);
  }
  return error;
}

export function sshSocketOpener(client: Client): HostSockets {
  return {
    openUnixSocket: (path: string) =>
      new Promise<Duplex>((resolve, reject) => {
        client.openssh_forwardOutStreamLocal(path, (error, stream) => (error ? reject(forwardingError(error)) : resolve(stream)));
      }),
    openTcp: (host: string, port: number) =>
      new Promise<Duplex>((resolve, reject) => {
        client.forwardOut('127.0.0.1', 0, host, port, (error, stream) => (error ? reject(forwardingError(error)) : resolve(stream)));
      }),
  };
}

function connectedSocket(options: NetConnectOpts): Promise<Duplex> {
  return new Promise<Duplex>((resolve, reject) => {
    const socket = connect(options);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

export const localSocketOpener: HostSockets = {
  openUnixSocket: (path: string) => connectedSocket({ path }),
  openTcp: (host: string, port: number) => connectedSocket({ host, port }),
};
