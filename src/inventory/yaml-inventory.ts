/**
 * Ansible's YAML inventory (also written as JSON): top-level keys are groups,
 * usually `all`, each with `hosts`, `vars` and `children`. A host maps to
 * its variables or to nothing; host names may carry ranges and a port.
 */
import { didYouMean } from '../playbook/did-you-mean.js';
import { isUnsafe } from '../yaml/unsafe.js';
import type { Problems, Site } from '../playbook/site.js';
import type { InventoryBuilder } from './builder.js';
import { checkConnectionVars } from './connection-vars.js';
import { HostRangeError, parseHostEntry } from './host-range.js';

const GROUP_KEYS = ['hosts', 'vars', 'children'];

export function readYamlInventory(value: unknown, site: Site, builder: InventoryBuilder, problems: Problems): void {
  if (value === null) {
    problems.add(site.error('the inventory is empty: expected groups such as all: {hosts: ...}'));
    return;
  }
  if (!isRecord(value)) {
    problems.add(site.error('an inventory should be a mapping of groups, such as all: {hosts: ...}'));
    return;
  }
  if ('plugin' in value) {
    problems.add(site.child('plugin').keyError('inventory plugins are not supported; list the hosts in the file'));
    return;
  }
  for (const [name, data] of Object.entries(value)) readGroup(name, data, site.child(name), builder, problems);
}

function readGroup(name: string, data: unknown, site: Site, builder: InventoryBuilder, problems: Problems): void {
  builder.group(name);
  if (data === null) return;
  if (!isRecord(data)) {
    problems.add(site.error(`group "${name}" should be a mapping with hosts, vars and children`));
    return;
  }

  for (const key of Object.keys(data)) {
    if (GROUP_KEYS.includes(key)) continue;
    const hint = didYouMean(key, GROUP_KEYS);
    problems.add(site.child(key).keyError(`unknown key "${key}" in group ${name} (a group takes hosts, vars and children)${hint}`));
  }
  readHosts(name, data.hosts, site.child('hosts'), builder, problems);
  readGroupVars(name, data.vars, site.child('vars'), builder, problems);
  readChildren(name, data.children, site.child('children'), builder, problems);
}

function readHosts(group: string, raw: unknown, site: Site, builder: InventoryBuilder, problems: Problems): void {
  const hosts = mappingOf(raw, site, 'host names to their variables', problems);
  for (const [entry, vars] of Object.entries(hosts)) {
    const hostSite = site.child(entry);
    if (vars !== null && !isRecord(vars)) {
      problems.add(hostSite.error('host variables should be a mapping of names to values'));
      continue;
    }
    const hostVars = vars ?? {};
    checkConnectionVars(hostVars, hostSite, problems);
    addHosts(entry, group, hostVars, hostSite, builder, problems);
  }
}

/** Adds the hosts of an entry such as `web[01:03]:2222`; a port in the name comes before the variables. */
export function addHosts(entry: string, group: string, vars: Record<string, unknown>, site: Site, builder: InventoryBuilder, problems: Problems): void {
  let parsed;
  try {
    parsed = parseHostEntry(entry);
  } catch (error) {
    if (!(error instanceof HostRangeError)) throw error;
    problems.add(site.keyError(error.message));
    return;
  }
  for (const name of parsed.names) {
    // As in ansible-core (InventoryData.add_host), a port in the name counts only where the host is first seen.
    const isNew = !builder.hosts.has(name);
    const portVars = parsed.port === undefined || !isNew ? {} : { ansible_port: parsed.port };
    builder.addHost(name, group, { ...portVars, ...vars });
  }
}

function readGroupVars(group: string, raw: unknown, site: Site, builder: InventoryBuilder, problems: Problems): void {
  const vars = mappingOf(raw, site, 'variable names to values', problems);
  checkConnectionVars(vars, site, problems);
  builder.setGroupVars(group, vars);
}

function readChildren(group: string, raw: unknown, site: Site, builder: InventoryBuilder, problems: Problems): void {
  const children = mappingOf(raw, site, 'group names to groups', problems);
  for (const [child, data] of Object.entries(children)) {
    readGroup(child, data, site.child(child), builder, problems);
    const loop = builder.addChild(group, child);
    if (loop) problems.add(site.child(child).keyError(`group ${child} cannot be a child of ${group}: that makes a loop (${loop.join(' -> ')})`));
  }
}

/** Reads a section that maps names to values; a lone name is allowed, as Ansible allows it. */
function mappingOf(raw: unknown, site: Site, what: string, problems: Problems): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw === 'string') return { [raw]: null };
  if (isRecord(raw)) return raw;
  const found = Array.isArray(raw) ? 'a list' : `the ${typeof raw} ${String(raw)}`;
  problems.add(site.error(`should be a mapping of ${what}, not ${found}`));
  return {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isUnsafe(value);
}
