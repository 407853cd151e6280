/**
 * Checks a module's arguments once they are templated. The loader already
 * checked their shape, and here the rendered values meet the schema. The
 * validators and the type conversion are the loader's, which follow
 * Ansible's ("5000" is accepted for an integer, "yes" for a boolean).
 */
import type { ErrorObject } from 'ajv';
import type { ModuleDefinition } from '../modules/module.js';
import { coerce } from '../playbook/coerce.js';
import { compileSchema } from '../playbook/validator.js';
import { toPlain } from '../yaml/unsafe.js';

function describe(error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(arguments)';
  if (error.keyword === 'additionalProperties') {
    return `${path}: unsupported parameter ${String(error.params.additionalProperty)}`;
  }
  if (error.keyword === 'enum') {
    return `${path}: should be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
  }
  if (error.keyword === 'type') {
    const expected = String(error.params.type).split(',').join(' or ');
    return `${path}: should be ${expected === 'object' ? 'a mapping' : `a ${expected}`}, got ${shown(error.data)}`;
  }
  return `${path}: ${error.message ?? 'is invalid'}, got ${shown(error.data)}`;
}

/** A value as the user wrote it, cut short so that one line stays readable. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Validates (and coerces in place) the rendered arguments. Returns the
 * problems as readable lines, empty when the arguments are valid.
 */
export function checkArguments(module: Pick<ModuleDefinition<any>, 'schema'>, args: Record<string, unknown>): string[] {
  const converted = coerce(args, module.schema, { collections: true }) as Record<string, unknown>;
  Object.assign(args, converted);
  const validate = compileSchema(module.schema);
  if (validate(toPlain(args))) return [];
  return (validate.errors ?? []).map(describe);
}
