/**
 * Turns lab options into a plan: host names, addresses, folders, bridge
 * interfaces and subnets. Pure, so that every name the lab makes on this
 * machine can be checked without starting anything.
 */
import path from 'node:path';
import { LabError } from './lab-error.js';
import { behindPairs, planNetwork, type NetnsPlan, type NetworkLayout } from './lab-network.js';
import { checkUsers, type LabUser } from './lab-users.js';
import { hostPaths, type HostPaths } from './paths.js';
import { privateFolderTargets } from './private-folders.js';
import type { LabUpOptions } from './types.js';

export interface BridgePlan {
  /** Interface name, at most 15 characters: `skp-<a>-<b>-c01` for 127.a.b. */
  name: string;
  /** Address of the interface with its prefix length, e.g. 10.2.1.1/24. */
  address: string;
  /** Subnet that `docker network create` takes networks from (size /27). */
  pool: string;
  /** Subnets this host's engine uses; `labDown` removes bridges inside them. */
  subnets: string[];
  /** cgroup parent of the engine's containers, one per host. */
  cgroupParent: string;
}

export interface HostPlan {
  name: string;
  /** 1 for c01. */
  index: number;
  address: string;
  skewSeconds: number;
  paths: HostPaths;
  bridge: BridgePlan;
  /** The host's own network namespace, for hosts of a behind pair. */
  netns?: NetnsPlan;
  /** The jump host in front of this one. */
  jumpHost?: string;
  /** sshd settings besides the lab's defaults. */
  sshd: SshdExtras;
  users: LabUser[];
}

export interface SshdExtras {
  maxSessions?: number;
  passwordLogin?: boolean;
  /** Jump hosts log at DEBUG1, which records each forwarded connection. */
  logLevel?: string;
}

export interface LabPlan {
  stateDir: string;
  addressPrefix: string;
  docker: boolean;
  imageCacheDir: string;
  /** Subnet holding every bridge and pool of the lab: 10.<b>.0.0/16. */
  labSubnet: string;
  hosts: HostPlan[];
  /** Namespaces and routes of behind pairs. */
  network: NetworkLayout;
}

export const maxHosts = 99;
/** Prefix length of each network `docker network create` takes from a host's pool. */
export const poolNetworkSize = 27;
const firstHostOctet = 50;

export function hostName(index: number): string {
  return `c${String(index).padStart(2, '0')}`;
}

/**
 * Splits an address prefix of the form 127.a.b into its octets. Only
 * 127.0.0.0/8 is accepted, because nothing the lab starts may listen on an
 * address that other machines reach.
 */
export function parseAddressPrefix(prefix: string): [number, number, number] {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(prefix);
  const octets = match ? match.slice(1).map(Number) : [];
  if (octets.length !== 3 || octets.some((o) => o > 255) || octets[0] !== 127) {
    throw new LabError(
      `lab address prefix ${JSON.stringify(prefix)} is invalid: expected 127.<0-255>.<0-255>, e.g. 127.0.0`,
    );
  }
  return octets as [number, number, number];
}

/**
 * Rejects a state folder that the lab cannot use: overlay options split on
 * "," and ":", and the hosts mount their own /etc, /run, /var/lib/nfs and
 * /var/lib/docker, which would hide a state folder inside one of them. A
 * state folder inside a private folder (/root, /srv, ...) is mounted back
 * in it, but it cannot be that folder itself, which `labDown` would delete.
 */
export function checkStateDir(stateDir: string): void {
  if (!path.isAbsolute(stateDir)) {
    throw new LabError(`lab state folder ${stateDir} must be an absolute path`);
  }
  if (/[,:\s]/.test(stateDir)) {
    throw new LabError(
      `lab state folder ${stateDir} must not contain commas, colons or white space (overlay mount options cannot contain them)`,
    );
  }
  for (const hidden of [
    '/etc',
    '/run',
    '/var/run',
    '/var/lib/nfs',
    '/var/lib/docker',
    '/proc',
    '/sys',
    '/dev',
  ]) {
    if (stateDir === hidden || stateDir.startsWith(`${hidden}/`)) {
      throw new LabError(
        `lab state folder ${stateDir} must not be under ${hidden}: every lab host mounts its own ${hidden}`,
      );
    }
  }
  if (stateDir === '/' || (privateFolderTargets as readonly string[]).includes(stateDir)) {
    throw new LabError(
      `lab state folder ${stateDir} must be a folder of its own, such as ${path.join(stateDir, 'skprun-lab')}: lab down deletes it`,
    );
  }
}

