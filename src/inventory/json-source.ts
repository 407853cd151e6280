/**
 * Reads a JSON inventory file with positions. JSON.parse gives the values,
 * so that JSON's own types hold (`1e3` is a number, which YAML 1.1 would keep
 * as a string), and the YAML parser, which reads JSON as well, gives the
 * position of each value.
 */
import { InputError } from '../errors.js';
import type { YamlDocument } from '../yaml/load.js';
import { parseYaml } from '../yaml/load.js';
import { rejectDeepNesting } from '../yaml/nesting.js';
import { Positions } from '../yaml/positions.js';

export function parseJsonDocument(text: string, file: string): YamlDocument {
  rejectDeepNesting(text, file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw jsonError(text, file, error as Error);
  }
  try {
    const { positions } = parseYaml(text, file);
    return { value, positions, warnings: [] };
  } catch {
    return { value, positions: new Positions({ value: { file, line: 1, column: 1 } }), warnings: [] };
  }
}

/** Places a JSON syntax error: from the offset in V8's message, else from the YAML parser's reading. */
function jsonError(text: string, file: string, error: Error): InputError {
  const reason = error.message.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/, '');
  const offset = Number(error.message.match(/at position (\d+)/)?.[1] ?? NaN);
  if (!Number.isNaN(offset)) return new InputError(`invalid JSON: ${lowerFirst(reason)}`, positionAt(text, offset, file));
  try {
    parseYaml(text, file);
  } catch (yamlError) {
    if (yamlError instanceof InputError && yamlError.position) return new InputError(`invalid JSON: ${lowerFirst(reason)}`, yamlError.position);
  }
  return new InputError(`invalid JSON: ${lowerFirst(reason)}`, { file, line: 1, column: 1 });
}

function positionAt(text: string, offset: number, file: string) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { file, line, column };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
