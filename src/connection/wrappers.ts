/**
 * Connections that change how every command runs: with extra environment
 * variables (the task keyword `environment`), or as another user through
 * sudo (`become`).
 */
import type { Connection, ExecOptions, ExecResult } from './connection.js';
import { quote } from './quote.js';

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
 * Runs every command as `user` through sudo. The connection below builds
 * the sudo command: it has the become password (ansible_become_password,
 * -K), which it feeds to sudo's prompt, and without one it runs `sudo -n`.
 */
export function withBecome(conn: Connection, user: string): Connection {
  return {
    hostName: conn.hostName,
    exec: (command: string, options?: ExecOptions): Promise<ExecResult> => conn.exec(command, { ...options, become: { user } }),
    close: () => conn.close(),
  };
}

function wrap(conn: Connection, rewrite: (command: string) => string): Connection {
  return {
    hostName: conn.hostName,
    exec: (command: string, options?: ExecOptions): Promise<ExecResult> => conn.exec(rewrite(command), options),
    close: () => conn.close(),
  };
}
