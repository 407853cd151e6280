/**
 * Functions every template can call, as Jinja2 provides them: `range` and
 * `dict`. Ansible's `lookup` and `query` are not available, and the load-time
 * check (syntax-check.ts) reports calls of them.
 */
import { splitArguments } from './arguments.js';
import { TemplateError } from './errors.js';
import { isMapping, toStr } from './python.js';
import { ensureDefined } from './undefined.js';

/** Jinja2's sandbox limit on range(), because a larger range is almost surely a mistake. */
const MAX_RANGE = 100_000;

/** Python's `range(stop)` or `range(start, stop[, step])`, as a list. */
function range(...args: unknown[]): number[] {
  const numbers = args.map((arg) => {
    const value = ensureDefined(arg);
    if (!Number.isInteger(value))
      throw new TemplateError(`range() needs integers, got ${toStr(value)}`);
    return value as number;
  });
  const [start, stop, step = 1] = numbers.length === 1 ? [0, numbers[0]] : numbers;
  if (stop === undefined || numbers.length > 3)
    throw new TemplateError('range() takes 1 to 3 integers');
  if (step === 0) throw new TemplateError('range() step cannot be zero');

  const count = Math.max(0, Math.ceil((stop - start) / step));
  if (count > MAX_RANGE)
    throw new TemplateError(`range() of ${count} numbers is more than ${MAX_RANGE}`);
  return Array.from({ length: count }, (_, i) => start + i * step);
}

/** `dict(a=1)`, `dict(other)` or `dict(pairs)`, with keywords added last. */
function dict(...args: unknown[]): Record<string, unknown> {
  const { positional, keywords } = splitArguments(args);
  const result: Record<string, unknown> = {};
  const [source] = positional;
  if (isMapping(source)) Object.assign(result, source);
  else if (Array.isArray(source)) for (const [key, value] of source) result[toStr(key)] = value;
  else if (source !== undefined) throw new TemplateError(`dict() cannot convert ${toStr(source)}`);
  return Object.assign(result, keywords);
}

export const GLOBALS: Record<string, unknown> = { range, dict };
