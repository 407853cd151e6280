/**
 * Runs a playbook through the real loader and engine in this process, on
 * hosts whose connection is a local shell that records every command, so
 * engine tests read events, recap and commands without a lab.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Connection } from '../../src/connection/connection.js';
import { LocalConnection } from '../../src/connection/local.js';
import type { HostStats, RunEvent } from '../../src/engine/events.js';
import { PlaybookRunner, type RunOptions } from '../../src/engine/playbook-runner.js';
import { hostVariables, loadInventory } from '../../src/inventory/index.js';
import { findModuleSpec } from '../../src/modules/registry.js';
import { loadPlaybook, loadTasksAtRunTime } from '../../src/playbook/index.js';

export interface EngineRun {
  status: number;
  events: RunEvent[];
  recap: Record<string, HostStats>;
  /** Every command run, as `host: command`. */
  commands: string[];
  dir: string;
}

export interface RunRequest {
  /** Files by path relative to the run's folder; `site.yml` is the playbook. */
  files: Record<string, string>;
  /** Host names of the inventory; ignored when files has inventory.yml. */
  hosts?: string[];
  options?: Partial<RunOptions>;
}

const DEFAULT_HOSTS = ['h1', 'h2'];

function inventoryYaml(hosts: string[]): string {
  const lines = ['all:', '  vars:', '    ansible_connection: local', '  hosts:', ...hosts.map((host) => `    ${host}: {}`)];
  return `${lines.join('\n')}\n`;
}

function recording(conn: Connection, commands: string[]): Connection {
  return {
    hostName: conn.hostName,
    exec: (command, options) => {
      commands.push(`${conn.hostName}: ${command}`);
      return conn.exec(command, options);
    },
    close: () => conn.close(),
  };
}

export async function runPlaybook(request: RunRequest): Promise<EngineRun> {
  const dir = mkdtempSync(join(tmpdir(), 'skprun-engine-test-'));
  const files = { 'inventory.yml': inventoryYaml(request.hosts ?? DEFAULT_HOSTS), ...request.files };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }

  const { playbook } = await loadPlaybook(join(dir, 'site.yml'), { moduleLookup: findModuleSpec });
  const inventory = await loadInventory([join(dir, 'inventory.yml')]);
  const events: RunEvent[] = [];
  const commands: string[] = [];
  const runner = new PlaybookRunner({
    inventory,
    hostVariables: (name) => hostVariables(inventory, name),
    flags: { check: false, diff: false },
    forks: 5,
    extraVars: {},
    connection: { baseDir: dir, connectTimeoutMs: 5000 },
    forceHandlers: false,
    emit: (event) => events.push(event),
    loadTasks: (path, role, playbookDir) => loadTasksAtRunTime(path, { playbookDir, role }),
    openConnection: async (plan) => recording(new LocalConnection(plan.kind === 'local' ? plan.hostName : plan.target.hostName), commands),
    ...request.options,
  });
  const status = await runner.run([playbook]);
  const recap = events.find((event) => event.kind === 'recap');
  return { status, events, recap: recap?.kind === 'recap' ? recap.stats : {}, commands, dir };
}

export { debugMessages, hostResults, results, startedTasks, statuses } from '../support/events.js';
