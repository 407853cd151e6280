/**
 * Shell words that match files by a glob pattern (`*`, `?`, `[...]`) while
 * every other character stays literal, so that `creates: /srv/*.done` is
 * expanded by the remote shell and `creates: "/srv/$(x)"` is not run.
 */
import { quote } from '../../connection/quote.js';

/** A bracket expression whose content is safe to leave unquoted. */
const BRACKET = /^\[!?\]?[A-Za-z0-9._:^-]*\]/;

/** Turns a glob pattern into one shell word that the shell expands as a glob only. */
export function globWord(pattern: string): string {
  let word = '';
  let literal = '';
  const flush = () => {
    if (literal !== '') word += quote(literal);
    literal = '';
  };

  for (let i = 0; i < pattern.length; ) {
    const char = pattern[i];
    const bracket = char === '[' ? BRACKET.exec(pattern.slice(i))?.[0] : undefined;
    if (char === '*' || char === '?' || bracket) {
      flush();
      word += bracket ?? char;
      i += bracket ? bracket.length : 1;
    } else {
      literal += char;
      i++;
    }
  }
  flush();
  return word === '' ? "''" : word;
}

/** A shell condition that holds when any path matches the pattern. */
export function anyPathMatches(pattern: string): string {
  return `{ skprun_found=; for f in ${globWord(pattern)}; do if [ -e "$f" ] || [ -L "$f" ]; then skprun_found=1; break; fi; done; [ -n "$skprun_found" ]; }`;
}
