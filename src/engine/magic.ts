/**
 * Ansible's magic variables that describe the inventory and the run:
 * groups, group_names, hostvars, play_hosts and the like. Group membership
 * is computed once per run, because the inventory does not change while
 * it runs and a per-task computation would cost O(hosts x groups) each time.
 */
import type { Inventory } from '../inventory/model.js';
import { groupHosts } from '../inventory/patterns.js';
import { renderValue } from '../template/index.js';
import { factsWithoutPrefix, type HostState } from './variables.js';

export class InventoryIndex {
  /** Every group's hosts, `all` and `ungrouped` included. */
  readonly groups: Record<string, string[]> = {};
  private readonly namesByHost = new Map<string, string[]>();

  constructor(inventory: Inventory) {
    for (const group of inventory.groups.keys()) {
      const hosts = groupHosts(inventory, group);
      this.groups[group] = hosts;
      if (group === 'all') continue;
      for (const host of hosts) {
        let names = this.namesByHost.get(host);
        if (!names) this.namesByHost.set(host, (names = []));
        names.push(group);
      }
    }
    for (const names of this.namesByHost.values()) names.sort();
  }

  /** Returns the groups a host is in, sorted and without `all`, as Ansible's group_names. */
  groupNames(host: string): string[] {
    return this.namesByHost.get(host) ?? [];
  }
}

/**
 * hostvars[name]: another host's inventory variables, facts and the values
 * it has set. Each entry is computed when read, in that host's own context,
 * as Ansible does: its ansible_host may itself template its own variables.
 */
export function hostvarsView(names: Iterable<string>, stateOf: (name: string) => HostState): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const name of names) {
    Object.defineProperty(view, name, {
      enumerable: true,
      get: () => {
        const state = stateOf(name);
        const vars = {
          ...state.inventoryVars,
          ...state.facts,
          ...state.includedVars,
          ...state.runtimeVars,
          inventory_hostname: name,
          group_names: state.groupNames,
        };
        return { ...(renderValue(vars, vars) as object), ansible_facts: factsWithoutPrefix(state.facts) };
      },
    });
  }
  return view;
}

export interface PlayMagicInput {
  groups: Record<string, string[]>;
  hostvars: Record<string, unknown>;
  playHosts: string[];
  activeHosts: string[];
  batch: string[];
  playName: string;
  playbookDir: string;
  check: boolean;
  diff: boolean;
  verbosity: number;
  runTags: string[];
  skipTags: string[];
  roleNames: string[];
}

export function playMagic(input: PlayMagicInput): Record<string, unknown> {
  return {
    groups: input.groups,
    hostvars: input.hostvars,
    play_hosts: input.batch,
    ansible_play_hosts: input.activeHosts,
    ansible_play_hosts_all: input.playHosts,
    ansible_play_batch: input.batch,
    ansible_play_name: input.playName,
    ansible_play_role_names: input.roleNames,
    ansible_role_names: input.roleNames,
    ansible_check_mode: input.check,
    ansible_diff_mode: input.diff,
    ansible_verbosity: input.verbosity,
    ansible_run_tags: input.runTags.length > 0 ? input.runTags : ['all'],
    ansible_skip_tags: input.skipTags,
    playbook_dir: input.playbookDir,
  };
}
