/**
 * The PLAY and TASK header lines of plain output, and when a TASK header
 * is printed. With the linear strategy each task_start prints its header
 * and the results follow it. With `strategy: free` the hosts' results
 * interleave, so a result whose task is not the one of the last header
 * printed gets its task's header again first, as Ansible's free strategy
 * output does.
 */
import type { RunEvent } from '../engine/events.js';

type TaskStart = Extract<RunEvent, { kind: 'task_start' }>;

export function playHeader(name: string, hostCount: number): string {
  return `PLAY [${name}] (${hostCount} ${hostCount === 1 ? 'host' : 'hosts'})`;
}

export function taskHeader(task: TaskStart): string {
  return `${task.isHandler ? 'RUNNING HANDLER' : 'TASK'} [${task.role ? `${task.role} : ` : ''}${task.name}]`;
}

export class TaskHeaders {
  private readonly headerById = new Map<number, string>();
  private lastHeader: string | undefined;
  private lastId: number | undefined;
  private isFree = false;

  /** Starts a play: header tracking begins afresh. */
  startPlay(strategy: string): void {
    this.isFree = strategy === 'free';
    this.headerById.clear();
    this.lastHeader = undefined;
    this.lastId = undefined;
  }

  /**
   * Returns the header to print when a task starts. Under the free
   * strategy each host starts a task on its own (a new id each time), so
   * the header repeats only when it differs from the last one printed.
   */
  startTask(task: TaskStart): string | undefined {
    const header = taskHeader(task);
    this.headerById.set(task.id, header);
    const isRepeat = this.isFree && header === this.lastHeader;
    this.lastId = task.id;
    if (isRepeat) return undefined;
    this.lastHeader = header;
    return header;
  }

  /**
   * Returns the header to print before a line about task `taskId`, when
   * the last header printed is another task's. A task that never started
   * (an event from a test or an older caller) gets no header.
   */
  beforeResult(taskId: number): string | undefined {
    if (taskId === this.lastId) return undefined;
    const header = this.headerById.get(taskId);
    if (header === undefined) return undefined;
    this.lastId = taskId;
    // Under free, several ids share one task: the header shown is already right.
    if (this.isFree && header === this.lastHeader) return undefined;
    this.lastHeader = header;
    return header;
  }
}
