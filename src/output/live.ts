/**
 * Live progress on a terminal through listr2: each task is a listr2 task
 * with one line per host that turns ok, changed, failed, unreachable or
 * skipped as results arrive. Engine events come in synchronously, so every
 * step is queued on one promise chain to keep the output in order.
 */
import { Listr, type ListrTask } from 'listr2';
import type { HostStatus, RunEvent } from '../engine/events.js';
import { formatRecap } from './plain.js';
import { colours } from './colour.js';
import { diffText } from './diff-text.js';
import { playHeader } from './headers.js';

/** The end of a host's line: its result, or an interrupt that left the task without one. */
type HostEnd = { status: HostStatus | 'interrupted'; msg: string };

interface Pending {
  resolve: (end: HostEnd) => void;
  /** Shows a line of progress (a retry) on the host's line while it waits. */
  note: (text: string) => void;
}

export interface LiveRenderer {
  handle: (event: RunEvent) => void;
  /** Resolves when everything queued is on the screen. */
  flush: () => Promise<void>;
}

/** Above this many hosts, finished host lines fold into the task line. */
const MAX_EXPANDED_HOSTS = 24;

export function createLiveRenderer(write: (text: string) => void): LiveRenderer {
  const paint = colours(true);
  let chain: Promise<void> = Promise.resolve();
  const pending = new Map<string, Pending>();
  const queue = (step: () => Promise<void> | void) => {
    chain = chain.then(step).catch(() => undefined);
  };

  const settle = (key: string, end: HostEnd) => {
    pending.get(key)?.resolve(end);
    pending.delete(key);
  };

  // Results are matched to their task's listr line by task id and host,
  // because with the free strategy several tasks are in flight at once.
  const handle = (event: RunEvent) => {
    switch (event.kind) {
      case 'play_start':
        return queue(() => write(`\n${playHeader(event.name, event.hosts.length)}\n`));
      case 'task_start': {
        const title = event.role ? `${event.role} : ${event.name}` : event.name;
        const listr = buildTaskList(event.id, title, event.isHandler, event.hosts, pending);
        return queue(() => listr.run().then(() => undefined));
      }
      case 'host_result': {
        settle(pendingKey(event.taskId, event.host), { status: event.status, msg: event.msg });
        const diff = diffText(event.result.diff);
        if (diff) queue(() => write(`${diff.trimEnd()}\n`));
        return;
      }
      case 'host_interrupted':
        return settle(pendingKey(event.taskId, event.host), { status: 'interrupted', msg: '' });
      case 'retry':
        return pending.get(pendingKey(event.taskId, event.host))?.note(`FAILED - RETRYING: [${event.host}]: ${event.task} (${event.retriesLeft} retries left).`);
      case 'warning':
        return queue(() => write(paint('magenta', `[WARNING]: ${event.message}\n`)));
      case 'no_hosts':
        return queue(() => write(`  skipping: no hosts matched ${event.pattern}\n`));
      case 'recap':
        // A host line still waiting now never gets a result: end it, so that its task list finishes.
        for (const key of [...pending.keys()]) settle(key, { status: 'interrupted', msg: '' });
        return queue(() => write(`${formatRecap(event.stats, event.durationMs, paint)}\n`));
      default:
        return;
    }
  };
  return { handle, flush: () => chain };
}

function pendingKey(taskId: number, host: string): string {
  return `${taskId}\u0000${host}`;
}

function buildTaskList(taskId: number, name: string, isHandler: boolean, hosts: string[], pending: Map<string, Pending>): Listr {
  const hostTasks: ListrTask[] = hosts.map((host) => {
    let latestNote: string | undefined;
    let showNote: ((text: string) => void) | undefined;
    const note = (text: string) => {
      latestNote = text;
      showNote?.(text);
    };
    const result = new Promise<HostEnd>((resolve) => pending.set(pendingKey(taskId, host), { resolve, note }));
    return {
      title: host,
      task: async (_context, task) => {
        showNote = (text) => (task.title = `${host}: ${text}`);
        if (latestNote !== undefined) showNote(latestNote);
        const { status, msg } = await result;
        const line = `${host}: ${status}${msg ? ` - ${msg}` : ''}`;
        if (status === 'failed' || status === 'unreachable' || status === 'interrupted') {
          task.title = `${host}: ${status}`;
          throw new Error(msg || status);
        }
        if (status === 'skipped') return task.skip(line);
        task.title = line;
      },
    };
  });
  return new Listr(
    [
      {
        title: `${isHandler ? 'RUNNING HANDLER' : 'TASK'} [${name}]`,
        task: (_context, task) => task.newListr(hostTasks, { concurrent: true, exitOnError: false }),
      },
    ],
    {
      exitOnError: false,
      // skprun handles Ctrl-C itself (recap, exit status 99); listr2's own
      // handler would exit with 127.
      registerSignalListeners: false,
      rendererOptions: { collapseSubtasks: hosts.length > MAX_EXPANDED_HOSTS, collapseErrors: false, showErrorMessage: true },
    },
  );
}
