/**
 * One connection per distinct plan for the whole run, opened on first use
 * and shared by every task. A plan is the host with every setting of its
 * connection (address, port, user, key, become password, ...), so a task
 * that reaches a host with another remote_user, ansible_host or
 * `connection: local` gets one more connection. A host whose connection
 * fails stays unreachable.
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

const keys = new WeakMap<ConnectionPlan, string>();

/**
 * Identifies the connection a plan opens by all of its settings. The become
 * password is one of them, because a connection keeps the password that it
 * was opened with for every sudo it runs.
 */
function keyOf(plan: ConnectionPlan): string {
  let key = keys.get(plan);
  if (key === undefined) {
    key = JSON.stringify(plan);
    keys.set(plan, key);
  }
  return key;
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
