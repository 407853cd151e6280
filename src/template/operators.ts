/**
 * Jinja2's operators with Python's semantics: `+` joins strings and lists,
 * `*` repeats them, `%` formats strings, `//` floors, `in` tests strings,
 * lists and dict keys. Operands of the wrong type raise Python's TypeError
 * message, and an Undefined operand raises its own error.
 */
import { TemplateError } from './errors.js';
import { percentFormat } from './percent-format.js';
import { isMapping, isTuple, makeTuple, pyEquals, toStr, typeName } from './python.js';
import { ensureDefined } from './undefined.js';

type Numeric = number | boolean;

function isNumeric(value: unknown): value is Numeric {
  return typeof value === 'number' || typeof value === 'boolean';
}

function unsupported(symbol: string, left: unknown, right: unknown): TemplateError {
  return new TemplateError(
    `unsupported operand type(s) for ${symbol}: '${typeName(left)}' and '${typeName(right)}'`,
  );
}

function operands(left: unknown, right: unknown): [unknown, unknown] {
  return [ensureDefined(left), ensureDefined(right)];
}

export function add(leftValue: unknown, rightValue: unknown): unknown {
  const [left, right] = operands(leftValue, rightValue);
  if (isNumeric(left) && isNumeric(right)) return Number(left) + Number(right);
  if (typeof left === 'string' && typeof right === 'string') return left + right;
  if (Array.isArray(left) && Array.isArray(right)) {
    const joined = [...left, ...right];
    return isTuple(left) ? makeTuple(joined) : joined;
  }
  if (typeof left === 'string' || Array.isArray(left)) {
    const kind = typeName(left);
    throw new TemplateError(`can only concatenate ${kind} (not "${typeName(right)}") to ${kind}`);
  }
  throw unsupported('+', left, right);
}

export function subtract(leftValue: unknown, rightValue: unknown): number {
  const [left, right] = operands(leftValue, rightValue);
  if (isNumeric(left) && isNumeric(right)) return Number(left) - Number(right);
  throw unsupported('-', left, right);
}

export function multiply(leftValue: unknown, rightValue: unknown): unknown {
  const [left, right] = operands(leftValue, rightValue);
  if (isNumeric(left) && isNumeric(right)) return Number(left) * Number(right);
  if (isRepeatable(left) && Number.isInteger(right)) return repeat(left, Number(right));
  if (isRepeatable(right) && Number.isInteger(left)) return repeat(right, Number(left));
  throw unsupported('*', left, right);
}

function isRepeatable(value: unknown): value is string | unknown[] {
  return typeof value === 'string' || Array.isArray(value);
}

function repeat(value: string | unknown[], times: number): string | unknown[] {
  const count = Math.max(0, times);
  if (typeof value === 'string') return value.repeat(count);
  return Array.from({ length: count }, () => value).flat(1);
}

function divisor(symbol: string, left: unknown, right: unknown, zeroMessage: string): number {
  if (!isNumeric(left) || !isNumeric(right)) throw unsupported(symbol, left, right);
  if (Number(right) === 0) throw new TemplateError(zeroMessage);
  return Number(right);
}

export function divide(leftValue: unknown, rightValue: unknown): number {
  const [left, right] = operands(leftValue, rightValue);
  return Number(left) / divisor('/', left, right, 'division by zero');
}

export function floorDivide(leftValue: unknown, rightValue: unknown): number {
  const [left, right] = operands(leftValue, rightValue);
  const by = divisor('//', left, right, 'integer division or modulo by zero');
  return Math.floor(Number(left) / by);
}

/** `%`: string formatting when the left side is a string, else Python's modulo. */
export function modulo(leftValue: unknown, rightValue: unknown): unknown {
  const [left, right] = operands(leftValue, rightValue);
  if (typeof left === 'string') return percentFormat(left, right);

  const by = divisor('%', left, right, 'integer division or modulo by zero');
  const remainder = Number(left) % by;
  return remainder !== 0 && remainder < 0 !== by < 0 ? remainder + by : remainder;
}

export function power(leftValue: unknown, rightValue: unknown): number {
  const [left, right] = operands(leftValue, rightValue);
  if (isNumeric(left) && isNumeric(right)) return Number(left) ** Number(right);
  throw unsupported('**', left, right);
}

export function negate(value: unknown): number {
  const operand = ensureDefined(value);
  if (isNumeric(operand)) return -Number(operand);
  throw new TemplateError(`bad operand type for unary -: '${typeName(operand)}'`);
}

export function plus(value: unknown): number {
  const operand = ensureDefined(value);
  if (isNumeric(operand)) return Number(operand);
  throw new TemplateError(`bad operand type for unary +: '${typeName(operand)}'`);
}

/** `~`: both sides as strings, joined. */
export function concat(left: unknown, right: unknown): string {
  return toStr(left) + toStr(right);
}

/** `item in container`, as Python evaluates it. */
export function contains(container: unknown, itemValue: unknown): boolean {
  const [haystack, item] = operands(container, itemValue);
  if (typeof haystack === 'string') {
    if (typeof item !== 'string') {
      throw new TemplateError(
        `'in <string>' requires string as left operand, not ${typeName(item)}`,
      );
    }
    return haystack.includes(item);
  }
  if (Array.isArray(haystack)) return haystack.some((element) => pyEquals(element, item));
  if (isMapping(haystack)) {
    const isKey = typeof item === 'string' || typeof item === 'number';
    return isKey && Object.hasOwn(haystack, String(item));
  }
  throw new TemplateError(`argument of type '${typeName(haystack)}' is not iterable`);
}
