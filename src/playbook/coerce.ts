/**
 * Converts argument values to the type their schema expects, as Ansible's
 * argument checks do before a module runs: `"yes"` for a boolean,
 * `"8080"` for an integer, `5000` for a string, `"a,b"` for a list.
 *
 * Only subschemas with one `type` are converted; under `anyOf` and `oneOf`
 * the value is left as written, since the intended branch is unknown.
 * Templated strings are never converted: their type is known after rendering.
 * Nor is `!unsafe` text, which stays a string by definition.
 */
import { isUnsafe } from '../yaml/unsafe.js';
import { isTemplated } from './templated.js';

type Schema = Record<string, unknown>;

export interface CoerceOptions {
  /** Also turn strings into lists and mappings (module arguments), not only scalars. */
  collections: boolean;
}

// Ansible's boolean() accepts these spellings (module_utils/parsing/convert_bool.py).
const TRUE_WORDS = new Set(['y', 'yes', 'on', '1', 'true', 't']);
const FALSE_WORDS = new Set(['n', 'no', 'off', '0', 'false', 'f']);

export function coerce(value: unknown, schema: unknown, options: CoerceOptions): unknown {
  if (!isSchema(schema) || isTemplated(value) || isUnsafe(value)) return value;

  const type = typeof schema.type === 'string' ? schema.type : undefined;
  const converted = type ? convert(value, type, options) : value;

  if (Array.isArray(converted)) return coerceItems(converted, schema, options);
  if (isRecord(converted)) return coerceProperties(converted, schema, options);
  return converted;
}

function convert(value: unknown, type: string, options: CoerceOptions): unknown {
  switch (type) {
    case 'boolean':
      return toBoolean(value);
    case 'integer':
      return toInteger(value);
    case 'number':
      return toNumber(value);
    case 'string':
      return toText(value);
    case 'array':
      return options.collections ? toList(value) : value;
    case 'object':
      return options.collections ? toMapping(value) : value;
    default:
      return value;
  }
}

function toBoolean(value: unknown): unknown {
  let word: string;
  if (typeof value === 'string') word = value.toLowerCase();
  else if (typeof value === 'number') word = String(value);
  else return value;
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return value;
}

function toInteger(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return parseInt(value, 10);
  return value;
}

function toNumber(value: unknown): unknown {
  if (typeof value !== 'string' || value.trim() === '') return value;
  const number = Number(value);
  return Number.isNaN(number) ? value : number;
}

/** Converts as Python's str() does, which is what Ansible applies. */
function toText(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return value;
}

function toList(value: unknown): unknown {
  if (typeof value === 'string') return value.split(',');
  if (typeof value === 'number' || typeof value === 'boolean') return [value];
  return value;
}

/** Reads `"{...}"` as JSON and `"a=1 b=2"` or `"a=1, b=2"` as key=value pairs. */
function toMapping(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch {
      return value;
    }
  }
  const pairs = text.split(/[\s,]+/).filter(Boolean);
  if (pairs.length === 0 || !pairs.every((pair) => pair.includes('='))) return value;
  return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

function coerceItems(items: unknown[], schema: Schema, options: CoerceOptions): unknown[] {
  if (!isSchema(schema.items)) return items;
  return items.map((item) => coerce(item, schema.items, options));
}

function coerceProperties(record: Record<string, unknown>, schema: Schema, options: CoerceOptions): Record<string, unknown> {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const result: Record<string, unknown> = {};

  for (const [key, item] of Object.entries(record)) {
    const itemSchema = Object.hasOwn(properties, key) ? properties[key] : schema.additionalProperties;
    // Ansible treats an argument set to null as not given.
    if (item === null && isSchema(itemSchema) && !allowsNull(itemSchema)) continue;
    Object.defineProperty(result, key, { value: coerce(item, itemSchema, options), enumerable: true, writable: true, configurable: true });
  }
  return result;
}

function allowsNull(schema: Schema): boolean {
  const { type } = schema;
  if (type === undefined) return true;
  return type === 'null' || (Array.isArray(type) && type.includes('null'));
}

function isSchema(value: unknown): value is Schema {
  return isRecord(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
