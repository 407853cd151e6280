/**
 * The one place where values become shell words. Every module builds its
 * remote commands as argument arrays and joins them here, so that no user
 * value ever reaches a remote shell unquoted.
 */

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one word for a POSIX shell. */
export function quote(word: string | number): string {
  const text = String(word);
  if (text !== '' && SAFE_WORD.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Joins an argument array into one command line, each word quoted. */
export function shellJoin(argv: readonly (string | number)[]): string {
  return argv.map(quote).join(' ');
}

/** Runs the commands one after another, stopping at the first failure. */
export function chain(...commands: string[]): string {
  return commands.join(' && ');
}
