/**
 * The table of filters by template name, and the one way they are called.
 * Arguments are bound Python-style to the filter's parameters. Undefined
 * values raise their error before the filter runs, unless the filter
 * inspects them itself (`default`, `mandatory`, the branches of `ternary`).
 */
import { bindArguments, splitArguments } from '../arguments.js';
import { TemplateError } from '../errors.js';
import { ensureDefined } from '../undefined.js';

export interface FilterDefinition {
  /** Parameter names after the input, as in Ansible's documentation. */
  params: string[];
  /** The values that must be defined before the filter runs, `all` unless stated. */
  requiresDefined?: 'all' | 'input' | 'none';
  run(input: any, ...args: any[]): unknown;
}

export type FilterTable = Record<string, FilterDefinition>;

/** Shorthand for a table entry. */
export function filter(params: string[], run: FilterDefinition['run']): FilterDefinition {
  return { params, run };
}

const filters: FilterTable = {};

export function registerFilters(table: FilterTable): void {
  Object.assign(filters, table);
}

const FILTER_PREFIXES = ['ansible.builtin.', 'ansible.legacy.'];

/**
 * Returns the filter's name without an `ansible.builtin.` prefix, or
 * undefined if there is no such filter.
 */
export function resolveFilterName(name: string): string | undefined {
  const prefix = FILTER_PREFIXES.find((candidate) => name.startsWith(candidate));
  const short = prefix ? name.slice(prefix.length) : name;
  return Object.hasOwn(filters, short) ? short : undefined;
}

/** Returns every filter's short name (without a prefix). */
export function filterNames(): string[] {
  return Object.keys(filters);
}

export function hasFilter(name: string): boolean {
  return resolveFilterName(name) !== undefined;
}

/** Applies filter `name` to `input` with template arguments (positional, then keywords). */
export function callFilter(name: string, input: unknown, args: readonly unknown[]): unknown {
  const resolved = resolveFilterName(name);
  if (resolved === undefined) throw new TemplateError(`no filter named '${name}'`);
  const definition = filters[resolved];
  const call = splitArguments(args);

  const checks = definition.requiresDefined ?? 'all';
  if (checks !== 'none') ensureDefined(input);
  if (checks === 'all') {
    call.positional.forEach(ensureDefined);
    Object.values(call.keywords).forEach(ensureDefined);
  }
  return definition.run(
    input,
    ...bindArguments(`the filter '${resolved}'`, definition.params, call),
  );
}
