/**
 * `skprun PLAYBOOK...`: loads and checks everything first (inventory,
 * playbooks, module arguments), then runs, or lists hosts, tasks and tags.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExitCode, OptionError, SkprunError } from '../errors.js';
import { parseExtraVars } from './extra-vars.js';
import { chooseRenderer } from './renderer-choice.js';
import type { CommandLineConnection } from '../engine/connection-options.js';

export interface RunCommandOptions extends CommandLineConnection {
  inventory: string[];
  limit?: string;
  extraVars: string[];
  check?: boolean;
  diff?: boolean;
  forks: number;
  user?: string;
  privateKey?: string;
  timeout: number;
  forceHandlers?: boolean;
  syntaxCheck?: boolean;
  listHosts?: boolean;
  listTasks?: boolean;
  listTags?: boolean;
  tags: string[];
  skipTags: string[];
  startAtTask?: string;
  output: 'auto' | 'live' | 'plain' | 'json';
  verbose: number;
}

const DEFAULT_INVENTORY = 'inventory/hosts.yml';

function inventoryPaths(given: string[]): string[] {
  if (given.length > 0) return given.map((path) => resolve(path));
  if (!existsSync(DEFAULT_INVENTORY)) {
    throw new OptionError(`no inventory given and ${DEFAULT_INVENTORY} does not exist here; pass -i FILE`);
  }
  return [resolve(DEFAULT_INVENTORY)];
}

export async function runPlaybooksCommand(files: string[], options: RunCommandOptions): Promise<number> {
  if (files.length === 0) throw new OptionError('no playbook given; usage: skprun [options] PLAYBOOK...');
  const { loadPlaybook, loadTasksAtRunTime } = await import('../playbook/index.js');
  const { findModuleSpec } = await import('../modules/registry.js');
  const { parseTagOption } = await import('../engine/tags.js');
  const tags = { only: parseTagOption(options.tags ?? []), skip: parseTagOption(options.skipTags ?? []) };

  // Extra vars come first: role and handler names are rendered with them when a playbook loads.
  const extraVars = await parseExtraVars(options.extraVars);
  const loaded = [];
  for (const file of files) loaded.push(await loadPlaybook(resolve(file), { moduleLookup: findModuleSpec, extraVars }));
  for (const { warnings } of loaded) for (const warning of warnings) process.stderr.write(`[WARNING]: ${warning}\n`);
  const playbooks = loaded.map((entry) => entry.playbook);

  if (options.syntaxCheck) {
    for (const playbook of playbooks) process.stdout.write(`playbook: ${playbook.file}\n`);
    return ExitCode.ok;
  }

  const { loadInventory, hostVariables } = await import('../inventory/index.js');
  const inventory = await loadInventory(inventoryPaths(options.inventory), { playbookDir: playbooks[0].dir });

  if (options.listHosts || options.listTasks || options.listTags) {
    const { listPlaybooks } = await import('./list-command.js');
    listPlaybooks(playbooks, inventory, options, tags);
    return ExitCode.ok;
  }

  const { PlaybookRunner } = await import('../engine/playbook-runner.js');
  const { terminalPrompter } = await import('../output/prompt.js');
  const { commandLineConnection } = await import('../engine/connection-options.js');
  // -k and -K ask for their passwords here, once, before any host is contacted.
  const commandLine = await commandLineConnection(options);
  const renderer = await chooseRenderer(options.output, options.verbose);
  const runner = new PlaybookRunner({
    inventory,
    hostVariables: (name) => ({ ...commandLine.becomeVars, ...hostVariables(inventory, name) }),
    flags: { check: Boolean(options.check), diff: Boolean(options.diff) },
    forks: options.forks,
    limit: options.limit,
    extraVars,
    connection: {
      baseDir: process.cwd(),
      connectTimeoutMs: options.timeout * 1000,
      user: options.user,
      privateKeyFile: options.privateKey,
      ...commandLine.defaults,
    },
    forceHandlers: Boolean(options.forceHandlers),
    emit: renderer.handle,
    tags,
    startAtTask: options.startAtTask,
    verbosity: options.verbose,
    prompt: terminalPrompter(renderer.flush),
    loadTasks: (path, role, playbookDir) => loadTasksAtRunTime(path, { playbookDir, role }),
  });
  if (options.limit && !runner.hasTargets(playbooks)) {
    throw new SkprunError(`--limit ${options.limit}: the inventory and the plays' host patterns leave no host to run on`);
  }

  const stop = stopOnSignals((signal) => runner.interrupt(`${signal} received`));
  try {
    const status = await runner.run(playbooks);
    await renderer.flush();
    return stop.exitStatus() ?? status;
  } finally {
    stop.remove();
  }
}

/** Exit status after each signal: 99 for Ctrl-C as ansible-playbook has it, 128 + the signal number for the others. */
const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number> = {
  SIGINT: ExitCode.interrupted,
  SIGTERM: 128 + 15,
  SIGHUP: 128 + 1,
};

/**
 * Makes the first SIGINT, SIGTERM or SIGHUP stop the run through
 * `interrupt`, which ends with the recap. A second signal of any of these
 * quits at once, with the first signal's status.
 */
function stopOnSignals(interrupt: (signal: string) => Promise<void>): { exitStatus: () => number | undefined; remove: () => void } {
  const signals = Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[];
  let received: keyof typeof SIGNAL_EXIT | undefined;
  const onSignal = (signal: keyof typeof SIGNAL_EXIT) => {
    if (received) process.exit(SIGNAL_EXIT[received]);
    received = signal;
    interrupt(signal).catch((error: Error) => process.stderr.write(`ERROR: stopping after ${signal} failed: ${error.message}\n`));
  };
  for (const signal of signals) process.on(signal, onSignal);
  return {
    exitStatus: () => (received ? SIGNAL_EXIT[received] : undefined),
    remove: () => {
      for (const signal of signals) process.removeListener(signal, onSignal);
    },
  };
}
