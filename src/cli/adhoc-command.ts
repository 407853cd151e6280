/**
 * `skprun adhoc PATTERN [-m MODULE] [-a ARGS]`: runs one module on every
 * host of a pattern, as `ansible` does, through the same engine as
 * playbooks (a one-task play). Each host's result prints in the shapes of
 * Ansible's minimal and oneline output (checked against ansible-core 2.14):
 * `c01 | CHANGED | rc=0 >>` and the output for command modules,
 * `c01 | SUCCESS => {...}` for the others.
 */
import { cwd } from 'node:process';
import { commandLineConnection } from '../engine/connection-options.js';
import type { RunEvent } from '../engine/events.js';
import { ExitCode, InputError, OptionError } from '../errors.js';
import { hostVariables, loadInventory, type Inventory } from '../inventory/index.js';
import { selectHosts } from '../inventory/patterns.js';
import type { ModuleSpecEntry } from '../catalog/built-catalog.js';
import { findModuleSpec, moduleNames } from '../modules/registry.js';
import { colours, colourWanted, type Colour } from '../output/colour.js';
import { createJsonRenderer } from '../output/json.js';
import { didYouMean } from '../playbook/did-you-mean.js';
import { argumentIssues } from '../playbook/argument-issues.js';
import { ArgumentSyntaxError, optionFilter, parseArguments } from '../playbook/free-form.js';
import type { ModuleTask, Play, Playbook } from '../playbook/model.js';
import { parseExtraVars } from './extra-vars.js';
import { inventorySources, sortedJson } from './inventory-command.js';

export interface AdhocOptions {
  inventory?: string[];
  limit?: string;
  moduleName: string;
  args?: string;
  extraVars?: string[];
  forks?: number;
  become?: boolean;
  becomeUser?: string;
  askBecomePass?: boolean;
  askPass?: boolean;
  user?: string;
  privateKey?: string;
  timeout?: number;
  check?: boolean;
  diff?: boolean;
  oneLine?: boolean;
  /** json for JSON events; any other value prints plain lines. */
  output?: string;
  listHosts?: boolean;
  acceptNewHostKeys?: boolean;
}

/** Modules whose result Ansible prints as command output (C.MODULE_NO_JSON). */
const COMMAND_OUTPUT_MODULES = new Set(['command', 'shell', 'raw', 'script']);

const POSITION = { file: '<command line>', line: 1, column: 1 };

/** Builds the one task: the module's arguments as key=value words or free-form text, as `ansible -a` takes them. */
export function buildAdhocTask(module: ModuleSpecEntry, alias: string, text: string | undefined): ModuleTask {
  let args: Record<string, unknown> = {};
  if (text !== undefined && text.trim() !== '') {
    const parsed = splitAdhocArguments(module, text);
    args = { ...parsed.options };
    if (parsed.freeForm !== '') {
      if (!module.freeForm) throw new InputError(`-a: ${module.name} takes no free-form text ("${parsed.freeForm}"); give its arguments as key=value`);
      args[module.freeForm] = parsed.freeForm;
    }
  }
  if (COMMAND_OUTPUT_MODULES.has(module.name) && module.freeForm && args[module.freeForm] === undefined) {
    throw new OptionError(`no command given to the ${module.name} module: add -a 'COMMAND'`);
  }
  return {
    kind: 'module', position: POSITION, when: [], vars: {}, tags: [], keywords: {},
    module: module.name, moduleAlias: alias, args, notify: [],
  };
}

function splitAdhocArguments(module: ModuleSpecEntry, text: string) {
  try {
    return parseArguments(text, optionFilter(module.name, module.freeForm, module.schema as Record<string, unknown>));
  } catch (error) {
    if (error instanceof ArgumentSyntaxError) throw new InputError(`-a: ${error.message}`);
    throw error;
  }
}

export function adhocPlay(pattern: string, task: ModuleTask): Play {
  return {
    name: 'Ansible Ad-Hoc', position: POSITION, hosts: pattern, vars: {}, handlers: [], tasks: [task],
    gatherFacts: false, anyErrorsFatal: false, keywords: {},
  };
}

