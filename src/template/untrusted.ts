/**
 * Values whose strings are data, never templates: Ansible calls them unsafe.
 * Module results are the usual case, because a command's output or its `cmd`
 * may contain `{{` (a `docker ps --format '{{.Names}}'`, a file's content)
 * that must reach the user as written.
 */
const unsafeValues = new WeakSet<object>();

/**
 * Marks a list or object so that no string in it is ever rendered, neither
 * by renderValue nor when a template reads it through a variable. Returns
 * the value. Strings cannot be marked; mark the object that contains them.
 */
export function markUnsafe<T>(value: T): T {
  if (typeof value === 'object' && value !== null) unsafeValues.add(value);
  return value;
}

export function isUnsafe(value: unknown): boolean {
  return typeof value === 'object' && value !== null && unsafeValues.has(value);
}
