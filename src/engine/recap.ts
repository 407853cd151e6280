/**
 * Per-host counters for the recap, with Ansible's rules: a changed task
 * also counts as ok, and a failure that a rescue section handles counts as
 * rescued, not failed.
 */
import { emptyStats, type HostStats, type HostStatus } from './events.js';

export class Recap {
  readonly stats: Record<string, HostStats> = {};
  /** Failures inside blocks with a rescue section, not yet decided. */
  private readonly pending = new Map<string, number>();
  private rescueDepth = 0;

  ensure(host: string): HostStats {
    return (this.stats[host] ??= emptyStats());
  }

  record(host: string, status: HostStatus): void {
    const stats = this.ensure(host);
    if (status === 'failed' && this.rescueDepth > 0) {
      this.pending.set(host, (this.pending.get(host) ?? 0) + 1);
      return;
    }
    if (status === 'changed') stats.ok++;
    stats[status]++;
  }

  /** Marks the start of a block that has a rescue section. */
  enterRescuable(): Map<string, number> {
    this.rescueDepth++;
    return new Map(this.pending);
  }

  /**
   * Ends such a block: hosts whose failures the rescue handled count one
   * rescue; the rest keep their failures for an outer block or the recap.
   */
  leaveRescuable(before: Map<string, number>, rescued: Iterable<string>): void {
    for (const host of rescued) {
      this.pending.set(host, before.get(host) ?? 0);
      this.ensure(host).rescued++;
    }
    this.rescueDepth--;
    if (this.rescueDepth > 0) return;
    for (const [host, count] of this.pending) this.ensure(host).failed += count;
    this.pending.clear();
  }
}
