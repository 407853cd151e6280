/** The JSON output's schema (docs/json-events.schema.json), compiled with ajv for tests. */
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { projectDir } from '../support/run-skprun.js';

const Ajv = AjvModule.default;

/** Returns a validator for one JSON output line; it returns the problems, none when the line is valid. */
export function eventValidator(): (line: unknown) => string[] {
  const schema = JSON.parse(readFileSync(`${projectDir}/docs/json-events.schema.json`, 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
  return (line) => (validate(line) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`));
}
