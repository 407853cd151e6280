/**
 * Checks made before `labUp` touches anything: root on Linux, the tools it
 * runs, and that no other lab, server or route of this machine already
 * uses its addresses, interfaces or subnets.
 */
import { access, constants, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LabError } from './lab-error.js';
import { findBridges } from './machine-cleanup.js';
import { describeRoute, machineRoutes, overlappingRoutes } from './routes.js';
import type { LabPlan } from './plan.js';
import { systemPath } from './run.js';
import { isListening, sshPort } from './sshd.js';

/** Tools the lab runs, with the Debian package that provides each. */
// prettier-ignore
const requiredTools: [string, string][] = [
  ['unshare', 'util-linux'], ['nsenter', 'util-linux'], ['mount', 'mount'],
  ['hostname', 'hostname'], ['mknod', 'coreutils'], ['ip', 'iproute2'], ['ssh-keygen', 'openssh-client'],
  ['sshd', 'openssh-server'], ['cp', 'coreutils'], ['sleep', 'coreutils'],
];
// prettier-ignore
const dockerTools: [string, string][] = [
  ['dockerd', 'docker.io'], ['docker-proxy', 'docker.io'], ['docker-registry', 'docker-registry'],
  ['busybox', 'busybox-static'], ['tar', 'tar'], ['ldd', 'libc-bin'],
];

const faketimeLibraries = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/faketime/libfaketime.so.1',
  '/usr/local/lib/faketime/libfaketime.so.1',
];

async function exists(file: string, mode = constants.F_OK): Promise<boolean> {
  return access(file, mode).then(
    () => true,
    () => false,
  );
}

async function findTool(name: string): Promise<string | undefined> {
  for (const dir of systemPath.split(':')) {
    const file = path.join(dir, name);
    if (await exists(file, constants.X_OK)) return file;
  }
  return undefined;
}

/** Finds the libfaketime library that skewed hosts preload (Debian package faketime). */
export async function findFaketimeLibrary(): Promise<string | undefined> {
  for (const file of faketimeLibraries) {
    if (await exists(file)) return file;
  }
  return undefined;
}

export function checkRootOnLinux(): void {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    throw new LabError(
      'the lab needs root on Linux: it makes namespaces, mounts and network interfaces (run `skprun lab` as root on a Linux machine)',
    );
  }
}

async function checkTools(plan: LabPlan): Promise<void> {
  const tools = plan.docker ? [...requiredTools, ...dockerTools] : requiredTools;
  const missing: string[] = [];
  for (const [tool, pkg] of tools) {
    if (!(await findTool(tool))) missing.push(`${tool} (${pkg})`);
  }
  if (missing.length > 0) {
    throw new LabError(`the lab needs tools that are not installed: ${missing.join(', ')}`);
  }

  const filesystems = await readFile('/proc/filesystems', 'utf8');
  if (!/\toverlay$/m.test(filesystems)) {
    throw new LabError("the lab needs the kernel's overlay file system for each host's /etc");
  }
  if (plan.hosts.some((h) => h.skewSeconds !== 0) && !(await findFaketimeLibrary())) {
    throw new LabError(
      `clock skew needs libfaketime (Debian package faketime); looked for ${faketimeLibraries.join(', ')}`,
    );
  }
}

async function checkAddressesFree(plan: LabPlan): Promise<void> {
  // Only loopback addresses: a host of a behind pair has a veth address that
  // does not exist yet, and a connection to it now would leave the machine.
  const loopbackHosts = plan.hosts.filter((h) => h.address.startsWith('127.'));
  const taken = await Promise.all(loopbackHosts.map((h) => isListening(h.address, sshPort)));
  const busy = loopbackHosts
    .filter((_, i) => taken[i])
    .map((h) => `${h.address}:${sshPort} (${h.name})`);
  if (busy.length > 0) {
    throw new LabError(
      `lab addresses are in use: ${busy.join(', ')}; another lab may use prefix ${plan.addressPrefix}: bring it down or pick another prefix`,
    );
  }
}

async function checkNetworksFree(plan: LabPlan): Promise<void> {
  const names = plan.hosts.map((h) => h.bridge.name);
  const clashes = await findBridges(names, [plan.labSubnet]);
  if (clashes.length > 0) {
    throw new LabError(
      `the lab's bridges or subnet ${plan.labSubnet} are in use (by ${clashes.join(', ')}); ` +
        `another lab whose prefix ends in the same octet may be up: bring it down or pick another prefix`,
    );
  }
}

/**
 * Fails when this machine already routes part of the lab's subnet (a VPN
 * or a LAN on 10.x), because the lab's routes would clash with it.
 */
async function checkRoutesFree(plan: LabPlan): Promise<void> {
  const clashes = overlappingRoutes(await machineRoutes(), plan.labSubnet);
  if (clashes.length === 0) return;
  const octet = plan.labSubnet.split('.')[1];
  throw new LabError(
    `the lab's subnet ${plan.labSubnet} overlaps this machine's routes ` +
      `(${clashes.map(describeRoute).join(', ')}), which the lab's bridges would hide; ` +
      `pick an address prefix whose last octet is not ${octet}, since 127.a.b uses 10.b.0.0/16`,
  );
}

export async function preflight(plan: LabPlan): Promise<void> {
  checkRootOnLinux();
  await checkTools(plan);
  await checkAddressesFree(plan);
  if (plan.docker) await checkNetworksFree(plan);
  if (plan.docker || plan.network.namespaces.size > 0) await checkRoutesFree(plan);
}
