/**
 * Runs the plays of a playbook against an inventory and returns the exit
 * status Ansible would: 0 all well, 2 a host failed, 3 a host unreachable.
 */
import { Limiter } from '../connection/limiter.js';
import type { Connection } from '../connection/connection.js';
import { ExitCode, type ExitStatus } from '../errors.js';
import type { Inventory } from '../inventory/model.js';
import type { RunFlags } from '../modules/module.js';
import type { Play, Playbook, Task } from '../playbook/model.js';
import { type ConnectionDefaults } from './connection-options.js';
import type { ConnectionOpener } from './connection-pool.js';
import type { EventSink, RunEvent } from './events.js';
import { HostConnections } from './host-connections.js';
import { hostvarsView } from './magic.js';
import { PlayRunner } from './play-runner.js';
import { prepareBatch, preparePlay, type PreparedPlay } from './play-setup.js';
import { Recap } from './recap.js';
import type { RuntimeTaskLoader } from './runtime-include.js';
import { serialBatches } from './serial.js';
import { StartAt } from './start-at.js';
import { ALL_TAGS, type TagSelection } from './tags.js';
import type { Prompter } from './vars-prompt.js';

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
  tags?: TagSelection;
  startAtTask?: string;
  verbosity?: number;
  /** Asks for vars_prompt answers; without it, prompts take their defaults. */
  prompt?: Prompter;
  /** Reads a task file when an include_tasks with a templated name runs. */
  loadTasks?: RuntimeTaskLoader;
  /** Opens connections; SSH or local by default, a fake one in tests. */
  openConnection?: ConnectionOpener;
}

export class PlaybookRunner {
  private readonly recap = new Recap();
  private readonly failed = new Set<string>();
  private readonly unreachable = new Set<string>();
  private readonly forks: Limiter;
  private readonly hosts: HostConnections;
  private readonly startAt?: StartAt;
  private readonly hostvars: Record<string, unknown>;
  private taskCount = 0;
  private interrupted = false;
  private readonly options: RunOptions;
  /** The renderer's sink; the engine's events reach it through `relay`. */
  private readonly output: EventSink;
  /** Task-host pairs that have started and have no result yet, by `taskId host`. */
  private readonly unfinished = new Map<string, { host: string; task: string; taskId: number }>();

  constructor(options: RunOptions) {
    this.output = options.emit;
    this.options = { ...options, emit: (event) => this.relay(event) };
    this.forks = new Limiter(Math.max(1, options.forks));
    this.hosts = new HostConnections(this.options);
    this.hostvars = hostvarsView(options.inventory.hosts.keys(), (host) => this.hosts.state(host));
    if (options.startAtTask) this.startAt = new StartAt(options.startAtTask);
  }

  async run(playbooks: Playbook[]): Promise<ExitStatus> {
    const started = performance.now();
    const { emit, flags } = this.options;
    try {
      playbooks: for (const playbook of playbooks) {
        emit({ kind: 'playbook_start', file: playbook.file, check: flags.check, diff: flags.diff });
        for (const play of playbook.plays) {
          if (this.interrupted || !(await this.runPlay(play, playbook))) break playbooks;
        }
      }
    } finally {
      await this.hosts.closeAll();
    }
    if (this.startAt?.isPending) emit({ kind: 'warning', message: `--start-at-task ${this.options.startAtTask}: no task of that name was found` });
    this.output({ kind: 'recap', stats: this.recap.stats, durationMs: performance.now() - started });
    return this.exitStatus();
  }

  /**
   * Stops the run after a signal (Ctrl-C, SIGTERM). Each task still
   * running, or waiting for a fork, ends with a `host_interrupted` event
   * and no result: the recap keeps the counts from before the interrupt,
   * and the engine's later events are dropped. Closing every connection
   * stops the commands running on it. File writes on the hosts are
   * atomic, so a write cut short leaves the old file. No connection opens
   * after this, so a host not reached yet is never contacted. `run()`
   * then returns 99 after one recap.
   */
  async interrupt(reason = 'interrupted'): Promise<void> {
    if (this.interrupted) return;
    this.interrupted = true;
    this.recap.close();
    this.output({ kind: 'warning', message: `${reason}: stopping, and closing every connection` });
    for (const entry of this.unfinished.values()) this.output({ kind: 'host_interrupted', ...entry });
    this.unfinished.clear();
    // Hosts out of the play run no further task, handler or rescue section.
    for (const host of this.options.inventory.hosts.keys()) this.unreachable.add(host);
    await this.hosts.closeAll();
  }

