/**
 * Every module skprun has, looked up by its short name or any alias
 * (`docker_container`, `community.docker.docker_container`).
 */
import type { ModuleDefinition } from './module.js';
import assertModule from './assert.js';
import commandModule from './command.js';
import copyModule from './copy.js';
import debugModule from './debug.js';
import dockerContainerModule from './docker-container.js';
import dockerNetworkModule from './docker-network.js';
import dockerVolumeModule from './docker-volume.js';
import exportfsModule from './exportfs.js';
import fileModule from './file.js';
import lineinfileModule from './lineinfile.js';
import nfsExportModule from './nfs-export.js';
import shellModule from './shell.js';
import timeCheckModule from './time-check.js';
import waitForModule from './wait-for.js';
import blockinfileModule from './blockinfile.js';
import failModule from './fail.js';
import pauseModule from './pause.js';
import serviceModule from './service.js';
import slurpModule from './slurp.js';
import statModule from './stat.js';
import systemdModule from './systemd.js';
import templateModule from './template.js';

const MODULES: ModuleDefinition<any>[] = [
  assertModule,
  commandModule,
  copyModule,
  debugModule,
  dockerContainerModule,
  dockerNetworkModule,
  dockerVolumeModule,
  exportfsModule,
  fileModule,
  lineinfileModule,
  nfsExportModule,
  shellModule,
  timeCheckModule,
  waitForModule,
  blockinfileModule,
  failModule,
  pauseModule,
  serviceModule,
  slurpModule,
  statModule,
  systemdModule,
  templateModule,
];

const byName = new Map<string, ModuleDefinition<any>>();
for (const module of MODULES) {
  for (const name of [module.name, ...module.aliases]) byName.set(name, module);
}

export function findModule(name: string): ModuleDefinition<any> | undefined {
  return byName.get(name);
}

/** Every name a task may use for a module, for did-you-mean suggestions. */
export function moduleNames(): string[] {
  return [...byName.keys()];
}

export function allModules(): readonly ModuleDefinition<any>[] {
  return MODULES;
}
