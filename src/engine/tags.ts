/**
 * Tag selection for -t/--tags and --skip-tags, with ansible-core's rules
 * (Taggable.evaluate_tags): `always` runs unless skipped by name, `never`
 * runs only when asked for by name, `tagged` and `untagged` select by
 * whether a task has tags, and `all` (the default) selects every task but
 * those tagged `never`.
 */

export interface TagSelection {
  /** -t/--tags; empty means `all`. */
  only: string[];
  /** --skip-tags. */
  skip: string[];
}

export const ALL_TAGS: TagSelection = { only: [], skip: [] };

/** True when a task with these tags (its own and inherited) runs under the selection. */
export function isSelected(taskTags: readonly string[], selection: TagSelection): boolean {
  const only = selection.only.length > 0 ? new Set(selection.only) : new Set(['all']);
  const skip = new Set(selection.skip);
  const isUntagged = taskTags.length === 0;
  // ansible-core gives an untagged task the one tag `untagged`, so that
  // `--tags untagged` and `--skip-tags untagged` match it like any tag.
  const tags = new Set(isUntagged ? ['untagged'] : taskTags);
  const meets = (wanted: Set<string>) => [...tags].some((tag) => wanted.has(tag));

  let runs: boolean;
  if (tags.has('always')) runs = true;
  else if (only.has('all') && !tags.has('never')) runs = true;
  else if (meets(only)) runs = true;
  else runs = only.has('tagged') && !isUntagged && !tags.has('never');
  if (!runs || skip.size === 0) return runs;

  if (skip.has('all')) return tags.has('always') && !skip.has('always');
  if (meets(skip)) return false;
  return !(skip.has('tagged') && !isUntagged);
}

/** Reads `-t a,b -t c` into a list of tags, as ansible-playbook does. */
export function parseTagOption(values: readonly string[]): string[] {
  return values
    .flatMap((value) => value.split(','))
    .map((tag) => tag.trim())
    .filter(Boolean);
}
