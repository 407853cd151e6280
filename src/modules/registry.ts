/**
 * Every module skprun has, looked up by its short name or any alias
 * (`docker_container`, `community.docker.docker_container`).
 *
 * Two levels, because start-up time matters: a module's spec (names,
 * argument schema, free-form argument) is what the playbook loader needs,
 * and its implementation is what a run needs. The specs come from the
 * catalog that the build writes (src/catalog/write-catalog.ts), so loading a
 * playbook imports no module code. An implementation is imported the first
 * time a task calls it. Without a catalog (a build that skipped the step)
 * every implementation is imported up front instead, which is slower but
 * gives the same results.
 */
import type { ModuleDefinition } from './module.js';
import { builtCatalog, type ModuleSpecEntry } from '../catalog/built-catalog.js';

/**
 * The files that contain the modules, in this folder, each with a
 * ModuleDefinition as its default export. Adding a module means adding it
 * here; the build then puts it in the catalog.
 */
export const MODULE_FILES = [
  'assert',
  'blockinfile',
  'command',
  'copy',
  'debug',
  'docker-container',
  'docker-network',
  'docker-volume',
  'exportfs',
  'fail',
  'file',
  'lineinfile',
  'nfs-export',
  'pause',
  'service',
  'shell',
  'slurp',
  'stat',
  'systemd',
  'template',
  'time-check',
  'wait-for',
] as const;

export type ModuleFile = (typeof MODULE_FILES)[number];

/** Imports the implementation in one of MODULE_FILES. */
export async function importModuleFile(file: string): Promise<ModuleDefinition<any>> {
  const imported = (await import(`./${file}.js`)) as { default: ModuleDefinition<any> };
  return imported.default;
}

/** Returns the spec of a module implementation, as the catalog records it. */
export function specOf(module: ModuleDefinition<any>, file: string): ModuleSpecEntry {
  return {
    name: module.name,
    aliases: module.aliases,
    schema: module.schema,
    idempotent: module.idempotent,
    file,
    ...(module.freeForm !== undefined ? { freeForm: module.freeForm } : {}),
    ...(module.rawArguments !== undefined ? { rawArguments: module.rawArguments } : {}),
    ...(module.controllerOnly !== undefined ? { controllerOnly: module.controllerOnly } : {}),
  };
}

async function specsFromImplementations(): Promise<ModuleSpecEntry[]> {
  const modules = await Promise.all(MODULE_FILES.map(importModuleFile));
  return modules.map((module, index) => specOf(module, MODULE_FILES[index]));
}

const specs: readonly ModuleSpecEntry[] = builtCatalog()?.modules ?? (await specsFromImplementations());

const byName = new Map<string, ModuleSpecEntry>();
for (const spec of specs) {
  for (const name of [spec.name, ...spec.aliases]) byName.set(name, spec);
}

/** Finds the spec of the module a task names, without importing its code. */
export function findModuleSpec(name: string): ModuleSpecEntry | undefined {
  return byName.get(name);
}

/** Every name a task may use for a module, for did-you-mean suggestions. */
export function moduleNames(): string[] {
  return [...byName.keys()];
}

export function allModuleSpecs(): readonly ModuleSpecEntry[] {
  return specs;
}

const loaded = new Map<string, Promise<ModuleDefinition<any>>>();

/**
 * Loads the module a task names, importing its code on first use. A catalog that
 * no longer matches the code (the sources changed and the build step that
 * writes it did not run) is an error here rather than a silent difference
 * between what the loader checked and what runs.
 */
export async function loadModule(name: string): Promise<ModuleDefinition<any> | undefined> {
  const spec = byName.get(name);
  if (!spec) return undefined;
  let module = loaded.get(spec.file);
  if (!module) {
    module = importModuleFile(spec.file).then((definition) => {
      assertCatalogCurrent(spec, definition);
      return definition;
    });
    loaded.set(spec.file, module);
  }
  return module;
}

function assertCatalogCurrent(spec: ModuleSpecEntry, definition: ModuleDefinition<any>): void {
  if (JSON.stringify(specOf(definition, spec.file)) === JSON.stringify(spec)) return;
  throw new Error(
    `the module catalog in dist/ is out of date for ${spec.name} (src/modules/${spec.file}.ts changed); run "npm run build"`,
  );
}
