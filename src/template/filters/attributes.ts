/**
 * Jinja2's attribute getter, behind `map(attribute=...)`, `selectattr`,
 * `sort(attribute=...)` and friends: `a.b.0` walks keys and list indexes.
 */
import { lookupMember, memberPath } from '../members.js';
import { isUndefined } from '../undefined.js';

export type Getter = (item: unknown) => unknown;

/** Splits `a.b.0` into keys and integer indexes. */
function attributeParts(attribute: unknown): (string | number)[] {
  if (typeof attribute === 'number') return [attribute];
  return String(attribute)
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * A function reading `attribute` from an item. A missing attribute gives
 * `fallback` when one is set, else an Undefined value naming `item.<path>`.
 */
export function attributeGetter(attribute: unknown, fallback?: unknown): Getter {
  const parts = attributeParts(attribute);
  return (item) => {
    let value = item;
    let path = 'item';
    for (const part of parts) {
      value = lookupMember(value, part, path);
      path = memberPath(path, part);
    }
    return isUndefined(value) && fallback !== undefined ? fallback : value;
  };
}

/** Returns the getter when `attribute` is set, else the identity. */
export function optionalGetter(attribute: unknown): Getter {
  return attribute === undefined || attribute === null
    ? (item) => item
    : attributeGetter(attribute);
}
