/**
 * A host's Docker engine: the dockerd of Debian's docker.io, started inside
 * the host's namespaces so that its data (/var/lib/docker), exec root and
 * socket (/run/docker.sock) are the host's own, and a containerd that dockerd
 * starts and supervises under /run/docker/containerd.
 */
import { readFile } from 'node:fs/promises';
import {
  dockerInfo,
  listContainerIds,
  pingDocker,
  pruneNetworks,
  removeContainer,
} from './docker-api.js';
import { LabError } from './lab-error.js';
import { enterHost } from './namespace.js';
import { poolNetworkSize, type HostPlan } from './plan.js';
import {
  isRunning,
  spawnDaemon,
  stopProcesses,
  waitUntil,
  type ProcessRecord,
} from './processes.js';
import { runCommand, tail } from './run.js';

/** Commands that make the bridge of the engine's default network. */
export function bridgeCommands(host: HostPlan): string[][] {
  const { name, address } = host.bridge;
  return [
    ['ip', 'link', 'add', name, 'type', 'bridge'],
    ['ip', 'addr', 'add', address, 'dev', name],
    ['ip', 'link', 'set', name, 'up'],
  ];
}

/**
 * dockerd's command line. Choices that differ from a stock engine:
 * - vfs storage: plain copies of each layer, slow for big images but
 *   working on whatever file system contains the state folder;
 * - no iptables and no IP forwarding: the engines share this machine's
 *   network namespace, whose firewall and forwarding setting stay as they
 *   are, and containers reach only their own networks and this machine's
 *   addresses on them. Published ports still work,
 *   through docker-proxy, and bind to the host's own address (--ip). The
 *   warning "IPv4 forwarding is disabled" of `docker run` comes from this;
 * - its own bridge and address pool, so that engines side by side never
 *   pick the same subnet, and its own cgroup parent, so that `labDown` can
 *   remove what the engine leaves in /sys/fs/cgroup.
 * There is no --insecure-registry: dockerd treats 127.0.0.0/8 as insecure
 * by default (docker info shows it in docker.io 20.10), so the hosts'
 * registries on 127.x.y.z:5000 are reached over plain HTTP.
 */
export function dockerdArgs(host: HostPlan): string[] {
  const { bridge } = host;
  // prettier-ignore
  return [
    'dockerd',
    '--data-root', '/var/lib/docker',
    '--exec-root', '/run/docker',
    '--pidfile', '/run/docker.pid',
    '--host', 'unix:///run/docker.sock',
    '--storage-driver', 'vfs',
    '--iptables=false',
    '--ip6tables=false',
    '--ip-forward=false',
    '--bridge', bridge.name,
    '--ip', host.address,
    '--default-address-pool', `base=${bridge.pool},size=${poolNetworkSize}`,
    '--cgroup-parent', bridge.cgroupParent,
    // Containers get no outside name server either (Docker's default is 8.8.8.8).
    '--dns', '127.0.0.1',
  ];
}

export async function createBridge(host: HostPlan): Promise<void> {
  for (const command of bridgeCommands(host)) {
    await runCommand(command, `${host.name}: make bridge ${host.bridge.name}`);
  }
}

/**
 * The lab must reach no address outside this machine, yet a task that
 * names an image the host lacks makes dockerd pull it from Docker Hub.
 * With a proxy on a loopback port where nothing listens (and the lab's
 * resolv.conf, which names no outside server), such a pull fails at once.
 * The lab's own registries, on loopback and lab bridge addresses, are
 * reached directly.
 */
export const DOCKERD_ENVIRONMENT: Record<string, string> = {
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  NO_PROXY: '127.0.0.0/8,10.0.0.0/8,localhost',
};

export function startDockerd(host: HostPlan, holderPid: number): ProcessRecord {
  return spawnDaemon([...enterHost(holderPid), ...dockerdArgs(host)], {
    logFile: host.paths.dockerdLog,
    cwd: host.paths.dir,
    env: DOCKERD_ENVIRONMENT,
  });
}

/** Waits until the engine responds to /_ping and /info, or fails with the end of its log. */
export async function waitForDockerd(
  host: HostPlan,
  dockerd: ProcessRecord,
  timeoutMs = 60_000,
): Promise<void> {
  const socket = host.paths.dockerSocket;
  let exited = false;
  const answers = async () => {
    exited = !isRunning(dockerd);
    return exited || (await pingDocker(socket));
  };
  if ((await waitUntil(answers, timeoutMs, 50)) && !exited) {
    await dockerInfo(socket, `${host.name}: docker info`);
    return;
  }
  const log = await readFile(host.paths.dockerdLog, 'utf8').catch(() => '');
  const reason = exited
    ? 'dockerd exited'
    : `dockerd did not answer on ${socket} within ${timeoutMs / 1000} s`;
  throw new LabError(`${host.name}: ${reason}: ${tail(log) || 'no log output'}`);
}

/**
 * Removes every container (which stops their docker-proxy processes) and
 * every user-defined network (which removes their bridges), then stops
 * dockerd, which stops its containerd. Returns the number of containers.
 */
export async function stopDockerEngine(
  name: string,
  socket: string,
  dockerd: ProcessRecord | undefined,
): Promise<number> {
  let removed = 0;
  if (isRunning(dockerd) && (await pingDocker(socket))) {
    const action = `${name}: remove containers`;
    const ids = await listContainerIds(socket, action);
    await Promise.all(ids.map((id) => removeContainer(socket, action, id)));
    await pruneNetworks(socket, `${name}: remove networks`);
    removed = ids.length;
  }
  if (dockerd) await stopProcesses([dockerd], 20_000);
  return removed;
}
