/**
 * Opens one logged-in ssh2 client: TCP (or a channel through a jump host),
 * host key check, login, keepalives. Errors name the server and what failed.
 */
import net from 'node:net';
import type { Duplex } from 'node:stream';
import ssh2, { type Client, type ConnectConfig } from 'ssh2';
import { prepareHostKeyCheck } from './host-key-check.js';
import { authMethods, describeMethods, type AuthMethod } from './ssh-auth.js';
import { describeEndpoint, type SshEndpoint } from './ssh-target.js';

/** A failure to reach or log in to one server; the message names the server and the cause. */
export class HandshakeError extends Error {}

/**
 * Opens a TCP socket with Nagle's algorithm off: ssh2 leaves it on, and
 * every exec then waits on a delayed ACK (about 40 ms a command).
 */
export function openSocket(address: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new HandshakeError(`connect to ${address}:${port} timed out after ${timeoutMs / 1000} s`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new HandshakeError(`connect to ${address}:${port} failed: ${error.message}`));
    });
  });
}

/** Logs in to `endpoint` over `sock`: a socket, or a channel of a jump host. */
export async function handshake(endpoint: SshEndpoint, sock: net.Socket | Duplex): Promise<Client> {
  let hostKeys: Awaited<ReturnType<typeof prepareHostKeyCheck>>;
  let methods: AuthMethod[];
  try {
    hostKeys = await prepareHostKeyCheck(endpoint);
    methods = await authMethods(endpoint);
  } catch (error) {
    // An open socket would keep the process alive until the server's LoginGraceTime.
    sock.destroy();
    throw error;
  }
  const client = new ssh2.Client();
  const config: ConnectConfig = {
    sock: sock as ConnectConfig['sock'],
    username: endpoint.user,
    readyTimeout: endpoint.connectTimeoutMs,
    hostVerifier: hostKeys.verify as ConnectConfig['hostVerifier'],
    algorithms: { serverHostKey: hostKeys.algorithms as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] },
    authHandler: methods as unknown as ConnectConfig['authHandler'],
    keepaliveInterval: endpoint.keepaliveIntervalMs ?? 0,
    keepaliveCountMax: endpoint.keepaliveCountMax ?? 3,
  };

  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      client.removeAllListeners('ready');
      // ssh2 may emit another error as the socket closes ("Connection lost before handshake").
      client.on('error', () => undefined);
      client.end();
      sock.destroy();
      reject(new HandshakeError(`${describeEndpoint(endpoint)}: ${explainFailure(error, hostKeys.problem(), methods)}`));
    };
    client.once('error', fail);
    client.once('close', () => fail(new Error('the server closed the connection during the handshake')));
    client.once('ready', () => {
      client.removeListener('error', fail);
      client.removeAllListeners('close');
      // Errors after login (a keepalive timeout, a reset) surface as a closed connection.
      client.on('error', () => undefined);
      resolve(client);
    });
    client.connect(config);
  });
}

function explainFailure(error: Error, keyProblem: string | undefined, methods: AuthMethod[]): string {
  if (keyProblem) return keyProblem;
  const level = (error as Error & { level?: string }).level;
  if (level === 'client-authentication') {
    return `login failed: the server accepted none of ${describeMethods(methods)}`;
  }
  if (/Timed out while waiting for handshake/.test(error.message)) {
    return 'the SSH handshake timed out (is an SSH server listening there?)';
  }
  return error.message;
}
