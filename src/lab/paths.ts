/**
 * The layout of the lab's files inside the state folder. Every path is
 * absolute and the same on this machine and inside each host, because the
 * hosts see this machine's file tree apart from the folders they mount, and
 * a host that covers a folder containing the state folder mounts the state
 * folder back at its path (private-folders.ts).
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';

export interface LabPaths {
  /** JSON record of what the lab made: processes, namespaces, interfaces, cgroups. */
  stateFile: string;
  privateKeyFile: string;
  publicKeyFile: string;
  knownHostsFile: string;
  inventoryFile: string;
  sharedDir: string;
}

export interface HostPaths {
  /** The lab's state folder, which contains `dir`. */
  stateDir: string;
  dir: string;
  hostKey: string;
  sshdConfig: string;
  sshdLog: string;
  /** Output of the namespace holder process. */
  holderLog: string;
  dockerdLog: string;
  /** Upper and work folders of the overlay mounted on the host's /etc. */
  etcUpper: string;
  etcWork: string;
  /** Mounted on the host's /run (and so /var/run). */
  run: string;
  /** Mounted on the host's /var/lib/nfs. */
  nfs: string;
  /** Mounted on the host's /var/lib/docker. */
  docker: string;
  /** Home folder of root on the host, also mounted on its /root. */
  home: string;
  /** Mounted on the host's /home; the lab users' homes are in it. */
  homes: string;
  /** Mounted on the host's /srv. */
  srv: string;
  /** Mounted on the host's /opt. */
  opt: string;
  /** Mounted on the host's /tmp, unless the state folder is under /tmp. */
  tmp: string;
  /** The host's Docker socket, /run/docker.sock inside the host. */
  dockerSocket: string;
}

/**
 * Resolves symlinks in a state folder path, as far as the path exists.
 * `labDown` matches processes by their working folder, which the kernel
 * reports without symlinks.
 */
export async function resolveStateDir(dir: string): Promise<string> {
  const absolute = path.resolve(dir);
  const parent = path.dirname(absolute);
  try {
    return await realpath(absolute);
  } catch {
    if (parent === absolute) return absolute;
    return path.join(await resolveStateDir(parent), path.basename(absolute));
  }
}

export function labPaths(stateDir: string): LabPaths {
  return {
    stateFile: path.join(stateDir, 'lab-state.json'),
    privateKeyFile: path.join(stateDir, 'id_ed25519'),
    publicKeyFile: path.join(stateDir, 'id_ed25519.pub'),
    knownHostsFile: path.join(stateDir, 'known_hosts'),
    inventoryFile: path.join(stateDir, 'inventory.yml'),
    sharedDir: path.join(stateDir, 'shared'),
  };
}

export function hostPaths(stateDir: string, name: string): HostPaths {
  const dir = path.join(stateDir, 'hosts', name);
  const run = path.join(dir, 'run');
  return {
    stateDir,
    dir,
    hostKey: path.join(dir, 'ssh_host_ed25519_key'),
    sshdConfig: path.join(dir, 'sshd_config'),
    sshdLog: path.join(dir, 'sshd.log'),
    holderLog: path.join(dir, 'holder.log'),
    dockerdLog: path.join(dir, 'dockerd.log'),
    etcUpper: path.join(dir, 'etc', 'upper'),
    etcWork: path.join(dir, 'etc', 'work'),
    run,
    nfs: path.join(dir, 'var-lib-nfs'),
    docker: path.join(dir, 'var-lib-docker'),
    home: path.join(dir, 'root'),
    homes: path.join(dir, 'home'),
    srv: path.join(dir, 'srv'),
    opt: path.join(dir, 'opt'),
    tmp: path.join(dir, 'tmp'),
    dockerSocket: path.join(run, 'docker.sock'),
  };
}
