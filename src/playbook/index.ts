/** The playbook loader's public entry points, for the command line and the engine. */
export { loadPlaybook } from './load-playbook.js';
export { loadTasksAtRunTime } from './runtime-tasks.js';
export type { LoadPlaybookOptions, LoadedPlaybook } from './load-playbook.js';
export type { ModuleLookup, ModuleSpec } from './modules.js';
export { engineModules } from './modules.js';
export { LOOP_LOOKUPS } from './task-keywords.js';
export { checkAgainstSchema } from './validator.js';
export { isTemplated } from './templated.js';
export * from './model.js';
