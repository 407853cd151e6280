/**
 * Collects hosts, groups and variables from every inventory source in order,
 * then settles `all` and `ungrouped` as Ansible does: every group without a
 * parent is a child of `all`, and `ungrouped` lists the hosts in no other
 * group.
 */
import type { Inventory, InventoryGroup, InventoryHost } from './model.js';

export class InventoryBuilder {
  readonly hosts = new Map<string, InventoryHost>();
  readonly groups = new Map<string, InventoryGroup>();
  readonly sources: string[] = [];
  readonly warnings: string[] = [];
  private readonly parents = new Map<string, Set<string>>();

  constructor() {
    this.group('all');
    this.group('ungrouped');
    this.addChild('all', 'ungrouped');
  }

  /** Returns the group, creating it on first mention. */
  group(name: string): InventoryGroup {
    let group = this.groups.get(name);
    if (!group) {
      group = { name, vars: {}, hosts: [], children: [] };
      this.groups.set(name, group);
      this.parents.set(name, new Set());
    }
    return group;
  }

  /** Adds a host to a group; variables set again replace earlier values, key by key. */
  addHost(name: string, groupName: string, vars: Record<string, unknown> = {}): InventoryHost {
    let host = this.hosts.get(name);
    if (!host) {
      host = { name, vars: {} };
      this.hosts.set(name, host);
    }
    Object.assign(host.vars, vars);
    const group = this.group(groupName);
    if (!group.hosts.includes(name)) group.hosts.push(name);
    return host;
  }

  /** Sets group variables; ansible_group_priority becomes the group's priority, as in ansible-core. */
  setGroupVars(groupName: string, vars: Record<string, unknown>): void {
    const { ansible_group_priority: priority, ...rest } = vars;
    const group = this.group(groupName);
    Object.assign(group.vars, rest);
    if (priority !== undefined) group.priority = Number(priority);
  }

  /**
   * Makes `child` a child group of `parent`. Returns the chain of groups that
   * would form a loop instead, without adding anything.
   */
  addChild(parent: string, child: string): string[] | undefined {
    const loop = this.pathDown(child, parent);
    if (loop) return [parent, ...loop];
    const group = this.group(parent);
    this.group(child);
    if (!group.children.includes(child)) group.children.push(child);
    this.parents.get(child)?.add(parent);
    return undefined;
  }

  /** Finds the groups from `from` down to `to` through children, if `to` is below `from` or is `from`. */
  private pathDown(from: string, to: string): string[] | undefined {
    if (from === to) return [from];
    for (const child of this.groups.get(from)?.children ?? []) {
      const path = this.pathDown(child, to);
      if (path) return [from, ...path];
    }
    return undefined;
  }

  build(): Inventory {
    for (const [name, group] of this.groups) {
      if (name !== 'all' && (this.parents.get(name)?.size ?? 0) === 0) this.addChild('all', group.name);
    }
    this.settleUngrouped();
    return { sources: this.sources, hosts: this.hosts, groups: this.groups, warnings: this.warnings };
  }

  private settleUngrouped(): void {
    const grouped = new Set<string>();
    for (const [name, group] of this.groups) {
      if (name !== 'all' && name !== 'ungrouped') group.hosts.forEach((host) => grouped.add(host));
    }
    const ungrouped = this.group('ungrouped');
    ungrouped.hosts = [...this.hosts.keys()].filter((host) => !grouped.has(host));
  }
}
