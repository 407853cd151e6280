/**
 * Jinja2's tests (`x is defined`, `n is divisibleby(3)`) and Ansible's
 * (`result is changed`, `v is version('2.0', '>=')`), by their template
 * names. Every test returns a boolean. Only `defined` and `undefined` accept
 * an Undefined value, and the others raise the error it stands for.
 */
import { bindArguments, splitArguments } from './arguments.js';
import { TemplateError } from './errors.js';
import { contains } from './operators.js';
import { isMapping, isTruthy, pyEquals, pyOrder, toStr, type Mapping } from './python.js';
import { compilePythonRegex } from './python-regex.js';
import { ensureDefined, isUndefined } from './undefined.js';
import { compareVersions } from './version.js';

export interface TestDefinition {
  params: string[];
  acceptsUndefined?: boolean;
  run(value: any, ...args: any[]): unknown;
}

function simple(run: (value: any) => unknown): TestDefinition {
  return { params: [], run };
}

function comparison(run: (value: unknown, other: unknown) => boolean): TestDefinition {
  return { params: ['other'], run };
}

function resultTest(name: string, read: (result: Mapping) => unknown): TestDefinition {
  return {
    params: [],
    run: (result) => {
      if (!isMapping(result)) {
        throw new TemplateError(`the '${name}' test expects a dictionary (a registered result)`);
      }
      return read(result);
    },
  };
}

/** Ansible's `changed`: the `changed` key, or any changed item of a loop's `results`. */
function isChanged(result: Mapping): boolean {
  if (Object.hasOwn(result, 'changed')) return isTruthy(result.changed);
  const results = result.results;
  if (!Array.isArray(results) || !isMapping(results[0])) return false;
  return results.some((item) => isMapping(item) && isTruthy(item.changed ?? false));
}

function regexTest(matchType: 'match' | 'search'): TestDefinition {
  return {
    params: ['pattern', 'ignorecase', 'multiline'],
    run: (value, pattern = '', ignorecase = false, multiline = false) => {
      const mode = matchType === 'match' ? 'y' : '';
      return compilePythonRegex(toStr(pattern), { ignorecase, multiline, mode }).test(toStr(value));
    },
  };
}

function iterableOf(value: unknown, test: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isMapping(value)) return Object.keys(value);
  throw new TemplateError(`the '${test}' test expects a list`);
}

function isSubset(small: unknown, large: unknown, test: string): boolean {
  return iterableOf(small, test).every((item) => contains(large, item));
}

/** Reads an async job's `finished` or `started` flag (0 or 1). A non-async result counts as set. */
function asyncFlag(result: Mapping, key: string): boolean {
  return !Object.hasOwn(result, key) || Number(result[key]) === 1;
}

const versionTest: TestDefinition = {
  params: ['version', 'operator', 'strict', 'version_type'],
  run: (value, version, operator, strict, versionType) =>
    compareVersions(toStr(value), toStr(version ?? ''), { operator, strict, versionType }),
};

const divisibleBy = (value: unknown, divisor: unknown) => Number(value) % Number(divisor) === 0;

