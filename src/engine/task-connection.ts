/**
 * The connection a task's module runs on: the host's own or the delegated
 * host's (delegate_to), over SSH or locally (`connection: local`), with the
 * task's environment and become applied, and its commands reported for -vv.
 */
import type { Connection, ExecOptions, ExecResult } from '../connection/connection.js';
import { BECOME_METHODS, type BecomeMethod } from '../connection/become.js';
import { withBecome, withEnvironment } from '../connection/wrappers.js';
import { evaluateCondition, renderValue } from '../template/index.js';

export interface ConnectOptions {
  /** Runs on the controller (`connection: local`). */
  local?: boolean;
  /** The task's rendered `remote_user` keyword, which ansible_user overrides. */
  remoteUser?: string;
  /**
   * The variables of the task on the host being connected to, whose
   * connection variables (ansible_host, ansible_user, ...) plan the
   * connection. Without them the host's inventory variables do.
   */
  vars?: Record<string, unknown>;
}

/** How the engine opens a host's connection; rejects with UnreachableError. */
export type Connector = (hostName: string, options?: ConnectOptions) => Promise<Connection>;

/** Receives each command a task ran, for -vv. */
export type CommandWatcher = (command: string, options: ExecOptions | undefined, result: ExecResult, durationMs: number) => void;

/** Returns the host a task runs on: its delegate_to, rendered, or undefined. */
export function delegateTarget(keywords: Record<string, unknown>, vars: Record<string, unknown>): string | undefined {
  if (keywords.delegate_to === undefined || keywords.delegate_to === null) return undefined;
  const target = String(renderValue(keywords.delegate_to, vars));
  return target === '' ? undefined : target;
}

export async function taskConnection(
  hostName: string,
  keywords: Record<string, unknown>,
  vars: Record<string, unknown>,
  connect: Connector,
  watch?: CommandWatcher,
): Promise<Connection> {
  const target = delegateTarget(keywords, vars) ?? hostName;
  const kind = optionalString(keywords.connection, vars);
  const remoteUser = optionalString(keywords.remote_user, vars);
  // A delegated task's own scope contains the connection variables of the host
  // it runs for, not of the delegated one, so the connector looks those up.
  const connectVars = target === hostName ? vars : undefined;
  let conn = await connect(target, { local: kind === 'local', remoteUser, vars: connectVars });
  if (watch) conn = watched(conn, watch);

  const environment = keywords.environment;
  if (environment !== undefined && environment !== null) {
    conn = withEnvironment(conn, renderValue(environment, vars) as Record<string, unknown>);
  }

  const become = keywords.become ?? vars.ansible_become;
  if (become !== undefined && evaluateCondition(become, vars)) {
    const method = becomeMethod(keywords, vars);
    const user = String(renderValue(keywords.become_user ?? vars.ansible_become_user ?? 'root', vars));
    conn = withBecome(conn, user, method);
  }
  return conn;
}

function becomeMethod(keywords: Record<string, unknown>, vars: Record<string, unknown>): BecomeMethod {
  const method = String(renderValue(keywords.become_method ?? vars.ansible_become_method ?? 'sudo', vars));
  if ((BECOME_METHODS as readonly string[]).includes(method)) return method as BecomeMethod;
  throw new Error(`become_method ${method} is not supported: expected one of ${BECOME_METHODS.join(', ')}`);
}

/** Renders a keyword's value, or returns undefined when the keyword is unset or renders empty. */
function optionalString(value: unknown, vars: Record<string, unknown>): string | undefined {
  if (value === undefined || value === null) return undefined;
  const rendered = String(renderValue(value, vars));
  return rendered === '' ? undefined : rendered;
}

function watched(conn: Connection, watch: CommandWatcher): Connection {
  return {
    hostName: conn.hostName,
    exec: async (command, options) => {
      const started = performance.now();
      const result = await conn.exec(command, options);
      watch(command, options, result, performance.now() - started);
      return result;
    },
    close: () => conn.close(),
    ...(conn.sockets ? { sockets: conn.sockets } : {}),
  };
}

/** A connection for controller-only modules (debug, assert), which must never run a command. */
export function controllerOnlyConnection(hostName: string): Connection {
  const reject = (): never => {
    throw new Error('a controller-only module tried to run a remote command');
  };
  return { hostName, exec: reject, close: async () => undefined };
}
