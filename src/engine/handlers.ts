/**
 * Handler notifications, with ansible-core's rules: a notification names a
 * handler (`name` as the loader rendered it, or `role : name` for a role's
 * handler; the last handler loaded with a name wins) or a `listen` topic
 * (every listener runs). At a
 * flush, notified handlers run once each, in the order the play lists them,
 * for the hosts that notified them. A handler that notifies another during
 * a flush runs it in the same flush when it comes later in that order.
 */
import type { Handler } from '../playbook/model.js';
import { isTemplated } from '../template/index.js';

export type RunHandler = (handler: Handler, hosts: string[]) => Promise<void>;

export class HandlerTracker {
  /** Notification names per host, not yet resolved to handlers. */
  private readonly pending = new Map<string, Set<string>>();
  private readonly notified = new Map<Handler, Set<string>>();
  private readonly flushing = new Set<string>();
  private readonly byName = new Map<string, Handler>();
  /** The play's handlers in flush order: its own, then those added at run time. */
  private readonly handlers: Handler[] = [];
  /** Definitions (file:line:column) of the handlers, so that a role read twice adds its handlers once. */
  private readonly definitions = new Set<string>();

  constructor(handlers: readonly Handler[]) {
    for (const handler of handlers) this.append(handler);
  }

  /**
   * Adds handlers after the play's own, as Ansible adds the handlers of a
   * role that include_role reads at run time. A handler defined at the same
   * place (file, line, column) as one already known is skipped, so a role
   * read twice adds its handlers once.
   */
  add(handlers: readonly Handler[]): void {
    for (const handler of handlers) {
      if (!this.definitions.has(definitionOf(handler))) this.append(handler);
    }
  }

  private append(handler: Handler): void {
    this.definitions.add(definitionOf(handler));
    this.handlers.push(handler);
    // The loader renders templated names; one still templated could not be rendered, so only listen reaches it.
    if (handler.name === undefined || isTemplated(handler.name)) return;
    this.byName.set(handler.name, handler);
    if (handler.role) this.byName.set(`${handler.role.name} : ${handler.name}`, handler);
  }

  notify(host: string, names: readonly string[]): void {
    if (this.flushing.has(host)) {
      for (const name of names) this.resolve(host, name);
      return;
    }
    let pending = this.pending.get(host);
    if (!pending) this.pending.set(host, (pending = new Set()));
    for (const name of names) pending.add(name);
  }

  /** True when a notification name reaches some handler. */
  knows(name: string): boolean {
    return this.byName.has(name) || this.handlers.some((handler) => handler.listen.includes(name));
  }

  private resolve(host: string, name: string): void {
    const targets = this.handlers.filter((handler) => this.byName.get(name) === handler || handler.listen.includes(name));
    for (const handler of targets) {
      let hosts = this.notified.get(handler);
      if (!hosts) this.notified.set(handler, (hosts = new Set()));
      hosts.add(host);
    }
  }

  /**
   * Runs the handlers notified for these hosts. Hosts that `mayRun`
   * rejects (failed ones, without force_handlers) lose their notifications.
   */
  async flush(hosts: readonly string[], mayRun: (host: string) => boolean, run: RunHandler): Promise<void> {
    for (const host of hosts) {
      for (const name of this.pending.get(host) ?? []) this.resolve(host, name);
      this.pending.delete(host);
      this.flushing.add(host);
    }
    try {
      for (const handler of this.handlers) {
        const wanting = this.notified.get(handler);
        if (!wanting) continue;
        const targets = hosts.filter((host) => wanting.has(host));
        for (const host of targets) wanting.delete(host);
        const runnable = targets.filter(mayRun);
        if (runnable.length > 0) await run(handler, runnable);
      }
    } finally {
      for (const host of hosts) this.flushing.delete(host);
    }
  }
}

function definitionOf(handler: Handler): string {
  const { file, line, column } = handler.position;
  return `${file}:${line}:${column}`;
}
