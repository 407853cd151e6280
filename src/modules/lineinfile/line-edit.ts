/**
 * The pure half of lineinfile: given a file's content and a request, the
 * new content and what changed, or why nothing did. The outcomes follow
 * Ansible's lineinfile (ansible-core 2.14), case by case, with one
 * exception marked below.
 */
import { expandTemplate } from './python-regexp.js';

/** A line finder: a regexp, a literal string, or the line itself. */
export type LineFinder =
  | { kind: 'regexp'; pattern: RegExp; source: string }
  | { kind: 'string'; text: string }
  | { kind: 'line' };

/** The place a new line goes to when no line is found. */
export type InsertPoint = { at: 'BOF' } | { at: 'EOF' } | { at: 'after' | 'before'; pattern: RegExp };

export interface AbsentRequest {
  state: 'absent';
  find: LineFinder;
  /** Needed when `find` is `line`. */
  line?: string;
}

export interface PresentRequest {
  state: 'present';
  find: LineFinder;
  line: string;
  insert: InsertPoint;
  /** Take the first found line and the first insert anchor, not the last. */
  firstMatch: boolean;
  backrefs: boolean;
}

export type LineRequest = AbsentRequest | PresentRequest;

export interface LineEdit {
  changed: boolean;
  content: string;
  /** Ansible's message when something changed, else why nothing did. */
  reason: string;
}

/** Lines keep their endings, so that untouched lines are written back byte for byte. */
function splitLines(content: string): string[] {
  return content.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function withoutNewline(line: string): string {
  return line.endsWith('\n') ? line.slice(0, -1) : line;
}

function isSameLine(line: string, expected: string | undefined): boolean {
  return line.replace(/[\r\n]+$/, '') === expected;
}

/**
 * Tests whether the finder finds this line, returning the match for
 * backrefs. Python's `$` matches before a final newline, so a pattern is
 * run on the line without its newline.
 */
function findIn(line: string, find: LineFinder, expected: string | undefined): RegExpExecArray | boolean {
  if (find.kind === 'regexp') return find.pattern.exec(withoutNewline(line)) ?? false;
  if (find.kind === 'string') return line.includes(find.text);
  return isSameLine(line, expected);
}

function describeFinder(find: LineFinder): string {
  if (find.kind === 'regexp') return `regexp ${JSON.stringify(find.source)}`;
  if (find.kind === 'string') return `search_string ${JSON.stringify(find.text)}`;
  return 'the line';
}

function removeLines(lines: string[], request: AbsentRequest): LineEdit {
  const kept = lines.filter((line) => !findIn(line, request.find, request.line));
  const removed = lines.length - kept.length;
  const content = kept.join('');
  if (removed === 0) return { changed: false, content, reason: `no line matches ${describeFinder(request.find)}` };
  return { changed: true, content, reason: `${removed} line(s) removed` };
}

/** Finds the line the finder picks and the index a new line would go to (-1 for none). */
function locate(lines: string[], request: PresentRequest) {
  const { insert, firstMatch } = request;
  let found = -1;
  let match: RegExpExecArray | undefined;
  let anchor = -1;

  for (const [index, line] of lines.entries()) {
    const hit = findIn(line, request.find, request.line);
    if (hit) {
      found = index;
      match = hit === true ? undefined : hit;
      // Once a line is found the anchor no longer matters.
      if (firstMatch) break;
    } else if ('pattern' in insert && !(firstMatch && anchor !== -1)) {
      if (insert.pattern.test(withoutNewline(line))) anchor = insert.at === 'after' ? index + 1 : index;
    }
  }
  return { found, match, anchor };
}

function replaceLine(lines: string[], index: number, request: PresentRequest, match?: RegExpExecArray): LineEdit {
  let replacement = request.backrefs && match ? expandTemplate(request.line, match) : request.line;
  if (!replacement.endsWith('\n')) replacement += '\n';

  // A CRLF line equal to the line is rewritten with LF, as Ansible does.
  if (lines[index] === replacement) {
    const where = `line ${index + 1}`;
    const reason =
      request.find.kind === 'line'
        ? `the line is already present at ${where}`
        : `${describeFinder(request.find)} finds ${where}, which already is the requested line`;
    return { changed: false, content: lines.join(''), reason };
  }
  lines[index] = replacement;
  return { changed: true, content: lines.join(''), reason: 'line replaced' };
}

function insertLine(lines: string[], insert: InsertPoint, line: string, anchor: number): LineEdit {
  let index = lines.length;
  if (insert.at === 'BOF') index = 0;
  else if (insert.at !== 'EOF' && anchor !== -1) index = anchor;

  // NOTE: Ansible 2.14 joins the new line to a last line without a newline
  // when it inserts after it. Here that last line gets its newline first.
  const last = lines.length - 1;
  if (index === lines.length && last >= 0 && !lines[last].endsWith('\n')) lines[last] += '\n';
  lines.splice(index, 0, `${line}\n`);
  return { changed: true, content: lines.join(''), reason: 'line added' };
}

function ensureLine(lines: string[], request: PresentRequest): LineEdit {
  const { found, match, anchor } = locate(lines, request);
  if (found !== -1) return replaceLine(lines, found, request, match);

  const content = lines.join('');
  const finder = describeFinder(request.find);
  if (request.backrefs) {
    return { changed: false, content, reason: `${finder} matches no line, and with backrefs the file is left as it is` };
  }
  const same = lines.findIndex((line) => isSameLine(line, request.line));
  if (same !== -1) {
    return { changed: false, content, reason: `${finder} matches no line, but the line is already present at line ${same + 1}` };
  }
  return insertLine(lines, request.insert, request.line, anchor);
}

/**
 * Applies a request to a file's content. Raises an Error when a backrefs
 * template names a group that the regexp does not have.
 */
export function editLines(content: string, request: LineRequest): LineEdit {
  const lines = splitLines(content);
  return request.state === 'absent' ? removeLines(lines, request) : ensureLine(lines, request);
}
