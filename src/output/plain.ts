/**
 * Plain output, one line per event, for logs and pipes: phase headers, a
 * `[host]` column padded to the longest name, the status word, and the
 * reason on every line. -v adds each result's returned values, -vv the
 * commands run, -vvv the connections opened; -D (or a task's `diff`)
 * adds the unified diff of what changed.
 */
import type { HostStats, HostStatus, RunEvent } from '../engine/events.js';
import { colours, type Colour } from './colour.js';
import { diffText } from './diff-text.js';
import { playHeader, TaskHeaders } from './headers.js';

const STATUS_COLOUR: Record<HostStatus, Colour> = {
  ok: 'green',
  changed: 'yellow',
  failed: 'red',
  unreachable: 'red',
  skipped: 'cyan',
  ignored: 'cyan',
  rescued: 'cyan',
};

export interface PlainOptions {
  write: (text: string) => void;
  colour: boolean;
  /** -v and above print each result's returned values. */
  verbosity: number;
}

export function createPlainRenderer(options: PlainOptions): (event: RunEvent) => void {
  const paint = colours(options.colour);
  let hostWidth = 0;
  const line = (text: string) => options.write(`${text}\n`);
  const hostColumn = (host: string, delegatedTo?: string) => `[${delegatedTo ? `${host} -> ${delegatedTo}` : host}]`.padEnd(hostWidth + 2);
  const statusWord = (status: HostStatus) => paint(STATUS_COLOUR[status], status.padEnd(11));
  const headers = new TaskHeaders();
  const header = (text: string | undefined) => {
    if (text !== undefined) line(`\n${text}`);
  };

  return (event) => {
    if (isTaskLine(event)) header(headers.beforeResult(event.taskId));
    switch (event.kind) {
      case 'play_start':
        hostWidth = Math.max(0, ...event.hosts.map((h) => h.length));
        headers.startPlay(event.strategy);
        return line(`\n${playHeader(event.name, event.hosts.length)}`);
      case 'task_start':
        return header(headers.startTask(event));
      case 'host_interrupted':
        return line(`  ${hostColumn(event.host)} ${paint('red', 'interrupted')}`);
      case 'retry':
        return line(paint('red', `FAILED - RETRYING: [${event.host}]: ${event.task} (${event.retriesLeft} retries left).`));
      case 'item_result':
        line(`  ${hostColumn(event.host)} ${statusWord(event.status)} (item=${event.label})`);
        if (options.verbosity > 0) line(indent(JSON.stringify(event.result, null, 2), 4));
        return;
      case 'host_result': {
        const seconds = (event.durationMs / 1000).toFixed(2);
        line(`  ${hostColumn(event.host, event.delegatedTo)} ${statusWord(event.status)} ${event.msg} (${seconds} s)`);
        if (options.verbosity > 0) line(indent(JSON.stringify(event.result, null, 2), 4));
        const diff = diffText(event.result.diff);
        if (diff) line(indent(diff.trimEnd(), 4));
        return;
      }
      case 'command':
        return line(`    ${hostColumn(event.host)} $ ${event.command}  (exit ${event.exitCode}, ${(event.durationMs / 1000).toFixed(2)} s)`);
      case 'connection':
        return line(`    ${hostColumn(event.host)} connected: ${event.detail} (${(event.durationMs / 1000).toFixed(2)} s)`);
      case 'warning':
        return line(paint('magenta', `[WARNING]: ${event.message}`));
      case 'no_hosts':
        return line(`  skipping: no hosts matched ${event.pattern}`);
      case 'recap':
        return line(formatRecap(event.stats, event.durationMs, paint));
      default:
        return;
    }
  };
}

/** Events printed as a line under their task's header. */
function isTaskLine(event: RunEvent): event is Extract<RunEvent, { kind: 'host_result' | 'item_result' | 'host_interrupted' | 'retry' }> {
  return event.kind === 'host_result' || event.kind === 'item_result' || event.kind === 'host_interrupted' || event.kind === 'retry';
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

export function formatRecap(stats: Record<string, HostStats>, durationMs: number, paint = colours(false)): string {
  const hosts = Object.keys(stats);
  const width = Math.max(0, ...hosts.map((h) => h.length));
  const rows = hosts.map((host) => {
    const s = stats[host];
    const colour: Colour = s.failed || s.unreachable ? 'red' : s.changed ? 'yellow' : 'green';
    const counts =
      `ok=${s.ok} changed=${s.changed} unreachable=${s.unreachable} failed=${s.failed} ` +
      `skipped=${s.skipped} rescued=${s.rescued} ignored=${s.ignored}`;
    return `${paint(colour, host.padEnd(width))} : ${counts}`;
  });
  return `\nPLAY RECAP (${(durationMs / 1000).toFixed(2)} s)\n${rows.join('\n')}`;
}
