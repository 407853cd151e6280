/**
 * Warnings for plain scalars that YAML 1.1 reads as something they do not
 * look like: `0644` becomes 420, `22:22` becomes 1342, `NO` becomes false.
 */
import type { SourcePosition } from '../errors.js';
import { formatPosition } from '../errors.js';
import { patterns } from './scalar-tags.js';

export interface YamlWarning {
  position: SourcePosition;
  /** The scalar as written. */
  text: string;
  /** The value YAML 1.1 read from it. */
  readAs: unknown;
  /** The whole warning, starting with file:line:column. */
  message: string;
}

/** Returns the reason a plain scalar's reading may surprise, if it may. */
function surprise(text: string, value: unknown): string | undefined {
  if (typeof value === 'boolean') {
    const obvious = text.toLowerCase() === 'true' || text.toLowerCase() === 'false';
    return obvious ? undefined : `the boolean ${value}`;
  }
  if (typeof value !== 'number') return undefined;

  if (text.includes(':')) return `${value} (a base-60 number)`;
  const digits = text.replace(/^[-+]/, '').replace(/_/g, '');
  const isOctal = patterns.INT.test(text) && /^0[0-7]/.test(digits);
  return isOctal ? `${value} (an octal number)` : undefined;
}

export function scalarWarning(
  text: string,
  value: unknown,
  position: SourcePosition,
): YamlWarning | undefined {
  const readAs = surprise(text, value);
  if (!readAs) return undefined;
  const message =
    `${formatPosition(position)}: ${text} is read as ${readAs}; ` +
    `quote it ('${text}') to keep it a string`;
  return { position, text, readAs: value, message };
}
