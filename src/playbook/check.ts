/** Schema checks whose issues become errors at the checked value's site. */
import type { CoerceOptions } from './coerce.js';
import type { IssueWording, SchemaIssue } from './schema-issues.js';
import type { Problems, Site } from './site.js';
import { checkAgainstSchema } from './validator.js';

/** Validates `value` at `site`, reports every issue, and returns the converted value. */
export function checkAt(
  site: Site,
  schema: object,
  value: unknown,
  wording: IssueWording,
  coercion: CoerceOptions,
  problems: Problems,
): unknown {
  const result = checkAgainstSchema(schema, value, wording, coercion);
  for (const issue of result.issues) problems.add(issueError(site, issue));
  markExpectedBooleans(schema, result.value, site, problems);
  return result.value;
}

/** Tells `problems` where booleans stand in boolean slots of the schema, so `yes` there is no surprise. */
function markExpectedBooleans(schema: unknown, value: unknown, site: Site, problems: Problems): void {
  if (schema === null || typeof schema !== 'object') return;
  const { type, properties, items, additionalProperties } = schema as Record<string, unknown>;
  const isBooleanSlot = type === 'boolean' || (Array.isArray(type) && type.includes('boolean'));
  if (isBooleanSlot && typeof value === 'boolean' && site.positions.has(site.path)) problems.expectBoolean(site.position());

  if (Array.isArray(value)) {
    value.forEach((item, index) => markExpectedBooleans(items, item, site.child(index), problems));
  } else if (value !== null && typeof value === 'object') {
    const known = (properties ?? {}) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) {
      markExpectedBooleans(Object.hasOwn(known, key) ? known[key] : additionalProperties, item, site.child(key), problems);
    }
  }
}

function issueError(site: Site, issue: SchemaIssue) {
  const at = site.child(...issue.path);
  return issue.atKey ? at.keyError(issue.message) : at.error(issue.message);
}
