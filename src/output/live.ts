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

interface Pending {
  resolve: (result: { status: HostStatus; msg: string }) => void;
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
  let pending = new Map<string, Pending>();
  const queue = (step: () => Promise<void> | void) => {
    chain = chain.then(step).catch(() => undefined);
  };

  const handle = (event: RunEvent) => {
    switch (event.kind) {
      case 'play_start':
        return queue(() => write(`\nPLAY [${event.name}] (${event.hosts.length} hosts)\n`));
      case 'task_start': {
        pending = new Map();
        const listr = buildTaskList(event.name, event.isHandler, event.hosts, pending);
        return queue(() => listr.run().then(() => undefined));
      }
      case 'host_result':
        pending.get(event.host)?.resolve({ status: event.status, msg: event.msg });
        pending.delete(event.host);
        return;
      case 'warning':
        return queue(() => write(paint('magenta', `[WARNING]: ${event.message}\n`)));
      case 'no_hosts':
        return queue(() => write(`  skipping: no hosts matched ${event.pattern}\n`));
      case 'recap':
        return queue(() => write(`${formatRecap(event.stats, event.durationMs, paint)}\n`));
      default:
        return;
    }
  };
  return { handle, flush: () => chain };
}

function buildTaskList(name: string, isHandler: boolean, hosts: string[], pending: Map<string, Pending>): Listr {
  const hostTasks: ListrTask[] = hosts.map((host) => {
    const result = new Promise<{ status: HostStatus; msg: string }>((resolve) => pending.set(host, { resolve }));
    return {
      title: host,
      task: async (_context, task) => {
        const { status, msg } = await result;
        const line = `${host}: ${status}${msg ? ` - ${msg}` : ''}`;
        if (status === 'failed' || status === 'unreachable') {
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
        title: `${isHandler ? 'HANDLER' : 'TASK'} [${name}]`,
        task: (_context, task) => task.newListr(hostTasks, { concurrent: true, exitOnError: false }),
      },
    ],
    {
      exitOnError: false,
      rendererOptions: { collapseSubtasks: hosts.length > MAX_EXPANDED_HOSTS, collapseErrors: false, showErrorMessage: true },
    },
  );
}
