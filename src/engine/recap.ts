/**
 * Per-host counters for the recap, with ansible-core's rules: a changed
 * task also counts as ok; an ignored failure or unreachable counts as ok and
 * ignored; a failure that a rescue section will handle counts as rescued,
 * not failed, whatever the rescue does next.
 */
import { emptyStats, type HostStats, type HostStatus } from './events.js';

export interface RecordOptions {
  /** The failing task sits in a block (or an outer one) whose rescue runs next. */
  rescuable?: boolean;
  /** An ignored result whose module reported a change. */
  changed?: boolean;
}

export class Recap {
  readonly stats: Record<string, HostStats> = {};
  private isClosed = false;

  /** Stops counting: results that arrive after an interrupt are not shown, so they are not counted either. */
  close(): void {
    this.isClosed = true;
  }

  ensure(host: string): HostStats {
    return (this.stats[host] ??= emptyStats());
  }

  record(host: string, status: HostStatus, options: RecordOptions = {}): void {
    if (this.isClosed) return;
    const stats = this.ensure(host);
    switch (status) {
      case 'failed':
        if (options.rescuable) stats.rescued++;
        else stats.failed++;
        return;
      case 'changed':
        stats.ok++;
        stats.changed++;
        return;
      case 'ignored':
        stats.ok++;
        stats.ignored++;
        if (options.changed) stats.changed++;
        return;
      default:
        stats[status]++;
    }
  }
}
