/**
 * The hosts of a run: their state (variables, facts, values set), which
 * hosts a play targets, and their connections, planned from each task's
 * connection variables and opened once per distinct plan.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Connection } from '../connection/connection.js';
import { withSu } from '../connection/wrappers.js';
import { selectHosts } from '../inventory/patterns.js';
import type { Play } from '../playbook/model.js';
import { renderValue } from '../template/index.js';
import type { ConnectionPlan } from './connection-options.js';
import { ConnectionPlanner } from './connection-planner.js';
import { ConnectionPool } from './connection-pool.js';
import { orderHosts } from './host-order.js';
import { InventoryIndex } from './magic.js';
import type { RunOptions } from './playbook-runner.js';
import type { ConnectOptions } from './task-connection.js';
import type { HostState } from './variables.js';

/** Names that reach the controller itself when the inventory does not define them, as in Ansible. */
const IMPLICIT_LOCALHOST = new Set(['localhost', '127.0.0.1', '::1']);

export class HostConnections {
  readonly index: InventoryIndex;
  private readonly states = new Map<string, HostState>();
  private readonly pool: ConnectionPool;
  private readonly planner: ConnectionPlanner;
  private location?: Record<string, string>;

  constructor(private readonly options: RunOptions) {
    this.index = new InventoryIndex(options.inventory);
    this.pool = new ConnectionPool((plan, durationMs) => this.reportOpen(plan, durationMs), options.openConnection);
    this.planner = new ConnectionPlanner(options.connection);
  }

  state(name: string): HostState {
    let state = this.states.get(name);
    if (!state) {
      state = {
        name,
        inventoryVars: { ...this.inventoryLocation(), ...this.inventoryVars(name) },
        facts: {},
        includedVars: {},
        runtimeVars: {},
        groupNames: this.index.groupNames(name),
      };
      this.states.set(name, state);
    }
    return state;
  }

  private inventoryVars(name: string): Record<string, unknown> {
    if (!this.options.inventory.hosts.has(name) && IMPLICIT_LOCALHOST.has(name)) return { ansible_connection: 'local' };
    return this.options.hostVariables(name);
  }

  /**
   * inventory_dir and inventory_file, which inventory variables may use
   * (`{{ inventory_dir }}/keys/id`).
   */
  // NOTE: with several -i sources, every host gets the first one's folder,
  // where Ansible gives each host the folder of the file that defines it.
  private inventoryLocation(): Record<string, string> {
    if (this.location) return this.location;
    const source = this.options.inventory.sources[0];
    if (!source) return (this.location = {});
    const isFolder = statSync(source, { throwIfNoEntry: false })?.isDirectory() ?? false;
    return (this.location = { inventory_file: source, inventory_dir: isFolder ? source : dirname(source) });
  }

  /** Returns the hosts a play runs on: its pattern within --limit, in its `order`, without the hosts already out. */
  targetHosts(play: Play, failed: Set<string>, unreachable: Set<string>, warn = true): string[] {
    const { inventory, limit, extraVars } = this.options;
    const emit = warn ? this.options.emit : () => undefined;
    const pattern = String(renderValue(play.hosts, extraVars));
    // `hosts: localhost` reaches the controller even when the inventory
    // does not list it, as Ansible's implicit localhost does.
    const isImplicit = IMPLICIT_LOCALHOST.has(pattern) && !inventory.hosts.has(pattern);
    let hosts = [pattern];
    if (!isImplicit) {
      const selected = selectHosts(inventory, pattern);
      for (const term of selected.unmatched) emit({ kind: 'warning', message: `host pattern ${term} matched no hosts` });
      hosts = selected.hosts;
    }
    if (limit) {
      const allowed = new Set(selectHosts(inventory, limit).hosts);
      if (isImplicit && limit === pattern) allowed.add(pattern);
      hosts = hosts.filter((host) => allowed.has(host));
    }
    const left = hosts.filter((host) => !failed.has(host) && !unreachable.has(host));
    return orderHosts(left, play.keywords.order);
  }

  /**
   * Opens (or reuses) a host's connection, planned from options.vars (the
   * task's variables on that host) or, without them, from its inventory
   * variables. SSH and local connections implement only sudo, so su goes
   * on top here.
   */
  connect(hostName: string, options: ConnectOptions = {}): Promise<Connection> {
    const vars = options.vars ?? this.state(hostName).inventoryVars;
    let plan: ConnectionPlan;
    try {
      plan = this.planner.plan(hostName, vars, options);
    } catch (error) {
      return Promise.reject(error);
    }
    const password = plan.kind === 'local' ? plan.becomePassword : plan.target.becomePassword;
    return this.pool.get(plan).then((connection) => withSu(connection, password));
  }

  reset(hostName: string): Promise<void> {
    return this.pool.drop(hostName);
  }

  closeAll(): Promise<void> {
    return this.pool.closeAll();
  }

  private reportOpen(plan: ConnectionPlan, durationMs: number): void {
    if ((this.options.verbosity ?? 0) < 3) return;
    const host = plan.kind === 'local' ? plan.hostName : plan.target.hostName;
    this.options.emit({ kind: 'connection', host, detail: describePlan(plan), durationMs });
  }
}

/** Describes a connection for -vvv: the address, the user, the key and the known_hosts files. */
export function describePlan(plan: ConnectionPlan): string {
  if (plan.kind === 'local') return 'local connection (/bin/sh on the controller)';
  const { target } = plan;
  const parts = [`ssh ${target.user}@${target.address}:${target.port}`];
  if (target.privateKeyFile) parts.push(`key ${target.privateKeyFile}`);
  parts.push(target.hostKeyChecking ? `host key checked against ${target.knownHostsFiles.join(', ')}` : 'host key not checked');
  parts.push(`connect timeout ${target.connectTimeoutMs / 1000} s`);
  return parts.join(', ');
}
