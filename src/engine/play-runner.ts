/**
 * Runs one play (one serial batch of it): facts first, then the tasks with
 * the play's strategy, then the handlers still notified. With `linear`
 * (the default) each task runs on every active host before the next
 * starts. With `free` each host goes through the tasks at its own pace.
 */
import { UnreachableError } from '../errors.js';
import type { BlockTask } from '../playbook/model.js';
import { markUntrusted, renderValue } from '../template/index.js';
import { gatherFacts } from './facts.js';
import { PlayRun, type PlayRunOptions } from './play-run.js';
import { isSelected } from './tags.js';
import type { ConnectOptions } from './task-connection.js';
import { failedOutcome, unreachableOutcome, type TaskOutcome } from './task-result.js';
import { flushHandlers, runTasks } from './task-walk.js';

export type { PlayRunOptions } from './play-run.js';

export class PlayRunner {
  private readonly state: PlayRun;

  constructor(options: PlayRunOptions) {
    this.state = new PlayRun(options);
  }

  /** any_errors_fatal or max_fail_percentage stopped the play: the playbook stops too. */
  get aborted(): boolean {
    return this.state.aborted;
  }

  /** meta: end_play ran: the play's later batches do not run. */
  get endsPlay(): boolean {
    return this.state.endsPlay;
  }

  async run(): Promise<void> {
    const run = this.state;
    const names = run.options.hosts.map((host) => host.name);
    if (run.play.gatherFacts && this.factsSelected()) await this.gatherFacts(names);

    if (run.play.keywords.strategy === 'free') {
      await Promise.all(names.map((name) => this.runHost([name])));
    } else {
      await this.runHost(names);
    }
  }

  private async runHost(hosts: string[]): Promise<void> {
    await runTasks(this.state, this.state.play.tasks, hosts, this.state.top);
    await flushHandlers(this.state, hosts);
  }

  /** Fact gathering runs always, unless the play has tags: then it takes those. */
  private factsSelected(): boolean {
    const tags = this.state.top.tags;
    return isSelected(tags.length > 0 ? tags : ['always'], this.state.options.tags);
  }

  private async gatherFacts(hosts: string[]): Promise<void> {
    const run = this.state;
    const task = 'Gathering Facts';
    const id = run.options.nextTaskId();
    run.emit({ kind: 'task_start', id, name: task, module: 'gather_facts', hosts, isHandler: false });
    await Promise.all(
      hosts.map((name) =>
        run.options.forks.run(async () => {
          const started = performance.now();
          run.emit({ kind: 'host_start', host: name, task, taskId: id });
          const outcome = await this.readFacts(name);
          if (outcome.status === 'failed') run.options.failed.add(name);
          if (outcome.status === 'unreachable') run.options.unreachable.add(name);
          run.options.recap.record(name, outcome.status);
          run.emit({ kind: 'host_result', host: name, task, taskId: id, ...outcome, durationMs: performance.now() - started });
        }),
      ),
    );
  }

  /**
   * Returns how facts are read from a host: as the play's remote_user, with
   * the play-level variables (inventory, play vars, vars_files, -e) planning
   * the connection, as the play's tasks would.
   */
  private factsConnectOptions(name: string): ConnectOptions {
    const { play, top } = this.state;
    const playLevel: BlockTask = { kind: 'block', position: play.position, when: [], vars: {}, tags: [], keywords: {}, block: [], rescue: [], always: [] };
    const vars = this.state.varsFor(name, playLevel, top);
    const value = play.keywords.remote_user;
    const rendered = value === undefined || value === null ? '' : String(renderValue(value, vars));
    return { vars, remoteUser: rendered === '' ? undefined : rendered };
  }

  private async readFacts(name: string): Promise<TaskOutcome> {
    try {
      const connection = await this.state.options.connect(name, this.factsConnectOptions(name));
      const facts = markUntrusted(await gatherFacts(connection));
      this.state.host(name).facts = facts;
      return { status: 'ok', msg: `facts of ${String(facts.ansible_fqdn)}`, result: { ansible_facts: facts } };
    } catch (error) {
      if (error instanceof UnreachableError) return unreachableOutcome(error.message);
      return failedOutcome(`gathering facts failed: ${(error as Error).message}`);
    }
  }
}
