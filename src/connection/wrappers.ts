/**
 * Connections that change how every command runs: with extra environment
 * variables (the task keyword `environment`), or as another user through
 * sudo or su (`become`).
 */
import type { BecomeMethod } from './become.js';
import type { Connection, ExecOptions, ExecResult } from './connection.js';
import { quote } from './quote.js';
import { readSuResult, suCommand } from './su.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Runs every command with these variables exported. */
export function withEnvironment(conn: Connection, env: Record<string, unknown>): Connection {
  const names = Object.keys(env);
  const invalid = names.filter((name) => !ENV_NAME.test(name));
  if (invalid.length > 0) throw new Error(`invalid environment variable name: ${invalid.join(', ')}`);
  if (names.length === 0) return conn;
  const prefix = names.map((name) => `export ${name}=${quote(String(env[name] ?? ''))}`).join('; ');
  return wrap(conn, (command) => `${prefix}; ${command}`);
}

/**
 * Runs every command as `user` through sudo or su. The connection below
 * builds the command, because it has the become password
 * (ansible_become_password, -K). For sudo it feeds the password to sudo's
 * prompt, and without one it runs `sudo -n`. For su, withSu must be below.
 */
export function withBecome(conn: Connection, user: string, method: BecomeMethod = 'sudo'): Connection {
  const become = method === 'sudo' ? { user } : { user, method };
  return {
    hostName: conn.hostName,
    exec: (command: string, options?: ExecOptions): Promise<ExecResult> => conn.exec(command, { ...options, become }),
    close: () => conn.close(),
  };
}

/**
 * Runs the commands that ask for become method su through su, with the
 * host's become password, and passes every other command on unchanged.
 * SSH and local connections implement only sudo, so the engine puts this
 * above each connection it hands to a task.
 */
export function withSu(conn: Connection, password: string | undefined): Connection {
  return {
    hostName: conn.hostName,
    exec: async (command: string, options: ExecOptions = {}): Promise<ExecResult> => {
      const become = options.become;
      if (become?.method !== 'su') return conn.exec(command, options);
      const plan = suCommand(conn.hostName, command, become.user, password, options.stdin);
      const result = await conn.exec(plan.command, { ...options, stdin: plan.stdin, become: undefined });
      return readSuResult(plan, result, conn.hostName, become.user, password !== undefined);
    },
    close: () => conn.close(),
    // Only commands that ask for su change, so sockets stay the login user's, as below.
    ...(conn.sockets ? { sockets: conn.sockets } : {}),
  };
}

function wrap(conn: Connection, rewrite: (command: string) => string): Connection {
  return {
    hostName: conn.hostName,
    exec: (command: string, options?: ExecOptions): Promise<ExecResult> => conn.exec(rewrite(command), options),
    close: () => conn.close(),
  };
}