  /** Passes an engine event on to the renderer, keeping track of unfinished tasks; nothing passes after an interrupt. */
  private relay(event: RunEvent): void {
    if (this.interrupted) return;
    if (event.kind === 'task_start') {
      for (const host of event.hosts) this.unfinished.set(`${event.id} ${host}`, { host, task: event.name, taskId: event.id });
    } else if (event.kind === 'host_result') {
      this.unfinished.delete(`${event.taskId} ${event.host}`);
    }
    this.output(event);
  }

  /** Returns the host's connection, opening it unless the run was interrupted. */
  private connect(host: string, connectOptions: Parameters<HostConnections['connect']>[1]): Promise<Connection> {
    if (this.interrupted) return Promise.reject(new Error(`${host}: not connecting, because the run was interrupted`));
    return this.hosts.connect(host, connectOptions);
  }

  /** Whether --limit and the plays' patterns leave any host at all. */
  hasTargets(playbooks: Playbook[]): boolean {
    return playbooks.some((playbook) =>
      playbook.plays.some((play) => this.hosts.targetHosts(play, new Set(), new Set(), false).length > 0),
    );
  }

  private exitStatus(): ExitStatus {
    if (this.interrupted) return ExitCode.interrupted;
    if (this.unreachable.size > 0) return ExitCode.hostUnreachable;
    if (this.failed.size > 0) return ExitCode.hostFailed;
    return ExitCode.ok;
  }

  /**
   * Runs one play and returns false when the playbook must stop. As in
   * Ansible, it stops after any_errors_fatal, max_fail_percentage or a
   * batch whose hosts all failed, and when no host of the play is left.
   */
  private async runPlay(play: Play, playbook: Playbook): Promise<boolean> {
    const { emit } = this.options;
    const hostNames = this.hosts.targetHosts(play, this.failed, this.unreachable);
    const name = play.name ?? play.hosts;
    emit({ kind: 'play_start', name, hosts: hostNames, strategy: String(play.keywords.strategy ?? 'linear') });
    if (hostNames.length === 0) {
      emit({ kind: 'no_hosts', play: name, pattern: play.hosts });
      return true;
    }
    // Until --start-at-task finds its task, plays without it are skipped whole.
    const isSeeking = this.startAt?.isPending ?? false;
    const startSkips = isSeeking ? this.startAt!.planPlay(play.tasks) : undefined;
    if (isSeeking && startSkips === undefined) return true;
    for (const host of hostNames) this.recap.ensure(host);

    const prepared = await preparePlay(play, playbook, this.options, hostNames);
    for (const batch of serialBatches(hostNames, play.serial)) {
      const outcome = await this.runBatch(prepared, batch, startSkips);
      if (outcome === 'stop') return false;
      if (outcome === 'end') break;
    }
    const left = hostNames.filter((host) => !this.failed.has(host) && !this.unreachable.has(host));
    if (left.length === 0) emit({ kind: 'warning', message: 'no hosts left: the playbook stops here' });
    return left.length > 0;
  }

  private async runBatch(prepared: PreparedPlay, batch: string[], startSkips: WeakSet<Task> | undefined): Promise<'next' | 'end' | 'stop'> {
    const { play } = prepared;
    const runner = new PlayRunner({
      play,
      hosts: batch.map((host) => this.hosts.state(host)),
      scope: await prepareBatch(prepared, batch, {
        options: this.options,
        index: this.hosts.index,
        hostvars: this.hostvars,
        stateOf: (host) => this.hosts.state(host),
        failed: this.failed,
        unreachable: this.unreachable,
      }),
      flags: this.options.flags,
      forks: this.forks,
      recap: this.recap,
      emit: this.options.emit,
      connect: (host, connectOptions) => this.connect(host, connectOptions),
      hostState: (host) => this.hosts.state(host),
      failed: this.failed,
      unreachable: this.unreachable,
      forceHandlers: this.options.forceHandlers || play.keywords.force_handlers === true,
      tags: this.options.tags ?? ALL_TAGS,
      startSkips,
      verbosity: this.options.verbosity ?? 0,
      nextTaskId: () => ++this.taskCount,
      loadTasks: this.loadTasks,
      resetConnection: (host) => this.hosts.reset(host),
    });
    await runner.run();
    if (runner.aborted) return 'stop';
    if (batch.every((host) => this.failed.has(host) || this.unreachable.has(host))) return 'stop';
    return runner.endsPlay ? 'end' : 'next';
  }

  private readonly loadTasks: RuntimeTaskLoader = async (path, role, playbookDir) => {
    if (!this.options.loadTasks) throw new Error('reading task files while the playbook runs is not available here');
    return this.options.loadTasks(path, role, playbookDir);
  };
}
