/**
 * Reaches a target through its jump hosts, as OpenSSH's ProxyJump does:
 * each hop is a logged-in connection, and the next one runs over a
 * direct-tcpip channel of it, so the jump host resolves and connects to the
 * next address itself.
 */
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { handshake, HandshakeError, openSocket } from './ssh-handshake.js';
import type { SshEndpoint, SshTarget } from './ssh-target.js';

export interface ClientChain {
  /** The connection to the target. */
  client: Client;
  /** The jump host connections it runs through, first hop first. */
  hops: Client[];
}

function forwardThrough(jump: Client, jumpName: string, next: SshEndpoint): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new HandshakeError(`jump host ${jumpName} did not open a channel to ${next.address}:${next.port} within ${next.connectTimeoutMs / 1000} s`));
    }, next.connectTimeoutMs);
    jump.forwardOut('127.0.0.1', 0, next.address, next.port, (error, stream) => {
      clearTimeout(timer);
      if (error) {
        reject(new HandshakeError(`jump host ${jumpName} could not connect to ${next.address}:${next.port}: ${error.message}`));
      } else {
        resolve(stream);
      }
    });
  });
}

/** Opens every hop in turn; on a failure, closes the hops already open. */
export async function openChain(target: SshTarget): Promise<ClientChain> {
  const endpoints = [...(target.jumpHosts ?? []), target];
  const open: Client[] = [];
  try {
    for (const [index, endpoint] of endpoints.entries()) {
      const previous = open[index - 1];
      const sock = previous
        ? await forwardThrough(previous, endpoints[index - 1].hostName, endpoint)
        : await openSocket(endpoint.address, endpoint.port, endpoint.connectTimeoutMs);
      open.push(await handshake(endpoint, sock));
    }
  } catch (error) {
    // Each message names the server that failed (handshake) or the jump host that could not forward.
    for (const client of [...open].reverse()) client.end();
    throw error;
  }
  const client = open.pop() as Client;
  return { client, hops: open };
}
