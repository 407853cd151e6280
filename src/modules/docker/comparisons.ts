/**
 * The comparison modes of docker_container's `comparisons` option, as
 * community.docker defines them: `strict` (equal), `allow_more_present`
 * (the container may have more items or keys) and `ignore`. Sets and
 * mappings default to allow_more_present, values and lists to strict.
 */
import type { Comparison } from './container-args.js';
import { difference, show, type Difference } from './differences.js';

export type OptionKind = 'value' | 'list' | 'set' | 'dict';

export interface OptionCheck {
  /** The option's name, as `comparisons` and messages use it. */
  name: string;
  kind: OptionKind;
  expected: unknown;
  actual: unknown;
  /** Whether `docker update` can change the setting without recreating the container. */
  updatable?: boolean;
}

// community.docker ignores changes of stop_timeout unless comparisons requests them.
const DEFAULT_IGNORED = new Set(['stop_timeout']);

/** Returns an option's comparison: its own entry, else `*`, else its kind's default. */
export function comparisonFor(
  name: string,
  kind: OptionKind,
  comparisons: Record<string, Comparison>,
): Comparison {
  const own = comparisons[name] ?? (name === 'command' ? comparisons.entrypoint : undefined);
  if (own) return own;
  if (DEFAULT_IGNORED.has(name)) return 'ignore';
  if (comparisons['*']) return comparisons['*'];
  return kind === 'set' || kind === 'dict' ? 'allow_more_present' : 'strict';
}

function key(value: unknown): string {
  return JSON.stringify(value ?? null);
}

function setMatches(expected: unknown[], actual: unknown[], mode: Comparison): boolean {
  const present = new Set(actual.map(key));
  const requested = new Set(expected.map(key));
  const covered = [...requested].every((item) => present.has(item));
  return mode === 'strict' ? covered && present.size === requested.size : covered;
}

function dictMatches(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  mode: Comparison,
): boolean {
  const covered = Object.entries(expected).every(([k, v]) => key(actual[k]) === key(v));
  return mode === 'strict'
    ? covered && Object.keys(actual).length === Object.keys(expected).length
    : covered;
}

export function checkMatches(check: OptionCheck, mode: Comparison): boolean {
  if (mode === 'ignore') return true;
  if (check.kind === 'set')
    return setMatches(check.expected as unknown[], (check.actual ?? []) as unknown[], mode);
  if (check.kind === 'dict') {
    return dictMatches(
      check.expected as Record<string, unknown>,
      (check.actual ?? {}) as Record<string, unknown>,
      mode,
    );
  }
  return key(check.expected) === key(check.actual);
}

function setSummary(
  expected: unknown[],
  actual: unknown[],
  mode: Comparison,
  display: (item: unknown) => unknown = (item) => item,
): string {
  const present = new Set(actual.map(key));
  const requested = new Set(expected.map(key));
  const missing = expected.filter((item) => !present.has(key(item))).map(display);
  const unexpected = mode === 'strict' ? actual.filter((item) => !requested.has(key(item))) : [];
  const parts = [
    missing.length ? `missing ${show(missing)}` : '',
    unexpected.length ? `unexpected ${show(unexpected.map(display))}` : '',
  ];
  return parts.filter((part) => part !== '').join(', ');
}

function dictSummary(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  mode: Comparison,
): string {
  const parts = Object.entries(expected)
    .filter(([k, v]) => key(actual[k]) !== key(v))
    .map(([k, v]) => `${k}: expected ${show(v)}, actual ${show(actual[k])}`);
  if (mode === 'strict') {
    const extra = Object.keys(actual).filter((k) => !(k in expected));
    if (extra.length) parts.push(`unexpected ${show(extra)}`);
  }
  return parts.join('; ');
}

/**
 * Hides the value of an env entry (`TOKEN=<hidden>`), because the message
 * shows on every result line and variables often carry secrets. Diff mode
 * still shows the values, as community.docker's diff does.
 */
function hideEnvValue(item: unknown): unknown {
  const text = String(item);
  const at = text.indexOf('=');
  return at < 0 ? text : `${text.slice(0, at)}=<hidden>`;
}

/** Summarizes a set or mapping difference, because the whole values are long. */
function summarize(check: OptionCheck, mode: Comparison): string | undefined {
  if (check.name === 'env') {
    return setSummary(
      check.expected as string[],
      (check.actual ?? []) as string[],
      mode,
      hideEnvValue,
    );
  }
  if (check.kind === 'set') {
    return setSummary(check.expected as unknown[], (check.actual ?? []) as unknown[], mode);
  }
  if (check.kind === 'dict') {
    return dictSummary(
      check.expected as Record<string, unknown>,
      (check.actual ?? {}) as Record<string, unknown>,
      mode,
    );
  }
  return undefined;
}

export interface ConfigDifferences {
  /** Differences that need the container recreated. */
  recreate: Difference[];
  /** Differences that `docker update` can apply in place. */
  update: Difference[];
}

export function configDifferences(
  checks: readonly OptionCheck[],
  comparisons: Record<string, Comparison>,
): ConfigDifferences {
  const result: ConfigDifferences = { recreate: [], update: [] };
  for (const check of checks) {
    const mode = comparisonFor(check.name, check.kind, comparisons);
    if (checkMatches(check, mode)) continue;
    const found = difference(check.name, check.expected, check.actual, summarize(check, mode));
    (check.updatable ? result.update : result.recreate).push(found);
  }
  return result;
}
