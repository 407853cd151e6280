/**
 * `skprun inventory`: shows the loaded inventory in the shapes that
 * ansible-inventory prints (checked against ansible-core 2.14): `--list`
 * (the inventory-script JSON with `_meta.hostvars`), `--graph [GROUP]`
 * (with `--vars`), `--host NAME` (one host's merged variables). `--limit`
 * keeps only the hosts of a pattern, as later ansible-inventory versions do.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExitCode, OptionError } from '../errors.js';
import type { Inventory, InventoryGroup } from '../inventory/model.js';
import { toStr } from '../template/python.js';

export interface InventoryCommandOptions {
  inventory?: string[];
  list?: boolean;
  graph?: boolean;
  host?: string;
  vars?: boolean;
  export?: boolean;
  limit?: string;
  playbookDir?: string;
}

const DEFAULT_INVENTORY = 'inventory/hosts.yml';

/** Returns the -i paths made absolute, or inventory/hosts.yml of the current folder. */
export function inventorySources(given: string[]): string[] {
  if (given.length > 0) return given.map((path) => resolve(path));
  if (!existsSync(DEFAULT_INVENTORY)) {
    throw new OptionError(`no inventory given and ${DEFAULT_INVENTORY} does not exist here; pass -i FILE`);
  }
  return [resolve(DEFAULT_INVENTORY)];
}

/** Variables Ansible computes for every host, which ansible-inventory leaves out. */
const INTERNAL_VARS = new Set([
  'ansible_diff_mode', 'ansible_config_file', 'ansible_facts', 'ansible_forks', 'ansible_inventory_sources',
  'ansible_limit', 'ansible_playbook_python', 'ansible_run_tags', 'ansible_skip_tags', 'ansible_verbosity',
  'ansible_version', 'inventory_dir', 'inventory_file', 'inventory_hostname', 'inventory_hostname_short',
  'groups', 'group_names', 'omit', 'playbook_dir',
]);

/** Inputs of the inventory views: the inventory, the hosts to show and their variables. */
export interface InventoryView {
  inventory: Inventory;
  /** Hosts that --limit keeps (all of them without it). */
  shownHosts: Set<string>;
  hostVars: (host: string) => Record<string, unknown>;
  groupVars: (group: InventoryGroup) => Record<string, unknown>;
  exportMode: boolean;
}

function withoutInternal(vars: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(vars).filter(([key]) => !INTERNAL_VARS.has(key)));
}

/** Compares as Python's sort of strings does (by code point), unlike localeCompare. */
function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Formats JSON as Python's json.dumps(sort_keys=True, indent=4) lays it out. */
export function sortedJson(value: unknown): string {
  const sortKeys = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sortKeys);
    if (item === null || typeof item !== 'object') return item;
    const entries = Object.entries(item as Record<string, unknown>).sort(([a], [b]) => compareCodePoints(a, b));
    return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner)]));
  };
  return JSON.stringify(sortKeys(value), null, 4);
}

/** Builds the --list document: one entry per non-empty group, and `_meta.hostvars`. */
export function listInventory(view: InventoryView): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const seen = new Set<string>();
  const formatGroup = (group: InventoryGroup) => {
    const entry: Record<string, unknown> = {};
    if (group.name !== 'all') entry.hosts = group.hosts.filter((host) => view.shownHosts.has(host));
    entry.children = group.children;
    if (view.exportMode) entry.vars = view.groupVars(group);
    result[group.name] = entry;
    for (const child of group.children) {
      const childGroup = view.inventory.groups.get(child);
      if (childGroup && !seen.has(child)) {
        seen.add(child);
        formatGroup(childGroup);
      }
    }
    removeEmpty(entry);
    if (Object.keys(entry).length === 0) delete result[group.name];
  };
  formatGroup(view.inventory.groups.get('all') as InventoryGroup);

  const hostvars: Record<string, unknown> = {};
  for (const host of view.inventory.hosts.keys()) {
    if (!view.shownHosts.has(host)) continue;
    const vars = view.hostVars(host);
    if (Object.keys(vars).length > 0) hostvars[host] = vars;
  }
  return { _meta: { hostvars }, ...result };
}