// prettier-ignore
export const TESTS: Record<string, TestDefinition> = {
  defined: { params: [], acceptsUndefined: true, run: (value) => !isUndefined(value) },
  undefined: { params: [], acceptsUndefined: true, run: (value) => isUndefined(value) },
  none: simple((value) => value === null),
  boolean: simple((value) => typeof value === 'boolean'),
  true: simple((value) => value === true),
  false: simple((value) => value === false),
  string: simple((value) => typeof value === 'string'),
  // Jinja2 counts a boolean as a number, because Python's bool is an int.
  number: simple((value) => typeof value === 'number' || typeof value === 'boolean'),
  integer: simple((value) => typeof value === 'number' && Number.isInteger(value)),
  float: simple((value) => typeof value === 'number' && !Number.isInteger(value)),
  nan: simple((value) => typeof value === 'number' && Number.isNaN(value)),
  mapping: simple((value) => isMapping(value)),
  sequence: simple((value) => typeof value === 'string' || Array.isArray(value) || isMapping(value)),
  iterable: simple((value) => typeof value === 'string' || Array.isArray(value) || isMapping(value)),
  callable: simple((value) => typeof value === 'function'),
  lower: simple((value) => typeof value === 'string' && value === value.toLowerCase()),
  upper: simple((value) => typeof value === 'string' && value === value.toUpperCase()),
  truthy: {
    params: ['convert_bool'],
    run: (value, convert = false) => isTruthy(convert ? toBoolLenient(value) : value),
  },
  falsy: {
    params: ['convert_bool'],
    run: (value, convert = false) => !isTruthy(convert ? toBoolLenient(value) : value),
  },

  eq: comparison(pyEquals), equalto: comparison(pyEquals), '==': comparison(pyEquals),
  ne: comparison((a, b) => !pyEquals(a, b)), '!=': comparison((a, b) => !pyEquals(a, b)),
  lt: comparison((a, b) => pyOrder(a, '<', b)), '<': comparison((a, b) => pyOrder(a, '<', b)),
  le: comparison((a, b) => pyOrder(a, '<=', b)), '<=': comparison((a, b) => pyOrder(a, '<=', b)),
  gt: comparison((a, b) => pyOrder(a, '>', b)), '>': comparison((a, b) => pyOrder(a, '>', b)),
  ge: comparison((a, b) => pyOrder(a, '>=', b)), '>=': comparison((a, b) => pyOrder(a, '>=', b)),
  greaterthan: comparison((a, b) => pyOrder(a, '>', b)),
  lessthan: comparison((a, b) => pyOrder(a, '<', b)),
  sameas: comparison((a, b) => a === b),
  in: { params: ['seq'], run: (value, seq) => contains(seq, value) },
  contains: { params: ['item'], run: (seq, item) => contains(seq, item) },
  subset: { params: ['superset'], run: (value, other) => isSubset(value, other, 'subset') },
  superset: { params: ['subset'], run: (value, other) => isSubset(other, value, 'superset') },
  any: simple((value) => iterableOf(value, 'any').some(isTruthy)),
  all: simple((value) => iterableOf(value, 'all').every(isTruthy)),
  divisibleby: { params: ['num'], run: divisibleBy },
  even: simple((value) => divisibleBy(value, 2)),
  odd: simple((value) => Number.isInteger(Number(value)) && !divisibleBy(value, 2)),

  changed: resultTest('changed', isChanged),
  change: resultTest('change', isChanged),
  failed: resultTest('failed', (result) => isTruthy(result.failed ?? false)),
  failure: resultTest('failure', (result) => isTruthy(result.failed ?? false)),
  succeeded: resultTest('succeeded', (result) => !isTruthy(result.failed ?? false)),
  success: resultTest('success', (result) => !isTruthy(result.failed ?? false)),
  successful: resultTest('successful', (result) => !isTruthy(result.failed ?? false)),
  skipped: resultTest('skipped', (result) => isTruthy(result.skipped ?? false)),
  skip: resultTest('skip', (result) => isTruthy(result.skipped ?? false)),
  unreachable: resultTest('unreachable', (result) => isTruthy(result.unreachable ?? false)),
  reachable: resultTest('reachable', (result) => !isTruthy(result.unreachable ?? false)),
  finished: resultTest('finished', (result) => asyncFlag(result, 'finished')),
  started: resultTest('started', (result) => asyncFlag(result, 'started')),

  match: regexTest('match'),
  search: regexTest('search'),
  regex: {
    params: ['pattern', 'ignorecase', 'multiline', 'match_type'],
    run: (value, pattern, ignorecase, multiline, matchType = 'search') =>
      regexTest(matchType === 'match' ? 'match' : 'search').run(value, pattern, ignorecase, multiline),
  },
  version: versionTest,
  version_compare: versionTest,
};

/** `truthy(convert_bool=true)`: yes/no, on/off and the like become booleans first. */
function toBoolLenient(value: unknown): unknown {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (['yes', 'on', 'true', '1', 'y', 't', 1, 1.0, true].includes(text as never)) return true;
  if (['no', 'off', 'false', '0', 'n', 'f', 0, 0.0, false].includes(text as never)) return false;
  return value;
}

const TEST_PREFIXES = ['ansible.builtin.', 'ansible.legacy.'];

/**
 * Returns the test's name without an `ansible.builtin.` prefix, or undefined
 * if there is no such test.
 */
export function resolveTestName(name: string): string | undefined {
  const prefix = TEST_PREFIXES.find((candidate) => name.startsWith(candidate));
  const short = prefix ? name.slice(prefix.length) : name;
  return Object.hasOwn(TESTS, short) ? short : undefined;
}

/** Runs test `name` on `value` with template arguments (positional, then keywords). */
export function callTest(name: string, value: unknown, args: readonly unknown[]): boolean {
  const definition = TESTS[name];
  if (!definition) throw new TemplateError(`no test named '${name}'`);
  const call = splitArguments(args);
  if (!definition.acceptsUndefined) ensureDefined(value);
  call.positional.forEach(ensureDefined);
  Object.values(call.keywords).forEach(ensureDefined);
  return isTruthy(
    definition.run(value, ...bindArguments(`the test '${name}'`, definition.params, call)),
  );
}
