/**
 * Text that must never be templated: what Ansible's `!unsafe` tag marks.
 *
 * The loader wraps every `!unsafe` string in an UnsafeText (inside a tagged
 * mapping or sequence, every string in it). The template engine must return
 * `text` as it is instead of rendering it, and anything that needs a plain
 * value (JSON output, schema checks) calls `toPlain`. A wrapper, rather than a
 * side table of paths, keeps the mark on the value when variables are copied
 * and merged.
 */
export class UnsafeText {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}

export function isUnsafe(value: unknown): value is UnsafeText {
  return value instanceof UnsafeText;
}

/** Marks every string in `value` unsafe, as `!unsafe` on a collection does. */
export function markUnsafe(value: unknown): unknown {
  if (typeof value === 'string') return new UnsafeText(value);
  if (Array.isArray(value)) return value.map(markUnsafe);
  if (isPlainObject(value)) {
    const marked: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) marked[key] = markUnsafe(item);
    return marked;
  }
  return value;
}

/** Returns a copy of `value` with every UnsafeText replaced by its text. */
export function toPlain(value: unknown): unknown {
  if (value instanceof UnsafeText) return value.text;
  if (Array.isArray(value)) return value.map(toPlain);
  if (isPlainObject(value)) {
    const plain: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) plain[key] = toPlain(item);
    return plain;
  }
  return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
