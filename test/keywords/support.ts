/**
 * Helpers for the keyword lab tests: the shared lab with an inventory of
 * its own (groups and variables that the fixtures in
 * test/fixtures/keywords use), and the real CLI run against it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { LabState } from '../../src/lab/index.js';
import { connectLabHost, sharedLab } from '../support/lab.js';
import { runSkprun, type SkprunRun } from '../support/run-skprun.js';

export interface KeywordLab {
  lab: LabState;
  /**
   * The lab's inventory with group `web` (c01, c02) and group `db` (c03),
   * and variables at group and host level for the precedence tests.
   */
  inventory: string;
}

let prepared: Promise<KeywordLab> | undefined;

/** Starts the shared lab once and writes the keyword tests' inventory beside it. */
export function keywordLab(): Promise<KeywordLab> {
  prepared ??= (async () => {
    const lab = await sharedLab();
    const inventory = parse(readFileSync(lab.inventoryFile, 'utf8'));
    inventory.all.children.web = { hosts: { c01: {}, c02: {} }, vars: { tier: 'web', level: 'group web' } };
    inventory.all.children.db = { hosts: { c03: {} }, vars: { tier: 'db' } };
    Object.assign(inventory.all.vars, { inv_vs_defaults: 'inventory', inv_vs_play: 'inventory', level: 'group all' });
    inventory.all.hosts.c01.level = 'host c01';
    const file = join(lab.stateDir, 'keywords-inventory.yml');
    writeFileSync(file, stringify(inventory));
    return { lab, inventory: file };
  })();
  return prepared;
}

/** Runs a fixture of test/fixtures/keywords with the keyword inventory and JSON output. */
export async function runFixture(fixture: string, ...args: string[]): Promise<SkprunRun> {
  const { inventory } = await keywordLab();
  return runSkprun(['-i', inventory, '--output', 'json', ...args, `test/fixtures/keywords/${fixture}`]);
}

/** Runs a command on a lab host over its own connection and returns its stdout. */
export async function onHost(host: string, command: string): Promise<string> {
  const result = await (await connectLabHost(host)).exec(command);
  if (result.exitCode !== 0) throw new Error(`${host}: ${command} exited ${result.exitCode}: ${result.stderr}`);
  return result.stdout;
}

export { debugMessages as messages, hostResults, startedTasks } from '../support/events.js';

/** The output, for assertion messages. */
export function outputOf(run: SkprunRun): string {
  return `${run.stdout}\n${run.stderr}`;
}
