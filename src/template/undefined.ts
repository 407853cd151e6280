/**
 * Jinja2's strict undefined, as Ansible uses it. A missing variable or key
 * yields an Undefined value instead of an error, so that `default`,
 * `is defined` and `mandatory` can inspect it. Any other use of it (output,
 * an operator, a filter, a truth test) raises an error naming what is missing.
 */
import { TemplateError } from './errors.js';

export class Undefined {
  constructor(
    readonly message: string,
    /** The missing variable or key path, such as `item.name`. */
    readonly variable?: string,
  ) {}

  error(): TemplateError {
    return new TemplateError(this.message, this.variable);
  }

  // JavaScript operators and string conversion reach here, so a use that the
  // compiled template does not check still raises instead of printing junk.
  [Symbol.toPrimitive](): never {
    throw this.error();
  }

  toJSON(): never {
    throw this.error();
  }
}

/** Makes the value of a variable that no scope defines. */
export function undefinedVariable(name: string): Undefined {
  return new Undefined(`'${name}' is undefined`, name);
}

export function isUndefined(value: unknown): value is Undefined {
  return value instanceof Undefined;
}

/** Returns the value, or raises the error an Undefined value stands for. */
export function ensureDefined<T>(value: T): Exclude<T, Undefined> {
  if (value instanceof Undefined) throw value.error();
  return value as Exclude<T, Undefined>;
}
