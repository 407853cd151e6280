/**
 * Turns ajv's errors into short statements of what was expected, one per
 * problem, at the path of the offending value.
 *
 * Under `anyOf`/`oneOf`, a branch whose type does not match the value is a
 * different shape, not the user's intent. When every branch fails on type,
 * the issue lists the types. Otherwise it reports the errors of the branch
 * whose type matched, such as the one bad item of a list.
 */
import type { ErrorObject } from 'ajv';
import { didYouMean } from './did-you-mean.js';

export interface SchemaIssue {
  /** Path from the validated value to the offending value or key. */
  path: string[];
  /** Whether the issue is about a key (an unknown one), so it points at the key. */
  atKey: boolean;
  message: string;
}

/** Words for the thing that `additionalProperties` and `required` talk about. */
export interface IssueWording {
  /** `argument`, `key`, `keyword`... */
  noun: string;
  /** The message for an unknown key, given the allowed ones; the default names the noun. */
  unknownKey?: (name: string, allowed: string[]) => string;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  array: 'a list',
  object: 'a mapping',
  null: 'null',
};

export function describeTypes(types: unknown): string {
  const list = (Array.isArray(types) ? types : [types]).map(String);
  const words = [...new Set(list)].map((t) => TYPE_WORDS[t] ?? t);
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

export function issuesFromErrors(errors: ErrorObject[], wording: IssueWording): SchemaIssue[] {
  const relevant = errors.filter((e) => e.keyword !== 'if' && !isInnerPropertyNameError(e));
  return explainAll(relevant, wording);
}

function explainAll(errors: ErrorObject[], wording: IssueWording): SchemaIssue[] {
  const combinators = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  const consumed = new Set<ErrorObject>();
  const issues: SchemaIssue[] = [];

  for (const combinator of combinators) {
    if (consumed.has(combinator)) continue;
    const branchErrors = errors.filter((e) => e !== combinator && e.schemaPath.startsWith(`${combinator.schemaPath}/`));
    for (const e of branchErrors) consumed.add(e);
    consumed.add(combinator);
    issues.push(...explainCombinator(combinator, branchErrors, wording));
  }

  for (const error of errors) {
    if (!consumed.has(error)) issues.push(explain(error, wording));
  }
  return dedupe(issues);
}

function explainCombinator(combinator: ErrorObject, branchErrors: ErrorObject[], wording: IssueWording): SchemaIssue[] {
  const path = pathOf(combinator);
  const requiredSets = branchRequiredSets(combinator);
  if (combinator.keyword === 'oneOf' && combinator.params.passingSchemas) {
    const message = requiredSets
      ? `takes only one of ${describeRequiredSets(requiredSets, wording)}, but has more than one`
      : 'matches more than one of the allowed forms';
    return [{ path, atKey: false, message }];
  }
  if (requiredSets && branchErrors.every((e) => e.keyword === 'required' && e.instancePath === combinator.instancePath)) {
    return [{ path, atKey: false, message: `needs one of ${describeRequiredSets(requiredSets, wording)}` }];
  }

  const branches = groupByBranch(combinator.schemaPath, branchErrors);
  const matching = [...branches.values()].filter((errs) => !errs.some((e) => isShapeMismatch(e, combinator)));
  if (matching.length === 0) {
    const types = [...branches.values()].flatMap((errs) => errs.filter((e) => e.keyword === 'type').map((e) => e.params.type));
    return [{ path, atKey: false, message: `should be ${describeTypes(types.flat())}` }];
  }

  const best = matching.sort((a, b) => a.length - b.length)[0];
  return explainAll(best, wording);
}

/**
 * Returns the key sets of a combinator whose every branch is only a
 * `required` list, as in `oneOf: [{ required: [src] }, { required: [content] }]`,
 * and undefined for any other combinator.
 */
function branchRequiredSets(combinator: ErrorObject): string[][] | undefined {
  const branches = combinator.schema;
  if (!Array.isArray(branches) || branches.length === 0) return undefined;
  const sets: string[][] = [];
  for (const branch of branches) {
    if (branch === null || typeof branch !== 'object') return undefined;
    const keys = Object.keys(branch);
    const required = (branch as { required?: unknown }).required;
    if (keys.length !== 1 || !Array.isArray(required) || required.length === 0) return undefined;
    sets.push(required.map(String));
  }
  return sets;
}

/** Words for required sets: `the arguments "src" or "content"`, `"a" and "b"` inside one set. */
function describeRequiredSets(sets: string[][], wording: IssueWording): string {
  const alternatives = sets.map((set) => joinWords(set.map((key) => `"${key}"`), 'and'));
  return `the ${wording.noun}s ${joinWords(alternatives, 'or')}`;
}

function joinWords(words: string[], conjunction: string): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

function groupByBranch(schemaPath: string, errors: ErrorObject[]): Map<string, ErrorObject[]> {
  const branches = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const index = error.schemaPath.slice(schemaPath.length + 1).split('/')[0];
    branches.set(index, [...(branches.get(index) ?? []), error]);
  }
  return branches;
}

