/**
 * Splits an INI inventory host line into words the way Python's
 * shlex.split(line, comments=True) does, which is what Ansible applies:
 * quotes group words and are removed, a backslash escapes the next
 * character, and `#` outside quotes starts a comment, even inside a word.
 */

export interface ShellWord {
  text: string;
  /** 0-based offset of the word's first character in the line. */
  start: number;
}

export class ShellWordsError extends Error {}

export function splitShellWords(line: string): ShellWord[] {
  const words: ShellWord[] = [];
  let current: ShellWord | undefined;
  let i = 0;

  const begin = () => (current ??= { text: '', start: i });
  while (i < line.length) {
    const ch = line[i];
    if (/\s/.test(ch)) {
      if (current) words.push(current);
      current = undefined;
      i++;
    } else if (ch === '#') {
      break;
    } else if (ch === "'" || ch === '"') {
      begin().text += readQuoted(line, i, ch);
      i = closingQuote(line, i, ch) + 1;
    } else if (ch === '\\') {
      begin().text += line[i + 1] ?? '';
      i += 2;
    } else {
      begin().text += ch;
      i++;
    }
  }
  if (current) words.push(current);
  return words;
}

function closingQuote(line: string, open: number, quote: string): number {
  for (let i = open + 1; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') i++;
    else if (line[i] === quote) return i;
  }
  throw new ShellWordsError(`no closing quotation (${quote})`);
}

/** Returns the text inside quotes, where a double-quoted backslash escapes only \\, ", $ and `. */
function readQuoted(line: string, open: number, quote: string): string {
  const close = closingQuote(line, open, quote);
  const inside = line.slice(open + 1, close);
  return quote === "'" ? inside : inside.replace(/\\([\\"$`])/g, '$1');
}
