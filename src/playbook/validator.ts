/**
 * One ajv instance for the whole process. Each schema is compiled the first
 * time it is used and kept, because compiling costs far more than validating
 * and start-up time matters for a command-line tool.
 */
import AjvModule from 'ajv';
import type { ValidateFunction } from 'ajv';
import { toPlain } from '../yaml/unsafe.js';
import type { CoerceOptions } from './coerce.js';
import { coerce } from './coerce.js';
import type { IssueWording, SchemaIssue } from './schema-issues.js';
import { issuesFromErrors } from './schema-issues.js';
import { isTemplated } from './templated.js';

// ajv is published as CommonJS: under ESM its class is the `default` member.
const Ajv = AjvModule.default;
type AjvInstance = InstanceType<typeof Ajv>;

let ajv: AjvInstance | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

function instance(): AjvInstance {
  ajv ??= new Ajv({
    allErrors: true,
    verbose: true,
    allowUnionTypes: true,
    strictSchema: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    // The optimising pass costs more at start-up than it saves in validating
    // schemas this small (compiling all keyword schemas took about a quarter
    // less time without it, in a rough measurement with ajv 8.20).
    code: { optimize: false },
  });
  return ajv;
}

/** Returns the compiled validator of `schema`, compiling it on first use. */
export function compileSchema(schema: object): ValidateFunction {
  const cached = compiled.get(schema);
  if (cached) return cached;
  const validate = instance().compile(schema);
  compiled.set(schema, validate);
  return validate;
}

export interface CheckResult {
  /** The value after type conversion, with `!unsafe` text still marked. */
  value: unknown;
  issues: SchemaIssue[];
}

/**
 * Converts `value` to the schema's types, validates it, and returns what is
 * wrong. A templated string passes wherever it is, since its type is known
 * only once it is rendered, so callers validate the rendered value again.
 */
export function checkAgainstSchema(
  schema: object,
  value: unknown,
  wording: IssueWording,
  coercion: CoerceOptions,
): CheckResult {
  const converted = coerce(value, schema, coercion);
  const validate = compileSchema(schema);
  if (validate(toPlain(converted))) return { value: converted, issues: [] };

  const errors = (validate.errors ?? []).filter((e) => !isTemplated(e.data));
  return { value: converted, issues: issuesFromErrors(errors, wording) };
}
