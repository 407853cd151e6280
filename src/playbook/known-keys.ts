/** Reports keys that a play, block or include does not take. */
import { didYouMean } from './did-you-mean.js';
import type { Problems, Site } from './site.js';

export interface KeyRules {
  allowed: Set<string>;
  /** The entry's name in messages: `play`, `block`... */
  entry: string;
  /** Ansible keywords that skprun rejects, with the reason. */
  unsupported?: Record<string, string>;
  /** Returns a message for a key that is not a keyword of the entry, when there is more to tell. */
  explain?: (key: string) => string | undefined;
}

/** Reports each key of `record` that the rules reject; returns whether all were allowed. */
export function checkKnownKeys(record: Record<string, unknown>, site: Site, rules: KeyRules, problems: Problems): boolean {
  let isClean = true;
  for (const key of Object.keys(record)) {
    if (rules.allowed.has(key)) continue;
    isClean = false;
    const unsupported = rules.unsupported?.[key];
    const message =
      (unsupported && `${key} ${unsupported}`) ??
      rules.explain?.(key) ??
      `unknown ${rules.entry} keyword "${key}"${didYouMean(key, rules.allowed)}`;
    problems.add(site.child(key).keyError(message));
  }
  return isClean;
}
