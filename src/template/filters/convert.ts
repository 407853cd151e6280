/**
 * Filters that convert or choose values: `default`, `mandatory`, `ternary`,
 * the type conversions (`bool`, `int`, `float`, `string`, `list`, `dict`)
 * and arithmetic (`abs`, `round`, `pow`, `log`, `root`).
 */
import { TemplateError } from '../errors.js';
import { isMapping, isTruthy, toStr, typeName } from '../python.js';
import { isUndefined } from '../undefined.js';
import { filter, type FilterDefinition, type FilterTable } from './registry.js';

const defaultFilter: FilterDefinition = {
  params: ['default_value', 'boolean'],
  requiresDefined: 'none',
  run: (value, defaultValue = '', boolean = false) => {
    if (typeof boolean !== 'boolean') {
      throw new TemplateError(
        `the filter 'default' needs a boolean for 'boolean', not ${typeName(boolean)}`,
      );
    }
    if (isUndefined(value)) return defaultValue;
    return boolean && !isTruthy(value) ? defaultValue : value;
  },
};

const mandatoryFilter: FilterDefinition = {
  params: ['msg'],
  requiresDefined: 'none',
  run: (value, message) => {
    if (!isUndefined(value)) return value;
    if (message !== undefined && message !== null)
      throw new TemplateError(toStr(message), value.variable);
    const name = value.variable ? `'${value.variable}' ` : '';
    throw new TemplateError(`Mandatory variable ${name}not defined.`, value.variable);
  },
};

const TRUE_WORDS = new Set(['yes', 'on', 'true', '1']);
const FALSE_WORDS = new Set(['no', 'off', 'false', '0']);

/**
 * Ansible's `bool`: yes/on/true/1 and no/off/false/0 in any case, and the
 * integers 1 and 0. ansible-core 2.19 maps any other value to `value == 1`
 * with a deprecation warning. This returns the same result, without the warning.
 */
export function toBool(value: unknown): boolean {
  let word: unknown = value;
  if (typeof value === 'string') word = value.toLowerCase();
  else if (typeof value === 'boolean' || Number.isInteger(value)) word = String(value);
  if (typeof word === 'string' && TRUE_WORDS.has(word)) return true;
  if (typeof word === 'string' && FALSE_WORDS.has(word)) return false;
  return value === 1;
}

const INTEGER_DIGITS: Record<number, string> = { 2: '01', 8: '0-7', 10: '0-9', 16: '0-9a-fA-F' };
const INTEGER_PREFIXES: Record<number, string> = { 2: '0[bB]', 8: '0[oO]', 16: '0[xX]' };

/** Python's `int(text, base)`, including `_` separators, or undefined when invalid. */
export function parseInteger(text: string, base = 10): number | undefined {
  const digits = INTEGER_DIGITS[base];
  if (!digits) throw new TemplateError(`int() base must be 2, 8, 10 or 16, not ${base}`);
  const prefix = INTEGER_PREFIXES[base] ? `(?:${INTEGER_PREFIXES[base]})?` : '';
  const pattern = new RegExp(`^([+-]?)${prefix}([${digits}]+(?:_[${digits}]+)*)$`);
  const match = pattern.exec(text.trim());
  if (!match) return undefined;
  const magnitude = parseInt(match[2].replaceAll('_', ''), base);
  return match[1] === '-' ? -magnitude : magnitude;
}

const FLOAT = /^[+-]?(?:(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:e[+-]?\d+)?|inf(?:inity)?|nan)$/i;

/** Python's `float(text)`, or undefined when invalid. */
export function parseFloatStrict(text: string): number | undefined {
  const trimmed = text.trim();
  if (!FLOAT.test(trimmed)) return undefined;
  const normal = trimmed.replaceAll('_', '').toLowerCase();
  if (normal.endsWith('nan')) return NaN;
  if (normal.includes('inf')) return normal.startsWith('-') ? -Infinity : Infinity;
  return Number(normal);
}

/** Jinja2's `int`: the value as an integer, through float if need be, else `default`. */
function toInt(value: unknown, fallback: unknown = 0, base: unknown = 10): unknown {
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : fallback;
  if (typeof value !== 'string') return fallback;

  const integer = parseInteger(value, Number(base));
  if (integer !== undefined) return integer;
  const number = parseFloatStrict(value);
  return number !== undefined && Number.isFinite(number) ? Math.trunc(number) : fallback;
}

