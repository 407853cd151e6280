/** Normalised forms of task and play keyword values, as the model stores them. */
import type { ModuleTask } from './model.js';
import type { Problems, Site } from './site.js';

/** `when: x` and `when: [x, y]` both become a list of conditions. */
export function toConditions(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Tags as Ansible reads them: a string splits at commas, numbers become strings. */
export function toTags(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

export function toStringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

export function toVars(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function toLoopControl(value: unknown): ModuleTask['loopControl'] {
  if (value === undefined || value === null) return undefined;
  const control = value as Record<string, unknown>;
  return {
    loopVar: typeof control.loop_var === 'string' ? control.loop_var : 'item',
    indexVar: control.index_var as string | undefined,
    label: control.label as string | undefined,
    pause: control.pause,
    extended: control.extended,
  };
}

/** Returns the keywords left once those with a field of their own are taken out. */
export function otherKeywords(keywords: Record<string, unknown>, taken: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(keywords).filter(([key]) => !taken.includes(key)));
}

const TEMPLATE_IN_CONDITION = /\{\{|\{%/;

/**
 * Warns about `{{ }}` in conditions, which are expressions already; Ansible
 * warns the same way, because a templated condition is evaluated twice.
 */
export function warnTemplatedConditions(site: Site, conditions: unknown[], problems: Problems): void {
  conditions.forEach((condition, index) => {
    if (typeof condition !== 'string' || !TEMPLATE_IN_CONDITION.test(condition)) return;
    const at = site.positions.has([...site.path, index]) ? site.child(index) : site;
    const where = at.position();
    problems.warn(
      `${where.file}:${where.line}:${where.column}: ${at.label()}: a condition is an expression already; ` +
        'write it without {{ }}, for example "x == 1" rather than "{{ x }} == 1"',
    );
  });
}
