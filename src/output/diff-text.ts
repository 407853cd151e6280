/**
 * The text diff mode shows for a result's `diff`: one before/after pair or
 * a list of them, as Ansible's modules return it, rendered as unified
 * diffs. Values that are not text (settings) are shown as JSON.
 */
import { unifiedDiff } from '../modules/files/diff.js';

interface DiffPair {
  before?: unknown;
  after?: unknown;
  before_header?: string;
  after_header?: string;
  beforeHeader?: string;
  afterHeader?: string;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.endsWith('\n') || value === '' ? value : `${value}\n`;
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Returns the unified diff of a result's `diff` value, or '' when it shows no change. */
export function diffText(diff: unknown): string {
  if (diff === undefined || diff === null) return '';
  const pairs = (Array.isArray(diff) ? diff : [diff]) as DiffPair[];
  return pairs
    .filter((pair) => typeof pair === 'object' && pair !== null)
    .map((pair) => {
      const before = asText(pair.before);
      const after = asText(pair.after);
      if (before === after) return '';
      return unifiedDiff({
        before,
        after,
        beforeHeader: pair.beforeHeader ?? pair.before_header,
        afterHeader: pair.afterHeader ?? pair.after_header,
      });
    })
    .join('');
}
