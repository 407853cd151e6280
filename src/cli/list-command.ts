/**
 * --list-hosts and --list-tasks, in the shape ansible-playbook prints them.
 */
import type { Inventory } from '../inventory/model.js';
import { selectHosts } from '../inventory/patterns.js';
import type { Playbook, Task } from '../playbook/model.js';
import type { RunCommandOptions } from './run-command.js';

function taskLines(tasks: Task[], depth: number): string[] {
  const lines: string[] = [];
  for (const task of tasks) {
    if (task.kind === 'block') {
      lines.push(...taskLines([...task.block, ...task.rescue, ...task.always], depth));
      continue;
    }
    const role = task.role ? `${task.role.name} : ` : '';
    const tags = task.tags.length > 0 ? `\tTAGS: [${task.tags.join(', ')}]` : '\tTAGS: []';
    lines.push(`${'  '.repeat(depth)}${role}${task.name ?? task.moduleAlias}${tags}`);
  }
  return lines;
}

export function listPlaybooks(
  playbooks: Playbook[],
  inventory: Inventory,
  options: RunCommandOptions,
  _extraVars: Record<string, unknown>,
): void {
  const out: string[] = [];
  for (const playbook of playbooks) {
    out.push(`\nplaybook: ${playbook.file}`);
    playbook.plays.forEach((play, index) => {
      let hosts = selectHosts(inventory, play.hosts).hosts;
      if (options.limit) {
        const allowed = new Set(selectHosts(inventory, options.limit).hosts);
        hosts = hosts.filter((host) => allowed.has(host));
      }
      out.push(`\n  play #${index + 1} (${play.hosts}): ${play.name ?? play.hosts}`);
      if (options.listHosts) {
        out.push(`    pattern: ['${play.hosts}']`, `    hosts (${hosts.length}):`, ...hosts.map((h) => `      ${h}`));
      }
      if (options.listTasks) out.push('    tasks:', ...taskLines(play.tasks, 3));
    });
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
