/**
 * `labDown`: removes every process, interface, cgroup and file a lab made,
 * from its state file. It also works on a lab whose `labUp` stopped half
 * way, and does nothing when no lab is recorded.
 */
import { rm } from 'node:fs/promises';
import { stopDockerEngine } from './docker-engine.js';
import { LabError } from './lab-error.js';
import { guardLog } from './lab-log.js';
import { tearDownNetwork } from './lab-network.js';
import { deleteInterface, findBridges, removeCgroups } from './machine-cleanup.js';
import { hostMountPoints, mountsUnder, releaseMountPoint } from './mount-points.js';
import { hostPaths, labPaths, resolveStateDir } from './paths.js';
import { checkRootOnLinux } from './preflight.js';
import { findLabProcesses, isRunning, stopProcesses, type ProcessRecord } from './processes.js';
import { readLabRecord, type HostRecord } from './state-file.js';

type Log = (line: string) => void;

function unique(records: ProcessRecord[]): ProcessRecord[] {
  return [...new Map(records.map((r) => [r.pid, r])).values()];
}

async function stopEngine(host: HostRecord, log: Log, problems: string[]): Promise<void> {
  if (!host.dockerd || !host.dockerSocket) return;
  try {
    const removed = await stopDockerEngine(host.name, host.dockerSocket, host.dockerd);
    log(
      `${host.name}: docker engine stopped${removed > 0 ? `, ${removed} containers removed` : ''}`,
    );
  } catch (error) {
    // The process sweep below still stops the engine and its containers.
    problems.push((error as Error).message);
    log(`${host.name}: stopping the docker engine cleanly failed: ${(error as Error).message}`);
  }
}

/**
 * Stops every process of the host: those in its mount namespace (sshd and
 * its sessions, dockerd, containerd, shims, docker-proxy), their
 * descendants (container processes) and the recorded ones.
 */
async function stopHostProcesses(
  host: HostRecord,
  stateDir: string,
  problems: string[],
): Promise<number> {
  const namespaces = new Set(host.mountNamespace ? [host.mountNamespace] : []);
  const found = findLabProcesses(namespaces, hostPaths(stateDir, host.name).dir);
  const recorded = [host.holder, host.sshd, host.dockerd].filter((r): r is ProcessRecord =>
    isRunning(r),
  );
  const targets = unique([...found, ...recorded]);
  const left = await stopProcesses(targets, 3_000);
  if (left.length > 0) {
    problems.push(`${host.name}: processes ${left.map((p) => p.pid).join(', ')} survived SIGKILL`);
  }
  return targets.length;
}

async function removeHostNetworking(host: HostRecord, problems: string[]): Promise<void> {
  const bridges = await findBridges(host.bridge ? [host.bridge] : [], host.bridgeSubnets ?? []);
  for (const bridge of bridges) {
    await deleteInterface(bridge).catch((error: Error) => problems.push(error.message));
  }
  if (host.cgroupParent) {
    await removeCgroups(host.cgroupParent).catch((error: Error) => problems.push(error.message));
  }
}

async function takeDownHost(
  host: HostRecord,
  stateDir: string,
  log: Log,
  problems: string[],
): Promise<void> {
  await stopEngine(host, log, problems);
  const stopped = await stopHostProcesses(host, stateDir, problems);
  await removeHostNetworking(host, problems);
  log(`${host.name}: down (${stopped} processes stopped)`);
}

async function removeStateDir(stateDir: string): Promise<void> {
  // A mount under the folder would have its contents deleted through it.
  const mounts = await mountsUnder(stateDir);
  if (mounts.length > 0) {
    throw new LabError(
      `lab down kept ${stateDir}: ${mounts.join(', ')} ${mounts.length > 1 ? 'are' : 'is'} mounted under it; unmount, then run lab down again`,
    );
  }
  await rm(stateDir, { recursive: true, force: true });
}

/**
 * Brings down the lab recorded in stateDir and deletes the folder. Logs
 * what it stopped, ignoring errors the log raises; raises a LabError naming
 * whatever it could not remove.
 */
export async function labDown(stateDir: string, logLine?: Log): Promise<void> {
  const log = guardLog(logLine);
  const dir = await resolveStateDir(stateDir);
  const record = await readLabRecord(labPaths(dir).stateFile);
  if (!record) {
    log(`no lab is recorded in ${dir}`);
    return;
  }
  checkRootOnLinux();

  const problems: string[] = [];
  await Promise.all(record.hosts.map((host) => takeDownHost(host, dir, log, problems)));
  // Processes of a host whose record was cut short: found by their working folder.
  const strays = findLabProcesses(new Set(), dir);
  if (strays.length > 0) await stopProcesses(strays, 3_000);

  problems.push(...(await tearDownNetwork(record.netns ?? [], record.routes ?? [])));
  for (const mountPoint of hostMountPoints) await releaseMountPoint(mountPoint);
  await removeStateDir(dir);
  if (problems.length > 0) {
    throw new LabError(`lab down in ${dir} could not remove everything: ${problems.join('; ')}`);
  }
  log(`lab down: removed ${dir}`);
}
