/**
 * Module lookup for the loader, and the few "modules" that the engine itself
 * implements (set_fact, meta, include_vars) because they
 * change the run's variables or flow rather than a host.
 */
import type { ModuleDefinition } from '../modules/module.js';
import { VARIABLE_NAME_PATTERN } from './schema-issues.js';

/** The part of a module the loader needs: its names, argument schema and free-form argument. */
export type ModuleSpec = Pick<ModuleDefinition, 'name' | 'schema' | 'freeForm'> & { aliases?: string[] };

export interface ModuleLookup {
  find(name: string): ModuleSpec | undefined;
  names(): string[];
}

/**
 * Imports the module registry (src/modules/registry.ts) on first use, because
 * it imports every module, which a caller with its own lookup (a test) does
 * not need.
 */
export async function registryLookup(): Promise<ModuleLookup> {
  const registry = await import('../modules/registry.js');
  return { find: registry.findModuleSpec, names: registry.moduleNames };
}

// Free-form string sent to meta, as Ansible's meta module documents it.
const META_ACTIONS = [
  'flush_handlers',
  'refresh_inventory',
  'noop',
  'clear_facts',
  'clear_host_errors',
  'end_play',
  'end_host',
  'end_batch',
  'end_role',
  'reset_connection',
];

/**
 * Modules the engine runs itself. Their arguments arrive as Ansible names
 * them: `meta: flush_handlers` as `{ free_form: 'flush_handlers' }`,
 * `include_vars: x.yml` as `{ file: 'x.yml' }`, `set_fact` as the variables.
 */
export const engineModules: ModuleSpec[] = [
  {
    name: 'set_fact',
    aliases: ['ansible.builtin.set_fact'],
    schema: {
      type: 'object',
      properties: { cacheable: { type: 'boolean' } },
      propertyNames: { pattern: VARIABLE_NAME_PATTERN },
      minProperties: 1,
    },
  },
  {
    name: 'meta',
    aliases: ['ansible.builtin.meta'],
    freeForm: 'free_form',
    schema: {
      type: 'object',
      properties: { free_form: { type: 'string', enum: META_ACTIONS } },
      required: ['free_form'],
      additionalProperties: false,
    },
  },
  {
    name: 'include_vars',
    aliases: ['ansible.builtin.include_vars'],
    freeForm: 'file',
    schema: {
      type: 'object',
      properties: { file: { type: 'string', minLength: 1 }, name: { type: 'string', pattern: VARIABLE_NAME_PATTERN } },
      required: ['file'],
      additionalProperties: false,
    },
  },
];

const engineByName = new Map<string, ModuleSpec>();
for (const spec of engineModules) {
  for (const name of [spec.name, ...(spec.aliases ?? [])]) engineByName.set(name, spec);
}

// Ansible resolves these collection prefixes to its built-in modules.
const BUILTIN_PREFIXES = ['ansible.builtin.', 'ansible.legacy.'];

/** Finds a module through `lookup`, then among the engine's own, by any name a task may use. */
export function resolveModule(name: string, lookup: ModuleLookup): ModuleSpec | undefined {
  const direct = lookup.find(name) ?? engineByName.get(name);
  if (direct) return direct;
  const prefix = BUILTIN_PREFIXES.find((p) => name.startsWith(p));
  if (!prefix) return undefined;
  const short = name.slice(prefix.length);
  return lookup.find(short) ?? engineByName.get(short);
}

/** Lists every module name a task may use, for suggestions. */
export function allModuleNames(lookup: ModuleLookup): string[] {
  return [...new Set([...lookup.names(), ...engineByName.keys()])];
}
