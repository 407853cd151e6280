/**
 * Settings that differ between the task and the object on the host, and how
 * they read: in the result message (which settings, expected vs actual) and
 * as the before/after text of diff mode.
 */
import { stringify } from 'yaml';
import type { FileDiff } from '../module.js';

export interface Difference {
  /** The option's name as a task writes it, with a key for mappings (`labels.app`). */
  name: string;
  /** The value the task requests. */
  expected: unknown;
  /** The value docker reports. */
  actual: unknown;
  /** A shorter account for the message than the whole values, for sets and mappings. */
  summary?: string;
}

export function difference(
  name: string,
  expected: unknown,
  actual: unknown,
  summary?: string,
): Difference {
  return summary === undefined ? { name, expected, actual } : { name, expected, actual, summary };
}

export function show(value: unknown): string {
  if (value === undefined || value === null) return 'unset';
  return JSON.stringify(value);
}

/** `driver_options.o (expected "addr=a", actual "addr=b")`, joined by `; `. */
export function describeDifferences(differences: readonly Difference[]): string {
  return differences
    .map(
      (d) => `${d.name} (${d.summary ?? `expected ${show(d.expected)}, actual ${show(d.actual)}`})`,
    )
    .join('; ');
}

/**
 * Builds the before/after text of diff mode: the state of each differing setting,
 * plus any whole-object facts given (`exists`, `running`).
 */
export function settingsDiff(
  differences: readonly Difference[],
  before: Record<string, unknown> = {},
  after: Record<string, unknown> = {},
): FileDiff {
  const beforeMap: Record<string, unknown> = { ...before };
  const afterMap: Record<string, unknown> = { ...after };
  for (const d of differences) {
    beforeMap[d.name] = d.actual ?? null;
    afterMap[d.name] = d.expected ?? null;
  }
  return { before: stringify(beforeMap), after: stringify(afterMap) };
}

/** Compares two string mappings key by key; only keys the task sets count. */
export function mappingDifferences(
  name: string,
  expected: Record<string, string> | undefined,
  actual: Record<string, string> | null | undefined,
): Difference[] {
  if (!expected) return [];
  const present = actual ?? {};
  return Object.entries(expected)
    .filter(([key, value]) => present[key] !== value)
    .map(([key, value]) => difference(`${name}.${key}`, value, present[key]));
}
