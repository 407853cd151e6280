/**
 * Settings of an SSH connection to one host, fully resolved: the
 * inventory, the command line and ~/.ssh/config have all been read by the
 * time a target reaches the connection (see engine/connection-options.ts).
 */

/** One SSH server to log in to: the target itself or a jump host on the way. */
export interface SshEndpoint {
  /** Name for messages: the inventory name, or the jump host as written. */
  hostName: string;
  /** Address or DNS name to connect to; a jump host resolves the next hop's. */
  address: string;
  port: number;
  user: string;
  /** The key given by the inventory or the command line; tried first. */
  privateKeyFile?: string;
  /** Further keys to try, in order (IdentityFile lines of ~/.ssh/config). */
  identityFiles?: string[];
  /**
   * Uses only the keys named above: no agent keys and no default
   * ~/.ssh/id_* files (OpenSSH's IdentitiesOnly).
   */
  identitiesOnly?: boolean;
  /** Login password (ansible_password, -k): tried after the keys. */
  password?: string;
  /** Passphrase of encrypted key files, when not asked for on the terminal. */
  privateKeyPassphrase?: string;
  /**
   * ssh-agent socket. Undefined uses SSH_AUTH_SOCK; null uses no agent
   * (IdentityAgent none).
   */
  agentSocket?: string | null;
  /** known_hosts files to check the host key against, in order. */
  knownHostsFiles: string[];
  /** Skip host key checking (ansible_host_key_checking: false). */
  hostKeyChecking: boolean;
  /**
   * Records the key of a host that no known_hosts file lists, as OpenSSH's
   * StrictHostKeyChecking=accept-new does. A changed key is still rejected.
   */
  acceptNewHostKeys?: boolean;
  /** File that accepted keys are appended to; default knownHostsFiles[0]. */
  knownHostsRecordFile?: string;
  /** Writes accepted keys with hashed host names (HashKnownHosts yes). */
  hashKnownHosts?: boolean;
  connectTimeoutMs: number;
  /** Sends a keepalive after this long without data (ServerAliveInterval); 0 for none. */
  keepaliveIntervalMs?: number;
  /** Keepalives left unanswered before the connection counts as dead (ServerAliveCountMax). */
  keepaliveCountMax?: number;
}

export interface SshTarget extends SshEndpoint {
  /**
   * Exec channels open at once. OpenSSH allows 10 sessions per connection by
   * default (MaxSessions); staying under it leaves room for the server's own.
   * The connection lowers it when the server rejects a channel.
   */
  maxChannels: number;
  /** Jump hosts to go through, first hop first (ProxyJump). */
  jumpHosts?: SshEndpoint[];
  /** sudo password for `become` (ansible_become_password, -K). */
  becomePassword?: string;
}

/** `user@address:port`, for messages. */
export function describeEndpoint(endpoint: SshEndpoint): string {
  return `${endpoint.user}@${endpoint.address}:${endpoint.port}`;
}
