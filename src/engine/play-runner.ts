/**
 * Runs one play with Ansible's linear strategy: each task runs on every
 * active host at once (up to --forks) and the next task starts when all
 * have finished. A host that fails leaves the play; handlers run at the end
 * for the hosts that notified them.
 */
import type { Connection } from '../connection/connection.js';
import type { Limiter } from '../connection/limiter.js';
import type { RunFlags } from '../modules/module.js';
import type { BlockTask, Handler, ModuleTask, Play, Task } from '../playbook/model.js';
import { evaluateCondition, markUntrusted, renderValue } from '../template/index.js';
import type { EventSink, HostStatus } from './events.js';
import type { Recap } from './recap.js';
import { runModuleTask } from './task-runner.js';
import { failedOutcome, unreachableOutcome, type TaskOutcome } from './task-result.js';
import { gatherFacts } from './facts.js';
import { UnreachableError } from '../errors.js';
import { taskVariables, type HostState, type PlayScope } from './variables.js';

export interface PlayRunOptions {
  play: Play;
  hosts: HostState[];
  scope: PlayScope;
  flags: RunFlags;
  forks: Limiter;
  recap: Recap;
  emit: EventSink;
  connect: (hostName: string) => Promise<Connection>;
  /** Hosts that failed or became unreachable; shared across plays. */
  failed: Set<string>;
  unreachable: Set<string>;
  forceHandlers: boolean;
}

/** What enclosing blocks pass down to the tasks inside them. */
interface Inherited {
  vars: Record<string, unknown>[];
  when: unknown[];
  keywords: Record<string, unknown>;
}

const TOP: Inherited = { vars: [], when: [], keywords: {} };

export class PlayRunner {
  private readonly hostByName: Map<string, HostState>;
  private readonly notified = new Map<string, Set<string>>();
  /** Set by any_errors_fatal or meta: end_play: no further task runs. */
  private ended = false;
  private readonly endedHosts = new Set<string>();
  /** any_errors_fatal stopped the play: the playbook stops too. */
  aborted = false;

  constructor(private readonly options: PlayRunOptions) {
    this.hostByName = new Map(options.hosts.map((host) => [host.name, host]));
  }

  async run(): Promise<void> {
    const { play } = this.options;
    const names = this.options.hosts.map((host) => host.name);
    if (play.gatherFacts) await this.gatherFacts(names);
    await this.runTasks(play.tasks, names, TOP);
    await this.flushHandlers(names);
  }

  private async gatherFacts(hosts: string[]): Promise<void> {
    const { emit, recap, forks } = this.options;
    const task = 'Gathering Facts';
    emit({ kind: 'task_start', name: task, module: 'gather_facts', hosts, isHandler: false });
    await Promise.all(
      hosts.map((name) =>
        forks.run(async () => {
          const started = performance.now();
          emit({ kind: 'host_start', host: name, task });
          const outcome = await this.readFacts(name);
          this.applyStatus(name, outcome.status);
          recap.record(name, outcome.status);
          emit({ kind: 'host_result', host: name, task, ...outcome, durationMs: performance.now() - started });
        }),
      ),
    );
  }

  private async readFacts(name: string): Promise<TaskOutcome> {
    try {
      const facts = markUntrusted(await gatherFacts(await this.options.connect(name)));
      this.hostByName.get(name)!.facts = facts;
      return { status: 'ok', msg: `facts of ${String(facts.ansible_fqdn)}`, result: { ansible_facts: facts } };
    } catch (error) {
      if (error instanceof UnreachableError) return unreachableOutcome(error.message);
      return failedOutcome(`gathering facts failed: ${(error as Error).message}`);
    }
  }

  private isActive(host: string): boolean {
    const { failed, unreachable } = this.options;
    return !failed.has(host) && !unreachable.has(host) && !this.endedHosts.has(host);
  }

  private async runTasks(tasks: Task[], hosts: string[], inherited: Inherited): Promise<void> {
    for (const task of tasks) {
      if (this.ended) return;
      const active = hosts.filter((host) => this.isActive(host));
      if (active.length === 0) return;
      if (task.kind === 'block') await this.runBlock(task, active, inherited);
      else await this.runTask(this.inherit(task, inherited), active, inherited.vars);
    }
  }

  private inherit(task: ModuleTask, inherited: Inherited): ModuleTask {
    if (inherited === TOP) return task;
    return { ...task, when: [...inherited.when, ...task.when], keywords: { ...inherited.keywords, ...task.keywords } };
  }

