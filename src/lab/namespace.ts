/**
 * A host's own mount and UTS namespaces. The network namespace stays the
 * machine's, so the host's loopback address and the ports its containers
 * publish are reachable from here. A `sleep infinity` holder keeps the
 * namespaces alive; sshd and dockerd enter them with nsenter.
 */
import { readFile } from 'node:fs/promises';
import { LabError } from './lab-error.js';
import type { HostPlan } from './plan.js';
import { privateFolderCommands } from './private-folders.js';
import {
  isRunning,
  mountNamespaceOf,
  spawnDaemon,
  waitUntil,
  type ProcessRecord,
} from './processes.js';
import { runCommand, tail } from './run.js';

/**
 * Prefix that runs a command inside the namespaces held by pid, and in its
 * network namespace too for a host that has its own (see lab-network.ts).
 */
export function enterHost(pid: number, network = false): string[] {
  return ['nsenter', '--target', String(pid), '--mount', '--uts', ...(network ? ['--net'] : []), '--'];
}

/**
 * Commands that give the host its own /etc (an overlay on the machine's, so
 * that replacing a file by rename works as on a real host, where a single
 * bind-mounted file would reject it), /run, /var/lib/nfs, /var/lib/docker,
 * private folders (/root, /home, /srv, /opt and, unless the state folder is
 * under it, /tmp) and hostname. The mounts stay inside the host: its
 * namespace starts with private propagation.
 */
export function hostSetupCommands(host: HostPlan): string[][] {
  const { paths } = host;
  const overlayOptions = `lowerdir=/etc,upperdir=${paths.etcUpper},workdir=${paths.etcWork}`;
  return [
    ['mount', '-t', 'overlay', 'overlay', '-o', overlayOptions, '/etc'],
    ['mount', '--bind', paths.run, '/run'],
    ['mount', '--bind', paths.nfs, '/var/lib/nfs'],
    ['mount', '--bind', paths.docker, '/var/lib/docker'],
    ...privateFolderCommands(paths),
    ['hostname', host.name],
  ];
}

export interface HostNamespace {
  holder: ProcessRecord;
  mountNamespace: string;
}

/**
 * Starts the holder and waits until it has left this machine's namespace.
 * `onStarted` records the holder before anything can fail, so that
 * `labDown` finds it even when the setup below is cut short.
 */
export async function startHostNamespace(
  host: HostPlan,
  onStarted: (holder: ProcessRecord) => Promise<void>,
): Promise<HostNamespace> {
  const unshare = ['unshare', '--mount', '--uts', '--propagation', 'private', 'sleep', 'infinity'];
  const argv = host.netns ? ['nsenter', `--net=/run/netns/${host.netns.name}`, ...unshare] : unshare;
  const holder = spawnDaemon(argv, { logFile: host.paths.holderLog, cwd: host.paths.dir });
  await onStarted(holder);

  const machine = mountNamespaceOf('self');
  const inOwnNamespace = () => {
    const namespace = mountNamespaceOf(holder.pid);
    return namespace !== undefined && namespace !== machine;
  };
  await waitUntil(() => inOwnNamespace() || !isRunning(holder), 5_000, 5);
  if (!inOwnNamespace()) {
    const log = await readFile(host.paths.holderLog, 'utf8').catch(() => '');
    const reason = isRunning(holder) ? 'did not start a namespace within 5 s' : 'exited';
    throw new LabError(
      `${host.name}: \`${argv.join(' ')}\` ${reason}: ${tail(log) || 'no output'}`,
    );
  }
  return { holder, mountNamespace: mountNamespaceOf(holder.pid) as string };
}

export async function setUpHostNamespace(host: HostPlan, holderPid: number): Promise<void> {
  for (const command of hostSetupCommands(host)) {
    await runCommand(
      [...enterHost(holderPid), ...command],
      `${host.name}: set up the host namespace`,
    );
  }
}
