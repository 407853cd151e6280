/**
 * Builds the variables one task sees on one host, layered in Ansible's
 * precedence order, lowest first: role defaults, inventory (group, then
 * host), facts, play vars, play vars_files, role vars, block and task vars,
 * set_fact and registered values, role parameters, extra vars.
 */
import type { RoleContext, Task } from '../playbook/model.js';

/** What the engine keeps per host across the plays of one run. */
export interface HostState {
  name: string;
  /** The host's merged inventory variables (groups, then host). */
  inventoryVars: Record<string, unknown>;
  /** Gathered facts, as `ansible_*` names. */
  facts: Record<string, unknown>;
  /** Values from set_fact and register, which outlive the play. */
  runtimeVars: Record<string, unknown>;
  groupNames: string[];
}

/**
 * The value of `omit`. An argument that renders to it is left out, so that
 * `mode: "{{ file_mode | default(omit) }}"` means "not given" when unset.
 */
export const OMIT = '__omit_place_holder__skprun';

export interface PlayScope {
  playVars: Record<string, unknown>;
  extraVars: Record<string, unknown>;
  magic: Record<string, unknown>;
}

/** Variables from enclosing blocks, outermost first. */
export type BlockVars = Record<string, unknown>[];

export function taskVariables(
  host: HostState,
  play: PlayScope,
  task: Task,
  blockVars: BlockVars,
): Record<string, unknown> {
  const role: RoleContext | undefined = task.role;
  const scope: Record<string, unknown> = {};

  Object.assign(scope, role?.defaults);
  Object.assign(scope, host.inventoryVars, host.facts);
  Object.assign(scope, play.playVars, role?.vars);
  for (const vars of blockVars) Object.assign(scope, vars);
  Object.assign(scope, task.vars, host.runtimeVars, role?.params, play.extraVars);

  Object.assign(scope, play.magic, hostMagic(host, role));
  return scope;
}

function hostMagic(host: HostState, role: RoleContext | undefined): Record<string, unknown> {
  const magic: Record<string, unknown> = {
    inventory_hostname: host.name,
    inventory_hostname_short: host.name.split('.')[0],
    group_names: host.groupNames,
    omit: OMIT,
    ansible_facts: stripFactPrefix(host.facts),
  };
  if (role) {
    magic.role_name = role.name;
    magic.role_path = role.path;
  }
  return magic;
}

/** ansible_facts.* carries the facts without their `ansible_` prefix. */
function stripFactPrefix(facts: Record<string, unknown>): Record<string, unknown> {
  const stripped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(facts)) {
    stripped[key.startsWith('ansible_') ? key.slice('ansible_'.length) : key] = value;
  }
  return stripped;
}