function checkHostCount(hosts: number): void {
  if (!Number.isInteger(hosts) || hosts < 1 || hosts > maxHosts) {
    throw new LabError(
      `lab host count ${hosts} is invalid: expected a whole number from 1 to ${maxHosts}`,
    );
  }
}

function checkSkew(skew: Record<string, number>, names: string[]): void {
  for (const [name, seconds] of Object.entries(skew)) {
    if (!names.includes(name)) {
      throw new LabError(
        `clock skew names host ${name}, which is not in the lab (hosts: ${names.join(', ')})`,
      );
    }
    if (!Number.isInteger(seconds)) {
      throw new LabError(
        `clock skew for ${name} is ${seconds}: expected a whole number of seconds`,
      );
    }
  }
}

/**
 * Bridge layout for host i of the lab on 127.a.b: the default network on
 * 10.b.i.0/24 and user-defined networks from 10.b.(100+i).0/24, in /27
 * pieces. Labs are distinguished by b alone, so two labs whose prefixes end
 * in the same octet cannot run at once (the preflight check rejects the
 * second).
 *
 * These bridges change this machine's network while the lab is up: they
 * live in its network namespace, so `ip addr` and `ip route` show
 * 10.b.i.1/24 on skp-a-b-cNN and one route per Docker network. Hosts behind
 * a jump host add 10.b.250.0/24, 10.b.251.0/24 and an unreachable route
 * (lab-network.ts). The preflight check fails when a route of this machine
 * already leads into 10.b.0.0/16, rather than hide that network.
 */
export function planBridge(
  octets: [number, number, number],
  index: number,
  name: string,
): BridgePlan {
  const [, a, b] = octets;
  const defaultSubnet = `10.${b}.${index}.0/24`;
  const pool = `10.${b}.${100 + index}.0/24`;
  return {
    name: `skp-${a}-${b}-${name}`,
    address: `10.${b}.${index}.1/24`,
    pool,
    subnets: [defaultSubnet, pool],
    cgroupParent: `/skprun-lab-${a}-${b}-${name}`,
  };
}

function checkMaxSessions(maxSessions: Record<string, number>, names: string[]): void {
  for (const [name, sessions] of Object.entries(maxSessions)) {
    if (!names.includes(name)) throw new LabError(`lab option maxSessions names host ${name}, which is not in the lab`);
    if (!Number.isInteger(sessions) || sessions < 1) throw new LabError(`MaxSessions for ${name} is ${sessions}: expected a positive whole number`);
  }
}

export function planLab(options: LabUpOptions): LabPlan {
  const stateDir = path.resolve(options.stateDir);
  checkStateDir(stateDir);
  checkHostCount(options.hosts);
  const octets = parseAddressPrefix(options.addressPrefix);
  const names = Array.from({ length: options.hosts }, (_, i) => hostName(i + 1));
  checkSkew(options.skew, names);

  checkMaxSessions(options.maxSessions ?? {}, names);
  const users = options.users ?? [];
  checkUsers(users);
  const pairs = behindPairs(options.behind ?? {}, names);
  if (pairs.length > 0 && options.docker) {
    throw new LabError('lab hosts behind a jump host take no Docker engine: start the lab without docker');
  }
  const network = planNetwork(pairs, octets);

  const hosts = names.map((name, i) => ({
    name,
    index: i + 1,
    address: network.addresses.get(name) ?? `${options.addressPrefix}.${firstHostOctet + i + 1}`,
    skewSeconds: options.skew[name] ?? 0,
    paths: hostPaths(stateDir, name),
    bridge: planBridge(octets, i + 1, name),
    netns: network.namespaces.get(name),
    jumpHost: options.behind?.[name],
    sshd: {
      maxSessions: options.maxSessions?.[name],
      passwordLogin: options.passwordLogin,
      logLevel: pairs.some((p) => p.jump === name) ? 'DEBUG1' : undefined,
    },
    users,
  }));
  return {
    stateDir,
    addressPrefix: options.addressPrefix,
    docker: options.docker,
    imageCacheDir: path.resolve(
      options.imageCacheDir ?? path.join(path.dirname(stateDir), 'lab-image-cache'),
    ),
    labSubnet: `10.${octets[2]}.0.0/16`,
    hosts,
    network,
  };
}
