/**
 * The `yaml` parser's error messages, reworded where they use parser terms
 * ("implicit key", "block-seq-ind") that a playbook author would not know.
 */
import type { YAMLError } from 'yaml';

const BY_CODE: Record<string, string> = {
  BLOCK_AS_IMPLICIT_KEY:
    'a plain value contains ": " or the line below it is indented too far; ' +
    'quote the value or fix the indentation',
  MULTILINE_IMPLICIT_KEY:
    'a key runs over more than one line; a ":" after a key is probably missing, ' +
    'or the line is indented wrongly',
  TAB_AS_INDENT: 'tabs are not allowed as indentation; indent with spaces',
  MULTIPLE_DOCS:
    'the file contains more than one YAML document (a "---" line after content); ' +
    'skprun reads one document per file',
  BLOCK_IN_FLOW: 'a block list ("- ") or mapping cannot appear inside [ ] or { }',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters, or the ":" after a key is missing',
};

const BY_MESSAGE: [RegExp, (match: RegExpMatchArray) => string][] = [
  [/^Implicit map keys need to be followed by map values/, () => 'a key must be followed by ":"'],
  [/^Missing closing (["'])quote/, (m) => `a quoted string is not closed: the closing ${m[1]} is missing`],
  [/^Invalid escape sequence (.*)/, (m) =>
    `invalid escape sequence ${m[1]} in a double-quoted string; write \\\\ for a backslash, or use single quotes`],
  [/^Plain value cannot start with (?:reserved|directive indicator) character (.)/, (m) =>
    `a value cannot start with ${m[1]} unless it is quoted`],
  [/^Unexpected scalar at node end/, () =>
    'unexpected text after a value; a value that starts with a quote or "{{" must be quoted as a whole'],
];

// Token names the parser uses in messages, and the characters they stand for.
const TOKEN_NAMES: Record<string, string> = {
  'block-seq-ind': '"-"',
  'map-value-ind': '":"',
  'explicit-key-ind': '"?"',
  'flow-map-start': '"{"',
  'flow-map-end': '"}"',
  'flow-seq-start': '"["',
  'flow-seq-end': '"]"',
  'flow-error-end': 'end of a [ ] or { }',
  comma: '","',
  'doc-start': '"---"',
  'doc-end': '"..."',
};

/** Returns the reason for a YAML syntax error, in the words of this project. */
export function plainReason(error: YAMLError): string {
  const byCode = BY_CODE[error.code];
  if (byCode) return byCode;

  for (const [pattern, reword] of BY_MESSAGE) {
    const match = error.message.match(pattern);
    if (match) return reword(match);
  }

  let reason = error.message.replace(/\b[a-z]+(?:-[a-z]+)+\b|\bcomma\b/g, (name) => TOKEN_NAMES[name] ?? name);
  reason = reason.replace(/ token in YAML stream/, '').replace(/ token\b/, '');
  return reason.charAt(0).toLowerCase() + reason.slice(1);
}
