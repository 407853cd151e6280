/**
 * The loaded inventory: hosts, groups and their variables, as every loader
 * (Ansible YAML, SKP hosts JSON) produces it.
 */

export interface InventoryHost {
  name: string;
  /** Variables set on the host itself. */
  vars: Record<string, unknown>;
  /** Variables from host_vars/<name> beside the inventory sources, above `vars`. */
  inventoryDirVars?: Record<string, unknown>;
  /** Variables from host_vars/<name> beside the playbook, above inventoryDirVars. */
  playbookDirVars?: Record<string, unknown>;
}

export interface InventoryGroup {
  name: string;
  vars: Record<string, unknown>;
  /** Names of hosts listed directly in this group. */
  hosts: string[];
  /** Names of child groups. */
  children: string[];
  /**
   * The group's ansible_group_priority, which orders groups of the same depth
   * when their variables merge (higher wins). Like ansible-core, the loader
   * keeps it out of `vars`.
   */
  priority?: number;
  /** Variables from group_vars/<name> beside the inventory sources. */
  inventoryDirVars?: Record<string, unknown>;
  /** Variables from group_vars/<name> beside the playbook. */
  playbookDirVars?: Record<string, unknown>;
}

export interface Inventory {
  /** Source files, for messages. */
  sources: string[];
  hosts: Map<string, InventoryHost>;
  /** Always contains `all` and `ungrouped`. */
  groups: Map<string, InventoryGroup>;
  /** Warnings found while loading, each starting with file:line:column. */
  warnings?: string[];
}
