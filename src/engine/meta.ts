/**
 * meta tasks, which change the run rather than a host. As in Ansible's
 * linear strategy, a meta task runs once for all the hosts at that point;
 * its `when` is evaluated per host for end_host and flush_handlers, and
 * with the first host for the others.
 */
import type { ModuleTask } from '../playbook/model.js';
import { evaluateCondition } from '../template/index.js';
import type { Inherited } from './inherit.js';
import type { PlayRun } from './play-run.js';

type Flush = (run: PlayRun, hosts: readonly string[]) => Promise<void>;

export async function runMeta(run: PlayRun, task: ModuleTask, hosts: string[], inherited: Inherited, flush: Flush): Promise<void> {
  const action = String(task.args.free_form ?? task.args._raw_params ?? '');
  const holds = (host: string) => task.when.every((condition) => evaluateCondition(condition, run.varsFor(host, task, inherited)));

  switch (action) {
    case 'flush_handlers':
      return flush(run, hosts.filter(holds));
    case 'end_host':
      for (const host of hosts.filter(holds)) run.endedHosts.add(host);
      return;
    case 'end_play':
    case 'end_batch':
      if (!holds(hosts[0])) return;
      // end_play ends the whole play, end_batch only this serial batch.
      for (const host of hosts) run.endedHosts.add(host);
      run.ended = true;
      if (action === 'end_play') run.endsPlay = true;
      return;
    case 'clear_host_errors':
      if (!holds(hosts[0])) return;
      for (const host of run.options.hosts) {
        run.options.failed.delete(host.name);
        run.options.unreachable.delete(host.name);
      }
      return;
    case 'clear_facts':
      if (!holds(hosts[0])) return;
      for (const host of run.options.hosts) host.facts = {};
      return;
    case 'reset_connection':
      for (const host of hosts) await run.options.resetConnection(host);
      return;
    case 'end_role':
      if (!task.role) throw new Error('meta: end_role is only allowed in a role');
      for (const host of hosts.filter(holds)) run.endRole(host, task.role.path);
      return;
    default:
      // noop, and refresh_inventory: the inventory is read once per run.
      return;
  }
}
