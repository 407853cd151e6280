/** The inventory loader's public entry points, for the command line and the engine. */
export { loadInventory } from './load-inventory.js';
export type { LoadInventoryOptions } from './load-inventory.js';
export { groupsOf, hostVariables } from './host-vars.js';
export type * from './model.js';
