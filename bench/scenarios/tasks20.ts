/**
 * Scenario 2: bench/playbooks/tasks20.yml, first run and re-run, on the
 * first N hosts of the plain labs (no Docker): against Ansible and the
 * floor on 20 hosts, against the floor alone on larger counts.
 */
import path from 'node:path';
import { runOrThrow } from '../measure.js';
import { runSeries, type CaseResult } from '../series.js';
import { ansiblePlaybook, benchDir, floorCommand, skprunPlaybook, type Tool } from '../tools.js';
import { writeFloorHosts, writeInventory, type BenchLabs } from '../labs.js';

export interface TasksOptions {
  hosts: number;
  tools: Tool[];
  repeats: number;
  warmups: number;
  log: (line: string) => void;
}

export async function runTasksScenario(labs: BenchLabs, options: TasksOptions): Promise<CaseResult[]> {
  const hosts = labs.hosts.slice(0, options.hosts);
  if (hosts.length < options.hosts) throw new Error(`the plain labs have ${labs.hosts.length} hosts, fewer than ${options.hosts}`);
  const workDir = labs.labs[0].stateDir;
  const inventory = writeInventory(path.join(workDir, `bench-tasks20-${options.hosts}.yml`), hosts, 'bench');
  const floorHosts = writeFloorHosts(path.join(workDir, `bench-floor-hosts-${options.hosts}.txt`), hosts);
  const playbook = path.join(benchDir, 'playbooks', 'tasks20.yml');

  const command = (tool: Tool, phase: 'first' | 'rerun') => {
    if (tool === 'skprun') return skprunPlaybook(inventory, playbook, options.hosts);
    if (tool === 'ansible') return ansiblePlaybook(inventory, playbook, options.hosts);
    return floorCommand(floorHosts, `tasks20-${phase}.steps`);
  };
  const reset = async () => {
    await runOrThrow(floorCommand(floorHosts, 'tasks20-reset.steps'), `resetting ${options.hosts} lab hosts`);
  };

  const results = await runSeries({
    id: `tasks20-${options.hosts}`,
    title: '20 tasks',
    hosts: options.hosts,
    tools: options.tools,
    phases: ['first', 'rerun'],
    command,
    reset,
    repeats: options.repeats,
    warmups: options.warmups,
    log: options.log,
  });
  await reset();
  return results;
}
