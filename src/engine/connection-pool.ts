/**
 * One connection per host and login user for the whole run, opened on first
 * use and shared by every task: a host that some task reaches with another
 * remote_user, or with `connection: local`, gets one more connection. A
 * host whose connection fails stays unreachable.
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

/** Identifies the connection a plan opens: local, or SSH as one user. */
function keyOf(plan: ConnectionPlan): string {
  return plan.kind === 'local' ? `local:${plan.hostName}` : `ssh:${plan.target.user}@${plan.target.hostName}`;
}

interface PooledConnection {
  hostName: string;
  connection: Promise<Connection>;
}

export class ConnectionPool {
  private readonly open = new Map<string, PooledConnection>();

  constructor(
    private readonly onOpen?: OpenListener,
    private readonly opener: ConnectionOpener = openConnection,
  ) {}

  /** Returns the plan's connection, opening it once. Rejects with UnreachableError. */
  get(plan: ConnectionPlan): Promise<Connection> {
    const key = keyOf(plan);
    let pooled = this.open.get(key);
    if (!pooled) {
      pooled = { hostName: hostOf(plan), connection: this.connect(plan) };
      this.open.set(key, pooled);
    }
    return pooled.connection;
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
    for (const [key, pooled] of this.open) {
      if (pooled.hostName !== hostName) continue;
      this.open.delete(key);
      dropped.push(pooled.connection);
    }
    await Promise.all(dropped.map((c) => c.then((open) => open.close()).catch(() => undefined)));
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()].map((pooled) => pooled.connection);
    this.open.clear();
    await Promise.all(all.map((c) => c.then((open) => open.close()).catch(() => undefined)));
  }
}
