/**
 * A host's inventory variables, merged in Ansible's order, each layer
 * replacing keys of the ones before it:
 *
 * 1. the `all` group's variables from inventory files,
 * 2. the host's other groups' variables from inventory files, parents before
 *    children (by depth, then ansible_group_priority, then name),
 * 3. group_vars/all beside the inventory, then beside the playbook,
 * 4. group_vars/<group> beside the inventory, then beside the playbook, in
 *    the same group order,
 * 5. the host's own variables from inventory files, then host_vars/<host>
 *    beside the inventory, then beside the playbook.
 *
 * This is ansible-core's default VARIABLE_PRECEDENCE for inventory data.
 */
import type { Inventory, InventoryGroup } from './model.js';

export function hostVariables(inventory: Inventory, hostName: string): Record<string, unknown> {
  const host = inventory.hosts.get(hostName);
  if (!host) return {};
  const all = inventory.groups.get('all');
  const groups = groupsOf(inventory, hostName);

  return Object.assign(
    {},
    all?.vars,
    ...groups.map((group) => group.vars),
    all?.inventoryDirVars,
    all?.playbookDirVars,
    ...groups.map((group) => group.inventoryDirVars),
    ...groups.map((group) => group.playbookDirVars),
    host.vars,
    host.inventoryDirVars,
    host.playbookDirVars,
  );
}

/** Lists the groups a host belongs to, directly or through child groups, except `all`, in Ansible's order. */
export function groupsOf(inventory: Inventory, hostName: string): InventoryGroup[] {
  const parents = parentMap(inventory);
  const found = new Set<string>();
  const visit = (name: string) => {
    if (found.has(name) || name === 'all') return;
    found.add(name);
    for (const parent of parents.get(name) ?? []) visit(parent);
  };
  for (const group of inventory.groups.values()) {
    if (group.hosts.includes(hostName)) visit(group.name);
  }

  const depths = new Map<string, number>();
  const groups = [...found].map((name) => inventory.groups.get(name) as InventoryGroup);
  return groups.sort((a, b) => {
    const byDepth = depthOf(a.name, parents, depths) - depthOf(b.name, parents, depths);
    const byPriority = priorityOf(a) - priorityOf(b);
    return byDepth || byPriority || compareNames(a.name, b.name);
  });
}

/** Compares by code point, as Python's sort of group names does. */
function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function parentMap(inventory: Inventory): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const group of inventory.groups.values()) {
    for (const child of group.children) parents.set(child, [...(parents.get(child) ?? []), group.name]);
  }
  return parents;
}

/** Returns the maximum number of parent steps up to `all`, which is how ansible-core counts a group's depth. */
function depthOf(name: string, parents: Map<string, string[]>, memo: Map<string, number>): number {
  if (name === 'all') return 0;
  const known = memo.get(name);
  if (known !== undefined) return known;
  memo.set(name, 0);
  const depth = Math.max(0, ...(parents.get(name) ?? []).map((parent) => depthOf(parent, parents, memo) + 1));
  memo.set(name, depth);
  return depth;
}

/** Returns the group's ansible_group_priority (from inventory files only, as in ansible-core), 1 when unset. */
function priorityOf(group: InventoryGroup): number {
  return Number.isFinite(group.priority) ? (group.priority as number) : 1;
}
