/**
 * Module arguments written as one string, split as Ansible splits them:
 * `file: path=/x state=directory` gives `{ path: '/x', state: 'directory' }`,
 * and `command: docker ps chdir=/srv` gives the free-form `docker ps` plus
 * `chdir`. Words break at spaces and newlines, never inside quotes or inside
 * `{{ }}`, `{% %}` and `{# #}`.
 */

interface Word {
  text: string;
  start: number;
  end: number;
}

export class ArgumentSyntaxError extends Error {}

// Ansible's command-like modules take only these options inline; any other
// `key=value` word is part of the command (`command: env FOO=1 make`).
const COMMAND_LIKE = new Set(['command', 'shell', 'raw', 'script']);
const COMMAND_OPTIONS = new Set(['creates', 'removes', 'chdir', 'executable', 'warn', 'stdin', 'stdin_add_newline', 'strip_empty_ends']);

/** Splits `text` into words, keeping each word's place in the text. */
export function splitWords(text: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSeparator(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    i = wordEnd(text, i);
    words.push({ text: text.slice(start, i), start, end: i });
  }
  return words;
}

function isSeparator(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\r';
}

function wordEnd(text: string, from: number): number {
  let quote: { char: string; at: number } | undefined;
  const openings: { pair: string; at: number }[] = [];
  let i = from;
  for (; i < text.length; i++) {
    const ch = text[i];
    const pair = text.slice(i, i + 2);
    if (quote) {
      if (ch === quote.char && text[i - 1] !== '\\') quote = undefined;
    } else if (ch === '"' || ch === "'") {
      if (text[i - 1] !== '\\') quote = { char: ch, at: i };
    } else if (pair === '{{' || pair === '{%' || pair === '{#') {
      openings.push({ pair, at: i });
      i++;
    } else if (openings.length > 0 && (pair === '}}' || pair === '%}' || pair === '#}')) {
      openings.pop();
      i++;
    } else if (openings.length === 0 && isSeparator(ch)) {
      break;
    }
  }
  if (quote) throw unclosed(text, quote.at, `the ${quote.char} quote`, `closing ${quote.char}`);
  const open = openings.at(-1);
  if (open) throw unclosed(text, open.at, `the ${open.pair}`, `closing ${CLOSING[open.pair]}`);
  return i;
}

const CLOSING: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}' };

function unclosed(text: string, offset: number, opening: string, closing: string): ArgumentSyntaxError {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const where = line > 1 ? `line ${line}, column ${column}` : `column ${column}`;
  return new ArgumentSyntaxError(`${opening} at ${where} of the arguments has no ${closing}. Close it, or quote the whole value.`);
}

/** Splits a word at its first unescaped `=` after the first character; undefined when there is none. */
function keyValue(word: string): [string, string] | undefined {
  for (let pos = 1; pos < word.length; pos++) {
    if (word[pos] === '=' && word[pos - 1] !== '\\') return [word.slice(0, pos).trim(), word.slice(pos + 1).trim()];
  }
  return undefined;
}

export function unquote(value: string): string {
  const first = value[0];
  const isQuoted = value.length >= 2 && (first === '"' || first === "'") && value.at(-1) === first;
  return isQuoted ? value.slice(1, -1) : value;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '=': '=' };

/** Decodes the backslash escapes Ansible decodes in inline option values. */
function decodeEscapes(value: string): string {
  return value.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (whole, code: string) => {
    if (code.length > 1) return String.fromCharCode(parseInt(code.slice(1), 16));
    return ESCAPES[code] ?? whole;
  });
}

export interface ParsedArguments {
  /** The `key=value` options. */
  options: Record<string, string>;
  /** The text left once the options are taken out, as written (empty when nothing is left). */
  freeForm: string;
}

/**
 * Splits a module's argument string. `isOption` decides which `key=value`
 * words are options; every other word stays in the free-form part.
 */
export function parseArguments(text: string, isOption: (key: string) => boolean): ParsedArguments {
  const options: Record<string, string> = {};
  const taken: Word[] = [];

  for (const word of splitWords(text)) {
    const pair = keyValue(word.text);
    if (!pair || !isOption(pair[0])) continue;
    Object.defineProperty(options, pair[0], { value: unquote(decodeEscapes(pair[1])), enumerable: true, writable: true, configurable: true });
    taken.push(word);
  }
  return { options, freeForm: removeWords(text, taken) };
}

/** Removes words from the text, keeping the rest (newlines, indentation) as written. */
function removeWords(text: string, words: Word[]): string {
  if (words.length === 0) return text;
  let rest = '';
  let from = 0;
  for (const word of words) {
    rest += text.slice(from, word.start);
    from = word.end;
    while (text[from] === ' ') from++;
  }
  rest += text.slice(from);
  return rest.replace(/^ +| +$/g, '');
}

/**
 * Decides which `key=value` words of a module's argument string are options.
 * A module without a free-form argument takes all of them. Command-like
 * modules take their few inline options, and other free-form modules take
 * the arguments their schema names.
 */
export function optionFilter(moduleName: string, freeForm: string | undefined, schema: Record<string, unknown>): (key: string) => boolean {
  if (!freeForm) return () => true;
  // Taken out even if the schema lacks them, so that the schema check reports
  // them rather than the command running with `warn=no` in its text.
  if (COMMAND_LIKE.has(moduleName)) return (key) => COMMAND_OPTIONS.has(key);
  const properties = Object.keys((schema.properties ?? {}) as Record<string, unknown>);
  return (key) => key !== freeForm && properties.includes(key);
}
