/**
 * The comparisons behind Ansible's `version` test: LooseVersion (the
 * default), StrictVersion (`strict=true` or `version_type='strict'`) and
 * semantic versions (`version_type='semver'`), with Ansible's operator names.
 */
import { TemplateError } from './errors.js';

// prettier-ignore
const OPERATORS: Record<string, 'eq' | 'lt' | 'le' | 'gt' | 'ge' | 'ne'> = {
  '==': 'eq', '=': 'eq', eq: 'eq',
  '<': 'lt', lt: 'lt',
  '<=': 'le', le: 'le',
  '>': 'gt', gt: 'gt',
  '>=': 'ge', ge: 'ge',
  '!=': 'ne', '<>': 'ne', ne: 'ne',
};

const VERSION_TYPES = ['loose', 'strict', 'semver', 'semantic'] as const;
type VersionType = (typeof VERSION_TYPES)[number];

export interface VersionTestOptions {
  operator?: string;
  strict?: boolean | null;
  versionType?: string | null;
}

/** `value is version(other, operator, strict=, version_type=)`. */
export function compareVersions(
  value: string,
  other: string,
  options: VersionTestOptions,
): boolean {
  const operatorName = options.operator ?? 'eq';
  const operator = OPERATORS[operatorName];
  if (!operator) {
    const names = Object.keys(OPERATORS)
      .map((name) => `'${name}'`)
      .join(', ');
    throw new TemplateError(`invalid operator type (${operatorName}): must be one of ${names}`);
  }
  if (options.strict != null && options.versionType != null) {
    throw new TemplateError("the version test takes 'strict' or 'version_type', not both");
  }
  if (!value) throw new TemplateError('the version to compare cannot be empty');
  if (!other) throw new TemplateError('the version to compare against cannot be empty');

  const sign = compareBy(versionType(options), value, other);
  if (operator === 'eq') return sign === 0;
  if (operator === 'ne') return sign !== 0;
  if (operator === 'lt') return sign < 0;
  if (operator === 'le') return sign <= 0;
  if (operator === 'gt') return sign > 0;
  return sign >= 0;
}

function versionType(options: VersionTestOptions): VersionType {
  if (options.strict) return 'strict';
  const type = options.versionType ?? 'loose';
  if (!(VERSION_TYPES as readonly string[]).includes(type)) {
    const names = [...VERSION_TYPES, 'pep440'].map((name) => `'${name}'`).join(', ');
    const detail =
      type === 'pep440' ? 'pep440 versions are not supported' : `must be one of ${names}`;
    throw new TemplateError(`invalid version type (${type}): ${detail}`);
  }
  return type as VersionType;
}

function compareBy(type: VersionType, left: string, right: string): number {
  if (type === 'strict') return compareStrict(left, right);
  if (type === 'loose') return compareLoose(left, right);
  return compareSemantic(left, right);
}

/**
 * LooseVersion: runs of digits compare as numbers and runs of lowercase
 * letters (and any other characters) as strings, while dots only separate.
 * As in Python 3, ordering a number against a string fails, but equality
 * does not.
 */
export function compareLoose(left: string, right: string): number {
  const a = looseComponents(left);
  const b = looseComponents(right);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] !== typeof b[i]) {
      throw new TemplateError(
        `version comparison failed: cannot order ${JSON.stringify(a[i])} ` +
          `against ${JSON.stringify(b[i])} in '${left}' and '${right}'`,
      );
    }
    return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

function looseComponents(version: string): (number | string)[] {
  return version
    .split(/(\d+|[a-z]+|\.)/)
    .filter((part) => part !== '' && part !== '.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const STRICT = /^(\d+)\.(\d+)(?:\.(\d+))?(?:([ab])(\d+))?$/;

/** StrictVersion: `major.minor[.patch][{a|b}N]`, a pre-release sorting first. */
function compareStrict(left: string, right: string): number {
  const a = parseStrict(left);
  const b = parseStrict(right);
  for (let i = 0; i < 3; i++) if (a.numbers[i] !== b.numbers[i]) return a.numbers[i] - b.numbers[i];
  if (!a.prerelease || !b.prerelease) return (a.prerelease ? -1 : 0) - (b.prerelease ? -1 : 0);
  if (a.prerelease[0] !== b.prerelease[0]) return a.prerelease[0] < b.prerelease[0] ? -1 : 1;
  return a.prerelease[1] - b.prerelease[1];
}

function parseStrict(version: string) {
  const match = STRICT.exec(version);
  if (!match)
    throw new TemplateError(`version comparison failed: invalid version number '${version}'`);
  const numbers = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  const prerelease = match[4] ? ([match[4], Number(match[5])] as const) : undefined;
  return { numbers, prerelease };
}

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Semantic Versioning 2.0 precedence, which ignores build metadata. */
function compareSemantic(left: string, right: string): number {
  const a = parseSemantic(left);
  const b = parseSemantic(right);
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i] - b.core[i];
  if (!a.prerelease.length || !b.prerelease.length)
    return b.prerelease.length - a.prerelease.length;

  for (let i = 0; i < Math.min(a.prerelease.length, b.prerelease.length); i++) {
    const [x, y] = [a.prerelease[i], b.prerelease[i]];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return a.prerelease.length - b.prerelease.length;
}

function parseSemantic(version: string) {
  const match = SEMVER.exec(version);
  if (!match)
    throw new TemplateError(`version comparison failed: invalid semantic version '${version}'`);
  const core = [Number(match[1]), Number(match[2]), Number(match[3])];
  const prerelease = (match[4]?.split('.') ?? []).map((part) =>
    /^\d+$/.test(part) ? Number(part) : part,
  );
  return { core, prerelease };
}