function removeEmpty(entry: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(entry)) {
    const isEmpty = Array.isArray(value) ? value.length === 0 : value !== null && typeof value === 'object' && Object.keys(value).length === 0;
    if (isEmpty) delete entry[key];
  }
}

/** Draws the --graph lines from `group` down: child groups first, then hosts, as ansible-inventory does. */
export function graphInventory(view: InventoryView, group: InventoryGroup, showVars: boolean, depth = 0): string[] {
  const lines = [graphName(`@${group.name}:`, depth)];
  for (const child of group.children) {
    const childGroup = view.inventory.groups.get(child);
    if (childGroup) lines.push(...graphInventory(view, childGroup, showVars, depth + 1));
  }
  if (group.name !== 'all') {
    for (const host of group.hosts.filter((h) => view.shownHosts.has(h))) {
      lines.push(graphName(host, depth + 1));
      if (showVars) lines.push(...graphVars(view.hostVars(host), depth + 2));
    }
  }
  if (showVars) lines.push(...graphVars(view.groupVars(group), depth + 1));
  return lines;
}

function graphName(name: string, depth: number): string {
  return depth === 0 ? name : `${'  |'.repeat(depth)}--${name}`;
}

function graphVars(vars: Record<string, unknown>, depth: number): string[] {
  return Object.keys(vars)
    .sort()
    .map((key) => graphName(`{${key} = ${toStr(vars[key])}}`, depth));
}

function chooseAction(options: InventoryCommandOptions): 'list' | 'graph' | 'host' {
  const actions = [options.list && 'list', options.graph && 'graph', options.host !== undefined && 'host'].filter(Boolean);
  if (actions.length !== 1) throw new OptionError('skprun inventory takes exactly one of --list, --graph and --host');
  return actions[0] as 'list' | 'graph' | 'host';
}

export async function inventoryCommand(pattern: string | undefined, options: InventoryCommandOptions): Promise<number> {
  const action = chooseAction(options);
  const { loadInventory, hostVariables } = await import('../inventory/index.js');
  const { selectHosts } = await import('../inventory/patterns.js');
  const playbookDir = options.playbookDir ? resolve(options.playbookDir) : undefined;
  const inventory = await loadInventory(inventorySources(options.inventory ?? []), { playbookDir });
  for (const warning of inventory.warnings ?? []) process.stderr.write(`[WARNING]: ${warning}\n`);

  const exportMode = Boolean(options.export);
  const view: InventoryView = {
    inventory,
    shownHosts: new Set(options.limit ? selectHosts(inventory, options.limit).hosts : inventory.hosts.keys()),
    hostVars: (host) => withoutInternal(exportMode ? ownHostVars(inventory, host) : hostVariables(inventory, host)),
    groupVars,
    exportMode,
  };
  const write = (text: string) => process.stdout.write(`${text}\n`);

  if (action === 'host') {
    if (!options.host || !inventory.hosts.has(options.host)) {
      throw new OptionError(`--host needs the name of one host of the inventory; ${JSON.stringify(options.host)} is none`);
    }
    write(sortedJson(withoutInternal(hostVariables(inventory, options.host))));
  } else if (action === 'graph') {
    const group = inventory.groups.get(pattern ?? 'all');
    if (!group) throw new OptionError(`--graph takes a group name; the inventory has no group ${pattern}`);
    write(graphInventory(view, group, Boolean(options.vars)).join('\n'));
  } else {
    write(sortedJson(listInventory(view)));
  }
  return ExitCode.ok;
}

/** Returns a group's variables with its group_vars files, and its priority when not the default 1, as ansible-inventory shows them. */
function groupVars(group: InventoryGroup): Record<string, unknown> {
  const vars = withoutInternal({ ...group.vars, ...group.inventoryDirVars, ...group.playbookDirVars });
  if (group.priority !== undefined && group.priority !== 1) vars.ansible_group_priority = group.priority;
  return vars;
}

/** Returns a host's own variables and its host_vars files, without those of its groups (--export). */
function ownHostVars(inventory: Inventory, host: string): Record<string, unknown> {
  const entry = inventory.hosts.get(host);
  return { ...entry?.vars, ...entry?.inventoryDirVars, ...entry?.playbookDirVars };
}