/** Checks for a type error on the very value the combinator checks, which means the branch has another shape. */
function isShapeMismatch(error: ErrorObject, combinator: ErrorObject): boolean {
  return error.keyword === 'type' && error.instancePath === combinator.instancePath;
}

function explain(error: ErrorObject, wording: IssueWording): SchemaIssue {
  const path = pathOf(error);
  const { params } = error;

  switch (error.keyword) {
    case 'type':
      return { path, atKey: false, message: `should be ${describeTypes(params.type)}` };
    case 'additionalProperties':
      return unknownKey(path, String(params.additionalProperty), error, wording);
    case 'required':
      return { path, atKey: false, message: `missing required ${wording.noun} "${params.missingProperty}"` };
    case 'propertyNames':
      return { path: [...path, String(params.propertyName)], atKey: true, message: propertyNameMessage(error) };
    case 'enum':
      return { path, atKey: false, message: enumMessage(error) };
    case 'const':
      return { path, atKey: false, message: `should be ${JSON.stringify(params.allowedValue)}` };
    default:
      return { path, atKey: false, message: otherMessage(error) };
  }
}

function unknownKey(path: string[], name: string, error: ErrorObject, wording: IssueWording): SchemaIssue {
  const properties = (error.parentSchema?.properties ?? {}) as Record<string, unknown>;
  const allowed = Object.keys(properties);
  const message = wording.unknownKey
    ? wording.unknownKey(name, allowed)
    : `unknown ${wording.noun} "${name}"${didYouMean(name, allowed)}`;
  return { path: [...path, name], atKey: true, message };
}

function enumMessage(error: ErrorObject): string {
  const allowed = (error.params.allowedValues as unknown[]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  const value = error.data;
  const found = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
  return `should be one of: ${allowed.join(', ')} (found ${found})${hint}`;
}

function propertyNameMessage(error: ErrorObject): string {
  const pattern = (error.parentSchema?.propertyNames as { pattern?: string } | undefined)?.pattern;
  if (pattern === VARIABLE_NAME_PATTERN) return `is not a valid variable name: ${VARIABLE_NAME_RULE.replace('should be a valid variable name: ', '')}`;
  return pattern ? `is not an allowed name: it should match ${pattern}` : 'is not an allowed name';
}

/** The pattern of a valid variable name, as the keyword schemas write it. */
export const VARIABLE_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

const VARIABLE_NAME_RULE = 'should be a valid variable name: letters, digits and _, not starting with a digit';

function otherMessage(error: ErrorObject): string {
  const { params } = error;
  switch (error.keyword) {
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `should be ${params.comparison} ${params.limit}`;
    case 'minLength':
      return params.limit === 1 ? 'should not be empty' : `should be at least ${params.limit} characters long`;
    case 'maxLength':
      return `should be at most ${params.limit} characters long`;
    case 'minItems':
      return params.limit === 1 ? 'should not be an empty list' : `should have at least ${params.limit} items`;
    case 'maxItems':
      return `should have at most ${params.limit} items`;
    case 'minProperties':
      return params.limit === 1 ? 'should not be empty' : `should have at least ${params.limit} keys`;
    case 'uniqueItems':
      return `should not repeat an item (items ${params.j} and ${params.i} are equal)`;
    case 'pattern':
      return params.pattern === VARIABLE_NAME_PATTERN ? VARIABLE_NAME_RULE : `should match the pattern ${params.pattern}`;
    case 'format':
      return `should be a valid ${params.format}`;
    case 'dependencies':
    case 'dependentRequired':
      return `"${params.property}" also needs "${params.missingProperty}"`;
    case 'not':
      return 'is not allowed in this form';
    default:
      return (error.message ?? 'is not valid').replace(/^must\b/, 'should');
  }
}

function isInnerPropertyNameError(error: ErrorObject): boolean {
  return error.keyword !== 'propertyNames' && (error as ErrorObject & { propertyName?: string }).propertyName !== undefined;
}

export function pathOf(error: ErrorObject): string[] {
  if (!error.instancePath) return [];
  return error.instancePath
    .slice(1)
    .split('/')
    .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function dedupe(issues: SchemaIssue[]): SchemaIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path.join('/')}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
