/**
 * Every module skprun has, looked up by its short name or any alias
 * (`docker_container`, `community.docker.docker_container`).
 */
import type { ModuleDefinition } from './module.js';

const MODULES: ModuleDefinition<any>[] = [];

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
