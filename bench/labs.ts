/**
 * The bench's own labs, on address prefixes and state folders that no
 * user lab (127.0.0) or test lab (127.0.1) uses. One lab has at most 99
 * hosts, so a larger host count is spread over several labs, one prefix
 * each, and the bench gives the hosts names that are unique across them.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { labDown, labUp, type LabState } from '../src/lab/index.js';

export interface BenchHost {
  /** Inventory name: the lab's name (c01) in a single lab, h001... across labs. */
  name: string;
  address: string;
  privateKeyFile: string;
  knownHostsFile: string;
  /** Index of the lab the host belongs to, for per-lab inventory groups. */
  lab: number;
}

export interface BenchLabs {
  labs: LabState[];
  hosts: BenchHost[];
}

export interface LabRequest {
  /** Folder name under .skprun: bench-lab-NAME, bench-lab-NAME-2, ... */
  name: string;
  hosts: number;
  docker: boolean;
  /** Address prefixes to use, one per lab, in order. */
  prefixes: string[];
  /** Maximum number of hosts in one lab (the lab's own limit is 99). */
  maxPerLab: number;
}

type Log = (line: string) => void;

function stateDirFor(projectDir: string, name: string, index: number): string {
  const suffix = index === 0 ? '' : `-${index + 1}`;
  return path.join(projectDir, '.skprun', `bench-lab-${name}${suffix}`);
}

/** Splits a host count into lab sizes as even as the limit allows. */
export function labSizes(hosts: number, maxPerLab: number): number[] {
  const labs = Math.ceil(hosts / maxPerLab);
  return Array.from({ length: labs }, (_, i) => Math.floor(hosts / labs) + (i < hosts % labs ? 1 : 0));
}

function benchHosts(labs: LabState[]): BenchHost[] {
  const single = labs.length === 1;
  let number = 0;
  return labs.flatMap((lab, index) =>
    lab.hosts.map((host) => {
      number += 1;
      return {
        name: single ? host.name : `h${String(number).padStart(3, '0')}`,
        address: host.address,
        privateKeyFile: lab.privateKeyFile,
        knownHostsFile: lab.knownHostsFile,
        lab: index,
      };
    }),
  );
}

/**
 * Starts the labs one after another. Every started lab's state folder is
 * pushed to `started` at once, so that the caller can bring down what
 * exists even when a later lab fails to start.
 */
export async function startLabs(projectDir: string, request: LabRequest, started: string[], log: Log): Promise<BenchLabs> {
  const sizes = labSizes(request.hosts, request.maxPerLab);
  if (sizes.length > request.prefixes.length) {
    throw new Error(`${request.hosts} hosts need ${sizes.length} labs but only ${request.prefixes.length} address prefixes are set for ${request.name}`);
  }
  const labs: LabState[] = [];
  for (const [index, size] of sizes.entries()) {
    const stateDir = stateDirFor(projectDir, request.name, index);
    started.push(stateDir);
    const prefix = request.prefixes[index];
    log(`lab ${path.basename(stateDir)}: starting ${size} hosts on ${prefix}.x${request.docker ? ' with Docker' : ''}`);
    labs.push(await labUp({ stateDir, hosts: size, docker: request.docker, skew: {}, addressPrefix: prefix, log: () => undefined }));
  }
  return { labs, hosts: benchHosts(labs) };
}

/** Brings down every lab in the list, going on past failures, and returns the problems. */
export async function stopLabs(stateDirs: string[], log: Log): Promise<string[]> {
  const problems: string[] = [];
  for (const stateDir of [...stateDirs].reverse()) {
    try {
      await labDown(stateDir, () => undefined);
      log(`lab ${path.basename(stateDir)}: down`);
    } catch (error) {
      problems.push(`${stateDir}: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** Writes the host list that floor.sh reads: `address key known_hosts`, one host a line. */
export function writeFloorHosts(file: string, hosts: BenchHost[]): string {
  writeFileSync(file, hosts.map((h) => `${h.address} ${h.privateKeyFile} ${h.knownHostsFile}\n`).join(''));
  return file;
}

function connectionVars(host: BenchHost): Record<string, string> {
  return {
    ansible_ssh_private_key_file: host.privateKeyFile,
    ansible_ssh_common_args: `-o UserKnownHostsFile=${host.knownHostsFile}`,
  };
}

/**
 * Writes an Ansible YAML inventory of the hosts in group `group`, with one
 * child group per lab that carries the lab's key and known_hosts, so that
 * skprun and Ansible read the same file.
 */
export function writeInventory(file: string, hosts: BenchHost[], group: string, vars: Record<string, unknown> = {}): string {
  const perLab = new Map<number, BenchHost[]>();
  for (const host of hosts) perLab.set(host.lab, [...(perLab.get(host.lab) ?? []), host]);
  const children = Object.fromEntries(
    [...perLab.entries()].map(([lab, members]) => [
      `${group}_lab${lab + 1}`,
      {
        vars: connectionVars(members[0]),
        hosts: Object.fromEntries(members.map((h) => [h.name, { ansible_host: h.address }])),
      },
    ]),
  );
  const inventory = { all: { vars: { ansible_user: 'root', ...vars }, children: { [group]: { children } } } };
  writeFileSync(file, `# Written by the skprun benchmark (bench/run.ts) for one run.\n${stringify(inventory)}`);
  return file;
}
