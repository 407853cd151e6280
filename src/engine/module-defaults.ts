/**
 * module_defaults: default arguments per module, from the play, blocks and
 * the task (merged down, the innermost entry for a module winning whole),
 * applied as ansible-core does: group defaults first, then the module's
 * own, then the task's arguments over both.
 */
import { findModuleSpec } from '../modules/registry.js';

/**
 * Action groups, named as `group/<name>` keys. The docker group is
 * community.docker's; its other modules are not in skprun, and
 * docker_image is listed for when it lands.
 */
const ACTION_GROUPS: Record<string, string[]> = {
  docker: ['docker_container', 'docker_network', 'docker_volume', 'docker_image'],
};

function groupMembers(name: string): string[] {
  const short = name.replace(/^community\.docker\./, '');
  return ACTION_GROUPS[short] ?? [];
}

/** The canonical module name a module_defaults key names, or the key itself. */
function canonicalName(key: string): string {
  const short = key.replace(/^ansible\.(builtin|legacy)\./, '');
  return findModuleSpec(key)?.name ?? findModuleSpec(short)?.name ?? short;
}

export function withModuleDefaults(
  module: string,
  args: Record<string, unknown>,
  defaults: unknown,
): Record<string, unknown> {
  if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults)) return args;
  const entries = Object.entries(defaults as Record<string, unknown>);
  if (entries.length === 0) return args;

  const merged: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (key.startsWith('group/') && groupMembers(key.slice('group/'.length)).includes(module)) Object.assign(merged, value);
  }
  for (const [key, value] of entries) {
    if (!key.startsWith('group/') && canonicalName(key) === module) Object.assign(merged, value);
  }
  return { ...merged, ...args };
}
