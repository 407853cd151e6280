/**
 * Values whose strings are data, never templates. ansible-core 2.19 calls
 * them untrusted: module results are the usual case, because a command's
 * output or its `cmd` may contain `{{` (`docker ps --format '{{.Names}}'`,
 * a file's content) that must reach the user as written. Strings that the
 * playbook marks `!unsafe` arrive as UnsafeText (src/yaml/unsafe.ts) instead.
 */
import { UnsafeText } from '../yaml/unsafe.js';

const untrustedValues = new WeakSet<object>();

/**
 * Marks a list or object so that no string in it is ever rendered, neither
 * by renderValue nor when a template reads it through a variable. Returns
 * the value. Strings cannot be marked, so mark the object that contains them.
 */
export function markUntrusted<T>(value: T): T {
  if (typeof value === 'object' && value !== null) untrustedValues.add(value);
  return value;
}

/** True for values marked untrusted and for `!unsafe` text. */
export function isUntrusted(value: unknown): boolean {
  if (value instanceof UnsafeText) return true;
  return typeof value === 'object' && value !== null && untrustedValues.has(value);
}

/**
 * Unwraps `!unsafe` text, which templates read as a plain string, and
 * returns other values as they are.
 */
export function unwrapUnsafeText(value: unknown): unknown {
  return value instanceof UnsafeText ? value.text : value;
}
