/**
 * Walks over nested template values: lists and plain objects, depth first.
 * Accessor properties (getters) are not read: they are views whose owner
 * computes them, such as the engine's `hostvars`, and reading one may be
 * costly or, for another host's variables, belong to another context.
 */
import { TemplateError } from './errors.js';
import { isMapping } from './python.js';
import { ensureDefined } from './undefined.js';

/** Deeper nesting than this is taken for a reference cycle. */
const MAX_DEPTH = 200;

function tooDeep(): TemplateError {
  return new TemplateError(
    `a value is nested more than ${MAX_DEPTH} levels deep; does it refer to itself?`,
  );
}

/** Lists the data properties of a plain object, skipping getters. */
export function dataEntries(object: Record<string, unknown>): [string, unknown][] {
  const entries: [string, unknown][] = [];
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(object))) {
    if (descriptor.enumerable && 'value' in descriptor) entries.push([key, descriptor.value]);
  }
  return entries;
}

type Check = (item: unknown) => boolean;

const never: Check = () => false;

/**
 * Returns true when `predicate` is true for the value or for any value nested
 * in it. Values for which `isOpaque` is true are not looked into.
 */
export function someNested(
  value: unknown,
  predicate: Check,
  isOpaque: Check = never,
  depth = 0,
): boolean {
  if (predicate(value)) return true;
  if (typeof value !== 'object' || value === null || isOpaque(value)) return false;
  if (depth > MAX_DEPTH) throw tooDeep();
  const inner = (item: unknown) => someNested(item, predicate, isOpaque, depth + 1);
  if (Array.isArray(value)) return value.some(inner);
  if (isMapping(value)) return dataEntries(value).some(([, item]) => inner(item));
  return false;
}

/** Raises the error of the first Undefined value found in `value`. */
export function ensureNestedDefined(value: unknown): void {
  someNested(value, (item) => {
    ensureDefined(item);
    return false;
  });
}

/**
 * Copies lists and plain objects, passing every other nested value through
 * `transform` and every key through `transformKey`. Values for which
 * `isOpaque` is true are kept as they are. The input is never modified,
 * and getters are copied as getters.
 */
export function mapNested(
  value: unknown,
  transform: (item: unknown) => unknown,
  transformKey: (key: string) => string,
  isOpaque: Check = never,
  depth = 0,
): unknown {
  if (depth > MAX_DEPTH) throw tooDeep();
  if (isOpaque(value)) return value;
  const inner = (item: unknown) => mapNested(item, transform, transformKey, isOpaque, depth + 1);
  if (Array.isArray(value)) return value.map(inner);
  if (!isMapping(value)) return transform(value);

  const copy: Record<string, unknown> = {};
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
    if (!descriptor.enumerable) continue;
    const newKey = transformKey(key);
    const copied =
      'value' in descriptor
        ? { value: inner(descriptor.value), writable: true }
        : { get: descriptor.get, set: descriptor.set };
    // defineProperty, not assignment, so that a key named __proto__ stays a key.
    Object.defineProperty(copy, newKey, { ...copied, enumerable: true, configurable: true });
  }
  return copy;
}
