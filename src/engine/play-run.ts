/**
 * The state of one play (one serial batch) while it runs: which hosts are
 * still in it, the handler notifications, how each result counts in the
 * recap, and what a failure does (rescue, any_errors_fatal,
 * max_fail_percentage). The walker (task-walk.ts) and the dispatcher
 * (task-dispatch.ts) share it.
 */
import type { Limiter } from '../connection/limiter.js';
import type { RunFlags } from '../modules/module.js';
import type { ModuleTask, Play, Task } from '../playbook/model.js';
import { markUntrusted } from '../template/index.js';
import type { EventSink, RunEvent } from './events.js';
import { HandlerTracker } from './handlers.js';
import { playInheritance, type Inherited } from './inherit.js';
import type { Recap } from './recap.js';
import type { RuntimeTaskLoader } from './runtime-include.js';
import type { Connector } from './task-connection.js';
import type { TaskOutcome } from './task-result.js';
import type { TagSelection } from './tags.js';
import { taskVariables, type HostState, type PlayScope } from './variables.js';

export interface PlayRunOptions {
  play: Play;
  hosts: HostState[];
  scope: PlayScope;
  flags: RunFlags;
  forks: Limiter;
  recap: Recap;
  emit: EventSink;
  connect: Connector;
  /** Another host's state, created on first use (delegate_to, delegate_facts). */
  hostState: (name: string) => HostState;
  /** Hosts that failed or became unreachable; shared across plays. */
  failed: Set<string>;
  unreachable: Set<string>;
  forceHandlers: boolean;
  tags: TagSelection;
  /** Tasks --start-at-task skips in this play. */
  startSkips?: WeakSet<Task>;
  verbosity: number;
  /** Returns the next task id of the run. */
  nextTaskId: () => number;
  loadTasks: RuntimeTaskLoader;
  /** Closes a host's connection, so that the next task opens a new one. */
  resetConnection: (host: string) => Promise<void>;
}

export class PlayRun {
  readonly hostByName: Map<string, HostState>;
  readonly handlers: HandlerTracker;
  /** Set by any_errors_fatal, max_fail_percentage or meta: end_play: no further task runs. */
  ended = false;
  /** The playbook stops after this play (any_errors_fatal, max_fail_percentage). */
  aborted = false;
  /** meta: end_play was run: later serial batches do not run either. */
  endsPlay = false;
  readonly endedHosts = new Set<string>();
  /** The conditions, tags and keywords the play passes down to its tasks and handlers. */
  readonly top: Inherited;
  private readonly throttles = new WeakMap<object, Limiter>();
  /** Roles that meta: end_role ended, by host, as role folders. */
  private readonly endedRoles = new Map<string, Set<string>>();

  constructor(readonly options: PlayRunOptions) {
    this.hostByName = new Map(options.hosts.map((host) => [host.name, host]));
    this.handlers = new HandlerTracker(options.play.handlers);
    const playTags = options.play.keywords.tags;
    this.top = playInheritance(options.play, Array.isArray(playTags) ? playTags.map(String) : []);
  }

  get play(): Play {
    return this.options.play;
  }

  emit(event: RunEvent): void {
    this.options.emit(event);
  }

  host(name: string): HostState {
    return this.hostByName.get(name) ?? this.options.hostState(name);
  }

  isActive(host: string): boolean {
    const { failed, unreachable } = this.options;
    return !failed.has(host) && !unreachable.has(host) && !this.endedHosts.has(host);
  }

  endRole(host: string, rolePath: string): void {
    let roles = this.endedRoles.get(host);
    if (!roles) this.endedRoles.set(host, (roles = new Set()));
    roles.add(rolePath);
  }

  /** Returns whether meta: end_role ended this role for the host. */
  hasEndedRole(host: string, rolePath: string): boolean {
    return this.endedRoles.get(host)?.has(rolePath) ?? false;
  }

  /** Called when a role's block finishes: a later run of the role starts afresh. */
  leaveRole(rolePath: string): void {
    for (const roles of this.endedRoles.values()) roles.delete(rolePath);
  }

  /** Returns whether notified handlers run for a host at a flush: when it is active, or failed with force_handlers. */
  mayRunHandlers(host: string): boolean {
    if (this.options.unreachable.has(host) || this.endedHosts.has(host)) return false;
    return this.isActive(host) || this.options.forceHandlers;
  }

  varsFor(hostName: string, task: Task, inherited: Inherited): Record<string, unknown> {
    return taskVariables(this.host(hostName), this.options.scope, task, inherited);
  }

  /** Returns the `throttle` limiter of a task, one per task as written. */
  throttleFor(key: object, limit: number, create: (limit: number) => Limiter): Limiter {
    let limiter = this.throttles.get(key);
    if (!limiter) this.throttles.set(key, (limiter = create(limit)));
    return limiter;
  }

  /**
   * Counts a host's result and applies its consequences: a failure takes
   * the host out of the play (a rescue section may bring it back), and a
   * change notifies the task's handlers.
   */
  settle(hostName: string, task: ModuleTask, outcome: TaskOutcome, inherited: Inherited, notify: string[]): void {
    const { recap, failed, unreachable } = this.options;
    if (outcome.status === 'failed') {
      failed.add(hostName);
      recap.record(hostName, 'failed', { rescuable: inherited.rescuable });
      if (inherited.rescuable) this.rememberFailure(hostName, task, outcome);
      return;
    }
    if (outcome.status === 'unreachable') unreachable.add(hostName);
    recap.record(hostName, outcome.status, { changed: outcome.result.changed === true });
    if (outcome.status === 'changed' && notify.length > 0) this.handlers.notify(hostName, notify);
  }

  /** ansible_failed_task and ansible_failed_result, which a rescue section reads. */
  private rememberFailure(hostName: string, task: ModuleTask, outcome: TaskOutcome): void {
    const failedTask = {
      name: task.name ?? task.moduleAlias,
      action: task.moduleAlias,
      args: task.args,
      path: `${task.position.file}:${task.position.line}`,
      role: task.role?.name,
    };
    const vars = this.host(hostName).runtimeVars;
    vars.ansible_failed_task = markUntrusted(failedTask);
    vars.ansible_failed_result = outcome.result;
  }

  /** any_errors_fatal: every host still in the play fails, and the playbook stops after it. */
  failAll(hosts: readonly string[]): void {
    this.ended = true;
    this.aborted = true;
    for (const host of hosts) if (this.isActive(host)) this.options.failed.add(host);
  }
}
