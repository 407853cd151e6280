/**
 * Comparing NFS export option lists as exportfs reads them: order does not
 * matter, and a later option overrides an earlier one that sets the same
 * thing (`rw` after `ro`, `anonuid=1` after `anonuid=0`).
 */

/**
 * Option pairs from exports(5) whose members set the same flag. The first
 * word of each pair is the key the flag is compared under.
 */
// prettier-ignore
const OPPOSITES: Record<string, string> = {
  ro: 'rw', async: 'sync', insecure: 'secure', nohide: 'hide',
  no_subtree_check: 'subtree_check', no_root_squash: 'root_squash',
  no_all_squash: 'all_squash', no_wdelay: 'wdelay', nocrossmnt: 'crossmnt',
  no_acl: 'acl', secure_locks: 'insecure_locks', auth_nlm: 'no_auth_nlm',
};

/** The setting an option controls: `sync` and `async` share one. */
export function optionKey(option: string): string {
  const equals = option.indexOf('=');
  if (equals > 0) return option.slice(0, equals);
  for (const [first, second] of Object.entries(OPPOSITES)) {
    if (option === first || option === second) return second;
  }
  return option;
}

/**
 * The effective options, sorted, with each setting given once (the last
 * one written wins). With more than one `sec=`, the options after each
 * flavour apply to that flavour alone, so order does matter and the list
 * is kept as written, only with exact repeats dropped.
 */
export function normaliseOptions(options: readonly string[]): string[] {
  const cleaned = options.map((o) => o.trim()).filter((o) => o !== '');
  const flavours = cleaned.filter((o) => optionKey(o) === 'sec');
  if (flavours.length > 1) return [...new Set(cleaned)];

  const bySetting = new Map<string, string>();
  for (const option of cleaned) bySetting.set(optionKey(option), option);
  return [...bySetting.values()].sort();
}

/** Whether two option lists mean the same to exportfs. */
export function sameOptions(a: readonly string[], b: readonly string[]): boolean {
  const left = normaliseOptions(a);
  const right = normaliseOptions(b);
  return left.length === right.length && left.every((o, i) => o === right[i]);
}

/**
 * Applies a line's default options (`/path -rw,sync host(...)`) under a
 * client's own ones, which win where both set the same thing.
 */
export function withDefaults(defaults: readonly string[], own: readonly string[]): string[] {
  return [...defaults, ...own];
}

/** Splits `rw,sync` into options; an empty string is no options. */
export function splitOptionList(text: string): string[] {
  return text.split(',').map((o) => o.trim()).filter((o) => o !== '');
}
