/**
 * Reading validated module arguments into typed values, the way Ansible
 * reads them: booleans written as `yes`/`no`, aliases of one option, and
 * mappings whose values docker needs as strings.
 */

export type RawArgs = Record<string, unknown>;

/** A bad argument found after schema validation; modules report it as a failure. */
export class ArgumentError extends Error {}

const TRUE_WORDS = new Set(['yes', 'on', 'true', 'y', '1', 't']);
const FALSE_WORDS = new Set(['no', 'off', 'false', 'n', '0', 'f']);

/** Ansible's boolean spellings, for a schema property. */
export const BOOLEAN_SCHEMA = {
  anyOf: [
    { type: 'boolean' },
    {
      enum: [
        0,
        1,
        ...new Set(
          [...TRUE_WORDS, ...FALSE_WORDS].flatMap((w) => [w, w.toUpperCase(), capitalize(w)]),
        ),
      ],
    },
  ],
} as const;

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Converts an Ansible boolean (`true`, `yes`, `on`, 1 ...) to a boolean. */
export function toBoolean(value: unknown, key: string): boolean {
  if (typeof value === 'boolean') return value;
  const word = String(value).toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new ArgumentError(`${key}: ${JSON.stringify(value)} is not a boolean (use true or false)`);
}

/**
 * Returns the value of an option given under its name or one of its
 * aliases. Two spellings of one option in the same task are an error,
 * because only one of them could take effect.
 */
export function pick(args: RawArgs, name: string, aliases: readonly string[] = []): unknown {
  const given = [name, ...aliases].filter((key) => args[key] !== undefined && args[key] !== null);
  if (given.length > 1) {
    throw new ArgumentError(`${given.join(' and ')} are the same option; give only one of them`);
  }
  return given.length === 1 ? args[given[0]] : undefined;
}

export function optionalString(
  args: RawArgs,
  name: string,
  aliases: readonly string[] = [],
): string | undefined {
  const value = pick(args, name, aliases);
  return value === undefined ? undefined : String(value);
}

export function optionalBoolean(
  args: RawArgs,
  name: string,
  aliases: readonly string[] = [],
): boolean | undefined {
  const value = pick(args, name, aliases);
  return value === undefined ? undefined : toBoolean(value, name);
}

export function optionalInteger(args: RawArgs, name: string): number | undefined {
  const value = pick(args, name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number))
    throw new ArgumentError(`${name}: ${JSON.stringify(value)} is not an integer`);
  return number;
}

export function requiredString(
  args: RawArgs,
  name: string,
  aliases: readonly string[] = [],
): string {
  const value = optionalString(args, name, aliases);
  if (value === undefined || value === '') throw new ArgumentError(`${name} is required`);
  return value;
}

/**
 * Reads a mapping whose values docker takes as strings (driver options,
 * labels). Numbers and booleans are written as YAML would print them, as
 * community.docker does for these options.
 */
export function stringMap(
  args: RawArgs,
  name: string,
  aliases: readonly string[] = [],
): Record<string, string> | undefined {
  const value = pick(args, name, aliases);
  if (value === undefined) return undefined;
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item !== null && typeof item === 'object') {
      throw new ArgumentError(`${name}.${key}: expected a string, got ${JSON.stringify(item)}`);
    }
    result[key] = item === null ? '' : String(item);
  }
  return result;
}

/** Reads a list of strings; a single string is a list of one, as in Ansible. */
export function stringList(
  args: RawArgs,
  name: string,
  aliases: readonly string[] = [],
): string[] | undefined {
  const value = pick(args, name, aliases);
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => String(item));
}

export function oneOf<T extends string>(
  value: string | undefined,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new ArgumentError(
    `${name}: ${JSON.stringify(value)} should be one of ${choices.join(', ')}`,
  );
}

/** A schema for a mapping of names to scalar values (labels, options). */
export const STRING_MAP_SCHEMA = {
  type: 'object',
  additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
} as const;

export const STRING_LIST_SCHEMA = {
  anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }],
} as const;
