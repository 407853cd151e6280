/**
 * Builds the variables one task sees on one host, layered in Ansible's
 * precedence order, lowest first: role defaults, inventory (group_vars all,
 * other groups, then host vars), facts, play vars, vars_prompt, vars_files,
 * role vars, block vars, task vars, include_vars, set_fact and registered
 * values, role parameters, include parameters, extra vars. Magic variables
 * (inventory_hostname, groups, hostvars, ...) go on top, as Ansible's do.
 */
import type { RoleContext, Task } from '../playbook/model.js';
import { markUntrusted } from '../template/index.js';

/** What the engine keeps per host across the plays of one run. */
export interface HostState {
  name: string;
  /** The host's merged inventory variables (group_vars all, other groups, host). */
  inventoryVars: Record<string, unknown>;
  /** Gathered facts, as `ansible_*` names. */
  facts: Record<string, unknown>;
  /** Values from include_vars, which outlive the play. */
  includedVars: Record<string, unknown>;
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
  /** Answers to vars_prompt. */
  promptVars: Record<string, unknown>;
  /** vars_files whose names are fixed, merged in order. */
  varsFiles: Record<string, unknown>;
  /** vars_files whose names are templated, read per host. */
  hostVarsFiles: Map<string, Record<string, unknown>>;
  /** Defaults and vars of the roles in the play's `roles:`, which every task of the play sees. */
  roleDefaults: Record<string, unknown>;
  roleVars: Record<string, unknown>;
  extraVars: Record<string, unknown>;
  magic: Record<string, unknown>;
}

/** Variables that enclosing blocks and includes pass down, outermost first. */
export interface InheritedVars {
  /** Vars of blocks and imports: the block-vars level. */
  blockVars: Record<string, unknown>[];
  /** Vars of include_tasks and include_role, and a looped include's item. */
  includeParams: Record<string, unknown>[];
}

export function taskVariables(
  host: HostState,
  play: PlayScope,
  task: Task,
  inherited: InheritedVars,
): Record<string, unknown> {
  const role: RoleContext | undefined = task.role;
  const scope: Record<string, unknown> = {};

  Object.assign(scope, play.roleDefaults, role?.defaults);
  Object.assign(scope, host.inventoryVars, host.facts);
  Object.assign(scope, play.playVars, play.promptVars, play.varsFiles, play.hostVarsFiles.get(host.name));
  Object.assign(scope, play.roleVars, role?.vars);
  for (const vars of inherited.blockVars) Object.assign(scope, vars);
  Object.assign(scope, task.vars, host.includedVars, host.runtimeVars, role?.params);
  for (const vars of inherited.includeParams) Object.assign(scope, vars);
  Object.assign(scope, play.extraVars);

  Object.assign(scope, play.magic, hostMagic(host, role));
  return scope;
}

function hostMagic(host: HostState, role: RoleContext | undefined): Record<string, unknown> {
  const magic: Record<string, unknown> = {
    inventory_hostname: host.name,
    inventory_hostname_short: host.name.split('.')[0],
    group_names: host.groupNames,
    omit: OMIT,
    ansible_facts: factsWithoutPrefix(host.facts),
  };
  if (role) {
    magic.role_name = role.name;
    magic.role_path = role.path;
  }
  return magic;
}

const stripped = new WeakMap<object, Record<string, unknown>>();

/**
 * ansible_facts.* carries the facts without their `ansible_` prefix. Kept
 * per facts object, which is replaced, never changed, when facts change.
 */
export function factsWithoutPrefix(facts: Record<string, unknown>): Record<string, unknown> {
  let view = stripped.get(facts);
  if (view) return view;
  view = {};
  for (const [key, value] of Object.entries(facts)) {
    view[key.startsWith('ansible_') ? key.slice('ansible_'.length) : key] = value;
  }
  stripped.set(facts, view);
  return view;
}

/**
 * Adds facts to a host under their own names, as Ansible injects them. The
 * facts object is replaced, so that cached views stay right, and untrusted,
 * because module output is data, never a template.
 */
export function addFacts(host: HostState, facts: Record<string, unknown>): void {
  host.facts = markUntrusted({ ...host.facts, ...facts });
}
