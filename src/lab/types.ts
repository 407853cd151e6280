import type { LabUser } from './lab-users.js';

export type { LabUser } from './lab-users.js';

/**
 * The lab's public shapes: what `labUp` is asked for and what it returns.
 */

export interface LabUpOptions {
  /**
   * Folder that contains everything the lab makes (keys, configs, logs, host
   * folders, the shared folder). `labDown` deletes it, so it must be the
   * lab's own: an empty or missing folder, or one a lab made before.
   */
  stateDir: string;
  /** Number of hosts, named c01, c02, ... (1 to 99). */
  hosts: number;
  /** Starts a Docker engine on every host. */
  docker: boolean;
  /** Clock offset in seconds per host name, e.g. `{ c02: 600 }`. */
  skew: Record<string, number>;
  /**
   * First three octets of the host addresses, inside 127.0.0.0/8. Host i
   * gets `${addressPrefix}.${50 + i}`, so c01 is 127.0.0.51 by default.
   */
  addressPrefix: string;
  /**
   * Folder for the built image tarballs, kept across labs so that a lab
   * starts without rebuilding them. Default: `lab-image-cache` beside
   * stateDir. `labDown` leaves it in place.
   */
  imageCacheDir?: string;
  /** Receives one progress line at a time, e.g. `c01: sshd up on 127.0.0.51:22`. */
  log?: (line: string) => void;
  /** Login users besides root on every host, for trying `become`. */
  users?: LabUser[];
  /** Lets users log in with their password (sshd PasswordAuthentication yes). */
  passwordLogin?: boolean;
  /** OpenSSH MaxSessions per host name, e.g. `{ c02: 2 }`; the default is OpenSSH's 10. */
  maxSessions?: Record<string, number>;
  /**
   * Hosts reachable only through another lab host, far host to jump host,
   * e.g. `{ c02: 'c01' }`. Both get network namespaces of their own (see
   * lab-network.ts), so the hosts of a pair take no Docker engine.
   */
  behind?: Record<string, string>;
}

export const labDefaults = {
  hosts: 3,
  docker: false,
  addressPrefix: '127.0.0',
} as const;

export interface LabHost {
  /** Inventory name and hostname: c01, c02, ... */
  name: string;
  /** Loopback address that the host's sshd (and its published ports) bind to. */
  address: string;
  /** SSH port: always 22. */
  port: number;
  /** The host's Docker engine socket as seen from this machine, with `docker: true`. */
  dockerSocket?: string;
  /** Clock offset that the host's SSH sessions see, in seconds (0 for none). */
  skewSeconds: number;
  /** The lab host that is the only way to this one (LabUpOptions.behind). */
  jumpHost?: string;
}

export interface LabState {
  stateDir: string;
  hosts: LabHost[];
  /** Ansible YAML inventory of the hosts, with the key and known_hosts to use. */
  inventoryFile: string;
  /** Private key (ed25519) that logs in as root on every host. */
  privateKeyFile: string;
  /** OpenSSH known_hosts file with every host's key. */
  knownHostsFile: string;
  /**
   * Folder seen at the same absolute path on every host, which is what an
   * NFS share gives a real cluster. It is a plain folder of this machine,
   * not NFS: the lab's kernel has neither an NFS server nor an NFS client,
   * so an `nfs` volume cannot be mounted on the lab hosts.
   */
  sharedDir: string;
  docker: boolean;
}

/**
 * `starting` from the start of `labUp` until it has written the inventory
 * and known_hosts, then `up`.
 */
export type LabPhase = 'starting' | 'up';

export interface LabStatus {
  /** The lab recorded in stateDir, or undefined when there is none. */
  state: LabState | undefined;
  /**
   * The recorded lab's phase. A lab `starting` whose `labUp` no longer runs
   * (`labUpRunning` false) was left half made, for example by a killed
   * `lab up`: its inventory or known_hosts may be missing, and only
   * `lab down` clears it.
   */
  phase?: LabPhase;
  /** With phase `starting`: whether the process running `labUp` still runs. */
  labUpRunning?: boolean;
  /** Per host, whether its sshd (and its Docker engine) still run. */
  running: Record<string, { sshd: boolean; docker?: boolean }>;
}
