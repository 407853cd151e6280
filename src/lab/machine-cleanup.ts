/**
 * Cleanup of what a host's engine leaves on this machine outside the state
 * folder: bridge interfaces in the shared network namespace, and cgroups.
 */
import { readdir, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from './run.js';

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

/** Checks whether an IPv4 address lies inside a subnet given as a.b.c.d/n. */
export function isInSubnet(address: string, subnet: string): boolean {
  const [base, bits] = subnet.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipv4ToNumber(base) / size) * size;
  const value = ipv4ToNumber(address);
  return value >= start && value < start + size;
}

interface InterfaceAddresses {
  ifname: string;
  addr_info?: { family: string; local: string }[];
}

/** Bridge interfaces named in `names` or holding an IPv4 address inside `subnets`. */
export async function findBridges(names: string[], subnets: string[]): Promise<string[]> {
  const { stdout } = await runCommand(
    ['ip', '-json', 'address', 'show', 'type', 'bridge'],
    'list bridge interfaces',
  );
  const interfaces = JSON.parse(stdout || '[]') as InterfaceAddresses[];
  const inSubnets = (i: InterfaceAddresses) =>
    (i.addr_info ?? []).some(
      (a) => a.family === 'inet' && subnets.some((s) => isInSubnet(a.local, s)),
    );
  return interfaces.filter((i) => names.includes(i.ifname) || inSubnets(i)).map((i) => i.ifname);
}

export async function deleteInterface(name: string): Promise<void> {
  await runCommand(['ip', 'link', 'delete', name], `delete interface ${name}`);
}

/** Removes a cgroup and the ones below it (cgroup folders go by rmdir alone). */
async function removeCgroupTree(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return;
  for (const entry of entries) {
    if (entry.isDirectory()) await removeCgroupTree(path.join(dir, entry.name));
  }
  await rmdir(dir).catch(() => undefined);
}

/**
 * Removes the cgroup `parent` from every hierarchy: each controller folder
 * of cgroup v1, and the root itself for a unified (v2) hierarchy.
 */
export async function removeCgroups(parent: string, root = '/sys/fs/cgroup'): Promise<void> {
  const relative = parent.replace(/^\/+/, '');
  // Guards the machine's own cgroups against a damaged state file.
  if (!relative.startsWith('skprun-lab-')) {
    throw new Error(`refusing to remove cgroup ${parent}: not a lab cgroup`);
  }
  const hierarchies = await readdir(root, { withFileTypes: true }).catch(() => []);
  const candidates = [
    root,
    ...hierarchies.filter((e) => e.isDirectory()).map((e) => path.join(root, e.name)),
  ];
  for (const hierarchy of candidates) await removeCgroupTree(path.join(hierarchy, relative));
}
