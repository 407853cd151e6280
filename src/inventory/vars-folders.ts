/**
 * Fills each group's and host's inventoryDirVars and playbookDirVars from
 * the group_vars/ and host_vars/ folders beside the inventory sources and
 * beside the playbook.
 */
import { join } from 'node:path';
import type { Problems } from '../playbook/site.js';
import type { Inventory } from './model.js';
import { namesIn, readNamedVars } from './named-vars.js';

export async function loadVarsFolders(inventory: Inventory, inventoryBases: string[], playbookDir: string | undefined, problems: Problems): Promise<void> {
  for (const base of inventoryBases) await loadFrom(inventory, base, 'inventoryDirVars', problems);
  if (playbookDir && !inventoryBases.includes(playbookDir)) await loadFrom(inventory, playbookDir, 'playbookDirVars', problems);
}

type Layer = 'inventoryDirVars' | 'playbookDirVars';

async function loadFrom(inventory: Inventory, base: string, layer: Layer, problems: Problems): Promise<void> {
  const groupFolder = join(base, 'group_vars');
  const hostFolder = join(base, 'host_vars');
  for (const group of inventory.groups.values()) {
    const vars = await readNamedVars(groupFolder, group.name, problems);
    if (vars) group[layer] = { ...group[layer], ...vars };
  }
  for (const host of inventory.hosts.values()) {
    const vars = await readNamedVars(hostFolder, host.name, problems);
    if (vars) host[layer] = { ...host[layer], ...vars };
  }
  await warnUnmatched(groupFolder, (name) => inventory.groups.has(name), 'group', problems);
  await warnUnmatched(hostFolder, (name) => inventory.hosts.has(name), 'host', problems);
}

/** Warns about vars files that name no group or host, which are then unused (Ansible ignores them silently). */
async function warnUnmatched(folder: string, exists: (name: string) => boolean, kind: string, problems: Problems): Promise<void> {
  for (const name of await namesIn(folder)) {
    if (!exists(name)) problems.warn(`${join(folder, name)}: no ${kind} is named ${name} in the inventory, so these variables are not used`);
  }
}
