/**
 * Running the docker modules against a lab host as the engine does (the
 * arguments validated and coerced by the module's schema first), and
 * reading the host's objects back with the docker CLI to check them.
 */
import { randomBytes } from 'node:crypto';
import type { Connection, ExecOptions, ExecResult } from '../../../src/connection/connection.js';
import { shellJoin } from '../../../src/connection/quote.js';
import { checkArguments } from '../../../src/engine/arguments.js';
import type { ModuleDefinition, ModuleResult } from '../../../src/modules/module.js';
import { inspectObjects, type InspectObject } from '../../../src/modules/docker/inspect.js';
import { PLAIN_DOCKER } from '../../../src/modules/docker/cli.js';

/** A suffix that keeps this run's object names apart from any other run's. */
export const runId = `${process.pid}-${randomBytes(2).toString('hex')}`;

export interface Flags {
  check?: boolean;
  diff?: boolean;
}

export async function runModule(
  module: ModuleDefinition<any>,
  conn: Connection,
  args: Record<string, unknown>,
  flags: Flags = {},
): Promise<ModuleResult> {
  const rendered = structuredClone(args);
  const problems = checkArguments(module, rendered);
  if (problems.length > 0)
    throw new Error(`invalid arguments for ${module.name}: ${problems.join('; ')}`);
  const context = {
    conn,
    hostName: conn.hostName,
    vars: {},
    flags: { check: false, diff: false, ...flags },
  };
  return module.run(rendered, context);
}

/** Inspects one object on the host, returning undefined when there is none. */
export async function inspectOne(
  conn: Connection,
  kind: 'container' | 'volume' | 'network',
  name: string,
): Promise<InspectObject | undefined> {
  const [found] = await inspectObjects(conn, PLAIN_DOCKER, [kind, 'inspect', name]);
  return found;
}

/** Runs a docker command on the host for test setup or cleanup, returning its result whatever it is. */
export function dockerOnHost(conn: Connection, ...words: string[]): Promise<ExecResult> {
  return conn.exec(shellJoin(['docker', ...words]));
}

/** A connection that counts the commands it passes on, to show how many a module run costs. */
export class CountingConnection implements Connection {
  commands: string[] = [];

  constructor(private readonly inner: Connection) {}

  get hostName(): string {
    return this.inner.hostName;
  }

  exec(command: string, options?: ExecOptions): Promise<ExecResult> {
    this.commands.push(command);
    return this.inner.exec(command, options);
  }

  async close(): Promise<void> {}
}
