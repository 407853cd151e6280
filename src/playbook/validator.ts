/**
 * Schema validation for the loader and the engine. A schema's validator
 * comes from the build's catalog when the catalog contains that exact schema
 * (src/catalog/built-catalog.ts), and is otherwise compiled by ajv on first
 * use and kept. Compiling costs far more than validating, and start-up time
 * matters for a command-line tool, so ajv itself is loaded only when a
 * schema is missing from the catalog.
 */
import { createRequire } from 'node:module';
import type { Options, ValidateFunction } from 'ajv';
import { builtCatalog } from '../catalog/built-catalog.js';
import { toPlain } from '../yaml/unsafe.js';
import type { CoerceOptions } from './coerce.js';
import { coerce } from './coerce.js';
import type { IssueWording, SchemaIssue } from './schema-issues.js';
import { issuesFromErrors } from './schema-issues.js';
import { isTemplated } from './templated.js';

/** ajv's options, shared with the build step that compiles the catalog's validators. */
export const AJV_OPTIONS: Options = {
  allErrors: true,
  // The messages need the failing value and its schema (unknown keys, enums).
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
};

interface AjvCompiler {
  compile(schema: object): ValidateFunction;
}

let ajv: AjvCompiler | undefined;
const bySchema = new WeakMap<object, ValidateFunction>();
const byText = new Map<string, ValidateFunction>();

function compiler(): AjvCompiler {
  if (!ajv) {
    // ajv is CommonJS, so require() loads it synchronously, and only here.
    const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: new (options: Options) => AjvCompiler };
    ajv = new Ajv(AJV_OPTIONS);
  }
  return ajv;
}

/** Returns the validator of `schema`: the catalog's, or one compiled now and kept. */
export function compileSchema(schema: object): ValidateFunction {
  const known = bySchema.get(schema);
  if (known) return known;
  // Keyed by text as well, for schemas that callers build afresh on each call.
  const text = JSON.stringify(schema);
  let validate = byText.get(text) ?? builtCatalog()?.validators.get(text);
  validate ??= compiler().compile(schema);
  byText.set(text, validate);
  bySchema.set(schema, validate);
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
