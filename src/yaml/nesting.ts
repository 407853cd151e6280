/**
 * A depth check on the parser's syntax tree, made before the document is
 * composed. The `yaml` composer, the builder and the walks over the loaded
 * value all recurse once per level, so a file nested a few thousand levels
 * deep would overflow the call stack in one of them.
 */
import { LineCounter, Parser, type CST } from 'yaml';
import { InputError } from '../errors.js';

/**
 * Maximum nesting of lists and mappings in one file.
 * NOTE: chosen well below the depth where the `yaml` 2.x composer overflows
 * Node 20's default stack (about 790 levels of `[`), not measured for every
 * later walk.
 */
export const MAX_NESTING_DEPTH = 200;

interface Pending {
  token: CST.Token | undefined;
  depth: number;
}

/**
 * Returns the offset of the first list or mapping nested deeper than
 * MAX_NESTING_DEPTH, or undefined when the text stays within it. The walk
 * keeps its own stack, so it cannot overflow itself.
 */
export function tooDeepOffset(text: string): number | undefined {
  const pending: Pending[] = [...new Parser().parse(text)].map((token) => ({ token, depth: 0 }));
  while (pending.length > 0) {
    const { token, depth } = pending.pop() as Pending;
    if (!token) continue;
    if (token.type === 'document') {
      pending.push({ token: token.value, depth });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > MAX_NESTING_DEPTH) return token.offset;
      for (const item of token.items) pending.push(...children(item, depth + 1));
    }
  }
  return undefined;
}

function children(item: CST.CollectionItem, depth: number): Pending[] {
  return [
    { token: item.key ?? undefined, depth },
    { token: item.value, depth },
  ];
}

/** Raises an InputError at the first list or mapping nested deeper than MAX_NESTING_DEPTH. */
export function rejectDeepNesting(text: string, file: string): void {
  const offset = tooDeepOffset(text);
  if (offset === undefined) return;

  const lines = new LineCounter();
  lines.addNewLine(0);
  for (const match of text.matchAll(/\n/g)) lines.addNewLine((match.index ?? 0) + 1);
  const { line, col } = lines.linePos(offset);
  throw new InputError(
    `lists and mappings are nested deeper than ${MAX_NESTING_DEPTH} levels, the most skprun reads; flatten the data`,
    { file, line, column: col },
  );
}
