/**
 * The set-up of a play before its first task: vars_prompt answers, its
 * vars_files, the variables of its roles, and per serial batch the magic
 * variables and the scope every task's variables start from.
 */
import { dirname } from 'node:path';
import type { Play, Playbook } from '../playbook/model.js';
import { playMagic, type InventoryIndex } from './magic.js';
import { hasTemplatedVarsFiles, hostVarsFiles, playRoleVars, staticVarsFiles } from './play-vars.js';
import type { RunOptions } from './playbook-runner.js';
import type { HostState, PlayScope } from './variables.js';
import { promptVariables } from './vars-prompt.js';

export interface PreparedPlay {
  play: Play;
  playbook: Playbook;
  hosts: string[];
  promptVars: Record<string, unknown>;
  varsFiles: Record<string, unknown>;
  roleDefaults: Record<string, unknown>;
  roleVars: Record<string, unknown>;
  roleNames: string[];
}

export async function preparePlay(play: Play, playbook: Playbook, options: RunOptions, hosts: string[]): Promise<PreparedPlay> {
  const promptVars = await promptVariables(play, options.extraVars, options.prompt);
  const roles = playRoleVars(play.tasks);
  const roleNames = [...new Set(play.tasks.flatMap((task) => (task.kind === 'block' && task.include?.keyword === 'roles' && task.role ? [task.role.name] : [])))];
  return {
    play,
    playbook,
    hosts,
    promptVars,
    varsFiles: staticVarsFiles(play),
    roleDefaults: roles.defaults,
    roleVars: roles.vars,
    roleNames,
  };
}

/** The sources of a batch's scope, besides the play. */
export interface BatchContext {
  options: RunOptions;
  index: InventoryIndex;
  /** The hostvars view, made once per run: it reads each host's state when a template does. */
  hostvars: Record<string, unknown>;
  stateOf: (host: string) => HostState;
  failed: Set<string>;
  unreachable: Set<string>;
}

/** Builds the scope of one serial batch: play variables, per-host vars_files and magic variables. */
export async function prepareBatch(prepared: PreparedPlay, batch: string[], context: BatchContext): Promise<PlayScope> {
  const { play, playbook } = prepared;
  const { options, stateOf, failed, unreachable } = context;
  const tags = options.tags ?? { only: [], skip: [] };
  const magic = playMagic({
    groups: context.index.groups,
    hostvars: context.hostvars,
    playHosts: prepared.hosts,
    activeHosts: prepared.hosts.filter((host) => !failed.has(host) && !unreachable.has(host)),
    batch,
    playName: play.name ?? play.hosts,
    playbookDir: playbook.dir,
    check: options.flags.check,
    diff: options.flags.diff,
    verbosity: options.verbosity ?? 0,
    runTags: tags.only,
    skipTags: tags.skip,
    roleNames: prepared.roleNames,
  });
  const scope: PlayScope = {
    playVars: play.vars,
    promptVars: prepared.promptVars,
    varsFiles: prepared.varsFiles,
    hostVarsFiles: new Map(),
    roleDefaults: prepared.roleDefaults,
    roleVars: prepared.roleVars,
    extraVars: options.extraVars,
    magic,
  };
  if (hasTemplatedVarsFiles(play)) await readHostVarsFiles(scope, play, batch, stateOf);
  return scope;
}

/**
 * Reads templated vars_files for each host of the batch, with the host's
 * inventory variables, the play's vars and the extra vars.
 */
async function readHostVarsFiles(scope: PlayScope, play: Play, batch: string[], stateOf: (host: string) => HostState): Promise<void> {
  const baseDir = dirname(play.file ?? play.position.file);
  for (const host of batch) {
    const state = stateOf(host);
    const vars = {
      ...state.inventoryVars,
      ...state.facts,
      ...scope.playVars,
      ...scope.promptVars,
      ...scope.extraVars,
      ...scope.magic,
      inventory_hostname: host,
      group_names: state.groupNames,
    };
    scope.hostVarsFiles.set(host, await hostVarsFiles(play, baseDir, vars));
  }
}
