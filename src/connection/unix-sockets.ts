/**
 * Opening unix sockets on a host: over SSH through OpenSSH's streamlocal
 * forwarding (the server opens the socket as the login user, and refuses
 * when AllowStreamLocalForwarding is off), and on the controller directly.
 */
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import type { UnixSocketOpener } from './connection.js';

export function sshSocketOpener(client: Client): UnixSocketOpener {
  return {
    openUnixSocket: (path: string) =>
      new Promise<Duplex>((resolve, reject) => {
        client.openssh_forwardOutStreamLocal(path, (error, stream) => (error ? reject(error) : resolve(stream)));
      }),
  };
}

export const localSocketOpener: UnixSocketOpener = {
  openUnixSocket: (path: string) =>
    new Promise<Duplex>((resolve, reject) => {
      const socket = connect(path);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    }),
};