/** Formats a result as `json.dumps(indent=0)` with the newlines removed, as the oneline output shows it. */
export function oneLineJson(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${value.map(oneLineJson).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const keys = Object.keys(value).sort();
  if (keys.length === 0) return '{}';
  return `{${keys.map((key) => `${JSON.stringify(key)}: ${oneLineJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
}

const STATES: Record<string, { caption: string; colour: Colour }> = {
  ok: { caption: 'SUCCESS', colour: 'green' },
  changed: { caption: 'CHANGED', colour: 'yellow' },
  failed: { caption: 'FAILED', colour: 'red' },
  ignored: { caption: 'FAILED', colour: 'red' },
  rescued: { caption: 'FAILED', colour: 'red' },
  unreachable: { caption: 'UNREACHABLE!', colour: 'red' },
  skipped: { caption: 'SKIPPED', colour: 'cyan' },
};

function displayed(result: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(result).filter(([key]) => !key.startsWith('_ansible') && key !== 'invocation'));
}

/** Formats one host's result as `ansible` prints it. */
export function formatHostResult(event: Extract<RunEvent, { kind: 'host_result' }>, module: string, oneLine: boolean): { text: string; colour: Colour } {
  const { caption, colour } = STATES[event.status];
  const result = displayed(event.result);
  const text = (() => {
    if (event.status === 'skipped') return `${event.host} | SKIPPED`;
    if (event.status === 'unreachable') {
      return oneLine ? `${event.host} | UNREACHABLE!: ${event.msg}` : `${event.host} | UNREACHABLE! => ${sortedJson(result)}`;
    }
    if (COMMAND_OUTPUT_MODULES.has(module) && 'rc' in result) return commandText(event.host, caption, result, oneLine);
    const state = event.status === 'ok' || event.status === 'changed' ? caption : 'FAILED!';
    return `${event.host} | ${state} => ${oneLine ? oneLineJson(result) : sortedJson(result)}`;
  })();
  return { text, colour };
}

function commandText(host: string, caption: string, result: Record<string, unknown>, oneLine: boolean): string {
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  const rc = String(result.rc ?? -1);
  if (oneLine) {
    const escape = (text: string) => text.replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    const errors = stderr ? ` (stderr) ${escape(stderr)}` : '';
    return `${host} | ${caption} | rc=${rc} | (stdout) ${escape(stdout)}${errors}`;
  }
  // Ansible runs stdout, stderr and msg together; a line between them keeps them readable.
  const msg = caption === 'FAILED' ? String(result.msg ?? '') : '';
  const body = [stdout, stderr, msg].filter((part) => part !== '').join('\n');
  return `${host} | ${caption} | rc=${rc} >>\n${body}`;
}

function createAdhocRenderer(module: string, oneLine: boolean): (event: RunEvent) => void {
  const paint = colours(colourWanted(process.stdout));
  return (event) => {
    if (event.kind === 'warning') process.stderr.write(`[WARNING]: ${event.message}\n`);
    if (event.kind !== 'host_result') return;
    const { text, colour } = formatHostResult(event, module, oneLine);
    process.stdout.write(`${paint(colour, text)}\n`);
  };
}

function resolveModule(name: string): ModuleSpecEntry {
  const module = findModuleSpec(name);
  if (!module) throw new InputError(`-m: unknown module "${name}"${didYouMean(name, moduleNames())}`);
  return module;
}

function checkUntemplatedArguments(module: ModuleSpecEntry, task: ModuleTask): void {
  // Templated values are checked per host, after rendering, by the engine.
  const problems = argumentIssues(module.name, module.schema, structuredClone(task.args));
  if (problems.length > 0) throw new InputError(`-a: invalid arguments for ${module.name}: ${problems.join('; ')}`);
}

export async function adhocCommand(pattern: string, options: AdhocOptions): Promise<number> {
  const inventory = await loadInventory(inventorySources(options.inventory ?? []));
  for (const warning of inventory.warnings ?? []) process.stderr.write(`[WARNING]: ${warning}\n`);

  const selected = selectHosts(inventory, pattern);
  const allowed = options.limit ? new Set(selectHosts(inventory, options.limit).hosts) : undefined;
  const hosts = selected.hosts.filter((host) => !allowed || allowed.has(host));
  if (options.listHosts) {
    process.stdout.write(`  hosts (${hosts.length}):\n${hosts.map((host) => `    ${host}\n`).join('')}`);
    return ExitCode.ok;
  }
  const module = resolveModule(options.moduleName);
  const task = buildAdhocTask(module, options.moduleName, options.args);
  checkUntemplatedArguments(module, task);
  if (hosts.length === 0) {
    for (const term of selected.unmatched) process.stderr.write(`[WARNING]: Could not match supplied host pattern, ignoring: ${term}\n`);
    process.stderr.write('[WARNING]: No hosts matched, nothing to do\n');
    return ExitCode.ok;
  }
  return runAdhoc(pattern, task, options, inventory);
}

async function runAdhoc(pattern: string, task: ModuleTask, options: AdhocOptions, inventory: Inventory): Promise<number> {
  // Loaded here, so that --list-hosts and argument errors do not wait for the engine.
  const { PlaybookRunner } = await import('../engine/playbook-runner.js');
  const commandLine = await commandLineConnection(options);
  const playbook: Playbook = { file: POSITION.file, dir: cwd(), plays: [adhocPlay(pattern, task)] };
  const emit =
    options.output === 'json'
      ? createJsonRenderer((text) => void process.stdout.write(text))
      : createAdhocRenderer(task.module, Boolean(options.oneLine));

  const runner = new PlaybookRunner({
    inventory,
    hostVariables: (name) => ({ ...commandLine.becomeVars, ...hostVariables(inventory, name) }),
    flags: { check: Boolean(options.check), diff: Boolean(options.diff) },
    forks: options.forks ?? 5,
    limit: options.limit,
    extraVars: await parseExtraVars(options.extraVars ?? []),
    connection: {
      baseDir: cwd(),
      connectTimeoutMs: (options.timeout ?? 10) * 1000,
      user: options.user,
      privateKeyFile: options.privateKey,
      ...commandLine.defaults,
    },
    forceHandlers: false,
    emit,
  });
  return runner.run([playbook]);
}
