/**
 * The functions compiled templates call at render time: variable and member
 * lookup, operators, truth tests, filters and tests, output conversion. The
 * runtime object inherits from nunjucks' own (macros, frames, keyword
 * arguments) without changing it, so nothing outside the engine is affected.
 */
import { TemplateError } from './errors.js';
import { callFilter } from './filters/index.js';
import { GLOBALS } from './globals.js';
import { lookupMember } from './members.js';
import { nunjucksRuntime } from './nunjucks-compiler.js';
import * as operators from './operators.js';
import {
  isMapping,
  isTruthy,
  isTuple,
  makeTuple,
  pyEquals,
  pyOrder,
  toStr,
  typeName,
  type OrderOperator,
} from './python.js';
import { pySlice } from './python-strings.js';
import { callTest } from './tests.js';
import { ensureDefined, isUndefined, Undefined, undefinedVariable } from './undefined.js';
import { unwrapUnsafeText } from './untrusted.js';
import { ensureNestedDefined } from './values.js';

/** Resolves a variable's stored value on use, such as a string that is itself a template. */
export type VariableResolver = (name: string, value: unknown) => unknown;

/**
 * The variables of one render. `{% set %}` at the top level writes to
 * `locals`, never to the caller's object.
 */
export class RenderContext {
  private locals: Record<string, unknown> | undefined;

  constructor(
    readonly vars: Record<string, unknown>,
    private readonly resolve: VariableResolver,
  ) {}

  lookup(name: string): unknown {
    if (this.locals && name in this.locals) return this.locals[name];
    if (Object.hasOwn(this.vars, name) && this.vars[name] !== undefined) {
      const stored = this.vars[name];
      const text = unwrapUnsafeText(stored);
      return text === stored ? this.resolve(name, stored) : text;
    }
    if (Object.hasOwn(GLOBALS, name)) return GLOBALS[name];
    return undefinedVariable(name);
  }

  setVariable(name: string, value: unknown): void {
    this.locals ??= Object.create(null) as Record<string, unknown>;
    this.locals[name] = value;
  }

  addExport(): void {}

  getVariables(): Record<string, unknown> {
    return { ...this.vars, ...this.locals };
  }
}

interface Frame {
  lookup(name: string): unknown;
}

function compare(left: unknown, operator: string, right: unknown): boolean {
  if (operator === '==' || operator === '===') return pyEquals(left, right);
  if (operator === '!=' || operator === '!==') return !pyEquals(left, right);
  return pyOrder(left, operator as OrderOperator, right);
}

function slice(
  target: unknown,
  start: unknown,
  stop: unknown,
  step: unknown,
  path: string,
): unknown {
  const sequence = ensureDefined(target);
  const bounds = [start, stop, step].map((bound) => {
    const value = ensureDefined(bound);
    if (value === null || Number.isInteger(value)) return value as number | null;
    throw new TemplateError(
      `slice indices of '${path}' must be integers or None, not ${typeName(value)}`,
    );
  });
  if (typeof sequence !== 'string' && !Array.isArray(sequence)) {
    throw new TemplateError(`'${path}' cannot be sliced: it is a ${typeName(sequence)}`);
  }
  const result = pySlice(sequence, bounds[0], bounds[1], bounds[2]);
  return isTuple(sequence) ? makeTuple(result as unknown[]) : result;
}

/** Returns what a `{% for %}` loop walks: list items, string characters or dict keys. */
function iterable(value: unknown): unknown {
  const sequence = ensureDefined(value);
  if (Array.isArray(sequence) || typeof sequence === 'string') return sequence;
  if (isMapping(sequence)) return Object.keys(sequence);
  throw new TemplateError(`'${typeName(sequence)}' object is not iterable`);
}

function dict(pairs: [unknown, unknown][]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of pairs) {
    const name = toStr(ensureDefined(key));
    Object.defineProperty(result, name, {
      value: ensureDefined(value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

function callWrap(callee: unknown, name: string, context: unknown, args: unknown[]): unknown {
  if (isUndefined(callee)) throw callee.error();
  if (typeof callee !== 'function')
    throw new TemplateError(`'${name}' is not callable: it is a ${typeName(callee)}`);
  return callee.apply(context, args);
}

function handleError(error: unknown): unknown {
  if (error instanceof TemplateError) return error;
  return new TemplateError(error instanceof Error ? error.message : String(error));
}

// prettier-ignore
export const templateRuntime: Record<string, unknown> = Object.assign(Object.create(nunjucksRuntime), {
  lookup: (context: RenderContext, frame: Frame, name: string) => {
    const local = frame.lookup(name);
    return local !== undefined ? local : context.lookup(name);
  },
  member: lookupMember,
  slice,
  truthy: isTruthy,
  not: (value: unknown) => !isTruthy(value),
  and: (left: unknown, right: () => unknown) => (isTruthy(left) ? right() : left),
  or: (left: unknown, right: () => unknown) => (isTruthy(left) ? left : right()),
  compare,
  compareChain: (first: unknown, rest: [string, () => unknown][]) => {
    let left = first;
    for (const [operator, next] of rest) {
      const right = next();
      if (!compare(left, operator, right)) return false;
      left = right;
    }
    return true;
  },
  ...operators,
  test: callTest,
  filter: callFilter,
  // Ansible prints None as nothing in a string template.
  output: (value: unknown) => (value === null ? '' : toStr(value)),
  native: (value: unknown) => {
    ensureNestedDefined(value);
    return value;
  },
  list: (items: unknown[]) => items.map(ensureDefined),
  tuple: (items: unknown[]) => makeTuple(items.map(ensureDefined)),
  dict,
  iterable,
  noElse: () => new Undefined('the inline if-expression evaluated to false and has no else section'),
  callWrap,
  handleError,
});
