/**
 * Scenario 1: playbooks/registry.yml on lab hosts with Docker engines,
 * first run and converged re-run, against bench/ansible/registry.yml and
 * the floor.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { LabState } from '../../src/lab/index.js';
import { runOrThrow } from '../measure.js';
import { runSeries, type CaseResult } from '../series.js';
import { ansiblePlaybook, floorCommand, projectDir, skprunPlaybook, type Tool } from '../tools.js';
import { writeFloorHosts, type BenchLabs } from '../labs.js';

interface ExportClient {
  host: string;
  options: string[];
}

/** Reads the registry settings of the repository's lab inventory, without its connection settings. */
function repositoryRegistryVars(): Record<string, unknown> {
  const inventory = parse(readFileSync(path.join(projectDir, 'inventory', 'hosts.yml'), 'utf8'));
  const vars = { ...inventory.all.vars };
  for (const name of ['lab_shared_dir', 'ansible_user', 'ansible_ssh_private_key_file', 'ansible_ssh_common_args']) delete vars[name];
  return vars;
}

/**
 * Writes the inventory both tools read: the lab's hosts, groups registry
 * (every host) and master (the first), and the repository inventory's
 * registry settings for a lab (a bind volume on the shared folder).
 */
export function writeRegistryInventory(lab: LabState, file: string): string {
  const names = lab.hosts.map((h) => h.name);
  const inventory = {
    all: {
      vars: {
        ...repositoryRegistryVars(),
        ansible_user: 'root',
        ansible_ssh_private_key_file: lab.privateKeyFile,
        ansible_ssh_common_args: `-o UserKnownHostsFile=${lab.knownHostsFile}`,
        lab_shared_dir: lab.sharedDir,
      },
      hosts: Object.fromEntries(lab.hosts.map((h) => [h.name, { ansible_host: h.address }])),
      children: {
        registry: { hosts: Object.fromEntries(names.map((n) => [n, {}])) },
        master: { hosts: { [names[0]]: {} } },
      },
    },
  };
  writeFileSync(file, `# Written by the skprun benchmark (bench/run.ts) for one run.\n${stringify(inventory)}`);
  return file;
}

/** Computes the export path and /etc/exports line the playbook makes, for the floor and the reset. */
export function exportValues(lab: LabState): Record<string, string> {
  const vars = repositoryRegistryVars();
  const exportPath = path.join(lab.sharedDir, 'volume-registry-skp');
  const clients = vars.nfs_export_clients as ExportClient[];
  const line = `${exportPath} ${clients.map((c) => `${c.host}(${c.options.join(',')})`).join(' ')}`;
  return { EXPORT_PATH: exportPath, EXPORT_LINE: line };
}

export interface RegistryOptions {
  repeats: number;
  warmups: number;
  log: (line: string) => void;
}

export async function runRegistryScenario(labs: BenchLabs, options: RegistryOptions): Promise<CaseResult[]> {
  const lab = labs.labs[0];
  const hostCount = lab.hosts.length;
  const inventory = writeRegistryInventory(lab, path.join(lab.stateDir, 'bench-registry-inventory.yml'));
  const floorHosts = writeFloorHosts(path.join(lab.stateDir, 'bench-floor-hosts.txt'), labs.hosts);
  const values = exportValues(lab);

  const command = (tool: Tool, phase: 'first' | 'rerun') => {
    if (tool === 'skprun') return skprunPlaybook(inventory, path.join(projectDir, 'playbooks', 'registry.yml'), hostCount);
    if (tool === 'ansible') return ansiblePlaybook(inventory, path.join(projectDir, 'bench', 'ansible', 'registry.yml'), hostCount);
    return floorCommand(floorHosts, `registry-${phase}.steps`, values);
  };
  const reset = async () => {
    await runOrThrow(floorCommand(floorHosts, 'registry-reset.steps', values), 'resetting the registry lab hosts');
  };

  const results = await runSeries({
    id: 'registry',
    title: 'registry playbook',
    hosts: hostCount,
    tools: ['skprun', 'ansible', 'floor'],
    phases: ['first', 'rerun'],
    command,
    reset,
    ...options,
  });
  await reset();
  return results;
}
