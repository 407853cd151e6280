/**
 * Splitting a command string into words the way a POSIX shell (and
 * Python's shlex, which community.docker uses) splits them: whitespace
 * separates words, single quotes keep everything, double quotes keep all
 * but backslash escapes of `"`, `\`, `$` and `` ` ``.
 */
import { ArgumentError } from './args.js';

const DOUBLE_QUOTE_ESCAPES = new Set(['"', '\\', '$', '`']);

export function splitShellWords(text: string, option: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;

  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && DOUBLE_QUOTE_ESCAPES.has(text[i + 1])) word += text[++i];
      else word += char;
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
      word ??= '';
    } else if (char === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i];
    } else {
      word = (word ?? '') + char;
    }
  }

  if (quote) throw new ArgumentError(`${option}: unclosed ${quote} in ${JSON.stringify(text)}`);
  if (word !== undefined) words.push(word);
  return words;
}
