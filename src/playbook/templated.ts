/**
 * Checks whether a value is a template, rendered per host at run time. Such a
 * value passes any schema type at load time, because `published_ports:
 * "{{ ports }}"` may well render to the list the schema expects.
 */
export function isTemplated(value: unknown): value is string {
  return typeof value === 'string' && (value.includes('{{') || value.includes('{%'));
}