  private async runBlock(block: BlockTask, hosts: string[], inherited: Inherited): Promise<void> {
    const inner: Inherited = {
      vars: [...inherited.vars, block.vars],
      when: [...inherited.when, ...block.when],
      keywords: { ...inherited.keywords, ...block.keywords },
    };
    const { failed, recap } = this.options;
    const failedBefore = new Set(failed);
    const pendingBefore = block.rescue.length > 0 ? recap.enterRescuable() : undefined;

    await this.runTasks(block.block, hosts, inner);
    const failedInBlock = hosts.filter((host) => failed.has(host) && !failedBefore.has(host));

    if (pendingBefore) {
      for (const host of failedInBlock) failed.delete(host);
      await this.runTasks(block.rescue, failedInBlock, inner);
      const rescued = failedInBlock.filter((host) => !failed.has(host));
      recap.leaveRescuable(pendingBefore, rescued);
    }

    if (block.always.length > 0) {
      const stillFailed = hosts.filter((host) => failed.has(host) && !failedBefore.has(host));
      for (const host of stillFailed) failed.delete(host);
      await this.runTasks(block.always, hosts, inner);
      for (const host of stillFailed) failed.add(host);
    }
  }

  private async runTask(task: ModuleTask, hosts: string[], blockVars: Record<string, unknown>[], isHandler = false): Promise<void> {
    const { emit } = this.options;
    const name = task.name ?? task.moduleAlias;
    if (task.module === 'meta') return this.runMeta(task, hosts);

    const runOnce = task.keywords.run_once !== undefined && evaluateCondition(task.keywords.run_once, this.varsFor(hosts[0], task, blockVars));
    const targets = runOnce ? hosts.slice(0, 1) : hosts;
    emit({ kind: 'task_start', name, module: task.moduleAlias, hosts: targets, isHandler });

    const outcomes = await Promise.all(targets.map((host) => this.options.forks.run(() => this.runOnHost(task, host, blockVars))));
    if (runOnce && outcomes[0]) this.shareRunOnce(task, hosts, outcomes[0]);

    const anyFailed = outcomes.some((outcome) => outcome.status === 'failed');
    if (anyFailed && this.options.play.anyErrorsFatal) this.endPlayForAll(hosts);
  }

  private varsFor(hostName: string, task: ModuleTask, blockVars: Record<string, unknown>[]): Record<string, unknown> {
    return taskVariables(this.hostByName.get(hostName)!, this.options.scope, task, blockVars);
  }

  private async runOnHost(task: ModuleTask, hostName: string, blockVars: Record<string, unknown>[]): Promise<TaskOutcome> {
    const { flags, emit, recap } = this.options;
    const host = this.hostByName.get(hostName)!;
    const name = task.name ?? task.moduleAlias;
    const started = performance.now();
    emit({ kind: 'host_start', host: hostName, task: name });

    const vars = this.varsFor(hostName, task, blockVars);
    const outcome = await runModuleTask(task, { host, vars, flags, connect: this.options.connect });
    this.applyStatus(hostName, outcome.status);
    recap.record(hostName, outcome.status);
    if (outcome.status === 'changed') this.notify(task, hostName, vars);

    emit({
      kind: 'host_result',
      host: hostName,
      task: name,
      status: outcome.status,
      msg: outcome.msg,
      durationMs: performance.now() - started,
      result: outcome.result,
    });
    return outcome;
  }

  private applyStatus(host: string, status: HostStatus): void {
    if (status === 'failed') this.options.failed.add(host);
    if (status === 'unreachable') this.options.unreachable.add(host);
  }

  /** run_once: the one result is registered on every host of the play. */
  private shareRunOnce(task: ModuleTask, hosts: string[], outcome: TaskOutcome): void {
    if (!task.register) return;
    for (const host of hosts) this.hostByName.get(host)!.runtimeVars[task.register] = outcome.result;
  }

  private endPlayForAll(hosts: string[]): void {
    this.ended = true;
    this.aborted = true;
    for (const host of hosts) if (this.isActive(host)) this.options.failed.add(host);
  }

  private notify(task: ModuleTask, host: string, vars: Record<string, unknown>): void {
    for (const raw of task.notify) {
      const name = String(renderValue(raw, vars));
      let hosts = this.notified.get(name);
      if (!hosts) this.notified.set(name, (hosts = new Set()));
      hosts.add(host);
    }
  }

  /** Runs notified handlers in the order the play defines them. */
  private async flushHandlers(hosts: string[]): Promise<void> {
    for (const handler of this.options.play.handlers) {
      const names = [handler.name ?? '', ...handler.listen];
      const wanting = new Set<string>();
      for (const name of names) for (const host of this.notified.get(name) ?? []) wanting.add(host);
      for (const name of names) this.notified.delete(name);

      const runFor = hosts.filter((host) => wanting.has(host) && (this.isActive(host) || this.options.forceHandlers));
      if (runFor.length > 0) await this.runHandler(handler, runFor);
    }
  }

  private async runHandler(handler: Handler, hosts: string[]): Promise<void> {
    await this.runTask(handler, hosts, [], true);
  }

  private async runMeta(task: ModuleTask, hosts: string[]): Promise<void> {
    const action = String(task.args.free_form ?? task.args._raw_params ?? Object.values(task.args)[0] ?? '');
    if (action === 'flush_handlers') return this.flushHandlers(hosts);
    if (action === 'end_play') this.ended = true;
    if (action === 'end_host') for (const host of hosts) this.endedHosts.add(host);
    if (action === 'clear_host_errors') for (const host of this.options.hosts) this.options.failed.delete(host.name);
  }
}
