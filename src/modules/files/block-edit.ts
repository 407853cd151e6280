/**
 * The edit that Ansible's blockinfile makes to a file's text: find the
 * block between its marker lines and replace or remove it, or insert it
 * where insertafter or insertbefore point. Pure, so that tests can hold it
 * to the outcomes of ansible-core's module.
 */

export type BlockInsertPoint =
  | { at: 'EOF' }
  | { at: 'BOF' }
  /** After (or before) the last line the pattern matches, or the first match in the text for a multiline pattern. */
  | { at: 'after' | 'before'; pattern: RegExp };

export interface BlockRequest {
  /** False for state absent. */
  present: boolean;
  /** The lines between the markers; an empty block removes the block, as state absent does. */
  block: string;
  /** The marker lines, without their newline. */
  beginMarker: string;
  endMarker: string;
  insert: BlockInsertPoint;
  /** Adds a blank line before an inserted block unless one is there. */
  prependNewline?: boolean;
  /** Adds a blank line after an inserted block unless one is there. */
  appendNewline?: boolean;
}

export interface BlockEdit {
  content: string;
  changed: boolean;
  /** Ansible's message: `Block inserted`, `Block removed`, `File created`, or empty. */
  msg: string;
}

/** Splits text into lines that keep their endings, as Python's bytes.splitlines(True) does. */
export function splitLinesKeepingEnds(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/**
 * Whether a line is the marker. NOTE: Ansible compares with the marker and
 * a newline, so it misses a marker on a last line without one and inserts
 * the block again on every run; here that marker is found.
 */
function isMarker(line: string, marker: string): boolean {
  return line === `${marker}\n` || line === marker;
}

function blockLines(request: BlockRequest): string[] {
  if (!request.present || request.block === '') return [];
  const block = request.block.endsWith('\n') ? request.block : `${request.block}\n`;
  return [`${request.beginMarker}\n`, ...splitLinesKeepingEnds(block), `${request.endMarker}\n`];
}

function countNewlines(text: string, end: number): number {
  return text.slice(0, end).split('\n').length - 1;
}

/** The index where a new block goes when the file has no complete block. */
function insertIndex(lines: string[], original: string, insert: BlockInsertPoint): number {
  if (insert.at === 'BOF') return 0;
  if (insert.at === 'EOF') return lines.length;

  let index: number | undefined;
  if (insert.pattern.multiline) {
    // A multiline pattern is searched in the whole text, as Ansible does with (?m).
    const match = new RegExp(insert.pattern.source, insert.pattern.flags.replace('g', '')).exec(original);
    if (match) index = countNewlines(original, insert.at === 'after' ? match.index + match[0].length : match.index);
  } else {
    // Python's `$` also matches before a final newline, which JavaScript's does only without it.
    lines.forEach((line, i) => {
      if (insert.pattern.test(line.endsWith('\n') ? line.slice(0, -1) : line)) index = i;
    });
  }
  if (index === undefined) return lines.length;
  return insert.at === 'after' ? index + 1 : index;
}

/** Finds the old block and removes it, returning where the new one goes. */
function removeOldBlock(lines: string[], original: string, request: BlockRequest): number {
  let begin: number | undefined;
  let end: number | undefined;
  lines.forEach((line, i) => {
    if (isMarker(line, request.beginMarker)) begin = i;
    if (isMarker(line, request.endMarker)) end = i;
  });

  if (begin === undefined || end === undefined) return insertIndex(lines, original, request.insert);
  const [first, last] = begin < end ? [begin, end] : [end, begin];
  lines.splice(first, last - first + 1);
  return first;
}

/** Computes the new content. `original` is undefined for a file that does not exist yet. */
export function editBlock(original: string | undefined, request: BlockRequest): BlockEdit {
  const text = original ?? '';
  const lines = splitLinesKeepingEnds(text);
  const inserted = blockLines(request);
  let index = removeOldBlock(lines, text, request);

  if (index > 0 && !lines[index - 1].endsWith('\n')) lines[index - 1] += '\n';
  if (request.prependNewline && request.present && index !== 0 && lines[index - 1] !== '\n') {
    lines.splice(index, 0, '\n');
    index += 1;
  }
  lines.splice(index, 0, ...inserted);
  const after = index + inserted.length;
  if (request.appendNewline && request.present && after < lines.length && lines[after] !== '\n') {
    lines.splice(after, 0, '\n');
  }

  const content = lines.join('');
  if (original === content) return { content, changed: false, msg: '' };
  if (original === undefined) return { content, changed: true, msg: 'File created' };
  return { content, changed: true, msg: inserted.length === 0 ? 'Block removed' : 'Block inserted' };
}