function toFloat(value: unknown, fallback: unknown = 0): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return Number(value);
  if (typeof value !== 'string') return fallback;
  return parseFloatStrict(value) ?? fallback;
}

function toList(value: unknown): unknown[] {
  if (Array.isArray(value)) return [...value];
  if (typeof value === 'string') return [...value];
  if (isMapping(value)) return Object.keys(value);
  throw new TemplateError(`'${typeName(value)}' object is not iterable`);
}

/** Builds a dict from a dict, or from a list of key/value pairs. */
function toDict(value: unknown): Record<string, unknown> {
  if (isMapping(value)) return { ...value };
  if (!Array.isArray(value))
    throw new TemplateError(`cannot convert '${typeName(value)}' to a dict`);
  const result: Record<string, unknown> = {};
  value.forEach((pair, index) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TemplateError(
        `dictionary update sequence element #${index} is not a key/value pair`,
      );
    }
    result[toStr(pair[0])] = pair[1];
  });
  return result;
}

function requireNumber(value: unknown, filterName: string): number {
  if (typeof value === 'number' || typeof value === 'boolean') return Number(value);
  throw new TemplateError(`the filter '${filterName}' needs a number, not ${typeName(value)}`);
}

/** Jinja2's `round`: `common` rounds half to even, as Python's round() does. */
function roundNumber(value: unknown, precision = 0, method = 'common'): number {
  const number = requireNumber(value, 'round');
  const factor = 10 ** precision;
  if (method === 'ceil') return Math.ceil(number * factor) / factor;
  if (method === 'floor') return Math.floor(number * factor) / factor;
  if (method !== 'common')
    throw new TemplateError("the filter 'round' method must be common, ceil or floor");
  return roundHalfEven(number, precision);
}

/**
 * Rounds on the exact decimal value of the double, as Python does: 2.675 is
 * stored as 2.67499999..., so it rounds to 2.67, while 0.125 is exact and
 * rounds to the even 0.12.
 */
function roundHalfEven(number: number, precision: number): number {
  if (!Number.isFinite(number) || Math.abs(number) >= 1e21 || precision < 0 || precision > 40) {
    const factor = 10 ** precision;
    return Math.round(number * factor) / factor;
  }
  const exact = Math.abs(number).toFixed(Math.min(100, precision + 60));
  const point = exact.indexOf('.');
  const truncated = exact.slice(0, point + 1 + precision).replace(/\.$/, '');
  const rest = exact.slice(point + 1 + precision);
  const lastDigit = Number(truncated[truncated.length - 1]);
  const roundUp =
    rest[0] > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || lastDigit % 2 === 1));

  const magnitude = Number(truncated) + (roundUp ? 10 ** -precision : 0);
  return Math.sign(number) * Number(magnitude.toFixed(precision));
}

function logarithm(value: unknown, base: unknown = Math.E): number {
  const number = requireNumber(value, 'log');
  const by = requireNumber(base, 'log');
  if (by === 10) return Math.log10(number);
  if (by === 2) return Math.log2(number);
  return Math.log(number) / Math.log(by);
}

// prettier-ignore
export const CONVERT_FILTERS: FilterTable = {
  default: defaultFilter,
  d: defaultFilter,
  mandatory: mandatoryFilter,
  ternary: {
    params: ['true_val', 'false_val', 'none_val'],
    requiresDefined: 'input',
    run: (value, whenTrue, whenFalse, whenNone = null) => {
      if (value === null && whenNone !== null) return whenNone;
      return isTruthy(value) ? whenTrue : whenFalse;
    },
  },
  bool: filter([], toBool),
  int: filter(['default', 'base'], toInt),
  float: filter(['default'], toFloat),
  string: filter([], (value) => toStr(value)),
  list: filter([], toList),
  dict: filter([], toDict),
  type_debug: filter([], (value) => typeName(value)),
  abs: filter([], (value) => Math.abs(requireNumber(value, 'abs'))),
  round: filter(['precision', 'method'], roundNumber),
  pow: filter(['y'], (x, y) => requireNumber(x, 'pow') ** requireNumber(y, 'pow')),
  log: filter(['base'], logarithm),
  root: filter(['base'], (x, base = 2) => requireNumber(x, 'root') ** (1 / requireNumber(base, 'root'))),
};
