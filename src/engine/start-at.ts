/**
 * --start-at-task: the run starts at the first task whose name matches
 * (exactly, as a glob, or as `role : name`), skipping every task before it
 * in that play and every play before that one. Tasks inside a dynamic
 * include cannot be started at, as in Ansible, because they are not known
 * before the include runs.
 */
import type { Task } from '../playbook/model.js';
import { globMatcher } from './loops.js';

export class StartAt {
  private matched = false;
  private readonly matcher: RegExp;

  constructor(private readonly pattern: string) {
    this.matcher = globMatcher(pattern);
  }

  get isPending(): boolean {
    return !this.matched;
  }

  /**
   * Plans a play: returns the tasks to skip, or undefined when the play
   * holds no match and is skipped whole. Marks the start as found.
   */
  planPlay(tasks: readonly Task[]): WeakSet<Task> | undefined {
    const skipped = new WeakSet<Task>();
    const found = this.walk(tasks, skipped);
    if (!found) return undefined;
    this.matched = true;
    return skipped;
  }

  private walk(tasks: readonly Task[], skipped: WeakSet<Task>): boolean {
    for (const task of tasks) {
      if (task.kind === 'module') {
        if (!task.implicit && this.matches(task)) return true;
        skipped.add(task);
        continue;
      }
      if (!task.include?.dynamic && this.walk([...task.block, ...task.always], skipped)) return true;
      skipped.add(task);
    }
    return false;
  }

  private matches(task: Task): boolean {
    const name = task.name;
    if (name === undefined) return false;
    const full = task.role ? `${task.role.name} : ${name}` : name;
    return [name, full].some((candidate) => candidate === this.pattern || this.matcher.test(candidate));
  }
}
