/**
 * Walks a play's task tree for a set of hosts, in Ansible's linear way:
 * each task runs on every active host before the next starts. It handles
 * blocks with their rescue and always sections, dynamic includes, meta
 * tasks, and the selection by tags and --start-at-task.
 */
import type { BlockTask, Handler, ModuleTask, Task } from '../playbook/model.js';
import { enterBlock, inheritTask, type Inherited } from './inherit.js';
import { runMeta } from './meta.js';
import type { PlayRun } from './play-run.js';
import { runDynamicInclude } from './runtime-include.js';
import { isTaskSelected } from './selection.js';
import { dispatchTask, failOnHosts } from './task-dispatch.js';

export async function runTasks(run: PlayRun, tasks: readonly Task[], hosts: readonly string[], inherited: Inherited): Promise<void> {
  for (const task of tasks) {
    if (run.ended) return;
    const active = hosts.filter((host) => run.isActive(host));
    if (active.length === 0) return;
    if (run.options.startSkips?.has(task)) continue;

    const inRole = task.role ? active.filter((host) => !run.hasEndedRole(host, task.role!.path)) : active;
    if (inRole.length === 0) continue;

    if (task.kind === 'module') await runModuleStep(run, task, inRole, inherited);
    else if (task.include?.dynamic) await runDynamicInclude(run, task, inRole, inherited, walker);
    else await runBlock(run, task, inRole, inherited);
    if (task.kind === 'block' && task.include && task.include.keyword !== 'import_tasks' && task.include.keyword !== 'include_tasks') {
      run.leaveRole(task.include.path);
    }
  }
}

const walker = { runTasks };

async function runModuleStep(run: PlayRun, task: ModuleTask, hosts: string[], inherited: Inherited): Promise<void> {
  if (!isTaskSelected(run, task, inherited)) return;
  const effective = inheritTask(task, inherited);
  if (effective.module === 'meta') {
    try {
      return await runMeta(run, effective, hosts, inherited, flushHandlers);
    } catch (error) {
      return failOnHosts(run, effective, hosts, inherited, (error as Error).message);
    }
  }
  await dispatchTask(run, effective, hosts, inherited, { original: task, isHandler: false });
}

async function runBlock(run: PlayRun, block: BlockTask, hosts: string[], inherited: Inherited): Promise<void> {
  const { failed } = run.options;
  const inner = enterBlock(inherited, block);
  const sections = { ...inner, rescuable: inherited.rescuable };
  const failedInBlock = await hostsFailingIn(run, block.block, hosts, inner);

  if (block.rescue.length > 0 && failedInBlock.length > 0) {
    for (const host of failedInBlock) failed.delete(host);
    await runTasks(run, block.rescue, failedInBlock, sections);
  }

  if (block.always.length > 0) {
    const failing = new Set(failedInBlock);
    const stillFailed = hosts.filter((host) => failed.has(host) && failing.has(host));
    for (const host of stillFailed) failed.delete(host);
    await runTasks(run, block.always, hosts, sections);
    for (const host of stillFailed) failed.add(host);
  }
}

/** Runs tasks and returns the hosts that failed in them. */
async function hostsFailingIn(run: PlayRun, tasks: readonly Task[], hosts: string[], inherited: Inherited): Promise<string[]> {
  const { failed } = run.options;
  const failedBefore = new Set(hosts.filter((host) => failed.has(host)));
  await runTasks(run, tasks, hosts, inherited);
  return hosts.filter((host) => failed.has(host) && !failedBefore.has(host));
}

/** Runs the handlers notified for these hosts (meta: flush_handlers and the end of a play). */
export async function flushHandlers(run: PlayRun, hosts: readonly string[]): Promise<void> {
  // Handlers take the play's keywords (become, environment, ...) as tasks
  // do, but not its tags: a notified handler runs whatever -t selects.
  const inherited: Inherited = { ...run.top, tags: [] };
  await run.handlers.flush(hosts, (host) => run.mayRunHandlers(host), async (handler: Handler, targets) => {
    await dispatchTask(run, inheritTask(handler, inherited), targets, inherited, { original: handler, isHandler: true });
  });
}
