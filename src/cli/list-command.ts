/**
 * --list-hosts, --list-tasks and --list-tags, in the shape ansible-playbook
 * prints them. Tasks and tags are those that -t/--tags and --skip-tags
 * select, from the --start-at-task task on; a dynamic include is one
 * entry, as its tasks are known only when it runs.
 */
import type { Inventory } from '../inventory/model.js';
import { selectHosts } from '../inventory/patterns.js';
import { StartAt } from '../engine/start-at.js';
import { isSelected, type TagSelection } from '../engine/tags.js';
import type { Play, Playbook, Task } from '../playbook/model.js';
import type { RunCommandOptions } from './run-command.js';

interface ListedTask {
  name: string;
  tags: string[];
}

/** Tasks that --start-at-task skips in a play, or 'all' for a play before the start. */
type StartSkips = WeakSet<Task> | 'all' | undefined;

/** Lists the tasks that the tags select and --start-at-task leaves, each with its own tags and its parents'. */
function selectedTasks(tasks: readonly Task[], inherited: string[], selection: TagSelection, skips: StartSkips): ListedTask[] {
  if (skips === 'all') return [];
  const listed: ListedTask[] = [];
  for (const task of tasks) {
    if (skips?.has(task)) continue;
    const tags = [...new Set([...inherited, ...task.tags])];
    if (task.kind === 'block' && !task.include?.dynamic) {
      listed.push(...selectedTasks([...task.block, ...task.rescue, ...task.always], tags, selection, skips));
      continue;
    }
    if (task.implicit || !isSelected(tags, selection)) continue;
    listed.push({ name: taskName(task), tags: tags.sort() });
  }
  return listed;
}

function taskName(task: Task): string {
  const role = task.role ? `${task.role.name} : ` : '';
  if (task.kind === 'block') return `${role}${task.name ?? task.include?.keyword ?? 'block'}`;
  return `${role}${task.name ?? task.moduleAlias}`;
}

function playHosts(play: Play, inventory: Inventory, limit: string | undefined): string[] {
  let hosts = selectHosts(inventory, play.hosts).hosts;
  if (limit) {
    const allowed = new Set(selectHosts(inventory, limit).hosts);
    hosts = hosts.filter((host) => allowed.has(host));
  }
  return hosts;
}

function playLines(play: Play, index: number, inventory: Inventory, options: RunCommandOptions, selection: TagSelection, skips: StartSkips): string[] {
  const playTags = Array.isArray(play.keywords.tags) ? play.keywords.tags.map(String) : [];
  const lines = [`\n  play #${index + 1} (${play.hosts}): ${play.name ?? play.hosts}\tTAGS: [${playTags.join(',')}]`];
  if (options.listHosts) {
    const hosts = playHosts(play, inventory, options.limit);
    lines.push(`    pattern: ['${play.hosts}']`, `    hosts (${hosts.length}):`, ...hosts.map((h) => `      ${h}`));
  }
  const tasks = selectedTasks(play.tasks, playTags, selection, skips);
  if (options.listTags) {
    const all = [...new Set(tasks.flatMap((task) => task.tags))].sort();
    lines.push(`      TASK TAGS: [${all.join(', ')}]`);
  }
  if (options.listTasks) {
    lines.push('    tasks:', ...tasks.map((task) => `      ${task.name}\tTAGS: [${task.tags.join(', ')}]`));
  }
  return lines;
}

export function listPlaybooks(playbooks: Playbook[], inventory: Inventory, options: RunCommandOptions, selection: TagSelection): void {
  const out: string[] = [];
  const startAt = options.startAtTask ? new StartAt(options.startAtTask) : undefined;
  for (const playbook of playbooks) {
    out.push(`\nplaybook: ${playbook.file}`);
    playbook.plays.forEach((play, index) => {
      // As in a run, the plays before the start task's play are skipped whole.
      const skips: StartSkips = startAt?.isPending ? (startAt.planPlay(play.tasks) ?? 'all') : undefined;
      out.push(...playLines(play, index, inventory, options, selection, skips));
    });
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
