/**
 * The loaded inventory: hosts, groups and their variables, as every loader
 * (Ansible YAML, SKP hosts JSON) produces it.
 */

export interface InventoryHost {
  name: string;
  /** Variables set on the host itself. */
  vars: Record<string, unknown>;
}

export interface InventoryGroup {
  name: string;
  vars: Record<string, unknown>;
  /** Names of hosts listed directly in this group. */
  hosts: string[];
  /** Names of child groups. */
  children: string[];
}

export interface Inventory {
  /** Source files, for messages. */
  sources: string[];
  hosts: Map<string, InventoryHost>;
  /** Always contains `all` and `ungrouped`. */
  groups: Map<string, InventoryGroup>;
}
