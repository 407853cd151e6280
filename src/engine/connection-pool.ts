/**
 * One connection per host for the whole run, opened on first use and shared
 * by every task. A host whose connection fails stays unreachable.
 */
import type { Connection } from '../connection/connection.js';
import { LocalConnection } from '../connection/local.js';
import { SshConnection } from '../connection/ssh.js';
import type { ConnectionPlan } from './connection-options.js';

export class ConnectionPool {
  private readonly open = new Map<string, Promise<Connection>>();

  /** Returns the host's connection, opening it once; rejects with UnreachableError. */
  get(plan: ConnectionPlan): Promise<Connection> {
    const hostName = plan.kind === 'local' ? plan.hostName : plan.target.hostName;
    let connection = this.open.get(hostName);
    if (!connection) {
      connection = plan.kind === 'local' ? Promise.resolve(new LocalConnection(hostName)) : SshConnection.open(plan.target);
      this.open.set(hostName, connection);
    }
    return connection;
  }

  /** Forgets a host's connection so that it is not used again. */
  drop(hostName: string): void {
    const connection = this.open.get(hostName);
    this.open.delete(hostName);
    connection?.then((c) => c.close()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((c) => c.then((open) => open.close()).catch(() => undefined)));
  }
}
