/**
 * Runs the plays of a playbook against an inventory and returns the exit
 * status Ansible would: 0 all well, 2 a host failed, 3 a host unreachable.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Limiter } from '../connection/limiter.js';
import { ExitCode, type ExitStatus } from '../errors.js';
import type { Inventory } from '../inventory/model.js';
import { groupHosts, selectHosts } from '../inventory/patterns.js';
import type { RunFlags } from '../modules/module.js';
import type { Play, Playbook } from '../playbook/model.js';
import { renderValue } from '../template/index.js';
import { planConnection, type ConnectionDefaults } from './connection-options.js';
import { ConnectionPool } from './connection-pool.js';
import type { EventSink } from './events.js';
import { PlayRunner } from './play-runner.js';
import { Recap } from './recap.js';
import { serialBatches } from './serial.js';
import type { HostState } from './variables.js';

export interface RunOptions {
  inventory: Inventory;
  /** Merged inventory variables of a host, as the inventory loader computes them. */
  hostVariables: (hostName: string) => Record<string, unknown>;
  flags: RunFlags;
  forks: number;
  limit?: string;
  extraVars: Record<string, unknown>;
  connection: ConnectionDefaults;
  forceHandlers: boolean;
  emit: EventSink;
}

export class PlaybookRunner {
  private readonly pool = new ConnectionPool();
  private readonly recap = new Recap();
  private readonly hosts = new Map<string, HostState>();
  private readonly failed = new Set<string>();
  private readonly unreachable = new Set<string>();
  private readonly forks: Limiter;

  constructor(private readonly options: RunOptions) {
    this.forks = new Limiter(Math.max(1, options.forks));
  }

  async run(playbooks: Playbook[]): Promise<ExitStatus> {
    const started = performance.now();
    try {
      for (const playbook of playbooks) {
        this.options.emit({ kind: 'playbook_start', file: playbook.file });
        for (const play of playbook.plays) {
          const goOn = await this.runPlay(play, playbook);
          if (!goOn) break;
        }
      }
    } finally {
      await this.pool.closeAll();
    }
    this.options.emit({ kind: 'recap', stats: this.recap.stats, durationMs: performance.now() - started });
    return this.exitStatus();
  }

  private exitStatus(): ExitStatus {
    if (this.unreachable.size > 0) return ExitCode.hostUnreachable;
    if (this.failed.size > 0) return ExitCode.hostFailed;
    return ExitCode.ok;
  }

  private targetHosts(play: Play): string[] {
    const { inventory, limit, emit } = this.options;
    const pattern = String(renderValue(play.hosts, this.options.extraVars));
    const selected = selectHosts(inventory, pattern);
    for (const term of selected.unmatched) emit({ kind: 'warning', message: `host pattern ${term} matched no hosts` });
    let hosts = selected.hosts;
    if (limit) {
      const allowed = new Set(selectHosts(inventory, limit).hosts);
      hosts = hosts.filter((host) => allowed.has(host));
    }
    return hosts.filter((host) => !this.failed.has(host) && !this.unreachable.has(host));
  }

  /**
   * Runs one play; returns false when the playbook must stop, as Ansible
   * does after any_errors_fatal or when no host of the play is left.
   */
  private async runPlay(play: Play, playbook: Playbook): Promise<boolean> {
    const hostNames = this.targetHosts(play);
    const name = play.name ?? play.hosts;
    this.options.emit({ kind: 'play_start', name, hosts: hostNames });
    if (hostNames.length === 0) {
      this.options.emit({ kind: 'no_hosts', play: name, pattern: play.hosts });
      return true;
    }
    for (const host of hostNames) this.recap.ensure(host);

    for (const batch of serialBatches(hostNames, play.serial)) {
      const states = batch.map((host) => this.hostState(host));
      const runner = new PlayRunner({
        play,
        hosts: states,
        scope: {
          playVars: play.vars,
          extraVars: this.options.extraVars,
          magic: this.magicVariables(playbook, hostNames, batch),
        },
        flags: this.options.flags,
        forks: this.forks,
        recap: this.recap,
        emit: this.options.emit,
        connect: (host) => this.connect(host),
        failed: this.failed,
        unreachable: this.unreachable,
        forceHandlers: this.options.forceHandlers || play.keywords.force_handlers === true,
      });
      await runner.run();
      if (runner.aborted) return false;
    }
    const left = hostNames.filter((host) => !this.failed.has(host) && !this.unreachable.has(host));
    if (left.length === 0) this.options.emit({ kind: 'warning', message: 'no hosts left: the playbook stops here' });
    return left.length > 0;
  }

  private hostState(name: string): HostState {
    let state = this.hosts.get(name);
    if (!state) {
      state = {
        name,
        inventoryVars: { ...this.inventoryLocation(), ...this.options.hostVariables(name) },
        facts: {},
        runtimeVars: {},
        groupNames: this.groupNamesOf(name),
      };
      this.hosts.set(name, state);
    }
    return state;
  }

  /**
   * inventory_dir and inventory_file, which inventory variables may use
   * (`{{ inventory_dir }}/keys/id`).
   */
  // NOTE: with several -i sources, every host gets the first one's folder,
  // where Ansible gives each host the folder of the file that defines it.
  private inventoryLocation(): Record<string, string> {
    const source = this.options.inventory.sources[0];
    if (!source) return {};
    const isFolder = statSync(source, { throwIfNoEntry: false })?.isDirectory() ?? false;
    return { inventory_file: source, inventory_dir: isFolder ? source : dirname(source) };
  }

  private groupNamesOf(host: string): string[] {
    const names: string[] = [];
    for (const group of this.options.inventory.groups.keys()) {
      if (group === 'all') continue;
      if (groupHosts(this.options.inventory, group).includes(host)) names.push(group);
    }
    return names.sort();
  }

  private magicVariables(playbook: Playbook, playHosts: string[], batch: string[]): Record<string, unknown> {
    const groups: Record<string, string[]> = {};
    for (const group of this.options.inventory.groups.keys()) groups[group] = groupHosts(this.options.inventory, group);
    return {
      groups,
      hostvars: this.hostvarsView(),
      play_hosts: batch,
      ansible_play_hosts: playHosts.filter((host) => !this.failed.has(host) && !this.unreachable.has(host)),
      ansible_play_hosts_all: playHosts,
      ansible_play_batch: batch,
      ansible_check_mode: this.options.flags.check,
      ansible_diff_mode: this.options.flags.diff,
      playbook_dir: playbook.dir,
    };
  }

  /** hostvars[name]: another host's inventory variables, facts and registered values. */
  private hostvarsView(): Record<string, unknown> {
    const view: Record<string, unknown> = {};
    for (const name of this.options.inventory.hosts.keys()) {
      Object.defineProperty(view, name, {
        enumerable: true,
        // Rendered in that host's own context, as Ansible does: its
        // ansible_host may itself be a template of its own variables.
        get: () => {
          const state = this.hostState(name);
          const vars = { ...state.inventoryVars, ...state.facts, ...state.runtimeVars, inventory_hostname: name };
          return renderValue(vars, vars);
        },
      });
    }
    return view;
  }

  private connect(hostName: string) {
    const vars = this.hostState(hostName).inventoryVars;
    const plan = planConnection(hostName, renderValue(vars, vars) as Record<string, unknown>, this.options.connection);
    return this.pool.get(plan);
  }
}
