/**
 * Python's value semantics, which Jinja2 templates inherit: truthiness,
 * `str()` and `repr()`, equality and ordering. Values are the JSON-like ones
 * that YAML and modules produce: null, booleans, numbers, strings, arrays and
 * plain objects (Python dicts).
 */
import { TemplateError } from './errors.js';
import { ensureDefined } from './undefined.js';

export type Mapping = Record<string, unknown>;

const tuples = new WeakSet<unknown[]>();

/**
 * Marks an array as a Python tuple, as `(a, b)` in a template makes one:
 * `%` formatting takes a tuple as its argument list, and repr prints `(a, b)`.
 */
export function makeTuple(items: unknown[]): unknown[] {
  tuples.add(items);
  return items;
}

export function isTuple(value: unknown): value is unknown[] {
  return Array.isArray(value) && tuples.has(value);
}

/** Tells whether a value is a plain object, which templates treat as a Python dict. */
export function isMapping(value: unknown): value is Mapping {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Names the Python type of a value, for messages. JavaScript has one number
 * type, so a number is `int` when it is integral and `float` otherwise.
 */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (isMapping(value)) return 'dict';
  if (typeof value === 'function') return 'function';
  return value.constructor?.name ?? 'object';
}

/** Python's `bool(value)`. An Undefined value raises its error. */
export function isTruthy(value: unknown): boolean {
  ensureDefined(value);
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (isMapping(value)) return Object.keys(value).length > 0;
  return true;
}

/** Python's `str(value)`: strings as they are, other values as `repr()`. */
export function toStr(value: unknown): string {
  ensureDefined(value);
  return typeof value === 'string' ? value : repr(value);
}

/** Python's `repr(value)`, which Jinja2 prints for lists and dicts. */
export function repr(value: unknown): string {
  ensureDefined(value);
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return reprString(value);
  if (isTuple(value)) return `(${value.map(repr).join(', ')}${value.length === 1 ? ',' : ''})`;
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  if (isMapping(value)) {
    const pairs = Object.entries(value).map(([key, item]) => `${reprString(key)}: ${repr(item)}`);
    return `{${pairs.join(', ')}}`;
  }
  return String(value);
}

/**
 * Formats a number as Python prints it: integers in full, other numbers in
 * exponent form below 1e-4 and from 1e16 on, with a two-digit exponent.
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return BigInt(value).toString();

  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) return String(value);
  return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

// prettier-ignore
const STRING_ESCAPES: Record<string, string> = {
  '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t',
};

/** Python's repr of a string: single quotes unless only double quotes avoid escaping. */
function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (STRING_ESCAPES[char]) body += STRING_ESCAPES[char];
    else if (char === quote) body += `\\${quote}`;
    else if (code < 0x20 || code === 0x7f) body += `\\x${code.toString(16).padStart(2, '0')}`;
    else body += char;
  }
  return `${quote}${body}${quote}`;
}

function isNumeric(value: unknown): value is number | boolean {
  return typeof value === 'number' || typeof value === 'boolean';
}

/** Python's `a == b`: deep for lists and dicts, and `True == 1` as in Python. */
export function pyEquals(left: unknown, right: unknown): boolean {
  ensureDefined(left);
  ensureDefined(right);
  if (left === right) return true;
  if (left === null || right === null || left === undefined || right === undefined) {
    return (left ?? null) === (right ?? null);
  }
  if (isNumeric(left) && isNumeric(right)) return Number(left) === Number(right);
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, i) => pyEquals(item, right[i]));
  }
  if (isMapping(left) && isMapping(right)) return mappingsEqual(left, right);
  return false;
}

function mappingsEqual(left: Mapping, right: Mapping): boolean {
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && pyEquals(left[key], right[key]));
}

export type OrderOperator = '<' | '<=' | '>' | '>=';

/** Python's ordering comparisons, which raise for values of unlike types. */
export function pyOrder(left: unknown, operator: OrderOperator, right: unknown): boolean {
  const sign = compareValues(left, right, operator);
  if (operator === '<') return sign < 0;
  if (operator === '<=') return sign <= 0;
  if (operator === '>') return sign > 0;
  return sign >= 0;
}

/** Returns a negative number, zero or a positive number, as a sort comparator. */
export function compareValues(left: unknown, right: unknown, operator: string = '<'): number {
  ensureDefined(left);
  ensureDefined(right);
  if (isNumeric(left) && isNumeric(right)) return Number(left) - Number(right);
  if (typeof left === 'string' && typeof right === 'string') {
    if (left === right) return 0;
    return left < right ? -1 : 1;
  }
  if (Array.isArray(left) && Array.isArray(right)) return compareLists(left, right, operator);
  throw new TemplateError(
    `'${operator}' not supported between instances of '${typeName(left)}' and '${typeName(right)}'`,
  );
}

function compareLists(left: unknown[], right: unknown[], operator: string): number {
  const shared = Math.min(left.length, right.length);
  for (let i = 0; i < shared; i++) {
    if (!pyEquals(left[i], right[i])) return compareValues(left[i], right[i], operator);
  }
  return left.length - right.length;
}
