/**
 * Finds the column of a character of a YAML scalar's value in its source
 * line, so that a message can point at a misspelt filter rather than at the
 * start of the scalar. Only one-line plain, single-quoted and double-quoted
 * scalars are mapped. Block scalars and scalars that span lines are not,
 * because folding changes what each source character becomes.
 */

// prettier-ignore
const DOUBLE_QUOTED_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r',
  e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028',
  P: '\u2029',
};

const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A decoded scalar: its value, and the source index at which each value index starts. */
interface DecodedScalar {
  value: string;
  sourceIndex: number[];
  /** The scalar may end before `value` does: a plain scalar is decoded to the end of the line. */
  isOpenEnded?: boolean;
}

/**
 * Returns the 1-based column at which `value[offset]` is written, given the
 * source line and the 1-based column where the scalar starts. Returns
 * undefined when the scalar is not a one-line scalar whose text decodes to
 * `value`.
 */
export function columnInScalar(
  line: string,
  column: number,
  value: string,
  offset: number,
): number | undefined {
  const start = column - 1;
  const decoded = decodeScalar(line, start);
  if (!decoded) return undefined;
  const matches = decoded.isOpenEnded ? decoded.value.startsWith(value) : decoded.value === value;
  if (!matches) return undefined;
  const index = offset < value.length ? decoded.sourceIndex[offset] : decoded.sourceIndex[value.length];
  return index === undefined ? undefined : index + 1;
}

function decodeScalar(line: string, start: number): DecodedScalar | undefined {
  const quote = line[start];
  if (quote === '"') return decodeDoubleQuoted(line, start);
  if (quote === "'") return decodeSingleQuoted(line, start);
  if (quote === '|' || quote === '>') return undefined;
  return decodePlain(line, start);
}

/**
 * Decodes a plain scalar, which is its source text. The whole rest of the
 * line is taken, because the scalar may end before it (a comment, or `,`
 * after a flow item), and the caller checks that the value starts it.
 */
function decodePlain(line: string, start: number): DecodedScalar {
  const value = line.slice(start);
  const sourceIndex = Array.from({ length: value.length + 1 }, (_, i) => start + i);
  return { value, sourceIndex, isOpenEnded: true };
}

function decodeSingleQuoted(line: string, start: number): DecodedScalar | undefined {
  let value = '';
  const sourceIndex: number[] = [];
  for (let i = start + 1; i < line.length; i++) {
    if (line[i] !== "'") {
      sourceIndex.push(i);
      value += line[i];
      continue;
    }
    if (line[i + 1] !== "'") return { value, sourceIndex: [...sourceIndex, i] };
    sourceIndex.push(i);
    value += "'";
    i++;
  }
  return undefined;
}

function decodeDoubleQuoted(line: string, start: number): DecodedScalar | undefined {
  let value = '';
  const sourceIndex: number[] = [];
  for (let i = start + 1; i < line.length; i++) {
    const char = line[i];
    if (char === '"') return { value, sourceIndex: [...sourceIndex, i] };
    if (char !== '\\') {
      sourceIndex.push(i);
      value += char;
      continue;
    }

    const escape = readEscape(line, i + 1);
    if (!escape) return undefined;
    for (let unit = 0; unit < escape.text.length; unit++) sourceIndex.push(i);
    value += escape.text;
    i += escape.length;
  }
  return undefined;
}

/** Reads the escape after a backslash; `length` counts the characters after the backslash. */
function readEscape(line: string, at: number): { text: string; length: number } | undefined {
  const char = line[at];
  if (char === undefined) return undefined;
  if (Object.hasOwn(DOUBLE_QUOTED_ESCAPES, char)) return { text: DOUBLE_QUOTED_ESCAPES[char], length: 1 };

  const digits = HEX_ESCAPE_LENGTH[char];
  if (!digits) return undefined;
  const hex = line.slice(at + 1, at + 1 + digits);
  if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  return { text: String.fromCodePoint(parseInt(hex, 16)), length: 1 + digits };
}
