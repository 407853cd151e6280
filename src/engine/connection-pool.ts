/**
 * One connection per host for the whole run, opened on first use and shared
 * by every task (a host that some task runs with `connection: local` gets a
 * local one besides). A host whose connection fails stays unreachable.
 */
import type { Connection } from '../connection/connection.js';
import { LocalConnection } from '../connection/local.js';
import { SshConnection } from '../connection/ssh.js';
import type { ConnectionPlan } from './connection-options.js';

/** Told about each connection opened, with how long it took (for -vvv). */
export type OpenListener = (plan: ConnectionPlan, durationMs: number) => void;

/** Opens a connection from its plan; tests pass one that returns a fake. */
export type ConnectionOpener = (plan: ConnectionPlan) => Promise<Connection>;

export const openConnection: ConnectionOpener = async (plan) =>
  plan.kind === 'local'
    ? new LocalConnection(plan.hostName, { becomePassword: plan.becomePassword })
    : SshConnection.open(plan.target);

function hostOf(plan: ConnectionPlan): string {
  return plan.kind === 'local' ? plan.hostName : plan.target.hostName;
}

export class ConnectionPool {
  private readonly open = new Map<string, Promise<Connection>>();

  constructor(
    private readonly onOpen?: OpenListener,
    private readonly opener: ConnectionOpener = openConnection,
  ) {}

  /** Returns the host's connection, opening it once; rejects with UnreachableError. */
  get(plan: ConnectionPlan): Promise<Connection> {
    const key = `${plan.kind}:${hostOf(plan)}`;
    let connection = this.open.get(key);
    if (!connection) {
      connection = this.connect(plan);
      this.open.set(key, connection);
    }
    return connection;
  }

  private async connect(plan: ConnectionPlan): Promise<Connection> {
    const started = performance.now();
    const connection = await this.opener(plan);
    this.onOpen?.(plan, performance.now() - started);
    return connection;
  }

  /** Closes a host's connections and removes them, so that the next task opens new ones. */
  async drop(hostName: string): Promise<void> {
    const dropped: Promise<Connection>[] = [];
    for (const [key, connection] of this.open) {
      if (key.slice(key.indexOf(':') + 1) !== hostName) continue;
      this.open.delete(key);
      dropped.push(connection);
    }
    await Promise.all(dropped.map((c) => c.then((open) => open.close()).catch(() => undefined)));
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((c) => c.then((open) => open.close()).catch(() => undefined)));
  }
}
